"""doccano JSONL (sequence labeling): one line per (article, annotator) with `label` triples in UTF-16 units (doccano's
browser counts them), and the same keys on every line (doccano's importer aborts on a key some lines lack)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import orjson

from reader.export.records import Bundle, Job, shared_meta
from reader.export.writer import ExportReport, atomic_file, span_text
from reader.text import Utf16

if TYPE_CHECKING:
    from reader.store.rows import ClaimRow


def export(job: Job) -> ExportReport:
    """Write one record per annotator who has claims on an article or marked it done."""
    report = ExportReport()
    with atomic_file(job.target, json=True, keep=job.keep) as out:
        for bundle in job.bundles(annotated_only=True):
            meta = shared_meta(bundle)
            for annotator, (claims, mark) in bundle.by_annotator().items():
                if claims or (mark and mark.done):
                    out.write(orjson.dumps(record(bundle, annotator, claims, meta), option=orjson.OPT_APPEND_NEWLINE))
                    report.records += 1
                    report.spans += len(claims)
    return report


def record(bundle: Bundle, annotator: str, claims: list[ClaimRow], meta: dict[str, Any]) -> dict[str, Any]:
    """doccano's fields (text, label in UTF-16 units, Comments), then the article id, who annotated and the article's
    metadata nested under one key: doccano keeps every other key as the example's meta, and writes a key `id` over
    its own example id on export, so the article id goes by another name."""
    units = Utf16(bundle.text)
    for claim in claims:
        span_text(bundle.text, claim.start, claim.end, claim.id)
    return {
        "text": bundle.text,
        "label": [[units.unit(claim.start), units.unit(claim.end), claim.label] for claim in claims],
        "Comments": [],
        "article_id": bundle.id,
        "annotator": annotator,
        "meta": meta,
    }
