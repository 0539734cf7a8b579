"""The article screen's Related key: rank the current claim's counterparts in other articles and write the link
chosen."""

from __future__ import annotations

from textual import work
from textual.worker import get_current_worker

from reader.linking.related import Match, rank, related_pool
from reader.models import Claim, Link
from reader.tui.actions.host import ArticleActions
from reader.tui.keys.live import key_of
from reader.tui.screens.related import Choice, RelatedScreen

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
            self.app.call_from_thread(self._show_related, claim, quote, matches, pool.titles)

    def _show_related(self, claim: Claim, quote: str, matches: list[Match], titles: dict[str, str]) -> None:
        """Open the Related panel on the ranked counterparts, with the claim's existing links."""
        links = {link.other(claim.id): link for link in self.store.links.of_claim(claim.id)}
        shown = {m.candidate.article_id: titles[m.candidate.article_id] for m in matches}
        self.app.push_screen(RelatedScreen(claim, quote, matches, shown, links), self._link_chosen)

    def show_claim(self, claim_id: str) -> None:
        """Put the cursor on a claim (opened from the Claim map), showing others' claims first when it is theirs."""
        claim = self.claims.by_id.get(claim_id)
        if claim is not None and not self.claims.shows(claim):
            self.action_others()
        self.view.focus_claim(claim_id)

    def _link_chosen(self, choice: Choice | None) -> None:
        """Store the link chosen in the panel, making a sentence the annotator's claim first (one undo step), and say
        saved."""
        if choice is None:
            return
        claim_id, other, relation = choice
        annotator = self.annotator
        if other.claim is not None:
            other_id = other.claim.id
            self.write(
                lambda store: store.links.create(annotator, claim_id, other_id, relation),
                saved=f"saved: linked as {relation}  ({key_of(self, 'undo')} undoes, "
                f"{key_of(self, 'related')} shows the links)",
            )
            return
        confidence = self.store.schema.default_confidence

        def made(claim_and_link: tuple[Claim, Link]) -> None:
            self.status.say(
                f"saved: that sentence is now your {claim_and_link[0].label} claim there, linked as {relation}"
                f"  ({key_of(self, 'undo')} undoes both)",
                "saved",
            )

        self.write(
            lambda store: store.links.to_sentence(
                annotator, claim_id, other.article_id, other.start, other.end, relation, confidence
            ),
            made,
        )
