"""Krippendorff's unitizing alpha_U on one continuum, computed from each rater's tiling of units and gaps as DKPro does.

This is the reference form, kept close to the published definition so it can be checked against published values;
``pooled_unitizing`` computes the same costs for many articles at once.
"""

import bisect
from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from itertools import accumulate, combinations
from typing import Any

Unit = tuple[int, int, Any, Any]
"""(begin, length, rater, category): raters and categories are any sortable, hashable names."""
"""A unitizing annotation: (begin, length, rater, category)."""


def _tiling(units: list[tuple[int, int]], begin: int, end: int) -> list[tuple[int, int, bool]]:
    """Return one rater's sorted (begin, end) units plus the gaps between them, tiling [begin, end)."""
    segments: list[tuple[int, int, bool]] = []
    pos = begin
    for b, e in units:
        if b < pos:
            raise ValueError(f"units of one rater and category overlap at {b}")
        if b > pos:
            segments.append((pos, b, False))
        segments.append((b, e, True))
        pos = e
    if pos < end:
        segments.append((pos, end, False))
    return segments


def _pair_cost(s1: tuple[int, int, bool], s2: tuple[int, int, bool]) -> int:
    """Return the alpha_U distance of two intersecting segments (unit or gap) of two raters."""
    (b1, e1, unit1), (b2, e2, unit2) = s1, s2
    if unit1 and unit2:
        return (b1 - b2) ** 2 + (e1 - e2) ** 2
    if unit1 and b2 <= b1 and e1 <= e2:
        return (e1 - b1) ** 2
    if unit2 and b1 <= b2 and e2 <= e1:
        return (e2 - b2) ** 2
    return 0


def _observed_sum(t1: list[tuple[int, int, bool]], t2: list[tuple[int, int, bool]]) -> int:
    """Sum pair costs over every intersecting pair of segments of two tilings, in one merge pass."""
    total, i, j, n1, n2 = 0, 0, 0, len(t1), len(t2)
    while i < n1 and j < n2:
        s1, s2 = t1[i], t2[j]
        if s1[2] or s2[2]:  # two gaps cost nothing
            total += _pair_cost(s1, s2)
        end1, end2 = s1[1], s2[1]
        i += end1 <= end2
        j += end2 <= end1
    return total


def _expected_numerator(lengths: list[int], gaps: list[int]) -> int:
    """Return Krippendorff's all-possible-unitizations sum for one category (an integer)."""
    gaps = sorted(gaps)
    suffix = list(accumulate(reversed(gaps), initial=0))[::-1]
    n_c = len(lengths)
    total = 0
    for length in lengths:
        first = bisect.bisect_left(gaps, length)
        fitting = len(gaps) - first
        placements = suffix[first] - fitting * (length - 1)
        total += (n_c - 1) * length * (length - 1) * (2 * length - 1) // 3 + length * length * placements
    return total


def _category(tilings: list[list[tuple[int, int, bool]]], length: int) -> tuple[float, float]:
    """Return (D_o, D_e) of one category from every rater's tiling of the continuum."""
    m = len(tilings)
    observed = sum(_observed_sum(t1, t2) for t1, t2 in combinations(tilings, 2))
    units = [e - b for tiling in tilings for b, e, unit in tiling if unit]
    gaps = [e - b for tiling in tilings for b, e, unit in tiling if not unit]
    denominator = length * (m * length * (m * length - 1) - sum(u * (u - 1) for u in units))
    return 2 * observed / (m * (m - 1) * length * length), 2 * _expected_numerator(units, gaps) / denominator


def alpha_from(d_o: float, d_e: float, has_units: bool) -> float | None:
    """Return 1 - D_o/D_e with the conventions both alpha_U forms share: no units -> None, no disagreement -> 1.0."""
    if not has_units:
        return None
    if d_e == 0:
        return 1.0 if d_o == 0 else None
    return 1 - d_o / d_e


def alpha_u(
    units: Iterable[Unit],
    begin: int,
    length: int,
    categories: Sequence[Hashable] | None = None,
    raters: Sequence[Hashable] | None = None,
) -> dict:
    """Return Krippendorff's unitizing alpha_U per category and overall, the chance-corrected agreement on boundaries.

    Follows DKPro Agreement's KrippendorffAlphaUnitizingAgreement (Krippendorff 1995, 2004). ``units``
    are (begin, length, rater, category) on the continuum [begin, begin + length); several articles can
    be laid end to end on one continuum. ``raters`` defaults to those appearing in ``units`` (pass it
    to count raters who marked nothing) and ``categories`` to the sorted categories of ``units``.

    Returns ``{"categories": {c: {"D_o", "D_e", "alpha"}}, "D_o", "D_e", "alpha"}``; overall D_o and D_e
    are the means over categories (as DKPro reports them), so overall alpha = 1 - sum D_o / sum D_e.
    Conventions: a category without units has alpha None (the notes' NaN), no disagreement at all
    gives 1.0, and fewer than two raters make every value None.
    """
    units = list(units)
    raters = list(raters) if raters is not None else sorted({u[2] for u in units})
    categories = list(categories) if categories is not None else sorted({u[3] for u in units})
    marked: dict[tuple[Hashable, Hashable], list[tuple[int, int]]] = defaultdict(list)
    for b, n, rater, category in units:
        if n < 1 or b < begin or b + n > begin + length:
            raise ValueError(f"unit ({b}, {n}) is empty or outside the continuum")
        if rater not in raters:
            raise ValueError(f"unit rater {rater!r} is not among the raters")
        marked[rater, category].append((b, b + n))
    if len(raters) < 2:
        empty = {"D_o": None, "D_e": None, "alpha": None}
        return {"categories": {c: dict(empty) for c in categories}, **empty}
    per_category: dict[Any, dict[str, float | None]] = {}
    sum_o = sum_e = 0.0
    for c in categories:
        spans = [sorted(marked.get((r, c), [])) for r in raters]
        d_o, d_e = _category([_tiling(s, begin, begin + length) for s in spans], length)
        per_category[c] = {"D_o": d_o, "D_e": d_e, "alpha": alpha_from(d_o, d_e, any(spans))}
        sum_o, sum_e = sum_o + d_o, sum_e + d_e
    k = max(len(categories), 1)
    has_units = any(category in categories for _, category in marked)
    overall = alpha_from(sum_o, sum_e, has_units)
    return {"categories": per_category, "D_o": sum_o / k, "D_e": sum_e / k, "alpha": overall}
