"""Span matching, F1 and precision/recall on hand-made cases, plus properties of F1."""

import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.agreement import PRF, f1, iou, match, prf


def test_iou_values() -> None:
    assert iou((0, 10, "A"), (5, 15, "B")) == pytest.approx(1 / 3, abs=1e-12)
    assert iou((0, 10, "A"), (0, 5, "A")) == 0.5
    assert iou((0, 5, "A"), (5, 10, "A")) == 0.0
    assert iou((3, 7, "A"), (3, 7, "B")) == 1.0


def test_empty_or_reversed_span_is_rejected() -> None:
    with pytest.raises(ValueError, match="start < end"):
        iou((5, 5, "A"), (0, 10, "A"))
    with pytest.raises(ValueError, match="start < end"):
        match([(7, 3, "A")], [], "exact", labeled=False)


def test_unknown_rule_is_rejected() -> None:
    with pytest.raises(ValueError, match="rule"):
        match([(0, 1, "A")], [(0, 1, "A")], "fuzzy", labeled=False)  # type: ignore[arg-type]


def test_exact_needs_same_boundaries_and_label_when_labeled() -> None:
    a = [(0, 10, "A"), (20, 30, "B")]
    b = [(0, 10, "B"), (21, 30, "B")]
    assert match(a, b, "exact", labeled=False) == [(0, 0)]
    assert f1(a, b, "exact", labeled=False) == 0.5
    assert f1(a, b, "exact", labeled=True) == 0.0


def test_iou50_threshold_is_inclusive() -> None:
    assert match([(0, 10, "A")], [(0, 5, "A")], "iou50", labeled=False) == [(0, 0)]
    assert match([(0, 10, "A")], [(0, 4, "A")], "iou50", labeled=False) == []
    assert match([(0, 10, "A")], [(0, 4, "A")], "overlap", labeled=False) == [(0, 0)]


def test_adjacent_spans_do_not_overlap() -> None:
    assert match([(0, 5, "A")], [(5, 10, "A")], "overlap", labeled=False) == []


def test_nested_spans_match_only_once_under_overlap() -> None:
    outer = [(0, 100, "A")]
    inner = [(30, 40, "A"), (10, 20, "A")]
    assert match(outer, inner, "overlap", labeled=False) == [(0, 1)]
    assert f1(outer, inner, "overlap", labeled=False) == pytest.approx(2 / 3, abs=1e-12)
    assert f1(outer, inner, "iou50", labeled=False) == 0.0


def test_greedy_takes_highest_iou_first() -> None:
    a = [(0, 8, "A"), (0, 10, "A")]
    b = [(0, 9, "A")]
    assert match(a, b, "iou50", labeled=False) == [(1, 0)]
    assert match([(0, 10, "A")], [(0, 6, "A"), (0, 10, "A")], "iou50", labeled=False) == [(0, 1)]


def test_each_span_matches_at_most_once() -> None:
    a = [(0, 10, "A"), (0, 10, "A")]
    b = [(0, 10, "A")]
    assert len(match(a, b, "exact", labeled=True)) == 1
    assert f1(a, b, "exact", labeled=True) == pytest.approx(2 / 3, abs=1e-12)


def test_two_to_two_overlap_matching() -> None:
    a = [(0, 10, "A"), (5, 15, "A")]
    b = [(0, 12, "A"), (6, 16, "A")]
    assert sorted(match(a, b, "iou50", labeled=False)) == [(0, 0), (1, 1)]


def test_labeled_matches_within_label_only() -> None:
    a = [(0, 10, "A"), (0, 10, "B")]
    b = [(0, 10, "B")]
    assert match(a, b, "exact", labeled=True) == [(1, 0)]
    assert f1([(0, 10, "A")], [(0, 10, "B")], "iou50", labeled=False) == 1.0
    assert f1([(0, 10, "A")], [(0, 10, "B")], "iou50", labeled=True) == 0.0


def test_ties_prefer_the_same_label_when_unlabeled() -> None:
    a = [(0, 10, "A"), (0, 10, "B")]
    b = [(0, 10, "B")]
    assert match(a, b, "exact", labeled=False) == [(1, 0)]
    assert match(b, a, "exact", labeled=False) == [(0, 1)]


def test_empty_annotators() -> None:
    assert f1([], [], "iou50", labeled=True) is None
    assert f1([], [(0, 3, "A")], "iou50", labeled=True) == 0.0
    assert f1([(0, 3, "A")], [], "overlap", labeled=False) == 0.0
    assert match([], [], "exact", labeled=False) == []


def test_prf_against_gold() -> None:
    pred = [(0, 10, "A"), (20, 30, "A"), (40, 50, "A")]
    gold = [(0, 10, "A"), (20, 29, "A")]
    assert prf(pred, gold, "exact", labeled=True) == pytest.approx(PRF(1 / 3, 1 / 2, 2 / 5), abs=1e-12)
    assert prf(pred, gold, "iou50", labeled=True) == pytest.approx(PRF(2 / 3, 1.0, 4 / 5), abs=1e-12)


def test_prf_undefined_parts_are_none() -> None:
    assert prf([], [(0, 1, "A")], "exact", labeled=False) == PRF(None, 0.0, 0.0)
    assert prf([(0, 1, "A")], [], "exact", labeled=False) == PRF(0.0, None, 0.0)
    assert prf([], [], "exact", labeled=False) == PRF(None, None, None)


spans = st.lists(
    st.builds(lambda s, n, lab: (s, s + n, lab), st.integers(0, 30), st.integers(1, 10), st.sampled_from("AB")),
    max_size=6,
)
rules = st.sampled_from(["exact", "iou50", "overlap"])


@settings(max_examples=150, deadline=None)
@given(spans, spans, rules, st.booleans())
def test_f1_is_symmetric_and_bounded(a: list, b: list, rule: str, labeled: bool) -> None:
    forward = f1(a, b, rule, labeled)
    assert forward == f1(b, a, rule, labeled)
    assert forward is None if not a and not b else 0.0 <= forward <= 1.0


@settings(max_examples=100, deadline=None)
@given(spans.filter(bool), rules, st.booleans())
def test_f1_of_spans_with_themselves_is_one(a: list, rule: str, labeled: bool) -> None:
    assert f1(a, a, rule, labeled) == 1.0


@settings(max_examples=150, deadline=None)
@given(spans, spans, st.booleans())
def test_matches_are_one_to_one_and_looser_rules_match_more(a: list, b: list, labeled: bool) -> None:
    counts = []
    for rule in ("exact", "iou50", "overlap"):
        pairs = match(a, b, rule, labeled)
        assert len({i for i, _ in pairs}) == len({j for _, j in pairs}) == len(pairs)
        assert all(iou(a[i], b[j]) >= (0.5 if rule == "iou50" else 1e-12) for i, j in pairs)
        assert not labeled or all(a[i][2] == b[j][2] for i, j in pairs)
        assert rule != "exact" or all(a[i][:2] == b[j][:2] for i, j in pairs)
        counts.append(len(pairs))
    assert counts == sorted(counts)


def test_agreement_package_stays_a_pure_core() -> None:
    code = (
        "import sys, reader.agreement; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in {'textual', 'sqlite3', 'sqlite_utils'} "
        "or (m.startswith('reader.') and not m.startswith('reader.agreement'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
