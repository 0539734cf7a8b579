"""The Related panel's list: likely counterparts of a claim in other articles, four lines each, with why they rank."""

from __future__ import annotations

import textwrap
from collections.abc import Hashable

from rich.cells import cell_len
from rich.style import Style as RichStyle

from reader.linking.related import Match
from reader.models import Link
from reader.text import visible
from reader.tui.span_words import around
from reader.tui.widgets.row_list import Line, RowList, fit

TAIL = 30
"""Cells of the third line kept for the link already drawn, or the relation the ranking hints at."""
HEAD = 16
"""Cells of the first line kept for the score and the source's title, however long the owner is."""
WIDE = 64
"""From this width on, an unclaimed sentence's first line says what a link does to it."""


class RelatedPanel(RowList):
    """Source and owner; the counterpart's text around its evidence (the matching figure or quote); the reasons, over
    two lines, beside any link already drawn. The screen maps indices to `matches`."""

    ROW_HEIGHT = 4
    COMPONENT_CLASSES = {"related-panel--linked", "related-panel--reasons", "related-panel--writes"}
    DEFAULT_CSS = """
    RelatedPanel { height: 1fr; }
    RelatedPanel > .related-panel--linked { color: $success; text-style: bold; }
    RelatedPanel > .related-panel--reasons { color: $text-muted; text-style: italic; }
    RelatedPanel > .related-panel--writes { color: $warning; }
    """

    def __init__(
        self, matches: list[Match], titles: dict[str, str], links: dict[str, Link], *, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.matches = matches
        self.titles = titles
        self.links = links

    def on_mount(self) -> None:
        self.set_count(len(self.matches), 0)

    def show(self, matches: list[Match], titles: dict[str, str], links: dict[str, Link], index: int | None = 0) -> None:
        """List other counterparts (or the same with other links), row `index` highlighted."""
        self.matches, self.titles, self.links = matches, titles, links
        self.set_count(len(matches), index)
        self.redraw()

    def replace(self, index: int, match: Match, link: Link | None) -> None:
        """Show a row again after a link was drawn from it (a sentence linked is a claim now)."""
        self.matches[index] = match
        claim = match.candidate.claim
        if claim is not None and link is not None:
            self.links[claim.id] = link
        self.refresh_row(index)

    def run_style(self, name: str) -> RichStyle:
        """A component's own style, without a background, so the highlighted row keeps its background under it."""
        return self.get_component_rich_style(name, partial=True)

    def row_key(self, index: int) -> Hashable:
        candidate = self.matches[index].candidate
        claim = candidate.claim
        link = self.links.get(claim.id) if claim else None
        return candidate.article_id, candidate.start, candidate.end, claim and claim.id, link and link.id

    def row_lines(self, index: int, width: int) -> list[Line]:
        match = self.matches[index]
        candidate, claim = match.candidate, match.candidate.claim
        dim = self.run_style("row-list--dim")
        if claim:
            owner = f"{claim.label} by {claim.annotator}"
        else:
            owner = "sentence: a link makes it your claim" if width >= WIDE else "unclaimed"
        # The score and the source come first: the owner gives way when the panel is narrow.
        room = max(width - HEAD - 3, 8)
        owner = fit(owner, room) if cell_len(owner) > room else owner
        owner_style = dim if claim else self.run_style("related-panel--writes")
        head = f" {match.score:.2f}  {self.titles.get(candidate.article_id, candidate.article_id)}"
        link = self.links.get(claim.id) if claim else None
        tail: Line = (
            [(fit(f"linked: {link.relation} ({link.annotator})", TAIL), self.run_style("related-panel--linked"))]
            if link
            else [(fit(f"hint: {match.relation}" if match.relation else "", TAIL), dim)]
        )
        room = max(width - TAIL - 3, 10)
        reasons = textwrap.wrap("; ".join(match.reasons) or "weak match", room) or [""]
        second = " ".join(reasons[1:])
        style = self.run_style("related-panel--reasons")
        return [
            [(fit(head, max(width - len(owner) - 2, 0)), RichStyle(bold=True)), (f" {owner} ", owner_style)],
            [("  " + visible(around(candidate.text, match.focus, max(width - 2, 1))), None)],
            [("  " + fit(reasons[0], room), style), (" ", None), *tail],
            [("  " + fit(second, room) if second else "", style)],
        ]
