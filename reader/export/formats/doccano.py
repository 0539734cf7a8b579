"""doccano JSONL (sequence labeling): one line per (article, annotator) with `label` triples and flat metadata."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import orjson

from reader.export.records import Bundle, Job, shared_meta
from reader.export.writer import ExportReport, atomic_file, span_text

if TYPE_CHECKING:
    from reader.store.rows import ClaimRow

RESERVED = ("id", "text", "label", "Comments", "annotator", "entities", "spans", "meta", "tokens", "offset_unit")
"""doccano's own keys and the keys our importer reads: metadata under these names would be misread, so it stays out."""


def export(job: Job) -> ExportReport:
    """Write one record per annotator who has claims on an article or marked it done."""
    report = ExportReport()
    with atomic_file(job.target, json=True, keep=job.keep) as out:
        for bundle in job.bundles(annotated_only=True):
            meta = {k: v for k, v in shared_meta(bundle).items() if k not in RESERVED}
            for annotator, (claims, mark) in bundle.by_annotator().items():
                if claims or (mark and mark.done):
                    out.write(orjson.dumps(record(bundle, annotator, claims, meta), option=orjson.OPT_APPEND_NEWLINE))
                    report.records += 1
                    report.spans += len(claims)
    return report


def record(bundle: Bundle, annotator: str, claims: list[ClaimRow], meta: dict[str, Any]) -> dict[str, Any]:
    """doccano's fields (id, text, label, Comments), then who annotated, then the article's metadata."""
    for claim in claims:
        span_text(bundle.text, claim.start, claim.end, claim.id)
    return {
        "id": bundle.id,
        "text": bundle.text,
        "label": [[claim.start, claim.end, claim.label] for claim in claims],
        "Comments": [],
        "annotator": annotator,
        **meta,
    }
