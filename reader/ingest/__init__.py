"""Import: read files of any supported format into the store, all of them or none."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from itertools import chain
from pathlib import Path

from reader.ingest.files import FORMATS, expand, format_of, read_lines, read_text, starts_with
from reader.models import ImportRecord, ImportSummary
from reader.schema import Schema
from reader.store import Store

__all__ = ["FORMATS", "expand", "import_paths", "read_records"]


def read_records(
    path: Path, fmt: str, schema: Schema, annotator: str, on_schema: Callable[[Schema], Schema] | None = None
) -> Iterator[ImportRecord]:
    """Parse one file into records, raising InputError (file, line, what) at the first bad input.

    `on_schema` receives the schema a native export's header carries and returns the schema to validate against.
    """
    from reader.ingest.averitec import AveritecReader
    from reader.ingest.plain import read_plain
    from reader.ingest.table import read_csv
    from reader.ingest.tasks import TaskReader
    from reader.ingest.web import read_html

    requested, fmt = fmt, format_of(path, fmt)
    json_array = requested == "auto" and path.suffix.lower() == ".json" and starts_with(path, b"[")
    if fmt == "jsonl" and not json_array:
        return TaskReader(path, schema, annotator, on_schema).read(read_lines(path))
    if fmt == "csv":
        return read_csv(path)
    raw = read_text(path)
    if fmt in ("txt", "md"):
        return read_plain(path, raw, markdown=fmt == "md")
    if fmt == "html":
        return read_html(path, raw)
    if fmt == "averitec" or (json_array and holds_averitec(raw)):
        return AveritecReader(path, schema, annotator).read(raw)
    from reader.ingest.labelstudio import LabelStudioReader

    return LabelStudioReader(path, schema, annotator, on_schema).read_tasks(raw)


def holds_averitec(raw: str) -> bool:
    """Whether a JSON array holds AVeriTeC's records (each names a "claim") rather than Label Studio's tasks."""
    body = raw.lstrip()[1:].lstrip()
    try:
        first, _ = json.JSONDecoder().raw_decode(body)
    except ValueError:
        return False
    return isinstance(first, dict) and "claim" in first and "data" not in first


def import_paths(
    store: Store,
    paths: list[str],
    fmt: str,
    annotator: str,
    on_record: Callable[[ImportRecord], None] | None = None,
    *,
    schema_given: bool = False,
) -> ImportSummary:
    """Import every file under `paths` in one transaction: the first bad input leaves the database as it was.

    A native export's schema is put in force through the store, as --schema would be, unless --schema was given.
    """
    files = expand(paths)
    store.db.check_intact()
    for path in files:
        format_of(path, fmt)

    def on_schema(schema: Schema) -> Schema:
        return store.schema if schema_given else store.use_schema(schema)

    records = chain.from_iterable(read_records(path, fmt, store.schema, annotator, on_schema) for path in files)
    summary = store.imports.add(records, on_record=on_record)
    summary.files = len(files)
    return summary
