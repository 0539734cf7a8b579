"""Matched-span grouping, label agreement and confidence agreement on hand-computed cases."""

import krippendorff
import numpy as np
import pytest

from reader.agreement import confidence_agreement, label_agreement, match, match_groups

ARTICLES = [
    {"a": [(0, 10, "A", 3), (50, 60, "B", 2)], "b": [(0, 10, "A", 2)], "c": [(1, 10, "B", 3)]},
    {"a": [(20, 30, "A", 1)], "b": [(20, 29, "B", 1)]},
    {"a": [(0, 5, "A", 3)]},
]


def test_two_annotator_groups_are_the_pairwise_matches() -> None:
    a = [(0, 10, "A"), (5, 15, "B"), (40, 44, "A")]
    b = [(6, 16, "B"), (0, 12, "A"), (80, 90, "A")]
    groups = match_groups({"a": a, "b": b})
    pairs = {(g["a"], g["b"]) for g in groups if len(g) == 2}
    assert pairs == set(match(a, b, "iou50", labeled=False))
    assert groups == [{"a": 0, "b": 1}, {"a": 1, "b": 0}, {"a": 2}, {"b": 2}]


def test_groups_require_every_member_pair_to_match() -> None:
    # a-b IoU 0.6 and b-c IoU 0.5 match, a-c IoU 0.3 does not: c stays alone.
    groups = match_groups({"a": [(0, 10, "X")], "b": [(0, 6, "X")], "c": [(0, 3, "X")]})
    assert groups == [{"c": 0}, {"a": 0, "b": 0}]


def test_three_way_group_and_one_annotator() -> None:
    groups = match_groups({"a": [(0, 10, "A")], "b": [(0, 9, "A")], "c": [(1, 10, "B")]})
    assert groups == [{"a": 0, "b": 0, "c": 0}]
    assert match_groups({"a": [(0, 4, "A"), (6, 9, "B")]}) == [{"a": 0}, {"a": 1}]
    assert match_groups({}) == []


def test_label_agreement_hand_computed() -> None:
    result = label_agreement(ARTICLES, ["a", "b", "c"])
    # Pairs: (A,A), (A,B), (A,B) in article 1 and (A,B) in article 2.
    assert result.percent == 0.25
    assert result.pairs == 4
    assert result.groups == 2
    assert result.confusion == {"A": {"A": 2, "B": 3}, "B": {"A": 3, "B": 0}}
    # o = [[1, 2], [2, 0]], n_A = 3, n_B = 2: alpha = 1 - 4 * 4 / (25 - 9 - 4) = -1/3.
    assert result.alpha == pytest.approx(-1 / 3, abs=1e-12)


def test_label_agreement_only_listed_annotators() -> None:
    result = label_agreement(ARTICLES, ["a", "b"])
    assert (result.percent, result.pairs, result.groups) == (0.5, 2, 2)
    assert result.confusion == {"A": {"A": 2, "B": 1}, "B": {"A": 1, "B": 0}}


def test_label_agreement_without_pairs() -> None:
    result = label_agreement([{"a": [(0, 5, "A", 3)], "b": [(10, 15, "A", 3)]}], ["a", "b"])
    assert result == (None, None, {}, 0, 0)


def test_confidence_agreement_hand_computed() -> None:
    result = confidence_agreement(ARTICLES, ["a", "b", "c"], level="interval")
    # Diffs |3-2|, |3-3|, |2-3| and |1-1|; interval alpha = 1 - 2/10 (see coincidences 3/2/3 and 1/1).
    assert result.mean_abs_diff == 0.5
    assert result.pairs == 4
    assert result.alpha == pytest.approx(0.8, abs=1e-12)


def test_confidence_agreement_ordinal_matches_krippendorff() -> None:
    matrix = np.array([[3, 1], [2, 1], [3, np.nan]])
    expected = krippendorff.alpha(matrix, level_of_measurement="ordinal")
    result = confidence_agreement(ARTICLES, ["a", "b", "c"])
    assert result.alpha == pytest.approx(expected, abs=1e-12)
    # Ordinal distances with n_1 = 2, n_2 = 1, n_3 = 2: d(1,2) = d(2,3) = 2.25, d(1,3) = 9;
    # D_o sum 2 * 2.25 = 4.5, D_e sum 2 * (0.5 * 2.25 + 1 * 9 + 0.5 * 2.25) = 22.5.
    assert result.alpha == pytest.approx(1 - 4.5 / 22.5, abs=1e-12)


def test_confidence_missing_values_are_skipped() -> None:
    data = [{"a": [(0, 10, "A", None)], "b": [(0, 10, "A", 2)], "c": [(0, 10, "A", 3)]}]
    result = confidence_agreement(data, ["a", "b", "c"])
    assert (result.mean_abs_diff, result.pairs, result.groups) == (1.0, 1, 1)
    # One unit with values 2 and 3: o_23 = o_32 = 1 and e_23 = e_32 = 1, so alpha = 0.
    assert result.alpha == 0.0
