"""Prodigy export: the real fashion-brands files round-trip, answers and sessions survive, tokens and views follow
db-out."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.models import ClaimFields
from reader.store import Store
from tests.export.helpers import annotate, export, import_file, native_articles
from tests.helpers import FIXTURES, peer_file

SCHEMA = FIXTURES / "fashion.toml"
SPAN_FIELDS = ("start", "end", "token_start", "token_end", "label")
TOKEN_FIELDS = ("text", "start", "end", "id")


def read(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.mark.parametrize("name", ["prodigy_fashion_brands_training.jsonl", "prodigy_fashion_brands_eval.jsonl"])
def test_fashion_file_round_trips(tmp_path: Path, name: str) -> None:
    db, out = tmp_path / "f.db", tmp_path / "out.jsonl"
    assert import_file(db, peer_file(name), "--as", "dataset", schema=SCHEMA).exit_code == 0
    result = export(db, "--format", "prodigy", "-o", str(out), schema=SCHEMA)
    assert result.exit_code == 0 and result.stderr == ""
    original = {task["text"]: task for task in read(peer_file(name))}
    exported = {task["text"]: task for task in read(out)}
    assert len(exported) == len(original) and exported.keys() == original.keys()
    spans = 0
    for text, before in original.items():
        after = exported[text]
        assert [tuple(s[k] for k in SPAN_FIELDS) for s in after["spans"]] == [
            tuple(s[k] for k in SPAN_FIELDS) for s in before["spans"]
        ]
        spans += len(after["spans"])
        assert after["answer"] == before["answer"] == "accept"
        assert after["_session_id"] == before["_session_id"] is None
        assert after["_annotator_id"] == "dataset" and "_annotator_id" not in before
        assert (after["_input_hash"], after["_task_hash"]) == (before["_input_hash"], before["_task_hash"])
        assert [tuple(t[k] for k in TOKEN_FIELDS) for t in after["tokens"]] == [
            tuple(t[k] for k in TOKEN_FIELDS) for t in before["tokens"]
        ]
        assert all(t["ws"] == text[t["end"] : t["end"] + 1].isspace() for t in after["tokens"])
        assert after["_view_id"] == "ner_manual" and after["meta"]["section"] == before["meta"]["section"]
        assert all(s["text"] == text[s["start"] : s["end"]] for s in after["spans"])
    assert spans == sum(len(task["spans"]) for task in original.values())
    if name.endswith("training.jsonl"):
        assert (len(exported), spans) == (1235, 527)


def test_answers_sessions_and_annotators_survive_including_reject_and_ignore(tmp_path: Path) -> None:
    text = "Loved my Gucci loafers, but Prada boots fell apart."
    tokens = [
        {"text": t, "start": text.index(t), "end": text.index(t) + len(t), "id": i}
        for i, t in enumerate(["Loved", "my", "Gucci", "loafers", ",", "but", "Prada", "boots", "fell", "apart", "."])
    ]
    gucci = {"start": 9, "end": 14, "token_start": 2, "token_end": 2, "label": "FASHION_BRAND"}
    prada = {"start": 28, "end": 33, "token_start": 6, "token_end": 6, "label": "FASHION_BRAND"}
    tasks = [
        {
            "text": text,
            "tokens": tokens,
            "spans": [gucci, prada],
            "answer": "accept",
            "_input_hash": 11,
            "_task_hash": 12,
            "_view_id": "ner_manual",
            "_annotator_id": "shoes-alice",
            "_session_id": "shoes-alice",
            "_timestamp": 1707211049,
        },
        {
            "text": text,
            "tokens": tokens,
            "spans": [prada],
            "answer": "reject",
            "_input_hash": 11,
            "_task_hash": 13,
            "_view_id": "ner_manual",
            "_annotator_id": "shoes-bob",
            "_session_id": "shoes-bob",
            "_timestamp": 1707211050,
        },
        {
            "text": text,
            "tokens": tokens,
            "spans": [],
            "answer": "ignore",
            "_input_hash": 11,
            "_task_hash": 14,
            "_view_id": "ner_manual",
            "_annotator_id": "shoes-carol",
            "_session_id": "shoes-carol",
            "_timestamp": 1707211051,
        },
    ]
    source = tmp_path / "shoes.jsonl"
    source.write_text("\n".join(json.dumps(task) for task in tasks), encoding="utf-8")
    db = tmp_path / "s.db"
    assert import_file(db, source, schema=SCHEMA).exit_code == 0
    exported = {
        t["_annotator_id"]: t
        for t in map(json.loads, export(db, "--format", "prodigy", schema=SCHEMA).stdout_bytes.splitlines())
    }
    assert sorted(exported) == ["shoes-alice", "shoes-bob", "shoes-carol"]
    for before in tasks:
        after = exported[before["_annotator_id"]]
        for key in ("answer", "_input_hash", "_task_hash", "_session_id", "_timestamp"):
            assert after[key] == before[key], key
        assert [{k: s[k] for k in SPAN_FIELDS} for s in after["spans"]] == before["spans"]
    (native,) = native_articles(export(db, "--format", "native", schema=SCHEMA).stdout_bytes)
    assert {s["annotator"] for s in native["spans"]} == {"shoes-alice"} and native["done_by"] == ["shoes-alice"]


def test_reader_annotations_get_tokens_views_and_misaligned_claims_widened(seeded: Store, db_path: Path) -> None:
    ids = annotate(seeded)
    text = seeded.articles.get(ids[1]).text
    seeded.claims.create(ids[1], "bob", 1, 7, ClaimFields(label="OTHER", confidence=1))  # starts inside a word
    seeded.close()
    result = export(db_path, "--format", "prodigy")
    assert result.exit_code == 0
    tasks = [json.loads(line) for line in result.stdout_bytes.splitlines()]
    assert [(t["_annotator_id"], t["answer"]) for t in tasks] == [
        ("alice", "accept"),
        ("bob", "accept"),
        ("gold", "accept"),
        ("alice", "accept"),
        ("bob", "accept"),
        ("carol", "accept"),
    ]
    first = tasks[0]
    assert first["_view_id"] == "ner_manual" and tasks[1]["_view_id"] == "ner_manual"
    assert all(isinstance(t["_input_hash"], int) and isinstance(t["_task_hash"], int) for t in tasks)
    assert all(-(2**31) <= t["_task_hash"] < 2**31 for t in tasks)
    for span in first["spans"]:
        tokens = first["tokens"]
        assert tokens[span["token_start"]]["start"] == span["start"] and tokens[span["token_end"]]["end"] == span["end"]
    widened = text.index(" ", 7)  # "In a bold": 1-7 starts inside "In" and ends inside "bold"
    assert [(s["start"], s["end"], s["text"], s["token_start"], s["token_end"]) for s in tasks[4]["spans"]] == [
        (0, widened, text[:widened], 0, 2)
    ]
    assert tasks[5]["spans"] == []
    assert "1 claim(s) widened to the whole tokens they touch (--misaligned expand" in result.stderr
    assert f"{ids[1]}:1-7 OTHER {text[1:7]!r}" in result.stderr
    skipped = export(db_path, "--format", "prodigy", "--misaligned", "skip")
    assert [json.loads(line)["spans"] for line in skipped.stdout_bytes.splitlines()][4] == []
    assert "1 claim(s) left out: they do not fall on token boundaries (--misaligned skip)" in skipped.stderr
    refused = export(db_path, "--format", "prodigy", "--misaligned", "error", "-o", str(db_path.parent / "p.jsonl"))
    assert refused.exit_code == 1 and not (db_path.parent / "p.jsonl").exists()
    assert f"{ids[1]}:1-7 OTHER {text[1:7]!r} does not fall on token boundaries" in refused.stderr


def test_overlapping_spans_use_spans_manual(seeded: Store, db_path: Path) -> None:
    ids = annotate(seeded)
    claims = seeded.claims.of_article(ids[0], ["alice"])
    seeded.claims.create(ids[0], "alice", claims[0].start, claims[1].end, ClaimFields(label="OTHER", confidence=2))
    seeded.close()
    tasks = [json.loads(line) for line in export(db_path, "--format", "prodigy").stdout_bytes.splitlines()]
    assert tasks[0]["_view_id"] == "spans_manual" and len(tasks[0]["spans"]) == 3


def test_tokens_follow_text_normalization_on_import(tmp_path: Path) -> None:
    raw = "Gucci  shoes\r\nby Prada"
    tokens = [
        {"text": "Gucci", "start": 0, "end": 5, "id": 0},
        {"text": "shoes", "start": 7, "end": 12, "id": 1},
        {"text": "\r\n", "start": 12, "end": 14, "id": 2},
        {"text": "by", "start": 14, "end": 16, "id": 3},
        {"text": "Prada", "start": 17, "end": 22, "id": 4},
    ]
    task = {
        "text": raw,
        "tokens": tokens,
        "answer": "accept",
        "spans": [{"start": 17, "end": 22, "token_start": 4, "token_end": 4, "label": "FASHION_BRAND"}],
    }
    source = tmp_path / "n.jsonl"
    source.write_text(json.dumps(task), encoding="utf-8")
    db = tmp_path / "n.db"
    assert import_file(db, source, schema=SCHEMA).exit_code == 0
    out = json.loads(export(db, "--format", "prodigy", schema=SCHEMA).stdout_bytes)
    assert out["text"] == "Gucci  shoes\nby Prada"
    assert [(t["text"], t["ws"]) for t in out["tokens"]] == [
        ("Gucci", True),
        (" ", False),
        ("shoes", False),
        ("\n", False),
        ("by", True),
        ("Prada", False),
    ]
    assert out["spans"][0] == {
        "start": 16,
        "end": 21,
        "text": "Prada",
        "token_start": 5,
        "token_end": 5,
        "label": "FASHION_BRAND",
        "confidence": 3,
    }


def test_native_carries_what_prodigy_needs_so_a_round_trip_gives_the_same_prodigy_bytes(
    seeded: Store, db_path: Path, tmp_path: Path
) -> None:
    """Through native into a fresh database, every _input_hash/_task_hash, the null _session_id and the patterns'
    source/input_hash came back changed or gone; now the Prodigy export is byte-identical."""
    name = "prodigy_fashion_brands_training.jsonl"
    schema = FIXTURES / "fashion.toml"
    db, fresh = tmp_path / "f.db", tmp_path / "fresh.db"
    raw = [json.loads(line) for line in peer_file(name).read_text(encoding="utf-8").splitlines()]
    raw[0]["_session_id"] = None
    raw[1]["answer"] = "reject"
    source = tmp_path / name
    source.write_text("".join(json.dumps(task) + "\n" for task in raw), encoding="utf-8")
    assert import_file(db, source, "--as", "dataset", schema=schema).exit_code == 0
    original = export(db, "--format", "prodigy", schema=schema).stdout_bytes
    native = tmp_path / "all.native.jsonl"
    assert export(db, "--format", "native", "-o", str(native)).exit_code == 0
    assert import_file(fresh, native).exit_code == 0
    assert export(fresh, "--format", "prodigy").stdout_bytes == original
    tasks = {task["text"]: task for task in map(json.loads, original.splitlines())}
    assert tasks[raw[0]["text"]]["_session_id"] is None and tasks[raw[1]["text"]]["answer"] == "reject"
    assert sum("source" in span for task in tasks.values() for span in task["spans"]) > 50
    ids = annotate(seeded)
    seeded.close()
    mine = export(db_path, "--format", "prodigy").stdout_bytes
    assert export(db_path, "--format", "native", "-o", str(tmp_path / "seeds.jsonl")).exit_code == 0
    assert import_file(tmp_path / "seeds.db", tmp_path / "seeds.jsonl").exit_code == 0
    assert export(tmp_path / "seeds.db", "--format", "prodigy").stdout_bytes == mine and ids
