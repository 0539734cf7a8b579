"""The event log: every change is logged here, undo and redo are rebuilt from it per annotator and article, and a
database is checked against it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import orjson

from reader import identity
from reader.store.part import Part
from reader.store.rows import EventRow, columns, dumps, models

if TYPE_CHECKING:
    from reader.store.replayed import ReplayedRows

UNDOABLE = ("create", "update", "delete", "done", "undone", "link", "unlink", "reject", "review", "verify")
REPLAYED_KINDS = {
    "link": "links",
    "unlink": "links",
    "accept": "decisions",
    "reject": "decisions",
    "review": "gold",
    "verify": "verifications",
}
"""Event kinds whose rows live outside claims and progress, and the part of the store whose table holds them."""
SELECT_EVENTS = "SELECT id, ts, annotator, kind, article_id, claim_id, target, before, after FROM events"


class History(Part):
    """Logging, reading the log, undo and redo as whole actions, and the latest state the log gives a row."""

    def log(self, event: models.Event, via: str) -> None:
        """Append one event to the log (inside the caller's write), with the OS account that made it."""
        self.db.conn.execute(
            "INSERT INTO events (id, ts, annotator, kind, via, article_id, claim_id, target, before, after, os_user)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                event.id,
                event.ts,
                event.annotator,
                event.kind,
                via,
                event.article_id,
                event.claim_id,
                event.target,
                dumps(event.before) if event.before is not None else None,
                dumps(event.after) if event.after is not None else None,
                identity.os_user(),
            ],
        )

    def events(
        self, *, article_id: str | None = None, annotator: str | None = None, via: str | None = None
    ) -> list[models.Event]:
        """The event log in commit order, optionally for one article, annotator and/or origin."""
        sql = f"{SELECT_EVENTS} WHERE 1"
        params: list[Any] = []
        for column, value in (("article_id", article_id), ("annotator", annotator), ("via", via)):
            if value is not None:
                sql += f" AND {column} = ?"
                params.append(value)
        return [_event_from_row(r) for r in self.db.conn.execute(sql + " ORDER BY seq", params)]

    def undo(self, annotator: str, article_id: str) -> list[models.Event]:
        """Take back the annotator's latest action on this article whole (a change, an accept-all, a link with the claim
        made for it); return its events, latest first, or none when there is nothing to undo."""
        return self._step(annotator, article_id, undo=True)

    def redo(self, annotator: str, article_id: str) -> list[models.Event]:
        """Re-apply the action most recently undone on this article, whole; return its events in the order
        re-applied."""
        return self._step(annotator, article_id, undo=False)

    def _stacks(
        self, annotator: str, article_id: str
    ) -> tuple[list[tuple[str, str | None]], list[tuple[str, str | None]]]:
        """Rebuild the undo and redo stacks (event id, action id) of one annotator on one article from the log.

        Only changes made in the reader are undoable; imports and merges are not. Only ids are read here, so a
        long history costs little; the events themselves are loaded when they are applied.
        """
        undo: list[tuple[str, str | None]] = []
        redo: list[tuple[str, str | None]] = []
        rows = self.db.conn.execute(
            "SELECT id, kind, target FROM events"
            " WHERE article_id = ? AND annotator = ? AND via = 'reader' ORDER BY seq",
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
        taken = [
            _event_from_row(row)
            for row in self.db.conn.execute(f"{SELECT_EVENTS} WHERE id IN ({marks}) ORDER BY seq {order}", ids)
        ]
        with self.db.write():
            for target in taken:
                self._apply(target, reverse=undo)
                self.log(
                    models.Event(
                        annotator=annotator,
                        kind="undo" if undo else "redo",
                        article_id=target.article_id,
                        claim_id=target.claim_id,
                        target=target.id,
                        before=target.after if undo else target.before,
                        after=target.before if undo else target.after,
                    ),
                    "reader",
                )
        return taken

    def _action_articles(self, annotator: str, action: str, *, exclude: str) -> list[str]:
        """The other articles where the annotator's action `action` logged events."""
        rows = self.db.conn.execute(
            "SELECT DISTINCT article_id FROM events WHERE target = ? AND annotator = ?"
            " AND via = 'reader' AND article_id != ?",
            [action, annotator, exclude],
        )
        return [row[0] for row in rows]

    def _apply(self, event: models.Event, *, reverse: bool) -> None:
        """Bring the claim, progress, link or decision row an event touched to its before (reverse) or after state."""
        state = event.before if reverse else event.after
        if event.kind in ("done", "undone"):
            self.store.progress.put(event.article_id, event.annotator, done=bool(state and state["done"]))
        elif event.kind in REPLAYED_KINDS:
            self._replayed(REPLAYED_KINDS[event.kind]).put((event.before or event.after or {})["id"], state)
        else:
            self.store.claims.remove(event.claim_id or "")
            if state is not None:
                self.store.claims.insert(state)

    def _replayed(self, part: str) -> ReplayedRows:
        """The store's part (links, decisions or gold) whose table holds the rows of some event kinds."""
        found: ReplayedRows = getattr(self.store, part)
        return found

    def check(self) -> list[str]:
        """Problems found by SQLite's integrity check and by replaying the event log against the claims, so faults
        are detectable (none: an empty list)."""
        problems = self.db.integrity_problems()
        latest = dict(
            self.db.conn.execute(
                "SELECT claim_id, after FROM (SELECT claim_id, after, row_number() OVER"
                " (PARTITION BY claim_id ORDER BY ts DESC, id DESC) AS n FROM events WHERE claim_id IS NOT NULL)"
                " WHERE n = 1"
            ).fetchall()
        )
        rows = self.store.claims.rows()
        for claim_id in sorted(latest.keys() | rows.keys()):
            expected = orjson.loads(latest[claim_id]) if latest.get(claim_id) else None
            if claim_id not in latest:
                problems.append(f"claim {claim_id} has no event")
            elif rows.get(claim_id) != expected:
                problems.append(f"claim {claim_id} differs from its latest event")
        return problems

    def has(self, event_id: str) -> bool:
        """Whether the log holds an event with this id."""
        return self.db.conn.execute("SELECT 1 FROM events WHERE id = ?", [event_id]).fetchone() is not None

    def append(self, event: EventRow, claimed_os_user: str | None) -> None:
        """Append another database's event (inside the caller's write), marked as brought by a merge: its `os_user` is
        the account running the merge, and the one the other file names is kept apart as its claim, never as a fact."""
        self.db.conn.execute(
            f"INSERT INTO events ({columns(EventRow)}, os_user, claimed_os_user, via)"
            f" VALUES ({', '.join('?' * len(EventRow._fields))}, ?, ?, 'merge')",
            [*event, identity.os_user(), claimed_os_user],
        )

    def first_owner(self, claim_id: str) -> Any:
        """The annotator of the row a claim's earliest event (by time, then id) carries, or None."""
        row = self.db.conn.execute(
            "SELECT json_extract(coalesce(after, before), '$.annotator') FROM events WHERE claim_id = ?"
            " ORDER BY ts, id LIMIT 1",
            [claim_id],
        ).fetchone()
        return row[0] if row else None

    def latest_of_claim(self, claim_id: str) -> tuple[bool, dict[str, Any] | None]:
        """Whether the log has events on this claim, and the after-state of the latest by (ts, id)."""
        return self._latest("claim_id = ?", [claim_id])

    def latest_done(self, article_id: str, annotator: str) -> tuple[bool, dict[str, Any] | None]:
        """Whether the log has done or undone events of this annotator on this article, and the latest's after-state."""
        return self._latest(
            "article_id = ? AND annotator = ? AND claim_id IS NULL AND json_type(after, '$.done') IS NOT NULL",
            [article_id, annotator],
        )

    def progress_time(self, article_id: str, annotator: str) -> str | None:
        """When the latest done event of this annotator on this article was made (None: there is none)."""
        row = self.db.conn.execute(
            "SELECT max(ts) FROM events WHERE article_id = ? AND annotator = ? AND claim_id IS NULL"
            " AND json_type(after, '$.done') IS NOT NULL",
            [article_id, annotator],
        ).fetchone()
        return row[0] if row else None

    def latest_answer(self, article_id: str, annotator: str) -> tuple[bool, Any]:
        """Whether the log has events keeping this annotator's answer of another tool on this article, and the latest
        one's answer."""
        found, state = self._latest(
            "article_id = ? AND annotator = ? AND claim_id IS NULL AND json_type(after, '$.meta') IS NOT NULL",
            [article_id, annotator],
        )
        return found, state.get("meta") if state else None

    def latest_of_row(self, row_id: str) -> tuple[bool, dict[str, Any] | None]:
        """Whether the log has events on this link or decision row, and the latest's after-state."""
        return self._latest("claim_id IS NULL AND json_extract(coalesce(after, before), '$.id') = ?", [row_id])

    def _latest(self, where: str, params: list[Any]) -> tuple[bool, dict[str, Any] | None]:
        """Whether events match `where`, and the after-state of the latest by (ts, id): the rule merges decide by."""
        row = self.db.conn.execute(
            f"SELECT after FROM events WHERE {where} ORDER BY ts DESC, id DESC LIMIT 1", params
        ).fetchone()
        if row is None:
            return False, None
        return True, orjson.loads(row[0]) if row[0] else None


def _event_from_row(r: tuple[Any, ...]) -> models.Event:
    """Turn an events row (id, ts, annotator, kind, article_id, claim_id, target, before, after) into an Event."""
    return models.Event(
        id=r[0],
        ts=r[1],
        annotator=r[2],
        kind=r[3],
        article_id=r[4],
        claim_id=r[5],
        target=r[6],
        before=orjson.loads(r[7]) if r[7] else None,
        after=orjson.loads(r[8]) if r[8] else None,
    )
