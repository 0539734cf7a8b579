"""What the verification formats (averitec, fever) walk: each kept verification's record, in export order, and for
claims nobody verified (with --unverified) the record a verifier would start from."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import orjson

from reader.export.records import Job
from reader.store.verifications import ExportVerification


def verified(job: Job) -> Iterator[tuple[ExportVerification, dict[str, Any]]]:
    """Every kept verification with its record (parsed), and with --unverified the drafts of the claims nobody kept
    verified."""
    article_id, meta, text = "", {}, ""
    for row in job.store.verifications.stream(job.flt, unverified=job.unverified):
        job.tick()
        if row.body is not None:
            yield row, orjson.loads(row.body)
            continue
        from reader.verify.prefill import draft

        if row.article_id != article_id:
            article = job.store.articles.get(row.article_id)
            article_id, meta, text = article.id, article.meta, article.text
        found = draft(row.claim_id, article_id, row.annotator, text[row.start : row.end], row.label, row.speaker, meta)
        yield row, found.record.model_dump(mode="json")


def unverified_note(count: int, what: str) -> list[str]:
    """The warning for records written without a verdict, if there are any."""
    if not count:
        return []
    return [f"{count} record(s) have no verdict (--unverified): {what}"]
