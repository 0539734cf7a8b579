"""A claim's verification before anyone wrote it: the normalized claim made from the span, its speaker and the
article's date, and the record's fields the article already knows."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from reader.verify.models import Record, Verification, claim_date_text
from reader.verify.vocab import FALLBACK_TYPE, LABEL_TYPES

_SPACES = re.compile(r"\s+")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
"""Month abbreviations spelled here, not by the locale, so every machine writes the same claim."""


def published_date(meta: dict[str, Any]) -> date | None:
    """The article's publication date from its meta (ISO, perhaps with a time), or None."""
    published = meta.get("published")
    if not isinstance(published, str):
        return None
    try:
        return date.fromisoformat(published[:10])
    except ValueError:
        return None


def normalized_claim(span: str, speaker: str | None, day: date | None) -> str:
    """A self-contained statement of the claim: its words on one line, then who said it and when, as in "North Korea
    sent about 10,000 troops to Russia (Pentagon, Oct 2024)"."""
    text = _SPACES.sub(" ", span).strip()
    if text.endswith(".") and not text.endswith(".."):
        text = text[:-1]
    context = [part for part in (speaker and speaker.strip(), day and f"{MONTHS[day.month - 1]} {day.year}") if part]
    return f"{text} ({', '.join(context)})" if context else text


def draft(
    claim_id: str, article_id: str, annotator: str, span: str, label: str, speaker: str | None, meta: dict[str, Any]
) -> Verification:
    """The verification an annotator starts from on a claim: nothing decided, everything the claim and its article
    say filled in."""
    day = published_date(meta)
    record = Record(
        normalized_claim=normalized_claim(span, speaker, day),
        claim_date=claim_date_text(day) if day else None,
        speaker=speaker,
        claim_types=[LABEL_TYPES.get(label, FALLBACK_TYPE)],
        original_claim_url=_text(meta.get("url")),
        reporting_source=_text(meta.get("source")),
    )
    return Verification(claim_id=claim_id, article_id=article_id, annotator=annotator, record=record)


def _text(value: Any) -> str | None:
    """A meta value as text, if it is some."""
    return value if isinstance(value, str) and value else None
