"""Claims export: one record per claim with its context sentence and article provenance."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.models import ClaimFields
from reader.store import Store
from tests.export.helpers import annotate, export


@pytest.fixture
def annotated(seeded: Store, db_path: Path) -> tuple[Path, list[str], Store]:
    ids = annotate(seeded)
    return db_path, ids, seeded


def records(db: Path, fmt: str) -> list[dict]:
    result = export(db, "--format", fmt)
    assert result.exit_code == 0, result.output
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
