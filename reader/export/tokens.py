"""One tokenization for every token-based format, and the alignment of spans to it (reported, never moved)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from reader.export.records import END, ID, LABEL, START, Bundle
from reader.export.writer import ExportReport, span_text
from reader.segment import token_spans


@dataclass(frozen=True, slots=True)
class Tokens:
    """An article's tokens as (start, end) pairs: its own (kept from Prodigy) or ours from reader.segment."""

    text: str
    spans: list[tuple[int, int]]

    @classmethod
    def of(cls, text: str, meta: dict[str, Any]) -> Tokens:
        """Use the token table that came with the article, else tokenize the text the reader's way."""
        given = meta.get("tokens")
        if given:
            return cls(text, [(int(start), int(end)) for start, end in given])
        return cls(text, token_spans(text))

    def index(self) -> tuple[dict[int, int], dict[int, int]]:
        """Map token start offsets and end offsets to token numbers."""
        return ({start: i for i, (start, _) in enumerate(self.spans)},
                {end: i for i, (_, end) in enumerate(self.spans)})

    def word(self, i: int) -> str:
        """The text of token `i`."""
        start, end = self.spans[i]
        return self.text[start:end]

    def content(self) -> list[int]:
        """Numbers of the tokens that are not whitespace (Prodigy keeps spaCy's whitespace tokens; CoNLL cannot)."""
        return [i for i, (start, end) in enumerate(self.spans) if not self.text[start:end].isspace()]


class Aligner:
    """Turns character spans into inclusive token ranges, collecting the spans that do not fit."""

    def __init__(self, tokens: Tokens) -> None:
        self.starts, self.ends = tokens.index()

    def align(self, start: int, end: int) -> tuple[int, int] | None:
        """Return (token_start, token_end) inclusive, or None when a span edge falls inside a token."""
        first, last = self.starts.get(start), self.ends.get(end)
        if first is None or last is None:
            return None
        return first, last


def aligned(bundle: Bundle, rows: Iterable[tuple[Any, ...]], aligner: Aligner,
            report: ExportReport) -> Iterator[tuple[tuple[Any, ...], str, int, int]]:
    """Each claim row on token boundaries, with its text and inclusive token range; the others are reported, not moved."""
    for row in rows:
        start, end = row[START], row[END]
        text = span_text(bundle.text, start, end, row[ID])
        found = aligner.align(start, end)
        if found is None:
            report.misaligned.append(f"{bundle.id}:{start}-{end} {text!r}")
        else:
            yield row, text, found[0], found[1]


def token_ranges(bundle: Bundle, tokens: Tokens, report: ExportReport) -> list[tuple[int, int, str]]:
    """Token ranges (first, last + 1, label) of all the bundle's claims that fall on token boundaries."""
    found = aligned(bundle, bundle.claims, Aligner(tokens), report)
    return [(first, last + 1, row[LABEL]) for row, _, first, last in found]


def iob_tags(count: int, ranges: Sequence[tuple[int, int, str]]) -> list[str]:
    """IOB2 tags for `count` tokens from non-overlapping token ranges (first, last + 1, label)."""
    tags = ["O"] * count
    for first, stop, label in ranges:
        tags[first] = f"B-{label}"
        for i in range(first + 1, stop):
            tags[i] = f"I-{label}"
    return tags


def tag_names(labels: Sequence[str]) -> list[str]:
    """Every IOB2 tag of a schema in a fixed order: O, then B- and I- per label in schema order."""
    return ["O", *(f"{prefix}-{label}" for label in labels for prefix in ("B", "I"))]
