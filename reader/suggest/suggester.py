"""Propose claim spans with a label and the cue that fired, so annotators confirm candidates instead of hunting for them."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reader.segment import sentence_spans, trim_span
from reader.suggest.cues import ATTRIBUTION, FUTURE, LABEL_CUES, PERFECT, QUOTE
from reader.suggest.numbers import Quantity, find_quantities

if TYPE_CHECKING:
    from reader.store import Store

HEADING_WORDS = 10
QUOTE_PREVIEW = 40
HIDING_OVERLAP = 0.5
STATEMENT_WORDS = 8
EVENT_SHADOWED = frozenset({"QUANTITY", "PREDICTION", "POSITION"})
"""Labels that already say what a sentence claims, so an attribution or event cue adds no EVENT suggestion."""


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A proposed claim: where it is, its label, and why (the cue shown next to it)."""

    start: int
    end: int
    label: str
    cue: str

    @property
    def key(self) -> tuple[int, int, str]:
        """What a decision about this suggestion is remembered by."""
        return self.start, self.end, self.label


def suggest(text: str) -> list[Suggestion]:
    """Every suggestion for an article text, in text order; at most one per label and sentence."""
    found: list[Suggestion] = []
    for start, end in sentence_spans(text):
        if _is_claim_candidate(text, start, end):
            span = trim_span(text, start, end)
            found += (Suggestion(*span, label, cue) for label, cue in sentence_labels(text[start:end]))
    return found


def _is_claim_candidate(text: str, start: int, end: int) -> bool:
    """Skip what cannot hold a claim: questions and headings (a short whole line without a full stop)."""
    sentence = text[start:end]
    if sentence.endswith("?") or trim_span(text, start, end)[0] >= end:
        return False
    whole_line = (start == 0 or text[start - 1] == "\n") and text[end:end + 1] in ("", "\n")
    return not (whole_line and len(sentence.split()) <= HEADING_WORDS and sentence[-1] not in ".!”\"")


def sentence_labels(sentence: str) -> list[tuple[str, str]]:
    """The (label, cue) pairs one sentence earns: figures, future, causal, rule and stance cues, then quotes and events."""
    labels = _figure_labels(sentence)
    for cue in LABEL_CUES:
        hit = cue.find(sentence)
        if hit and cue.label not in labels:
            labels[cue.label] = f"{cue.name}: {hit.group()}"
    quote = QUOTE.search(sentence)
    if quote and not labels:
        labels["POSITION"] = f"quote: “{_preview(quote['quote'])}”"
    event = None if labels.keys() & EVENT_SHADOWED else _event_cue(sentence, alone=not labels)
    if event:
        labels["EVENT"] = event
    return list(labels.items())


def _figure_labels(sentence: str) -> dict[str, str]:
    """QUANTITY for figures stated as fact, PREDICTION for figures under a future cue (durations are context)."""
    labels: dict[str, str] = {}
    figures = [q for q in find_quantities(sentence) if not q.is_duration]
    for label, name, wanted in (("QUANTITY", "quantity", False), ("PREDICTION", "forecast", True)):
        chosen = [q for q in figures if is_forecast(sentence, q) is wanted]
        if chosen:
            labels[label] = f"{name}: " + ", ".join(q.label for q in chosen)
    return labels


def _event_cue(sentence: str, *, alone: bool) -> str | None:
    """Attribution or a perfect-tense event; failing both, a cue-less statement: EVENT is the largest class of claims."""
    for cue in (ATTRIBUTION, PERFECT):
        hit = cue.find(sentence)
        if hit:
            return f"{cue.name}: {hit.group()}"
    return "statement" if alone and len(sentence.split()) >= STATEMENT_WORDS else None


def is_forecast(sentence: str, figure: Quantity) -> bool:
    """A figure is a forecast when a future or hypothetical cue precedes it in its sentence ("could send 100,000")."""
    return FUTURE.find(sentence[:figure.start]) is not None


def _preview(quote: str) -> str:
    """The start of a quote, short enough for a cue column."""
    quote = " ".join(quote.split())
    return quote if len(quote) <= QUOTE_PREVIEW else quote[:QUOTE_PREVIEW].rsplit(" ", 1)[0] + "…"


def visible(suggestions: Iterable[Suggestion], rejected: set[tuple[int, int, str]],
            claimed: Iterable[tuple[int, int]]) -> Iterator[Suggestion]:
    """The suggestions an annotator still needs to see: not rejected, and not already covered by one of their claims."""
    spans = list(claimed)
    for item in suggestions:
        if item.key not in rejected and not any(_covers(span, item) for span in spans):
            yield item


def _covers(span: tuple[int, int], item: Suggestion) -> bool:
    """Whether a claim overlaps at least half of a suggestion, so it already answers it."""
    overlap = min(span[1], item.end) - max(span[0], item.start)
    return overlap >= HIDING_OVERLAP * (item.end - item.start)


def pending(store: Store, article_id: str, annotator: str) -> list[Suggestion]:
    """What an annotator still has to decide on in one article, in the schema's labels (the reader and `suggest`)."""
    rejected = {key for key, decision in store.suggestion_decisions(annotator, article_id).items()
                if decision == "rejected"}
    claimed = [(c.start, c.end) for c in store.claims(article_id, [annotator])]
    labels = set(store.schema.label_names)
    found = (s for s in suggest(store.article(article_id).text) if s.label in labels)
    return list(visible(found, rejected, claimed))
