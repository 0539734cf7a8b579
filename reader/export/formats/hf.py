"""Hugging Face token classification: one row per article with tokens and IOB2 `ner_tags`, tag names beside it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson

from reader.export.records import Job
from reader.export.tokens import tag_names, token_docs
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
        for bundle, doc in token_docs(job, report):
            report.spans += len(doc.kept)
            keep = doc.tokens.content()
            tags = doc.tags()
            row = {
                "id": bundle.id,
                "tokens": [doc.tokens.word(i) for i in keep],
                "ner_tags": [ids[tags[i]] for i in keep],
            }
            out.write(orjson.dumps(row, option=orjson.OPT_APPEND_NEWLINE))
            report.records += 1
        out.flush()  # a full disk fails here, before the labels file is in place
        with atomic_file(str(labels_path(job.target)), json=True, keep=job.keep) as labels:
            labels.write(
                orjson.dumps(labels_file(names, job.overlap, report.overlaps_dropped), option=orjson.OPT_INDENT_2)
            )
    return report


def labels_file(names: list[str], policy: str, dropped: int) -> dict[str, Any]:
    """Tag names, the `datasets` Features of the rows, and how overlaps were resolved."""
    return {
        "names": names,
        "features": {
            "id": {"dtype": "string", "_type": "Value"},
            "tokens": {"feature": {"dtype": "string", "_type": "Value"}, "_type": "Sequence"},
            "ner_tags": {"feature": {"names": names, "_type": "ClassLabel"}, "_type": "Sequence"},
        },
        "overlap": {"policy": policy, "dropped": dropped},
    }
