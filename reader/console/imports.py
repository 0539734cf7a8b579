"""What `claim-reader import` shows: a live count of records on a terminal, then what the import did."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.table import Table
from rich.text import Text

from reader.console.terminal import err, out, say
from reader.models import ImportRecord, ImportSummary

FIGURES = ("files", "records", "added", "duplicates", "spans", "skipped", "verifications")


@contextmanager
def import_progress() -> Iterator[Callable[[ImportRecord], None]]:
    """Show a live count of imported records on a terminal (and nothing when piped)."""
    if not sys.stderr.isatty():
        yield lambda record: None
        return
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    with Progress(
        SpinnerColumn(),
        TextColumn("importing {task.completed} records"),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    ) as progress:
        task = progress.add_task("import", total=None)
        yield lambda record: progress.advance(task)


def print_import_summary(summary: ImportSummary) -> None:
    """Print what an import did as a small table of counts."""
    table = Table(title="import", show_header=True)
    for name in FIGURES:
        table.add_column(name, justify="right")
    table.add_row(*(str(getattr(summary, name)) for name in FIGURES))
    out.print(table)
    for note in summary.notes:
        say(note)
    if summary.differing:
        out.print(
            Text(
                f"{summary.differing} span{'s' * (summary.differing != 1)} skipped: the database holds claims"
                " with the same ids and other spans or fields (the stored ones were kept)"
            )
        )
    if summary.marked_done:
        marks = ", ".join(f"{name} {count:,}" for name, count in sorted(summary.marked_done.items()))
        total = sum(summary.marked_done.values())
        say(
            f"marked done: {marks} ({total:,} article{'s' * (total != 1)}; done articles count in agreement, training"
            " and the assignment plan)"
        )
