"""The Related panel: counterparts of a claim in other articles, and the relation chooser that links two claims."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from reader.linking.related import Candidate, Match
from reader.models import RELATIONS, Claim, Link
from reader.text import visible
from reader.tui.keys.live import key_of, keys_of
from reader.tui.keys.registry import RELATED_KEYS
from reader.tui.widgets.related_panel import RelatedPanel
from reader.tui.widgets.status_line import StatusLine

Choice = tuple[str, Candidate, str]
"""What the panel returns: the claim's id, its counterpart (a claim, or a sentence to make one of) and the relation."""


class RelatedScreen(ModalScreen[Choice | None]):
    """Lists the counterparts; a relation key or the hinted relation's key links the highlighted one (a sentence
    becomes a claim first)."""

    DEFAULT_CSS = """
    RelatedScreen { align: center middle; }
    #related { width: 92%; height: 90%; border: thick $primary; background: $surface; padding: 0 1; }
    #related-title { height: auto; max-height: 2; text-wrap: nowrap; text-overflow: ellipsis; }
    #related-chooser { height: 1; color: $text-muted; }
    """

    BINDINGS = RELATED_KEYS

    def __init__(
        self, claim: Claim, quote: str, matches: list[Match], titles: dict[str, str], links: dict[str, Link]
    ) -> None:
        super().__init__()
        self.claim = claim
        self.quote = quote
        self.panel = RelatedPanel(matches, titles, links, id="related-list")

    def compose(self) -> ComposeResult:
        keys = keys_of(self)
        chooser = [
            part
            for relation in RELATIONS
            for part in ((f"  {keys.label(f'link-{relation}')}", "bold $accent"), f" {relation}")
        ]
        with Vertical(id="related"):
            yield Static(
                Content.assemble(
                    ("Related to ", "bold"),
                    (self.claim.label, "bold"),
                    ": ",
                    (visible(" ".join(self.quote.split())), "italic"),
                ),
                id="related-title",
            )
            yield self.panel
            yield Static(
                Content.assemble("link as:", *chooser, (f"  {keys.label('link-hinted')}", "bold $accent"), " the hint"),
                id="related-chooser",
            )
            yield StatusLine(self.claim.annotator, id="related-status")

    def on_mount(self) -> None:
        self.panel.focus()
        closes = f"{key_of(self, 'back')} closes"
        hint = (
            f"{key_of(self, 'list-up')}/{key_of(self, 'list-down')} choose, a relation key links (a sentence "
            f"becomes your claim), {closes}"
        )
        self.query_one(StatusLine).say(
            hint if self.panel.matches else f"no likely counterpart in other articles ({closes})"
        )

    def action_link(self, relation: str) -> None:
        """Link the current claim to the highlighted counterpart."""
        index = self.panel.index
        if index is None:
            return
        match = self.panel.matches[index]
        self.dismiss((self.claim.id, match.candidate, relation or match.relation or "same"))

    def action_back(self) -> None:
        """Close the panel: nothing is linked."""
        self.dismiss(None)
