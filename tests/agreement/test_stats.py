"""`claim-reader stats`: store queries, the report on hand-made databases, the batch metrics it relies on, the CLI."""

from __future__ import annotations

import csv
import json
from itertools import combinations
from pathlib import Path

import krippendorff
import numpy as np
import pytest
from click.testing import CliRunner

from reader.agreement import (
    ArticleSpans,
    alpha_u,
    alpha_u_pooled,
    char_labels,
    char_patterns,
    cohen_kappa,
    fast_nominal_alpha,
    iou,
    match,
    match_many,
    merge_values,
    patterns,
    reliability_matrix,
)
from reader.agreement.report import THRESHOLDS, build_report, gather, verdict
from reader.cli import cli
from reader.models import Article, ClaimFields, ImportRecord, article_id_for
from reader.store import Store

A1 = "abcdefghij" * 10  # 100 code points
A2 = "Zwölf Boxkämpfer jagen Viktor quer über den großen Sylter Deich. 😀"
A3 = "Only ann marks this one done, so it is never compared."
ALPHA_U_2004 = [
    (225, 70, 0, "c"),
    (370, 30, 0, "c"),
    (220, 80, 1, "c"),
    (355, 20, 1, "c"),
    (400, 20, 1, "c"),
    (180, 60, 0, "k"),
    (300, 50, 0, "k"),
    (180, 60, 1, "k"),
    (300, 50, 1, "k"),
]


def add_article(store: Store, text: str, title: str) -> str:
    """Import one article and return its id."""
    article = Article(id=article_id_for(text), title=title, text=text, words=len(text.split()))
    store.imports.add([ImportRecord(article=article)])
    return article.id


def claim(
    store: Store, article: str, annotator: str, start: int, end: int, label: str, confidence: int = 3, **kwargs
) -> None:
    """Create one claim through the store's validations."""
    store.claims.create(article, annotator, start, end, ClaimFields(label=label, confidence=confidence), **kwargs)


@pytest.fixture
def team(store: Store) -> dict[str, str]:
    """Three articles: A1 done by ann and bob (cy has claims but is not done), A2 done by all three, A3 by ann only.

    Gold exists on A1 only.
    """
    ids = {
        "A1": add_article(store, A1, "A1 [bold]not markup[/bold]"),
        "A2": add_article(store, A2, "A2"),
        "A3": add_article(store, A3, "A3"),
    }
    claim(store, ids["A1"], "ann", 0, 10, "EVENT", 3)
    claim(store, ids["A1"], "ann", 20, 30, "QUANTITY", 2)
    claim(store, ids["A1"], "bob", 0, 10, "EVENT", 3)
    claim(store, ids["A1"], "bob", 21, 30, "EVENT", 1)
    claim(store, ids["A1"], "cy", 50, 60, "RULE", 1)  # not done: must not count
    claim(store, ids["A2"], "ann", 6, 16, "EVENT", 3)  # "Boxkämpfer"
    claim(store, ids["A2"], "cy", 6, 16, "QUANTITY", 3)
    claim(store, ids["A3"], "ann", 0, 4, "EVENT", 3)
    claim(store, ids["A1"], "gold", 0, 10, "EVENT", 3, adjudicated_by="lead")
    claim(store, ids["A1"], "gold", 20, 30, "QUANTITY", 3, adjudicated_by="lead")
    for article, names in (("A1", ("ann", "bob")), ("A2", ("ann", "bob", "cy")), ("A3", ("ann",))):
        for name in names:
            store.progress.set_done(ids[article], name, True)
    return ids


def report_of(store: Store, **filters):
    """Run the report the way the CLI does."""
    articles, annotators, labels = filters.get("articles", ()), filters.get("annotators", ()), filters.get("labels", ())
    rows = gather(store.agreement.articles(articles, annotators), store.agreement.claims(articles, annotators, labels))
    return build_report(rows, labels or store.schema.label_names, store.progress.done_counts(annotators))


# -- store queries -----------------------------------------------------------------------------------


def test_only_articles_done_by_two_are_compared_with_code_point_lengths(store: Store, team: dict[str, str]) -> None:
    rows = store.agreement.articles()
    assert [(r[0], r[2], r[3]) for r in rows] == [
        (team["A1"], 100, ["ann", "bob"]),
        (team["A2"], len(A2), ["ann", "bob", "cy"]),
    ]
    assert store.agreement.articles(annotators=["ann", "cy"]) == [(team["A2"], "A2", len(A2), ["ann", "cy"])]
    assert [r[0] for r in store.agreement.articles(articles=[team["A1"], team["A3"]])] == [team["A1"]]


def test_claims_are_those_of_done_annotators_plus_gold(store: Store, team: dict[str, str]) -> None:
    rows = sorted(store.agreement.claims())
    owners = {(r[0], r[1]) for r in rows}
    assert (team["A1"], "cy") not in owners and all(r[0] != team["A3"] for r in rows)
    assert sum(r[1] == "gold" for r in rows) == 2 and len(rows) == 8
    assert {r[4] for r in store.agreement.claims(labels=["QUANTITY"])} == {"QUANTITY"}
    assert {r[1] for r in store.agreement.claims(annotators=["ann", "bob"])} == {"ann", "bob", "gold"}
    assert store.progress.done_counts() == {"ann": 3, "bob": 2, "cy": 1}


def test_gold_claims_pass_the_store_validations(store: Store, team: dict[str, str]) -> None:
    gold = store.claims.of_article(team["A1"], ["gold"])
    assert [(c.start, c.end, c.adjudicated_by) for c in gold] == [(0, 10, "lead"), (20, 30, "lead")]
    assert "gold" not in store.progress.done_by(team["A1"])


# -- the report on the hand-made team ----------------------------------------------------------------


def test_pair_f1_is_pooled_over_shared_articles(store: Store, team: dict[str, str]) -> None:
    report = report_of(store)
    assert report.articles_compared == 2 and report.annotators == ["ann", "bob", "cy"]
    pairs = {(p.a, p.b): p for p in report.pairs}
    ann_bob = pairs["ann", "bob"]
    # A1: exact 1 of 2+2, IoU (20,30)-(21,30) = 0.9 matches unlabeled only; A2: ann 1, bob 0.
    assert ann_bob.articles == 2
    assert (ann_bob.f1_exact, ann_bob.f1_exact_labeled) == (pytest.approx(2 / 5), pytest.approx(2 / 5))
    assert (ann_bob.f1_iou50, ann_bob.f1_iou50_labeled) == (pytest.approx(4 / 5), pytest.approx(2 / 5))
    assert (ann_bob.f1_overlap, ann_bob.f1_overlap_labeled) == (pytest.approx(4 / 5), pytest.approx(2 / 5))
    ann_cy = pairs["ann", "cy"]  # only A2: same bounds, different labels
    assert (ann_cy.articles, ann_cy.f1_exact, ann_cy.f1_exact_labeled) == (1, 1.0, 0.0)
    assert pairs["bob", "cy"].f1_iou50 == 0.0
    assert report.overall.f1_exact == pytest.approx((2 / 5 + 1 + 0) / 3)


def test_character_figures_equal_the_tested_metric_functions(store: Store, team: dict[str, str]) -> None:
    report = report_of(store)
    done = {
        "A1": {"ann": [(0, 10, "EVENT"), (20, 30, "QUANTITY")], "bob": [(0, 10, "EVENT"), (21, 30, "EVENT")]},
        "A2": {"ann": [(6, 16, "EVENT")], "bob": [], "cy": [(6, 16, "QUANTITY")]},
    }
    articles = [ArticleSpans(100, done["A1"]), ArticleSpans(len(A2), done["A2"])]
    names = ["ann", "bob", "cy"]
    for labeled, suffix in ((False, ""), (True, "_labeled")):
        matrix = reliability_matrix(articles, names, labeled)
        expected = krippendorff.alpha(matrix, level_of_measurement="nominal")
        assert getattr(report.overall, f"char_alpha{suffix}") == pytest.approx(expected, abs=1e-12)
        labels = ["EVENT", "QUANTITY"]
        ann = np.concatenate([char_labels(a.length, a.done["ann"], labeled, labels) for a in articles])
        bob = np.concatenate([char_labels(a.length, a.done["bob"], labeled, labels) for a in articles])
        assert getattr(report.pairs[0], f"char_kappa{suffix}") == pytest.approx(cohen_kappa(ann, bob), abs=1e-12)
        by_id = {row.id: row for row in report.by_article}
        a2 = reliability_matrix(articles[1:], names, labeled)
        assert getattr(by_id[team["A2"]], f"char_alpha{suffix}") == pytest.approx(
            krippendorff.alpha(a2, level_of_measurement="nominal"), abs=1e-12
        )


def test_alpha_u_label_and_confidence_agreement(store: Store, team: dict[str, str]) -> None:
    report = report_of(store)
    parts = [
        (
            [(0, 10, "ann", "EVENT"), (20, 10, "ann", "QUANTITY"), (0, 10, "bob", "EVENT"), (21, 9, "bob", "EVENT")],
            100,
            ["ann", "bob"],
        ),
        ([(6, 10, "ann", "EVENT"), (6, 10, "cy", "QUANTITY")], len(A2), ["ann", "bob", "cy"]),
    ]
    labels = list(store.schema.label_names)
    expected = alpha_u_pooled(parts, labels)
    assert report.overall.alpha_u == pytest.approx(expected["alpha"], abs=1e-12)
    by_label = {row.label: row for row in report.by_label}
    assert by_label["EVENT"].alpha_u == pytest.approx(expected["categories"]["EVENT"], abs=1e-12)
    assert by_label["RULE"].alpha_u is None and by_label["RULE"].spans == 0  # cy's RULE claim is not done
    assert (by_label["EVENT"].spans, by_label["EVENT"].articles) == (4, 2)
    # Matched groups: A1 (E,E) and (Q,E); A2 ann-cy (E,Q).
    assert report.overall.label_percent == pytest.approx(1 / 3)
    assert report.confusion == {"EVENT": {"EVENT": 2, "QUANTITY": 2}, "QUANTITY": {"EVENT": 2, "QUANTITY": 0}}
    assert report.overall.confidence_mad == pytest.approx(1 / 3)
    assert report.overall.matched_groups == 3


def test_per_label_f1_splits_labeled_matching(store: Store, team: dict[str, str]) -> None:
    by_label = {row.label: row for row in report_of(store).by_label}
    # EVENT spans: ann-bob 1 + 2 on A1 and 1 + 0 on A2, one exact match: 2/4; ann-cy 1 + 0: 0; bob-cy none: undefined.
    assert by_label["EVENT"].f1_exact == pytest.approx((2 / 4 + 0) / 2)
    assert by_label["QUANTITY"].f1_iou50 == pytest.approx(0.0)


def test_breakdowns_by_article_and_annotator_with_gold(store: Store, team: dict[str, str]) -> None:
    report = report_of(store)
    assert [row.id for row in report.by_article] == [team["A2"], team["A1"]]  # A2 is the harder one
    assert report.by_article[1].f1_iou50_labeled == pytest.approx(0.5) and report.by_article[1].gold
    people = {row.annotator: row for row in report.by_annotator}
    assert (people["ann"].spans, people["ann"].done_articles, people["ann"].compared_articles) == (3, 3, 2)
    assert (people["ann"].gold_precision, people["ann"].gold_recall, people["ann"].gold_f1) == (1.0, 1.0, 1.0)
    assert (people["bob"].gold_precision, people["bob"].gold_recall, people["bob"].gold_f1) == (0.5, 0.5, 0.5)
    assert people["cy"].gold_articles == 0 and people["cy"].gold_f1 is None
    ann_pairs = [p.f1_iou50 for p in report.pairs if "ann" in (p.a, p.b)]
    assert people["ann"].f1_iou50 == pytest.approx(sum(ann_pairs) / 2)


def test_filters_narrow_the_comparison(store: Store, team: dict[str, str]) -> None:
    report = report_of(store, annotators=["ann", "cy"])
    assert (report.articles_compared, report.annotators, len(report.pairs)) == (1, ["ann", "cy"], 1)
    report = report_of(store, labels=["QUANTITY"])
    assert [row.label for row in report.by_label] == ["QUANTITY"]
    assert report.by_annotator[0].spans == 1
    assert report_of(store, articles=[team["A1"]]).articles_compared == 1


def test_undefined_values_are_none_never_nan(store: Store) -> None:
    article = add_article(store, "Nothing to claim here.", "empty")
    for name in ("ann", "bob"):
        store.progress.set_done(article, name, True)
    report = report_of(store)
    assert report.articles_compared == 1
    assert report.pairs[0].f1_exact is None and report.overall.f1_iou50 is None
    assert report.overall.char_alpha is None and report.overall.alpha_u is None
    assert report.overall.label_alpha is None and report.overall.confidence_mad is None
    assert report.pairs[0].char_kappa == 1.0  # both said "no claim" everywhere: kappa's 0/0 convention
    assert "NaN" not in report.model_dump_json()


def test_no_compared_articles_is_an_empty_report(store: Store) -> None:
    report = report_of(store)
    assert (report.articles_compared, report.pairs, report.by_article, report.confusion) == (0, [], [], {})
    assert report.thresholds == THRESHOLDS


def test_verdicts_follow_krippendorff_thresholds() -> None:
    assert [verdict(v) for v in (0.8, 0.79, 0.667, 0.5, None)] == [
        "reliable",
        "tentative",
        "tentative",
        "unreliable",
        None,
    ]


# -- the batch metrics behind the report -------------------------------------------------------------


def reference_match(a: list, b: list, rule: str, labeled: bool) -> list[tuple[int, int]]:
    """The matching rule written the plain way, to check the vectorized batch against."""
    allowed = {
        "exact": lambda x, y: x[:2] == y[:2],
        "iou50": lambda x, y: iou(x, y) >= 0.5,
        "overlap": lambda x, y: iou(x, y) > 0,
    }[rule]
    candidates = [
        (i, j) for i, x in enumerate(a) for j, y in enumerate(b) if allowed(x, y) and (not labeled or x[2] == y[2])
    ]
    candidates.sort(
        key=lambda p: (
            -iou(a[p[0]], b[p[1]]),
            a[p[0]][2] != b[p[1]][2],
            min(a[p[0]], b[p[1]]),
            max(a[p[0]], b[p[1]]),
            p,
        )
    )
    used_a, used_b, pairs = set(), set(), []
    for i, j in candidates:
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            pairs.append((i, j))
    return pairs


def random_spans(rng: np.random.Generator, n: int, length: int = 120) -> list[tuple[int, int, str]]:
    """Return n random spans with many ties (short text, two labels)."""
    starts = rng.integers(0, length - 1, size=n)
    return [(int(s), int(s + rng.integers(1, 30)), str(rng.choice(["A", "B"]))) for s in starts]


def test_match_many_equals_the_plain_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(3)
    pairs = [
        (random_spans(rng, int(rng.integers(0, 12))), random_spans(rng, int(rng.integers(0, 12)))) for _ in range(300)
    ]
    monkeypatch.setattr("reader.agreement.spans.CHUNK", 200)  # several chunks
    for (a, b), found in zip(pairs, match_many(pairs), strict=True):
        for (rule, labeled), got in found.items():
            assert got == reference_match(a, b, rule, labeled) == match(a, b, rule, labeled)
    assert match_many([]) == []


@pytest.mark.parametrize(("raters", "values"), [(3, 2), (4, 9), (30, 4)])
def test_pattern_counts_give_krippendorff_alpha(raters: int, values: int) -> None:
    rng = np.random.default_rng(raters)
    data = rng.integers(0, values, size=(raters, 600)).astype(float)
    data[rng.random(data.shape) < 0.3] = np.nan
    expected = krippendorff.alpha(data, level_of_measurement="nominal")
    assert fast_nominal_alpha(data) == pytest.approx(expected, abs=1e-12)
    found = patterns(data, [0, 100, 600])
    assert found.counts.sum() == 600 and found.counts[0].sum() == 100


def test_merge_values_equals_recoding_the_matrix() -> None:
    rng = np.random.default_rng(5)
    data = rng.integers(0, 4, size=(3, 400)).astype(float)
    data[rng.random(data.shape) < 0.2] = np.nan
    merged = merge_values(patterns(data), [0, 1, 1, 1])
    recoded = np.where(np.isnan(data), np.nan, data > 0)
    direct = patterns(recoded)
    as_set = {(*tuple(col), n) for col, n in zip(merged.codes.T, merged.counts[0], strict=True)}
    assert as_set == {(*tuple(col), n) for col, n in zip(direct.codes.T, direct.counts[0], strict=True)}


def test_char_patterns_equal_patterns_of_the_reliability_matrix() -> None:
    rng = np.random.default_rng(9)
    names = ["a", "b", "c"]
    articles = [
        ArticleSpans(
            120, {name: random_spans(rng, int(rng.integers(0, 6)), 90) for name in names if rng.random() < 0.8}
        )
        for _ in range(30)
    ]
    compared = [a for a in articles if len(a.done) >= 2]
    bounds = np.cumsum([0, *(a.length for a in compared)])
    for labeled in (False, True):
        direct = patterns(reliability_matrix(articles, names, labeled), bounds)
        fast = char_patterns(articles, names, labeled)
        assert fast.k >= direct.k

        def table(p) -> dict:
            return {
                (s, tuple(np.where(col == p.k, -1, col))): int(n)
                for s, row in enumerate(p.counts)
                for col, n in zip(p.codes.T, row, strict=True)
                if n
            }

        assert table(fast) == table(direct)


def test_alpha_u_pooled_over_one_part_is_alpha_u() -> None:
    units = [(b - 150, n, r, c) for b, n, r, c in ALPHA_U_2004]
    pooled = alpha_u_pooled([(units, 300, [0, 1])], ["c", "k"])
    assert pooled["alpha"] == pytest.approx(0.858665, abs=1e-6)
    assert pooled["categories"]["c"] == pytest.approx(0.728599, abs=1e-6)
    assert pooled["categories"] == pytest.approx(
        {c: v["alpha"] for c, v in alpha_u(units, 0, 300)["categories"].items()}
    )


def test_alpha_u_pooled_sums_costs_over_parts() -> None:
    first = ([(0, 4, "a", "X"), (1, 4, "b", "X")], 10, ["a", "b"])
    second = ([(2, 3, "a", "X")], 8, ["a", "b", "c"])
    result = {}
    for units, length, raters in (first, second):
        result[length] = alpha_u(units, 0, length, ["X"], raters)["categories"]["X"]
    weight = {10: 2 * 1 * 100 / 2, 8: 3 * 2 * 64 / 2}
    expected = 1 - sum(weight[n] * r["D_o"] for n, r in result.items()) / sum(
        weight[n] * r["D_e"] for n, r in result.items()
    )
    assert alpha_u_pooled([first, second], ["X"])["alpha"] == pytest.approx(expected, abs=1e-12)
    assert alpha_u_pooled([([], 5, ["a", "b"]), ([(0, 1, "a", "X")], 5, ["a"])], ["X"])["alpha"] is None


def pooled_reference(parts: list, categories: list[str]) -> dict:
    """Pool alpha_u's own D_o and D_e per part with the weights alpha_u_pooled documents."""
    observed, expected, seen = dict.fromkeys(categories, 0.0), dict.fromkeys(categories, 0.0), set()
    for units, length, raters in parts:
        weight = len(raters) * (len(raters) - 1) * length * length / 2
        for c, value in alpha_u(units, 0, length, categories, raters)["categories"].items():
            observed[c] += weight * value["D_o"]
            expected[c] += weight * value["D_e"]
        seen.update(u[3] for u in units)
    ratio = {c: (1 - observed[c] / expected[c] if expected[c] else 1.0) if c in seen else None for c in categories}
    return {"categories": ratio, "alpha": 1 - sum(observed.values()) / sum(expected.values())}


def random_unitizing(rng: np.random.Generator) -> tuple[list, int, list[str]]:
    """Return one random part: disjoint (often adjacent) units per rater and category, some silent raters."""
    length = int(rng.integers(5, 80))
    raters = ["r0", "r1", "r2", "r3"][: int(rng.integers(2, 5))]
    units = []
    for rater in raters:
        for category in ("X", "Y"):
            position = int(rng.integers(0, 4))
            while position < length - 1 and rng.random() < 0.7:
                size = int(rng.integers(1, min(15, length - position) + 1))
                units.append((position, size, rater, category))
                position += size + int(rng.integers(0, 6))
    return units, length, raters


def test_alpha_u_pooled_equals_pooling_alpha_u_on_random_parts() -> None:
    rng = np.random.default_rng(11)
    for _ in range(40):
        parts = [random_unitizing(rng) for _ in range(int(rng.integers(1, 6)))]
        expected = pooled_reference(parts, ["X", "Y"])
        got = alpha_u_pooled(parts, ["X", "Y"])
        assert got["alpha"] == pytest.approx(expected["alpha"], abs=1e-9)
        assert got["categories"] == pytest.approx(expected["categories"], abs=1e-9)


def test_alpha_u_pooled_rejects_what_alpha_u_rejects() -> None:
    with pytest.raises(ValueError, match="overlap"):
        alpha_u_pooled([([(0, 5, "a", "X"), (3, 4, "a", "X")], 10, ["a", "b"])], ["X"])
    with pytest.raises(ValueError, match="outside"):
        alpha_u_pooled([([(8, 5, "a", "X")], 10, ["a", "b"])], ["X"])
    with pytest.raises(ValueError, match="not among"):
        alpha_u_pooled([([(0, 5, "z", "X")], 10, ["a", "b"])], ["X"])
    assert alpha_u_pooled([([(0, 5, "a", "Z")], 10, ["a", "b"])], ["X"]) == {"categories": {"X": None}, "alpha": None}


def test_alpha_u_pooled_merge_takes_the_union_of_overlapping_units() -> None:
    nested = [(0, 20, "a", "X"), (5, 5, "a", "X"), (15, 10, "a", "X"), (25, 5, "a", "X"), (0, 30, "b", "X")]
    united = [(0, 25, "a", "X"), (25, 5, "a", "X"), (0, 30, "b", "X")]  # touching units stay two
    assert alpha_u_pooled([(nested, 40, ["a", "b"])], ["X"], merge=True) == alpha_u_pooled(
        [(united, 40, ["a", "b"])], ["X"]
    )


def test_overlapping_claims_of_one_label_are_merged_for_alpha_u(store: Store) -> None:
    article = add_article(store, "x" * 40, "nested")
    claim(store, article, "ann", 0, 20, "EVENT")
    claim(store, article, "ann", 5, 10, "EVENT")  # nested in the first: one unit 0-20
    claim(store, article, "bob", 0, 20, "EVENT")
    for name in ("ann", "bob"):
        store.progress.set_done(article, name, True)
    assert report_of(store).overall.alpha_u == 1.0


# -- the command line --------------------------------------------------------------------------------


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.delenv("CLAIM_READER_DB", raising=False)
    monkeypatch.delenv("CLAIM_READER_ANNOTATOR", raising=False)
    return CliRunner()


def stats(runner: CliRunner, db: Path, *args: str):
    """Invoke `claim-reader --db DB stats ARGS`."""
    return runner.invoke(cli, ["--db", str(db), "stats", *args], env={"COLUMNS": "250"})


def test_json_has_every_key(runner: CliRunner, store: Store, team: dict[str, str], db_path: Path) -> None:
    result = stats(runner, db_path, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert {
        "articles_compared",
        "annotators",
        "pairs",
        "overall",
        "by_label",
        "by_article",
        "by_annotator",
        "confusion",
        "thresholds",
    } <= set(data)
    pair_keys = {
        "a",
        "b",
        "f1_exact",
        "f1_exact_labeled",
        "f1_iou50",
        "f1_iou50_labeled",
        "f1_overlap",
        "f1_overlap_labeled",
        "char_kappa",
        "char_kappa_labeled",
        "articles",
    }
    assert pair_keys <= set(data["pairs"][0])
    assert pair_keys - {"a", "b", "articles"} | {
        "char_alpha",
        "char_alpha_labeled",
        "alpha_u",
        "label_alpha",
        "label_percent",
        "confidence_alpha",
        "confidence_mad",
    } <= set(data["overall"])
    assert data["articles_compared"] == 2


def test_json_filters(runner: CliRunner, store: Store, team: dict[str, str], db_path: Path) -> None:
    data = json.loads(stats(runner, db_path, "--json", "--annotator", "ann", "--annotator", "cy").output)
    assert (data["articles_compared"], data["annotators"]) == (1, ["ann", "cy"])
    data = json.loads(stats(runner, db_path, "--json", "--article", team["A1"], "--label", "EVENT").output)
    assert data["articles_compared"] == 1 and [r["label"] for r in data["by_label"]] == ["EVENT"]


def test_csv_writes_one_file_per_table(
    runner: CliRunner, store: Store, team: dict[str, str], db_path: Path, tmp_path: Path
) -> None:
    result = stats(runner, db_path, "--csv", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert "2 articles compared" in result.output
    files = {p.name for p in (tmp_path / "out").iterdir()}
    assert files == {
        "pair_matrix.csv",
        "pairs.csv",
        "overall.csv",
        "by_label.csv",
        "by_article.csv",
        "by_annotator.csv",
        "confusion.csv",
        "verdict_overall.csv",
        "verdict_pairs.csv",
        "verdict_confusion.csv",
    }
    with (tmp_path / "out" / "pairs.csv").open() as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["a"], r["b"]) for r in rows] == [("ann", "bob"), ("ann", "cy"), ("bob", "cy")]
    assert float(rows[0]["f1_iou50"]) == pytest.approx(0.8)
    with (tmp_path / "out" / "by_annotator.csv").open() as handle:
        cy = next(r for r in csv.DictReader(handle) if r["annotator"] == "cy")
    assert cy["gold_f1"] == ""  # undefined is an empty cell


def test_plain_output_shows_counts_thresholds_and_data_as_text(
    runner: CliRunner, store: Store, team: dict[str, str], db_path: Path
) -> None:
    result = stats(runner, db_path)
    assert result.exit_code == 0, result.output
    assert "2 articles marked done by two or more annotators are compared" in result.output
    assert "0.800 reliable" in result.output and "0.667-0.800 tentative" in result.output
    assert "[bold]not markup[/bold]" in result.output


def test_csv_into_an_unwritable_place_is_one_line_exit_1(
    runner: CliRunner, store: Store, team: dict[str, str], db_path: Path, tmp_path: Path
) -> None:
    (tmp_path / "file.txt").write_text("x")
    result = stats(runner, db_path, "--csv", str(tmp_path / "file.txt" / "out"))
    assert result.exit_code == 1
    assert result.output.startswith("claim-reader: error:") and "cannot write the CSV files" in result.output


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--json", "--csv", "x"], 2, "not both"),
        (["--label", "NOPE"], 2, "unknown label(s) NOPE"),
    ],
)
def test_bad_options_exit_2(
    runner: CliRunner, store: Store, db_path: Path, args: list[str], code: int, message: str
) -> None:
    result = stats(runner, db_path, *args)
    assert result.exit_code == code and message in result.output


def test_pairs_cover_every_annotator_pair(store: Store, team: dict[str, str]) -> None:
    report = report_of(store)
    assert [(p.a, p.b) for p in report.pairs] == list(combinations(report.annotators, 2))


def test_stats_says_how_much_of_the_compared_work_gold_covers(
    runner: CliRunner, store: Store, team: dict[str, str], db_path: Path
) -> None:
    """A1's two rows both hold gold; A2's one row (ann and cy disagree) is not reviewed."""
    result = stats(runner, db_path)
    assert result.exit_code == 0, result.output
    assert "gold covers 2 of 3 review rows (1 of 2 articles fully reviewed)" in " ".join(result.output.split())
    assert "gold covers 2 of 3 rows" in result.output  # in the per-annotator table's title too
    data = json.loads(stats(runner, db_path, "--json").output)
    assert data["gold_coverage"] == {
        "rows_reviewed": 2,
        "rows": 3,
        "articles_reviewed": 1,
        "articles_with_gold": 1,
        "articles": 2,
    }


def test_without_any_review_stats_says_nothing_of_gold(runner: CliRunner, store: Store, db_path: Path) -> None:
    article = add_article(store, A1, "A1")
    for name in ("ann", "bob"):
        claim(store, article, name, 0, 10, "EVENT")
        store.progress.set_done(article, name, True)
    result = stats(runner, db_path)
    assert (
        "gold covers" not in result.output
        and json.loads(stats(runner, db_path, "--json").output)["gold_coverage"] is None
    )
