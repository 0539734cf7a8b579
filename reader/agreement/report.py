"""Assembles the `claim-reader stats` report from the store's rows, without SQL or terminal, so it can be tested alone.

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

The tables' models live in ``report_tables`` and the match counts in ``tallies``; the tables' names are
importable from here, where the console and the agreement screen take them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from itertools import combinations
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from reader.models import GOLD

from .chars import ArticleSpans, char_patterns, kappa_of
from .matched import (
    ConfidenceAgreement,
    LabelAgreement,
    ScoredSpan,
    confidence_agreement,
    label_agreement,
    matched_units,
)
from .patterns import Patterns, coincidences, merge_values, nominal_alpha_of
from .pooled_unitizing import alpha_u_pooled
from .report_tables import (
    THRESHOLDS,
    AnnotatorStats,
    ArticleStats,
    GoldCoverage,
    LabelStats,
    Overall,
    PairMetrics,
    PairStats,
    Report,
    f1_name,
    verdict,
)
from .spans import RULES, Span
from .tallies import KEYS, GoldTally, Key, PairTally, count_gold, count_pairs, defined_mean, ratio

if TYPE_CHECKING:
    from reader.store.rows import ComparedArticle, ComparedClaim

__all__ = [
    "THRESHOLDS",
    "AnnotatorStats",
    "ArticleData",
    "ArticleStats",
    "LabelStats",
    "Overall",
    "PairMetrics",
    "PairStats",
    "Report",
    "build_report",
    "f1_name",
    "gather",
    "verdict",
]


class ArticleData(NamedTuple):
    """One compared article: its length, each done annotator's claims and the gold claims."""

    id: str
    title: str
    length: int
    done: dict[str, list[ScoredSpan]]
    gold: list[ScoredSpan]


def gather(article_rows: Iterable[ComparedArticle], claim_rows: Iterable[ComparedClaim]) -> list[ArticleData]:
    """Group the store's compared claims under its compared articles, in text order."""
    articles = {
        row.id: ArticleData(row.id, row.title, row.length, {n: [] for n in row.done_by}, []) for row in article_rows
    }
    for claim in claim_rows:
        article = articles[claim.article_id]
        spans = article.gold if claim.annotator == GOLD else article.done[claim.annotator]
        spans.append((claim.start, claim.end, claim.label, claim.confidence))
    for article in articles.values():
        article.gold.sort()
        for spans in article.done.values():
            spans.sort()
    return list(articles.values())


class CharFigures(NamedTuple):
    """Character-level figures of one mode (unlabeled or labeled): overall alpha, per-pair kappa, per-article alpha."""

    alpha: float | None
    kappa: dict[tuple[str, str], float | None]
    by_article: list[float | None]


def _char_figures(articles: Sequence[ArticleSpans], annotators: Sequence[str]) -> dict[bool, CharFigures]:
    """Return both modes' figures (False: unlabeled, True: labeled), counting the labeled columns only once.

    Unlabeled ("any label") patterns follow from the labeled ones by merging values, without another pass.
    """
    labeled = char_patterns(articles, annotators, labeled=True)
    unlabeled = merge_values(labeled, [0] + [1] * (labeled.k - 1))
    return {False: _mode_figures(unlabeled, annotators), True: _mode_figures(labeled, annotators)}


def _mode_figures(found: Patterns, annotators: Sequence[str]) -> CharFigures:
    """Take every character-level figure of one mode from the per-article column pattern counts."""
    per_article = coincidences(found)
    total = found.counts.sum(axis=0)
    kappa = {}
    for (i, a), (j, b) in combinations(enumerate(annotators), 2):
        both = (found.codes[i] < found.k) & (found.codes[j] < found.k)
        table = np.zeros((found.k, found.k), dtype=np.int64)
        np.add.at(table, (found.codes[i, both], found.codes[j, both]), total[both])
        kappa[a, b] = kappa_of(table)
    return CharFigures(nominal_alpha_of(per_article.sum(axis=0)), kappa, [nominal_alpha_of(c) for c in per_article])


def _alpha_u(
    articles: Sequence[ArticleData], spans: Sequence[Mapping[str, Sequence[Span]]], labels: Sequence[str]
) -> dict:
    """Return pooled alpha_U per label and overall, each article with its own done annotators.

    One annotator's overlapping claims of one label are merged into their union: alpha_U needs units that tile.
    """
    parts = (
        (
            [(s, e - s, name, lab) for name, done in done_spans.items() for s, e, lab in done],
            article.length,
            sorted(done_spans),
        )
        for article, done_spans in zip(articles, spans, strict=True)
    )
    return alpha_u_pooled(parts, labels, merge=True)


def build_report(
    articles: Sequence[ArticleData],
    labels: Sequence[str] = (),
    done_counts: Mapping[str, int] | None = None,
    progress: Mapping[str, tuple[int, int]] | None = None,
) -> Report:
    """Compute every figure of the report from the compared articles.

    ``labels`` orders the per-label rows (schema order); labels found in the data are added after them.
    ``done_counts`` is how many articles each annotator marked done in all (compared or not).
    ``progress`` is each compared article's review progress (rows reviewed, rows), for the gold coverage.
    """
    spans = [{name: [s[:3] for s in done] for name, done in a.done.items()} for a in articles]
    annotators = sorted({name for a in articles for name in a.done})
    used = {s[2] for done in spans for group in done.values() for s in group}
    labels = [*labels, *sorted(used - set(labels))]
    tallies = {pair: PairTally() for pair in combinations(annotators, 2)}
    article_f1, iou50 = count_pairs(spans, tallies)
    gold = count_gold([[s[:3] for s in a.gold] for a in articles], spans, annotators)
    char_input = [ArticleSpans(a.length, done) for a, done in zip(articles, spans, strict=True)]
    chars = _char_figures(char_input, annotators)
    pairs = [_pair_stats(a, b, tallies[a, b], chars) for a, b in tallies]
    unitizing = _alpha_u(articles, spans, labels)
    done = [a.done for a in articles]
    units = matched_units(done, annotators, iou50)
    label_figures = label_agreement(done, annotators, units=units)
    return Report(
        articles_compared=len(articles),
        annotators=annotators,
        pairs=pairs,
        overall=_overall(
            pairs,
            chars,
            unitizing["alpha"],
            label_figures,
            confidence_agreement(done, annotators, "ordinal", units=units),
        ),
        by_label=_label_rows(labels, spans, tallies, unitizing["categories"]),
        by_article=_article_stats(articles, spans, article_f1, chars),
        by_annotator=[_annotator_stats(name, spans, pairs, gold[name], done_counts or {}) for name in annotators],
        confusion=label_figures.confusion,
        gold_coverage=_coverage(articles, progress or {}),
    )


def _coverage(articles: Sequence[ArticleData], progress: Mapping[str, tuple[int, int]]) -> GoldCoverage | None:
    """How much of the compared articles' review rows leads reviewed (None when none is)."""
    counts = [progress.get(a.id, (0, 0)) for a in articles]
    reviewed = sum(done for done, _ in counts)
    if not reviewed and not any(a.gold for a in articles):
        return None
    return GoldCoverage(
        rows_reviewed=reviewed,
        rows=sum(total for _, total in counts),
        articles_reviewed=sum(total > 0 and done == total for done, total in counts),
        articles_with_gold=sum(bool(a.gold) for a in articles),
        articles=len(articles),
    )


def _pair_stats(a: str, b: str, tally: PairTally, chars: Mapping[bool, CharFigures]) -> PairStats:
    """Return one pair's row."""
    f1s = {f1_name(*key): tally.f1(key) for key in KEYS}
    return PairStats(
        a=a,
        b=b,
        articles=tally.articles,
        **f1s,
        char_kappa=chars[False].kappa[a, b],
        char_kappa_labeled=chars[True].kappa[a, b],
    )


def _overall(
    pairs: Sequence[PairStats],
    chars: Mapping[bool, CharFigures],
    alpha_u: float | None,
    labels: LabelAgreement,
    confidence: ConfidenceAgreement,
) -> Overall:
    """Return the means over pairs and the coefficients across all annotators."""
    means = {name: defined_mean(getattr(p, name) for p in pairs) for name in PairMetrics.model_fields}
    return Overall(
        **means,
        char_alpha=chars[False].alpha,
        char_alpha_labeled=chars[True].alpha,
        alpha_u=alpha_u,
        label_alpha=labels.alpha,
        label_percent=labels.percent,
        confidence_alpha=confidence.alpha,
        confidence_mad=confidence.mean_abs_diff,
        matched_groups=labels.groups,
    )


def _label_rows(
    labels: Sequence[str],
    spans: Sequence[Mapping[str, Sequence[Span]]],
    tallies: Mapping[tuple[str, str], PairTally],
    alpha_u: Mapping[str, float | None],
) -> list[LabelStats]:
    """Return one row per label: its use, its F1 (mean over pairs) and its alpha_U."""
    used = Counter(s[2] for done in spans for group in done.values() for s in group)
    articles = Counter(label for done in spans for label in {s[2] for group in done.values() for s in group})
    return [
        LabelStats(
            label=label,
            spans=used[label],
            articles=articles[label],
            **{f"f1_{rule}": defined_mean(t.label_f1(rule, label) for t in tallies.values()) for rule in RULES},
            alpha_u=alpha_u[label],
        )
        for label in labels
    ]


def _article_stats(
    articles: Sequence[ArticleData],
    spans: Sequence[Mapping[str, Sequence[Span]]],
    article_f1: Sequence[Mapping[Key, float | None]],
    chars: Mapping[bool, CharFigures],
) -> list[ArticleStats]:
    """Return the per-article rows, hardest first: lowest labeled F1, then lowest character alpha; undefined last."""
    rows = [
        ArticleStats(
            id=a.id,
            title=a.title,
            annotators=sorted(a.done),
            spans=sum(len(g) for g in done.values()),
            f1_iou50=f1[("iou50", False)],
            f1_iou50_labeled=f1[("iou50", True)],
            char_alpha=chars[False].by_article[k],
            char_alpha_labeled=chars[True].by_article[k],
            gold=bool(a.gold),
        )
        for k, (a, done, f1) in enumerate(zip(articles, spans, article_f1, strict=True))
    ]

    def hardness(row: ArticleStats) -> tuple:
        """Undefined figures sort after defined ones (nothing to disagree about)."""
        f1, alpha = row.f1_iou50_labeled, row.char_alpha_labeled
        return (f1 is None, f1 or 0.0, alpha is None, alpha or 0.0, row.id)

    return sorted(rows, key=hardness)


def _annotator_stats(
    name: str,
    spans: Sequence[Mapping[str, Sequence[Span]]],
    pairs: Sequence[PairStats],
    gold: GoldTally,
    done_counts: Mapping[str, int],
) -> AnnotatorStats:
    """Return one annotator's row."""
    own = [p for p in pairs if name in (p.a, p.b)]
    return AnnotatorStats(
        annotator=name,
        spans=sum(len(done[name]) for done in spans if name in done),
        done_articles=done_counts.get(name, 0),
        compared_articles=sum(name in done for done in spans),
        f1_iou50=defined_mean(p.f1_iou50 for p in own),
        f1_iou50_labeled=defined_mean(p.f1_iou50_labeled for p in own),
        gold_articles=gold.articles,
        gold_precision=ratio(gold.matched, gold.predicted),
        gold_recall=ratio(gold.matched, gold.gold),
        gold_f1=ratio(2 * gold.matched, gold.predicted + gold.gold),
    )
