"""The sentence a claim sits in, for verification records (claims, averitec)."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from typing import Any

from reader.export.records import END, ID, START, Bundle, Job
from reader.export.writer import span_text
from reader.segment import unpack_spans


class Sentences:
    """An article's stored sentences, with the look-up of the sentences around a span."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.spans = spans
        self.starts = [start for start, _ in self.spans]

    def around(self, start: int, end: int) -> tuple[int, int]:
        """The (start, end) of the sentence(s) holding the span, widened to cover the span itself."""
        if not self.spans:
            return start, end
        first = self.spans[max(bisect_right(self.starts, start) - 1, 0)]
        last = self.spans[max(bisect_right(self.starts, end - 1) - 1, 0)]
        return min(first[0], start), max(last[1], end)


def claims_in_context(job: Job) -> Iterator[tuple[Bundle, tuple[Any, ...], str, tuple[int, int]]]:
    """Every kept claim with its article, its validated text and the bounds of its context sentence."""
    for bundle in job.bundles(annotated_only=True):
        if not bundle.claims:
            continue
        sentences = Sentences(unpack_spans(bundle.packed_sentences))
        for row in bundle.claims:
            start, end = row[START], row[END]
            yield bundle, row, span_text(bundle.text, start, end, row[ID]), sentences.around(start, end)
