"""Claims and AVeriTeC exports: one record per claim with its context sentence, article provenance and AVeriTeC
names."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.export.formats.averitec import averitec_date
from reader.models import ClaimFields
from reader.store import Store
from tests.export.helpers import annotate, export

AVERITEC_KEYS = [
    "claim",
    "required_reannotation",
    "label",
    "justification",
    "claim_date",
    "speaker",
    "original_claim_url",
    "fact_checking_article",
    "reporting_source",
    "location_ISO_code",
    "claim_types",
    "fact_checking_strategies",
    "questions",
]


@pytest.fixture
def annotated(seeded: Store, db_path: Path) -> tuple[Path, list[str], Store]:
    ids = annotate(seeded)
    return db_path, ids, seeded


def records(db: Path, fmt: str) -> list[dict]:
    result = export(db, "--format", fmt)
    assert result.exit_code == 0, result.output
    if fmt == "averitec":
        return json.loads(result.stdout_bytes)
    return [json.loads(line) for line in result.stdout_bytes.splitlines()]


def test_claims_carry_text_context_flags_and_article(annotated) -> None:
    db, ids, store = annotated
    article = store.articles.get(ids[0])
    rows = records(db, "claims")
    assert len(rows) == 5
    alice = next(r for r in rows if r["annotator"] == "alice" and r["label"] == "EVENT")
    assert alice["text"] == article.text[alice["start"] : alice["end"]]
    assert alice["context"] == alice["text"]  # the claim is a whole sentence
    assert (alice["speaker"], alice["checkworthy"], alice["hedged"], alice["confidence"]) == (
        "Pentagon",
        True,
        False,
        3,
    )
    assert (alice["article_id"], alice["title"], alice["offset_unit"]) == (ids[0], article.title, "codepoint")
    assert {"source", "url", "published", "note", "adjudicated_by", "context_start"} <= set(alice)
    bob = next(r for r in rows if r["annotator"] == "bob")
    assert bob["context"] == alice["context"] and bob["context_start"] == alice["start"]
    context = bob["context"]
    assert context[bob["start"] - bob["context_start"] : bob["end"] - bob["context_start"]] == bob["text"]


def test_context_covers_a_claim_across_sentences(annotated) -> None:
    db, ids, store = annotated
    second = store.claims.of_article(ids[1])[0]
    text = store.articles.get(ids[1]).text
    following = store.articles.sentences(ids[1])[1]
    store.claims.create(ids[1], "dora", second.end - 5, following[0] + 3, ClaimFields(label="OTHER", confidence=1))
    row = next(r for r in records(db, "claims") if r["annotator"] == "dora")
    assert row["context"] == text[second.start : following[1]]


def test_averitec_names_empty_verdict_and_provenance(annotated) -> None:
    db, ids, store = annotated
    rows = records(db, "averitec")
    assert len(rows) == 5
    for row in rows:
        assert list(row) == [*AVERITEC_KEYS, "provenance"]
        assert row["label"] is None and row["questions"] == [] and row["required_reannotation"] is False
        assert row["claim"] == row["provenance"]["text"]
    quantity = next(
        r for r in rows if r["provenance"]["label"] == "QUANTITY" and r["provenance"]["annotator"] == "alice"
    )
    assert quantity["claim_types"] == ["Numerical Claim"]
    event = next(r for r in rows if r["provenance"]["label"] == "EVENT" and r["provenance"]["annotator"] == "alice")
    assert event["speaker"] == "Pentagon" and event["claim_types"] == ["Event/Property Claim"]
    dated = next(a for a in ids if store.articles.get(a).meta.get("published"))
    published = store.articles.get(dated).meta["published"]
    store.claims.create(dated, "erin", 0, 5, ClaimFields(label="PREDICTION", confidence=2))
    erin = next(r for r in records(db, "averitec") if r["provenance"]["annotator"] == "erin")
    assert erin["claim_date"] == averitec_date(published) and erin["claim_types"] == ["Speculative Claim"]
    assert {"article_id", "start", "end", "annotator", "confidence", "context"} <= set(erin["provenance"])


@pytest.mark.parametrize(
    ("iso", "expected"),
    [
        ("2024-11-24T22:33", "24-11-2024"),
        ("2020-10-31", "31-10-2020"),
        ("2020-08-05", "5-8-2020"),
        (None, None),
        ("yesterday", None),
    ],
)
def test_averitec_dates(iso: str | None, expected: str | None) -> None:
    assert averitec_date(iso) == expected


def test_averitec_file_is_one_json_array_and_every_record_has_a_type(annotated, tmp_path: Path) -> None:
    db, ids, store = annotated
    store.claims.create(ids[1], "erin", 0, 5, ClaimFields(label="OTHER", confidence=2))
    out = tmp_path / "dev.json"
    assert export(db, "--format", "averitec", "-o", str(out)).exit_code == 0
    with out.open(encoding="utf-8") as handle:
        rows = json.load(handle)
    assert isinstance(rows, list) and len(rows) == 6
    assert all(row["claim_types"] for row in rows)
    other = next(row for row in rows if row["provenance"]["label"] == "OTHER")
    assert other["claim_types"] == ["Event/Property Claim"]
    empty = export(db, "--format", "averitec", "--label", "RULE")
    assert json.loads(empty.stdout_bytes) == []
