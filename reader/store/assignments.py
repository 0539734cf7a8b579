"""The assignment plan: which annotators should annotate which article, and how far each has got with theirs."""

from __future__ import annotations

from collections.abc import Sequence

import orjson

from reader import identity
from reader.errors import InputError
from reader.store.part import Part
from reader.store.rows import dumps, models


class Assignments(Part):
    """Storing the plan reader/assignment.py makes, and reading it back for `assign --show` and the library; every
    change is logged with the OS account that made it."""

    def replace(
        self, plan: dict[str, list[str]], annotators: Sequence[str] = (), overlap: int = 1, query: str | None = None
    ) -> tuple[int, int]:
        """Make the stored plan of the planned articles exactly `plan` in one transaction, logged with who asked for
        what (`annotators`, `overlap`, `query`); once the schema names leads, only they may. Return (rows added, rows
        removed)."""
        me, leads = identity.os_user(), self.store.schema.leads
        if leads and me not in leads:
            raise InputError(
                f"you are {me}, and only leads ({', '.join(leads)}) may change the assignment plan; nothing was changed"
            )
        stamp = models.now()
        wanted = {(article_id, annotator) for article_id, annotators in plan.items() for annotator in annotators}
        with self.db.write():
            current = {
                pair
                for pair in self.db.conn.execute("SELECT article_id, annotator FROM assignments")
                if pair[0] in plan
            }
            self.db.conn.executemany(
                "DELETE FROM assignments WHERE article_id = ? AND annotator = ?", sorted(current - wanted)
            )
            self.db.conn.executemany(
                "INSERT INTO assignments (article_id, annotator, assigned_at) VALUES (?, ?, ?)",
                [(*pair, stamp) for pair in sorted(wanted - current)],
            )
            self.db.conn.execute(
                "INSERT INTO assignment_log (ts, os_user, annotators, overlap, query, added, removed)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    stamp,
                    me,
                    dumps(list(annotators)),
                    overlap,
                    query,
                    dumps(sorted(wanted - current)),
                    dumps(sorted(current - wanted)),
                ],
            )
        return len(wanted - current), len(current - wanted)

    def log(self) -> list[models.AssignmentChange]:
        """Every change to the plan, oldest first: when, by which OS account, asked how, and how many rows it added
        and removed."""
        rows = self.db.conn.execute(
            "SELECT ts, os_user, annotators, overlap, query, json_array_length(added), json_array_length(removed)"
            " FROM assignment_log ORDER BY seq"
        )
        return [
            models.AssignmentChange(
                ts=r[0], os_user=r[1], annotators=orjson.loads(r[2]), overlap=r[3], query=r[4], added=r[5], removed=r[6]
            )
            for r in rows
        ]

    def of(self, annotator: str) -> list[str]:
        """Ids of the articles assigned to an annotator, in corpus order, for the library's "assigned to me"."""
        rows = self.db.conn.execute(
            "SELECT a.id FROM assignments s JOIN articles a ON a.id = s.article_id WHERE s.annotator = ?"
            " ORDER BY a.rowid",
            [annotator],
        )
        return [r[0] for r in rows]

    def next_undone(self, annotator: str, after: str | None = None) -> str | None:
        """The next article assigned to an annotator and not marked done by them, in corpus order after `after`
        (wrapping), or None."""
        row = self.db.conn.execute(
            "SELECT a.id FROM assignments s JOIN articles a ON a.id = s.article_id"
            " LEFT JOIN progress p ON p.article_id = s.article_id AND p.annotator = s.annotator"
            " WHERE s.annotator = ? AND coalesce(p.done, 0) = 0"
            " ORDER BY a.rowid <= coalesce((SELECT rowid FROM articles WHERE id = ?), 0), a.rowid LIMIT 1",
            [annotator, after],
        ).fetchone()
        return row[0] if row else None

    def all(self) -> list[tuple[str, str, str, bool]]:
        """The stored plan as (article id, title, annotator, done by them) in corpus order, for `assign --show`."""
        rows = self.db.conn.execute(
            "SELECT a.id, a.title, s.annotator, coalesce(p.done, 0) FROM assignments s"
            " JOIN articles a ON a.id = s.article_id"
            " LEFT JOIN progress p ON p.article_id = s.article_id AND p.annotator = s.annotator"
            " ORDER BY a.rowid, s.annotator"
        )
        return [(r[0], r[1], r[2], bool(r[3])) for r in rows]

    def loads(self) -> list[models.AssignmentLoad]:
        """Per annotator: how many articles are assigned to them and how many of those they marked done."""
        rows = self.db.conn.execute(
            "SELECT s.annotator, count(*), sum(coalesce(p.done, 0)) FROM assignments s"
            " LEFT JOIN progress p ON p.article_id = s.article_id AND p.annotator = s.annotator"
            " GROUP BY s.annotator ORDER BY s.annotator"
        )
        return [models.AssignmentLoad(annotator=r[0], assigned=r[1], done=r[2]) for r in rows]
