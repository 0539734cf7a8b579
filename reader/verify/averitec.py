"""AVeriTeC records in and out: a file's record validated into a verification's record, and a stored record written
back with every field in AVeriTeC's order, keys the source lacked left out, so a round trip gives equal records."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from reader.verify.models import Question, Record, Strict
from reader.verify.vocab import RECORD_KEYS


class FileRecord(Strict):
    """One record of an AVeriTeC file (its data/dev.json shape): every key optional but the claim, none unknown."""

    claim: str
    required_reannotation: bool = False
    label: str | None = None
    justification: str | None = None
    claim_date: str | None = None
    speaker: str | None = None
    original_claim_url: str | None = None
    fact_checking_article: str | None = None
    reporting_source: str | None = None
    location_ISO_code: str | None = None
    claim_types: list[str] = Field(default_factory=list)
    fact_checking_strategies: list[str] = Field(default_factory=list)
    questions: list[Question] = Field(default_factory=list)
    cached_original_claim_url: str | None = None


FIELDS = {"claim": "normalized_claim", "fact_checking_strategies": "strategies", "questions": "questions"}
"""AVeriTeC keys whose record field has another name (the label is the verdict's, kept outside the record)."""


def record_of(found: FileRecord, keys: list[str]) -> Record:
    """The verification record of an AVeriTeC record whose file had `keys`: every field kept as it was."""
    data = found.model_dump(exclude={"label"})
    fields = {FIELDS.get(key, key): value for key, value in data.items()}
    fields["absent"] = [key for key in RECORD_KEYS if key not in keys]
    return Record.model_validate(fields)


def averitec_record(body: dict[str, Any], label: str | None) -> dict[str, Any]:
    """A stored record (its JSON `body`, parsed) as an AVeriTeC record with AVeriTeC label `label`; fast, as exports
    write thousands: no model is built."""
    absent = body["absent"]
    values = {
        "claim": body["normalized_claim"],
        "required_reannotation": body["required_reannotation"],
        "label": label,
        "justification": body["justification"],
        "claim_date": body["claim_date"],
        "speaker": body["speaker"],
        "original_claim_url": body["original_claim_url"],
        "fact_checking_article": body["fact_checking_article"],
        "reporting_source": body["reporting_source"],
        "location_ISO_code": body["location_ISO_code"],
        "claim_types": body["claim_types"],
        "fact_checking_strategies": body["strategies"],
        "questions": [
            {"question": item["question"], "answers": [answer_record(answer) for answer in item["answers"]]}
            for item in body["questions"]
        ],
        "cached_original_claim_url": body["cached_original_claim_url"],
    }
    if not absent:
        return values
    return {key: value for key, value in values.items() if key not in absent or value not in (None, [], False)}


def answer_record(answer: dict[str, Any]) -> dict[str, Any]:
    """An answer in AVeriTeC's key order: the explanation only on a Boolean answer, the cached URL only if kept."""
    found = {
        "answer": answer["answer"],
        "answer_type": answer["answer_type"],
        "source_url": answer["source_url"],
        "source_medium": answer["source_medium"],
    }
    if answer["boolean_explanation"] is not None:
        found["boolean_explanation"] = answer["boolean_explanation"]
    if answer["cached_source_url"] is not None:
        found["cached_source_url"] = answer["cached_source_url"]
    return found
