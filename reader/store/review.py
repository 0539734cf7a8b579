"""Adjudication: leads accept claims into gold, edit gold and reject review rows."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

from reader.errors import InputError
from reader.identity import GOLD
from reader.store.claims import Claims
from reader.store.rows import SEP, _claim_row, models


class Review(Claims):
    """Gold claims and review verdicts, written by leads only."""

    def _require_lead(self, lead: str) -> None:
        """Refuse anyone the schema does not list as a lead: only leads write gold or review decisions."""
        refusal = self.schema.lead_refusal(lead)
        if refusal:
            raise InputError(refusal)

    def accept_into_gold(self, lead: str, article_id: str, items: Sequence[models.GoldItem]) -> list[models.Claim]:
        """Create gold claims adjudicated by `lead`, lifting any rejection of their review rows, as one transaction and one undo step."""
        self._require_lead(lead)
        claims = [models.Claim(article_id=article_id, annotator=GOLD, start=item.start, end=item.end, origin="adjudicated",
                        adjudicated_by=lead, **item.fields.model_dump()) for item in items]
        for claim in claims:
            self.validate_claim(claim)
        action = models.new_id()
        with self.write():
            for item, claim in zip(items, claims, strict=True):
                self._add_claim(claim, lead, action)
                self._set_verdict(lead, article_id, item.row_key, None, action)
        return claims

    def edit_gold(self, lead: str, claim_id: str, **changes: Any) -> models.Claim:
        """Change a gold claim's fields (leads only), recording `lead` as the one who adjudicated it."""
        self._require_lead(lead)
        return self._rewrite_claim(self._own_claim(claim_id, GOLD), lead, {**changes, "adjudicated_by": lead})

    def reject_row(self, lead: str, article_id: str, row_key: str, gold_ids: Sequence[str] = ()) -> int:
        """Record a review row as rejected (no gold claim there), deleting the gold claims taken from it, as one undo step; return how many."""
        self._require_lead(lead)
        self.article(article_id)
        golds = [self._own_claim(claim_id, GOLD) for claim_id in gold_ids]
        action = models.new_id()
        with self.write():
            for claim in golds:
                self.conn.execute("DELETE FROM claims WHERE id = ?", [claim.id])
                self._log(models.Event(annotator=lead, kind="delete", article_id=article_id, claim_id=claim.id,
                                before=_claim_row(claim), target=action), "reader")
            self._set_verdict(lead, article_id, row_key, "rejected", action)
        return len(golds)

    def _set_verdict(self, lead: str, article_id: str, row_key: str, verdict: str | None, action: str) -> None:
        """Make a review row's decision `verdict` (None: none), logged as part of `action` (inside the caller's transaction)."""
        row_id = hashlib.sha256(SEP.join((article_id, row_key)).encode()).hexdigest()[:32]
        before = self._row_by_id("review_decisions", row_id)
        after = None if verdict is None else {"id": row_id, "article_id": article_id, "row_key": row_key,
                                              "verdict": verdict, "lead": lead, "ts": models.now()}
        if before is None and after is None:
            return
        self._put_row("review_decisions", row_id, after)
        self._log(models.Event(annotator=lead, kind="review", article_id=article_id, before=before, after=after,
                        target=action), "reader")

    def rejected_rows(self, article_id: str | None = None) -> dict[str, set[str]]:
        """The review rows leads rejected, by article (one article, or all), so review progress counts them."""
        sql, params = "SELECT article_id, row_key FROM review_decisions WHERE verdict = 'rejected'", []
        if article_id is not None:
            sql, params = sql + " AND article_id = ?", [article_id]
        found: dict[str, set[str]] = {}
        for article, row_key in self.conn.execute(sql, params):
            found.setdefault(article, set()).add(row_key)
        return found
