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


def _candidates(a_spans: Sequence[Span], b_spans: Sequence[Span], rule: Rule, labeled: bool) -> tuple[np.ndarray, ...]:
    """Return the index pairs allowed by the rule, with their intersections and unions."""
    a_start, a_end = _bounds(a_spans)
    b_start, b_end = _bounds(b_spans)
    inter = np.clip(np.minimum.outer(a_end, b_end) - np.maximum.outer(a_start, b_start), 0, None)
    union = (a_end - a_start)[:, None] + (b_end - b_start)[None, :] - inter
    if rule == "exact":
        allowed = (a_start[:, None] == b_start[None, :]) & (a_end[:, None] == b_end[None, :])
    elif rule == "iou50":
        allowed = 2 * inter >= union
    else:
        allowed = inter > 0
    if labeled:
        a_labels = np.array([s[2] for s in a_spans], dtype=object)
        b_labels = np.array([s[2] for s in b_spans], dtype=object)
        allowed &= a_labels[:, None] == b_labels[None, :]
    i, j = np.nonzero(allowed)
    return i, j, inter[i, j], union[i, j]


def match(a_spans: Sequence[Span], b_spans: Sequence[Span], rule: Rule, labeled: bool) -> list[tuple[int, int]]:
    """Pair spans of two annotators one-to-one (greedy by descending IoU) so agreement can be counted per span."""
    if rule not in RULES:
        raise ValueError(f"unknown match rule {rule!r}; expected one of {RULES}")
    i_idx, j_idx, inter, union = _candidates(a_spans, b_spans, rule, labeled)

    def key(k: int) -> tuple:
        """Order candidates as the module docstring says: IoU, same label, contents, positions."""
        x, y = a_spans[i_idx[k]], b_spans[j_idx[k]]
        return (-inter[k] / union[k], x[2] != y[2], min(x, y), max(x, y), i_idx[k], j_idx[k])

    used_a: set[int] = set()
    used_b: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for k in sorted(range(len(i_idx)), key=key):
        i, j = int(i_idx[k]), int(j_idx[k])
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            pairs.append((i, j))
    return pairs


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
