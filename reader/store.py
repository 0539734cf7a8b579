"""The one API over the SQLite database: every read and write of articles, claims, progress and events goes here."""

from __future__ import annotations

import fcntl
import hashlib
import os
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import cached_property
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import quote

import orjson
from reader.errors import InputError, StoreError
from reader.identity import GOLD
from reader.lazy import lazy_module

models = lazy_module("reader.models")
"""The core's pydantic models, loaded on first use so that opening the library needs none of them."""
from reader.segment import pack_spans, sentence_spans, unpack_spans

if TYPE_CHECKING:
    from reader.export.filters import SpanFilter
    from reader.schema import Schema

if TYPE_CHECKING:
    from sqlite_utils import Database

T = TypeVar("T")
SQLITE_MAGIC = b"SQLite format 3\x00"
SCHEMA_VERSION = 6
"""How many migrations reader/migrations.py defines; kept in PRAGMA user_version so opening needs no migration code."""
BUSY_TIMEOUT_MS = 10_000
IMPORT_BATCH = 500
WRITE_RETRY_SECONDS = 60.0
CHECKPOINT_EVERY = 100
"""Commits of one connection between two WAL checkpoints, made outside the writers' turn."""
WAL_SAFETY_PAGES = 10_000
"""SQLite's automatic checkpoint (default 1,000 pages), kept only as a bound on the WAL for connections that write rarely."""
UNDOABLE = ("create", "update", "delete", "done", "undone", "link", "unlink", "reject", "review")
SEP = "\x1f"
CLAIM_COLUMNS = (
    "id", "article_id", "annotator", "start", "end", "label", "confidence", "note", "speaker",
    "checkworthy", "hedged", "origin", "adjudicated_by", "created_at", "updated_at",
)


def _dumps(value: Any) -> str:
    """Serialize JSON columns compactly and deterministically."""
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS).decode()


def _claim_row(claim: models.Claim) -> dict[str, Any]:
    """Turn a Claim into its table row."""
    row = claim.model_dump()
    row["checkworthy"] = int(claim.checkworthy)
    row["hedged"] = int(claim.hedged)
    return row


def _claim_from_row(row: sqlite3.Row | tuple[Any, ...]) -> models.Claim:
    """Turn a claims row (in CLAIM_COLUMNS order) back into a Claim, trusting what the store wrote."""
    data = dict(zip(CLAIM_COLUMNS, row, strict=True))
    data["checkworthy"] = bool(data["checkworthy"])
    data["hedged"] = bool(data["hedged"])
    return models.Claim.model_construct(**data)


def _check_file(path: Path) -> None:
    """Refuse a file that exists but is not an SQLite database, before SQLite touches it."""
    if path.is_dir():
        raise StoreError(f"{path}: is a directory, not a database file")
    if path.exists() and path.stat().st_size > 0:
        with path.open("rb") as handle:
            if handle.read(16) != SQLITE_MAGIC:
                raise StoreError(f"{path}: not an SQLite database")


def _writable(path: Path) -> bool:
    """Tell whether SQLite could write the database and its WAL files next to it."""
    folder = path.parent if str(path.parent) else Path(".")
    if path.exists():
        return os.access(path, os.W_OK) and os.access(folder, os.W_OK)
    return os.access(folder, os.W_OK)


class Store:
    """A claim-reader database: open it, then call its methods; each user action is one committed transaction."""

    def __init__(self, path: str | Path, *, schema: Schema | None = None, readonly: bool | None = None) -> None:
        self.path = Path(path)
        _check_file(self.path)
        self.readonly = not _writable(self.path) if readonly is None else readonly
        if self.readonly and not self.path.exists():
            raise StoreError(f"{self.path}: database does not exist and cannot be created here (read-only)")
        self.created = not self.path.exists() or self.path.stat().st_size == 0
        self.conn = self._connect()
        self._queue_fd = None if self.readonly else _open_queue(self.path)
        self._commits = 0
        self._lengths: dict[str, int] = {}
        try:
            self._migrate()
            self._schema = self._load_schema(schema) if schema is not None or self.created else None
        except sqlite3.DatabaseError as exc:
            self.conn.close()
            raise StoreError(f"{self.path}: {exc}") from None

    def _connect(self) -> sqlite3.Connection:
        """Open the connection in autocommit mode (transactions are explicit) with WAL and a busy timeout."""
        if self.readonly:
            conn = _open_readonly(self.path)
        else:
            conn = sqlite3.connect(self.path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000,
                                   check_same_thread=False)
        try:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA cache_size = -65536")
            if not self.readonly:
                conn.execute("PRAGMA journal_mode = WAL")
                conn.execute("PRAGMA synchronous = NORMAL")
                conn.execute(f"PRAGMA wal_autocheckpoint = {WAL_SAFETY_PAGES}")
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise StoreError(f"{self.path}: {exc}") from None
        return conn

    @cached_property
    def db(self) -> Database:
        """A sqlite-utils view of the same connection, for migrations; imported lazily to keep start-up fast."""
        from sqlite_utils import Database

        return Database(self.conn)

    def _migrate(self) -> None:
        """Apply pending migrations; refuse a database written by a newer version."""
        version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        if version == SCHEMA_VERSION:
            return
        if version > SCHEMA_VERSION:
            raise StoreError(f"{self.path}: written by a newer claim-reader (schema {version}); upgrade claim-reader")
        from reader.migrations import migrations

        if self.readonly:
            if migrations.pending(self.db):
                raise StoreError(f"{self.path}: needs an upgrade but is read-only")
            return

        with self.write():
            migrations.apply(self.db)
            self.conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    @property
    def schema(self) -> Schema:
        """The label schema in force; an existing database's stored schema is read on first use, off the start-up path."""
        if self._schema is None:
            self._schema = self._load_schema(None)
        return self._schema

    def _load_schema(self, override: Schema | None) -> Schema:
        """Return the schema in force, storing the override (or the default) when it is first used."""
        from reader.schema import DEFAULT_SCHEMA, Schema, orphaned_by

        stored_json = self.setting("schema")
        stored = Schema.model_validate_json(stored_json) if stored_json else None
        wanted = override or stored or DEFAULT_SCHEMA
        if stored == wanted:
            return wanted
        if override is not None and stored is not None:
            labels = {r[0] for r in self.conn.execute("SELECT DISTINCT label FROM claims")}
            levels = {r[0] for r in self.conn.execute("SELECT DISTINCT confidence FROM claims")}
            problems = orphaned_by(override, labels, levels)
            if problems:
                raise StoreError(
                    f"{self.path}: the new schema would orphan existing claims ({', '.join(problems)}); "
                    "keep those labels or levels in the schema file"
                )
        if not self.readonly:
            with self.write():
                self._put_setting("schema", wanted.model_dump_json())
        return wanted

    # -- transactions -------------------------------------------------------------------------

    def _retry(self, action: Callable[[], Any]) -> Any:
        """Run a write, retrying while another process holds the lock, so "database is locked" never reaches a user."""
        deadline = time.monotonic() + WRITE_RETRY_SECONDS
        while True:
            try:
                return action()
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) and "busy" not in str(exc):
                    raise StoreError(f"{self.path}: {exc}") from None
                if time.monotonic() > deadline:
                    raise StoreError(f"{self.path}: still locked by another process after {WRITE_RETRY_SECONDS:.0f} s") from None
                time.sleep(0.01)

    @contextmanager
    def write(self) -> Iterator[None]:
        """Wrap writes in one IMMEDIATE transaction: all of it is committed, or none of it."""
        if self.readonly:
            raise StoreError(f"{self.path}: database is read-only")
        with self._writers_queue():
            self._retry(lambda: self.conn.execute("BEGIN IMMEDIATE"))
            try:
                yield
                self.conn.execute("COMMIT")
            except sqlite3.DatabaseError as exc:
                self._rollback()
                raise StoreError(f"{self.path}: write failed, nothing was saved: {exc}") from None
            except BaseException:
                self._rollback()
                raise
        self._commits += 1
        if self._commits % CHECKPOINT_EVERY == 0:
            self._checkpoint()

    def _checkpoint(self) -> None:
        """Copy the WAL into the database outside the writers' turn (SQLite's automatic one would hold it up to fsync); one that cannot run now waits for the next."""
        try:
            self.conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
        except sqlite3.OperationalError:
            pass

    @contextmanager
    def _writers_queue(self) -> Iterator[None]:
        """Wait for our turn on a lock file the kernel hands over at once: SQLite's busy handler sleeps up to 100 ms per try."""
        if self._queue_fd is None:
            yield
            return
        fcntl.flock(self._queue_fd, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(self._queue_fd, fcntl.LOCK_UN)

    def _rollback(self) -> None:
        """Roll back the open transaction, if SQLite has not already done so after an error such as a full disk."""
        if self.conn.in_transaction:
            try:
                self.conn.execute("ROLLBACK")
            except sqlite3.DatabaseError:
                pass

    def close(self) -> None:
        """Close the connection (and the writers' lock file)."""
        self.conn.close()
        if self._queue_fd is not None:
            os.close(self._queue_fd)
            self._queue_fd = None

    # -- settings -----------------------------------------------------------------------------

    def setting(self, key: str) -> str | None:
        """Read one value of the settings table."""
        row = self.conn.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
        return row[0] if row else None

    def _put_setting(self, key: str, value: str) -> None:
        """Write one value of the settings table (inside a write transaction)."""
        self.conn.execute("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", [key, value])

    def data_version(self) -> int:
        """Return a number that changes when another connection commits, for cheap polling."""
        return self.conn.execute("PRAGMA data_version").fetchone()[0]

    # -- articles -----------------------------------------------------------------------------

    def count_articles(self) -> int:
        """How many articles the corpus holds."""
        return self.conn.execute("SELECT count(*) FROM articles").fetchone()[0]

    def import_records(self, records: Iterable[models.ImportRecord], via: str = "import",
                       on_record: Callable[[models.ImportRecord], None] | None = None) -> models.ImportSummary:
        """Write records in one transaction, in batches: articles by content hash, claims by id, done marks."""
        summary = models.ImportSummary()
        with self.write():
            for batch in batched(records, IMPORT_BATCH):
                self._import_batch(batch, via, summary)
                if on_record:
                    for record in batch:
                        on_record(record)
        return summary

    def _import_batch(self, batch: tuple[models.ImportRecord, ...], via: str, summary: models.ImportSummary) -> None:
        """Insert a batch of records' articles, claims, events and progress rows with executemany."""
        stamp = models.now()
        last = self.conn.execute("SELECT coalesce(max(rowid), 0) FROM articles").fetchone()[0]
        self.conn.executemany(
            "INSERT OR IGNORE INTO articles (id, title, text, meta, source, published, source_file, source_line,"
            " words, imported_at, sentences) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(a.id, a.title, a.text, _dumps(a.meta), a.meta.get("source"), a.meta.get("published"), a.source_file,
              a.source_line, a.words, stamp, pack_spans(sentence_spans(a.text)))
             for a in (record.article for record in batch)],
        )
        added = self.conn.execute("SELECT count(*) FROM articles WHERE rowid > ?", [last]).fetchone()[0]
        summary.records += len(batch)
        summary.added += added
        summary.duplicates += len(batch) - added
        summary.skipped += sum(
            any(a.get("answer") in ("reject", "ignore") for a in record.annotations.values()) for record in batch
        )
        for record in batch:
            for claim in record.claims:
                row = _claim_row(claim)
                if self._insert_claim_row(row, ignore=True):
                    summary.spans += 1
                    self._log(models.Event(ts=claim.created_at, annotator=claim.annotator, kind="create",
                                    article_id=claim.article_id, claim_id=claim.id, after=row), via)
            for link in record.links:
                row = link.model_dump()
                if self.conn.execute("SELECT 1 FROM links WHERE id = ?", [link.id]).fetchone() is None:
                    self._put_row("links", link.id, row)
                    self._log(models.Event(ts=link.created_at, annotator=link.annotator, kind="link",
                                    article_id=record.article.id, after=row), via)
            for annotator in sorted(set(record.done_by) | set(record.annotations)):
                self._upsert_progress(record.article.id, annotator, done=annotator in record.done_by,
                                      meta=record.annotations.get(annotator))

    def article(self, article_id: str) -> models.Article:
        """Return one article; raise InputError if there is none with that id."""
        row = self.conn.execute(
            "SELECT id, title, text, meta, source_file, source_line, words FROM articles WHERE id = ?", [article_id]
        ).fetchone()
        if row is None:
            raise InputError(f"no article with id {article_id}")
        return models.Article.model_construct(
            id=row[0], title=row[1], text=row[2], meta=orjson.loads(row[3]), source_file=row[4],
            source_line=row[5], words=row[6],
        )

    def resolve_articles(self, refs: Sequence[str]) -> list[str]:
        """Full ids for article ids or unique prefixes of them (`6bf25d` for 6bf25d566756c469); raise InputError naming
        one that matches no article or several, so a mistyped --article is an error, not an empty export."""
        found = []
        for ref in refs:
            rows = [r[0] for r in self.conn.execute("SELECT id FROM articles WHERE id >= ? AND id < ? ORDER BY id LIMIT 3",
                                                     [ref, ref + "\uffff"])]
            if ref in rows or len(rows) == 1:
                found.append(ref if ref in rows else rows[0])
            elif rows:
                raise InputError(f"article id {ref} is ambiguous: it starts {', '.join(rows[:2])}, ...")
            else:
                raise InputError(f"no article with id {ref} (claim-reader articles lists them)")
        return found

    def sentences(self, article_id: str) -> list[tuple[int, int]]:
        """The article's sentence spans, computed once at import."""
        row = self.conn.execute("SELECT sentences FROM articles WHERE id = ?", [article_id]).fetchone()
        if row is None:
            raise InputError(f"no article with id {article_id}")
        return unpack_spans(row[0])

    def article_ids(self) -> list[str]:
        """All article ids in corpus order (import order)."""
        return [r[0] for r in self.conn.execute("SELECT id FROM articles ORDER BY rowid")]

    def article_rows(self, annotator: str, *, query: str | None = None) -> list[models.ArticleRow]:
        """The library's rows for one annotator, optionally only the articles matching a full-text query."""
        where, params = "", [annotator, GOLD, annotator, annotator]
        if query:
            where = "WHERE a.rowid IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)"
            params.append(_fts_query(query))
        sql = f"""
            SELECT a.id, a.title, a.source, a.published, a.words,
              (SELECT count(*) FROM claims c WHERE c.article_id = a.id AND c.annotator = ?) AS mine,
              (SELECT count(*) FROM claims c WHERE c.article_id = a.id AND c.annotator != ?) AS total,
              (SELECT group_concat(p.annotator, char(31)) FROM progress p
                 WHERE p.article_id = a.id AND p.done = 1) AS done_by,
              (SELECT p.done FROM progress p WHERE p.article_id = a.id AND p.annotator = ?) AS done,
              (SELECT p.position FROM progress p WHERE p.article_id = a.id AND p.annotator = ?) AS position
            FROM articles a {where} ORDER BY a.rowid"""
        try:
            rows = self.conn.execute(sql, params).fetchall()
        except sqlite3.OperationalError as exc:
            raise InputError(f"search: {exc}") from None
        return [
            models.ArticleRow(
                id=r[0], title=r[1], source=r[2], published=r[3], words=r[4], mine=r[5], claims=r[6],
                done_by=sorted(r[7].split(SEP)) if r[7] else [], done=bool(r[8]), position=r[9] or 0,
            )
            for r in rows
        ]

    def search(self, query: str) -> list[str]:
        """Article ids matching a full-text query over title and text, best match first."""
        try:
            rows = self.conn.execute(
                "SELECT a.id FROM articles_fts f JOIN articles a ON a.rowid = f.rowid"
                " WHERE articles_fts MATCH ? ORDER BY rank",
                [_fts_query(query)],
            ).fetchall()
        except sqlite3.OperationalError as exc:
            raise InputError(f"search: {exc}") from None
        return [r[0] for r in rows]

    # -- claims -------------------------------------------------------------------------------

    def claims(self, article_id: str, annotators: Iterable[str] | None = None) -> list[models.Claim]:
        """Claims of one article in text order, optionally only those of some annotators."""
        sql = f"SELECT {', '.join(CLAIM_COLUMNS)} FROM claims WHERE article_id = ?"
        params: list[Any] = [article_id]
        if annotators is not None:
            names = list(annotators)
            sql += f" AND annotator IN ({', '.join('?' * len(names))})"
            params += names
        sql += ' ORDER BY start, "end", id'
        return [_claim_from_row(r) for r in self.conn.execute(sql, params)]

    def claim(self, claim_id: str) -> models.Claim:
        """Return one claim; raise InputError if there is none with that id."""
        row = self.conn.execute(f"SELECT {', '.join(CLAIM_COLUMNS)} FROM claims WHERE id = ?", [claim_id]).fetchone()
        if row is None:
            raise InputError(f"no claim with id {claim_id}")
        return _claim_from_row(row)

    def validate_claim(self, claim: models.Claim) -> None:
        """Check a claim against its article's length and the schema; raise InputError saying what is wrong."""
        length = self._text_length(claim.article_id)
        if claim.end > length:
            raise InputError(f"span {claim.start}-{claim.end} is outside the text (length {length})")
        if claim.label not in self.schema.label_names:
            raise InputError(f"unknown label {claim.label!r} (schema has {', '.join(self.schema.label_names)})")
        if claim.confidence not in self.schema.confidence_values:
            raise InputError(f"confidence {claim.confidence} is not on the scale {self.schema.confidence_values}")

    def _text_length(self, article_id: str) -> int:
        """An article's length in code points, remembered: the id is a hash of the text, so it never changes, and
        counting a 50,000-word text on every write costs a third of a tag."""
        length = self._lengths.get(article_id)
        if length is None:
            row = self.conn.execute("SELECT length(text) FROM articles WHERE id = ?", [article_id]).fetchone()
            if row is None:
                raise InputError(f"no article with id {article_id}")
            length = self._lengths[article_id] = row[0]
        return length

    def create_claim(self, article_id: str, annotator: str, start: int, end: int, fields: models.ClaimFields,
                     *, origin: str = "manual", adjudicated_by: str | None = None) -> models.Claim:
        """Create a claim and log it, in one transaction."""
        claim = models.Claim(article_id=article_id, annotator=annotator, start=start, end=end, origin=origin,
                      adjudicated_by=adjudicated_by, **fields.model_dump())
        self.validate_claim(claim)
        with self.write():
            self._add_claim(claim, annotator)
        return claim

    def _add_claim(self, claim: models.Claim, actor: str, action: str | None = None) -> None:
        """Insert a validated claim and log its creation by `actor` (inside the caller's transaction); `action` groups
        it with the other events of one undo step."""
        row = _claim_row(claim)
        self._insert_claim_row(row)
        self._log(models.Event(annotator=actor, kind="create", article_id=claim.article_id, claim_id=claim.id, after=row,
                               target=action), "reader")

    def update_claim(self, claim_id: str, annotator: str, **changes: Any) -> models.Claim:
        """Change a claim's fields or bounds (only its owner may) and log before and after."""
        return self._rewrite_claim(self._own_claim(claim_id, annotator), annotator, changes)

    def _rewrite_claim(self, old: models.Claim, actor: str, changes: dict[str, Any]) -> models.Claim:
        """Apply `changes` to a claim and log the update under `actor`, in one transaction."""
        new = models.Claim.model_validate({**old.model_dump(), **changes, "updated_at": models.now()})
        self.validate_claim(new)
        before, after = _claim_row(old), _claim_row(new)
        with self.write():
            self.conn.execute("DELETE FROM claims WHERE id = ?", [old.id])
            self._insert_claim_row(after)
            self._log(models.Event(annotator=actor, kind="update", article_id=old.article_id, claim_id=old.id,
                            before=before, after=after), "reader")
        return new

    def delete_claim(self, claim_id: str, annotator: str) -> models.Claim:
        """Delete a claim (only its owner may) and log what it was."""
        old = self._own_claim(claim_id, annotator)
        with self.write():
            self.conn.execute("DELETE FROM claims WHERE id = ?", [claim_id])
            self._log(models.Event(annotator=annotator, kind="delete", article_id=old.article_id, claim_id=claim_id,
                            before=_claim_row(old)), "reader")
        return old

    def _own_claim(self, claim_id: str, annotator: str) -> models.Claim:
        """Fetch a claim and make sure `annotator` owns it: nobody edits another annotator's work."""
        claim = self.claim(claim_id)
        if claim.annotator != annotator:
            raise InputError(f"claim {claim_id} belongs to {claim.annotator}, not {annotator}")
        return claim

    # -- progress -----------------------------------------------------------------------------

    def progress(self, article_id: str, annotator: str) -> models.Progress:
        """Done flag and reading position of one annotator on one article."""
        row = self.conn.execute(
            "SELECT done, position, updated_at FROM progress WHERE article_id = ? AND annotator = ?",
            [article_id, annotator],
        ).fetchone()
        if row is None:
            return models.Progress(article_id=article_id, annotator=annotator)
        return models.Progress(article_id=article_id, annotator=annotator, done=bool(row[0]), position=row[1] or 0,
                        updated_at=row[2])

    def done_by(self, article_id: str) -> list[str]:
        """Annotators who marked an article done, sorted."""
        rows = self.conn.execute(
            "SELECT annotator FROM progress WHERE article_id = ? AND done = 1 ORDER BY annotator", [article_id]
        )
        return [r[0] for r in rows]

    def set_done(self, article_id: str, annotator: str, done: bool) -> models.Progress:
        """Mark an article done (or not) for an annotator and log it."""
        self.article(article_id)
        before = self.progress(article_id, annotator)
        with self.write():
            self._upsert_progress(article_id, annotator, done=done)
            self._log(models.Event(annotator=annotator, kind="done" if done else "undone", article_id=article_id,
                            before={"done": before.done}, after={"done": done}), "reader")
        return self.progress(article_id, annotator)

    def set_position(self, article_id: str, annotator: str, position: int) -> None:
        """Remember where an annotator is reading (not an undoable change, so not logged)."""
        if self.readonly:
            return
        with self.write():
            self._upsert_progress(article_id, annotator, position=position)

    def _upsert_progress(self, article_id: str, annotator: str, *, done: bool | None = None,
                         position: int | None = None, meta: dict[str, Any] | None = None) -> None:
        """Insert or update one progress row, touching only the fields given."""
        self.conn.execute(
            "INSERT INTO progress (article_id, annotator, done, position, meta, updated_at)"
            " VALUES (?, ?, coalesce(?, 0), coalesce(?, 0), ?, ?)"
            " ON CONFLICT (article_id, annotator) DO UPDATE SET"
            " done = coalesce(?, done), position = coalesce(?, position), meta = coalesce(?, meta),"
            " updated_at = excluded.updated_at",
            [article_id, annotator, _int(done), position, _dumps(meta) if meta else None, models.now(),
             _int(done), position, _dumps(meta) if meta else None],
        )

    # -- events, undo and redo ----------------------------------------------------------------

    def _log(self, event: models.Event, via: str) -> None:
        """Append one event to the log (inside the caller's transaction)."""
        self.conn.execute(
            "INSERT INTO events (id, ts, annotator, kind, via, article_id, claim_id, target, before, after)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [event.id, event.ts, event.annotator, event.kind, via, event.article_id, event.claim_id, event.target,
             _dumps(event.before) if event.before is not None else None,
             _dumps(event.after) if event.after is not None else None],
        )

    def events(self, *, article_id: str | None = None, annotator: str | None = None,
               via: str | None = None) -> list[models.Event]:
        """The event log in commit order, optionally for one article, annotator and/or origin."""
        sql = "SELECT id, ts, annotator, kind, article_id, claim_id, target, before, after FROM events WHERE 1"
        params: list[Any] = []
        for column, value in (("article_id", article_id), ("annotator", annotator), ("via", via)):
            if value is not None:
                sql += f" AND {column} = ?"
                params.append(value)
        return [
            models.Event(id=r[0], ts=r[1], annotator=r[2], kind=r[3], article_id=r[4], claim_id=r[5], target=r[6],
                  before=orjson.loads(r[7]) if r[7] else None, after=orjson.loads(r[8]) if r[8] else None)
            for r in self.conn.execute(sql + " ORDER BY seq", params)
        ]

    def _stacks(self, annotator: str, article_id: str) -> tuple[list[tuple[str, str | None]], list[tuple[str, str | None]]]:
        """Rebuild the undo and redo stacks (event id, action id) of one annotator on one article from the log.

        Only changes made in the reader are undoable; imports and merges are not. Only ids are read here, so a
        long history costs little; the events themselves are loaded when they are applied.
        """
        undo: list[tuple[str, str | None]] = []
        redo: list[tuple[str, str | None]] = []
        rows = self.conn.execute(
            "SELECT id, kind, target FROM events WHERE article_id = ? AND annotator = ? AND via = 'reader' ORDER BY seq",
            [article_id, annotator],
        )
        for event_id, kind, target in rows:
            if kind in UNDOABLE:
                undo.append((event_id, target))
                redo.clear()
            elif kind == "undo" and undo and undo[-1][0] == target:
                redo.append(undo.pop())
            elif kind == "redo" and redo and redo[-1][0] == target:
                undo.append(redo.pop())
        return undo, redo

    def _event(self, event_id: str) -> models.Event:
        """Load one event of the log in full."""
        r = self.conn.execute(
            "SELECT id, ts, annotator, kind, article_id, claim_id, target, before, after FROM events WHERE id = ?",
            [event_id],
        ).fetchone()
        return models.Event(id=r[0], ts=r[1], annotator=r[2], kind=r[3], article_id=r[4], claim_id=r[5], target=r[6],
                     before=orjson.loads(r[7]) if r[7] else None, after=orjson.loads(r[8]) if r[8] else None)

    def can_undo(self, annotator: str, article_id: str) -> bool:
        """Whether undo has anything to take back."""
        return bool(self._stacks(annotator, article_id)[0])

    def undo(self, annotator: str, article_id: str) -> list[models.Event]:
        """Take back the annotator's latest action on this article whole (a change, an accept-all, a link with the claim
        made for it); return its events, latest first, or none when there is nothing to undo."""
        return self._step(annotator, article_id, undo=True)

    def redo(self, annotator: str, article_id: str) -> list[models.Event]:
        """Re-apply the action most recently undone on this article, whole; return its events in the order re-applied."""
        return self._step(annotator, article_id, undo=False)

    def _step(self, annotator: str, article_id: str, *, undo: bool) -> list[models.Event]:
        """Undo or redo the top of this article's stack with the events of the same action (`target`) on top of the
        stacks of this and other articles; each undo or redo is logged on its event's own article."""
        side = 0 if undo else 1
        stack = self._stacks(annotator, article_id)[side]
        if not stack:
            return []
        action = stack[-1][1]
        ids = [stack.pop()[0]]
        while action is not None and stack and stack[-1][1] == action:
            ids.append(stack.pop()[0])
        if action is not None:
            for other in self._action_articles(annotator, action, exclude=article_id):
                other_stack = self._stacks(annotator, other)[side]
                while other_stack and other_stack[-1][1] == action:
                    ids.append(other_stack.pop()[0])
        order = "DESC" if undo else "ASC"
        marks = ", ".join("?" * len(ids))
        taken = [self._event(row[0]) for row in
                 self.conn.execute(f"SELECT id FROM events WHERE id IN ({marks}) ORDER BY seq {order}", ids)]
        with self.write():
            for target in taken:
                self._apply(target, reverse=undo)
                self._log(models.Event(annotator=annotator, kind="undo" if undo else "redo", article_id=target.article_id,
                                       claim_id=target.claim_id, target=target.id,
                                       before=target.after if undo else target.before,
                                       after=target.before if undo else target.after), "reader")
        return taken

    def _action_articles(self, annotator: str, action: str, *, exclude: str) -> list[str]:
        """The other articles where the annotator's action `action` logged events."""
        rows = self.conn.execute("SELECT DISTINCT article_id FROM events WHERE target = ? AND annotator = ?"
                                 " AND via = 'reader' AND article_id != ?", [action, annotator, exclude])
        return [row[0] for row in rows]

    def _apply(self, event: models.Event, *, reverse: bool) -> None:
        """Bring the claim or progress row an event touched to its before (reverse) or after state."""
        state = event.before if reverse else event.after
        if event.kind in ("done", "undone"):
            self._upsert_progress(event.article_id, event.annotator, done=bool(state and state["done"]))
            return
        if event.kind in REPLAYED_KINDS:
            self._restore_row(event, state)
            return
        self.conn.execute("DELETE FROM claims WHERE id = ?", [event.claim_id])
        if state is not None:
            self._insert_claim_row(state)

    def _insert_claim_row(self, row: dict[str, Any], *, ignore: bool = False) -> bool:
        """Insert one claims row (inside the caller's transaction); return whether a row was added."""
        cursor = self.conn.execute(
            f"INSERT {'OR IGNORE ' if ignore else ''}INTO claims ({', '.join(CLAIM_COLUMNS)})"
            f" VALUES ({', '.join('?' * len(CLAIM_COLUMNS))})",
            [row[c] for c in CLAIM_COLUMNS],
        )
        return cursor.rowcount > 0

    def annotators(self) -> list[str]:
        """Everyone who has claims or progress in this database, sorted."""
        rows = self.conn.execute(
            "SELECT annotator FROM claims UNION SELECT annotator FROM progress ORDER BY annotator"
        )
        return [r[0] for r in rows]

    # -- reader queries -----------------------------------------------------------------------

    def library_rows(self, annotator: str, *, query: str | None = None, limit: int | None = None) -> list[tuple[Any, ...]]:
        """The library's rows as plain tuples, fast enough for 10,000 articles: `limit` gives the first page at once.

        Columns: id, title, source, published, words, my claims, all claims (gold excluded), how many annotators
        marked it done, whether `annotator` did, and `annotator`'s reading position; corpus order. A page uses
        per-row index look-ups; the whole list aggregates claims and progress once instead.
        """
        params: list[Any] = [annotator, GOLD, annotator, annotator]
        where = ""
        if query:
            where = "WHERE a.rowid IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)"
            params.append(_fts_query(query))
        if limit is not None:
            sql = f"""
                SELECT a.id, a.title, a.source, a.published, a.words,
                  (SELECT count(*) FROM claims c WHERE c.article_id = a.id AND c.annotator = ?),
                  (SELECT count(*) FROM claims c WHERE c.article_id = a.id AND c.annotator != ?),
                  (SELECT count(*) FROM progress p WHERE p.article_id = a.id AND p.done = 1),
                  coalesce((SELECT p.done FROM progress p WHERE p.article_id = a.id AND p.annotator = ?), 0),
                  coalesce((SELECT p.position FROM progress p WHERE p.article_id = a.id AND p.annotator = ?), 0)
                FROM articles a {where} ORDER BY a.rowid LIMIT ?"""
            params.append(limit)
        else:
            sql = f"""
                WITH c AS (SELECT article_id, sum(annotator = ?) AS mine, sum(annotator != ?) AS total
                           FROM claims GROUP BY article_id),
                     p AS (SELECT article_id, sum(done = 1) AS done_count,
                                  max(CASE WHEN annotator = ? THEN done END) AS done,
                                  max(CASE WHEN annotator = ? THEN position END) AS position
                           FROM progress GROUP BY article_id)
                SELECT a.id, a.title, a.source, a.published, a.words, coalesce(c.mine, 0), coalesce(c.total, 0),
                       coalesce(p.done_count, 0), coalesce(p.done, 0), coalesce(p.position, 0)
                FROM articles a LEFT JOIN c ON c.article_id = a.id LEFT JOIN p ON p.article_id = a.id
                {where} ORDER BY a.rowid"""
        try:
            return self.conn.execute(sql, params).fetchall()
        except sqlite3.OperationalError as exc:
            raise InputError(f"search: {exc}") from None

    # -- export queries -----------------------------------------------------------------------

    @contextmanager
    def read_snapshot(self) -> Iterator[None]:
        """Hold one read transaction, so the several cursors of an export see the same committed state."""
        self.conn.execute("BEGIN")
        try:
            yield
        finally:
            if self.conn.in_transaction:
                self.conn.execute("COMMIT")

    def export_articles(self, article_ids: Sequence[str] = ()) -> Iterator[tuple[str, str, str, str, str]]:
        """Stream (id, title, text, meta JSON, packed sentences) in id order, the order every export writes."""
        sql = "SELECT id, title, text, meta, sentences FROM articles"
        if article_ids:
            sql += f" WHERE id IN ({', '.join('?' * len(article_ids))})"
        return self.conn.execute(sql + " ORDER BY id", list(article_ids))

    def export_claims(self, flt: SpanFilter) -> Iterator[tuple[Any, ...]]:
        """Stream the claim rows (CLAIM_COLUMNS order) an export keeps, sorted by article, start, end, id."""
        where, params = _claim_filter(flt)
        sql = (f"SELECT {', '.join(f'c.{name}' for name in CLAIM_COLUMNS)} FROM claims c WHERE {where}"
               ' ORDER BY c.article_id, c.start, c."end", c.id')
        return self.conn.execute(sql, params)

    def export_progress(self, flt: SpanFilter) -> Iterator[tuple[str, str, int, str | None, str | None]]:
        """Stream (article_id, annotator, done, meta JSON, updated_at) of rows that record work, by article and annotator.

        A row records work when the article is marked done or carries another tool's answer (Prodigy fields).
        """
        where, params = _progress_filter(flt)
        sql = ("SELECT p.article_id, p.annotator, p.done, p.meta, p.updated_at FROM progress p"
               f" WHERE (p.done = 1 OR p.meta IS NOT NULL) AND {where} ORDER BY p.article_id, p.annotator")
        return self.conn.execute(sql, params)

    def export_count(self, flt: SpanFilter) -> int:
        """Count the articles an export will walk, so a progress bar can show a total."""
        sql, params = "SELECT count(*) FROM articles", list(flt.articles)
        if flt.articles:
            sql += f" WHERE id IN ({', '.join('?' * len(flt.articles))})"
        return self.conn.execute(sql, params).fetchone()[0]

    # -- agreement queries ----------------------------------------------------------------------

    def agreement_articles(self, articles: Sequence[str] = (),
                           annotators: Sequence[str] = ()) -> list[tuple[str, str, int, list[str]]]:
        """Return (id, title, length in code points, done annotators) of each article two or more annotators marked done, the only ones agreement can compare.

        ``articles`` and ``annotators`` narrow the comparison (empty: all); gold never counts as an annotator.
        """
        cte, params = _compared_cte(articles, annotators)
        rows = self.conn.execute(
            f"{cte} SELECT a.id, a.title, length(a.text), k.done_by FROM compared k JOIN articles a ON a.id = k.article_id"
            " ORDER BY a.rowid",
            params,
        )
        return [(r[0], r[1], r[2], sorted(r[3].split(SEP))) for r in rows]

    def agreement_claims(self, articles: Sequence[str] = (), annotators: Sequence[str] = (),
                         labels: Sequence[str] = ()) -> Iterator[tuple[str, str, int, int, str, int]]:
        """Stream (article id, annotator, start, end, label, confidence) of the compared articles' claims, in no set order.

        Only the claims of annotators who marked the article done, plus gold claims; the filters are those of
        ``agreement_articles`` and, when given, ``labels``.
        """
        cte, params = _compared_cte(articles, annotators)
        where = "(c.annotator = ? OR p.done = 1)"
        params.append(GOLD)
        if annotators:
            clause, more = _in("c.annotator", [*annotators, GOLD])
            where += f" AND {clause}"
            params += more
        if labels:
            clause, more = _in("c.label", labels)
            where += f" AND {clause}"
            params += more
        return self.conn.execute(
            f'{cte} SELECT c.article_id, c.annotator, c.start, c."end", c.label, c.confidence'
            " FROM compared k JOIN claims c ON c.article_id = k.article_id"
            " LEFT JOIN progress p ON p.article_id = c.article_id AND p.annotator = c.annotator"
            f" WHERE {where}",
            params,
        )

    def done_counts(self, annotators: Sequence[str] = ()) -> dict[str, int]:
        """How many articles each annotator (gold aside) marked done in all, compared or not, for the per-annotator breakdown."""
        sql = "SELECT annotator, count(*) FROM progress WHERE done = 1 AND annotator != ?"
        params: list[Any] = [GOLD]
        if annotators:
            clause, more = _in("annotator", annotators)
            sql += f" AND {clause}"
            params += more
        return dict(self.conn.execute(sql + " GROUP BY annotator ORDER BY annotator", params).fetchall())

    # -- team queries ---------------------------------------------------------------------------

    def merge(self, others: Sequence[str | Path]) -> list[models.MergeSummary]:
        """Bring other databases' articles, events, claims and done flags in, all in one transaction, so teams on many machines can combine their work.

        Every source is checked before anything is written. A claim ends as the after-state of its latest event by
        (ts, id) over all logs, so merging is idempotent and order-independent, a later deletion wins over an
        earlier edit, and the losing versions stay in the event log.
        """
        paths = [Path(other) for other in others]
        for path in paths:
            if path.exists() and path.resolve() == self.path.resolve():
                raise StoreError(f"{path}: cannot merge a database into itself")
        sources: list[sqlite3.Connection] = []
        try:
            for path in paths:
                sources.append(_open_source(path))
            with self.write():
                return [self._merge_one(source, path) for source, path in zip(sources, paths, strict=True)]
        finally:
            for source in sources:
                source.close()

    def _merge_one(self, source: sqlite3.Connection, path: Path) -> models.MergeSummary:
        """Merge one source database (inside the caller's transaction) and say what changed."""
        summary = models.MergeSummary(source=str(path))
        summary.articles = self._merge_articles(source)
        new_events = self._merge_events(source)
        summary.events = len(new_events)
        self._merge_claims(source, path, {e[5] for e in new_events if e[5]}, summary)
        summary.done_changed = self._merge_progress(source, {(e[4], e[2]) for e in new_events if _progress_event(e)})
        self._merge_replayed(new_events)
        return summary

    def _merge_articles(self, source: sqlite3.Connection) -> int:
        """Insert the source's articles this database lacks (same content hash, same id), segmented as an import would; return how many."""
        known = {r[0] for r in self.conn.execute("SELECT id FROM articles")}
        columns = ", ".join(ARTICLE_COLUMNS)
        cursor = self.conn.executemany(
            f"INSERT INTO articles ({columns}, sentences) VALUES ({', '.join('?' * len(ARTICLE_COLUMNS))}, ?)",
            ((*row, pack_spans(sentence_spans(row[2])))
             for row in source.execute(f"SELECT {columns} FROM articles ORDER BY rowid") if row[0] not in known),
        )
        return max(cursor.rowcount, 0)

    def _merge_events(self, source: sqlite3.Connection) -> list[tuple[Any, ...]]:
        """Append the source's events this log lacks (union by id, marked via "merge"; no seq spent on known ones); return the added rows."""
        added = []
        for row in source.execute(f"SELECT {', '.join(EVENT_COLUMNS)} FROM events ORDER BY seq"):
            cursor = self.conn.execute(
                f"INSERT INTO events ({', '.join(EVENT_COLUMNS)}, via)"
                f" SELECT {', '.join('?' * len(EVENT_COLUMNS))}, 'merge'"
                " WHERE NOT EXISTS (SELECT 1 FROM events WHERE id = ?)",
                [*row, row[0]],
            )
            if cursor.rowcount:
                added.append(row)
        return added

    def _merge_claims(self, source: sqlite3.Connection, path: Path, touched: set[str], summary: models.MergeSummary) -> None:
        """Bring every claim the merge may change to its merged state and count what changed."""
        theirs = {r[0]: dict(zip(CLAIM_COLUMNS, r, strict=True))
                  for r in source.execute(f"SELECT {', '.join(CLAIM_COLUMNS)} FROM claims")}
        for claim_id in sorted(touched | theirs.keys()):
            mine = self._claim_row_by_id(claim_id)
            if claim_id not in touched and mine == theirs[claim_id]:
                continue
            target = self._merged_claim(claim_id, mine, theirs.get(claim_id))
            if target == mine:
                continue
            if target is not None:
                self._check_merged_claim(target, path)
            self.conn.execute("DELETE FROM claims WHERE id = ?", [claim_id])
            if target is not None:
                self._insert_claim_row(target)
            summary.claims_added += mine is None
            summary.claims_updated += mine is not None and target is not None
            summary.claims_deleted += target is None

    def _claim_row_by_id(self, claim_id: str) -> dict[str, Any] | None:
        """One claims row as a dict keyed by CLAIM_COLUMNS, or None."""
        row = self.conn.execute(f"SELECT {', '.join(CLAIM_COLUMNS)} FROM claims WHERE id = ?", [claim_id]).fetchone()
        return dict(zip(CLAIM_COLUMNS, row, strict=True)) if row else None

    def _merged_claim(self, claim_id: str, mine: dict[str, Any] | None,
                      theirs: dict[str, Any] | None) -> dict[str, Any] | None:
        """The merged state of a claim: its latest event's after-state, or (no event anywhere) the later row."""
        found, state = self._latest_state("claim_id = ?", [claim_id])
        if found:
            return state
        rows = [row for row in (mine, theirs) if row is not None]
        return max(rows, key=lambda row: (row["updated_at"] or "", _dumps(row)))

    def _latest_state(self, where: str, params: list[Any]) -> tuple[bool, dict[str, Any] | None]:
        """Whether events match `where`, and the after-state of the latest by (ts, id): the rule merges decide by."""
        row = self.conn.execute(
            f"SELECT after FROM events WHERE {where} ORDER BY ts DESC, id DESC LIMIT 1", params
        ).fetchone()
        if row is None:
            return False, None
        return True, orjson.loads(row[0]) if row[0] else None

    def _check_merged_claim(self, row: dict[str, Any], path: Path) -> None:
        """Refuse the whole merge when a claim would be orphaned by this database's schema."""
        if row["label"] not in self.schema.label_names or row["confidence"] not in self.schema.confidence_values:
            raise StoreError(f"{path}: claim {row['id']} has label {row['label']} / confidence {row['confidence']},"
                             " which this database's schema lacks; nothing was merged")

    def _merge_progress(self, source: sqlite3.Connection, pairs: set[tuple[str, str]]) -> int:
        """Merge progress rows: done from the latest done event (else done anywhere), the rest from the later row; return how many done flags changed."""
        theirs = {(r[0], r[1]): r for r in source.execute(f"SELECT {', '.join(PROGRESS_COLUMNS)} FROM progress")}
        changed = 0
        for article_id, annotator in sorted(pairs | theirs.keys()):
            mine = self.conn.execute(
                f"SELECT {', '.join(PROGRESS_COLUMNS)} FROM progress WHERE article_id = ? AND annotator = ?",
                [article_id, annotator],
            ).fetchone()
            rows = [row for row in (mine, theirs.get((article_id, annotator))) if row is not None]
            found, state = self._latest_state(
                "article_id = ? AND annotator = ? AND claim_id IS NULL AND json_type(after, '$.done') IS NOT NULL",
                [article_id, annotator])
            done = int(bool(state and state.get("done"))) if found else max(row[2] for row in rows)
            later = max(rows, key=lambda row: (row[5] or "", row[3] or 0, row[4] or ""))
            merged = (article_id, annotator, done, later[3], later[4], later[5])
            if merged == mine:
                continue
            changed += mine is None or mine[2] != done
            self.conn.execute(
                f"INSERT OR REPLACE INTO progress ({', '.join(PROGRESS_COLUMNS)}) VALUES (?, ?, ?, ?, ?, ?)", merged
            )
        return changed

    def verify(self) -> list[str]:
        """Problems found by SQLite's integrity check and by replaying the event log against the claims, so faults are detectable."""
        problems = [row[0] for row in self.conn.execute("PRAGMA integrity_check") if row[0] != "ok"]
        latest = dict(self.conn.execute(
            "SELECT claim_id, after FROM (SELECT claim_id, after, row_number() OVER"
            " (PARTITION BY claim_id ORDER BY ts DESC, id DESC) AS n FROM events WHERE claim_id IS NOT NULL)"
            " WHERE n = 1"
        ).fetchall())
        rows = {r[0]: dict(zip(CLAIM_COLUMNS, r, strict=True))
                for r in self.conn.execute(f"SELECT {', '.join(CLAIM_COLUMNS)} FROM claims")}
        for claim_id in sorted(latest.keys() | rows.keys()):
            expected = orjson.loads(latest[claim_id]) if latest.get(claim_id) else None
            if claim_id not in latest:
                problems.append(f"claim {claim_id} has no event")
            elif rows.get(claim_id) != expected:
                problems.append(f"claim {claim_id} differs from its latest event")
        return problems

    def replace_assignments(self, plan: dict[str, list[str]]) -> tuple[int, int]:
        """Make the stored plan of the planned articles exactly `plan` in one transaction; return (rows added, rows removed)."""
        stamp = models.now()
        wanted = {(article_id, annotator) for article_id, annotators in plan.items() for annotator in annotators}
        with self.write():
            current = {pair for pair in self.conn.execute("SELECT article_id, annotator FROM assignments")
                       if pair[0] in plan}
            self.conn.executemany("DELETE FROM assignments WHERE article_id = ? AND annotator = ?",
                                  sorted(current - wanted))
            self.conn.executemany("INSERT INTO assignments (article_id, annotator, assigned_at) VALUES (?, ?, ?)",
                                  [(*pair, stamp) for pair in sorted(wanted - current)])
        return len(wanted - current), len(current - wanted)

    def assigned_articles(self, annotator: str) -> list[str]:
        """Ids of the articles assigned to an annotator, in corpus order, for the library's "assigned to me"."""
        rows = self.conn.execute(
            "SELECT a.id FROM assignments s JOIN articles a ON a.id = s.article_id WHERE s.annotator = ?"
            " ORDER BY a.rowid",
            [annotator],
        )
        return [r[0] for r in rows]

    def next_assigned(self, annotator: str, after: str | None = None) -> str | None:
        """The next article assigned to an annotator and not marked done by them, in corpus order after `after` (wrapping), or None."""
        row = self.conn.execute(
            "SELECT a.id FROM assignments s JOIN articles a ON a.id = s.article_id"
            " LEFT JOIN progress p ON p.article_id = s.article_id AND p.annotator = s.annotator"
            " WHERE s.annotator = ? AND coalesce(p.done, 0) = 0"
            " ORDER BY a.rowid <= coalesce((SELECT rowid FROM articles WHERE id = ?), 0), a.rowid LIMIT 1",
            [annotator, after],
        ).fetchone()
        return row[0] if row else None

    def assignments(self) -> list[tuple[str, str, str, bool]]:
        """The stored plan as (article id, title, annotator, done by them) in corpus order, for `assign --show`."""
        rows = self.conn.execute(
            "SELECT a.id, a.title, s.annotator, coalesce(p.done, 0) FROM assignments s"
            " JOIN articles a ON a.id = s.article_id"
            " LEFT JOIN progress p ON p.article_id = s.article_id AND p.annotator = s.annotator"
            " ORDER BY a.rowid, s.annotator"
        )
        return [(r[0], r[1], r[2], bool(r[3])) for r in rows]

    def assignment_loads(self) -> list[models.AssignmentLoad]:
        """Per annotator: how many articles are assigned to them and how many of those they marked done."""
        rows = self.conn.execute(
            "SELECT s.annotator, count(*), sum(coalesce(p.done, 0)) FROM assignments s"
            " LEFT JOIN progress p ON p.article_id = s.article_id AND p.annotator = s.annotator"
            " GROUP BY s.annotator ORDER BY s.annotator"
        )
        return [models.AssignmentLoad(annotator=r[0], assigned=r[1], done=r[2]) for r in rows]

    def backup(self, target: str | Path, *, force: bool = False) -> int:
        """Copy the database with SQLite's backup API, consistent while others write, into a temporary file renamed into place; return its size."""
        path = Path(target)
        if path.exists() and path.resolve() == self.path.resolve():
            raise StoreError(f"{path}: is the database itself; back up to another file")
        if path.exists() and not force:
            raise StoreError(f"{path}: already exists; pass --force to overwrite it")
        partial = path.with_name(f".{path.name}.{models.new_id()}.partial")
        try:
            copy = sqlite3.connect(partial)
            try:
                self.conn.backup(copy)
                copy.execute("PRAGMA journal_mode = DELETE")
            finally:
                copy.close()
            os.replace(partial, path)
        except (sqlite3.DatabaseError, OSError) as exc:
            partial.unlink(missing_ok=True)
            raise StoreError(f"{path}: backup failed, nothing was written: {exc}") from None
        return path.stat().st_size

    # -- suggestions and links

    def suggestion_decisions(self, annotator: str, article_id: str) -> dict[tuple[int, int, str], str]:
        """An annotator's decisions on one article's suggestions by (start, end, label), so rejected ones stay hidden."""
        rows = self.conn.execute(
            'SELECT start, "end", label, decision FROM suggestion_decisions WHERE annotator = ? AND article_id = ?',
            [annotator, article_id],
        )
        return {(r[0], r[1], r[2]): r[3] for r in rows}

    def reject_suggestion(self, annotator: str, article_id: str, start: int, end: int, label: str) -> None:
        """Hide a suggestion from this annotator, logged so that undo shows it again."""
        self.article(article_id)
        with self.write():
            self._decide(annotator, article_id, (start, end, label), "reject")

    def accept_suggestion(self, annotator: str, article_id: str, start: int, end: int, suggested: str,
                          fields: models.ClaimFields) -> models.Claim:
        """Turn a suggestion into an ordinary claim (origin "suggestion"; its create is what undo takes back) and record the acceptance."""
        claim = self.create_claim(article_id, annotator, start, end, fields, origin="suggestion")
        with self.write():
            self._decide(annotator, article_id, (start, end, suggested), "accept")
        return claim

    def _decide(self, annotator: str, article_id: str, key: tuple[int, int, str], kind: str) -> None:
        """Store one decision row (inside the caller's transaction) and log it with the row it replaced."""
        start, end, label = key
        row = {"id": decision_id(annotator, article_id, *key), "annotator": annotator, "article_id": article_id,
               "start": start, "end": end, "label": label, "decision": DECISIONS[kind], "ts": models.now()}
        before = self._row_by_id("suggestion_decisions", row["id"])
        self._put_row("suggestion_decisions", row["id"], row)
        self._log(models.Event(annotator=annotator, kind=kind, article_id=article_id, before=before, after=row), "reader")

    def create_link(self, annotator: str, claim_a: str, claim_b: str, relation: str) -> models.Link:
        """Link two claims, logged on claim_a's article (the one being read) so that undo there takes it back."""
        article_id = self.claim(claim_a).article_id
        self.claim(claim_b)
        link = self._new_link(annotator, claim_a, claim_b, relation)
        with self.write():
            self._add_link(link, article_id)
        return link

    def link_sentence(self, annotator: str, claim_a: str, article_id: str, start: int, end: int, relation: str,
                      confidence: int) -> tuple[models.Claim, models.Link]:
        """Make a span of another article (an unannotated sentence) the annotator's claim, with claim_a's label, and
        link the two: one transaction and one undo step, from either article."""
        source = self.claim(claim_a)
        claim = models.Claim(article_id=article_id, annotator=annotator, start=start, end=end, label=source.label,
                             confidence=confidence, origin="related")
        self.validate_claim(claim)
        link = self._new_link(annotator, claim_a, claim.id, relation)
        action = models.new_id()
        with self.write():
            self._add_claim(claim, annotator, action)
            self._add_link(link, source.article_id, action)
        return claim, link

    def _new_link(self, annotator: str, claim_a: str, claim_b: str, relation: str) -> models.Link:
        """A link checked for its relation, its ends and the annotator's own earlier link between the same claims."""
        if relation not in models.RELATIONS:
            raise InputError(f"unknown relation {relation!r} (one of {', '.join(models.RELATIONS)})")
        if claim_a == claim_b:
            raise InputError("a claim cannot be linked to itself")
        mine = [link for link in self.links_of(claim_a)
                if link.other(claim_a) == claim_b and link.annotator == annotator]
        if mine:
            raise InputError(f"{annotator} already linked these claims as {mine[0].relation}; unlink it first")
        return models.Link(claim_a=claim_a, claim_b=claim_b, relation=relation, annotator=annotator)

    def _add_link(self, link: models.Link, article_id: str, action: str | None = None) -> None:
        """Store a link and log it on `article_id` (inside the caller's transaction)."""
        self._put_row("links", link.id, link.model_dump())
        self._log(models.Event(annotator=link.annotator, kind="link", article_id=article_id, after=link.model_dump(),
                               target=action), "reader")

    def delete_link(self, link_id: str, annotator: str, *, article_id: str | None = None) -> models.Link:
        """Remove a link (only its author may), logged on `article_id` (default: claim_a's article) for undo there."""
        link = self.link(link_id)
        if link.annotator != annotator:
            raise InputError(f"link {link_id} belongs to {link.annotator}, not {annotator}")
        where = article_id or self.claim(link.claim_a).article_id
        with self.write():
            self._put_row("links", link.id, None)
            self._log(models.Event(annotator=annotator, kind="unlink", article_id=where, before=link.model_dump()), "reader")
        return link

    def link(self, link_id: str) -> models.Link:
        """Return one link; raise InputError if there is none with that id."""
        row = self._row_by_id("links", link_id)
        if row is None:
            raise InputError(f"no link with id {link_id}")
        return models.Link.model_construct(**row)

    def links(self, article_ids: Sequence[str] = ()) -> list[models.Link]:
        """Live links (both claims exist) touching these articles (all when empty), oldest first: what exports carry."""
        where, params = "1", []
        if article_ids:
            clause_a, params_a = _in("a.article_id", article_ids)
            clause_b, params_b = _in("b.article_id", article_ids)
            where, params = f"({clause_a} OR {clause_b})", params_a + params_b
        return self._live_links(where, params)

    def links_of(self, claim_id: str) -> list[models.Link]:
        """Live links that have `claim_id` at either end, for the Related panel and the claim's record."""
        return self._live_links("(l.claim_a = ? OR l.claim_b = ?)", [claim_id, claim_id])

    def links_by_claim(self, article_ids: Sequence[str] = ()) -> dict[str, list[models.Link]]:
        """Claim id to its live links, for exports that attach related claims to each claim record."""
        found: dict[str, list[models.Link]] = {}
        for link in self.links(article_ids):
            found.setdefault(link.claim_a, []).append(link)
            found.setdefault(link.claim_b, []).append(link)
        return found

    def link_clusters(self) -> list[models.LinkCluster]:
        """Connected components of the live links with their claims, largest first, for the Claim map."""
        links = self.links()
        parent: dict[str, str] = {}
        for link in links:
            parent[_root(parent, link.claim_a)] = _root(parent, link.claim_b)
        groups: dict[str, list[str]] = {}
        for claim_id in parent:
            groups.setdefault(_root(parent, claim_id), []).append(claim_id)
        clusters = []
        for members in groups.values():
            claims = sorted((self.claim(claim_id) for claim_id in members), key=lambda c: (c.article_id, c.start, c.id))
            inside = [link for link in links if _root(parent, link.claim_a) == _root(parent, members[0])]
            clusters.append(models.LinkCluster(claims=claims, links=inside))
        return sorted(clusters, key=lambda c: (-len(c.claims), c.claims[0].id))

    def articles_sharing(self, terms: Sequence[str], *, exclude: str, limit: int) -> list[str]:
        """Ids of the articles that best match any of `terms` (full-text rank), to narrow a Related search on a big corpus."""
        if not terms:
            return []
        query = " OR ".join(f'"{term.replace(chr(34), chr(34) * 2)}"' for term in terms)
        rows = self.conn.execute(
            "SELECT a.id FROM articles_fts f JOIN articles a ON a.rowid = f.rowid"
            " WHERE articles_fts MATCH ? AND a.id != ? ORDER BY rank LIMIT ?",
            [query, exclude, limit],
        )
        return [r[0] for r in rows]

    def _live_links(self, where: str, params: list[Any]) -> list[models.Link]:
        """Links matching `where` (over `links l`, `claims a`, `claims b`) whose two claims both still exist."""
        rows = self.conn.execute(
            f"SELECT {', '.join(f'l.{c}' for c in LINK_COLUMNS)} FROM links l"
            f" JOIN claims a ON a.id = l.claim_a JOIN claims b ON b.id = l.claim_b WHERE {where}"
            " ORDER BY l.created_at, l.id",
            params,
        )
        return [models.Link.model_construct(**dict(zip(LINK_COLUMNS, r, strict=True))) for r in rows]

    def _row_by_id(self, table: str, row_id: str) -> dict[str, Any] | None:
        """One row of a replayed table (links, suggestion_decisions) as a dict, or None."""
        cursor = self.conn.execute(f"SELECT * FROM {table} WHERE id = ?", [row_id])
        row = cursor.fetchone()
        return dict(zip([d[0] for d in cursor.description], row, strict=True)) if row else None

    def _put_row(self, table: str, row_id: str, row: dict[str, Any] | None) -> None:
        """Make a replayed table's row `row_id` exactly `row` (None: absent), inside the caller's transaction."""
        self.conn.execute(f"DELETE FROM {table} WHERE id = ?", [row_id])
        if row is not None:
            columns = ", ".join(f'"{c}"' for c in row)
            marks = ", ".join("?" * len(row))
            self.conn.execute(f"INSERT INTO {table} ({columns}) VALUES ({marks})", list(row.values()))

    def _restore_row(self, event: models.Event, state: dict[str, Any] | None) -> None:
        """Undo or redo a link or decision event: bring its row to `state`."""
        self._put_row(REPLAYED_KINDS[event.kind], (event.before or event.after or {})["id"], state)

    def _merge_replayed(self, new_events: list[tuple[Any, ...]]) -> None:
        """After a merge, bring every link and decision the new events touched to its latest event's state, as claims are."""
        touched = {(table, row["id"]) for row, table in map(_replayed_row, new_events) if table}
        for table, row_id in sorted(touched):
            found, state = self._latest_state(
                "claim_id IS NULL AND json_extract(coalesce(after, before), '$.id') = ?", [row_id])
            if found:
                self._put_row(table, row_id, state)

    # -- adjudication -----------------------------------------------------------------------------

    def _require_lead(self, lead: str) -> None:
        """Refuse anyone the schema does not list as a lead: only leads write gold or review decisions."""
        refusal = self.schema.lead_refusal(lead)
        if refusal:
            raise InputError(refusal)

    def accept_into_gold(self, lead: str, article_id: str, items: Sequence[models.GoldItem]) -> list[models.Claim]:
        """Create gold claims adjudicated by `lead`, lifting any rejection of their review rows, as one transaction and one undo step."""
        self._require_lead(lead)
        claims = [models.Claim(article_id=article_id, annotator=GOLD, start=item.start, end=item.end, origin="adjudicated",
                        adjudicated_by=lead, **item.fields.model_dump()) for item in items]
        for claim in claims:
            self.validate_claim(claim)
        action = models.new_id()
        with self.write():
            for item, claim in zip(items, claims, strict=True):
                self._add_claim(claim, lead, action)
                self._set_verdict(lead, article_id, item.row_key, None, action)
        return claims

    def edit_gold(self, lead: str, claim_id: str, **changes: Any) -> models.Claim:
        """Change a gold claim's fields (leads only), recording `lead` as the one who adjudicated it."""
        self._require_lead(lead)
        return self._rewrite_claim(self._own_claim(claim_id, GOLD), lead, {**changes, "adjudicated_by": lead})

    def reject_row(self, lead: str, article_id: str, row_key: str, gold_ids: Sequence[str] = ()) -> int:
        """Record a review row as rejected (no gold claim there), deleting the gold claims taken from it, as one undo step; return how many."""
        self._require_lead(lead)
        self.article(article_id)
        golds = [self._own_claim(claim_id, GOLD) for claim_id in gold_ids]
        action = models.new_id()
        with self.write():
            for claim in golds:
                self.conn.execute("DELETE FROM claims WHERE id = ?", [claim.id])
                self._log(models.Event(annotator=lead, kind="delete", article_id=article_id, claim_id=claim.id,
                                before=_claim_row(claim), target=action), "reader")
            self._set_verdict(lead, article_id, row_key, "rejected", action)
        return len(golds)

    def _set_verdict(self, lead: str, article_id: str, row_key: str, verdict: str | None, action: str) -> None:
        """Make a review row's decision `verdict` (None: none), logged as part of `action` (inside the caller's transaction)."""
        row_id = hashlib.sha256(SEP.join((article_id, row_key)).encode()).hexdigest()[:32]
        before = self._row_by_id("review_decisions", row_id)
        after = None if verdict is None else {"id": row_id, "article_id": article_id, "row_key": row_key,
                                              "verdict": verdict, "lead": lead, "ts": models.now()}
        if before is None and after is None:
            return
        self._put_row("review_decisions", row_id, after)
        self._log(models.Event(annotator=lead, kind="review", article_id=article_id, before=before, after=after,
                        target=action), "reader")

    def rejected_rows(self, article_id: str | None = None) -> dict[str, set[str]]:
        """The review rows leads rejected, by article (one article, or all), so review progress counts them."""
        sql, params = "SELECT article_id, row_key FROM review_decisions WHERE verdict = 'rejected'", []
        if article_id is not None:
            sql, params = sql + " AND article_id = ?", [article_id]
        found: dict[str, set[str]] = {}
        for article, row_key in self.conn.execute(sql, params):
            found.setdefault(article, set()).add(row_key)
        return found


def batched(items: Iterable[T], size: int) -> Iterator[tuple[T, ...]]:
    """Yield tuples of up to `size` items (itertools.batched arrived only in Python 3.12)."""
    iterator = iter(items)
    while batch := tuple(islice(iterator, size)):
        yield batch


def _int(flag: bool | None) -> int | None:
    """Map an optional bool to SQLite's 0/1, keeping None."""
    return None if flag is None else int(flag)


def _fts_query(query: str) -> str:
    """Turn what a user typed into an FTS5 query of quoted terms, so punctuation is never FTS syntax."""
    terms = [term.replace('"', '""') for term in query.split()]
    return " ".join(f'"{term}"' for term in terms if term)


def _in(column: str, values: Sequence[Any]) -> tuple[str, list[Any]]:
    """Build `column IN (?, ...)` for a non-empty list of values."""
    return f"{column} IN ({', '.join('?' * len(values))})", list(values)


def _owner_filter(flt: SpanFilter, alias: str) -> tuple[list[str], list[Any]]:
    """The conditions on article and annotator shared by the claim and progress filters of an export."""
    clauses: list[str] = []
    params: list[Any] = []
    for column, values in ((f"{alias}.article_id", flt.articles), (f"{alias}.annotator", flt.annotators)):
        if values:
            clause, more = _in(column, values)
            clauses.append(clause)
            params += more
    if flt.gold:
        clauses.append(f"{alias}.annotator = ?")
        params.append(GOLD)
    return clauses, params


def _claim_filter(flt: SpanFilter) -> tuple[str, list[Any]]:
    """Turn an export filter into a WHERE clause over `claims c`."""
    clauses, params = _owner_filter(flt, "c")
    if flt.labels:
        clause, more = _in("c.label", flt.labels)
        clauses.append(clause)
        params += more
    if flt.min_confidence is not None:
        clauses.append("c.confidence >= ?")
        params.append(flt.min_confidence)
    if flt.done_only:
        clauses.append("EXISTS (SELECT 1 FROM progress p WHERE p.article_id = c.article_id"
                       " AND p.annotator = c.annotator AND p.done = 1)")
    return " AND ".join(clauses) or "1", params


def _progress_filter(flt: SpanFilter) -> tuple[str, list[Any]]:
    """Turn an export filter into a WHERE clause over `progress p` (labels and confidence do not apply)."""
    clauses, params = _owner_filter(flt, "p")
    if flt.done_only:
        clauses.append("p.done = 1")
    return " AND ".join(clauses) or "1", params


def _compared_cte(articles: Sequence[str], annotators: Sequence[str]) -> tuple[str, list[Any]]:
    """Build the `compared (article_id, done_by)` CTE: articles done by two or more of the (filtered) annotators."""
    clauses, params = ["done = 1", "annotator != ?"], [GOLD]
    for column, values in (("article_id", articles), ("annotator", annotators)):
        if values:
            clause, more = _in(column, values)
            clauses.append(clause)
            params += more
    cte = ("WITH compared AS (SELECT article_id, group_concat(annotator, char(31)) AS done_by FROM progress"
           f" WHERE {' AND '.join(clauses)} GROUP BY article_id HAVING count(*) >= 2)")
    return cte, params


# -- team helpers ------------------------------------------------------------------------------

ARTICLE_COLUMNS = ("id", "title", "text", "meta", "source", "published", "source_file", "source_line", "words",
                   "imported_at")
EVENT_COLUMNS = ("id", "ts", "annotator", "kind", "article_id", "claim_id", "target", "before", "after")
PROGRESS_COLUMNS = ("article_id", "annotator", "done", "position", "meta", "updated_at")
MERGED_TABLES = {"articles", "claims", "progress", "events"}


def _open_source(path: Path) -> sqlite3.Connection:
    """Open another claim-reader database read-only inside one read transaction, refusing anything merge cannot trust."""
    if not path.is_file():
        raise StoreError(f"{path}: no such database file")
    _check_file(path)
    conn = _open_readonly(path)
    try:
        conn.execute("BEGIN")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise StoreError(f"{path}: cannot read it: {exc}") from None
    if version > SCHEMA_VERSION:
        conn.close()
        raise StoreError(f"{path}: written by a newer claim-reader (schema {version}); upgrade claim-reader first")
    if not MERGED_TABLES <= tables:
        conn.close()
        raise StoreError(f"{path}: not a claim-reader database")
    return conn


def _open_queue(path: Path) -> int | None:
    """Open (creating) the lock file beside the database that orders its writers; read-only is enough for flock, so other users' file works too."""
    try:
        return os.open(f"{path}-lock", os.O_RDONLY | os.O_CREAT, 0o666)
    except OSError:
        return None


def _open_readonly(path: Path) -> sqlite3.Connection:
    """Open a database read-only; an idle WAL database in a folder we cannot write only opens as immutable, so fall back to that."""
    base = f"file:{quote(str(path.resolve()))}"
    conn = None
    try:
        conn = sqlite3.connect(f"{base}?mode=ro", uri=True, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000,
                               check_same_thread=False)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.DatabaseError as exc:
        if conn is not None:
            conn.close()
        if "readonly" not in str(exc):
            raise StoreError(f"{path}: cannot open it read-only: {exc}") from None
    if Path(f"{path}-wal").exists():
        raise StoreError(f"{path}: read-only, and another process left changes in {path.name}-wal;"
                         " open it once where it is writable")
    return sqlite3.connect(f"{base}?immutable=1", uri=True, isolation_level=None, check_same_thread=False)


# -- suggestion and link helpers ---------------------------------------------------------------

LINK_COLUMNS = ("id", "claim_a", "claim_b", "relation", "annotator", "created_at")
DECISIONS = {"accept": "accepted", "reject": "rejected"}
REPLAYED_KINDS = {"link": "links", "unlink": "links", "accept": "suggestion_decisions",
                  "reject": "suggestion_decisions", "review": "review_decisions"}
"""Event kinds whose rows live outside claims and progress, and the table each one's before/after rows belong to."""


def decision_id(annotator: str, article_id: str, start: int, end: int, label: str) -> str:
    """A decision's id, derived from what it decides, so two databases name the same decision alike and merges meet."""
    key = SEP.join((annotator, article_id, str(start), str(end), label))
    return hashlib.sha256(key.encode()).hexdigest()[:32]


def _replayed_row(event: tuple[Any, ...]) -> tuple[dict[str, Any], str | None]:
    """For an events row (EVENT_COLUMNS order): its link or decision state and table, or ({}, None) for anything else."""
    if event[5] is not None:
        return {}, None
    state = orjson.loads(event[8] or event[7] or "{}")
    table = ("links" if "relation" in state else "suggestion_decisions" if "decision" in state
             else "review_decisions" if "verdict" in state else None)
    return state, table


def _progress_event(event: tuple[Any, ...]) -> bool:
    """Whether an events row (EVENT_COLUMNS order) changed a done flag, as opposed to a claim, link or decision."""
    return event[5] is None and event[8] is not None and "done" in orjson.loads(event[8])


def _root(parent: dict[str, str], node: str) -> str:
    """Union-find look-up with path halving; registers unseen nodes as their own root."""
    parent.setdefault(node, node)
    while parent[node] != node:
        parent[node] = parent[parent[node]]
        node = parent[node]
    return node
