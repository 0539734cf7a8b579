"""The one API over the SQLite database: a `Store` owns the connection and its write transaction, and one part per
concept (`store.claims`, `store.history`, ...) holds that concept's SQL; nothing outside this package speaks SQL."""

from __future__ import annotations

import sqlite3
from contextlib import AbstractContextManager
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Self

from reader.errors import StoreError
from reader.store.agreement import Agreement
from reader.store.articles import ArticleRow, Articles
from reader.store.assignments import Assignments
from reader.store.claims import Claims
from reader.store.connection import SCHEMA_VERSION, Check, Connection, sqlite_reason
from reader.store.decisions import Decisions
from reader.store.exports import Exports, SpanFilter
from reader.store.gold import Gold
from reader.store.history import History
from reader.store.imports import Imports
from reader.store.links import Links
from reader.store.progress import Progress
from reader.store.rows import CLAIM_COLUMNS, batched
from reader.store.settings import Settings
from reader.store.tokens import Tokens
from reader.store.verifications import Verifications

if TYPE_CHECKING:
    from reader.schema import Schema

__all__ = ["CLAIM_COLUMNS", "SCHEMA_VERSION", "ArticleRow", "SpanFilter", "Store", "batched"]


class Store:
    """A claim-reader database: open it, then call its parts; each user action is one committed transaction.

    `store.db` is the shared connection; the parts (articles, claims, progress, history, links, decisions, gold,
    assignments, imports, exports, agreement, verifications, tokens) each own one concept and reach the others by
    name.
    """

    def __init__(
        self, path: str | Path, *, schema: Schema | None = None, readonly: bool | None = None, check: Check = "never"
    ) -> None:
        """Open (or create) the database; `schema` is put in force as --schema does (see `use_schema`)."""
        self.db = Connection(path, readonly=readonly, check=check)
        self._settings = Settings(self)
        self.articles = Articles(self)
        self.claims = Claims(self)
        self.progress = Progress(self)
        self.history = History(self)
        self.links = Links(self)
        self.decisions = Decisions(self)
        self.gold = Gold(self)
        self.assignments = Assignments(self)
        self.imports = Imports(self)
        self.exports = Exports(self)
        self.agreement = Agreement(self)
        self.verifications = Verifications(self)
        self.tokens = Tokens(self)
        try:
            self._schema = self._settings.schema_in_force(schema) if schema is not None or self.db.created else None
        except sqlite3.DatabaseError as exc:
            self.db.close()
            raise StoreError(f"{self.path}: {sqlite_reason(exc)}") from None
        except BaseException:
            self.db.close()
            raise

    @property
    def path(self) -> Path:
        """The database file."""
        return self.db.path

    @property
    def readonly(self) -> bool:
        """Whether this store may not write (opened read-only, or the file or its folder is not writable)."""
        return self.db.readonly

    @property
    def schema(self) -> Schema:
        """The label schema in force; an existing database's stored schema is read on first use, off the start-up
        path."""
        if self._schema is None:
            self._schema = self._settings.schema_in_force(None)
        return self._schema

    def use_schema(self, schema: Schema) -> Schema:
        """Put a schema in force as --schema does (refused if it would orphan claims): the one a native export
        carries."""
        self._schema = self._settings.schema_in_force(schema)
        return self._schema

    def write(self, *, wait: bool = True) -> AbstractContextManager[None]:
        """The one write transaction: everything inside is committed together, or nothing is (see Connection.write)."""
        return self.db.write(wait=wait)

    def snapshot(self) -> AbstractContextManager[None]:
        """One read transaction, so several reads (an export's streams) see the same committed state."""
        return self.db.snapshot()

    def another(self, *, readonly: bool = True) -> Store:
        """A store of its own on the same database for the calling thread (a worker), which must close it: WAL lets it
        read while this one writes, and this store's connection stays with the thread that opened it."""
        return Store(self.path, schema=self._schema, readonly=readonly or self.readonly)

    def close(self) -> None:
        """Close the connection (and the writers' lock file)."""
        self.db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()
