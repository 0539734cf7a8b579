"""AVeriTeC's and FEVER's vocabularies as their files spell them, and the order AVeriTeC's annotation tool lists them
in, so records we write hold only values their tools know."""

from __future__ import annotations

AVERITEC_LABELS = ("Supported", "Refuted", "Not Enough Evidence", "Conflicting Evidence/Cherrypicking")
"""AVeriTeC's four verdicts, the default verdict set."""
FEVER_LABELS = ("SUPPORTS", "REFUTES", "NOT ENOUGH INFO")
"""FEVER's three classes; the scorer treats only NOT ENOUGH INFO specially (its evidence is never scored)."""
FEVER_NEI = "NOT ENOUGH INFO"
AVERITEC_TO_FEVER = {
    "Supported": "SUPPORTS",
    "Refuted": "REFUTES",
    "Not Enough Evidence": FEVER_NEI,
    "Conflicting Evidence/Cherrypicking": FEVER_NEI,
}
"""Conflicting evidence supports neither side: FEVER has no such class, and public 4-to-3 mappings send it to NEI."""
FEVER_TO_AVERITEC = {"SUPPORTS": "Supported", "REFUTES": "Refuted", FEVER_NEI: "Not Enough Evidence"}

ANSWER_TYPES = ("Extractive", "Abstractive", "Boolean", "Unanswerable")
SOURCE_MEDIA = ("Web text", "Web table", "PDF", "Video", "Image/graphic", "Audio", "Metadata", "Other")
"""Where an answer was found; an Unanswerable answer has the empty medium."""
NO_ANSWER = "No answer could be found."
"""The answer text of every Unanswerable answer in AVeriTeC's data."""
CLAIM_TYPES = (
    "Speculative Claim",
    "Opinion Claim",
    "Causal Claim",
    "Position Statement",
    "Numerical Claim",
    "Quote Verification",
    "Event/Property Claim",
    "Publishing Claim",
    "Media Analysis Claim",
)
"""AVeriTeC's claim types in its annotation tool's order, which every list in its data follows."""
STRATEGIES = (
    "Written Evidence",
    "Numerical Comparison",
    "Consultation",
    "Satirical Source Identification",
    "Media Source Discovery",
    "Image Analysis",
    "Video Analysis",
    "Audio Analysis",
    "Geolocation",
    "Fact-checker Reference",
)
"""AVeriTeC's fact-checking strategies in its annotation tool's order."""

LABEL_TYPES = {
    "EVENT": "Event/Property Claim",
    "QUANTITY": "Numerical Claim",
    "CAUSAL": "Causal Claim",
    "POSITION": "Position Statement",
    "PREDICTION": "Speculative Claim",
}
"""The AVeriTeC claim type of a default label; RULE, PERSONAL, OTHER and custom labels take the broadest,
Event/Property Claim, since every record needs one."""
FALLBACK_TYPE = "Event/Property Claim"
TYPE_LABELS = {kind: label for label, kind in LABEL_TYPES.items()}
"""The label a claim imported with an AVeriTeC claim type gets (its first type that has one)."""

RECORD_KEYS = (
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
    "cached_original_claim_url",
)
"""An AVeriTeC record's keys in the order of its files (the cached URL last, as there, not as its README shows)."""


def in_tool_order(values: list[str], order: tuple[str, ...]) -> list[str]:
    """A new list of types or strategies in the annotation tool's order (values it does not know go last)."""
    return sorted(dict.fromkeys(values), key=lambda v: (order.index(v) if v in order else len(order), v))


VERIFICATION_COLUMNS = (
    "id",
    "claim_id",
    "article_id",
    "annotator",
    "verdict",
    "body",
    "source",
    "position",
    "adjudicated_by",
    "created_at",
    "updated_at",
)
"""The columns of the verifications table: the record lives in `body` as JSON, what queries filter on beside it."""
