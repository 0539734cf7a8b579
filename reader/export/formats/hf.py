"""Hugging Face token classification: a row per sentence window of each annotator's article, tokens and IOB2
`ner_tags`, tag names beside it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson

from reader.export.records import Job
from reader.export.tokens import iob_tags, tag_names, token_docs, window_tags, windows
from reader.export.writer import ExportError, ExportReport, atomic_file

LABELS_SUFFIX = ".labels.json"


def labels_path(target: str) -> Path:
    """Where the tag names of an export to `target` go: its full name plus `.labels.json`, unique per output file."""
    path = Path(target)
    return path.with_name(path.name + LABELS_SUFFIX)


def export(job: Job) -> ExportReport:
    """Write the rows to the target and the tag names (and datasets features) to `<output name>.labels.json`."""
    if job.target.endswith(LABELS_SUFFIX):
        raise ExportError(f"{job.target}: names a labels file of another export; choose another -o")
    report = ExportReport()
    names = tag_names(job.store.schema.label_names)
    ids = {name: i for i, name in enumerate(names)}
    with atomic_file(job.target, json=True, keep=job.keep) as out:
        for doc in token_docs(job, report):
            for annotator, placed in doc.groups(job.pooled):
                kept = doc.kept(placed, job.overlap, report)
                report.spans += len(kept)
                tags = iob_tags(len(doc.tokens.spans), kept)
                prefix = doc.bundle.id if annotator is None else f"{doc.bundle.id}/{annotator}"
                for number, window in enumerate(windows(doc, kept, job.max_tokens, report, pack=True)):
                    row = {
                        "id": f"{prefix}/{number}",
                        "article_id": doc.bundle.id,
                        "annotator": annotator,
                        "tokens": [doc.tokens.word(i) for i in window],
                        "ner_tags": [ids[tag] for tag in window_tags(tags, window)],
                    }
                    out.write(orjson.dumps(row, option=orjson.OPT_APPEND_NEWLINE))
                    report.records += 1
        out.flush()  # a full disk fails here, before the labels file is in place
        with atomic_file(str(labels_path(job.target)), json=True, keep=job.keep) as labels:
            labels.write(orjson.dumps(labels_file(names, job, report), option=orjson.OPT_INDENT_2))
    return report


def labels_file(names: list[str], job: Job, report: ExportReport) -> dict[str, Any]:
    """Tag names, the `datasets` Features of the rows, and how the rows were made: overlaps resolved, claims off token
    boundaries handled, windows cut, annotators kept apart or pooled."""
    return {
        "names": names,
        "features": {
            "id": {"dtype": "string", "_type": "Value"},
            "article_id": {"dtype": "string", "_type": "Value"},
            "annotator": {"dtype": "string", "_type": "Value"},
            "tokens": {"feature": {"dtype": "string", "_type": "Value"}, "_type": "Sequence"},
            "ner_tags": {"feature": {"names": names, "_type": "ClassLabel"}, "_type": "Sequence"},
        },
        "overlap": {"policy": job.overlap, "dropped": report.overlaps_dropped},
        "misaligned": {"policy": job.misaligned, "moved": len(report.moved), "left_out": len(report.misaligned)},
        "max_tokens": job.max_tokens,
        "annotators": "pooled" if job.pooled else "one row per annotator",
    }
