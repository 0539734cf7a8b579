"""Label Studio: tasks with an annotation per annotator and the cue rules' suggestions as predictions, offsets in code
points (as Label Studio's `<Text>` stores them), a config that declares every label and choice, and import back."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from reader.store import Store
from tests.export.helpers import EMOJI, annotate_with_emoji, export, import_file


@pytest.fixture
def team(seeded: Store, db_path: Path, tmp_path: Path) -> tuple[Path, list[str], str]:
    """The annotated seeds, a note and a flag on one claim, and an article with emoji before alice's claim."""
    ids, emoji = annotate_with_emoji(seeded, tmp_path, 2)
    seeded.close()
    return db_path, ids, emoji


def test_tasks_regions_predictions_and_config(team, tmp_path: Path) -> None:
    db, _ids, emoji = team
    out = tmp_path / "tasks.json"
    result = export(db, "--format", "labelstudio", "-o", str(out))
    assert result.exit_code == 0, result.output
    tasks = json.loads(out.read_text(encoding="utf-8"))
    store = Store(db)
    assert [t["data"]["article_id"] for t in tasks] == sorted(store.articles.ids())
    assert [t["id"] for t in tasks] == list(range(1, len(tasks) + 1))
    config = ET.fromstring((tmp_path / "tasks.json.config.xml").read_text(encoding="utf-8"))
    labels = {e.get("value") for e in config.iter("Label")}
    choices = {c.get("name"): {e.get("value") for e in c.iter("Choice")} for c in config.iter("Choices")}
    assert labels == set(store.schema.label_names) and choices["confidence"] == {"1", "2", "3"}
    regions = 0
    for task in tasks:
        text = task["data"]["text"]
        assert text == store.articles.get(task["data"]["article_id"]).text
        claims = store.claims.of_article(task["data"]["article_id"])
        assert [a["annotator"] for a in task["annotations"]] == sorted({c.annotator for c in claims} | set(
            store.progress.done_by(task["data"]["article_id"])))  # fmt: skip
        for annotation in task["annotations"]:
            assert (
                annotation["ground_truth"] == (annotation["annotator"] == "gold") and "completed_by" not in annotation
            )
            for region in annotation["result"]:
                value = region["value"]
                assert text[value["start"] : value["end"]] == value["text"] and region["to_name"] == "text"
                if region["type"] == "labels":
                    regions += 1
                    assert set(value["labels"]) <= labels
                else:
                    assert set(value["choices"]) <= choices[region["from_name"]]
        for prediction in task["predictions"]:
            for region in prediction["result"]:
                assert text[region["value"]["start"] : region["value"]["end"]] == region["value"]["text"]
    assert regions == sum(len(store.claims.of_article(a)) for a in store.articles.ids())
    assert sum(len(t["predictions"]) for t in tasks) >= 5
    [emoji_task] = [t for t in tasks if t["data"]["article_id"] == emoji]
    [region, confidence] = emoji_task["annotations"][0]["result"]
    assert region["value"]["start"] == EMOJI.index("The rate")  # code points: UTF-16 would be 2 more
    assert (confidence["id"], confidence["value"]["choices"]) == (region["id"], ["2"])
    store.close()


def test_a_label_studio_export_imports_back_with_every_claim(team, tmp_path: Path) -> None:
    db, _ids, _emoji = team
    out = tmp_path / "tasks.json"
    assert export(db, "--format", "labelstudio", "-o", str(out)).exit_code == 0
    fresh = tmp_path / "fresh.db"
    result = import_file(fresh, out)
    assert result.exit_code == 0, result.output
    before, after = Store(db), Store(fresh)
    assert sorted(after.articles.ids()) == sorted(before.articles.ids())
    fields = ("article_id", "annotator", "start", "end", "label", "confidence", "note", "checkworthy", "hedged")
    assert sorted(
        tuple(getattr(c, f) for f in fields) for a in after.articles.ids() for c in after.claims.of_article(a)
    ) == sorted(
        tuple(getattr(c, f) for f in fields) for a in before.articles.ids() for c in before.claims.of_article(a)
    )
    for article_id in before.articles.ids():
        assert after.progress.done_by(article_id) == before.progress.done_by(article_id)
    before.close()
    after.close()


def test_label_studios_own_export_names_its_users_and_drops_cancelled_work(tmp_path: Path) -> None:
    text = "Prices rose 5 percent. The council said it would act."
    region = {"id": "a1", "from_name": "label", "to_name": "text", "type": "labels"}
    tasks = [
        {
            "id": 7,
            "data": {"text": text, "source": "wire"},
            "annotations": [
                {"completed_by": {"id": 3, "email": "ana@example.org"}, "result": [
                    {**region, "value": {"start": 0, "end": 22, "text": text[:22], "labels": ["QUANTITY"]}}]},
                {"completed_by": 4, "result": [
                    {**region, "value": {"start": 23, "end": 53, "text": text[23:], "labels": ["EVENT"]}}]},
                {"completed_by": 5, "was_cancelled": True, "result": []},
            ],
            "predictions": [{"result": [{**region, "value": {"start": 0, "end": 5, "labels": ["OTHER"]}}]}],
        }
    ]  # fmt: skip
    source = tmp_path / "project-1.json"
    source.write_text(json.dumps(tasks, indent=2), encoding="utf-8")
    db = tmp_path / "ls.db"
    assert import_file(db, source).exit_code == 0
    store = Store(db)
    [article] = store.articles.ids()
    assert store.articles.get(article).meta == {"source": "wire"}
    assert sorted((c.annotator, c.label, c.start, c.end) for c in store.claims.of_article(article)) == [
        ("ana", "QUANTITY", 0, 22),
        ("labelstudio-4", "EVENT", 23, 53),
    ]
    store.close()
    bad = tmp_path / "bad.json"
    tasks[0]["annotations"][0]["result"][0]["value"]["start"] = 1
    bad.write_text(json.dumps(tasks), encoding="utf-8")
    refused = import_file(tmp_path / "bad.db", bad)
    assert refused.exit_code == 1 and f"{bad}: task 1: region 'a1': text[1:22] is not its text" in refused.stderr
