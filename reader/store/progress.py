"""Progress: where each annotator is reading an article and whether they marked it done."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reader.identity import GOLD
from reader.store.part import Part
from reader.store.rows import ProgressRow, as_int, columns, dumps, in_list, models


class Progress(Part):
    """Done marks (logged, so undo and merge follow them) and reading positions (not logged)."""

    def get(self, article_id: str, annotator: str) -> models.Progress:
        """Done flag and reading position of one annotator on one article."""
        row = self.db.conn.execute(
            "SELECT done, position, updated_at FROM progress WHERE article_id = ? AND annotator = ?",
            [article_id, annotator],
        ).fetchone()
        if row is None:
            return models.Progress(article_id=article_id, annotator=annotator)
        position = row[1] if type(row[1]) is int and row[1] >= 0 else 0  # a hand-edited row must not stop the reader
        return models.Progress(
            article_id=article_id, annotator=annotator, done=bool(row[0]), position=position, updated_at=row[2]
        )

    def done_by(self, article_id: str) -> list[str]:
        """Annotators who marked an article done, sorted."""
        rows = self.db.conn.execute(
            "SELECT annotator FROM progress WHERE article_id = ? AND done = 1 ORDER BY annotator", [article_id]
        )
        return [r[0] for r in rows]

    def is_done(self, article_id: str, annotator: str) -> bool:
        """Whether the annotator's done mark is set."""
        row = self.db.conn.execute(
            "SELECT done FROM progress WHERE article_id = ? AND annotator = ?", [article_id, annotator]
        ).fetchone()
        return bool(row and row[0])

    def done_counts(self, annotators: Sequence[str] = ()) -> dict[str, int]:
        """How many articles each annotator (gold aside) marked done in all, compared or not, for agreement's
        per-annotator breakdown."""
        sql = "SELECT annotator, count(*) FROM progress WHERE done = 1 AND annotator != ?"
        params: list[Any] = [GOLD]
        if annotators:
            clause, more = in_list("annotator", annotators)
            sql += f" AND {clause}"
            params += more
        return dict(self.db.conn.execute(sql + " GROUP BY annotator ORDER BY annotator", params).fetchall())

    def set_done(self, article_id: str, annotator: str, done: bool) -> models.Progress:
        """Mark an article done (or not) for an annotator and log it."""
        self.store.articles.get(article_id)
        before = self.get(article_id, annotator)
        stamp = models.now()
        with self.db.write():
            self.put(article_id, annotator, done=done, stamp=stamp)
            self.store.history.log(
                models.Event(
                    ts=stamp,
                    annotator=annotator,
                    kind="done" if done else "undone",
                    article_id=article_id,
                    before={"done": before.done},
                    after={"done": done},
                ),
                "reader",
            )
        return self.get(article_id, annotator)

    def set_position(self, article_id: str, annotator: str, position: int) -> None:
        """Remember where an annotator is reading (not an undoable change, so not logged)."""
        if self.db.readonly:
            return
        with self.db.write():
            self.put(article_id, annotator, position=position)

    def put(
        self,
        article_id: str,
        annotator: str,
        *,
        done: bool | None = None,
        position: int | None = None,
        meta: dict[str, Any] | None = None,
        stamp: str | None = None,
    ) -> None:
        """Insert or update one progress row, touching only the fields given (inside the caller's write, unlogged);
        `stamp` is when, the time of the event that logs the change where there is one."""
        self.db.conn.execute(
            "INSERT INTO progress (article_id, annotator, done, position, meta, updated_at)"
            " VALUES (?, ?, coalesce(?, 0), coalesce(?, 0), ?, ?)"
            " ON CONFLICT (article_id, annotator) DO UPDATE SET"
            " done = coalesce(?, done), position = coalesce(?, position), meta = coalesce(?, meta),"
            " updated_at = excluded.updated_at",
            [
                article_id,
                annotator,
                as_int(done),
                position,
                dumps(meta) if meta else None,
                stamp or models.now(),
                as_int(done),
                position,
                dumps(meta) if meta else None,
            ],
        )

    def row(self, article_id: str, annotator: str) -> ProgressRow | None:
        """One progress row as stored, or None."""
        row = self.db.conn.execute(
            f"SELECT {columns(ProgressRow)} FROM progress WHERE article_id = ? AND annotator = ?",
            [article_id, annotator],
        ).fetchone()
        return ProgressRow(*row) if row else None

    def replace(self, row: ProgressRow) -> None:
        """Make one progress row exactly `row` (inside the caller's write, unlogged: merge logs the events it adds)."""
        self.db.conn.execute(
            f"INSERT OR REPLACE INTO progress ({columns(ProgressRow)})"
            f" VALUES ({', '.join('?' * len(ProgressRow._fields))})",
            row,
        )
