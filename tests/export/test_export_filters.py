"""Export filters: annotator, label, minimum confidence, done-only, gold and article, alone and combined."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.store import Store
from tests.export.helpers import annotate, export, native_articles


@pytest.fixture
def annotated(seeded: Store, db_path: Path) -> tuple[Path, list[str]]:
    ids = annotate(seeded)
    seeded.close()
    return db_path, ids


def claims(db: Path, *args: str) -> list[tuple[str, str, int]]:
    result = export(db, "--format", "claims", *args)
    assert result.exit_code == 0, result.output
    return sorted(
        (r["annotator"], r["label"], r["confidence"]) for r in map(json.loads, result.stdout_bytes.splitlines())
    )


def native(db: Path, *args: str) -> list[dict]:
    result = export(db, "--format", "native", *args)
    assert result.exit_code == 0, result.output
    return native_articles(result.stdout_bytes)


def test_no_filter_keeps_everything(annotated) -> None:
    db, _ = annotated
    assert len(claims(db)) == 5


def test_annotator_is_repeatable_and_filters_done_marks_too(annotated) -> None:
    db, _ = annotated
    assert {a for a, _, _ in claims(db, "--annotator", "alice", "--annotator", "bob")} == {"alice", "bob"}
    records = native(db, "--annotator", "bob")
    assert records[0]["done_by"] == ["bob"] and {s["annotator"] for s in records[0]["spans"]} == {"bob"}
    assert all(not r["spans"] for r in records[1:])


def test_label_and_min_confidence(annotated) -> None:
    db, _ = annotated
    assert claims(db, "--label", "QUANTITY") == [("alice", "QUANTITY", 1), ("bob", "QUANTITY", 2)]
    assert claims(db, "--label", "QUANTITY", "--label", "POSITION", "--min-confidence", "2") == [
        ("alice", "POSITION", 2),
        ("bob", "QUANTITY", 2),
    ]


def test_done_only_keeps_work_its_annotator_finished(annotated) -> None:
    db, ids = annotated
    store = Store(db)
    store.progress.set_done(ids[0], "bob", False)
    store.close()
    assert {a for a, _, _ in claims(db, "--done-only")} == {"alice"}
    records = native(db, "--done-only")
    assert [r["id"] for r in records] == ids[:3]
    assert [r["done_by"] for r in records] == [["alice"], ["alice"], ["carol"]]


def test_gold_keeps_adjudicated_claims_only(annotated) -> None:
    db, _ = annotated
    assert claims(db, "--gold") == [("gold", "EVENT", 3)]


def test_gold_before_any_adjudication_warns(seeded: Store, db_path: Path) -> None:
    seeded.close()
    result = export(db_path, "--format", "claims", "--gold")
    assert result.exit_code == 0 and result.stdout_bytes == b""
    assert "no gold (adjudicated) claims yet" in result.stderr


def test_article_is_repeatable(annotated) -> None:
    db, ids = annotated
    records = native(db, "--article", ids[1], "--article", ids[2])
    assert [r["id"] for r in records] == ids[1:3]
    assert claims(db, "--article", ids[1]) == [("alice", "POSITION", 2)]
