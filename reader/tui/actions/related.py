"""The article screen's Related key: rank the current claim's counterparts in other articles and write the link
chosen."""

from __future__ import annotations

from dataclasses import replace

from textual import work
from textual.worker import get_current_worker

from reader.linking.related import Candidate, Match, Pool, rank, related_pool
from reader.models import Claim, Link
from reader.store import Store
from reader.tui.actions.host import ArticleActions
from reader.tui.keys.live import key_of
from reader.tui.screens.related import RelatedScreen

RELATED_LIMIT = 10


class RelatedActions(ArticleActions):
    """Mixed into the article screen: the Related key opens the panel for the current claim and writes the link chosen
    there."""

    def action_related(self) -> None:
        """Read and rank the current claim's possible counterparts in other articles off the UI thread, then show
        them."""
        claim = self.current_claim(own=False)
        if claim is None:
            return
        self._rank_related(claim, self.text[claim.start : claim.end], self.article_id)

    @work(thread=True, exclusive=True, group="related")
    def _rank_related(self, claim: Claim, quote: str, article_id: str) -> None:
        """Read the candidates (up to a hundred articles, segmented) and score them against the claim's text, both
        too slow for the UI thread, then open the panel."""
        with self.store.another() as store:
            pool = related_pool(store, article_id, quote)
        if get_current_worker().is_cancelled:
            return
        matches = rank(quote, pool.candidates, limit=RELATED_LIMIT)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_related, claim, quote, matches, pool)

    def _show_related(self, claim: Claim, quote: str, matches: list[Match], pool: Pool) -> None:
        """Open the Related panel on the ranked counterparts, with the claim's existing links."""
        links = {link.other(claim.id): link for link in self.store.links.of_claim(claim.id)}
        shown = {m.candidate.article_id: pool.titles[m.candidate.article_id] for m in matches}
        mine = frozenset(c.article_id for c in pool.candidates if c.claim and c.claim.annotator == self.annotator)
        self.app.push_screen(
            RelatedScreen(self.store, claim, quote, matches, shown, links, linker=self._link, mine=mine),
            self._linked,
        )

    def show_claim(self, claim_id: str) -> None:
        """Put the cursor on a claim (opened from the Claim map), showing others' claims first when it is theirs."""
        claim = self.claims.by_id.get(claim_id)
        if claim is not None and not self.claims.shows(claim):
            self.action_others()
        self.view.focus_claim(claim_id)

    def _link(self, store: Store, claim_id: str, other: Candidate, relation: str) -> tuple[Candidate, Link]:
        """Store a link chosen in the panel through `store`, making a sentence the annotator's claim first (one undo
        step); return the counterpart as it is now."""
        if other.claim is not None:
            return other, store.links.create(self.annotator, claim_id, other.claim.id, relation)
        confidence = store.schema.default_confidence
        made, link = store.links.to_sentence(
            self.annotator, claim_id, other.article_id, other.start, other.end, relation, confidence
        )
        return replace(other, claim=made), link

    def _linked(self, made: int | None) -> None:
        """Say what the panel did once it closes."""
        if made:
            self.status.say(
                f"saved: {made} link{'' if made == 1 else 's'} made  ({key_of(self, 'undo')} undoes them one by one, "
                f"{key_of(self, 'related')} shows the links)",
                "saved",
            )
