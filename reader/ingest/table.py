"""CSV files: one article per row from a `text` column, every other column kept as metadata."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

from reader.errors import InputError
from reader.ingest.articles import make_article
from reader.ingest.files import invalid_utf8, text_stream
from reader.models import ImportRecord
from reader.text import normalize


def read_csv(path: Path) -> Iterator[ImportRecord]:
    """Yield one article per row, read as a stream so a file of any size is never held whole; a missing `text`
    column, an empty text or malformed quoting names the row's line.

    The reader is strict: an unterminated quote would otherwise swallow the rest of the file into one field.
    """
    with text_stream(path) as stream:
        try:
            yield from _rows(path, csv.DictReader(stream, strict=True))
        except UnicodeDecodeError:
            raise invalid_utf8(path) from None


def _rows(path: Path, reader: csv.DictReader[str]) -> Iterator[ImportRecord]:
    """The records of a CSV reader's rows."""
    row_start = 1
    try:
        names = reader.fieldnames or ()
        if not any(name.strip() for name in names):
            raise InputError(f"{path}: empty file")
        if "text" not in names:
            raise InputError(f"{path}:1: no 'text' column (columns: {', '.join(names)})")
        row_start = header_end = reader.line_num + 1
        for row in reader:
            line = reader.line_num
            text = normalize(row.pop("text") or "")
            if not text:
                raise InputError(f"{path}:{line}: empty text")
            meta = {k: v for k, v in row.items() if k and v not in (None, "")}
            yield ImportRecord(article=make_article(text, meta, path, line), line=line)
            row_start = line + 1
        if row_start == header_end:
            raise InputError(f"{path}: no rows below the header line")
    except csv.Error as exc:
        if "unexpected end of data" in str(exc):
            raise InputError(
                f"{path}:{row_start}: unterminated quote (the quoted field runs to the end of the file)"
            ) from None
        raise InputError(f"{path}:{reader.line_num}: malformed CSV ({exc})") from None
