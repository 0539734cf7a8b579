"""AVeriTeC records: one JSON array like AVeriTeC's splits, a claim per element in its field names, verdict empty."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

import orjson

from reader.export.context import claims_in_context
from reader.export.formats.claims import article_fields, claim_record
from reader.export.records import Bundle, Job
from reader.export.writer import ExportReport, atomic_file

if TYPE_CHECKING:
    from reader.store.rows import ClaimRow

CLAIM_TYPES = {
    "EVENT": ["Event/Property Claim"],
    "QUANTITY": ["Numerical Claim"],
    "CAUSAL": ["Causal Claim"],
    "POSITION": ["Position Statement"],
    "RULE": ["Event/Property Claim"],
    "PERSONAL": ["Event/Property Claim"],
    "PREDICTION": ["Speculative Claim"],
}
"""AVeriTeC claim types per default label."""
FALLBACK_TYPES = ["Event/Property Claim"]
"""The type of OTHER and custom labels: AVeriTeC's broadest and largest class, since every record needs one."""


def export(job: Job) -> ExportReport:
    """Write one JSON array, streamed one record per line, that `json.load` reads as AVeriTeC's own files."""
    report = ExportReport()
    with atomic_file(job.target, json=True, keep=job.keep) as out:
        out.write(b"[")
        for bundle, claim, text, context in claims_in_context(job):
            out.write(b",\n" if report.records else b"\n")
            out.write(orjson.dumps(averitec_record(bundle, claim, text, context)))
            report.records += 1
        out.write(b"\n]\n" if report.records else b"]\n")
    report.spans = report.records
    return report


def averitec_record(bundle: Bundle, claim: ClaimRow, text: str, context: tuple[int, int]) -> dict[str, Any]:
    """AVeriTeC's keys filled from the claim and its article; our own record under `provenance`."""
    provenance = claim_record(bundle, claim, text, context, article_fields(bundle))
    return {
        "claim": text,
        "required_reannotation": False,
        "label": None,
        "justification": None,
        "claim_date": averitec_date(provenance["published"]),
        "speaker": provenance["speaker"],
        "original_claim_url": provenance["url"],
        "fact_checking_article": None,
        "reporting_source": provenance["source"],
        "location_ISO_code": None,
        "claim_types": CLAIM_TYPES.get(provenance["label"], FALLBACK_TYPES),
        "fact_checking_strategies": [],
        "questions": [],
        "provenance": provenance,
    }


def averitec_date(published: str | None) -> str | None:
    """AVeriTeC writes dates as D-M-YYYY (e.g. 31-10-2020); ours are ISO, sometimes with a time."""
    if not published:
        return None
    try:
        day = date.fromisoformat(published[:10])
    except ValueError:
        return None
    return f"{day.day}-{day.month}-{day.year}"
