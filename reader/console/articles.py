"""What `claim-reader articles` shows: the article list as a table fitted to the terminal."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich import box
from rich.table import Table
from rich.text import Text

from reader.console.terminal import out
from reader.text import visible

if TYPE_CHECKING:
    from reader.store import ArticleRow

COLUMNS = ["id", "title", "source", "date", "words", "claims", "done by"]


def print_articles(rows: list[ArticleRow]) -> None:
    """Print the article list fitted to the terminal (empty columns left out); cells are inert text, never markup."""
    cells = [
        [
            visible(cell, one_line=True)
            for cell in (
                row.id,
                row.title,
                row.source or "-",
                (row.published or "-")[:16],
                f"{row.words:,}",
                f"{row.mine} / {row.claims}",
                ", ".join(row.done_by) or "-",
            )
        ]
        for row in rows
    ]
    keep = [i for i, name in enumerate(COLUMNS) if name in ("id", "title") or any(c[i] != "-" for c in cells)]
    widths = {i: max([len(COLUMNS[i])] + [len(c[i]) for c in cells]) for i in keep}
    for name, widest in CAPS:  # however wide the terminal: the title has the room before long names do
        index = COLUMNS.index(name)
        if index in widths:
            widths[index] = min(widths[index], widest)
    widths = _fitted(widths, out.width - 3 * len(keep) - 1)
    date = COLUMNS.index("date")
    if widths.get(date, 16) < 16:  # the day without the time, rather than a cut time
        for row in cells:
            row[date] = row[date][:10]
    table = Table(box=box.SIMPLE_HEAD, header_style="bold", pad_edge=False)
    for i in keep:
        table.add_column(
            COLUMNS[i], justify="right" if COLUMNS[i] in ("words", "claims") else "left", no_wrap=True, width=widths[i]
        )
    for row in cells:
        table.add_row(*(Text(row[i], overflow="ellipsis", no_wrap=True) for i in keep))
    out.print(table)


CAPS = [("source", 16), ("done by", 20)]
"""The widest the source and the done-by list may be, so a long name never takes the title's cells."""

SHRINK = [("title", 12), ("date", 10), ("done by", 8), ("source", 8), ("id", 8), ("title", 6)]
"""Which columns give up cells when the table is wider than the terminal, in turn, and how narrow each may get; words
and claims never do: a figure cut to "1,2…" says nothing."""


def _fitted(widths: dict[int, int], room: int) -> dict[int, int]:
    """Column widths that fit `room` cells: the title takes what is left, and others shrink in SHRINK's order."""
    fitted = dict(widths)
    for name, narrowest in SHRINK:
        index = COLUMNS.index(name)
        over = sum(fitted.values()) - room
        if index in fitted and over > 0:
            fitted[index] = max(narrowest, fitted[index] - over)
    title = COLUMNS.index("title")
    fitted[title] = max(fitted[title], room - sum(width for index, width in fitted.items() if index != title))
    return fitted
