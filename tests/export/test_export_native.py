"""Native export: the fields and key order of formats.md, stable bytes, and import-then-export giving the same bytes."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from reader.cli import cli
from reader.schema import load_schema
from reader.store import Store
from tests.export.helpers import annotate, export, import_file, native_articles
from tests.helpers import FIXTURES, peer_file

SPAN_KEYS = [
    "id",
    "start",
    "end",
    "text",
    "label",
    "confidence",
    "annotator",
    "note",
    "speaker",
    "checkworthy",
    "hedged",
    "created_at",
    "updated_at",
    "origin",
    "adjudicated_by",
    "links",
]


@pytest.fixture
def annotated_db(seeded: Store, db_path: Path) -> Path:
    annotate(seeded)
    seeded.close()
    return db_path


def lines(result) -> list[dict]:
    assert result.exit_code == 0, result.output
    return native_articles(result.stdout_bytes)


def test_fields_and_key_order_follow_the_notes(annotated_db: Path) -> None:
    records = lines(export(annotated_db, "--format", "native"))
    assert len(records) == 5 and [r["id"] for r in records] == sorted(r["id"] for r in records)
    first = records[0]
    assert list(first) == ["id", "text", "offset_unit", "meta", "done_by", "annotations", "spans"]
    assert first["offset_unit"] == "codepoint"
    assert list(first["meta"])[:5] == ["title", "source", "url", "published", "sha256"]
    assert first["meta"]["sha256"] == hashlib.sha256(first["text"].encode()).hexdigest()
    assert first["done_by"] == ["alice", "bob"]
    for span in first["spans"]:
        assert list(span) == SPAN_KEYS
        assert span["text"] == first["text"][span["start"] : span["end"]]
    order = [(s["start"], s["end"], s["id"]) for s in first["spans"]]
    assert order == sorted(order)
    gold = [s for s in first["spans"] if s["annotator"] == "gold"]
    assert len(gold) == 1 and gold[0]["adjudicated_by"] == "lead"
    alice = next(s for s in first["spans"] if s["annotator"] == "alice" and s["label"] == "EVENT")
    assert (alice["note"], alice["speaker"], alice["checkworthy"], alice["hedged"]) == (
        "lead\tparagraph",
        "Pentagon",
        True,
        False,
    )


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
    path.write_text(
        json.dumps(
            {
                "text": text,
                "spans": [{"start": start, "end": start + 5, "label": "FASHION_BRAND"}],
                "_annotator_id": "zoe",
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    schema = FIXTURES / "fashion.toml"
    assert import_file(tmp_path / "u.db", path, schema=schema).exit_code == 0
    first = export(tmp_path / "u.db", "--format", "native")
    record = lines(first)[0]
    assert record["spans"][0]["text"] == "Gucci" and record["spans"][0]["start"] == start == 20
    (tmp_path / "n.jsonl").write_bytes(first.stdout_bytes)
    assert import_file(tmp_path / "v.db", tmp_path / "n.jsonl", schema=schema).exit_code == 0
    assert export(tmp_path / "v.db", "--format", "native").stdout_bytes == first.stdout_bytes


def test_the_header_carries_the_schema_into_a_fresh_database(tmp_path: Path) -> None:
    """The Prodigy fashion file with its schema, out as native, into an empty db without --schema, out again."""
    fashion = FIXTURES / "fashion.toml"
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    imported = import_file(
        tmp_path / "a.db", peer_file("prodigy_fashion_brands_eval.jsonl"), "--as", "dataset", schema=fashion
    )
    assert imported.exit_code == 0, imported.output
    assert export(tmp_path / "a.db", "--format", "native", "-o", str(first)).exit_code == 0
    header = json.loads(first.read_bytes().splitlines()[0])
    assert header == {"format": "claim-reader native", "schema": load_schema(fashion).model_dump(mode="json")}
    result = import_file(tmp_path / "b.db", first)
    assert result.exit_code == 0, result.output
    assert Store(tmp_path / "b.db").schema == load_schema(fashion)
    assert export(tmp_path / "b.db", "--format", "native", "-o", str(second)).exit_code == 0
    assert second.read_bytes() == first.read_bytes()
    assert len(native_articles(first.read_bytes())) == 500


def test_schema_option_wins_over_the_header_and_a_bad_header_names_its_line(annotated_db: Path, tmp_path: Path) -> None:
    fashion = FIXTURES / "fashion.toml"
    out = tmp_path / "default.jsonl"
    assert export(annotated_db, "--format", "native", "-o", str(out)).exit_code == 0
    refused = import_file(tmp_path / "c.db", out, schema=fashion)
    assert refused.exit_code == 1 and f"{out}:2: unknown label" in refused.stderr
    header, *rest = out.read_bytes().splitlines()
    broken = tmp_path / "broken.jsonl"
    broken.write_bytes(b"\n".join([header.replace(b'"labels":[', b'"labels":[1,'), *rest]))
    bad = import_file(tmp_path / "d.db", broken)
    assert bad.exit_code == 1 and bad.stderr.startswith(
        f"claim-reader: error: {broken}:1: the header's schema is invalid"
    )
    assert not (tmp_path / "d.db").exists() or Store(tmp_path / "d.db").articles.ids() == []
    late = tmp_path / "late.jsonl"
    late.write_bytes(b"\n".join([rest[0], header]))
    assert (
        f"{late}:2: a native export's header belongs on the first line" in import_file(tmp_path / "e.db", late).stderr
    )


def test_old_native_files_without_a_header_still_import(annotated_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "all.jsonl"
    assert export(annotated_db, "--format", "native", "-o", str(out)).exit_code == 0
    headless = tmp_path / "old.jsonl"
    headless.write_bytes(b"\n".join(out.read_bytes().splitlines()[1:]) + b"\n")
    assert import_file(tmp_path / "f.db", headless).exit_code == 0
    assert export(tmp_path / "f.db", "--format", "native").stdout_bytes == out.read_bytes()


def test_a_header_replaces_a_schema_with_leads_only_for_a_lead(annotated_db: Path, tmp_path: Path) -> None:
    """The header goes through the store's schema rules: a non-lead cannot swap the team's schema by importing."""
    out = tmp_path / "default.jsonl"
    assert export(annotated_db, "--format", "native", "-o", str(out)).exit_code == 0
    team = (
        (FIXTURES / "fashion.toml")
        .read_text(encoding="utf-8")
        .replace('flags = ["checkworthy", "hedged"]', 'flags = ["checkworthy", "hedged"]\nleads = ["somebody-else"]')
    )
    (tmp_path / "team.toml").write_text(team, encoding="utf-8")
    db = tmp_path / "team.db"
    Store(db, schema=load_schema(tmp_path / "team.toml")).close()
    refused = CliRunner().invoke(cli, ["--db", str(db), "import", str(out)])  # as the OS account, not a lead
    assert refused.exit_code == 1
    assert f"{out}:1: the header's schema cannot be used" in refused.stderr and "only leads" in refused.stderr
    assert Store(db).schema == load_schema(tmp_path / "team.toml") and Store(db).articles.ids() == []
