"""CSV for spreadsheets: one row per claim with the sentence it sits in and its article, UTF-8 with a byte-order mark
(so Excel reads it as UTF-8), and no cell a spreadsheet would run as a formula."""

from __future__ import annotations

import csv
import io
from typing import Any

from reader.export.context import claims_in_context
from reader.export.formats.claims import article_fields, claim_record
from reader.export.records import Job
from reader.export.writer import ExportReport, atomic_file

COLUMNS = (
    "article_id",
    "title",
    "annotator",
    "label",
    "confidence",
    "text",
    "context",
    "start",
    "end",
    "context_start",
    "speaker",
    "checkworthy",
    "hedged",
    "note",
    "id",
    "origin",
    "adjudicated_by",
    "created_at",
    "updated_at",
    "source",
    "url",
    "published",
)
"""The columns, what a reader scans first on the left; offsets are code points into the article text."""
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet read a cell as a formula (OWASP's list): such a cell gets a leading apostrophe, which
spreadsheets take as "text", so a title such as `=HYPERLINK(...)` is shown, never run."""
BOM = "\ufeff"


def export(job: Job) -> ExportReport:
    """Write the header, then one row per kept claim in article then text order."""
    report = ExportReport()
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    article: dict[str, Any] = {}
    with atomic_file(job.target, keep=job.keep) as out:
        writer.writerow(COLUMNS)
        out.write((BOM + buffer.getvalue()).encode("utf-8"))
        for bundle, claim, text, context in claims_in_context(job):
            if article.get("article_id") != bundle.id:
                article = article_fields(bundle)
            record = claim_record(bundle, claim, text, context, article)
            buffer.seek(0)
            buffer.truncate()
            writer.writerow([cell(record[column]) for column in COLUMNS])
            out.write(buffer.getvalue().encode("utf-8"))
            report.records += 1
    report.spans = report.records
    return report


def cell(value: Any) -> Any:
    """A value as a spreadsheet cell: flags as 0/1, nothing as empty, text that would start a formula made inert."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return "" if value is None else value
