"""What the verification view's forms give, turned into the record's parts: an answer, the details, external
evidence; pure, so each rule (a Boolean answer says why, a date is a real one) is tested without a screen."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from reader.verify.models import Answer, ExternalEvidence, claim_date_text, parse_claim_date
from reader.verify.vocab import NO_ANSWER


class FormProblem(ValueError):
    """What is wrong with what a form holds, in one line for the form to show."""


def answer_from(values: dict[str, Any], cached: str | None = None) -> Answer:
    """An answer from the answer form's values; an Unanswerable one in AVeriTeC's own words when left empty.
    `cached` keeps an imported answer's archived URL."""
    kind = values["answer_type"]
    text = values["answer"]
    if kind == "Unanswerable":
        text = text or NO_ANSWER
    elif not text:
        raise FormProblem("write the answer (or choose Unanswerable)")
    explanation = values.get("boolean_explanation") or ""
    if kind == "Boolean" and not explanation:
        raise FormProblem("a Boolean answer says why: fill in the explanation")
    try:
        return Answer(
            answer=text,
            answer_type=kind,
            source_url=values["source_url"],
            source_medium=values["source_medium"],
            boolean_explanation=explanation if kind == "Boolean" else None,
            cached_source_url=cached,
        )
    except ValidationError as exc:
        raise FormProblem(exc.errors()[0]["msg"]) from None


def claim_date(value: str) -> str | None:
    """A claim date typed as D-M-YYYY or YYYY-MM-DD, as AVeriTeC writes it (None when left empty)."""
    if not value:
        return None
    try:
        return claim_date_text(parse_claim_date(value))
    except ValueError as exc:
        raise FormProblem(str(exc) if "D-M-YYYY" in str(exc) else f"claim date {value!r}: {exc}") from None


def details_from(values: dict[str, Any]) -> dict[str, Any]:
    """The record's fields the details form edits, each empty text as None."""
    return {
        "claim_date": claim_date(values["claim_date"]),
        "speaker": values["speaker"] or None,
        "claim_types": values["claim_types"],
        "strategies": values["strategies"],
        "original_claim_url": values["original_claim_url"] or None,
        "reporting_source": values["reporting_source"] or None,
        "location_ISO_code": values["location_ISO_code"] or None,
        "fact_checking_article": values["fact_checking_article"] or None,
        "required_reannotation": values["required_reannotation"],
    }


def external_from(values: dict[str, Any]) -> ExternalEvidence:
    """External evidence from its form: a URL is required, the passage and date are not."""
    if not values["url"]:
        raise FormProblem("give the evidence's URL")
    return ExternalEvidence(url=values["url"], passage=values["passage"], date=values["date"] or None)
