"""Label Studio JSON: one task per article, each annotator's claims as one annotation (gold marked ground truth), the
cue rules' suggestions as predictions for pre-annotation, and the labeling config beside it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import quoteattr

import orjson

from reader.export.records import Bundle, Job, shared_meta
from reader.export.writer import ExportError, ExportReport, atomic_file, span_text
from reader.identity import GOLD

if TYPE_CHECKING:
    from reader.schema import Schema
    from reader.store.rows import ClaimRow, ProgressMark

CONFIG_SUFFIX = ".config.xml"
LABELS, CONFIDENCE, FLAGS, TEXT = "label", "confidence", "flags", "text"
"""The names the config gives its tags, which every region refers to."""
PREDICTIONS = "claim-reader cue rules"
"""The model_version of the predictions: the suggester's cue rules, a function of the text and the schema alone."""


def config_path(target: str) -> Path:
    """Where the labeling config of an export to `target` goes: its full name plus `.config.xml`."""
    path = Path(target)
    return path.with_name(path.name + CONFIG_SUFFIX)


def export(job: Job) -> ExportReport:
    """Write the tasks as one JSON array, a task per line, then the config a project needs to show them."""
    if job.target.endswith(CONFIG_SUFFIX):
        raise ExportError(f"{job.target}: names the config file of another export; choose another -o")
    from reader.suggest.suggester import cue_map, suggest

    report = ExportReport()
    schema = job.store.schema
    rules = cue_map(schema.labels)
    with atomic_file(job.target, json=True, keep=job.keep) as out:
        out.write(b"[")
        for number, bundle in enumerate(job.bundles(annotated_only=False), start=1):
            out.write(b",\n" if number > 1 else b"\n")
            predictions = [(s.start, s.end, s.label) for s in suggest(bundle.text, rules)]
            out.write(orjson.dumps(task(bundle, number, predictions, report)))
            report.records += 1
        out.write(b"\n]\n" if report.records else b"]\n")
        out.flush()
        with atomic_file(str(config_path(job.target)), keep=job.keep) as config_file:
            config_file.write(config(schema).encode("utf-8"))
    return report


def task(bundle: Bundle, number: int, predictions: list[tuple[int, int, str]], report: ExportReport) -> dict[str, Any]:
    """One article as a task: its text and provenance under `data`, an annotation per annotator who worked on it."""
    annotations: list[dict[str, Any]] = []
    for annotator, (claims, mark) in bundle.by_annotator().items():
        if claims or (mark and mark.done):
            annotations.append(annotation(bundle, number * 1000 + len(annotations), annotator, claims, mark))
            report.spans += len(claims)
    return {
        "id": number,
        "data": {TEXT: bundle.text, "article_id": bundle.id, "title": bundle.title, "meta": shared_meta(bundle)},
        "annotations": annotations,
        "predictions": [
            {
                "model_version": PREDICTIONS,
                "result": [
                    labels_region(f"s{n}", bundle.text, start, end, label)
                    for n, (start, end, label) in enumerate(predictions)
                ],
            }
        ]
        if predictions
        else [],
    }


def annotation(
    bundle: Bundle, number: int, annotator: str, claims: list[ClaimRow], mark: ProgressMark | None
) -> dict[str, Any]:
    """One annotator's claims as Label Studio regions: a labels region per claim, with its confidence and flags as
    per-region choices and its note as the region's text. `completed_by` is left out (Label Studio then credits the
    importing user, where a name it does not know is an error); the annotator's name travels as `annotator`, and
    whether they marked the article done as `done` (Label Studio ignores both)."""
    result: list[dict[str, Any]] = []
    for claim in claims:
        span_text(bundle.text, claim.start, claim.end, claim.id)
        region = labels_region(claim.id, bundle.text, claim.start, claim.end, claim.label)
        if claim.note:
            region["meta"] = {"text": [claim.note]}
        result.append(region)
        result.append(choices_region(claim, CONFIDENCE, [str(claim.confidence)], bundle.text))
        flags = [flag for flag in ("checkworthy", "hedged") if getattr(claim, flag)]
        if flags:
            result.append(choices_region(claim, FLAGS, flags, bundle.text))
    stamps = [claim.updated_at for claim in claims] + ([mark.updated_at] if mark and mark.updated_at else [])
    return {
        "id": number,
        "annotator": annotator,
        "result": result,
        "was_cancelled": False,
        "ground_truth": annotator == GOLD,
        "done": bool(mark and mark.done),
        "created_at": min(stamps, default=None),
        "updated_at": max(stamps, default=None),
    }


def labels_region(region_id: str, text: str, start: int, end: int, label: str) -> dict[str, Any]:
    """A span with its label: offsets in code points, as Label Studio's `<Text>` stores them."""
    return {
        "id": region_id,
        "from_name": LABELS,
        "to_name": TEXT,
        "type": "labels",
        "origin": "manual",
        "value": {"start": start, "end": end, "text": text[start:end], "labels": [label]},
    }


def choices_region(claim: ClaimRow, name: str, choices: list[str], text: str) -> dict[str, Any]:
    """A per-region choice (confidence, flags) on a claim's region: same id, same span."""
    return {
        "id": claim.id,
        "from_name": name,
        "to_name": TEXT,
        "type": "choices",
        "origin": "manual",
        "value": {"start": claim.start, "end": claim.end, "text": text[claim.start : claim.end], "choices": choices},
    }


def config(schema: Schema) -> str:
    """The labeling config: the schema's labels with their colours, the text, and per-region confidence and flags."""
    labels = "".join(
        f"    <Label value={quoteattr(label.name)} background={quoteattr(label.color)}/>\n" for label in schema.labels
    )
    levels = "".join(
        f"    <Choice value={quoteattr(str(level.value))} hint={quoteattr(level.name)}/>\n"
        for level in schema.confidence
    )
    return (
        "<View>\n"
        f'  <Labels name="{LABELS}" toName="{TEXT}">\n{labels}  </Labels>\n'
        f'  <Text name="{TEXT}" value="${TEXT}"/>\n'
        f'  <Choices name="{CONFIDENCE}" toName="{TEXT}" perRegion="true" choice="single" required="false">\n'
        f"{levels}  </Choices>\n"
        f'  <Choices name="{FLAGS}" toName="{TEXT}" perRegion="true" choice="multiple">\n'
        '    <Choice value="checkworthy"/>\n    <Choice value="hedged"/>\n  </Choices>\n'
        "</View>\n"
    )
