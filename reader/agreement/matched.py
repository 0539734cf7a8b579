"""Agreement on the labels and confidences of spans that annotators matched (IoU >= 0.5).

Grouping: every annotator pair is matched with ``match(..., "iou50", labeled=False)``; groups are then
grown greedily along those matches by descending IoU (ties as in ``spans``), merging two groups only if
they share no annotator and every cross pair was matched pairwise. So a group holds at most one span
per annotator, every two of which are matched to each other; with two annotators the groups are exactly
the pairwise matches. Spans may carry a confidence as a fourth item: ``(start, end, label, confidence)``.
"""

from collections.abc import Iterable, Mapping, Sequence
from itertools import combinations
from typing import NamedTuple

import numpy as np

from .alpha import Level, alpha
from .spans import Span, iou, match

ScoredSpan = tuple[int, int, str, int | None]
AnySpan = Span | ScoredSpan
Node = tuple[str, int]


class LabelAgreement(NamedTuple):
    """Label agreement on matched groups: pairwise percent agreement, alpha nominal and a symmetric confusion matrix."""

    percent: float | None
    alpha: float | None
    confusion: dict[str, dict[str, int]]
    groups: int
    pairs: int


class ConfidenceAgreement(NamedTuple):
    """Confidence agreement on matched groups: Krippendorff's alpha and the mean absolute pairwise difference."""

    alpha: float | None
    mean_abs_diff: float | None
    groups: int
    pairs: int


def _edge_key(edge: tuple[Node, Node], spans: Mapping[str, Sequence[AnySpan]]) -> tuple:
    """Order matched pairs by descending IoU, then same label first, then span content, then names."""
    (a, i), (b, j) = edge
    x, y = tuple(spans[a][i][:3]), tuple(spans[b][j][:3])
    return (-iou(x, y), x[2] != y[2], min(x, y), max(x, y), edge)


def match_groups(spans_by_annotator: Mapping[str, Sequence[AnySpan]]) -> list[dict[str, int]]:
    """Group one article's spans across annotators (see module docstring), as {annotator: span index} per group.

    Unmatched spans form groups of one. Groups are ordered by their earliest span.
    """
    spans = spans_by_annotator
    matched: set[frozenset[Node]] = set()
    edges: list[tuple[Node, Node]] = []
    for a, b in combinations(sorted(spans), 2):
        a_spans = [tuple(s[:3]) for s in spans[a]]
        b_spans = [tuple(s[:3]) for s in spans[b]]
        for i, j in match(a_spans, b_spans, "iou50", labeled=False):
            matched.add(frozenset(((a, i), (b, j))))
            edges.append(((a, i), (b, j)))
    group_of: dict[Node, frozenset[Node]] = {(n, i): frozenset({(n, i)}) for n in spans for i in range(len(spans[n]))}
    for x, y in sorted(edges, key=lambda e: _edge_key(e, spans)):
        gx, gy = group_of[x], group_of[y]
        if gx == gy or {n for n, _ in gx} & {n for n, _ in gy}:
            continue
        if all(frozenset((u, v)) in matched for u in gx for v in gy):
            merged = gx | gy
            for node in merged:
                group_of[node] = merged
    return sorted(
        (dict(sorted(g)) for g in set(group_of.values())),
        key=lambda g: min((tuple(spans[n][i][:3]), n) for n, i in g.items()),
    )


def _matched_units(articles: Iterable[Mapping[str, Sequence[AnySpan]]], annotators: Sequence[str]) -> list[dict[str, AnySpan]]:
    """Return every matched group with two or more spans, over all articles, as {annotator: span}."""
    units: list[dict[str, AnySpan]] = []
    for article in articles:
        done = {name: article[name] for name in annotators if name in article}
        for group in match_groups(done):
            if len(group) >= 2:
                units.append({name: done[name][i] for name, i in group.items()})
    return units


def _matrix(columns: list[dict[str, float | None]], annotators: Sequence[str]) -> np.ndarray:
    """Return the annotators x groups reliability matrix of per-group values (NaN = missing)."""
    matrix = np.full((len(annotators), len(columns)), np.nan)
    for column, values in enumerate(columns):
        for row, name in enumerate(annotators):
            if values.get(name) is not None:
                matrix[row, column] = values[name]
    return matrix


def label_agreement(articles: Iterable[Mapping[str, Sequence[AnySpan]]], annotators: Sequence[str]) -> LabelAgreement:
    """Measure whether annotators who found the same span gave it the same label.

    ``articles`` map each annotator who marked the article done to their spans. Percent agreement is
    over annotator pairs within groups. The confusion matrix counts each pair in both directions, so
    an agreeing pair adds 2 to its diagonal cell and the matrix sums to twice the number of pairs.
    """
    units = _matched_units(articles, annotators)
    pair_labels = [(u[a][2], u[b][2]) for u in units for a, b in combinations(sorted(u), 2)]
    names = sorted({label for pair in pair_labels for label in pair})
    confusion = {x: dict.fromkeys(names, 0) for x in names}
    for x, y in pair_labels:
        confusion[x][y] += 1
        confusion[y][x] += 1
    ids = {label: float(i) for i, label in enumerate(names)}
    labels = [{n: ids[s[2]] for n, s in u.items()} for u in units]
    agreeing = sum(x == y for x, y in pair_labels)
    return LabelAgreement(
        percent=agreeing / len(pair_labels) if pair_labels else None,
        alpha=alpha(_matrix(labels, annotators), "nominal"),
        confusion=confusion,
        groups=len(units),
        pairs=len(pair_labels),
    )


def confidence_agreement(
    articles: Iterable[Mapping[str, Sequence[ScoredSpan]]], annotators: Sequence[str], level: Level = "ordinal"
) -> ConfidenceAgreement:
    """Measure whether annotators who found the same span were equally sure of it (not pooled Pearson, which depends on pair order).

    Spans without a confidence (None) are missing. The mean absolute difference is over annotator
    pairs within groups where both gave a confidence.
    """
    units = _matched_units(articles, annotators)
    confidences = [{n: s[3] for n, s in u.items()} for u in units]
    diffs = [
        abs(c[a] - c[b])
        for c in confidences
        for a, b in combinations(sorted(c), 2)
        if c[a] is not None and c[b] is not None
    ]
    return ConfidenceAgreement(
        alpha=alpha(_matrix(confidences, annotators), level),
        mean_abs_diff=sum(diffs) / len(diffs) if diffs else None,
        groups=len(units),
        pairs=len(diffs),
    )
