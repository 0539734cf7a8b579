"""The store's named rows and the row helpers every part shares: JSON columns, IN lists, batches.

A row type's fields are the columns a query selects, by name, in order, so a column a migration adds changes no
query and no reader of the rows; readers use the names (`row.start`), never positions. The rows exports walk, one per
claim, are slots dataclasses, whose fields Python reads as fast as a tuple's unpacked; the rows that go back into SQL
as parameters (merge, import) are NamedTuples.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, fields, is_dataclass
from itertools import islice, starmap
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar, cast

import orjson

from reader.lazy import lazy_module

if TYPE_CHECKING:
    from reader import models
else:
    models = lazy_module("reader.models")
    """The core's pydantic models, loaded on first use so that opening the library needs none of them."""

T = TypeVar("T")
SEP = "\x1f"


@dataclass(slots=True)
class ClaimRow:
    """One row of `claims`: what exports walk and a Claim is built from."""

    id: str
    article_id: str
    annotator: str
    start: int
    end: int
    label: str
    confidence: int
    note: str | None
    speaker: str | None
    checkworthy: int
    hedged: int
    origin: str
    adjudicated_by: str | None
    created_at: str
    updated_at: str


CLAIM_COLUMNS = tuple(f.name for f in fields(ClaimRow))


class StoredArticle(NamedTuple):
    """An `articles` row as import and merge write it (its sentences are computed from the text on insert)."""

    id: str
    title: str
    text: str
    meta: str
    source: str | None
    published: str | None
    source_file: str | None
    source_line: int | None
    words: int
    imported_at: str | None


@dataclass(slots=True)
class ExportArticle:
    """An article as exports read it: meta is JSON text, sentences the packed spans computed at import, tokens the
    packed spans stored on its first token export (None before)."""

    id: str
    title: str
    text: str
    meta: str
    sentences: str
    tokens: str | None


class ProgressRow(NamedTuple):
    """One row of `progress`: an annotator's done flag, reading position and imported answer on one article."""

    article_id: str
    annotator: str
    done: int
    position: int | None
    meta: str | None
    updated_at: str | None


@dataclass(slots=True)
class ProgressMark:
    """A progress row as exports read it: whether the annotator marked the article done, and another tool's answer."""

    article_id: str
    annotator: str
    done: int
    meta: str | None
    updated_at: str | None


class EventRow(NamedTuple):
    """One row of the event log (before and after are JSON text), as merge reads and appends it."""

    id: str
    ts: str
    annotator: str
    kind: str
    article_id: str
    claim_id: str | None
    target: str | None
    before: str | None
    after: str | None


class TrainingRow(NamedTuple):
    """One article as the learned suggester trains on it: claims and rejected suggestions are JSON arrays of
    [start, end, label]."""

    id: str
    text: str
    sentences: str
    done: int
    claims: str
    rejected: str
    unit: str | None
    """The article's `unit` meta: "line" where each line is one sentence of the source (converted data sets)."""


class ComparedArticle(NamedTuple):
    """An article two or more annotators marked done: its length in code points and who marked it."""

    id: str
    title: str
    length: int
    done_by: list[str]


class ComparedClaim(NamedTuple):
    """A claim that agreement compares."""

    article_id: str
    annotator: str
    start: int
    end: int
    label: str
    confidence: int


def names(row_type: type) -> tuple[str, ...]:
    """A row type's field names, in order."""
    if is_dataclass(row_type):
        return tuple(f.name for f in fields(row_type))
    found: tuple[str, ...] = cast("Any", row_type)._fields  # a NamedTuple
    return found


def columns(row_type: type, alias: str = "") -> str:
    """The SELECT list of a row type: its fields, quoted, in order, optionally qualified by a table alias."""
    prefix = f"{alias}." if alias else ""
    return ", ".join(f'{prefix}"{name}"' for name in names(row_type))


def named(row_type: type[T], rows: Iterable[Sequence[Any]]) -> Iterator[T]:
    """The rows of a query that selected `columns(row_type)`, as that row type."""
    return starmap(row_type, rows)


def dumps(value: Any) -> str:
    """Serialize JSON columns compactly and deterministically."""
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS).decode()


def batched(items: Iterable[T], size: int) -> Iterator[tuple[T, ...]]:
    """Yield tuples of up to `size` items (itertools.batched arrived only in Python 3.12)."""
    iterator = iter(items)
    while batch := tuple(islice(iterator, size)):
        yield batch


def as_int(flag: bool | None) -> int | None:
    """Map an optional bool to SQLite's 0/1, keeping None."""
    return None if flag is None else int(flag)


def fts_query(query: str) -> str:
    """Turn what a user typed into an FTS5 query of quoted terms, so punctuation is never FTS syntax."""
    terms = [term.replace('"', '""') for term in query.split()]
    return " ".join(f'"{term}"' for term in terms if term)


def in_list(column: str, values: Sequence[Any]) -> tuple[str, list[Any]]:
    """Build `column IN (?, ...)` for a non-empty list of values."""
    return f"{column} IN ({', '.join('?' * len(values))})", list(values)


def rows_in(conn: sqlite3.Connection, sql: str, column: str, values: Iterable[Any]) -> Iterator[tuple[Any, ...]]:
    """The rows of `sql` (whose `{where}` becomes `column IN (...)`) for these values, one statement per 500 of them,
    so reading many ids costs a few statements, not one each."""
    for batch in batched(dict.fromkeys(values), 500):
        where, params = in_list(column, batch)
        yield from conn.execute(sql.format(where=where), params)
