"""An article's claims held in text order, with the visible subset kept in step, so a write costs a bisect, not a
rebuild."""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reader.models import Claim


def order(claim: Claim) -> tuple[int, int, str]:
    """Text order of claims, the order the store returns them in."""
    return claim.start, claim.end, claim.id


class ClaimSet:
    """All claims of one article, the ones shown (mine, or everyone's), by id, and counts per annotator."""

    def __init__(self, claims: list[Claim], annotator: str, show_others: bool) -> None:
        self.annotator = annotator
        self.show_others = show_others
        self.all = claims
        self.by_id = {claim.id: claim for claim in claims}
        self.counts = Counter(claim.annotator for claim in claims)
        self.shown = self._select()

    def _select(self) -> list[Claim]:
        """The visible claims: the annotator's own, plus everyone else's when asked."""
        return list(self.all) if self.show_others else [c for c in self.all if c.annotator == self.annotator]

    def shows(self, claim: Claim) -> bool:
        """Whether a claim is visible."""
        return self.show_others or claim.annotator == self.annotator

    def toggle_others(self) -> None:
        """Show or hide the other annotators' claims."""
        self.show_others = not self.show_others
        self.shown = self._select()

    def index(self, claim_id: str | None) -> int | None:
        """Position of a visible claim in `shown`, or None."""
        claim = self.by_id.get(claim_id) if claim_id else None
        if claim is None or not self.shows(claim):
            return None
        return bisect_left(self.shown, order(claim), key=order)

    def replace(self, claim_id: str, claim: Claim | None) -> int | None:
        """Swap a claim for its new state (None: gone); return the first index of `shown` that changed, if any."""
        changed: list[int] = []
        old = self.by_id.pop(claim_id, None)
        if old is not None:
            del self.all[bisect_left(self.all, order(old), key=order)]
            self.counts[old.annotator] -= 1
            if self.shows(old):
                at = bisect_left(self.shown, order(old), key=order)
                del self.shown[at]
                changed.append(at)
        if claim is not None:
            self.all.insert(bisect_left(self.all, order(claim), key=order), claim)
            self.by_id[claim.id] = claim
            self.counts[claim.annotator] += 1
            if self.shows(claim):
                at = bisect_left(self.shown, order(claim), key=order)
                self.shown.insert(at, claim)
                changed.append(at)
        return min(changed) if changed else None

    def mine_on(self, span: tuple[int, int], prefer: str | None = None) -> Claim | None:
        """The annotator's claim with exactly this span (the one `prefer` names, if several), or None."""
        at = bisect_left(self.all, (span[0], span[1], ""), key=order)
        found = []
        while at < len(self.all) and (self.all[at].start, self.all[at].end) == span:
            if self.all[at].annotator == self.annotator:
                found.append(self.all[at])
            at += 1
        return next((claim for claim in found if claim.id == prefer), found[0] if found else None)

    def others(self) -> dict[str, int]:
        """How many claims each other annotator has here."""
        return {name: n for name, n in sorted(self.counts.items()) if name != self.annotator and n}
