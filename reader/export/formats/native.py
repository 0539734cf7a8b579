"""Native JSONL: our lossless format, a header with the schema then one line per article, byte-identical across runs."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import orjson

from reader.export.records import Bundle, Job, sha256
from reader.export.writer import ExportReport, atomic_file, span_text
from reader.models import NATIVE_FORMAT, Link

if TYPE_CHECKING:
    from reader.schema import Schema
    from reader.store.rows import ClaimRow

FIRST_META = ("title", "source", "url", "published", "sha256")


def export(job: Job) -> ExportReport:
    """Write the header, then every kept article (annotated or not: the corpus travels too), spans, done marks and
    verifications."""
    report = ExportReport()
    verifications = job.store.verifications.of_articles(job.flt)
    pending = next(verifications, None)
    with atomic_file(job.target, json=True, keep=job.keep) as out:
        out.write(orjson.dumps(header(job.store.schema), option=orjson.OPT_APPEND_NEWLINE))
        for bundle in job.bundles(annotated_only=False):
            record = article_record(bundle)
            while pending is not None and pending[0] < bundle.id:
                pending = next(verifications, None)
            if pending is not None and pending[0] == bundle.id:
                record["verifications"] = [verification_record(row) for row in pending[1]]
                pending = next(verifications, None)
            out.write(orjson.dumps(record, option=orjson.OPT_APPEND_NEWLINE))
            report.records += 1
            report.spans += len(bundle.claims)
    return report


def header(schema: Schema) -> dict[str, Any]:
    """The first line: which format this is and the label schema the spans were made with, so an import can bring it."""
    return {"format": NATIVE_FORMAT, "schema": schema.model_dump(mode="json")}


def article_record(bundle: Bundle) -> dict[str, Any]:
    """The native line of one article, keys in the documented order."""
    text, meta = bundle.text, bundle.meta
    head: dict[str, Any] = {
        "title": bundle.title,
        "source": meta.get("source"),
        "url": meta.get("url"),
        "published": meta.get("published"),
        "sha256": sha256(text),
    }
    head.update((key, value) for key, value in meta.items() if key not in FIRST_META)
    return {
        "id": bundle.id,
        "text": text,
        "offset_unit": "codepoint",
        "meta": head,
        "done_by": bundle.done_by,
        "annotations": {mark.annotator: orjson.loads(mark.meta) for mark in bundle.progress if mark.meta},
        "spans": span_records(text, bundle.claims, bundle.links),
    }


def span_records(text: str, claims: list[ClaimRow], links: dict[str, list[Link]]) -> list[dict[str, Any]]:
    """Every field of each claim, in the documented order (origin, adjudicated_by and its outgoing links last).

    The hot loop of the lossless export: one pass, no call per claim but for the rare one with links.
    """
    length = len(text)
    records = []
    for claim in claims:
        claim_id, start, end = claim.id, claim.start, claim.end
        if not 0 <= start < end <= length:
            span_text(text, start, end, claim_id)  # raises: the database is inconsistent
        records.append(
            {
                "id": claim_id,
                "start": start,
                "end": end,
                "text": text[start:end],
                "label": claim.label,
                "confidence": claim.confidence,
                "annotator": claim.annotator,
                "note": claim.note,
                "speaker": claim.speaker,
                "checkworthy": bool(claim.checkworthy),
                "hedged": bool(claim.hedged),
                "created_at": claim.created_at,
                "updated_at": claim.updated_at,
                "origin": claim.origin,
                "adjudicated_by": claim.adjudicated_by,
                "links": outgoing(claim_id, links[claim_id]) if claim_id in links else [],
            }
        )
    return records


def verification_record(row: dict[str, Any]) -> dict[str, Any]:
    """A verification as its native line carries it (its article is the line's): every column, the record parsed."""
    return {
        "id": row["id"],
        "claim_id": row["claim_id"],
        "annotator": row["annotator"],
        "verdict": row["verdict"],
        "record": orjson.loads(row["body"]),
        "source": row["source"],
        "position": row["position"],
        "adjudicated_by": row["adjudicated_by"],
        "created_at": row["created_at"],
        "updated_at": row["updated_at"],
    }


def outgoing(claim_id: str, links: list[Link]) -> list[dict[str, Any]]:
    """The links a claim points out from (it is claim_a), in id order so output is stable."""
    return [
        {
            "id": link.id,
            "to": link.claim_b,
            "relation": link.relation,
            "annotator": link.annotator,
            "created_at": link.created_at,
        }
        for link in sorted(links, key=lambda link: link.id)
        if link.claim_a == claim_id
    ]
