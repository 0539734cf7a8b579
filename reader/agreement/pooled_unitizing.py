"""alpha_U pooled over many articles, each with its own raters, computed for all of them at once with numpy.

Kept apart from ``unitizing`` (the per-continuum reference) because its arrays trade readability for speed:
``claim-reader stats`` computes it over thousands of articles.
"""

from collections.abc import Hashable, Iterable, Sequence
from typing import NamedTuple

import numpy as np

from .unitizing import Unit, alpha_from

Part = tuple[Iterable[Unit], int, Sequence[Hashable]]
"""One separate continuum for ``alpha_u_pooled``: its units (begin 0), its length and its raters."""


class _Units(NamedTuple):
    """The units of every part as arrays sorted by block (part, category, rater) then begin."""

    part: np.ndarray
    category: np.ndarray
    rater: np.ndarray
    begin: np.ndarray
    end: np.ndarray


def _collect(
    parts: Iterable[Part], categories: Sequence[Hashable], merge: bool
) -> tuple[_Units, np.ndarray, np.ndarray, set]:
    """Check and gather the units of the parts that count (two or more raters, some length) into arrays.

    Returns the units, each part's length and rater count, and the categories seen.
    """
    index = {c: n for n, c in enumerate(categories)}
    columns: list[list[int]] = [[], [], [], [], []]  # part, category, rater, begin, length
    lengths: list[int] = []
    raters_in: list[int] = []
    seen: set[Hashable] = set()
    for units, length, raters in parts:
        if len(raters) < 2 or length < 1:
            continue
        rater_index = {r: n for n, r in enumerate(raters)}
        listed = list(units)
        begins, sizes, who, what = zip(*listed, strict=True) if listed else ((), (), (), ())
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
    gathered = _Units(*table[:, np.lexsort((table[3], table[2], table[1], table[0]))])
    if merge:
        gathered = _merged(gathered)
    same_block = np.all([column[1:] == column[:-1] for column in gathered[:3]], axis=0)
    clash = np.nonzero(same_block & (gathered.begin[1:] < gathered.end[:-1]))[0]
    if clash.size:
        raise ValueError(f"units of one rater and category overlap at {gathered.begin[clash[0] + 1]}")
    return gathered, np.array(lengths, dtype=np.int64), np.array(raters_in, dtype=np.int64), seen


def _merged(units: _Units) -> _Units:
    """Replace each run of one rater's overlapping units of a category (sorted) by their union; touching ones stay
    apart."""
    if not units.begin.size:
        return units
    block = np.cumsum(np.r_[0, ~np.all([column[1:] == column[:-1] for column in units[:3]], axis=0)])
    base = int(units.end.max()) + 1
    reach = np.maximum.accumulate(block * base + units.end)  # furthest end so far, within the block
    first = np.nonzero(np.r_[True, block[1:] * base + units.begin[1:] >= reach[:-1]])[0]
    return _Units(
        units.part[first],
        units.category[first],
        units.rater[first],
        units.begin[first],
        np.maximum.reduceat(units.end, first),
    )


def alpha_u_pooled(parts: Iterable[Part], categories: Sequence[Hashable], *, merge: bool = False) -> dict:
    """Return alpha_U per category and overall over separate continua (articles) with their own raters, by pooling
    costs.

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
    per_category = {
        c: alpha_from(float(observed_c[n]), float(expected_c[n]), c in seen) for n, c in enumerate(categories)
    }
    overall = alpha_from(float(observed_c.sum()), float(expected_c.sum()), any(c in seen for c in categories))
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


def _gaps(
    units: _Units, group: np.ndarray, lengths: np.ndarray, raters: np.ndarray, cats: int
) -> tuple[np.ndarray, np.ndarray]:
    """Return (group, length) of every non-empty gap of every rater's tiling, in groups that have units."""
    most = int(raters.max(initial=0))
    block = group * most + units.rater
    first = np.r_[True, block[1:] != block[:-1]]
    last = np.r_[block[1:] != block[:-1], True]
    previous_end = np.where(first, 0, np.r_[0, units.end[:-1]])
    present = np.unique(group)
    counts = np.bincount(block, minlength=len(lengths) * cats * most)
    silent = [
        present[(other < raters[present // cats]) & (counts[present * most + other] == 0)] for other in range(most)
    ]  # raters without units of the category: one gap, the whole part
    gap_group = np.concatenate([group, group[last], *silent])
    gap_size = np.concatenate(
        [units.begin - previous_end, lengths[units.part[last]] - units.end[last], *(lengths[s // cats] for s in silent)]
    )
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
    denominator = big_l * (
        m * big_l * (m * big_l - 1) - np.bincount(group, weights=length * (length - 1), minlength=groups)
    )
    return np.divide(m * (m - 1) * big_l * big_l * numerator, denominator, out=np.zeros(groups), where=numerator != 0)
