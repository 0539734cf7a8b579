"""Team work: merging other databases in, checking a database against its log, assignments and backups."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import orjson
from reader import trust
from reader.errors import StoreError, refuse_special_file
from reader.segment import pack_spans, sentence_spans
from reader.store.base import SCHEMA_VERSION, _check_file, _open_readonly, _quick_check, sqlite_reason
from reader.store.rows import CLAIM_COLUMNS, models
from reader.store.tables import Tables

ARTICLE_COLUMNS = ("id", "title", "text", "meta", "source", "published", "source_file", "source_line", "words",
                   "imported_at")
EVENT_COLUMNS = ("id", "ts", "annotator", "kind", "article_id", "claim_id", "target", "before", "after")
PROGRESS_COLUMNS = ("article_id", "annotator", "done", "position", "meta", "updated_at")
MERGED_TABLES = {"articles", "claims", "progress", "events"}


class Teams(Tables):
    """Merge, verify, assignments and backup: what a team on several machines needs."""

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
        self.check_intact()
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
        summary.articles = self._merge_articles(source, path)
        new_events = self._merge_events(source, path)
        summary.events = len(new_events)
        self._merge_claims(source, path, {e[5] for e in new_events if e[5]}, summary)
        summary.done_changed = self._merge_progress(source, {(e[4], e[2]) for e in new_events if _progress_event(e)})
        self._merge_replayed(new_events)
        return summary

    def _merge_articles(self, source: sqlite3.Connection, path: Path) -> int:
        """Insert the source's articles this database lacks (same content hash, same id), segmented as an import would,
        refusing any whose id is not the hash of its text; return how many."""
        known = {r[0] for r in self.conn.execute("SELECT id FROM articles")}
        columns = ", ".join(ARTICLE_COLUMNS)
        added = 0
        for rowid, *row in source.execute(f"SELECT rowid, {columns} FROM articles ORDER BY rowid"):
            refusal = trust.article_refusal(row[0], row[2])
            if refusal:
                raise StoreError(f"{path}: articles row {rowid} (id {row[0]}): {refusal}; nothing was merged")
            if row[0] not in known:
                self.conn.execute(f"INSERT INTO articles ({columns}, sentences) VALUES"
                                  f" ({', '.join('?' * len(ARTICLE_COLUMNS))}, ?)",
                                  [*row, pack_spans(sentence_spans(row[2]))])
                known.add(row[0])
                added += 1
        return added

    def _merge_events(self, source: sqlite3.Connection, path: Path) -> list[tuple[Any, ...]]:
        """Append the source's events this log lacks (union by id, marked via "merge", keeping their os_user), each one
        checked first by the rules of reader/trust.py; return the added rows."""
        os_user = "os_user" if any(r[1] == "os_user" for r in source.execute("PRAGMA table_info(events)")) else "NULL"
        added = []
        for seq, *row, made_by in source.execute(
                f"SELECT seq, {', '.join(EVENT_COLUMNS)}, {os_user} FROM events ORDER BY seq"):
            if self.conn.execute("SELECT 1 FROM events WHERE id = ?", [row[0]]).fetchone():
                continue
            refusal = self._event_refusal(dict(zip(EVENT_COLUMNS, row, strict=True)))
            if refusal:
                raise StoreError(f"{path}: events row {seq}: {refusal}; nothing was merged")
            self.conn.execute(f"INSERT INTO events ({', '.join(EVENT_COLUMNS)}, os_user, via)"
                              f" VALUES ({', '.join('?' * len(EVENT_COLUMNS))}, ?, 'merge')", [*row, made_by])
            added.append(tuple(row))
        return added

    def _event_refusal(self, event: dict[str, Any]) -> str | None:
        """Why another database's event may not enter this log (None if it may): its time, its rows, who it changes."""
        try:
            for key in ("before", "after"):
                event[key] = orjson.loads(event[key]) if event[key] else None
        except orjson.JSONDecodeError:
            return "its before or after row is not JSON"
        states = [state for state in (event["before"], event["after"]) if state is not None]
        if not all(isinstance(state, dict) for state in states):
            return "its before or after row is not a JSON object"
        table = None if event["claim_id"] or not states else _replayed_table(states[-1])
        if table:
            refusal = trust.columns_refusal(table, states, self._columns(table))
            if refusal:
                return refusal
        owners: set[str] = set()
        if event["claim_id"]:
            owners = {row[0] for row in self.conn.execute(
                "SELECT annotator FROM claims WHERE id = ? UNION SELECT * FROM (SELECT json_extract(coalesce(after,"
                " before), '$.annotator') FROM events WHERE claim_id = ? ORDER BY ts, id LIMIT 1)",
                [event["claim_id"]] * 2) if row[0] is not None}
        elif table in ("links", "suggestion_decisions"):
            stored = (self._row_by_id(table, state["id"]) for state in states)
            owners = {row["annotator"] for row in stored if row}
        refusal = trust.time_refusal(event["ts"]) or trust.owner_refusal(
            str(event["annotator"]), event, self.schema.leads, owners)
        if refusal or not event["claim_id"]:
            return refusal
        return next(filter(None, (trust.span_refusal(state, self._length_of(state.get("article_id")))
                                  for state in states)), None)

    def _columns(self, table: str) -> list[str]:
        """A replayed table's column names as this database spells them, what a merged row of it must carry exactly."""
        return [row[1] for row in self.conn.execute(f"PRAGMA table_info({table})")]

    def _length_of(self, article_id: Any) -> int | None:
        """An article's length in code points, or None when this database does not hold it."""
        row = self.conn.execute("SELECT length(text) FROM articles WHERE id = ?", [article_id]).fetchone()
        return row[0] if row else None

    def _merge_claims(self, source: sqlite3.Connection, path: Path, touched: set[str], summary: models.MergeSummary) -> None:
        """Bring every claim the merge may change to its latest event's after-state, refusing a claim row no event made,
        and count what changed."""
        theirs = {r[0]: dict(zip(CLAIM_COLUMNS, r, strict=True))
                  for r in source.execute(f"SELECT {', '.join(CLAIM_COLUMNS)} FROM claims")}
        for claim_id in sorted(touched | theirs.keys()):
            mine = self._claim_row_by_id(claim_id)
            if claim_id not in touched and mine == theirs[claim_id]:
                continue
            found, target = self._latest_state("claim_id = ?", [claim_id])
            if not found:
                raise StoreError(f"{path}: claim {claim_id} has no event; nothing was merged")
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

    def _check_merged_claim(self, row: dict[str, Any], path: Path) -> None:
        """Refuse the whole merge when a claim would be orphaned by this database's schema."""
        refusal = trust.span_refusal(row, self._length_of(row["article_id"]))
        if refusal:
            raise StoreError(f"{path}: claims row {row['id']}: {refusal}; nothing was merged")
        if row["label"] not in self.schema.label_names or row["confidence"] not in self.schema.confidence_values:
            raise StoreError(f"{path}: claim {row['id']} has label {row['label']} / confidence {row['confidence']},"
                             " which this database's schema lacks; nothing was merged")

    def _merge_progress(self, source: sqlite3.Connection, pairs: set[tuple[str, str]]) -> int:
        """Merge progress rows: done from the latest done event (else as this database has it: a bare row of another file
        is no one's word), the rest from the later row; return how many done flags changed."""
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
            had = mine[2] if mine else 0
            done = int(bool(state and state.get("done"))) if found else had
            later = max(rows, key=lambda row: (row[5] or "", row[3] or 0, row[4] or ""))
            merged = (article_id, annotator, done, later[3], later[4], later[5])
            if merged == mine:
                continue
            changed += done != had
            self.conn.execute(
                f"INSERT OR REPLACE INTO progress ({', '.join(PROGRESS_COLUMNS)}) VALUES (?, ?, ?, ?, ?, ?)", merged
            )
        return changed

    def _merge_replayed(self, new_events: list[tuple[Any, ...]]) -> None:
        """After a merge, bring every link and decision the new events touched to its latest event's state, as claims are."""
        touched = {(table, row["id"]) for row, table in map(_replayed_row, new_events) if table}
        for table, row_id in sorted(touched):
            found, state = self._latest_state(
                "claim_id IS NULL AND json_extract(coalesce(after, before), '$.id') = ?", [row_id])
            if found:
                self._put_row(table, row_id, state)

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
        refuse_special_file(path, StoreError)
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
            reason = sqlite_reason(exc) if isinstance(exc, sqlite3.Error) else exc.strerror or str(exc)
            raise StoreError(f"{path}: backup failed, nothing was written: {reason}") from None
        return path.stat().st_size



def _open_source(path: Path) -> sqlite3.Connection:
    """Open another claim-reader database read-only inside one read transaction, refusing anything merge cannot trust."""
    _check_file(path)
    if not path.is_file():
        raise StoreError(f"{path}: no such database file")
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
    problem = _quick_check(conn)
    if problem:
        conn.close()
        raise StoreError(f"{path}: the database is corrupt (quick_check: {problem}); nothing was merged")
    return conn


def _replayed_row(event: tuple[Any, ...]) -> tuple[dict[str, Any], str | None]:
    """For an events row (EVENT_COLUMNS order): its link or decision state and table, or ({}, None) for anything else."""
    if event[5] is not None:
        return {}, None
    state = orjson.loads(event[8] or event[7] or "{}")
    return state, _replayed_table(state)


def _replayed_table(state: dict[str, Any]) -> str | None:
    """The table a link or decision state belongs to, told by its keys, or None for a claim or progress state."""
    return ("links" if "relation" in state else "suggestion_decisions" if "decision" in state
            else "review_decisions" if "verdict" in state else None)


def _progress_event(event: tuple[Any, ...]) -> bool:
    """Whether an events row (EVENT_COLUMNS order) changed a done flag, as opposed to a claim, link or decision."""
    return event[5] is None and event[8] is not None and "done" in orjson.loads(event[8])
