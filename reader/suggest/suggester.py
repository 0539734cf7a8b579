"""Propose claim spans with a label and the cue that fired, so annotators confirm candidates instead of hunting for
them."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from reader.linking.numbers import Quantity, find_quantities
from reader.segment import sentence_spans, trim_span
from reader.suggest.cues import (
    ATTRIBUTION,
    ESTABLISHED,
    FUTURE,
    LABEL_CUES,
    PERFECT,
    QUOTE,
    RULE_LABEL,
    RULES,
    rules_for,
)

if TYPE_CHECKING:
    from reader.schema import LabelDef
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
    score: float | None = None
    """The learned suggester's probability for the label, when a model made or confirmed the suggestion."""

    @property
    def rule(self) -> str:
        """The cue rule that made the suggestion ("model" where only the model did): the cue's text up to its colon."""
        return self.cue.partition(":")[0]

    @property
    def key(self) -> tuple[int, int, str]:
        """What a decision about this suggestion is remembered by."""
        return self.start, self.end, self.label


CueMap = dict[str, tuple[str, ...]]
"""Cue rule name to the schema labels it suggests (a custom schema may map a rule to several, or to none)."""
DEFAULT_CUES: CueMap = {rule.name: (rule.label,) for rule in RULES}


class Proposer(Protocol):
    """What proposes suggestions beside the cue rules (the learned suggester), seen only through this method."""

    def suggest(self, text: str, rules: CueMap, *, everything: bool = False) -> list[Suggestion]:
        """Every suggestion for a text under a cue map; only the precise ones unless `everything`."""
        ...


def cue_map(labels: Iterable[LabelDef]) -> CueMap:
    """The cue table checked against a schema: each rule's schema labels, from their `cues` lists or their names."""
    found: dict[str, list[str]] = {}
    for label in labels:
        for rule in rules_for(label.name, label.cues):
            found.setdefault(rule, []).append(label.name)
    return {rule: tuple(names) for rule, names in found.items()}


def cue_note(labels: Sequence[LabelDef]) -> str | None:
    """Which cue rules a custom schema's labels take and which labels none suggests (None for the default labels)."""
    from reader.schema import DEFAULT_SCHEMA

    if [label.name for label in labels] == DEFAULT_SCHEMA.label_names and all(label.cues is None for label in labels):
        return None
    taken = [(label.name, rules_for(label.name, label.cues)) for label in labels]
    applied = "; ".join(f"{name} ← {', '.join(rules)}" for name, rules in taken if rules) or "none"
    bare = [name for name, rules in taken if not rules]
    return f"cue rules for this schema: {applied}" + (f"; no cue rule suggests {', '.join(bare)}" if bare else "")


def suggest(text: str, rules: CueMap = DEFAULT_CUES) -> list[Suggestion]:
    """Every suggestion for an article text, in text order; at most one per label and sentence."""
    found: list[Suggestion] = []
    for start, end in sentence_spans(text):
        if is_claim_candidate(text, start, end):
            span = trim_span(text, start, end)
            found += (Suggestion(*span, label, cue) for label, cue in mapped_labels(text[start:end], rules))
    return found


def suggest_cold(text: str, rules: CueMap = DEFAULT_CUES, *, everything: bool = False) -> list[Suggestion]:
    """The suggestions before any model has learned a label: with `everything` every cue rule's, else only those of
    the rules whose precision is established (see ESTABLISHED), one per sentence."""
    found = suggest(text, rules)
    return found if everything else one_per_sentence(item for item in found if item.rule in ESTABLISHED)


def one_per_sentence(found: Iterable[Suggestion]) -> list[Suggestion]:
    """Each sentence's first suggestion (they come best first): the default view offers one label a sentence, and the
    full view (W, --all) the others."""
    seen: set[tuple[int, int]] = set()
    kept = []
    for item in found:
        if (item.start, item.end) not in seen:
            seen.add((item.start, item.end))
            kept.append(item)
    return kept


def mapped_labels(sentence: str, rules: CueMap) -> list[tuple[str, str]]:
    """The (schema label, cue) pairs a sentence earns under a cue map: the first rule to name a label wins."""
    labels: dict[str, str] = {}
    for rule, cue in sentence_cues(sentence):
        for label in rules.get(rule, ()):
            labels.setdefault(label, cue)
    return list(labels.items())


def is_claim_candidate(text: str, start: int, end: int) -> bool:
    """Skip what cannot hold a claim: questions and headings (a short whole line without a full stop)."""
    sentence = text[start:end]
    if sentence.endswith("?") or trim_span(text, start, end)[0] >= end:
        return False
    whole_line = (start == 0 or text[start - 1] == "\n") and text[end : end + 1] in ("", "\n")
    return not (whole_line and len(sentence.split()) <= HEADING_WORDS and sentence[-1] not in '.!”"')


def sentence_labels(sentence: str) -> list[tuple[str, str]]:
    """The (default label, cue) pairs one sentence earns, in the order they are offered."""
    return [(RULE_LABEL[rule], cue) for rule, cue in sentence_cues(sentence)]


def sentence_cues(sentence: str) -> list[tuple[str, str]]:
    """The (rule, cue) pairs one sentence earns: figures, future, causal, rule and stance cues, then quotes and
    events."""
    hits = _figure_cues(sentence)
    for cue in LABEL_CUES:
        hit = cue.find(sentence)
        if hit and cue.label not in hits:
            hits[cue.label] = (cue.name, f"{cue.name}: {hit.group()}")
    quote = QUOTE.search(sentence)
    if quote and not hits:
        hits[RULE_LABEL["quote"]] = ("quote", f"quote: “{_preview(quote['quote'])}”")
    event = None if hits.keys() & EVENT_SHADOWED else _event_cue(sentence, alone=not hits)
    if event:
        hits[RULE_LABEL[event[0]]] = event
    return list(hits.values())


def _figure_cues(sentence: str) -> dict[str, tuple[str, str]]:
    """The quantity rule for figures stated as fact, the forecast rule for figures under a future cue (durations are
    context)."""
    hits: dict[str, tuple[str, str]] = {}
    figures = [q for q in find_quantities(sentence) if not q.is_duration]
    for rule, wanted in (("quantity", False), ("forecast", True)):
        chosen = [q for q in figures if is_forecast(sentence, q) is wanted]
        if chosen:
            hits[RULE_LABEL[rule]] = (rule, f"{rule}: " + ", ".join(q.label for q in chosen))
    return hits


def _event_cue(sentence: str, *, alone: bool) -> tuple[str, str] | None:
    """Attribution or a perfect-tense event; failing both, a cue-less statement: EVENT is the largest class of
    claims."""
    for cue in (ATTRIBUTION, PERFECT):
        hit = cue.find(sentence)
        if hit:
            return cue.name, f"{cue.name}: {hit.group()}"
    return ("statement", "statement") if alone and len(sentence.split()) >= STATEMENT_WORDS else None


def is_forecast(sentence: str, figure: Quantity) -> bool:
    """A figure is a forecast when a future or hypothetical cue precedes it in its sentence ("could send 100,000")."""
    return FUTURE.find(sentence[: figure.start]) is not None


def _preview(quote: str) -> str:
    """The start of a quote, short enough for a cue column."""
    quote = " ".join(quote.split())
    return quote if len(quote) <= QUOTE_PREVIEW else quote[:QUOTE_PREVIEW].rsplit(" ", 1)[0] + "…"


def visible(
    suggestions: Iterable[Suggestion], rejected: set[tuple[int, int, str]], claimed: Iterable[tuple[int, int]]
) -> Iterator[Suggestion]:
    """The suggestions an annotator still needs to see: not rejected, and not already covered by one of their claims."""
    spans = list(claimed)
    for item in suggestions:
        if item.key not in rejected and not any(_covers(span, item) for span in spans):
            yield item


def _covers(span: tuple[int, int], item: Suggestion) -> bool:
    """Whether a claim overlaps at least half of a suggestion, so it already answers it."""
    overlap = min(span[1], item.end) - max(span[0], item.start)
    return overlap >= HIDING_OVERLAP * (item.end - item.start)


def pending(
    store: Store, article_id: str, annotator: str, model: Proposer | None = None, *, everything: bool = False
) -> list[Suggestion]:
    """What an annotator still has to decide on in one article, in the schema's labels (the reader and `suggest`),
    from the combined suggester when a trained model is given, else from the cue rules (only the precise ones, one a
    sentence, unless `everything`)."""
    rejected = {key for key, decision in store.decisions.of(annotator, article_id).items() if decision == "rejected"}
    claimed = [(c.start, c.end) for c in store.claims.of_article(article_id, [annotator])]
    text, rules = store.articles.get(article_id).text, cue_map(store.schema.labels)
    if model is None:
        found = suggest_cold(text, rules, everything=everything)
    else:
        found = model.suggest(text, rules, everything=everything)
    return list(visible(found, rejected, claimed))
