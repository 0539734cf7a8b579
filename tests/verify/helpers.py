"""Shared set-up of the verification tests: the AVeriTeC sample, a seeded store with claims, verifying one."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from reader.models import Claim, ClaimFields
from reader.store import Store
from reader.verify.models import Answer, Question, Record, Verification
from tests.helpers import FIXTURES

SAMPLE = FIXTURES / "averitec" / "sample.json"


def sample() -> list[dict[str, Any]]:
    """The AVeriTeC sample's records, as its file holds them."""
    return json.loads(SAMPLE.read_text(encoding="utf-8"))


def sentence_claim(store: Store, article: int, sentence: int, annotator: str, label: str = "QUANTITY") -> Claim:
    """A claim of `annotator` on one sentence of one seed article (by their positions)."""
    article_id = store.articles.ids()[article]
    start, end = store.articles.sentences(article_id)[sentence]
    return store.claims.create(article_id, annotator, start, end, ClaimFields(label=label, confidence=3))


def verify(store: Store, claim: Claim, annotator: str, verdict: str | None, **record: Any) -> Verification:
    """Save `annotator`'s verification of a claim with one Boolean question."""
    fields: dict[str, Any] = {
        "normalized_claim": f"claim {claim.id[:6]}",
        "questions": [
            Question(
                question="Is it so?", answers=[Answer(answer="Yes", answer_type="Boolean", boolean_explanation="a")]
            )
        ],
        **record,
    }
    verification = Verification(
        claim_id=claim.id, article_id=claim.article_id, annotator=annotator, verdict=verdict, record=Record(**fields)
    )
    return store.verifications.save(annotator, verification)


def write(path: Path, records: list[dict[str, Any]]) -> Path:
    """Write records as AVeriTeC writes its files."""
    path.write_text(json.dumps(records, indent=4) + "\n", encoding="utf-8")
    return path
