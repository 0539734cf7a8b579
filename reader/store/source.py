"""Another claim-reader database, opened read-only to be merged in: its rows as named rows, read in one snapshot,
after every check that the file is one merge can read."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import Self

from reader.errors import StoreError
from reader.store.connection import SCHEMA_VERSION, check_file, open_readonly, quick_check
from reader.store.rows import CLAIM_COLUMNS, ClaimRow, EventRow, ProgressRow, StoredArticle, columns

MERGED_TABLES = {"articles", "claims", "progress", "events"}


class Source:
    """One database to merge from, held in one read transaction until closed; nothing here writes."""

    def __init__(self, path: Path) -> None:
        """Open `path` read-only, refusing a missing file, one of a newer claim-reader, another program's or a
        corrupt one."""
        self.path = path
        check_file(path)
        if not path.is_file():
            raise StoreError(f"{path}: no such database file")
        self.conn = open_readonly(path)
        try:
            self._check()
        except BaseException:
            self.conn.close()
            raise

    def _check(self) -> None:
        """Begin the snapshot and refuse what merge cannot read."""
        try:
            self.conn.execute("BEGIN")
            version = self.conn.execute("PRAGMA user_version").fetchone()[0]
            tables = {r[0] for r in self.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: cannot read it: {exc}") from None
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: written by a newer claim-reader (schema {version}); upgrade claim-reader first"
            )
        if not tables >= MERGED_TABLES:
            raise StoreError(f"{self.path}: not a claim-reader database")
        problem = quick_check(self.conn)
        if problem:
            raise StoreError(f"{self.path}: the database is corrupt (quick_check: {problem}); nothing was merged")

    def articles(self) -> Iterator[tuple[int, StoredArticle]]:
        """(rowid, article) in the order they were added there."""
        for rowid, *row in self.conn.execute(f"SELECT rowid, {columns(StoredArticle)} FROM articles ORDER BY rowid"):
            yield rowid, StoredArticle(*row)

    def events(self) -> Iterator[tuple[int, EventRow, str | None]]:
        """(seq, event, OS account that made it) in log order; a log older than the OS account column gives None."""
        has_os_user = any(r[1] == "os_user" for r in self.conn.execute("PRAGMA table_info(events)"))
        sql = f"SELECT seq, {columns(EventRow)}, {'os_user' if has_os_user else 'NULL'} FROM events ORDER BY seq"
        for seq, *row, made_by in self.conn.execute(sql):
            yield seq, EventRow(*row), made_by

    def claims(self) -> dict[str, dict[str, object]]:
        """Every claims row as a dict keyed by column, by id."""
        return {
            r[0]: dict(zip(CLAIM_COLUMNS, r, strict=True))
            for r in self.conn.execute(f"SELECT {columns(ClaimRow)} FROM claims")
        }

    def progress(self) -> dict[tuple[str, str], ProgressRow]:
        """Every progress row, by (article id, annotator)."""
        rows = self.conn.execute(f"SELECT {columns(ProgressRow)} FROM progress")
        return {(r[0], r[1]): ProgressRow(*r) for r in rows}

    def close(self) -> None:
        """End the snapshot and close the file."""
        self.conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()
