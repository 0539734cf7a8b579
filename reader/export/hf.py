"""Hugging Face token classification: one row per article with tokens and IOB2 `ner_tags`, tag names beside it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson

from reader.export.overlap import resolve
from reader.export.records import Job
from reader.export.tokens import Tokens, iob_tags, tag_names, token_ranges
from reader.export.writer import ExportReport, atomic_file


def export(job: Job) -> ExportReport:
    """Write the rows to the target and the tag names (and datasets features) to `<stem>.labels.json`."""
    report = ExportReport()
    names = tag_names(job.store.schema.label_names)
    ids = {name: i for i, name in enumerate(names)}
    target = Path(job.target)
    labels_path = target.with_name(f"{target.stem}.labels.json")
    with atomic_file(job.target) as out:
        for bundle in job.bundles(annotated_only=True):
            tokens = Tokens.of(bundle.text, bundle.meta)
            ranges, dropped = resolve(token_ranges(bundle, tokens, report), job.overlap, bundle.id)
            report.overlaps_dropped += dropped
            report.spans += len(ranges)
            keep = tokens.content()
            tags = iob_tags(len(tokens.spans), ranges)
            row = {"id": bundle.id, "tokens": [tokens.word(i) for i in keep],
                   "ner_tags": [ids[tags[i]] for i in keep]}
            out.write(orjson.dumps(row, option=orjson.OPT_APPEND_NEWLINE))
            report.records += 1
    with atomic_file(str(labels_path)) as out:
        out.write(orjson.dumps(labels_file(names, job.overlap, report.overlaps_dropped), option=orjson.OPT_INDENT_2))
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
