"""Agreement on the labels and confidences of spans that annotators matched (IoU >= 0.5).

Grouping: every annotator pair is matched with ``match(..., "iou50", labeled=False)``; groups are then
grown greedily along those matches by descending IoU (ties as in ``spans``), merging two groups only if
they share no annotator and every cross pair was matched pairwise. So a group holds at most one span
per annotator, every two of which are matched to each other; with two annotators the groups are exactly
the pairwise matches. Spans may carry a confidence as a fourth item: ``(start, end, label, confidence)``.
"""

from collections.abc import Iterable, Mapping, Sequence
from itertools import combinations, repeat
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


def _linked(
    spans: Mapping[str, Sequence[Span]], matches: Mapping[tuple[str, str], Sequence[tuple[int, int]]] | None
) -> list[list[Node]]:
    """Return the groups of two or more spans (see module docstring) of one article, in no set order."""
    matched: set[tuple[Node, Node]] = set()  # (a, i), (b, j) with a < b
    # Matched pairs by descending IoU, then same label first, then span content, then names.
    edges: list[tuple] = []
    for a, b in combinations(sorted(spans), 2):
        found = matches[a, b] if matches is not None else match(spans[a], spans[b], "iou50", labeled=False)
        for i, j in found:
            s, t = spans[a][i], spans[b][j]
            matched.add(((a, i), (b, j)))
            edges.append((-iou(s, t), s[2] != t[2], min(s, t), max(s, t), (a, i), (b, j)))
    edges.sort()
    group_of: dict[Node, list[Node]] = {}
    for *_, x, y in edges:
        gx, gy = group_of.get(x, [x]), group_of.get(y, [y])
        if gx is gy or {n for n, _ in gx} & {n for n, _ in gy}:
            continue
        if all(((u, v) if u < v else (v, u)) in matched for u in gx for v in gy):
            merged = gx + gy
            for node in merged:
                group_of[node] = merged
    return list({id(g): g for g in group_of.values()}.values())


def _triples(spans_by_annotator: Mapping[str, Sequence[AnySpan]]) -> dict[str, list[Span]]:
    """Drop confidences: grouping looks at (start, end, label) only."""
    return {name: [(s[0], s[1], s[2]) for s in group] for name, group in spans_by_annotator.items()}


def match_groups(
    spans_by_annotator: Mapping[str, Sequence[AnySpan]],
    matches: Mapping[tuple[str, str], Sequence[tuple[int, int]]] | None = None,
) -> list[dict[str, int]]:
    """Group one article's spans across annotators (see module docstring), as {annotator: span index} per group.

    Unmatched spans form groups of one. Groups are ordered by their earliest span. ``matches`` may give the
    pairwise ``match(..., "iou50", labeled=False)`` of each annotator pair (a < b) when already computed.
    """
    spans = _triples(spans_by_annotator)
    linked = _linked(spans, matches)
    grouped = {node for group in linked for node in group}
    alone = [{n: i} for n in spans for i in range(len(spans[n])) if (n, i) not in grouped]
    return sorted(
        [*(dict(sorted(g)) for g in linked), *alone], key=lambda g: min((spans[n][i], n) for n, i in g.items())
    )


def matched_units(
    articles: Iterable[Mapping[str, Sequence[AnySpan]]],
    annotators: Sequence[str],
    matches: Iterable[Mapping[tuple[str, str], Sequence[tuple[int, int]]]] | None = None,
) -> list[dict[str, AnySpan]]:
    """Return every matched group with two or more spans, over all articles, as {annotator: span}, in no set order.

    ``matches`` may give each article's pairwise matches, as for ``match_groups``.
    """
    units: list[dict[str, AnySpan]] = []
    for article, found in zip(articles, matches if matches is not None else repeat(None), strict=False):
        done = {name: article[name] for name in annotators if name in article}
        units += [{name: done[name][i] for name, i in group} for group in _linked(_triples(done), found)]
    return units


def _matrix(columns: Sequence[Mapping[str, float | None]], annotators: Sequence[str]) -> np.ndarray:
    """Return the annotators x groups reliability matrix of per-group values (NaN = missing)."""
    rows = [[np.nan if (value := values.get(name)) is None else value for values in columns] for name in annotators]
    return np.array(rows, dtype=np.float64).reshape(len(annotators), len(columns))


def label_agreement(
    articles: Iterable[Mapping[str, Sequence[AnySpan]]],
    annotators: Sequence[str],
    *,
    units: Sequence[dict[str, AnySpan]] | None = None,
) -> LabelAgreement:
    """Measure whether annotators who found the same span gave it the same label.

    ``articles`` map each annotator who marked the article done to their spans. Percent agreement is
    over annotator pairs within groups. The confusion matrix counts each pair in both directions, so
    an agreeing pair adds 2 to its diagonal cell and the matrix sums to twice the number of pairs.
    ``units`` may give ``matched_units(articles, annotators)`` when already computed.
    """
    units = matched_units(articles, annotators) if units is None else units
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
    articles: Iterable[Mapping[str, Sequence[ScoredSpan]]],
    annotators: Sequence[str],
    level: Level = "ordinal",
    *,
    units: Sequence[dict[str, AnySpan]] | None = None,
) -> ConfidenceAgreement:
    """Measure whether annotators who found the same span were equally sure of it (not pooled Pearson, which depends on
    pair order).

    Spans without a confidence (None) are missing. The mean absolute difference is over annotator
    pairs within groups where both gave a confidence. ``units`` as for ``label_agreement``.
    """
    units = matched_units(articles, annotators) if units is None else units
    confidences: list[dict[str, int | None]] = [{n: s[3] if len(s) > 3 else None for n, s in u.items()} for u in units]
    diffs = [
        abs(x - y)
        for c in confidences
        for a, b in combinations(sorted(c), 2)
        if (x := c[a]) is not None and (y := c[b]) is not None
    ]
    return ConfidenceAgreement(
        alpha=alpha(_matrix(confidences, annotators), level),
        mean_abs_diff=sum(diffs) / len(diffs) if diffs else None,
        groups=len(units),
        pairs=len(diffs),
    )
