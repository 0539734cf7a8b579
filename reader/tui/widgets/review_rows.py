"""The review list: one aligned row per group of matching claims, a column per annotator, agreement and gold status
marked."""

from __future__ import annotations

from collections.abc import Hashable

from rich.style import Style as RichStyle

from reader.models import Claim
from reader.review.adjudication import ReviewRow, Status, Variant
from reader.schema import Schema
from reader.tui.widgets.row_list import Line, RowList, fit, label_chips

AGREEMENT = {"unanimous": "all", "majority": "most", "disagree": "split", "gold": "gold"}
AGREEMENT_STYLE: dict[Status, RichStyle] = {
    "unanimous": RichStyle(color="green", bold=True),
    "majority": RichStyle(color="yellow", bold=True),
    "disagree": RichStyle(color="red", bold=True),
    "gold": RichStyle(color="bright_yellow", bold=True),
}
NAME_LIMIT = 10
INDENT = "  "


class ReviewRows(RowList):
    """Two lines per row: agreement, gold status and the chosen variant's text; then each annotator's label in their
    column.

    A `•` marks the annotators of the chosen variant; `≠` a claim whose span differs from it.
    """

    ROW_HEIGHT = 2

    def __init__(self, schema: Schema, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: list[ReviewRow[Claim]] = []
        self.chosen: dict[str, int] = {}
        self.reviewers: list[str] = []
        self.text = ""
        self._chips = label_chips(schema)
        self.cell = max(max(len(label.name) for label in schema.labels), NAME_LIMIT) + 3

    def show(
        self, rows: list[ReviewRow[Claim]], chosen: dict[str, int], reviewers: list[str], text: str, index: int | None
    ) -> None:
        """List these rows of `text` with row `index` highlighted; `chosen` maps row keys to the chosen variant."""
        self.rows, self.chosen, self.reviewers, self.text = rows, chosen, reviewers, text
        self.redraw()
        self.set_count(len(rows), index)

    def heading(self) -> str:
        """The annotators' names over their columns."""
        return INDENT + "".join(f" {fit(name, self.cell - 1)}" for name in self.reviewers)

    def row_key(self, index: int) -> Hashable:
        row = self.rows[index]
        return row.key, self.chosen.get(row.key, 0), row.rejected, tuple(g.updated_at for g in row.gold)

    def row_lines(self, index: int, width: int) -> list[Line]:
        row = self.rows[index]
        dim = self.component_style("row-list--dim")
        choice = row.variants[self.chosen.get(row.key, 0)] if row.variants else None
        span = choice or row.gold[0]
        count = f"{row.support}/{row.reviewers}" if row.variants else ""
        first: Line = [(f" {AGREEMENT[row.status]:<5}{count:>4} ", AGREEMENT_STYLE[row.status])]
        if row.gold:
            first += [(f" {row.gold[0].label} ", self._chips.get(row.gold[0].label)), (" gold ", None)]
        else:
            first.append(("rejected " if row.rejected else "open ", dim))
        used = sum(len(text) for text, _ in first)
        quote = "“" + " ".join(self.text[span.start : span.end].split()) + "”"
        first.append((fit(quote, max(width - used, 0)), None))
        second: Line = [(INDENT, None)]
        for name in self.reviewers:
            second += self._cell(row, name, choice)
        return [first, second]

    def _cell(self, row: ReviewRow[Claim], name: str, choice: Variant[Claim] | None) -> Line:
        """One annotator's column of a row: their label chip, marked if chosen or if the span differs; a dash if
        none."""
        for variant in row.variants:
            if name in variant.annotators:
                mark = "•" if variant is choice else " "
                differs = "≠" if choice and (variant.start, variant.end) != (choice.start, choice.end) else " "
                return [
                    (mark, None),
                    (f"{variant.label}", self._chips.get(variant.label)),
                    (differs.ljust(self.cell - len(variant.label) - 1), None),
                ]
        return [(" –".ljust(self.cell), self.component_style("row-list--dim"))]
