"""Import: read files of any supported format into the store, all of them or none."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from itertools import chain
from pathlib import Path

from reader.ingest.files import FORMATS, expand, format_of, read_text
from reader.models import ImportRecord, ImportSummary
from reader.schema import Schema
from reader.store import Store

__all__ = ["FORMATS", "expand", "import_paths", "read_records"]


def read_records(path: Path, fmt: str, schema: Schema, annotator: str) -> Iterator[ImportRecord]:
    """Parse one file into records, raising InputError (file, line, what) at the first bad input."""
    from reader.ingest.plain import read_plain
    from reader.ingest.table import read_csv
    from reader.ingest.tasks import TaskReader
    from reader.ingest.web import read_html

    fmt = format_of(path, fmt)
    raw = read_text(path)
    if fmt in ("txt", "md"):
        return read_plain(path, raw, markdown=fmt == "md")
    if fmt == "html":
        return read_html(path, raw)
    if fmt == "csv":
        return read_csv(path, raw)
    return TaskReader(path, schema, annotator).read(raw)


def import_paths(store: Store, paths: list[str], fmt: str, annotator: str,
                 on_record: Callable[[ImportRecord], None] | None = None) -> ImportSummary:
    """Import every file under `paths` in one transaction: the first bad input leaves the database as it was."""
    files = expand(paths)
    store.check_intact()
    for path in files:
        format_of(path, fmt)
    records = chain.from_iterable(read_records(path, fmt, store.schema, annotator) for path in files)
    summary = store.import_records(records, on_record=on_record)
    summary.files = len(files)
    return summary
