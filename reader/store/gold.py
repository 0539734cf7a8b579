"""Gold: leads accept annotators' claims into the adjudicated layer, edit gold and reject review rows."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

from reader.errors import InputError
from reader.identity import GOLD
from reader.store.claims import claim_row
from reader.store.replayed import ReplayedRows
from reader.store.rows import SEP, models


class Gold(ReplayedRows):
    """Gold claims and review verdicts, written by leads only."""

    table = "review_decisions"

    def _require_lead(self, lead: str) -> None:
        """Refuse anyone the schema does not list as a lead: only leads write gold or review decisions."""
        refusal = self.store.schema.lead_refusal(lead)
        if refusal:
            raise InputError(refusal)

    def accept(self, lead: str, article_id: str, items: Sequence[models.GoldItem]) -> list[models.Claim]:
        """Create gold claims adjudicated by `lead`, lifting any rejection of their review rows, as one transaction
        and one undo step."""
        self._require_lead(lead)
        claims = [
            models.Claim(
                article_id=article_id,
                annotator=GOLD,
                start=item.start,
                end=item.end,
                origin="adjudicated",
                adjudicated_by=lead,
                **item.fields.model_dump(),
            )
            for item in items
        ]
        claims = [self.store.claims.validate(claim) for claim in claims]
        action = models.new_id()
        with self.db.write():
            for item, claim in zip(items, claims, strict=True):
                self.store.claims.add(claim, lead, action)
                self._set_verdict(lead, article_id, item.row_key, None, action)
        return claims

    def edit(self, lead: str, claim_id: str, **changes: Any) -> models.Claim:
        """Change a gold claim's fields (leads only), recording `lead` as the one who adjudicated it."""
        self._require_lead(lead)
        claims = self.store.claims
        return claims.rewrite(claims.owned(claim_id, GOLD), lead, {**changes, "adjudicated_by": lead})

    def reject_row(self, lead: str, article_id: str, row_key: str, gold_ids: Sequence[str] = ()) -> int:
        """Record a review row as rejected (no gold claim there), deleting the gold claims taken from it, as one undo
        step; return how many."""
        self._require_lead(lead)
        self.store.articles.get(article_id)
        golds = [self.store.claims.owned(claim_id, GOLD) for claim_id in gold_ids]
        action = models.new_id()
        with self.db.write():
            for claim in golds:
                self.store.claims.remove(claim.id)
                self.store.history.log(
                    models.Event(
                        annotator=lead,
                        kind="delete",
                        article_id=article_id,
                        claim_id=claim.id,
                        before=claim_row(claim),
                        target=action,
                    ),
                    "reader",
                )
            self._set_verdict(lead, article_id, row_key, "rejected", action)
        return len(golds)

    def settle(self, lead: str, article_id: str, row_key: str, action: str) -> None:
        """Lift any rejection of a review row that now has gold, logged as part of `action` (inside the caller's
        write)."""
        self._set_verdict(lead, article_id, row_key, None, action)

    def _set_verdict(self, lead: str, article_id: str, row_key: str, verdict: str | None, action: str) -> None:
        """Make a review row's decision `verdict` (None: none), logged as part of `action` (inside the caller's
        write)."""
        row_id = hashlib.sha256(SEP.join((article_id, row_key)).encode()).hexdigest()[:32]
        before = self.row(row_id)
        after = (
            None
            if verdict is None
            else {
                "id": row_id,
                "article_id": article_id,
                "row_key": row_key,
                "verdict": verdict,
                "lead": lead,
                "ts": models.now(),
            }
        )
        if before is None and after is None:
            return
        self.put(row_id, after)
        self.store.history.log(
            models.Event(
                annotator=lead, kind="review", article_id=article_id, before=before, after=after, target=action
            ),
            "reader",
        )

    def rejected_rows(self, article_id: str | None = None) -> dict[str, set[str]]:
        """The review rows leads rejected, by article (one article, or all), so review progress counts them."""
        sql, params = "SELECT article_id, row_key FROM review_decisions WHERE verdict = 'rejected'", []
        if article_id is not None:
            sql, params = sql + " AND article_id = ?", [article_id]
        found: dict[str, set[str]] = {}
        for article, row_key in self.db.conn.execute(sql, params):
            found.setdefault(article, set()).add(row_key)
        return found
