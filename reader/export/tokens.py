"""One tokenization for every token-based format, and the alignment of spans to it (reported, never moved)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

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

    def words(self) -> list[str]:
        """The token strings."""
        return [self.text[start:end] for start, end in self.spans]


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


def iob_tags(count: int, spans: Sequence[tuple[int, int, str]]) -> list[str]:
    """IOB2 tags for `count` tokens from non-overlapping inclusive token ranges (first, last, label)."""
    tags = ["O"] * count
    for first, last, label in spans:
        tags[first] = f"B-{label}"
        for i in range(first + 1, last + 1):
            tags[i] = f"I-{label}"
    return tags


def tag_names(labels: Sequence[str]) -> list[str]:
    """Every IOB2 tag of a schema in a fixed order: O, then B- and I- per label in schema order."""
    return ["O", *(f"{prefix}-{label}" for label in labels for prefix in ("B", "I"))]
