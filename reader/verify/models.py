"""A verification as every boundary speaks it (the reader, import, export, merge): validated pydantic models, so a bad
answer, evidence item or date is caught where it enters."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

import orjson
from pydantic import ConfigDict, Field, field_validator, model_validator

from reader.models import Model, new_id, now
from reader.verify.vocab import VERIFICATION_COLUMNS

AnswerType = Literal["Extractive", "Abstractive", "Boolean", "Unanswerable"]


class Strict(Model):
    """A model that refuses keys it does not know and values of another type ("yes" for true): what we accept from a
    file we can give back whole."""

    model_config = ConfigDict(extra="forbid", strict=True, defer_build=True)


class Answer(Strict):
    """One answer to a question, as AVeriTeC records it; a Boolean answer says why in `boolean_explanation`."""

    answer: str
    answer_type: AnswerType
    source_url: str = ""
    source_medium: str = ""
    boolean_explanation: str | None = None
    cached_source_url: str | None = None
    """An archived copy of the source; None: the record has no such key."""

    @model_validator(mode="after")
    def _explained(self) -> Answer:
        if (self.answer_type == "Boolean") != (self.boolean_explanation is not None):
            raise ValueError(
                "a Boolean answer needs a boolean_explanation"
                if self.answer_type == "Boolean"
                else f"only a Boolean answer has a boolean_explanation, not an {self.answer_type} one"
            )
        return self


class Question(Strict):
    """A question asked to verify the claim, with the answers found."""

    question: str
    answers: list[Answer] = Field(default_factory=list)


class CorpusEvidence(Strict):
    """Evidence from the corpus: a span (a claim or a sentence) of another article, by its offsets and the index of
    its first sentence in that article's sentence split, with the claim and link made for it."""

    kind: Literal["corpus"] = "corpus"
    article_id: str
    start: int = Field(ge=0)
    end: int
    sentence: int = Field(ge=0)
    claim_id: str | None = None
    link_id: str | None = None

    @model_validator(mode="after")
    def _ordered(self) -> CorpusEvidence:
        if not self.start < self.end:
            raise ValueError(f"evidence span start {self.start} must be before end {self.end}")
        return self


class ExternalEvidence(Strict):
    """Evidence from outside the corpus: where it is, the passage that matters and its date."""

    kind: Literal["external"] = "external"
    url: str = Field(min_length=1)
    passage: str = ""
    date: str | None = None


Evidence = Annotated[CorpusEvidence | ExternalEvidence, Field(discriminator="kind")]


def parse_claim_date(value: str) -> date:
    """Read a claim date as AVeriTeC writes it (D-M-YYYY, e.g. 31-10-2020) or as ISO (2020-10-31)."""
    parts = value.split("-")
    if len(parts) != 3 or not all(part.isdigit() for part in parts):
        raise ValueError(f"claim date {value!r} is not D-M-YYYY (such as 31-10-2020)")
    if len(parts[0]) == 4:
        return date(int(parts[0]), int(parts[1]), int(parts[2]))
    return date(int(parts[2]), int(parts[1]), int(parts[0]))


def claim_date_text(day: date) -> str:
    """A date as AVeriTeC writes it: D-M-YYYY without zero padding."""
    return f"{day.day}-{day.month}-{day.year}"


class Record(Strict):
    """Everything of a verification but its owner and verdict: the AVeriTeC record's fields and the evidence."""

    normalized_claim: str
    """The claim as a self-contained statement: AVeriTeC's `claim` and FEVER's."""
    claim_date: str | None = None
    speaker: str | None = None
    justification: str | None = ""
    strategies: list[str] = Field(default_factory=list)
    claim_types: list[str] = Field(default_factory=list)
    questions: list[Question] = Field(default_factory=list)
    evidence: list[Evidence] = Field(default_factory=list)
    required_reannotation: bool = False
    original_claim_url: str | None = None
    cached_original_claim_url: str | None = None
    reporting_source: str | None = None
    location_ISO_code: str | None = None
    fact_checking_article: str | None = None
    absent: list[str] = Field(default_factory=list)
    """AVeriTeC keys the imported record did not have (which differs from null): left out again on export."""

    @field_validator("claim_date")
    @classmethod
    def _real_date(cls, value: str | None) -> str | None:
        if value is not None:
            parse_claim_date(value)
        return value


class Verification(Strict):
    """One annotator's verification of one claim (owner `gold` for the adjudicated one); imported records keep their
    file and position, so an export gives them back in order."""

    id: str = Field(default_factory=new_id)
    claim_id: str
    article_id: str
    annotator: str
    verdict: str | None = None
    record: Record
    source: str | None = None
    position: int | None = Field(default=None, ge=0)
    adjudicated_by: str | None = None
    created_at: str = Field(default_factory=now)
    updated_at: str = Field(default_factory=now)

    @property
    def verified(self) -> bool:
        """Whether it has a verdict (a verification being written may not yet)."""
        return self.verdict is not None


def record_json(record: Record) -> str:
    """A record as the `body` column holds it: compact JSON with sorted keys, the same bytes on every machine."""
    return orjson.dumps(record.model_dump(mode="json"), option=orjson.OPT_SORT_KEYS).decode()


def verification_row(verification: Verification) -> dict[str, Any]:
    """A verification as its table row, which its events carry whole."""
    row = verification.model_dump(exclude={"record"})
    row["body"] = record_json(verification.record)
    return {column: row[column] for column in VERIFICATION_COLUMNS}


def verification_from_row(row: dict[str, Any]) -> Verification:
    """Validate a table row (from this store, or another file's event) back into a Verification."""
    data = {key: value for key, value in row.items() if key != "body"}
    return Verification.model_validate({**data, "record": Record.model_validate_json(row["body"])})
