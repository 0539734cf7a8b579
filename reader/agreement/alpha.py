"""The general chance-corrected coefficients: Krippendorff's alpha at any level of measurement, and Fleiss' kappa.

Undefined coefficients are returned as None, never raised, so a report can show "n/a" for them. The nominal fast
path for millions of units is in ``patterns``; alpha over unitized spans (alpha_U) in ``unitizing``.
"""

from typing import Literal

import krippendorff
import numpy as np
import numpy.typing as npt

Level = Literal["nominal", "ordinal", "interval", "ratio"]
LEVELS: tuple[Level, ...] = ("nominal", "ordinal", "interval", "ratio")


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
