"""Terminal output of the headless commands (tables, progress bars), kept out of the core logic."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from reader.models import ImportRecord, ImportSummary

if TYPE_CHECKING:
    from reader.export.writer import ExportReport
    from reader.store import ArticleRow

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
    """Print the article list fitted to the terminal (empty columns left out); cells are plain text, never markup."""
    names = ["id", "title", "source", "date", "words", "claims", "done by"]
    cells = [
        [row.id, row.title, row.source or "-", (row.published or "-")[:16], f"{row.words:,}",
         f"{row.mine} / {row.claims}", ", ".join(row.done_by) or "-"]
        for row in rows
    ]
    keep = [i for i, name in enumerate(names) if name in ("id", "title") or any(c[i] != "-" for c in cells)]
    widths = {i: max([len(names[i])] + [len(c[i]) for c in cells]) for i in keep}
    widths[2] = min(widths.get(2, 0), 16)
    widths[6] = min(widths.get(6, 0), 20)
    widths[1] = max(12, out.width - sum(w for i, w in widths.items() if i in keep and i != 1) - 3 * len(keep))
    table = Table(box=box.SIMPLE_HEAD, header_style="bold", pad_edge=False)
    for i in keep:
        table.add_column(names[i], justify="right" if names[i] in ("words", "claims") else "left", no_wrap=True,
                         width=widths[i])
    for row in cells:
        table.add_row(*(Text(row[i], overflow="ellipsis", no_wrap=True) for i in keep))
    out.print(table)


@contextmanager
def export_progress(total: int) -> Iterator[Callable[[], None]]:
    """Show a bar of exported articles on a terminal (stderr), and nothing when piped."""
    if not sys.stderr.isatty():
        yield lambda: None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    with Progress(TextColumn("exporting"), BarColumn(), MofNCompleteColumn(), TextColumn("articles"),
                  TimeRemainingColumn(), console=err, transient=True) as progress:
        task = progress.add_task("export", total=total)
        yield lambda: progress.advance(task)


def print_export_warnings(report: ExportReport, no_gold: bool) -> None:
    """Tell on stderr what an export left out (misaligned or overlapping spans, or no gold yet)."""
    lines = report.warnings()
    if no_gold:
        lines.append("no gold (adjudicated) claims yet: adjudicate in the reader's Review mode first")
    for line in lines:
        err.print(f"claim-reader: warning: {line}", markup=False, highlight=False, soft_wrap=True)
