"""The library's table of articles: one line each, columns fitted to the width, the title taking what is left."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.style import Style as RichStyle

from reader.tui.keys.live import keys_of
from reader.tui.widgets.row_list import Line, RowList, fit

if TYPE_CHECKING:
    from reader.store import ArticleRow


# (heading, width, right-aligned); the title column (width 0) takes the remaining space.
COLUMNS: list[tuple[str, int, bool]] = [
    ("done", 5, False),
    ("title", 0, False),
    ("source", 16, False),
    ("date", 10, False),
    ("words", 7, True),
    ("mine", 5, True),
    ("all", 5, True),
    ("verified", 8, True),
]
NARROW_DROP = {"source"}
NARROW_WIDTH = 90


def layout(width: int) -> list[tuple[str, int, bool]]:
    """The columns that fit `width`, with their widths (the source column goes on narrow terminals)."""
    columns = [c for c in COLUMNS if width >= NARROW_WIDTH or c[0] not in NARROW_DROP]
    fixed = sum(w for _, w, _ in columns) + len(columns) - 1
    return [(name, w or max(width - fixed, 10), right) for name, w, right in columns]


def cells(values: dict[str, str], width: int) -> str:
    """One table line of `values` (by column name) laid out in the columns that fit `width`."""
    return " ".join(
        fit(values[name], w).rstrip().rjust(w) if right else fit(values[name], w) for name, w, right in layout(width)
    )


def verified_cell(found: tuple[int, int, int] | None) -> str:
    """How many claims have a verdict and from how many annotators ("3 by 2"), or nothing."""
    if not found:
        return ""
    claims, annotators, _ = found
    return f"{claims} by {annotators}"


class ArticleTable(RowList):
    """The library rows; the screen maps indices back to `rows`."""

    DEFAULT_CSS = """
    ArticleTable { height: 1fr; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: list[ArticleRow] = []
        self.assigned: frozenset[str] = frozenset()
        self.verified: dict[str, tuple[int, int, int]] = {}

    def on_mount(self) -> None:
        keys = keys_of(self)
        self.EMPTY = (
            "No articles to show.",
            "",
            f"{keys.label('library-clear-search')} clears the search, "
            f"{keys.label('library-filter')} changes the filter;",
            "claim-reader import PATH adds articles.",
        )

    def show(
        self,
        rows: list[ArticleRow],
        index: int = 0,
        assigned: frozenset[str] = frozenset(),
        verified: dict[str, tuple[int, int, int]] | None = None,
    ) -> None:
        """List these rows with row `index` highlighted; `assigned` (ids assigned to me) get a ▸ marker, `verified`
        gives per article the claims with a verdict and how many annotators gave one."""
        self.rows = rows
        self.assigned = assigned
        self.verified = verified or {}
        self.set_count(len(rows), index)

    def row_key(self, index: int) -> tuple[ArticleRow, bool, tuple[int, int, int] | None]:
        row = self.rows[index]
        return row, row.id in self.assigned, self.verified.get(row.id)

    def row_lines(self, index: int, width: int) -> list[Line]:
        row = self.rows[index]
        others = row.done_count - row.done
        state = (
            ("▸" if row.id in self.assigned else "") + ("✓" if row.done else "·") + (f" +{others}" if others else "")
        )
        values = {
            "done": state,
            "title": row.title,
            "source": row.source or "",
            "date": (row.published or "")[:10],
            "words": f"{row.words:,}",
            "mine": str(row.mine),
            "all": str(row.claims),
            "verified": verified_cell(self.verified.get(row.id)),
        }
        style = RichStyle(dim=True) if row.done else None
        return [[(cells(values, width), style)]]

    def heading(self, width: int) -> str:
        """The column headings for `width`."""
        return cells({name: name for name, _, _ in COLUMNS}, width)
