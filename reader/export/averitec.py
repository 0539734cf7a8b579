"""AVeriTeC records: one claim per line in AVeriTeC's field names, verdict left empty, provenance kept apart."""

from __future__ import annotations

from datetime import date
from typing import Any

import orjson

from reader.export.claims import article_fields, claim_record
from reader.export.context import claims_in_context
from reader.export.records import Bundle, Job
from reader.export.writer import ExportReport, atomic_file

CLAIM_TYPES = {
    "EVENT": ["Event/Property Claim"],
    "QUANTITY": ["Numerical Claim"],
    "CAUSAL": ["Causal Claim"],
    "POSITION": ["Position Statement"],
    "RULE": ["Event/Property Claim"],
    "PERSONAL": ["Event/Property Claim"],
}
"""AVeriTeC claim types per default label; PREDICTION, OTHER and custom labels have no AVeriTeC counterpart."""


def export(job: Job) -> ExportReport:
    """Write one AVeriTeC record per kept claim."""
    report = ExportReport()
    with atomic_file(job.target) as out:
        for bundle, row, text, context in claims_in_context(job):
            out.write(orjson.dumps(averitec_record(bundle, row, text, context), option=orjson.OPT_APPEND_NEWLINE))
            report.records += 1
    report.spans = report.records
    return report


def averitec_record(bundle: Bundle, row: tuple[Any, ...], text: str, context: tuple[int, int]) -> dict[str, Any]:
    """AVeriTeC's keys filled from the claim and its article; our own record under `provenance`."""
    provenance = claim_record(bundle, row, text, context, article_fields(bundle))
    return {
        "claim": text, "required_reannotation": False, "label": None, "justification": None,
        "claim_date": averitec_date(provenance["published"]), "speaker": provenance["speaker"],
        "original_claim_url": provenance["url"], "fact_checking_article": None,
        "reporting_source": provenance["source"], "location_ISO_code": None,
        "claim_types": CLAIM_TYPES.get(provenance["label"], []), "fact_checking_strategies": [], "questions": [],
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
