"""The whole `claim-reader stats` report, computed from the store's rows with no SQL and no terminal, so it can be tested alone.

Decisions (the definitions are in the team's agreement notes):

- Only articles two or more annotators marked done are compared; on them, annotators who did not mark
  the article done are missing, never "no claim".
- Pair figures are pooled over the articles both annotators marked done: span F1 = 2 * sum TP / sum
  (n_a + n_b), Cohen's kappa over the concatenated characters. ``overall`` holds their plain means over
  pairs (undefined pairs left out). Per-label F1 is the labeled F1 restricted to one label (labeled
  matching never pairs two labels, so it splits exactly by label), pooled per pair, then averaged.
- alpha_U is computed per article with that article's done annotators and pooled over articles as total
  observed over total expected cost (``alpha_u_pooled``). Overlapping claims of one annotator with the
  same label are merged into their union first (``merge=True``), since alpha_U needs each annotator's
  units of a label to tile the text.
- The headline figure of a breakdown (by article, by annotator, against gold) is F1 with IoU >= 0.5;
  gold counts on an article when it has at least one gold claim.
- Undefined values are None (JSON null), never NaN.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from statistics import fmean
from typing import NamedTuple

import numpy as np
from pydantic import BaseModel

from reader.models import GOLD

from .patterns import Patterns, coincidences, merge_values, nominal_alpha_of
from .pooled_unitizing import alpha_u_pooled
from .chars import ArticleSpans, char_patterns, kappa_of
from .matched import (
    ConfidenceAgreement,
    LabelAgreement,
    ScoredSpan,
    confidence_agreement,
    label_agreement,
    matched_units,
)
from .spans import RULES, Matches, Rule, Span, match_many

THRESHOLDS = {"reliable": 0.800, "tentative": 0.667}
"""Krippendorff's (2004) thresholds for alpha: reliable at or above 0.800, tentative from 0.667."""

Key = tuple[Rule, bool]
PairMatches = dict[tuple[str, str], list[tuple[int, int]]]
KEYS: tuple[Key, ...] = tuple((rule, labeled) for rule in RULES for labeled in (False, True))


def f1_name(rule: Rule, labeled: bool) -> str:
    """Return the report's name of an F1 figure, e.g. ``f1_iou50_labeled``."""
    return f"f1_{rule}_labeled" if labeled else f"f1_{rule}"


def verdict(value: float | None) -> str | None:
    """Read an alpha against Krippendorff's thresholds: reliable, tentative or unreliable (None if undefined)."""
    if value is None:
        return None
    if value >= THRESHOLDS["reliable"]:
        return "reliable"
    return "tentative" if value >= THRESHOLDS["tentative"] else "unreliable"


# -- the report's shape ------------------------------------------------------------------------------


class PairMetrics(BaseModel):
    """The figures computed per annotator pair (and averaged over pairs in ``overall``)."""

    f1_exact: float | None = None
    f1_exact_labeled: float | None = None
    f1_iou50: float | None = None
    f1_iou50_labeled: float | None = None
    f1_overlap: float | None = None
    f1_overlap_labeled: float | None = None
    char_kappa: float | None = None
    char_kappa_labeled: float | None = None


class PairStats(PairMetrics):
    """One annotator pair over the articles both marked done."""

    a: str
    b: str
    articles: int


class Overall(PairMetrics):
    """Means over pairs plus the coefficients taken across all annotators at once."""

    char_alpha: float | None = None
    char_alpha_labeled: float | None = None
    alpha_u: float | None = None
    label_alpha: float | None = None
    label_percent: float | None = None
    confidence_alpha: float | None = None
    confidence_mad: float | None = None
    matched_groups: int = 0


class LabelStats(BaseModel):
    """One label: how often it was used, span F1 restricted to it (mean over pairs) and its alpha_U."""

    label: str
    spans: int
    articles: int
    f1_exact: float | None
    f1_iou50: float | None
    f1_overlap: float | None
    alpha_u: float | None


class ArticleStats(BaseModel):
    """One compared article, to find the hard ones: mean pair F1 (IoU >= 0.5) and character alpha."""

    id: str
    title: str
    annotators: list[str]
    spans: int
    f1_iou50: float | None
    f1_iou50_labeled: float | None
    char_alpha: float | None
    char_alpha_labeled: float | None
    gold: bool


class AnnotatorStats(BaseModel):
    """One annotator: work done, mean F1 against the others, and precision/recall/F1 against gold (IoU >= 0.5, labeled)."""

    annotator: str
    spans: int
    done_articles: int
    compared_articles: int
    f1_iou50: float | None
    f1_iou50_labeled: float | None
    gold_articles: int
    gold_precision: float | None
    gold_recall: float | None
    gold_f1: float | None


class Report(BaseModel):
    """Everything `claim-reader stats` prints, as one JSON-ready object."""

    articles_compared: int
    annotators: list[str]
    pairs: list[PairStats]
    overall: Overall
    by_label: list[LabelStats]
    by_article: list[ArticleStats]
    by_annotator: list[AnnotatorStats]
    confusion: dict[str, dict[str, int]]
    thresholds: dict[str, float] = THRESHOLDS


# -- input -------------------------------------------------------------------------------------------


class ArticleData(NamedTuple):
    """One compared article: its length, each done annotator's claims and the gold claims."""

    id: str
    title: str
    length: int
    done: dict[str, list[ScoredSpan]]
    gold: list[ScoredSpan]


def gather(
    article_rows: Iterable[tuple[str, str, int, Sequence[str]]],
    claim_rows: Iterable[tuple[str, str, int, int, str, int]],
) -> list[ArticleData]:
    """Group the store's claim rows (article, annotator, start, end, label, confidence) under its article rows, in text order."""
    articles = {aid: ArticleData(aid, title, length, {n: [] for n in done_by}, []) for aid, title, length, done_by
                in article_rows}
    for article_id, annotator, start, end, label, confidence in claim_rows:
        article = articles[article_id]
        spans = article.gold if annotator == GOLD else article.done[annotator]
        spans.append((start, end, label, confidence))
    for article in articles.values():
        article.gold.sort()
        for spans in article.done.values():
            spans.sort()
    return list(articles.values())


# -- tallies -----------------------------------------------------------------------------------------


def _ratio(numerator: float, denominator: float) -> float | None:
    """Return numerator / denominator, None when there is nothing to divide by."""
    return numerator / denominator if denominator else None


def _mean(values: Iterable[float | None]) -> float | None:
    """Mean of the defined values, None if there are none."""
    defined = [v for v in values if v is not None]
    return fmean(defined) if defined else None


@dataclass
class _PairTally:
    """Match counts of one annotator pair, pooled over the articles both marked done."""

    articles: int = 0
    spans: int = 0
    matched: Counter[Key] = field(default_factory=Counter)
    label_spans: Counter[str] = field(default_factory=Counter)
    label_matched: Counter[tuple[Rule, str]] = field(default_factory=Counter)

    def add(self, a_spans: Sequence[Span], b_spans: Sequence[Span], labels: Sequence[Counter[str]],
            matches: Matches) -> dict[Key, float | None]:
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
        return {key: _ratio(2 * len(pairs), total) for key, pairs in matches.items()}

    def f1(self, key: Key) -> float | None:
        """Pooled F1 under one rule."""
        return _ratio(2 * self.matched[key], self.spans)

    def label_f1(self, rule: Rule, label: str) -> float | None:
        """Pooled labeled F1 restricted to one label."""
        return _ratio(2 * self.label_matched[rule, label], self.label_spans[label])


@dataclass
class _GoldTally:
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


# -- character level ---------------------------------------------------------------------------------


@dataclass
class _Chars:
    """Character-level figures of one mode (unlabeled or labeled): overall alpha, per-pair kappa, per-article alpha."""

    alpha: float | None
    kappa: dict[tuple[str, str], float | None]
    by_article: list[float | None]


def _char_modes(articles: Sequence[ArticleSpans], annotators: Sequence[str]) -> dict[bool, _Chars]:
    """Count the labeled character columns per article once; unlabeled ("any label") patterns follow from them."""
    labeled = char_patterns(articles, annotators, labeled=True)
    unlabeled = merge_values(labeled, [0] + [1] * (labeled.k - 1))
    return {False: _char_figures(unlabeled, annotators), True: _char_figures(labeled, annotators)}


def _char_figures(found: Patterns, annotators: Sequence[str]) -> _Chars:
    """Take every character-level figure of one mode from the per-article column pattern counts."""
    per_article = coincidences(found)
    total = found.counts.sum(axis=0)
    kappa = {}
    for (i, a), (j, b) in combinations(enumerate(annotators), 2):
        both = (found.codes[i] < found.k) & (found.codes[j] < found.k)
        table = np.zeros((found.k, found.k), dtype=np.int64)
        np.add.at(table, (found.codes[i, both], found.codes[j, both]), total[both])
        kappa[a, b] = kappa_of(table)
    return _Chars(nominal_alpha_of(per_article.sum(axis=0)), kappa, [nominal_alpha_of(c) for c in per_article])


# -- alpha_U -----------------------------------------------------------------------------------------


def _alpha_u(articles: Sequence[ArticleData], spans: Sequence[Mapping[str, Sequence[Span]]],
             labels: Sequence[str]) -> dict:
    """Return pooled alpha_U per label and overall, each article with its own done annotators.

    One annotator's overlapping claims of one label are merged into their union: alpha_U needs units that tile.
    """
    parts = (
        ([(s, e - s, name, lab) for name, done in done_spans.items() for s, e, lab in done], article.length,
         sorted(done_spans))
        for article, done_spans in zip(articles, spans, strict=True)
    )
    return alpha_u_pooled(parts, labels, merge=True)


# -- the report --------------------------------------------------------------------------------------


def build_report(articles: Sequence[ArticleData], labels: Sequence[str] = (),
                 done_counts: Mapping[str, int] | None = None) -> Report:
    """Compute every figure of the report from the compared articles.

    ``labels`` orders the per-label rows (schema order); labels found in the data are added after them.
    ``done_counts`` is how many articles each annotator marked done in all (compared or not).
    """
    spans = [{name: [s[:3] for s in done] for name, done in a.done.items()} for a in articles]
    annotators = sorted({name for a in articles for name in a.done})
    used = {s[2] for done in spans for group in done.values() for s in group}
    labels = [*labels, *sorted(used - set(labels))]
    tallies = {pair: _PairTally() for pair in combinations(annotators, 2)}
    article_f1, iou50 = _count_pairs(spans, tallies)
    gold = _count_gold(articles, spans, annotators)
    char_input = [ArticleSpans(a.length, done) for a, done in zip(articles, spans, strict=True)]
    chars = _char_modes(char_input, annotators)
    pairs = [_pair_stats(a, b, tallies[a, b], chars) for a, b in tallies]
    unitizing = _alpha_u(articles, spans, labels)
    done = [a.done for a in articles]
    units = matched_units(done, annotators, iou50)
    label_figures = label_agreement(done, annotators, units=units)
    return Report(
        articles_compared=len(articles),
        annotators=annotators,
        pairs=pairs,
        overall=_overall(pairs, chars, unitizing["alpha"], label_figures,
                         confidence_agreement(done, annotators, "ordinal", units=units)),
        by_label=_label_rows(labels, spans, tallies, unitizing["categories"]),
        by_article=_article_stats(articles, spans, article_f1, chars),
        by_annotator=[_annotator_stats(name, spans, pairs, gold[name], done_counts or {}) for name in annotators],
        confusion=label_figures.confusion,
    )


def _count_pairs(spans: Sequence[Mapping[str, Sequence[Span]]],
                 tallies: Mapping[tuple[str, str], _PairTally]) -> tuple[list[dict[Key, float | None]], list[PairMatches]]:
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
    headline = (("iou50", False), ("iou50", True))
    return [{key: _mean(f[key] for f in article) for key in headline} for article in figures], iou50


def _count_gold(articles: Sequence[ArticleData], spans: Sequence[Mapping[str, Sequence[Span]]],
                annotators: Sequence[str]) -> dict[str, _GoldTally]:
    """Match each done annotator against gold on the articles that have gold (in one batch)."""
    tallies = {name: _GoldTally() for name in annotators}
    golds = [[s[:3] for s in a.gold] for a in articles]
    keys = [(k, name) for k, done in enumerate(spans) if golds[k] for name in sorted(done)]
    matches = match_many([(spans[k][name], golds[k]) for k, name in keys])
    for (k, name), found in zip(keys, matches, strict=True):
        tallies[name].add(spans[k][name], golds[k], found)
    return tallies


def _pair_stats(a: str, b: str, tally: _PairTally, chars: Mapping[bool, _Chars]) -> PairStats:
    """Return one pair's row."""
    f1s = {f1_name(*key): tally.f1(key) for key in KEYS}
    return PairStats(a=a, b=b, articles=tally.articles, **f1s, char_kappa=chars[False].kappa[a, b],
                     char_kappa_labeled=chars[True].kappa[a, b])


def _overall(pairs: Sequence[PairStats], chars: Mapping[bool, _Chars], alpha_u: float | None,
             labels: LabelAgreement, confidence: ConfidenceAgreement) -> Overall:
    """Return the means over pairs and the coefficients across all annotators."""
    means = {name: _mean(getattr(p, name) for p in pairs) for name in PairMetrics.model_fields}
    return Overall(
        **means, char_alpha=chars[False].alpha, char_alpha_labeled=chars[True].alpha, alpha_u=alpha_u,
        label_alpha=labels.alpha, label_percent=labels.percent, confidence_alpha=confidence.alpha,
        confidence_mad=confidence.mean_abs_diff, matched_groups=labels.groups,
    )


def _label_rows(labels: Sequence[str], spans: Sequence[Mapping[str, Sequence[Span]]],
                tallies: Mapping[tuple[str, str], _PairTally], alpha_u: Mapping[str, float | None]) -> list[LabelStats]:
    """Return one row per label: its use, its F1 (mean over pairs) and its alpha_U."""
    used = Counter(s[2] for done in spans for group in done.values() for s in group)
    articles = Counter(label for done in spans for label in {s[2] for group in done.values() for s in group})
    return [
        LabelStats(
            label=label, spans=used[label], articles=articles[label],
            **{f"f1_{rule}": _mean(t.label_f1(rule, label) for t in tallies.values()) for rule in RULES},
            alpha_u=alpha_u[label],
        )
        for label in labels
    ]


def _article_stats(articles: Sequence[ArticleData], spans: Sequence[Mapping[str, Sequence[Span]]],
                   article_f1: Sequence[Mapping[Key, float | None]], chars: Mapping[bool, _Chars]) -> list[ArticleStats]:
    """Return the per-article rows, hardest first: lowest labeled F1, then lowest character alpha; undefined last."""
    rows = [
        ArticleStats(
            id=a.id, title=a.title, annotators=sorted(a.done), spans=sum(len(g) for g in done.values()),
            f1_iou50=f1[("iou50", False)], f1_iou50_labeled=f1[("iou50", True)],
            char_alpha=chars[False].by_article[k], char_alpha_labeled=chars[True].by_article[k], gold=bool(a.gold),
        )
        for k, (a, done, f1) in enumerate(zip(articles, spans, article_f1, strict=True))
    ]

    def hardness(row: ArticleStats) -> tuple:
        """Undefined figures sort after defined ones (nothing to disagree about)."""
        f1, alpha = row.f1_iou50_labeled, row.char_alpha_labeled
        return (f1 is None, f1 or 0.0, alpha is None, alpha or 0.0, row.id)

    return sorted(rows, key=hardness)


def _annotator_stats(name: str, spans: Sequence[Mapping[str, Sequence[Span]]], pairs: Sequence[PairStats],
                     gold: _GoldTally, done_counts: Mapping[str, int]) -> AnnotatorStats:
    """Return one annotator's row."""
    own = [p for p in pairs if name in (p.a, p.b)]
    return AnnotatorStats(
        annotator=name,
        spans=sum(len(done[name]) for done in spans if name in done),
        done_articles=done_counts.get(name, 0),
        compared_articles=sum(name in done for done in spans),
        f1_iou50=_mean(p.f1_iou50 for p in own),
        f1_iou50_labeled=_mean(p.f1_iou50_labeled for p in own),
        gold_articles=gold.articles,
        gold_precision=_ratio(gold.matched, gold.predicted),
        gold_recall=_ratio(gold.matched, gold.gold),
        gold_f1=_ratio(2 * gold.matched, gold.predicted + gold.gold),
    )
