"""An article's pending suggestions for one annotator, kept in step with their claims and decisions, so a keystroke
costs a bisect."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from functools import lru_cache
from itertools import islice, takewhile
from typing import TYPE_CHECKING

from reader.suggest import Suggestion, visible
from reader.suggest.suggester import CueMap, suggest_cold

if TYPE_CHECKING:
    from reader.learn.model import SentenceModel

Span = tuple[int, int]


def suggestions_for(
    text: str, rules: CueMap, model: SentenceModel | None, *, everything: bool = False
) -> tuple[Suggestion, ...]:
    """The suggestions of a text under the schema's cue rules, from the model when there is one (each with its score),
    else from the cue rules (only the precise ones, one a sentence, unless `everything`), cached: a 50,000-word
    article takes about 0.2 s, so it is computed
    once per model, off the UI thread."""
    return _cached(text, tuple(sorted(rules.items())), model, everything)


@lru_cache(maxsize=16)
def _cached(
    text: str, rules: tuple[tuple[str, tuple[str, ...]], ...], model: SentenceModel | None, everything: bool
) -> tuple[Suggestion, ...]:
    """The cache behind `suggestions_for` (its arguments made hashable)."""
    if model is None:
        return tuple(suggest_cold(text, dict(rules), everything=everything))
    from reader.learn.model import suggest_with

    return tuple(suggest_with(model, text, dict(rules), everything=everything))


class SuggestionSet:
    """Which of an article's suggestions are still pending: not rejected by the annotator and not answered by one of
    their claims."""

    def __init__(
        self,
        found: Iterable[Suggestion],
        labels: Iterable[str],
        rejected: set[tuple[int, int, str]],
        claimed: list[Span],
    ) -> None:
        wanted = set(labels)
        self.found = [item for item in found if item.label in wanted]
        self._starts = [item.start for item in self.found]
        self.rejected = rejected
        self._shown: set[Suggestion] = set()
        self._decide(self.found, claimed)

    def _decide(self, items: list[Suggestion], claimed: list[Span]) -> None:
        """Decide which of `items` are pending, comparing each only with the claims near it (2,000 claims stay
        cheap)."""
        spans = sorted(claimed)
        starts = [start for start, _ in spans]
        reach = max((end - start for start, end in spans), default=0)
        self._shown.difference_update(items)
        for item in items:
            near = spans[bisect_left(starts, item.start - reach) : bisect_left(starts, item.end)]
            self._shown.update(visible([item], self.rejected, near))
        self.pending = [item for item in self.found if item in self._shown]

    def at(self, span: Span | None) -> list[Suggestion]:
        """The pending suggestions on one span (a sentence may have several labels), in the order they are offered."""
        if span is None:
            return []
        first = bisect_left(self.pending, span, key=lambda item: (item.start, item.end))
        return list(takewhile(lambda item: (item.start, item.end) == span, islice(self.pending, first, None)))

    def after(self, offset: int) -> Span | None:
        """The first pending span starting after `offset`, else (past the last) the first one; None when none is
        pending."""
        if not self.pending:
            return None
        later = next((item for item in self.pending if item.start > offset), self.pending[0])
        return later.start, later.end

    def marks(self) -> list[tuple[int, int, str]]:
        """One (start, end, label) per pending span, the first label's colour, for the text view."""
        marks: dict[Span, str] = {}
        for item in self.pending:
            marks.setdefault((item.start, item.end), item.label)
        return [(start, end, label) for (start, end), label in marks.items()]

    def recheck(self, start: int, end: int, claimed: list[Span]) -> None:
        """Decide again which suggestions overlapping [start, end) are pending, after a claim or decision changed
        there."""
        before = bisect_right(self._starts, start) - 1  # the last suggestion starting at or before `start`: its
        first = bisect_left(self._starts, self._starts[before]) if before >= 0 else 0  # sentence's other labels too
        last = bisect_left(self._starts, end)
        self._decide([item for item in self.found[first:last] if item.end > start], claimed)

    def reject(self, item: Suggestion) -> None:
        """Hide a suggestion the annotator rejected."""
        self.rejected.add(item.key)
        self._shown.discard(item)
        self.pending.remove(item)

    def unreject(self, key: tuple[int, int, str], claimed: list[Span]) -> None:
        """Show a suggestion again after its rejection was undone."""
        self.rejected.discard(key)
        self.recheck(key[0], key[1], claimed)
