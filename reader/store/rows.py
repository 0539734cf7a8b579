"""Row helpers every part of the store shares: JSON columns, claim rows, IN lists and batches."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from typing import TYPE_CHECKING, Any, TypeVar

import orjson
from reader.lazy import lazy_module

if TYPE_CHECKING:
    from reader import models
else:
    models = lazy_module("reader.models")
    """The core's pydantic models, loaded on first use so that opening the library needs none of them."""

T = TypeVar("T")
SEP = "\x1f"
CLAIM_COLUMNS = (
    "id", "article_id", "annotator", "start", "end", "label", "confidence", "note", "speaker",
    "checkworthy", "hedged", "origin", "adjudicated_by", "created_at", "updated_at",
)


def _dumps(value: Any) -> str:
    """Serialize JSON columns compactly and deterministically."""
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS).decode()


def _claim_row(claim: models.Claim) -> dict[str, Any]:
    """Turn a Claim into its table row."""
    row = claim.model_dump()
    row["checkworthy"] = int(claim.checkworthy)
    row["hedged"] = int(claim.hedged)
    return row


def _claim_from_row(row: sqlite3.Row | tuple[Any, ...]) -> models.Claim:
    """Turn a claims row (in CLAIM_COLUMNS order) back into a Claim, trusting what the store wrote."""
    data = dict(zip(CLAIM_COLUMNS, row, strict=True))
    data["checkworthy"] = bool(data["checkworthy"])
    data["hedged"] = bool(data["hedged"])
    return models.Claim.model_construct(**data)


def batched(items: Iterable[T], size: int) -> Iterator[tuple[T, ...]]:
    """Yield tuples of up to `size` items (itertools.batched arrived only in Python 3.12)."""
    iterator = iter(items)
    while batch := tuple(islice(iterator, size)):
        yield batch


def _int(flag: bool | None) -> int | None:
    """Map an optional bool to SQLite's 0/1, keeping None."""
    return None if flag is None else int(flag)


def _fts_query(query: str) -> str:
    """Turn what a user typed into an FTS5 query of quoted terms, so punctuation is never FTS syntax."""
    terms = [term.replace('"', '""') for term in query.split()]
    return " ".join(f'"{term}"' for term in terms if term)


def _in(column: str, values: Sequence[Any]) -> tuple[str, list[Any]]:
    """Build `column IN (?, ...)` for a non-empty list of values."""
    return f"{column} IN ({', '.join('?' * len(values))})", list(values)


def _rows_in(conn: sqlite3.Connection, sql: str, column: str, values: Iterable[Any]) -> Iterator[tuple[Any, ...]]:
    """The rows of `sql` (whose `{where}` becomes `column IN (...)`) for these values, one statement per 500 of them,
    so reading many ids costs a few statements, not one each."""
    for batch in batched(dict.fromkeys(values), 500):
        where, params = _in(column, batch)
        yield from conn.execute(sql.format(where=where), params)
