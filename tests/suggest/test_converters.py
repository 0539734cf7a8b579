"""The benchmark converters of public check-worthiness sets (CLEF-2019, ClaimBuster) write JSONL that imports as one
done article per debate, each check-worthy sentence a claim."""

from __future__ import annotations

import csv
from pathlib import Path

import orjson
import pytest

from bench.claimbuster_to_jsonl import debate_tasks
from bench.clef2019_to_jsonl import LABEL, Unlabelled, debate_task, schema_toml, write
from reader.learn.training import training_articles
from reader.schema import load_schema
from reader.store import Store

COLUMNS = [
    "Sentence_id",
    "Text",
    "Speaker",
    "Speaker_title",
    "Speaker_party",
    "File_id",
    "Length",
    "Line_number",
    "Sentiment",
    "Verdict",
]


def claimbuster_file(path: Path, rows: list[tuple[str, int, str, str]]) -> None:
    """A ClaimBuster CSV of (File_id, Line_number, Text, Verdict) rows, other columns filled in."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for n, (file_id, line, text, verdict) in enumerate(rows):
            writer.writerow([n, text, "A", "B", "C", file_id, len(text.split()), line, 0.0, verdict])


def test_claimbuster_makes_one_task_per_debate_in_line_order_with_cfs_as_claims(tmp_path: Path) -> None:
    claimbuster_file(
        tmp_path / "crowdsourced.csv",
        [
            ("1960-09-26.txt", 3, "Taxes rose 5%.", "1"),
            ("1960-09-26.txt", 1, "Good evening.", "-1"),
            ("2016-09-26.txt", 7, "We will win,  believe me.", "0"),
        ],
    )
    claimbuster_file(tmp_path / "groundtruth.csv", [("1960-09-26.txt", 2, 'He said "no" twice.', "1")])
    first, second = debate_tasks(tmp_path)
    assert (
        first["text"] == 'Good evening.\nHe said "no" twice.\nTaxes rose 5%.'
        and second["text"] == "We will win, believe me."
    )
    assert [first["text"][s["start"] : s["end"]] for s in first["spans"]] == ['He said "no" twice.', "Taxes rose 5%."]
    assert second["spans"] == [] and first["meta"]["title"] == "1960-09-26" and first["answer"] == "accept"


def test_a_converted_set_imports_as_done_articles_with_check_worthy_claims(tmp_path: Path) -> None:
    claimbuster_file(tmp_path / "crowdsourced.csv", [("d1.txt", 1, "Taxes rose 5%.", "1"), ("d1.txt", 2, "Hi.", "-1")])
    claimbuster_file(tmp_path / "groundtruth.csv", [])
    write(tmp_path / "out", "claimbuster", debate_tasks(tmp_path), schema_toml("X", "A check-worthy sentence."))
    schema = load_schema(tmp_path / "out" / "schema.toml")
    assert schema.label_names == [LABEL] and len(schema.labels[0].cues or []) == 10
    store = Store(tmp_path / "cb.db", schema=schema)
    from reader.ingest import import_paths

    import_paths(store, [str(tmp_path / "out" / "claimbuster.jsonl")], "auto", "me")
    (article_id,) = store.articles.ids()
    claims = store.claims.of_article(article_id, ["claimbuster"])
    assert [(c.start, c.end, c.label) for c in claims] == [(0, 14, LABEL)]
    assert store.progress.done_by(article_id) == ["claimbuster"]
    store.close()


def test_clef_files_keep_a_line_a_sentence_and_take_their_split_from_the_folder(tmp_path: Path) -> None:
    path = tmp_path / "training" / "20160209_msnbc_dem.tsv"
    path.parent.mkdir()
    path.write_text("1\tSANDERS\tWe  lost 800,000 jobs. Really.\t1\n2\tMADDOW\tThank you.\t0\n", encoding="utf-8")
    task = debate_task(path)
    assert task["text"] == "We lost 800,000 jobs. Really.\nThank you." and task["spans"] == [
        {"start": 0, "end": 29, "label": LABEL}
    ]
    assert task["meta"] == {"title": "20160209_msnbc_dem", "source": task["meta"]["source"], "unit": "line"} | {
        "split": "train"
    }
    assert task["_annotator_id"] == "clef2019" and orjson.loads(orjson.dumps(task)) == task
    write(tmp_path / "out", "clef2019", [task], schema_toml("X", "A check-worthy sentence."))
    store = Store(tmp_path / "clef.db", schema=load_schema(tmp_path / "out" / "schema.toml"))
    from reader.ingest import import_paths

    import_paths(store, [str(tmp_path / "out" / "clef2019.jsonl")], "auto", "me")
    (article,) = training_articles(store)  # the reader splits the first line in two; training takes it whole
    assert len(article.sentences) == 2 and article.sentences[0] == (0, 29)
    assert store.articles.meta_values("split") == {article.article_id: "train"}
    store.close()


@pytest.mark.parametrize("row", ["1\tRADDATZ\tGood evening to you all.", "broken line", "1\tA\tHi.\tyes"])
def test_clef_files_without_a_label_are_refused_naming_the_file_and_line(tmp_path: Path, row: str) -> None:
    path = tmp_path / "test" / "20151219_3_dem.tsv"
    path.parent.mkdir()
    path.write_text(f"1\tA\tFine.\t0\n{row}\n", encoding="utf-8")
    with pytest.raises(Unlabelled, match=r"20151219_3_dem.tsv:2: no label \(0 or 1\) in the fourth column"):
        debate_task(path)
