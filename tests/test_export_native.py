"""Native export: the fields and key order of formats.md, stable bytes, and import-then-export giving the same bytes."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from reader.store import Store

from export_helpers import annotate, export, import_file

SPAN_KEYS = ["id", "start", "end", "text", "label", "confidence", "annotator", "note", "speaker", "checkworthy",
             "hedged", "created_at", "updated_at", "origin", "adjudicated_by", "links"]


@pytest.fixture
def annotated_db(seeded: Store, db_path: Path) -> Path:
    annotate(seeded)
    seeded.close()
    return db_path


def lines(result) -> list[dict]:
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout_bytes.splitlines()]


def test_fields_and_key_order_follow_the_notes(annotated_db: Path) -> None:
    records = lines(export(annotated_db, "--format", "native"))
    assert len(records) == 5 and [r["id"] for r in records] == sorted(r["id"] for r in records)
    first = records[0]
    assert list(first) == ["id", "text", "offset_unit", "meta", "done_by", "spans"]
    assert first["offset_unit"] == "codepoint"
    assert list(first["meta"])[:5] == ["title", "source", "url", "published", "sha256"]
    assert first["meta"]["sha256"] == hashlib.sha256(first["text"].encode()).hexdigest()
    assert first["done_by"] == ["alice", "bob"]
    for span in first["spans"]:
        assert list(span) == SPAN_KEYS
        assert span["text"] == first["text"][span["start"]:span["end"]]
    order = [(s["start"], s["end"], s["id"]) for s in first["spans"]]
    assert order == sorted(order)
    gold = [s for s in first["spans"] if s["annotator"] == "gold"]
    assert len(gold) == 1 and gold[0]["adjudicated_by"] == "lead"
    alice = next(s for s in first["spans"] if s["annotator"] == "alice" and s["label"] == "EVENT")
    assert (alice["note"], alice["speaker"], alice["checkworthy"], alice["hedged"]) == ("lead\tparagraph", "Pentagon", True, False)


def test_done_without_claims_and_unannotated_articles_travel_too(annotated_db: Path) -> None:
    records = lines(export(annotated_db, "--format", "native"))
    carol = records[2]
    assert carol["done_by"] == ["carol"] and carol["spans"] == []
    assert records[3]["done_by"] == [] and records[3]["spans"] == []


def test_same_bytes_across_runs(annotated_db: Path, tmp_path: Path) -> None:
    for name in ("a.jsonl", "b.jsonl"):
        assert export(annotated_db, "--format", "native", "-o", str(tmp_path / name)).exit_code == 0
    assert (tmp_path / "a.jsonl").read_bytes() == (tmp_path / "b.jsonl").read_bytes()


def test_import_into_an_empty_database_then_export_gives_the_same_bytes(annotated_db: Path, tmp_path: Path) -> None:
    first = tmp_path / "first.jsonl"
    assert export(annotated_db, "--format", "native", "-o", str(first)).exit_code == 0
    fresh = tmp_path / "fresh.db"
    result = import_file(fresh, first)
    assert result.exit_code == 0, result.output
    second = tmp_path / "second.jsonl"
    assert export(fresh, "--format", "native", "-o", str(second)).exit_code == 0
    assert second.read_bytes() == first.read_bytes()


def test_round_trip_keeps_a_custom_schema_and_unicode(tmp_path: Path) -> None:
    text = "Café 😀 owners said “Gucci” sold 5%."
    path = tmp_path / "u.jsonl"
    start = text.index("Gucci")
    path.write_text(json.dumps({"text": text, "spans": [{"start": start, "end": start + 5, "label": "FASHION_BRAND"}],
                                "_annotator_id": "zoe"}, ensure_ascii=False), encoding="utf-8")
    schema = Path(__file__).parent / "fixtures" / "fashion.toml"
    assert import_file(tmp_path / "u.db", path, schema=schema).exit_code == 0
    first = export(tmp_path / "u.db", "--format", "native")
    record = lines(first)[0]
    assert record["spans"][0]["text"] == "Gucci" and record["spans"][0]["start"] == start == 20
    (tmp_path / "n.jsonl").write_bytes(first.stdout_bytes)
    assert import_file(tmp_path / "v.db", tmp_path / "n.jsonl", schema=schema).exit_code == 0
    assert export(tmp_path / "v.db", "--format", "native").stdout_bytes == first.stdout_bytes
