"""brat standoff: a folder per annotator of `.txt`/`.ann` pairs, plus the annotation.conf that declares labels."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from reader.export.records import Bundle, Job
from reader.export.writer import ExportReport, atomic_dir, span_text

if TYPE_CHECKING:
    from reader.store.rows import ClaimRow


def export(job: Job) -> ExportReport:
    """Write `<annotator>/<article id>.txt` and `.ann` for every annotator with claims, into a folder renamed at the
    end."""
    report = ExportReport()
    with atomic_dir(job.target) as folder:
        (folder / "annotation.conf").write_text(
            config(job.store.schema.label_names, job.store.schema.confidence_values), encoding="utf-8"
        )
        for bundle in job.bundles(annotated_only=True):
            for annotator, (claims, _) in bundle.by_annotator().items():
                if claims:
                    write_pair(folder / folder_name(annotator), bundle, claims)
                    report.records += 1
                    report.spans += len(claims)
    return report


def folder_name(annotator: str) -> str:
    """A folder name for an annotator that cannot escape the export folder."""
    name = re.sub(r"[^\w.-]", "_", annotator)
    return name if name.strip(".") else f"_{name}"


def write_pair(folder: Path, bundle: Bundle, claims: list[ClaimRow]) -> None:
    """Write one document's text exactly as stored and its standoff annotations."""
    folder.mkdir(exist_ok=True)
    (folder / f"{bundle.id}.txt").write_bytes(bundle.text.encode("utf-8"))
    (folder / f"{bundle.id}.ann").write_bytes("".join(ann_lines(bundle, claims)).encode("utf-8"))


def ann_lines(bundle: Bundle, claims: list[ClaimRow]) -> list[str]:
    """T lines (fragments split at newlines), a Confidence attribute, flag attributes, and AnnotatorNotes."""
    lines: list[str] = []
    attributes = notes = 0
    for number, claim in enumerate(claims, start=1):
        text = bundle.text
        span_text(text, claim.start, claim.end, claim.id)
        pieces = fragments(text, claim.start, claim.end)
        offsets = ";".join(f"{start} {end}" for start, end in pieces)
        lines.append(f"T{number}\t{claim.label} {offsets}\t{' '.join(text[s:e] for s, e in pieces)}\n")
        attributes += 1
        lines.append(f"A{attributes}\tConfidence T{number} {claim.confidence}\n")
        for flag, on in (("checkworthy", claim.checkworthy), ("hedged", claim.hedged)):
            if on:
                attributes += 1
                lines.append(f"A{attributes}\t{flag.capitalize()} T{number}\n")
        note = annotator_note(claim)
        if note:
            notes += 1
            lines.append(f"#{notes}\tAnnotatorNotes T{number}\t{note}\n")
    return lines


def fragments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split a span at newlines into the non-empty pieces brat accepts (a fragment may not hold a newline)."""
    pieces = []
    begin = start
    while begin < end:
        stop = text.find("\n", begin, end)
        stop = end if stop < 0 else stop
        if stop > begin:
            pieces.append((begin, stop))
        begin = stop + 1
    return pieces


def annotator_note(claim: ClaimRow) -> str:
    """The claim's note and speaker on one line (brat notes are line-based)."""
    parts = [claim.note or "", f"speaker: {claim.speaker}" if claim.speaker else ""]
    return " ".join("; ".join(part for part in parts if part).split())


def config(labels: list[str], levels: list[int]) -> str:
    """brat's annotation.conf: the labels as entities, confidence and flags as attributes."""
    entities = "\n".join(labels)
    values = "|".join(str(level) for level in levels)
    return (
        f"[entities]\n{entities}\n\n[relations]\n\n[events]\n\n[attributes]\n"
        f"Confidence Arg:<ENTITY>, Value:{values}\nCheckworthy Arg:<ENTITY>\nHedged Arg:<ENTITY>\n"
    )
