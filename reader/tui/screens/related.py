"""The Related panel: counterparts of the current claim in other articles, and the relation chooser that links two claims."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from reader.models import RELATIONS, Claim, Link
from reader.store import Store
from reader.suggest.related import Candidate, Match, related
from reader.tui.claim_set import ClaimSet
from reader.tui.safe import visible
from reader.tui.widgets.related_panel import RelatedPanel
from reader.tui.widgets.status_line import StatusLine

RELATED_LIMIT = 10
RELATED_BINDINGS = [Binding("r", "related", "related")]
Choice = tuple[str, Candidate, str]
"""What the panel returns: the claim's id, its counterpart (a claim, or a sentence to make one of) and the relation."""


class RelatedScreen(ModalScreen[Choice | None]):
    """Lists the counterparts; a relation key (1-5) or Enter (the hinted relation) links the highlighted one (a sentence
    becomes a claim first); Esc closes."""

    DEFAULT_CSS = """
    RelatedScreen { align: center middle; }
    #related { width: 92%; height: 90%; border: thick $primary; background: $surface; padding: 0 1; }
    #related-title { height: auto; max-height: 2; text-wrap: nowrap; text-overflow: ellipsis; }
    #related-chooser { height: 1; color: $text-muted; }
    """

    BINDINGS = [
        *[Binding(str(n), f"link('{relation}')", relation, show=False) for n, relation in enumerate(RELATIONS, 1)],
        Binding("enter", "link('')", "link", show=False, priority=True),  # before the list's own Enter
        Binding("escape", "close", "close"),
        Binding("q", "close", "close", show=False),
    ]

    def __init__(self, claim: Claim, quote: str, matches: list[Match], titles: dict[str, str],
                 links: dict[str, Link]) -> None:
        super().__init__()
        self.claim = claim
        self.quote = quote
        self.panel = RelatedPanel(matches, titles, links, id="related-list")

    def compose(self) -> ComposeResult:
        chooser = [part for n, relation in enumerate(RELATIONS, 1)
                   for part in ((f"  {n}", "bold $accent"), f" {relation}")]
        with Vertical(id="related"):
            yield Static(Content.assemble(("Related to ", "bold"), (self.claim.label, "bold"), ": ",
                                          (visible(" ".join(self.quote.split())), "italic")), id="related-title")
            yield self.panel
            yield Static(Content.assemble("link as:", *chooser, ("  Enter", "bold $accent"), " the hint"),
                         id="related-chooser")
            yield StatusLine(self.claim.annotator, id="related-status")

    def on_mount(self) -> None:
        self.panel.focus()
        hint = "Up/Down choose, a relation key links (a sentence becomes your claim), Esc closes"
        self.query_one(StatusLine).say(hint if self.panel.matches else "no likely counterpart in other articles (Esc closes)")

    def action_link(self, relation: str) -> None:
        """Link the current claim to the highlighted counterpart."""
        index = self.panel.index
        if index is None:
            return
        match = self.panel.matches[index]
        self.dismiss((self.claim.id, match.candidate, relation or match.relation or "same"))

    def action_close(self) -> None:
        self.dismiss(None)


class RelatedActions:
    """Mixed into the article screen: `r` opens the Related panel for the current claim and writes the link chosen there."""

    store: Store
    annotator: str
    article_id: str
    text: str
    claims: ClaimSet
    status: StatusLine

    def action_related(self) -> None:
        """Rank the current claim's counterparts in other articles and show them."""
        claim = self._current(own=False)  # type: ignore[attr-defined]
        if claim is None:
            return
        matches = related(self.store, self.article_id, claim.start, claim.end, limit=RELATED_LIMIT)
        titles = {article_id: self.store.article(article_id).title
                  for article_id in {m.candidate.article_id for m in matches}}
        links = {link.other(claim.id): link for link in self.store.links_of(claim.id)}
        screen = RelatedScreen(claim, self.text[claim.start:claim.end], matches, titles, links)
        self.app.push_screen(screen, self._link_chosen)  # type: ignore[attr-defined]

    def show_claim(self, claim_id: str) -> None:
        """Put the cursor on a claim (opened from the Claim map), showing others' claims first when it is theirs."""
        claim = self.claims.by_id.get(claim_id)
        if claim is not None and not self.claims.shows(claim):
            self.action_others()  # type: ignore[attr-defined]
        self.view.focus_claim(claim_id)  # type: ignore[attr-defined]

    def _link_chosen(self, choice: Choice | None) -> None:
        """Store the link chosen in the panel, making a sentence the annotator's claim first (one undo step), and say saved."""
        if choice is None:
            return
        claim_id, other, relation = choice
        if other.claim is not None:
            other_id = other.claim.id
            if self._write(lambda: self.store.create_link(self.annotator, claim_id, other_id, relation)) is not None:  # type: ignore[attr-defined]
                self.status.say(f"saved: linked as {relation}  (u undoes, r shows the links)", "saved")
            return
        confidence = self.store.schema.default_confidence
        made = self._write(lambda: self.store.link_sentence(self.annotator, claim_id, other.article_id, other.start,  # type: ignore[attr-defined]
                                                            other.end, relation, confidence))
        if made is not None:
            self.status.say(f"saved: that sentence is now your {made[0].label} claim there, linked as {relation}"
                            "  (u undoes both)", "saved")
