"""The sentence a claim sits in, for verification records (claims, averitec)."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from typing import TYPE_CHECKING

from reader.export.records import Bundle, Job
from reader.export.writer import span_text
from reader.segment import unpack_spans

if TYPE_CHECKING:
    from reader.store.rows import ClaimRow


class Sentences:
    """An article's stored sentences, with the look-up of the sentences around a span."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.spans = spans
        self.starts = [start for start, _ in self.spans]

    def around(self, start: int, end: int) -> tuple[int, int]:
        """The (start, end) of the sentence(s) holding the span, widened to cover the span itself."""
        if not self.spans:
            return start, end
        first = self.spans[bisect_right(self.starts, start) - 1] if start >= self.starts[0] else self.spans[0]
        last = first if end <= first[1] else self.spans[max(bisect_right(self.starts, end - 1) - 1, 0)]
        return min(first[0], start), max(last[1], end)


def claims_by_article(job: Job) -> Iterator[tuple[Bundle, list[tuple[ClaimRow, str, tuple[int, int]]]]]:
    """Every article with kept claims, and each claim with its validated text and the bounds of its context
    sentence."""
    for bundle in job.bundles(annotated_only=True):
        if not bundle.claims:
            continue
        sentences, text = Sentences(unpack_spans(bundle.packed_sentences)), bundle.text
        yield (
            bundle,
            [
                (claim, span_text(text, claim.start, claim.end, claim.id), sentences.around(claim.start, claim.end))
                for claim in bundle.claims
            ],
        )


def claims_in_context(job: Job) -> Iterator[tuple[Bundle, ClaimRow, str, tuple[int, int]]]:
    """Every kept claim with its article, its validated text and the bounds of its context sentence."""
    for bundle, claims in claims_by_article(job):
        for claim, text, context in claims:
            yield bundle, claim, text, context
