"""Each annotator's accept and reject decisions on suggestions, so rejected ones stay hidden and undo brings them
back."""

from __future__ import annotations

import hashlib
from typing import Any, Literal

from reader.store.replayed import ReplayedRows
from reader.store.rows import SEP, models

DECISIONS = {"accept": "accepted", "reject": "rejected"}


def decision_id(annotator: str, article_id: str, start: int, end: int, label: str) -> str:
    """A decision's id, derived from what it decides, so two databases name the same decision alike and merges meet."""
    key = SEP.join((annotator, article_id, str(start), str(end), label))
    return hashlib.sha256(key.encode()).hexdigest()[:32]


class Decisions(ReplayedRows):
    """Recording and reading suggestion decisions."""

    table = "suggestion_decisions"

    def of(self, annotator: str, article_id: str) -> dict[tuple[int, int, str], str]:
        """An annotator's decisions on one article's suggestions by (start, end, label), so rejected ones stay
        hidden."""
        rows = self.db.conn.execute(
            'SELECT start, "end", label, decision FROM suggestion_decisions WHERE annotator = ? AND article_id = ?',
            [annotator, article_id],
        )
        return {(r[0], r[1], r[2]): r[3] for r in rows}

    def reject(self, annotator: str, article_id: str, start: int, end: int, label: str) -> None:
        """Hide a suggestion from this annotator, logged so that undo shows it again."""
        self.store.articles.get(article_id)
        with self.db.write():
            self._decide(annotator, article_id, (start, end, label), "reject")

    def accept(
        self, annotator: str, article_id: str, start: int, end: int, suggested: str, fields: models.ClaimFields
    ) -> models.Claim:
        """Turn a suggestion into an ordinary claim (origin "suggestion"; its create is what undo takes back) and
        record the acceptance."""
        claim = self.store.claims.create(article_id, annotator, start, end, fields, origin="suggestion")
        with self.db.write():
            self._decide(annotator, article_id, (start, end, suggested), "accept")
        return claim

    def _decide(
        self, annotator: str, article_id: str, key: tuple[int, int, str], kind: Literal["accept", "reject"]
    ) -> None:
        """Store one decision row (inside the caller's write) and log it with the row it replaced."""
        start, end, label = key
        row_id = decision_id(annotator, article_id, *key)
        row: dict[str, Any] = {
            "id": row_id,
            "annotator": annotator,
            "article_id": article_id,
            "start": start,
            "end": end,
            "label": label,
            "decision": DECISIONS[kind],
            "ts": models.now(),
        }
        before = self.row(row_id)
        self.put(row_id, row)
        self.store.history.log(
            models.Event(annotator=annotator, kind=kind, article_id=article_id, before=before, after=row), "reader"
        )
