"""Match counts pooled over articles, per annotator pair and per annotator against gold: what span F1 is taken from."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from statistics import fmean

from .spans import RULES, Matches, Rule, Span, match_many

Key = tuple[Rule, bool]
PairMatches = dict[tuple[str, str], list[tuple[int, int]]]
KEYS: tuple[Key, ...] = tuple((rule, labeled) for rule in RULES for labeled in (False, True))


def ratio(numerator: float, denominator: float) -> float | None:
    """Return numerator / denominator, None when there is nothing to divide by."""
    return numerator / denominator if denominator else None


def defined_mean(values: Iterable[float | None]) -> float | None:
    """Mean of the defined values, None if there are none."""
    defined = [v for v in values if v is not None]
    return fmean(defined) if defined else None


@dataclass
class PairTally:
    """Match counts of one annotator pair, pooled over the articles both marked done."""

    articles: int = 0
    spans: int = 0
    matched: Counter[Key] = field(default_factory=Counter)
    label_spans: Counter[str] = field(default_factory=Counter)
    label_matched: Counter[tuple[Rule, str]] = field(default_factory=Counter)

    def add(
        self, a_spans: Sequence[Span], b_spans: Sequence[Span], labels: Sequence[Counter[str]], matches: Matches
    ) -> dict[Key, float | None]:
        """Count one article's matches under every rule and return that article's F1 figures.

        ``labels`` are the two annotators' label counts in the article.
        """
        total = len(a_spans) + len(b_spans)
        self.articles += 1
        self.spans += total
        for counts in labels:
            self.label_spans.update(counts)
        for key, pairs in matches.items():
            self.matched[key] += len(pairs)
            if key[1]:
                self.label_matched.update([(key[0], a_spans[i][2]) for i, _ in pairs])
        return {key: ratio(2 * len(pairs), total) for key, pairs in matches.items()}

    def f1(self, key: Key) -> float | None:
        """Pooled F1 under one rule."""
        return ratio(2 * self.matched[key], self.spans)

    def label_f1(self, rule: Rule, label: str) -> float | None:
        """Pooled labeled F1 restricted to one label."""
        return ratio(2 * self.label_matched[rule, label], self.label_spans[label])


@dataclass
class GoldTally:
    """One annotator's matches against gold (IoU >= 0.5, labeled), pooled over articles with gold."""

    articles: int = 0
    matched: int = 0
    predicted: int = 0
    gold: int = 0

    def add(self, spans: Sequence[Span], gold: Sequence[Span], matches: Matches) -> None:
        """Count one article."""
        self.articles += 1
        self.matched += len(matches["iou50", True])
        self.predicted += len(spans)
        self.gold += len(gold)


def count_pairs(
    spans: Sequence[Mapping[str, Sequence[Span]]],
    tallies: Mapping[tuple[str, str], PairTally],
) -> tuple[list[dict[Key, float | None]], list[PairMatches]]:
    """Match every pair of every article in one batch and add them to the tallies.

    Returns each article's mean F1s (IoU >= 0.5) and its unlabeled IoU >= 0.5 matches per pair, which the
    matched-span grouping reuses.
    """
    keys = [(k, a, b) for k, done in enumerate(spans) for a, b in combinations(sorted(done), 2)]
    matches = match_many([(spans[k][a], spans[k][b]) for k, a, b in keys])
    labels = [{name: Counter([s[2] for s in group]) for name, group in done.items()} for done in spans]
    figures: list[list[dict[Key, float | None]]] = [[] for _ in spans]
    iou50: list[PairMatches] = [{} for _ in spans]
    for (k, a, b), found in zip(keys, matches, strict=True):
        figures[k].append(tallies[a, b].add(spans[k][a], spans[k][b], (labels[k][a], labels[k][b]), found))
        iou50[k][a, b] = found["iou50", False]
    headline: tuple[Key, ...] = (("iou50", False), ("iou50", True))
    return [{key: defined_mean(f[key] for f in article) for key in headline} for article in figures], iou50


def count_gold(
    golds: Sequence[Sequence[Span]], spans: Sequence[Mapping[str, Sequence[Span]]], annotators: Sequence[str]
) -> dict[str, GoldTally]:
    """Match each done annotator against gold on the articles that have gold (in one batch)."""
    tallies = {name: GoldTally() for name in annotators}
    keys = [(k, name) for k, done in enumerate(spans) if golds[k] for name in sorted(done)]
    matches = match_many([(spans[k][name], golds[k]) for k, name in keys])
    for (k, name), found in zip(keys, matches, strict=True):
        tallies[name].add(spans[k][name], golds[k], found)
    return tallies
