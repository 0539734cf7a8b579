"""The event log and undo/redo rebuilt from it, per annotator and article."""

from __future__ import annotations

from typing import Any

import orjson
from reader.store.rows import models
from reader.store.tables import Tables

UNDOABLE = ("create", "update", "delete", "done", "undone", "link", "unlink", "reject", "review")
REPLAYED_KINDS = {"link": "links", "unlink": "links", "accept": "suggestion_decisions",
                  "reject": "suggestion_decisions", "review": "review_decisions"}
"""Event kinds whose rows live outside claims and progress, and the table each one's before/after rows belong to."""


class History(Tables):
    """Reading the log, and undo and redo as whole actions."""

    def events(self, *, article_id: str | None = None, annotator: str | None = None,
               via: str | None = None) -> list[models.Event]:
        """The event log in commit order, optionally for one article, annotator and/or origin."""
        sql = "SELECT id, ts, annotator, kind, article_id, claim_id, target, before, after FROM events WHERE 1"
        params: list[Any] = []
        for column, value in (("article_id", article_id), ("annotator", annotator), ("via", via)):
            if value is not None:
                sql += f" AND {column} = ?"
                params.append(value)
        return [_event_from_row(r) for r in self.conn.execute(sql + " ORDER BY seq", params)]

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
        return _event_from_row(r)

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

    def _restore_row(self, event: models.Event, state: dict[str, Any] | None) -> None:
        """Undo or redo a link or decision event: bring its row to `state`."""
        self._put_row(REPLAYED_KINDS[event.kind], (event.before or event.after or {})["id"], state)


def _event_from_row(r: tuple[Any, ...]) -> models.Event:
    """Turn an events row (id, ts, annotator, kind, article_id, claim_id, target, before, after) into an Event."""
    return models.Event(id=r[0], ts=r[1], annotator=r[2], kind=r[3], article_id=r[4], claim_id=r[5], target=r[6],
                        before=orjson.loads(r[7]) if r[7] else None, after=orjson.loads(r[8]) if r[8] else None)
