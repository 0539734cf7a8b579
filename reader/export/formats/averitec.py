"""AVeriTeC: one JSON array as its data/dev.json, a record per verification in AVeriTeC's keys and order, imported
records first in their file's order, so its loaders and eval.py read the export whole."""

from __future__ import annotations

import orjson

from reader.export.records import Job
from reader.export.verified import unverified_note, verified
from reader.export.writer import ExportReport, atomic_file
from reader.verify.averitec import averitec_record


def export(job: Job) -> ExportReport:
    """Write one JSON array, streamed one record per line; verified claims only unless --unverified."""
    report = ExportReport()
    labels = {verdict.name: verdict.averitec for verdict in job.store.schema.verdicts}
    missing = 0
    with atomic_file(job.target, json=True, keep=job.keep) as out:
        out.write(b"[")
        for row, body in verified(job):
            label = labels[row.verdict] if row.verdict is not None else None
            missing += label is None
            out.write(b",\n" if report.records else b"\n")
            out.write(orjson.dumps(averitec_record(body, label)))
            report.records += 1
        out.write(b"\n]\n" if report.records else b"]\n")
    report.spans = report.records
    report.notes += unverified_note(missing, "their label is null, which AVeriTeC's loaders and eval.py refuse")
    return report
