"""The Claim map's lines: per cluster a heading, its claims with source and figures side by side, and dependence
warnings."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from reader.models import Claim
from reader.tui.widgets.row_list import Line, RowList, fit

SOURCE_WIDTH, OWNER_WIDTH, FIGURES_WIDTH = 20, 16, 22


@dataclass(frozen=True, slots=True)
class MapRow:
    """One line of the map: a cluster heading, a claim (source, owner, figures, text), or a shared-quotes warning."""

    kind: Literal["cluster", "claim", "warning"]
    text: str
    claim: Claim | None = None
    source: str = ""
    figures: str = ""
    conflict: bool = False


class ClaimMapList(RowList):
    """The map as one list; conflicting claims and warnings stand out; the screen maps indices back to `rows`."""

    COMPONENT_CLASSES = {"claim-map--cluster", "claim-map--conflict", "claim-map--warning"}
    DEFAULT_CSS = """
    ClaimMapList { height: 1fr; }
    ClaimMapList > .claim-map--cluster { color: $accent; text-style: bold; }
    ClaimMapList > .claim-map--conflict { color: $error; text-style: bold; }
    ClaimMapList > .claim-map--warning { color: $warning; text-style: bold; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: list[MapRow] = []

    def show(self, rows: list[MapRow], index: int = 0) -> None:
        """List these lines with line `index` highlighted."""
        self.rows = rows
        self.redraw()
        self.set_count(len(rows), index)

    def row_lines(self, index: int, width: int) -> list[Line]:
        row = self.rows[index]
        if row.kind == "cluster":
            flag = "  CONFLICT" if row.conflict else ""
            return [
                [
                    (fit(row.text, max(width - len(flag), 0)).rstrip(), self.component_style("claim-map--cluster")),
                    (flag, self.component_style("claim-map--conflict")),
                ]
            ]
        if row.kind == "warning":
            return [[(fit("  ⚠ " + row.text, width), self.component_style("claim-map--warning"))]]
        assert row.claim is not None
        figures = self.component_style("claim-map--conflict") if row.conflict else None
        dim = self.component_style("row-list--dim")
        rest = max(width - SOURCE_WIDTH - OWNER_WIDTH - FIGURES_WIDTH - 6, 0)
        return [
            [
                ("  ≠ " if row.conflict else "    ", figures),
                (fit(row.source, SOURCE_WIDTH) + " ", None),
                (fit(f"{row.claim.label} {row.claim.annotator}", OWNER_WIDTH) + " ", dim),
                (fit(row.figures or "-", FIGURES_WIDTH) + " ", figures),
                (fit(row.text, rest), None),
            ]
        ]
