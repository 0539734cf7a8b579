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
    widths[2] = min(widths.get(2, 0), 16)
    widths[6] = min(widths.get(6, 0), 20)
    widths[1] = max(12, out.width - sum(w for i, w in widths.items() if i in keep and i != 1) - 3 * len(keep))
    table = Table(box=box.SIMPLE_HEAD, header_style="bold", pad_edge=False)
    for i in keep:
        table.add_column(
            COLUMNS[i], justify="right" if COLUMNS[i] in ("words", "claims") else "left", no_wrap=True, width=widths[i]
        )
    for row in cells:
        table.add_row(*(Text(row[i], overflow="ellipsis", no_wrap=True) for i in keep))
    out.print(table)
