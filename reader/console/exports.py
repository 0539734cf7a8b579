"""What `claim-reader export` shows on stderr: a bar of exported articles on a terminal, then what it left out."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reader.export.writer import ExportReport


@contextmanager
def export_progress(total: Callable[[], int], unit: str = "articles") -> Iterator[Callable[[], None]]:
    """Show a bar of exported articles (or records) on a terminal (stderr), and nothing when piped; `total` is asked
    only for the bar, since counting costs a query."""
    if not sys.stderr.isatty():
        yield lambda: None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from reader.console.terminal import err

    with Progress(
        TextColumn("exporting"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn(unit),
        TimeRemainingColumn(),
        console=err,
        transient=True,
    ) as progress:
        task = progress.add_task("export", total=total())
        yield lambda: progress.advance(task)


def print_export_warnings(report: ExportReport, no_gold: bool) -> None:
    """Tell on stderr what an export left out (misaligned or overlapping spans, or no gold yet)."""
    lines = report.warnings()
    if no_gold:
        lines.append("no gold (adjudicated) claims yet: adjudicate in the reader's Review mode first")
    if not lines:
        return
    from reader.console.terminal import say  # Rich, imported only when there is something to say

    for line in lines:
        say(f"claim-reader: warning: {line}", to_stderr=True)
