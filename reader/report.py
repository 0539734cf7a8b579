"""Terminal output of the headless commands (tables, progress bars), kept out of the core logic."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.table import Table
from rich.text import Text

from reader.models import ArticleRow, ImportRecord, ImportSummary

err = Console(stderr=True)
out = Console()


@contextmanager
def import_progress() -> Iterator[Callable[[ImportRecord], None]]:
    """Show a live count of imported records on a terminal (and nothing when piped)."""
    if not sys.stderr.isatty():
        yield lambda record: None
        return
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    with Progress(SpinnerColumn(), TextColumn("importing {task.completed} records"), TimeElapsedColumn(),
                  console=err, transient=True) as progress:
        task = progress.add_task("import", total=None)
        yield lambda record: progress.advance(task)


def print_import_summary(summary: ImportSummary) -> None:
    """Print what an import did as a small table."""
    table = Table(title="import", show_header=True)
    for name in ("files", "records", "added", "duplicates", "spans", "skipped"):
        table.add_column(name, justify="right")
    table.add_row(*(str(getattr(summary, name)) for name in ("files", "records", "added", "duplicates", "spans", "skipped")))
    out.print(table)


def print_articles(rows: list[ArticleRow]) -> None:
    """Print the article list as a table; every cell is plain text, never markup."""
    table = Table(show_header=True, header_style="bold")
    for name, justify in (("id", "left"), ("title", "left"), ("source", "left"), ("date", "left"),
                          ("words", "right"), ("claims", "right"), ("done by", "left")):
        table.add_column(name, justify=justify, overflow="ellipsis", no_wrap=True,
                         ratio=1 if name == "title" else None, min_width=16 if name == "title" else None)
    for row in rows:
        table.add_row(
            Text(row.id), Text(row.title), Text(row.source or "-"), Text(row.published or "-"),
            str(row.words), f"{row.mine} / {row.claims}", Text(", ".join(row.done_by) or "-"),
        )
    out.print(table)
