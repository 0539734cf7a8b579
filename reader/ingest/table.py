"""CSV files: one article per row from a `text` column, every other column kept as metadata."""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from reader.errors import InputError
from reader.ingest.articles import MAX_ARTICLE_CHARS, make_article
from reader.ingest.files import invalid_utf8, text_stream
from reader.models import ImportRecord
from reader.text import normalize

FIELD_LIMIT = 4 * MAX_ARTICLE_CHARS
"""The longest field the CSV reader takes (its own default is 131,072 characters, less than one article may hold), so
an article's length is judged by the one rule every format shares, with its message."""


def read_csv(path: Path) -> Iterator[ImportRecord]:
    """Yield one article per row, read as a stream so a file of any size is never held whole; a missing or repeated
    column, a row with more fields than the header (or a value under no column name), an empty text or malformed
    quoting names the line where the row starts.

    The reader is strict: an unterminated quote would otherwise swallow the rest of the file into one field.
    """
    with text_stream(path) as stream:
        try:
            yield from _rows(path, stream)
        except UnicodeDecodeError:
            raise invalid_utf8(path) from None


def _rows(path: Path, stream: TextIO) -> Iterator[ImportRecord]:
    """The records of a CSV stream's rows, each checked against the header line."""
    reader = csv.reader(stream, strict=True)
    row_start = 1
    limit = csv.field_size_limit(FIELD_LIMIT)
    try:
        header = next(reader, [])
        if not any(name.strip() for name in header):
            raise InputError(f"{path}: empty file")
        if "text" not in header:
            raise InputError(f"{path}:1: no 'text' column (columns: {', '.join(header)})")
        twice = [name for name, count in Counter(header).items() if count > 1 and name]
        if twice:
            raise InputError(f"{path}:1: the header names column {twice[0]!r} more than once")
        row_start = header_end = reader.line_num + 1
        for fields in reader:
            if fields:
                yield _record(path, row_start, header, fields)
            row_start = reader.line_num + 1
        if row_start == header_end:
            raise InputError(f"{path}: no rows below the header line")
    except csv.Error as exc:
        if "unexpected end of data" in str(exc):
            raise InputError(
                f"{path}:{row_start}: unterminated quote (the quoted field runs to the end of the file)"
            ) from None
        if "field larger than field limit" in str(exc):
            raise InputError(
                f"{path}:{row_start}: a field of more than {FIELD_LIMIT:,} characters (one article may hold"
                f" {MAX_ARTICLE_CHARS:,})"
            ) from None
        raise InputError(f"{path}:{row_start}: malformed CSV ({exc})") from None
    finally:
        csv.field_size_limit(limit)


def _record(path: Path, line: int, header: list[str], fields: list[str]) -> ImportRecord:
    """One row's article: its text column, and every other named column's non-empty value as metadata."""
    if len(fields) > len(header):
        raise InputError(f"{path}:{line}: {len(fields)} fields, but the header names {len(header)} columns")
    unnamed = next((value for name, value in zip(header, fields, strict=False) if not name and value), None)
    if unnamed is not None:
        raise InputError(f"{path}:{line}: a value in a column the header does not name ({unnamed!r})")
    row = dict(zip(header, fields, strict=False))
    text = normalize(row.pop("text", ""))
    if not text:
        raise InputError(f"{path}:{line}: empty text")
    meta = {k: v for k, v in row.items() if k and v}
    return ImportRecord(article=make_article(text, meta, path, line), line=line)
