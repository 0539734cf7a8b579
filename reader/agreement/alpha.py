"""Chance-corrected coefficients: Krippendorff's alpha (coding and unitizing) and Fleiss' kappa.

Undefined coefficients are returned as None, never raised, so a report can show "n/a" for them.
"""

import bisect
from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from itertools import accumulate, combinations
from typing import Literal, NamedTuple

import krippendorff
import numpy as np
import numpy.typing as npt

Level = Literal["nominal", "ordinal", "interval", "ratio"]
LEVELS: tuple[Level, ...] = ("nominal", "ordinal", "interval", "ratio")

Unit = tuple[int, int, Hashable, Hashable]
"""A unitizing annotation: (begin, length, rater, category)."""


def alpha(matrix: npt.ArrayLike, level: Level) -> float | None:
    """Return Krippendorff's alpha of a raters x units matrix (NaN = missing), None when it is undefined.

    Alpha is undefined when no unit has two values or when the pairable values show no variation
    (expected disagreement 0); the ``krippendorff`` package raises or divides by zero there.
    The level is required because the package's default (interval) is wrong for labels.
    """
    if level not in LEVELS:
        raise ValueError(f"unknown level of measurement {level!r}; expected one of {LEVELS}")
    data = np.asarray(matrix, dtype=np.float64)
    try:
        with np.errstate(divide="ignore", invalid="ignore"):
            value = float(krippendorff.alpha(reliability_data=data, level_of_measurement=level))
    except ValueError:
        return None
    return value if np.isfinite(value) else None


class Patterns(NamedTuple):
    """The distinct columns of a reliability matrix of codes and how often each occurs per segment of units.

    ``codes`` is raters x patterns with values 0..k-1 and k for missing; ``counts`` is segments x patterns.
    Nominal alpha and Cohen's kappa depend on the units only through these counts.
    """

    codes: np.ndarray
    counts: np.ndarray
    k: int


def patterns(matrix: npt.ArrayLike, bounds: Sequence[int] | None = None) -> Patterns:
    """Count the distinct columns of a raters x units matrix of non-negative integer codes (NaN = missing).

    ``bounds`` cut the units into segments [bounds[s], bounds[s + 1]) (default: one segment). Each column
    is packed into one integer (base k + 1); with too many raters for that, ``np.unique(axis=1)`` is used.
    """
    data = np.asarray(matrix, dtype=np.float64)
    raters, units = data.shape
    present = ~np.isnan(data)
    k = int(data[present].max()) + 1 if present.any() else 1
    codes = np.where(present, data, k).astype(np.int64)
    edges = np.asarray(bounds if bounds is not None else [0, units], dtype=np.int64)
    segment = np.repeat(np.arange(len(edges) - 1, dtype=np.int64), np.diff(edges))
    columns = (k + 1) ** raters
    if (len(edges) - 1) * columns >= 2**62:
        found, numbers = np.unique(np.vstack([segment, codes]), axis=1, return_counts=True)
        return _tally(found[0], *np.unique(found[1:], axis=1, return_inverse=True), numbers, len(edges) - 1, k)
    packed = segment
    for row in codes:
        packed = packed * (k + 1) + row
    return packed_patterns(packed, len(edges) - 1, raters, k)


def packed_patterns(packed: np.ndarray, segments: int, raters: int, k: int) -> Patterns:
    """Count columns packed as integers (segment, then each rater's code in base k + 1, first rater most significant)."""
    columns = (k + 1) ** raters
    space = segments * columns
    if space <= 1 << 22:
        flat = np.bincount(packed, minlength=space)
        keys = np.nonzero(flat)[0]
        numbers = flat[keys]
    else:
        keys, numbers = np.unique(packed, return_counts=True)
    segment_of, column_of = np.divmod(keys, columns)
    distinct, inverse = np.unique(column_of, return_inverse=True)
    digits = np.zeros((raters, len(distinct)), dtype=np.int64)
    for row in reversed(range(raters)):
        distinct, digits[row] = np.divmod(distinct, k + 1)
    return _tally(segment_of, digits, inverse, numbers, segments, k)


def _tally(segment_of: np.ndarray, columns: np.ndarray, inverse: np.ndarray, numbers: np.ndarray, segments: int,
           k: int) -> Patterns:
    """Lay out the counts of distinct (segment, column) keys as a segments x columns table."""
    counts = np.zeros((segments, columns.shape[1]), dtype=np.int64)
    counts[segment_of, inverse.ravel()] = numbers
    return Patterns(columns, counts, k)


def merge_values(p: Patterns, mapping: Sequence[int]) -> Patterns:
    """Recode every value v as ``mapping[v]`` (missing stays missing) and merge the columns that become equal.

    E.g. labeled character patterns become unlabeled ("any claim") ones with mapping [0, 1, 1, ...],
    without another pass over the units.
    """
    k = max(mapping, default=0) + 1
    lookup = np.array([*mapping, k], dtype=np.int64)
    columns, inverse = np.unique(lookup[p.codes], axis=1, return_inverse=True)
    merge = np.zeros((p.codes.shape[1], columns.shape[1]), dtype=np.int64)
    merge[np.arange(p.codes.shape[1]), inverse.ravel()] = 1
    return Patterns(columns, p.counts @ merge, k)


def coincidences(p: Patterns) -> np.ndarray:
    """Return Krippendorff's coincidence matrix (values x values) of each segment, as segments x k x k."""
    codes, k = p.codes, p.k
    present = codes < k
    # Columns with fewer than two values never enter a pair, so their weight is irrelevant.
    weights = 1.0 / np.maximum(present.sum(axis=0) - 1, 1)
    per_pattern = np.zeros((codes.shape[1], k, k))
    for i, j in combinations(range(len(codes)), 2):
        both = np.nonzero(present[i] & present[j])[0]
        np.add.at(per_pattern, (both, codes[i, both], codes[j, both]), weights[both])
    per_pattern += per_pattern.transpose(0, 2, 1)
    return (p.counts @ per_pattern.reshape(len(per_pattern), k * k)).reshape(-1, k, k)


def nominal_alpha_of(coincidence: np.ndarray) -> float | None:
    """Return nominal alpha from a coincidence matrix; None when undefined (no pairable values or no variation)."""
    n_v = coincidence.sum(axis=0)
    n = n_v.sum()
    expected = n * n - (n_v * n_v).sum()
    if expected <= 0:
        return None
    return float(1 - (n - 1) * (n - np.trace(coincidence)) / expected)


def fast_nominal_alpha(matrix: npt.ArrayLike) -> float | None:
    """Return nominal alpha of a raters x units matrix of non-negative integer codes (NaN = missing), for millions of units.

    Same value as ``alpha(matrix, "nominal")``, but computed from the counts of distinct columns
    (``patterns``) in about one pass over the units, whereas the ``krippendorff`` package allocates
    units x values^2 floats (about 6 GB and 12 s for 3 million characters and 9 labels). None when
    undefined, as for ``alpha``.
    """
    data = np.asarray(matrix, dtype=np.float64)
    if not data.size:
        return None
    return nominal_alpha_of(coincidences(patterns(data))[0])


def fleiss_kappa(table: npt.ArrayLike) -> float | None:
    """Return Fleiss' kappa of a subjects x categories count table (every subject rated by the same n >= 2 raters).

    When every rating falls in one category (P_e == 1), the raters agree perfectly and 1.0 is returned;
    an empty table gives None.
    """
    counts = np.asarray(table, dtype=np.int64)
    if counts.ndim != 2 or not counts.size:
        return None
    raters = counts.sum(axis=1)
    if (raters != raters[0]).any() or raters[0] < 2:
        raise ValueError("Fleiss' kappa needs the same number (>= 2) of raters for every subject")
    n, subjects = int(raters[0]), counts.shape[0]
    p_bar = ((counts * counts).sum() - subjects * n) / (subjects * n * (n - 1))
    p_j = counts.sum(axis=0) / (subjects * n)
    p_e = float((p_j * p_j).sum())
    if p_e >= 1.0:
        return 1.0
    return float((p_bar - p_e) / (1 - p_e))


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


def _ratio(d_o: float, d_e: float, has_units: bool) -> float | None:
    """Return 1 - D_o/D_e with the conventions: no units -> None, no disagreement at all -> 1.0."""
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
    per_category = {}
    for c in categories:
        spans = [sorted(marked.get((r, c), [])) for r in raters]
        d_o, d_e = _category([_tiling(s, begin, begin + length) for s in spans], length)
        per_category[c] = {"D_o": d_o, "D_e": d_e, "alpha": _ratio(d_o, d_e, any(spans))}
    sum_o = sum(v["D_o"] for v in per_category.values())
    sum_e = sum(v["D_e"] for v in per_category.values())
    k = max(len(categories), 1)
    has_units = any(category in categories for _, category in marked)
    return {"categories": per_category, "D_o": sum_o / k, "D_e": sum_e / k, "alpha": _ratio(sum_o, sum_e, has_units)}


Part = tuple[Iterable[Unit], int, Sequence[Hashable]]
"""One separate continuum for ``alpha_u_pooled``: its units (begin 0), its length and its raters."""


class _Units(NamedTuple):
    """The units of every part as arrays sorted by block (part, category, rater) then begin."""

    part: np.ndarray
    category: np.ndarray
    rater: np.ndarray
    begin: np.ndarray
    end: np.ndarray


def _collect(parts: Iterable[Part], categories: Sequence[Hashable],
             merge: bool) -> tuple[_Units, np.ndarray, np.ndarray, set]:
    """Check and gather the units of the parts that count (two or more raters, some length) into arrays.

    Returns the units, each part's length and rater count, and the categories seen.
    """
    index = {c: n for n, c in enumerate(categories)}
    columns: list[list[int]] = [[], [], [], [], []]  # part, category, rater, begin, length
    lengths, raters_in, seen = [], [], set()
    for units, length, raters in parts:
        if len(raters) < 2 or length < 1:
            continue
        rater_index = {r: n for n, r in enumerate(raters)}
        units = list(units)
        begins, sizes, who, what = zip(*units) if units else ((), (), (), ())
        seen.update(what)
        columns[0] += [len(lengths)] * len(begins)
        columns[1] += [index.get(c, -1) for c in what]
        columns[2] += [rater_index.get(r, -1) for r in who]
        columns[3] += begins
        columns[4] += sizes
        lengths.append(length)
        raters_in.append(len(raters))
    table = np.array(columns, dtype=np.int64).reshape(5, -1)
    part_length = np.array(lengths, dtype=np.int64)[table[0]]
    bad = np.nonzero((table[4] < 1) | (table[3] < 0) | (table[3] + table[4] > part_length))[0]
    if bad.size:
        raise ValueError(f"unit ({table[3, bad[0]]}, {table[4, bad[0]]}) is empty or outside the continuum")
    if (table[2] < 0).any():
        raise ValueError("a unit's rater is not among the raters")
    table = table[:, table[1] >= 0]
    table[4] += table[3]  # length -> end
    units = _Units(*table[:, np.lexsort((table[3], table[2], table[1], table[0]))])
    if merge:
        units = _merged(units)
    same_block = np.all([column[1:] == column[:-1] for column in units[:3]], axis=0)
    clash = np.nonzero(same_block & (units.begin[1:] < units.end[:-1]))[0]
    if clash.size:
        raise ValueError(f"units of one rater and category overlap at {units.begin[clash[0] + 1]}")
    return units, np.array(lengths, dtype=np.int64), np.array(raters_in, dtype=np.int64), seen


def _merged(units: _Units) -> _Units:
    """Replace each run of one rater's overlapping units of a category (sorted) by their union; touching ones stay apart."""
    if not units.begin.size:
        return units
    block = np.cumsum(np.r_[0, ~np.all([column[1:] == column[:-1] for column in units[:3]], axis=0)])
    base = int(units.end.max()) + 1
    reach = np.maximum.accumulate(block * base + units.end)  # furthest end so far, within the block
    first = np.nonzero(np.r_[True, block[1:] * base + units.begin[1:] >= reach[:-1]])[0]
    return _Units(units.part[first], units.category[first], units.rater[first], units.begin[first],
                  np.maximum.reduceat(units.end, first))


def alpha_u_pooled(parts: Iterable[Part], categories: Sequence[Hashable], *, merge: bool = False) -> dict:
    """Return alpha_U per category and overall over separate continua (articles) with their own raters, by pooling costs.

    Laying articles end to end would count a rater who did not do an article as marking nothing there, and
    would let chance place units across articles. So each part is unitized on its own and, per category,
    alpha = 1 - sum(w * D_o) / sum(w * D_e) with w = m(m-1)L^2/2: total observed pair cost over total
    expected cost. One part gives ``alpha_u`` (to rounding). Parts with fewer than two raters or no length
    are skipped. Returns ``{"categories": {c: alpha}, "alpha": overall}`` with ``alpha_u``'s conventions.

    Computed for all parts at once with numpy (the same costs as ``alpha_u``'s tilings): a unit costs
    its squared boundary differences with each unit of another rater it overlaps, or its squared length
    when it overlaps none of that rater's units (it lies in a gap).
    """
    units, lengths, raters, seen = _collect(parts, categories, merge)
    if not units.begin.size:
        return {"categories": dict.fromkeys(categories), "alpha": None}
    cats = len(categories)
    group = units.part * cats + units.category
    observed = _observed(units, group, lengths, raters, cats)
    expected = _expected(units, group, lengths, raters, cats)
    by_category = np.arange(len(observed)) % max(cats, 1)
    observed_c = np.bincount(by_category, weights=observed, minlength=cats)
    expected_c = np.bincount(by_category, weights=expected, minlength=cats)
    per_category = {c: _ratio(float(observed_c[n]), float(expected_c[n]), c in seen)
                    for n, c in enumerate(categories)}
    overall = _ratio(float(observed_c.sum()), float(expected_c.sum()), any(c in seen for c in categories))
    return {"categories": per_category, "alpha": overall}


def _observed(units: _Units, group: np.ndarray, lengths: np.ndarray, raters: np.ndarray, cats: int) -> np.ndarray:
    """Return the total observed pair cost of each (part, category) group, as ``alpha_u``'s tilings would sum it.

    A rater's units of one category are disjoint and sorted, so the units of another rater a unit overlaps
    are one run, found with two binary searches.
    """
    groups, most = len(lengths) * cats, int(raters.max(initial=0))
    base = int(lengths.max(initial=0)) + 2
    block = group * most + units.rater
    by_begin, by_end = block * base + units.begin, block * base + units.end
    size = (units.end - units.begin).astype(np.float64)
    total = np.zeros(groups)
    for other in range(most):
        asked = np.nonzero((units.rater != other) & (other < raters[units.part]))[0]
        target = (group[asked] * most + other) * base
        lo = np.searchsorted(by_end, target + units.begin[asked], side="right")
        hi = np.searchsorted(by_begin, target + units.end[asked], side="left")
        alone = asked[hi <= lo]
        total += np.bincount(group[alone], weights=size[alone] ** 2, minlength=groups)
        once = (units.rater[asked] < other) & (hi > lo)  # each overlapping pair of units counted once
        runs = (hi - lo)[once]
        u = np.repeat(asked[once], runs)
        v = np.repeat(lo[once], runs) + np.arange(int(runs.sum())) - np.repeat(np.cumsum(runs) - runs, runs)
        cost = (units.begin[u] - units.begin[v]) ** 2 + (units.end[u] - units.end[v]) ** 2
        total += np.bincount(group[u], weights=cost.astype(np.float64), minlength=groups)
    return total


def _gaps(units: _Units, group: np.ndarray, lengths: np.ndarray, raters: np.ndarray,
          cats: int) -> tuple[np.ndarray, np.ndarray]:
    """Return (group, length) of every non-empty gap of every rater's tiling, in groups that have units."""
    most = int(raters.max(initial=0))
    block = group * most + units.rater
    first = np.r_[True, block[1:] != block[:-1]]
    last = np.r_[block[1:] != block[:-1], True]
    previous_end = np.where(first, 0, np.r_[0, units.end[:-1]])
    present = np.unique(group)
    counts = np.bincount(block, minlength=len(lengths) * cats * most)
    silent = [present[(other < raters[present // cats]) & (counts[present * most + other] == 0)]
              for other in range(most)]  # raters without units of the category: one gap, the whole part
    gap_group = np.concatenate([group, group[last], *silent])
    gap_size = np.concatenate([units.begin - previous_end, lengths[units.part[last]] - units.end[last],
                               *(lengths[s // cats] for s in silent)])
    return gap_group[gap_size > 0], gap_size[gap_size > 0]


def _expected(units: _Units, group: np.ndarray, lengths: np.ndarray, raters: np.ndarray, cats: int) -> np.ndarray:
    """Return w * D_e of each (part, category) group: Krippendorff's all-possible-unitizations sum, as ``alpha_u``."""
    groups = len(lengths) * cats
    gap_group, gap_size = _gaps(units, group, lengths, raters, cats)
    base = int(lengths.max(initial=0)) + 2
    key = gap_group * base + gap_size
    order = np.argsort(key)
    key = key[order]
    placed = np.r_[0, np.cumsum(gap_size[order] + 1)]
    size = units.end - units.begin
    lo = np.searchsorted(key, group * base + size)  # the gaps a unit fits in
    hi = np.searchsorted(key, (group + 1) * base)
    placements = (placed[hi] - placed[lo] - (hi - lo) * size).astype(np.float64)
    n_c = np.bincount(group, minlength=groups)
    length = size.astype(np.float64)
    per_unit = (n_c[group] - 1) * length * (length - 1) * (2 * length - 1) / 3 + length * length * placements
    numerator = np.bincount(group, weights=per_unit, minlength=groups)
    m = raters[np.arange(groups) // max(cats, 1)].astype(np.float64)
    big_l = lengths[np.arange(groups) // max(cats, 1)].astype(np.float64)
    denominator = big_l * (m * big_l * (m * big_l - 1) - np.bincount(group, weights=length * (length - 1),
                                                                      minlength=groups))
    return np.divide(m * (m - 1) * big_l * big_l * numerator, denominator, out=np.zeros(groups),
                     where=numerator != 0)
