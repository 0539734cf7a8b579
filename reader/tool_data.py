"""What another annotation tool's files bring that claim-reader keeps and gives back (a Prodigy task's answer, hashes
and session, the spans of a rejected task; an article's token table): the one valid shape of each, checked wherever it
enters (import, merge) and where an export reads it back, so a forged value can neither crash nor leak through."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

ANSWERS = ("accept", "reject", "ignore")
SPAN_SOURCES = "span_sources"
"""Key of an answer that keeps the `source`/`input_hash` of spans a Prodigy pattern made, so they go back out."""
SPAN_PROVENANCE = ("source", "input_hash")
KEPT_SPAN_KEYS = ("start", "end", "label", "token_start", "token_end", *SPAN_PROVENANCE)


def _whole(value: Any) -> bool:
    """A JSON whole number that fits SQLite's integers (never a bool or float)."""
    return type(value) is int and -(2**63) <= value < 2**63


def _text(value: Any) -> bool:
    return isinstance(value, str)


def _text_or_none(value: Any) -> bool:
    return value is None or isinstance(value, str)


ANSWER_FIELDS: dict[str, Callable[[Any], bool]] = {
    "_input_hash": _whole,
    "_task_hash": _whole,
    "_view_id": _text,
    "_session_id": _text_or_none,
    "_timestamp": _whole,
    "answer": lambda value: value in ANSWERS,
}
"""The Prodigy task fields an answer keeps, each with what its value must be."""
PROVENANCE_FIELDS: dict[str, Callable[[Any], bool]] = {"source": _text, "input_hash": _whole}


def answer_refusal(answer: Any, length: int) -> str | None:
    """Why an annotator's kept answer on an article of `length` code points is invalid (None if it is valid)."""
    if not isinstance(answer, dict):
        return "the kept answer is not a JSON object"
    for key, value in answer.items():
        if key in ANSWER_FIELDS:
            if not ANSWER_FIELDS[key](value):
                return f"{key} {value!r} is not a valid value for it"
        elif key == "spans":
            refusal = _kept_spans_refusal(value, length)
            if refusal:
                return refusal
        elif key == SPAN_SOURCES:
            refusal = _sources_refusal(value, length)
            if refusal:
                return refusal
        else:
            return f"unknown field {key!r} in the kept answer"
    return None


def _span_refusal(start: Any, end: Any, length: int) -> str | None:
    """Why a span's offsets do not lie inside a text of `length` (None if they do)."""
    if not (_whole(start) and _whole(end) and 0 <= start < end <= length):
        return f"span {start!r}-{end!r} is outside the text (length {length})"
    return None


def _kept_spans_refusal(spans: Any, length: int) -> str | None:
    """Why the spans a rejected or ignored task kept are invalid (None if they are valid)."""
    if not isinstance(spans, list):
        return "the kept spans are not a list"
    for span in spans:
        if not isinstance(span, dict) or not set(span) <= set(KEPT_SPAN_KEYS) or not _text(span.get("label")):
            return f"kept span {span!r} is not an object of {', '.join(KEPT_SPAN_KEYS)} with a label"
        refusal = _span_refusal(span.get("start"), span.get("end"), length)
        if refusal:
            return refusal
        bad = [key for key in ("token_start", "token_end") if key in span and not _whole(span[key])]
        bad += [key for key in SPAN_PROVENANCE if key in span and not PROVENANCE_FIELDS[key](span[key])]
        if bad:
            return f"kept span field {bad[0]} {span[bad[0]]!r} is not a valid value for it"
    return None


def _sources_refusal(sources: Any, length: int) -> str | None:
    """Why the pattern provenance of spans is invalid (None if it is valid): [start, end, label, {source,
    input_hash}] each."""
    if not isinstance(sources, list):
        return f"{SPAN_SOURCES} is not a list"
    for item in sources:
        if not (isinstance(item, list) and len(item) == 4 and _text(item[2]) and isinstance(item[3], dict)):
            return f"{SPAN_SOURCES} entry {item!r} is not [start, end, label, {{source, input_hash}}]"
        refusal = _span_refusal(item[0], item[1], length)
        if refusal:
            return refusal
        for key, value in item[3].items():
            if key not in PROVENANCE_FIELDS or not PROVENANCE_FIELDS[key](value):
                return f"{SPAN_SOURCES} entry {item!r} has an invalid {key!r}"
    return None


def tokens_refusal(tokens: Any, length: int) -> str | None:
    """Why an article's token table (pairs of offsets into its text of `length`) is invalid (None if it is valid)."""
    if not isinstance(tokens, list):
        return "its token table is not a list"
    for pair in tokens:
        if not (
            isinstance(pair, list)
            and len(pair) == 2
            and _whole(pair[0])
            and _whole(pair[1])
            and 0 <= pair[0] <= pair[1] <= length
        ):
            return f"token {pair!r} is not a [start, end] pair inside the text (length {length})"
    return None
