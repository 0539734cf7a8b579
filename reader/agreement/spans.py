"""Span matching and span F1, the chance-free agreement measure for spans (Hripcsak and Rothschild 2005).

A span is ``(start, end, label)`` in code points, end exclusive, with ``start < end``.

Matching is one-to-one and greedy: candidate pairs allowed by the rule are taken by descending IoU, a
span being used at most once. Ties in IoU are broken first in favour of pairs with the same label, then
by the span contents of the pair (smaller span tuple first, independent of which side it came from),
then by list position. The ordering does not depend on which annotator is ``a`` and which is ``b``, so
the number of matches, and hence F1, is symmetric.
"""

from collections.abc import Sequence
from itertools import product
from operator import itemgetter
from typing import Literal, NamedTuple

import numpy as np

Span = tuple[int, int, str]
Rule = Literal["exact", "iou50", "overlap"]
RULES: tuple[Rule, ...] = ("exact", "iou50", "overlap")


class PRF(NamedTuple):
    """Precision, recall and F1 of predicted spans against gold spans; None where a ratio has no denominator."""

    precision: float | None
    recall: float | None
    f1: float | None


def _check(span: Span) -> None:
    """Reject empty or reversed spans, for which IoU has no meaning."""
    if not span[0] < span[1]:
        raise ValueError(f"span {span!r} must have start < end")


def iou(a: Span, b: Span) -> float:
    """Return the intersection over union of two spans' character ranges, the overlap score used for matching."""
    _check(a)
    _check(b)
    inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    return inter / ((a[1] - a[0]) + (b[1] - b[0]) - inter)


def _bounds(spans: Sequence[Span]) -> tuple[np.ndarray, np.ndarray]:
    """Return starts and ends as int arrays, after checking every span."""
    starts = np.fromiter(map(itemgetter(0), spans), dtype=np.int64, count=len(spans))
    ends = np.fromiter(map(itemgetter(1), spans), dtype=np.int64, count=len(spans))
    bad = np.nonzero(starts >= ends)[0]
    if bad.size:
        _check(spans[bad[0]])  # raises, naming the first bad span
    return starts, ends


SpanPair = tuple[Sequence[Span], Sequence[Span]]
Matches = dict[tuple[Rule, bool], list[tuple[int, int]]]
CHUNK = 1 << 20
"""At most this many span pairs are compared in one vectorized step, bounding memory."""


class _Candidates(NamedTuple):
    """The overlapping span pairs of several span-list pairs, in greedy order within each, as flat arrays.

    ``group`` is the list pair, ``i``/``j`` positions in its lists, ``a``/``b`` positions in the
    concatenated lists (unique across groups), then whether each pair is exact, has IoU >= 0.5, and
    has the same label.
    """

    group: np.ndarray
    i: np.ndarray
    j: np.ndarray
    a: np.ndarray
    b: np.ndarray
    exact: np.ndarray
    half: np.ndarray
    same: np.ndarray


def _label_ranks(spans: Sequence[Span], rank: dict[str, int]) -> np.ndarray:
    """Return each span's label rank, so labels compare as numbers."""
    return np.fromiter(map(rank.__getitem__, map(itemgetter(2), spans)), dtype=np.int64, count=len(spans))


def _near(
    a_group: np.ndarray,
    a_start: np.ndarray,
    a_end: np.ndarray,
    b_group: np.ndarray,
    b_start: np.ndarray,
    b_end: np.ndarray,
    base: int,
) -> tuple[np.ndarray, np.ndarray]:
    """Return the index pairs (a, b) of the same group whose b starts within reach of a (a superset of the overlaps).

    A b span can only overlap a if it starts before a ends and after a starts minus the longest b of the
    group, so each a is compared with one window of the b spans sorted by (group, start), not all of them.
    """
    longest = np.zeros(int(max(a_group.max(initial=-1), b_group.max(initial=-1))) + 1, dtype=np.int64)
    np.maximum.at(longest, b_group, b_end - b_start)
    b_key = b_group * base + b_start
    by_start = np.argsort(b_key, kind="stable")
    keys = b_key[by_start]
    lo = np.searchsorted(keys, a_group * base + np.maximum(a_start - longest[a_group] + 1, 0))
    hi = np.searchsorted(keys, a_group * base + a_end)
    counts = np.maximum(hi - lo, 0)
    a = np.repeat(np.arange(len(a_start)), counts)
    offsets = np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts, counts)
    return a, by_start[lo[a] + offsets]


def _candidates(pairs: Sequence[SpanPair]) -> _Candidates:
    """Return every overlapping span pair of every list pair (a superset of what any rule allows) in greedy order.

    The order is the module docstring's (IoU, same label, span contents, positions), sorted with one
    ``np.lexsort``. Texts must be shorter than about 10^8 code points for the packed span keys to fit.
    """
    a_spans = [s for a, _ in pairs for s in a]
    b_spans = [s for _, b in pairs for s in b]
    a_start, a_end = _bounds(a_spans)
    b_start, b_end = _bounds(b_spans)
    rank = {label: k for k, label in enumerate(sorted({s[2] for s in (*a_spans, *b_spans)}))}
    a_rank, b_rank = _label_ranks(a_spans, rank), _label_ranks(b_spans, rank)
    n_a = np.array([len(a) for a, _ in pairs], dtype=np.int64)
    n_b = np.array([len(b) for _, b in pairs], dtype=np.int64)
    base = int(max(a_end.max(initial=0), b_end.max(initial=0))) + 1
    a, b = _near(
        np.repeat(np.arange(len(pairs)), n_a),
        a_start,
        a_end,
        np.repeat(np.arange(len(pairs)), n_b),
        b_start,
        b_end,
        base,
    )
    group = np.repeat(np.arange(len(pairs)), n_a)[a]
    i = a - (np.cumsum(n_a) - n_a)[group]
    j = b - (np.cumsum(n_b) - n_b)[group]
    inter = np.minimum(a_end[a], b_end[b]) - np.maximum(a_start[a], b_start[b])
    keep = inter > 0
    group, i, j, a, b, inter = group[keep], i[keep], j[keep], a[keep], b[keep], inter[keep]
    union = (a_end[a] - a_start[a]) + (b_end[b] - b_start[b]) - inter
    # A span tuple (start, end, label) packed into one int64 that compares the same way.
    x = (a_start[a] * base + a_end[a]) * len(rank) + a_rank[a]
    y = (b_start[b] * base + b_end[b]) * len(rank) + b_rank[b]
    same = a_rank[a] == b_rank[b]
    # No key for the positions (i, j): the candidates come in (group, i, b start, j) order and lexsort is
    # stable, so pairs equal in every key (same spans on both sides, hence same b start) stay in (i, j) order.
    order = np.lexsort((np.maximum(x, y), np.minimum(x, y), ~same, -(inter / union), group))
    exact = (a_start[a] == b_start[b]) & (a_end[a] == b_end[b])
    return _Candidates(
        group[order], i[order], j[order], a[order], b[order], exact[order], (2 * inter >= union)[order], same[order]
    )


def _greedy(c: _Candidates, groups: int, rule: Rule, labeled: bool) -> list[list[tuple[int, int]]]:
    """Take the candidates the rule allows, in order, each span at most once; return the pairs of each group.

    Vectorized in rounds: a candidate that comes first among the live candidates of both its spans is
    exactly one the sequential greedy takes, so all such are taken at once and their spans' other
    candidates dropped, until none is left.
    """
    allowed = c.exact if rule == "exact" else c.half if rule == "iou50" else np.ones(len(c.group), dtype=bool)
    live = np.nonzero(allowed & c.same if labeled else allowed)[0]
    first_a = np.empty(int(c.a.max(initial=-1)) + 1, dtype=np.int64)
    first_b = np.empty(int(c.b.max(initial=-1)) + 1, dtype=np.int64)
    used_a = np.zeros(len(first_a), dtype=bool)
    used_b = np.zeros(len(first_b), dtype=bool)
    rounds = []
    while live.size:
        a, b = c.a[live], c.b[live]
        first_a[a] = len(c.group)
        first_b[b] = len(c.group)
        np.minimum.at(first_a, a, live)
        np.minimum.at(first_b, b, live)
        won = live[(first_a[a] == live) & (first_b[b] == live)]
        rounds.append(won)
        used_a[c.a[won]] = True
        used_b[c.b[won]] = True
        live = live[~used_a[a] & ~used_b[b]]
    taken = np.sort(np.concatenate(rounds)) if rounds else live
    pairs: list[list[tuple[int, int]]] = [[] for _ in range(groups)]
    for g, i, j in zip(c.group[taken].tolist(), c.i[taken].tolist(), c.j[taken].tolist(), strict=True):
        pairs[g].append((i, j))
    return pairs


def _chunks(pairs: Sequence[SpanPair]) -> list[Sequence[SpanPair]]:
    """Split list pairs into runs of at most CHUNK span pairs each (a single larger pair stays whole)."""
    chunks: list[Sequence[SpanPair]] = []
    first, size = 0, 0
    for k, (a, b) in enumerate(pairs):
        if size and size + len(a) * len(b) > CHUNK:
            chunks.append(pairs[first:k])
            first, size = k, 0
        size += len(a) * len(b)
    return [*chunks, pairs[first:]]


def match(a_spans: Sequence[Span], b_spans: Sequence[Span], rule: Rule, labeled: bool) -> list[tuple[int, int]]:
    """Pair spans of two annotators one-to-one (greedy by descending IoU) so agreement can be counted per span."""
    if rule not in RULES:
        raise ValueError(f"unknown match rule {rule!r}; expected one of {RULES}")
    return _greedy(_candidates([(a_spans, b_spans)]), 1, rule, labeled)[0]


def match_many(
    pairs: Sequence[SpanPair], ways: Sequence[tuple[Rule, bool]] = tuple(product(RULES, (False, True)))
) -> list[Matches]:
    """Return ``match`` under each (rule, labeled) of `ways` (all six by default) for many list pairs in a few
    vectorized steps.

    A report matches thousands of annotator pairs six ways; one call per pair would spend its time in
    numpy's per-call overhead.
    """
    results: list[Matches] = []
    for chunk in _chunks(pairs):
        c = _candidates(chunk)
        by_key = {(rule, labeled): _greedy(c, len(chunk), rule, labeled) for rule, labeled in ways}
        results += [{key: found[g] for key, found in by_key.items()} for g in range(len(chunk))]
    return results


def f1(a_spans: Sequence[Span], b_spans: Sequence[Span], rule: Rule, labeled: bool) -> float | None:
    """Return span F1 = 2*TP/(n_a+n_b) between two annotators; None when neither marked any span (undefined)."""
    total = len(a_spans) + len(b_spans)
    matched = len(match(a_spans, b_spans, rule, labeled))
    return 2 * matched / total if total else None


def prf(pred: Sequence[Span], gold: Sequence[Span], rule: Rule, labeled: bool) -> PRF:
    """Score an annotator against gold spans, with None for any ratio whose denominator is zero."""
    tp = len(match(pred, gold, rule, labeled))
    return PRF(
        precision=tp / len(pred) if pred else None,
        recall=tp / len(gold) if gold else None,
        f1=2 * tp / (len(pred) + len(gold)) if pred or gold else None,
    )
