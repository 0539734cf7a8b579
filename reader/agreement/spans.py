"""Span matching and span F1, the chance-free agreement measure for spans (Hripcsak and Rothschild 2005).

A span is ``(start, end, label)`` in code points, end exclusive, with ``start < end``.

Matching is one-to-one and greedy: candidate pairs allowed by the rule are taken by descending IoU, a
span being used at most once. Ties in IoU are broken first in favour of pairs with the same label, then
by the span contents of the pair (smaller span tuple first, independent of which side it came from),
then by list position. The ordering does not depend on which annotator is ``a`` and which is ``b``, so
the number of matches, and hence F1, is symmetric.
"""

from collections.abc import Sequence
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
    for span in spans:
        _check(span)
    starts = np.fromiter((s[0] for s in spans), dtype=np.int64, count=len(spans))
    ends = np.fromiter((s[1] for s in spans), dtype=np.int64, count=len(spans))
    return starts, ends


class _Candidates(NamedTuple):
    """Every overlapping index pair of two span lists, with what each match rule and label mode needs to know."""

    i: np.ndarray
    j: np.ndarray
    inter: np.ndarray
    union: np.ndarray
    exact: np.ndarray
    same_label: np.ndarray


def _candidates(a_spans: Sequence[Span], b_spans: Sequence[Span]) -> _Candidates:
    """Return the overlapping index pairs, a superset of the pairs every rule allows."""
    a_start, a_end = _bounds(a_spans)
    b_start, b_end = _bounds(b_spans)
    overlap = np.minimum.outer(a_end, b_end) - np.maximum.outer(a_start, b_start)
    i, j = np.nonzero(overlap > 0)
    inter = overlap[i, j]
    union = (a_end[i] - a_start[i]) + (b_end[j] - b_start[j]) - inter
    exact = (a_start[i] == b_start[j]) & (a_end[i] == b_end[j])
    same_label = np.array([a_spans[x][2] == b_spans[y][2] for x, y in zip(i, j, strict=True)], dtype=bool)
    return _Candidates(i, j, inter, union, exact, same_label)


def _allowed(c: _Candidates, rule: Rule, labeled: bool) -> np.ndarray:
    """Return which candidates a rule (and, when labeled, the same-label condition) allows."""
    if rule == "exact":
        allowed = c.exact
    elif rule == "iou50":
        allowed = 2 * c.inter >= c.union
    else:
        allowed = np.ones(len(c.i), dtype=bool)
    return allowed & c.same_label if labeled else allowed


def _order(a_spans: Sequence[Span], b_spans: Sequence[Span], c: _Candidates) -> list[int]:
    """Return candidate indices in greedy order, as the module docstring says: IoU, same label, contents, positions."""

    def key(k: int) -> tuple:
        x, y = a_spans[c.i[k]], b_spans[c.j[k]]
        return (-c.inter[k] / c.union[k], not c.same_label[k], min(x, y), max(x, y), c.i[k], c.j[k])

    return sorted(range(len(c.i)), key=key)


def _greedy(c: _Candidates, order: list[int], allowed: np.ndarray) -> list[tuple[int, int]]:
    """Take allowed candidates in order, each span at most once."""
    used_a: set[int] = set()
    used_b: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for k in order:
        i, j = int(c.i[k]), int(c.j[k])
        if allowed[k] and i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            pairs.append((i, j))
    return pairs


def match(a_spans: Sequence[Span], b_spans: Sequence[Span], rule: Rule, labeled: bool) -> list[tuple[int, int]]:
    """Pair spans of two annotators one-to-one (greedy by descending IoU) so agreement can be counted per span."""
    if rule not in RULES:
        raise ValueError(f"unknown match rule {rule!r}; expected one of {RULES}")
    c = _candidates(a_spans, b_spans)
    return _greedy(c, _order(a_spans, b_spans, c), _allowed(c, rule, labeled))


def match_all(a_spans: Sequence[Span], b_spans: Sequence[Span]) -> dict[tuple[Rule, bool], list[tuple[int, int]]]:
    """Return ``match`` under every rule, unlabeled and labeled, sorting the candidates once (a report needs all six)."""
    c = _candidates(a_spans, b_spans)
    order = _order(a_spans, b_spans, c)
    return {(rule, labeled): _greedy(c, order, _allowed(c, rule, labeled)) for rule in RULES for labeled in (False, True)}


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
