"""The check of `suggest --evaluate` against the CLEF-2019 task's scorer: the prediction files it writes carry exactly
the ranking `suggest --evaluate` made (ties in text order), and the scorer's report is read per debate and averaged."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from bench.clef2019_scorer import SYSTEM, predictions, scorer
from bench.clef2019_to_jsonl import LABEL


def task_dir(tmp_path: Path, lines: int) -> Path:
    """A task folder with one annotated test debate of `lines` lines, numbered from 1."""
    gold = tmp_path / "task" / "data" / "test_annotated"
    gold.mkdir(parents=True)
    (gold / "debate.tsv").write_text("".join(f"{n}\tA\tline {n}\t0\n" for n in range(1, lines + 1)), encoding="utf-8")
    return tmp_path / "task"


def record(scores: list[float]) -> dict[str, object]:
    """A `suggest --evaluate --json` record holding one ranking of the combined suggester, and one to be skipped."""
    return {
        "rankings": [
            {"system": SYSTEM, "label": LABEL, "article": "a1", "scores": scores},
            {"system": "cues", "label": LABEL, "article": "a1", "scores": [0.0] * len(scores)},
        ]
    }


def test_prediction_files_rank_the_lines_as_suggest_did_with_ties_in_text_order(tmp_path: Path) -> None:
    task = task_dir(tmp_path, 4)
    pairs = predictions(record([0.2, 0.9, 0.2, 0.5]), {"a1": "debate"}, task, tmp_path / "out")
    assert [(gold.name, pred.name) for gold, pred in pairs] == [("debate.tsv", "debate.tsv")]
    rows = [line.split("\t") for line in pairs[0][1].read_text(encoding="utf-8").splitlines()]
    assert [int(number) for number, _ in rows] == [1, 2, 3, 4]
    by_score = sorted(range(4), key=lambda i: -float(rows[i][1]))
    assert by_score == [1, 3, 0, 2]  # the tie of lines 1 and 3 keeps text order, as the scorer's stable sort does
    assert len({score for _, score in rows}) == 4  # no ties left for the scorer to break its own way
    assert all("e" not in score for _, score in rows)  # the format checker refuses exponents


def test_a_ranking_of_other_lines_than_the_gold_stops_with_the_file_named(tmp_path: Path) -> None:
    task = task_dir(tmp_path, 4)
    with pytest.raises(SystemExit, match=r"debate\.tsv: 4 lines, but suggest --evaluate ranked 3"):
        predictions(record([0.1, 0.2, 0.3]), {"a1": "debate"}, task, tmp_path / "out")


SCORER_LOG = """
    import logging
    logging.basicConfig(format="%(levelname)s : %(message)s", level=logging.INFO)
    debates = (("a.tsv", 0.5, 0.25, "1.0 1.0 0.6 0.3 0.15 0.06"), ("b.tsv", 0.1, 0.0, "0 0 0.2 0.1 0.05 0.02"))
    for name, ap, rp, at in debates:
        logging.info("{:=^120}".format(" RESULTS for {} ".format(name)))
        logging.info("AVERAGE PRECISION:            %.4f", ap)
        logging.info("R-PRECISION (R=4):            %.4f", rp)
        logging.info("PRECISION@N:                  @1        @3        @5        @10       @20       @50")
        logging.info("                              " + at)
    logging.info("{:=^120}".format(" AVERAGED RESULTS "))
    logging.info("MEAN AVERAGE PRECISION (MAP): 0.3000")
    logging.info("MEAN RECIPROCAL RANK:         0.5000")
    logging.info("MEAN R-PRECISION:             0.1250")
    logging.info("MEAN PRECISION@N:             @1        @3        @5        @10       @20       @50")
    logging.info("                              0.5 0.5 0.4 0.2 0.1 0.04")
"""


def test_the_scorers_report_is_read_per_debate_and_averaged(tmp_path: Path) -> None:
    task = tmp_path / "task"
    (task / "scorer").mkdir(parents=True)
    (task / "scorer" / "main.py").write_text(textwrap.dedent(SCORER_LOG), encoding="utf-8")
    per, mean = scorer(task, [(tmp_path / "a.tsv", tmp_path / "pa.tsv"), (tmp_path / "b.tsv", tmp_path / "pb.tsv")])
    assert per == {
        "a.tsv": {"ap": 0.5, "r_precision": 0.25, "p@5": 0.6, "p@10": 0.3},
        "b.tsv": {"ap": 0.1, "r_precision": 0.0, "p@5": 0.2, "p@10": 0.1},
    }
    assert mean == {"ap": 0.3, "r_precision": 0.125, "p@5": 0.4, "p@10": 0.2}
