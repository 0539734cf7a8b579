"""The Related panel: counterparts of a claim in other articles, and the relation keys that link two claims; it stays
open after a link, so several can be made."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from reader.linking.related import Candidate, Match
from reader.models import RELATIONS, Claim, Link
from reader.store import Store
from reader.text import visible
from reader.tui.actions.writes import Writes
from reader.tui.keys.live import key_of, keys_of
from reader.tui.keys.registry import RELATED_KEYS
from reader.tui.widgets.related_panel import RelatedPanel
from reader.tui.widgets.row_list import RowList
from reader.tui.widgets.status_line import StatusLine

Linker = Callable[[Store, str, Candidate, str], tuple[Candidate, Link]]
"""The store write that links the claim to a counterpart with a relation through the store it is given (a sentence
becomes the annotator's claim first), returning the counterpart as it is now and the link; a refusal raises
ReaderError."""


class RelatedScreen(Writes, ModalScreen[int]):
    """Lists the counterparts; a relation key or the hinted relation's key links the highlighted one (a sentence
    becomes a claim first) and the panel stays open; closing it returns how many links were made."""

    DEFAULT_CSS = """
    RelatedScreen { align: center middle; }
    #related { width: 92%; height: 90%; border: thick $primary; background: $surface; padding: 0 1; }
    #related-title { height: auto; max-height: 2; text-wrap: nowrap; text-overflow: ellipsis; }
    #related-chooser { height: auto; color: $text-muted; }
    """

    BINDINGS = RELATED_KEYS

    def __init__(
        self,
        store: Store,
        claim: Claim,
        quote: str,
        matches: list[Match],
        titles: dict[str, str],
        links: dict[str, Link],
        *,
        linker: Linker | None = None,
        mine: frozenset[str] = frozenset(),
    ) -> None:
        super().__init__()
        self.store = store
        self.claim = claim
        self.quote = quote
        self.linker = linker
        self.mine = set(mine)
        """The articles where the annotator has claims: linking a sentence elsewhere writes into a new article."""
        self.made = 0
        self.panel = RelatedPanel(matches, titles, links, id="related-list")
        self.status = StatusLine(claim.annotator, id="related-status")

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
            yield self.status

    def on_mount(self) -> None:
        self.panel.focus()
        self._explain()

    @on(RowList.Highlighted, "#related-list")
    def _moved(self) -> None:
        self._explain()

    def _explain(self) -> None:
        """Say what a relation key does to the highlighted counterpart before it is pressed: a sentence becomes the
        annotator's claim in that article, which they may never have opened."""
        closes = f"{key_of(self, 'back')} closes"
        index = self.panel.index
        if index is None:
            self.status.say(f"no likely counterpart in other articles ({closes})")
            return
        candidate = self.panel.matches[index].candidate
        if candidate.claim is not None:
            said = f"a relation key links this claim; the panel stays open for more links ({closes})"
        else:
            title = self.panel.titles.get(candidate.article_id, candidate.article_id)
            elsewhere = "" if candidate.article_id in self.mine else ", where you have no claims yet"
            said = (
                f"linking writes this sentence as your {self.claim.label} claim into \u201c{title}\u201d"
                f"{elsewhere} ({closes})"
            )
        self.status.say(said, "info" if candidate.claim else "prompt")

    def action_link(self, relation: str) -> None:
        """Link the current claim to the highlighted counterpart, and stay open for the next link."""
        index = self.panel.index
        if index is None or self.linker is None:
            return
        match = self.panel.matches[index]
        chosen = relation or match.relation or "same"
        linker, claim_id = self.linker, self.claim.id
        self.write(
            lambda store: linker(store, claim_id, match.candidate, chosen),
            lambda made: self._made(index, match, chosen, made),
        )

    def _made(self, index: int, match: Match, chosen: str, made: tuple[Candidate, Link]) -> None:
        """Show a link just made in the panel, which stays open for the next one."""
        candidate, link = made
        self.made += 1
        self.mine.add(candidate.article_id)
        self.panel.replace(index, replace(match, candidate=candidate), link)
        self.status.say(
            f"saved: linked as {chosen}"
            + ("" if match.candidate.claim else " (the sentence is your claim now)")
            + f"  ·  {self.made} link{'' if self.made == 1 else 's'} made here; {key_of(self, 'back')} closes, "
            f"{key_of(self, 'undo')} in the article undoes them one by one",
            "saved",
        )

    def action_back(self) -> None:
        """Close the panel, saying how many links were made."""
        self.dismiss(self.made)
