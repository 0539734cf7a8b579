"""The tables whose rows events carry whole (links, suggestion decisions, review decisions): undo, redo and merge
bring such a row to the state an event holds, so each of their parts can read and put a row as a plain dict."""

from __future__ import annotations

from typing import Any, ClassVar

from reader.store.part import Part


class ReplayedRows(Part):
    """A part whose table's rows are replayed from events: read one as a dict, put one back as a dict."""

    table: ClassVar[str]
    """The table the part owns."""

    def row(self, row_id: str) -> dict[str, Any] | None:
        """One row as a dict keyed by column, or None."""
        cursor = self.db.conn.execute(f"SELECT * FROM {self.table} WHERE id = ?", [row_id])
        row = cursor.fetchone()
        return dict(zip([d[0] for d in cursor.description], row, strict=True)) if row else None

    def put(self, row_id: str, row: dict[str, Any] | None) -> None:
        """Make row `row_id` exactly `row` (None: absent), inside the caller's write."""
        self.db.conn.execute(f"DELETE FROM {self.table} WHERE id = ?", [row_id])
        if row is not None:
            names = ", ".join(f'"{c}"' for c in row)
            marks = ", ".join("?" * len(row))
            self.db.conn.execute(f"INSERT INTO {self.table} ({names}) VALUES ({marks})", list(row.values()))

    def refusal(self, state: dict[str, Any]) -> str | None:
        """Why another file's row may not be replayed into this table beyond its columns (None if it may)."""
        return None

    def columns(self) -> list[str]:
        """The table's column names as this database spells them: what a row put into it must carry exactly."""
        return [row[1] for row in self.db.conn.execute(f"PRAGMA table_info({self.table})")]
