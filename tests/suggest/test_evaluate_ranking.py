"""`suggest --evaluate` measures rankings as the CheckThat! scorer does (AP, R-precision, P@5, P@10 per article and
averaged) and evaluates on a fixed split: test articles named, or a meta field naming each article's split."""

from __future__ import annotations

import json
import random
from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner

from bench.clef2019_to_jsonl import debate, schema_toml, write
from reader.cli import cli
from reader.learn.evaluate import ranking_measures
from reader.models import ClaimFields
from reader.store import Store
from tests.suggest.helpers import GOLD, tag_gold

pytest.importorskip("sklearn")


def test_ranking_measures_are_the_scorers_with_ties_kept_in_text_order() -> None:
    first_tie_relevant = ranking_measures([0.9, 0.5, 0.5, 0.1], [False, True, False, True])
    assert first_tie_relevant == {"ap": (1 / 2 + 2 / 4) / 2, "r_precision": 1 / 2, "p@5": 2 / 5, "p@10": 2 / 10}
    second_tie_relevant = ranking_measures([0.9, 0.5, 0.5, 0.1], [False, False, True, True])
    assert second_tie_relevant is not None and second_tie_relevant["ap"] == (1 / 3 + 2 / 4) / 2
    assert ranking_measures([3.0, 2.0, 1.0], [True, False, False]) == {
        "ap": 1.0,
        "r_precision": 1.0,
        "p@5": 1 / 5,
        "p@10": 1 / 10,
    }
    assert ranking_measures([0.2, 0.1], [False, False]) is None


def gold_records() -> list[dict]:  # type: ignore[type-arg]
    return [orjson.loads(line) for line in GOLD.read_bytes().splitlines()]


@pytest.fixture
def runner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    """The seeds with their gold as alice's claims; the last seed's claims are there but it is not marked done."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CLAIM_READER_DB", raising=False)
    monkeypatch.setenv("CLAIM_READER_ANNOTATOR", "bob")
    from reader.seeds import import_seeds

    store = Store(tmp_path / "annotations.db")
    import_seeds(store)
    last = gold_records()[-1]
    tag_gold(store, skip={last["id"]})
    for span in last["spans"]:
        fields = ClaimFields(label=span["label"], confidence=3)
        store.claims.create(last["id"], "alice", span["start"], span["end"], fields)
    store.close()
    return CliRunner()


def evaluated(runner: CliRunner, *args: str) -> dict:  # type: ignore[type-arg]
    result = runner.invoke(cli, ["suggest", "--evaluate", *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_a_named_test_article_is_scored_though_not_done_and_the_json_carries_every_ranking(runner: CliRunner) -> None:
    last = gold_records()[-1]
    data = evaluated(runner, "--test", last["id"][:6])
    assert data["split"] == {"kind": "fixed", "train": 4, "test": [last["id"]]} and data["articles"] == 1
    combined = data["systems"]["combined"]
    assert combined["overall"]["support"] > 0  # its claims count though nobody marked it done
    ranked = {label: figures for label, figures in combined["ranking"].items() if figures}
    assert ranked and all(set(f) == {"map", "r_precision", "p@5", "p@10", "articles"} for f in ranked.values())
    rows = [r for r in data["rankings"] if r["system"] == "combined"]
    for row in rows:
        assert row["article"] == last["id"] and len(row["scores"]) == data["sentences"]
        relevant = [i in row["relevant"] for i in range(len(row["scores"]))]
        measures = ranking_measures(row["scores"], relevant)
        assert row["measures"] == (None if measures is None else {k: round(v, 4) for k, v in measures.items()})
        if row["measures"]:
            assert ranked[row["label"]]["map"] == row["measures"]["ap"]  # one article: its AP is the MAP
    table = runner.invoke(cli, ["suggest", "--evaluate", "--test", last["id"]])
    assert table.exit_code == 0 and "fixed split: trained on 4 articles, scored on 1 test articles" in table.output
    assert "ranking, as CheckThat! measures it" in table.output and "per held-out article" in table.output


def debates(tmp_path: Path) -> Path:
    """Eight converted debates, the last two marked as test: a figure with "percent" makes a line check-worthy."""
    rng = random.Random(1)
    tasks = []
    for d in range(8):
        rows = []
        for i in range(30):
            worthy = rng.random() < 0.2
            text = f"Taxes rose {rng.randint(2, 90)} percent in {1990 + i}." if worthy else f"Thank you, senator {i}."
            rows.append((text, worthy))
        tasks.append(debate(f"d{d}", "test", "clef", rows, split="test" if d >= 6 else "train"))
    write(tmp_path / "set", "debates", tasks, schema_toml("test", "Worth checking."))
    return tmp_path / "set"


def test_split_by_reads_each_articles_split_from_its_meta(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = debates(tmp_path)
    runner, db = CliRunner(), str(tmp_path / "d.db")
    imported = runner.invoke(
        cli, ["--db", db, "--schema", str(folder / "schema.toml"), "import", str(folder / "debates.jsonl")]
    )
    assert imported.exit_code == 0, imported.output
    data = json.loads(runner.invoke(cli, ["--db", db, "suggest", "--evaluate", "--split-by", "split", "--json"]).stdout)
    assert data["split"]["kind"] == "fixed" and data["split"]["train"] == 6 and len(data["split"]["test"]) == 2
    assert data["sentences"] == 60  # a line each
    figures = data["systems"]["combined"]["ranking"]["CHECKWORTHY"]
    assert figures["articles"] == 2 and figures["map"] == 1.0  # the words tell: every claim ranks first
    same = json.loads(
        runner.invoke(cli, ["--db", db, "suggest", "--evaluate", "--test", *data["split"]["test"], "--json"]).stdout
    )
    assert same["rankings"] == data["rankings"]


def test_a_bad_split_is_one_line(runner: CliRunner) -> None:
    none = runner.invoke(cli, ["suggest", "--evaluate", "--split-by", "split"])
    assert none.exit_code == 1 and none.output.startswith("claim-reader: error: --split-by split: no test article")
    both = runner.invoke(cli, ["suggest", "--evaluate", "--test", "x", "--folds", "3"])
    assert both.exit_code == 2 and "give one of --folds, --test and --split-by" in both.output
    alone = runner.invoke(cli, ["suggest", "--test", "x"])
    assert alone.exit_code == 2 and "go with --evaluate" in alone.output
    for wrong in (["--test"], ["x"]):
        result = runner.invoke(cli, ["suggest", "--evaluate", *wrong])
        assert result.exit_code == 2 and "--test takes the test articles" in result.output
    unknown = runner.invoke(cli, ["suggest", "--evaluate", "--test", "zzzz"])
    assert unknown.exit_code == 1 and "no article with id zzzz" in unknown.output
    assert "Traceback" not in none.output + unknown.output
