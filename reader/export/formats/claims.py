"""Claims JSONL: one line per claim for verification work, with the sentence it sits in and its article."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import orjson

from reader.export.context import claims_by_article
from reader.export.records import Bundle, Job
from reader.export.writer import ExportReport, atomic_file
from reader.models import Link

if TYPE_CHECKING:
    from reader.store.rows import ClaimRow


def export(job: Job) -> ExportReport:
    """Write one record per kept claim, in article then text order."""
    report = ExportReport()
    dumps, newline = orjson.dumps, orjson.OPT_APPEND_NEWLINE
    with atomic_file(job.target, json=True, keep=job.keep) as out:
        for bundle, claims in claims_by_article(job):
            article = article_fields(bundle)
            out.write(b"".join(dumps(claim_record(bundle, *found, article), option=newline) for found in claims))
            report.records += len(claims)
    report.spans = report.records
    return report


def article_fields(bundle: Bundle) -> dict[str, Any]:
    """The article's provenance, shared by all its claims' records."""
    meta = bundle.meta
    return {
        "article_id": bundle.id,
        "title": bundle.title,
        "source": meta.get("source"),
        "url": meta.get("url"),
        "published": meta.get("published"),
    }


def claim_record(
    bundle: Bundle, claim: ClaimRow, text: str, context: tuple[int, int], article: dict[str, Any]
) -> dict[str, Any]:
    """The claim's own fields, its context sentence (with where it starts) and its article's provenance."""
    claim_id = claim.id
    return {
        "id": claim_id,
        "text": text,
        "label": claim.label,
        "confidence": claim.confidence,
        "annotator": claim.annotator,
        "speaker": claim.speaker,
        "checkworthy": bool(claim.checkworthy),
        "hedged": bool(claim.hedged),
        "note": claim.note,
        "origin": claim.origin,
        "adjudicated_by": claim.adjudicated_by,
        "created_at": claim.created_at,
        "updated_at": claim.updated_at,
        "context": bundle.text[context[0] : context[1]],
        "start": claim.start,
        "end": claim.end,
        "context_start": context[0],
        "offset_unit": "codepoint",
        "related_claims": related_claims(claim_id, bundle.links_of(claim_id)) if claim_id in bundle.links else [],
        **article,
    }


def related_claims(claim_id: str, links: list[Link]) -> list[dict[str, Any]]:
    """The claims linked to this one, with the relation and which way it points (a refines b: out from a)."""
    return [
        {
            "claim": link.other(claim_id),
            "relation": link.relation,
            "direction": "out" if link.claim_a == claim_id else "in",
            "annotator": link.annotator,
            "link_id": link.id,
        }
        for link in links
    ]
