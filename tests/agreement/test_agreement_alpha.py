"""Krippendorff's alpha, Fleiss' kappa and alpha_U against published reference values and edge conventions."""

import math

import krippendorff
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.agreement import alpha, alpha_u, fast_nominal_alpha, fleiss_kappa

nan = float("nan")
K2011 = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, nan, nan, nan],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, nan, 3],
    [nan, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, nan],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, nan],
]
K2011_ALPHA = {"nominal": 0.743421, "ordinal": 0.815388, "interval": 0.849107, "ratio": 0.797403}
FLEISS1971 = [
    (4, 4, 4, 4, 4, 4), (2, 2, 2, 5, 5, 5), (2, 3, 3, 3, 3, 5), (5, 5, 5, 5, 5, 5), (2, 2, 2, 4, 4, 4),
    (1, 1, 3, 3, 3, 3), (3, 3, 3, 3, 5, 5), (1, 1, 3, 3, 3, 4), (1, 1, 4, 4, 4, 4), (5, 5, 5, 5, 5, 5),
    (1, 4, 4, 4, 4, 4), (1, 2, 4, 4, 4, 4), (2, 2, 2, 3, 3, 3), (1, 4, 4, 4, 4, 4), (2, 2, 4, 4, 4, 5),
    (3, 3, 3, 3, 3, 5), (1, 1, 1, 4, 5, 5), (1, 1, 1, 1, 1, 2), (2, 2, 4, 4, 4, 4), (1, 3, 3, 5, 5, 5),
    (5, 5, 5, 5, 5, 5), (2, 4, 4, 4, 4, 4), (2, 2, 4, 5, 5, 5), (1, 1, 4, 4, 4, 4), (1, 4, 4, 4, 4, 5),
    (2, 2, 2, 2, 2, 4), (1, 1, 1, 1, 5, 5), (2, 2, 4, 4, 4, 4), (1, 3, 3, 3, 3, 3), (5, 5, 5, 5, 5, 5),
]  # fmt: skip
ALPHA_U_2004 = [
    (225, 70, 0, "c"), (370, 30, 0, "c"), (220, 80, 1, "c"), (355, 20, 1, "c"), (400, 20, 1, "c"),
    (180, 60, 0, "k"), (300, 50, 0, "k"), (180, 60, 1, "k"), (300, 50, 1, "k"),
]  # fmt: skip
ALPHA_U_SMALL = [(1, 8, 0, "A"), (2, 1, 1, "A"), (4, 1, 1, "A"), (6, 1, 1, "A")]
# Krippendorff (1995, p. 57) as encoded in DKPro's Krippendorff1995Test; D_o per category asserted there.
K1995 = [
    (2, 8, 0, "A"), (14, 6, 0, "A"), (4, 4, 1, "A"), (15, 2, 1, "A"),
    (0, 18, 0, "B"), (0, 2, 1, "B"), (2, 1, 1, "B"), (3, 1, 1, "B"), (4, 1, 1, "B"), (5, 1, 1, "B"),
    (6, 3, 1, "B"), (9, 1, 1, "B"),
    (2, 6, 0, "C"), (10, 2, 0, "C"), (14, 4, 0, "C"), (20, 2, 0, "C"), (0, 2, 1, "C"), (4, 4, 1, "C"),
    (10, 4, 1, "C"), (16, 2, 1, "C"), (20, 2, 1, "C"),
    (0, 2, 0, "D"), (2, 8, 0, "D"), (10, 4, 0, "D"), (14, 6, 0, "D"), (20, 4, 0, "D"), (0, 4, 1, "D"),
    (4, 4, 1, "D"), (8, 7, 1, "D"), (15, 2, 1, "D"), (17, 7, 1, "D"),
]  # fmt: skip


def fleiss_table() -> np.ndarray:
    """Return the Fleiss 1971 ratings as a subjects x categories count table."""
    return np.array([[row.count(c) for c in range(1, 6)] for row in FLEISS1971])


@pytest.mark.parametrize("level", ["nominal", "ordinal", "interval", "ratio"])
def test_alpha_reproduces_krippendorff_2011(level: str) -> None:
    assert alpha(K2011, level) == pytest.approx(K2011_ALPHA[level], abs=1e-6)


def test_alpha_fleiss_1971_nominal() -> None:
    raters_by_subject = np.array(FLEISS1971, dtype=float).T
    assert alpha(raters_by_subject, "nominal") == pytest.approx(0.433410, abs=1e-6)


def test_fleiss_kappa_1971() -> None:
    assert fleiss_kappa(fleiss_table()) == pytest.approx(0.430245, abs=1e-6)


def test_fast_nominal_alpha_matches_references() -> None:
    assert fast_nominal_alpha(K2011) == pytest.approx(0.743421, abs=1e-6)
    assert fast_nominal_alpha(np.array(FLEISS1971, dtype=float).T) == pytest.approx(0.433410, abs=1e-6)


def test_fast_nominal_alpha_equals_krippendorff_on_random_data() -> None:
    rng = np.random.default_rng(7)
    data = rng.integers(0, 4, size=(4, 500)).astype(float)
    data[rng.random(data.shape) < 0.3] = np.nan
    expected = krippendorff.alpha(data, level_of_measurement="nominal")
    assert fast_nominal_alpha(data) == pytest.approx(expected, abs=1e-12)


def test_alpha_undefined_cases_return_none() -> None:
    assert alpha([[1, 1, 1], [1, 1, 1]], "nominal") is None
    assert alpha([[1, nan, 2], [nan, 3, nan]], "nominal") is None
    assert alpha([[1, 1, 2], [1, 1, nan]], "nominal") is None
    assert alpha(np.empty((3, 0)), "ordinal") is None
    assert fast_nominal_alpha([[1, 1, 2], [1, 1, nan]]) is None
    assert fast_nominal_alpha([[1, nan, 2], [nan, 3, nan]]) is None
    assert fast_nominal_alpha(np.empty((3, 0))) is None


def test_alpha_requires_a_known_level() -> None:
    with pytest.raises(ValueError, match="level"):
        alpha(K2011, "interval-ish")  # type: ignore[arg-type]


def test_alpha_perfect_agreement_is_one() -> None:
    assert alpha([[1, 2, 3, 1], [1, 2, 3, 1]], "nominal") == 1.0


def test_fleiss_kappa_edges() -> None:
    assert fleiss_kappa([[3, 0], [3, 0]]) == 1.0
    assert fleiss_kappa(np.zeros((0, 2))) is None
    with pytest.raises(ValueError, match="same number"):
        fleiss_kappa([[3, 0], [1, 1]])


def test_alpha_u_krippendorff_2004_per_category_and_overall() -> None:
    result = alpha_u(ALPHA_U_2004, begin=150, length=300)
    c, k = result["categories"]["c"], result["categories"]["k"]
    assert (c["D_o"], c["D_e"], c["alpha"]) == pytest.approx((0.014444, 0.053222, 0.728599), abs=1e-5)
    assert (k["D_o"], k["D_e"], k["alpha"]) == pytest.approx((0.0, 0.048979, 1.0), abs=1e-5)
    assert result["alpha"] == pytest.approx(0.858665, abs=1e-5)
    assert result["D_o"] == pytest.approx((0.014444 + 0.0) / 2, abs=1e-5)
    assert result["D_e"] == pytest.approx((0.053222 + 0.048979) / 2, abs=1e-5)


def test_alpha_u_small_case() -> None:
    result = alpha_u(ALPHA_U_SMALL, begin=0, length=10)
    a = result["categories"]["A"]
    assert (a["D_o"], a["D_e"], a["alpha"]) == pytest.approx((0.91, 0.535185, -0.700346), abs=1e-5)
    assert result["alpha"] == pytest.approx(-0.700346, abs=1e-5)


def test_alpha_u_krippendorff_1995_observed_disagreement() -> None:
    result = alpha_u(K1995, begin=0, length=24)["categories"]
    observed = {c: v["D_o"] for c, v in result.items()}
    assert observed == pytest.approx({"A": 0.03125, "B": 2.26736, "C": 0.02777, "D": 0.38715}, abs=1e-5)


def test_alpha_u_no_units_is_none() -> None:
    result = alpha_u([], begin=0, length=20, categories=["X"], raters=[0, 1, 2])
    assert result["alpha"] is None
    assert result["categories"]["X"] == {"D_o": 0.0, "D_e": 0.0, "alpha": None}


def test_alpha_u_identical_unitizations_is_one() -> None:
    units = [(2, 3, r, "X") for r in range(3)] + [(10, 5, r, "Y") for r in range(3)]
    result = alpha_u(units, begin=0, length=20)
    assert result["alpha"] == 1.0
    assert result["categories"]["X"]["alpha"] == 1.0


def test_alpha_u_identical_full_cover_without_expected_disagreement_is_one() -> None:
    result = alpha_u([(0, 1, 0, "X"), (0, 1, 1, "X")], begin=0, length=1)
    assert result["categories"]["X"] == {"D_o": 0.0, "D_e": 0.0, "alpha": 1.0}


def test_alpha_u_single_unit_among_three_raters_is_zero() -> None:
    # DKPro's testSingleAnnotationUnit: D_o == D_e == 1/600.
    result = alpha_u([(0, 1, 0, "X")], begin=0, length=20, raters=[0, 1, 2])
    assert result["categories"]["X"]["D_o"] == pytest.approx(1 / 600, abs=1e-12)
    assert result["alpha"] == pytest.approx(0.0, abs=1e-12)


def test_alpha_u_category_without_units_does_not_change_overall() -> None:
    with_extra = alpha_u(ALPHA_U_2004, begin=150, length=300, categories=["c", "k", "z"])
    assert with_extra["categories"]["z"]["alpha"] is None
    assert with_extra["alpha"] == pytest.approx(0.858665, abs=1e-5)


def test_alpha_u_silent_rater_counts_when_named() -> None:
    # By hand: pair costs 91 (as in the small case) + 64 + 3 = 158, D_o = 2*158/(3*2*100);
    # D_e = 2/10 * (840 + 192 + 3*19) / (30*29 - 56) = 2178/8140.
    a = alpha_u(ALPHA_U_SMALL, begin=0, length=10, raters=[0, 1, 2])["categories"]["A"]
    assert a["D_o"] == pytest.approx(316 / 600, abs=1e-12)
    assert a["D_e"] == pytest.approx(2178 / 8140, abs=1e-12)
    assert a["alpha"] == pytest.approx(1 - (316 / 600) / (2178 / 8140), abs=1e-12)


def test_alpha_u_fewer_than_two_raters_is_none() -> None:
    result = alpha_u([(0, 2, "ann", "X")], begin=0, length=5)
    assert result == {
        "categories": {"X": {"D_o": None, "D_e": None, "alpha": None}},
        "D_o": None,
        "D_e": None,
        "alpha": None,
    }


@pytest.mark.parametrize(
    ("units", "message"),
    [
        ([(0, 5, 0, "X"), (3, 4, 0, "X"), (0, 2, 1, "X")], "overlap"),
        ([(8, 5, 0, "X"), (0, 2, 1, "X")], "outside"),
        ([(2, 0, 0, "X"), (0, 2, 1, "X")], "empty"),
    ],
)
def test_alpha_u_rejects_bad_units(units: list, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        alpha_u(units, begin=0, length=10)


@st.composite
def unitizations(draw: st.DrawFn) -> list[tuple[int, int, int, str]]:
    """Draw two or three raters' non-overlapping units of two categories on [0, 40)."""
    units = []
    for rater in range(draw(st.integers(2, 3))):
        for category in "XY":
            cuts = sorted(draw(st.sets(st.integers(0, 40), max_size=8)))
            units += [(b, e - b, rater, category) for b, e in zip(cuts[::2], cuts[1::2], strict=False)]
    return units


@settings(max_examples=60, deadline=None)
@given(unitizations(), st.integers(-50, 50))
def test_alpha_u_ignores_rater_order_and_translation(units: list, shift: int) -> None:
    base = alpha_u(units, begin=0, length=40, raters=[0, 1, 2])
    renamed = [(b + shift, n, 2 - r, c) for b, n, r, c in units]
    moved = alpha_u(renamed, begin=shift, length=40, raters=[0, 1, 2])
    for c in base["categories"]:
        assert moved["categories"][c]["D_o"] == pytest.approx(base["categories"][c]["D_o"], abs=1e-12)
        assert moved["categories"][c]["D_e"] == pytest.approx(base["categories"][c]["D_e"], abs=1e-12)
    assert (moved["alpha"] is None) == (base["alpha"] is None)
    if base["alpha"] is not None:
        assert not math.isnan(base["alpha"])
        assert moved["alpha"] == pytest.approx(base["alpha"], abs=1e-9)
