"""The Related panel's list: likely counterparts of a claim in other articles, three lines each, with why they rank."""

from __future__ import annotations

from rich.style import Style as RichStyle

from reader.linking.related import Match
from reader.models import Link
from reader.tui.widgets.row_list import Line, RowList, fit

TAIL = 30
"""Cells of the third line kept for the link already drawn, or the relation the ranking hints at."""


class RelatedPanel(RowList):
    """Source and owner, the counterpart's text, then the reasons and any link already drawn; the screen maps indices
    to `matches`."""

    ROW_HEIGHT = 3
    COMPONENT_CLASSES = {"related-panel--linked", "related-panel--reasons"}
    DEFAULT_CSS = """
    RelatedPanel { height: 1fr; }
    RelatedPanel > .related-panel--linked { color: $success; text-style: bold; }
    RelatedPanel > .related-panel--reasons { color: $text-muted; text-style: italic; }
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

    def row_lines(self, index: int, width: int) -> list[Line]:
        match = self.matches[index]
        candidate, claim = match.candidate, match.candidate.claim
        dim = self.component_style("row-list--dim")
        owner = f"{claim.label} by {claim.annotator}" if claim else "sentence, no claim yet"
        head = f" {match.score:.2f}  {self.titles.get(candidate.article_id, candidate.article_id)}"
        link = self.links.get(claim.id) if claim else None
        linked = self.component_style("related-panel--linked")
        tail: Line = (
            [(fit(f"linked: {link.relation} ({link.annotator})", TAIL), linked)]
            if link
            else [(fit(f"hint: {match.relation}" if match.relation else "", TAIL), dim)]
        )
        reasons = "; ".join(match.reasons) or "weak match"
        return [
            [(fit(head, max(width - len(owner) - 2, 0)), RichStyle(bold=True)), (f" {owner} ", dim)],
            [("  " + fit(candidate.text, max(width - 2, 0)), None)],
            [
                ("  " + fit(reasons, max(width - TAIL - 3, 0)), self.component_style("related-panel--reasons")),
                (" ", None),
                *tail,
            ],
        ]
