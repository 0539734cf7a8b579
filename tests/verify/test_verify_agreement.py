"""Verdict agreement: Cohen's kappa per pair, Krippendorff's alpha nominal over all and the confusion matrix, over
the claims two or more annotators verified, in `stats`, `stats --json` and `stats --csv`."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import krippendorff
import numpy as np
import pytest
from click.testing import CliRunner

from reader.cli import cli
from reader.store import Store
from reader.verify.agreement import verdict_agreement
from tests.verify.helpers import sentence_claim, verify

ROWS = [
    ("a", 0, 5, None, "ana", "S"),
    ("a", 0, 5, None, "ben", "S"),
    ("b", 0, 5, None, "ana", "R"),
    ("b", 0, 5, None, "ben", "S"),
    ("c", 0, 5, None, "ana", "R"),
    ("c", 0, 5, None, "ben", "R"),
    ("c", 0, 5, None, "cy", "S"),
    ("d", 0, 5, None, "cy", "S"),  # one verdict only: not compared
    ("b", 0, 5, 7, "cy", "N"),  # another record on the same span: another unit
]


def test_the_figures_by_hand() -> None:
    found = verdict_agreement(ROWS, ["S", "R", "N"])
    assert (found.claims, found.verdicts, found.annotators) == (3, 7, ["ana", "ben", "cy"])
    # kappa ana/ben: agree on a and c, table [[1, 0], [1, 1]] (S, R): p_o 2/3, p_e (1*2 + 2*1)/9 = 4/9 -> 0.4
    ana_ben = found.pairs[0]
    assert (ana_ben.a, ana_ben.b, ana_ben.claims, ana_ben.agreement) == ("ana", "ben", 3, pytest.approx(2 / 3))
    assert ana_ben.kappa == pytest.approx(0.4)
    # alpha: coincidences SS 2, SR 2, RS 2, RR 1 (n 7, n_S 4, n_R 3): 1 - 6 * 4 / (49 - 16 - 9) = 0
    assert found.alpha == pytest.approx(0.0)
    matrix = [[0, 1, 1, np.nan], [0, 0, 1, np.nan], [np.nan, np.nan, 0, np.nan]]
    expected = krippendorff.alpha(reliability_data=np.array(matrix)[:, :3], level_of_measurement="nominal")
    assert found.alpha == pytest.approx(expected)
    assert found.confusion == {"S": {"S": 2, "R": 3}, "R": {"S": 3, "R": 2}}
    assert found.agreement == pytest.approx(2 / 5)


def test_the_latest_verdict_of_an_annotator_on_a_unit_counts() -> None:
    rows = [("a", 0, 5, None, "ana", "S"), ("a", 0, 5, None, "ben", "R"), ("a", 0, 5, None, "ana", "R")]
    assert verdict_agreement(rows).pairs[0].agreement == 1.0


def test_nothing_to_compare_is_zero_claims_and_undefined_figures() -> None:
    found = verdict_agreement([("a", 0, 5, None, "ana", "S")])
    assert (found.claims, found.alpha, found.pairs, found.confusion) == (0, None, [], {})


def stats(db: Path, *args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, ["--db", str(db), "--annotator", "tester", "stats", *args], catch_exceptions=False)


def test_stats_reports_verdict_agreement_over_claims_verified_by_two(seeded: Store, db_path: Path, tmp_path) -> None:
    ana = sentence_claim(seeded, 0, 0, "ana")
    ben = sentence_claim(seeded, 0, 0, "ben")  # the same span: the same unit as ana's claim
    other = sentence_claim(seeded, 1, 0, "ana", label="EVENT")
    verify(seeded, ana, "ana", "Supported")
    verify(seeded, ben, "ben", "Supported")
    verify(seeded, other, "ana", "Refuted")
    verify(seeded, other, "ben", "Supported")  # ben verifies ana's claim
    result = stats(db_path, "--json")
    assert result.exit_code == 0, result.output
    verdicts = json.loads(result.output)["verdicts"]
    assert (verdicts["claims"], verdicts["annotators"]) == (2, ["ana", "ben"])
    assert verdicts["confusion"]["Supported"] == {"Supported": 2, "Refuted": 1}
    assert verdicts["pairs"][0]["agreement"] == 0.5
    text = stats(db_path).output
    assert "2 claims have verdicts from two or more annotators" in text and "verdict confusion" in text
    assert "verdicts per annotator pair" in text
    only_events = json.loads(stats(db_path, "--json", "--label", "EVENT").output)["verdicts"]
    assert only_events["claims"] == 1
    folder = tmp_path / "csv"
    assert stats(db_path, "--csv", str(folder)).exit_code == 0
    with (folder / "verdict_pairs.csv").open(encoding="utf-8") as handle:
        assert next(csv.reader(handle)) == ["a", "b", "claims", "agreement", "kappa"]
