"""Prodigy JSONL as `prodigy db-out` writes it: one task per (article, annotator), with tokens and token spans."""

from __future__ import annotations

import hashlib
import itertools
from datetime import datetime
from typing import TYPE_CHECKING, Any

import orjson

from reader.export.records import Bundle, Job, shared_meta
from reader.export.tokens import Aligner, Tokens, place
from reader.export.writer import ExportReport, atomic_file
from reader.tool_data import SPAN_PROVENANCE, SPAN_SOURCES, answer_refusal

if TYPE_CHECKING:
    from reader.store.rows import ClaimRow, ProgressMark

ACCEPT = "accept"


def export(job: Job) -> ExportReport:
    """Write one annotated task per annotator who worked on an article (claims, done, or an imported answer)."""
    report = ExportReport()
    with atomic_file(job.target, json=True, keep=job.keep) as out:
        for bundle in job.bundles(annotated_only=False):
            tokens = Tokens.of(bundle)
            token_rows = token_records(tokens)
            aligner = Aligner(tokens)
            for annotator, (claims, mark) in bundle.by_annotator().items():
                task = annotated_task(bundle, annotator, claims, mark, token_rows, aligner, job.misaligned, report)
                if task is not None:
                    out.write(orjson.dumps(task, option=orjson.OPT_APPEND_NEWLINE))
                    report.records += 1
    return report


def token_records(tokens: Tokens) -> list[dict[str, Any]]:
    """Prodigy's token dicts, whitespace tokens included; `ws` is spaCy's trailing space: words + ws rebuild the
    text."""
    text = tokens.text
    return [
        {"text": text[start:end], "start": start, "end": end, "id": i, "ws": ws}
        for i, ((start, end), ws) in enumerate(zip(tokens.spans, tokens.ws, strict=True))
    ]


def annotated_task(
    bundle: Bundle,
    annotator: str,
    claims: list[ClaimRow],
    mark: ProgressMark | None,
    token_rows: list[dict[str, Any]],
    aligner: Aligner,
    misaligned: str,
    report: ExportReport,
) -> dict[str, Any] | None:
    """The task of one annotator on one article, or None if they left no claim, done mark or answer."""
    stored = kept_answer(bundle, annotator, mark, report)
    if claims or (mark and mark.done):
        answer = ACCEPT
        spans = claim_spans(bundle, claims, aligner, misaligned, report, stored.get(SPAN_SOURCES, []))
    elif stored.get("answer"):
        answer, spans = stored["answer"], stored.get("spans", [])
    else:
        return None
    input_hash = stored.get("_input_hash", _hash32(bundle.text))
    task = {
        "text": bundle.text,
        "meta": shared_meta(bundle),
        "_input_hash": input_hash,
        "_task_hash": stored.get("_task_hash", _hash32(f"{input_hash}|{orjson.dumps(spans).decode()}")),
        "tokens": token_rows,
        "spans": spans,
        "_view_id": "spans_manual" if _overlapping(spans) else "ner_manual",
        "answer": answer,
        "_timestamp": stored["_timestamp"] if "_timestamp" in stored else _latest(claims),
        "_annotator_id": annotator,
        "_session_id": stored.get("_session_id", annotator),
    }
    if task["_timestamp"] is None:
        del task["_timestamp"]
    return task


def claim_spans(
    bundle: Bundle,
    claims: list[ClaimRow],
    aligner: Aligner,
    misaligned: str,
    report: ExportReport,
    sources: list[list[Any]],
) -> list[dict[str, Any]]:
    """Prodigy spans of the claims on token boundaries (widened or left out by the misaligned policy, and reported).

    A span imported with a pattern's `source` and `input_hash` gets them back.
    """
    origin = {
        (start, end, label): {key: extra[key] for key in SPAN_PROVENANCE if key in extra}
        for start, end, label, extra in sources
    }
    spans = [
        {
            "start": placed.start,
            "end": placed.end,
            "text": placed.text,
            "token_start": placed.first,
            "token_end": placed.stop - 1,
            "label": placed.claim.label,
            "confidence": placed.claim.confidence,
            **origin.get((placed.claim.start, placed.claim.end, placed.claim.label), {}),
        }
        for placed in place(bundle, claims, aligner, misaligned, report)
    ]
    report.spans += len(spans)
    return spans


def kept_answer(bundle: Bundle, annotator: str, mark: ProgressMark | None, report: ExportReport) -> dict[str, Any]:
    """The answer another tool gave that the annotator's progress keeps, checked again here (a database written by
    hand or by an older merge may hold anything): an invalid one is left out and reported, never written."""
    if mark is None or not mark.meta:
        return {}
    try:
        stored = orjson.loads(mark.meta)
    except orjson.JSONDecodeError:
        stored = None
    refusal = answer_refusal(stored, len(bundle.text))
    if refusal:
        report.left_out.append(f"{bundle.id}/{annotator}: {refusal}")
        return {}
    return stored


def _overlapping(spans: list[dict[str, Any]]) -> bool:
    """Whether any two spans overlap, which only `spans_manual` can show (checking neighbours in start order
    suffices)."""
    ordered = sorted((span["start"], span["end"]) for span in spans)
    return any(a[1] > b[0] for a, b in itertools.pairwise(ordered))


def _latest(claims: list[ClaimRow]) -> int | None:
    """Unix time of the annotator's latest claim made here (not imported), Prodigy's `_timestamp`; None if none was."""
    stamps = [claim.updated_at for claim in claims if claim.origin != "import"]
    return int(datetime.fromisoformat(max(stamps)).timestamp()) if stamps else None


def _hash32(value: str) -> int:
    """A stable signed 32-bit hash, the shape of Prodigy's hashes, for tasks that never had one."""
    return int.from_bytes(hashlib.blake2b(value.encode("utf-8"), digest_size=4).digest(), "big", signed=True)
