"""The row-level writes several parts of the store make inside their transactions: the event log, claims, progress and replayed rows."""

from __future__ import annotations

from typing import Any

import orjson
from reader import identity
from reader.store.base import StoreBase
from reader.store.rows import CLAIM_COLUMNS, _dumps, _int, models


class Tables(StoreBase):
    """Rows written by more than one concept (claims by import, undo and merge; events by every change), kept in one place."""

    def _log(self, event: models.Event, via: str) -> None:
        """Append one event to the log (inside the caller's transaction)."""
        self.conn.execute(
            "INSERT INTO events (id, ts, annotator, kind, via, article_id, claim_id, target, before, after, os_user)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [event.id, event.ts, event.annotator, event.kind, via, event.article_id, event.claim_id, event.target,
             _dumps(event.before) if event.before is not None else None,
             _dumps(event.after) if event.after is not None else None, identity.os_user()],
        )

    def _insert_claim_row(self, row: dict[str, Any], *, ignore: bool = False) -> bool:
        """Insert one claims row (inside the caller's transaction); return whether a row was added."""
        cursor = self.conn.execute(
            f"INSERT {'OR IGNORE ' if ignore else ''}INTO claims ({', '.join(CLAIM_COLUMNS)})"
            f" VALUES ({', '.join('?' * len(CLAIM_COLUMNS))})",
            [row[c] for c in CLAIM_COLUMNS],
        )
        return cursor.rowcount > 0

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

    def _latest_state(self, where: str, params: list[Any]) -> tuple[bool, dict[str, Any] | None]:
        """Whether events match `where`, and the after-state of the latest by (ts, id): the rule merges decide by."""
        row = self.conn.execute(
            f"SELECT after FROM events WHERE {where} ORDER BY ts DESC, id DESC LIMIT 1", params
        ).fetchone()
        if row is None:
            return False, None
        return True, orjson.loads(row[0]) if row[0] else None

    def _claim_row_by_id(self, claim_id: str) -> dict[str, Any] | None:
        """One claims row as a dict keyed by CLAIM_COLUMNS, or None."""
        row = self.conn.execute(f"SELECT {', '.join(CLAIM_COLUMNS)} FROM claims WHERE id = ?", [claim_id]).fetchone()
        return dict(zip(CLAIM_COLUMNS, row, strict=True)) if row else None
