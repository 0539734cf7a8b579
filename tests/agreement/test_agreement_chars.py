"""Character-level labels, Cohen's kappa and character alpha, against references and hand computations."""

import krippendorff
import numpy as np
import pytest

from reader.agreement import ArticleSpans, char_alpha, char_labels, cohen_kappa, reliability_matrix

COHEN1960 = [(88, 1, 1), (14, 1, 2), (18, 1, 3), (10, 2, 1), (40, 2, 2), (10, 2, 3), (2, 3, 1), (6, 3, 2), (12, 3, 3)]
# Krippendorff (1995) example A digitized, as in DKPro's Krippendorff1995Test (kappa 0.385).
K1995_A_BERTHA = [0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0]
K1995_A_BILL = [0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0]
nan = np.nan


def test_char_labels_unlabeled_marks_any_claim() -> None:
    values = char_labels(10, [(2, 5, "A"), (4, 7, "B")], labeled=False)
    assert values.tolist() == [0, 0, 1, 1, 1, 1, 1, 0, 0, 0]


def test_char_labels_shortest_covering_span_wins() -> None:
    values = char_labels(8, [(0, 8, "A"), (3, 5, "B")], labeled=True, labels=["A", "B"])
    assert values.tolist() == [1, 1, 1, 2, 2, 1, 1, 1]


def test_char_labels_equal_length_earliest_start_wins() -> None:
    values = char_labels(8, [(2, 6, "B"), (0, 4, "A")], labeled=True, labels=["A", "B"])
    assert values.tolist() == [1, 1, 1, 1, 2, 2, 0, 0]


def test_char_labels_same_span_smallest_label_name_wins() -> None:
    values = char_labels(5, [(0, 4, "B"), (0, 4, "A")], labeled=True, labels=["B", "A"])
    assert values.tolist() == [2, 2, 2, 2, 0]


def test_char_labels_rejects_bad_spans_and_labels() -> None:
    with pytest.raises(ValueError, match="outside"):
        char_labels(5, [(3, 6, "A")], labeled=False)
    with pytest.raises(ValueError, match="label"):
        char_labels(5, [(0, 2, "Z")], labeled=True, labels=["A"])


def test_cohen_kappa_1960() -> None:
    x = np.repeat([r1 for _, r1, _ in COHEN1960], [n for n, _, _ in COHEN1960])
    y = np.repeat([r2 for _, _, r2 in COHEN1960], [n for n, _, _ in COHEN1960])
    kappa = cohen_kappa(x, y)
    assert kappa == pytest.approx(0.4915, abs=1e-4)
    assert kappa == pytest.approx(11600 / 23600, abs=1e-12)


def test_cohen_kappa_krippendorff_1995_digitized() -> None:
    assert cohen_kappa(K1995_A_BERTHA, K1995_A_BILL) == pytest.approx(0.385, abs=1e-3)


def test_cohen_kappa_edges() -> None:
    assert cohen_kappa([], []) is None
    assert cohen_kappa([1, 1, 1], [1, 1, 1]) == 1.0
    assert cohen_kappa([0, 1, 0, 1], [0, 1, 0, 1]) == 1.0
    assert cohen_kappa([0, 1], [1, 0]) == -1.0
    with pytest.raises(ValueError, match="same length"):
        cohen_kappa([0, 1], [0])


def articles() -> list[ArticleSpans]:
    """Return three articles: one done by a and b, one by all three, one by a only."""
    return [
        ArticleSpans(5, {"a": [(0, 2, "X")], "b": [(1, 3, "Y")]}),
        ArticleSpans(4, {"a": [(0, 4, "X"), (1, 2, "Y")], "b": [], "c": [(2, 4, "X")]}),
        ArticleSpans(3, {"a": [(0, 3, "X")]}),
    ]


def test_reliability_matrix_marks_not_done_as_missing_and_skips_single_annotator_articles() -> None:
    matrix = reliability_matrix(articles(), ["a", "b", "c"], labeled=False)
    expected = [
        [1, 1, 0, 0, 0, 1, 1, 1, 1],
        [0, 1, 1, 0, 0, 0, 0, 0, 0],
        [nan, nan, nan, nan, nan, 0, 0, 1, 1],
    ]
    np.testing.assert_array_equal(matrix, expected)


def test_reliability_matrix_labeled_ids_follow_sorted_label_names() -> None:
    matrix = reliability_matrix(articles(), ["a", "b", "c"], labeled=True)
    np.testing.assert_array_equal(matrix[0], [1, 1, 0, 0, 0, 1, 2, 1, 1])
    np.testing.assert_array_equal(matrix[1], [0, 2, 2, 0, 0, 0, 0, 0, 0])


def test_char_alpha_hand_computed() -> None:
    # Values a: 1100, b: 1110 -> o = [[2, 1], [1, 4]], n = 8: alpha = 1 - 7 * 2 / (64 - 9 - 25) = 8/15.
    data = [ArticleSpans(4, {"a": [(0, 2, "X")], "b": [(0, 3, "X")]})]
    assert char_alpha(data, ["a", "b"], labeled=False) == pytest.approx(8 / 15, abs=1e-12)


@pytest.mark.parametrize("labeled", [False, True])
def test_char_alpha_equals_krippendorff_on_the_matrix(labeled: bool) -> None:
    matrix = reliability_matrix(articles(), ["a", "b", "c"], labeled)
    expected = krippendorff.alpha(matrix, level_of_measurement="nominal")
    assert char_alpha(articles(), ["a", "b", "c"], labeled) == pytest.approx(expected, abs=1e-12)


def test_char_alpha_not_done_is_missing_not_no_claim() -> None:
    base = char_alpha(articles()[:1], ["a", "b"], labeled=False)
    assert char_alpha(articles()[:1], ["a", "b", "c"], labeled=False) == base
    done_empty = [ArticleSpans(5, {**articles()[0].done, "c": []})]
    assert char_alpha(done_empty, ["a", "b", "c"], labeled=False) != base


def test_char_alpha_ignores_articles_done_by_one_annotator() -> None:
    with_single = char_alpha(articles(), ["a", "b", "c"], labeled=False)
    assert char_alpha(articles()[:2], ["a", "b", "c"], labeled=False) == with_single


def test_char_alpha_undefined_is_none() -> None:
    nothing_marked = [ArticleSpans(6, {"a": [], "b": []})]
    assert char_alpha(nothing_marked, ["a", "b"], labeled=False) is None
    assert char_alpha(articles()[2:], ["a", "b"], labeled=True) is None
    assert char_alpha([], ["a", "b"], labeled=False) is None


def test_char_alpha_large_input_matches_krippendorff() -> None:
    rng = np.random.default_rng(3)
    data = []
    for _ in range(40):
        length = 3000
        done = {}
        for name in ("a", "b", "c"):
            if rng.random() < 0.85:
                starts = np.sort(rng.choice(length - 200, size=8, replace=False))
                done[name] = [(int(s), int(s + rng.integers(20, 200)), str(rng.choice(list("PQRS")))) for s in starts]
        data.append(ArticleSpans(length, done))
    matrix = reliability_matrix(data, ["a", "b", "c"], labeled=True)
    expected = krippendorff.alpha(matrix, level_of_measurement="nominal")
    assert char_alpha(data, ["a", "b", "c"], labeled=True) == pytest.approx(expected, abs=1e-12)
