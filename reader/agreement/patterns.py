"""A reliability matrix as counts of its distinct columns, so nominal alpha over millions of characters takes one pass.

Nominal alpha and Cohen's kappa depend on the units only through how often each column (the raters' codes of one
unit) occurs; counting columns replaces the ``krippendorff`` package's units x values^2 allocation.
"""

from collections.abc import Sequence
from itertools import combinations
from typing import NamedTuple

import numpy as np
import numpy.typing as npt


class Patterns(NamedTuple):
    """The distinct columns of a reliability matrix of codes and how often each occurs per segment of units.

    ``codes`` is raters x patterns with values 0..k-1 and k for missing; ``counts`` is segments x patterns.
    Nominal alpha and Cohen's kappa depend on the units only through these counts.
    """

    codes: np.ndarray
    counts: np.ndarray
    k: int


def patterns(matrix: npt.ArrayLike, bounds: Sequence[int] | npt.NDArray[np.int64] | None = None) -> Patterns:
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
    """Count columns packed as integers (segment, then each rater's code in base k + 1, first rater most
    significant)."""
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


def _tally(
    segment_of: np.ndarray, columns: np.ndarray, inverse: np.ndarray, numbers: np.ndarray, segments: int, k: int
) -> Patterns:
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
    """Return nominal alpha of a raters x units matrix of non-negative integer codes (NaN = missing), for millions of
    units.

    Same value as ``alpha(matrix, "nominal")``, but computed from the counts of distinct columns
    (``patterns``) in about one pass over the units, whereas the ``krippendorff`` package allocates
    units x values^2 floats (about 6 GB and 12 s for 3 million characters and 9 labels). None when
    undefined, as for ``alpha``.
    """
    data = np.asarray(matrix, dtype=np.float64)
    if not data.size:
        return None
    return nominal_alpha_of(coincidences(patterns(data))[0])
