"""brat standoff: a folder per annotator of `.txt`/`.ann` pairs, plus the annotation.conf that declares labels and
relations; every document is one third-party parsers (pybrat strict, bratly) read whole."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from reader.export.records import Bundle, Job
from reader.export.writer import ExportReport, atomic_dir, span_text
from reader.models import RELATIONS

if TYPE_CHECKING:
    from reader.models import Link
    from reader.store.rows import ClaimRow

REFERENCE = "ClaimReader"
"""The database an `N` line refers a T line to: its claim's id in claim-reader (brat's normalization)."""
STACKED = "{}~{}"
"""The document of the claims an annotator made on a span that already holds one of their claims: brat parsers refuse
two entities with identical fragments in one document (pybrat even with different labels), so each further claim
on a span goes to the next copy of the document (`<article id>~2.txt`)."""


@dataclass
class Document:
    """One `.ann` being written: its T numbers by claim id and its lines."""

    name: str
    numbers: dict[str, int] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    def next(self, kind: str) -> int:
        """The next number of a kind of line (T, A, R, N, #), counting from 1 in this document."""
        self.counts[kind] = self.counts.get(kind, 0) + 1
        return self.counts[kind]


def export(job: Job) -> ExportReport:
    """Write `<annotator>/<article id>.txt` and `.ann` for every annotator with claims, into a folder renamed at the
    end."""
    report = ExportReport()
    stacked = 0
    with atomic_dir(job.target) as folder:
        (folder / "annotation.conf").write_text(
            config(job.store.schema.label_names, job.store.schema.confidence_values), encoding="utf-8"
        )
        for bundle in job.bundles(annotated_only=True):
            for annotator, (claims, _) in bundle.by_annotator().items():
                if not claims:
                    continue
                layers = stack(claims)
                stacked += sum(len(layer) for layer in layers[1:])
                for depth, layer in enumerate(layers, start=1):
                    name = bundle.id if depth == 1 else STACKED.format(bundle.id, depth)
                    write_pair(folder / folder_name(annotator), name, bundle, layer)
                    report.records += 1
                report.spans += len(claims)
    if stacked:
        report.notes.append(
            f"{stacked} claim(s) share their span with another claim of the same annotator: written to the next"
            " copy of the document (<article id>~2.ann), as brat parsers refuse two entities on one span"
        )
    return report


def stack(claims: list[ClaimRow]) -> list[list[ClaimRow]]:
    """The claims in layers, each holding at most one claim per span, the earliest made in the first (text order kept
    within a layer)."""
    layers: list[list[ClaimRow]] = []
    depth: dict[tuple[int, int], int] = {}
    for claim in sorted(claims, key=lambda c: (c.start, c.end, c.created_at, c.id)):
        level = depth.get((claim.start, claim.end), 0)
        depth[claim.start, claim.end] = level + 1
        if level == len(layers):
            layers.append([])
        layers[level].append(claim)
    return layers


def folder_name(annotator: str) -> str:
    """A folder name for an annotator that cannot escape the export folder."""
    name = re.sub(r"[^\w.-]", "_", annotator)
    return name if name.strip(".") else f"_{name}"


def write_pair(folder: Path, name: str, bundle: Bundle, claims: list[ClaimRow]) -> None:
    """Write one document's text exactly as stored and its standoff annotations."""
    folder.mkdir(exist_ok=True)
    (folder / f"{name}.txt").write_bytes(bundle.text.encode("utf-8"))
    (folder / f"{name}.ann").write_bytes("".join(ann_lines(bundle, claims)).encode("utf-8"))


def ann_lines(bundle: Bundle, claims: list[ClaimRow]) -> list[str]:
    """T lines (fragments split at newlines) with their claim ids (N), a Confidence attribute, flag attributes,
    AnnotatorNotes, then the links: an R line where both claims are in this document, an N line to the other
    claim's id where it is elsewhere."""
    doc = Document("")
    text = bundle.text
    for claim in claims:
        span_text(text, claim.start, claim.end, claim.id)
        pieces = fragments(text, claim.start, claim.end)
        offsets = ";".join(f"{start} {end}" for start, end in pieces)
        number = doc.numbers[claim.id] = doc.next("T")
        doc.lines.append(f"T{number}\t{claim.label} {offsets}\t{' '.join(text[s:e] for s, e in pieces)}\n")
        doc.lines.append(f"N{doc.next('N')}\tReference T{number} {REFERENCE}:{claim.id}\t{claim.label}\n")
        doc.lines.append(f"A{doc.next('A')}\tConfidence T{number} {claim.confidence}\n")
        for flag, on in (("checkworthy", claim.checkworthy), ("hedged", claim.hedged)):
            if on:
                doc.lines.append(f"A{doc.next('A')}\t{flag.capitalize()} T{number}\n")
        note = annotator_note(claim)
        if note:
            doc.lines.append(f"#{doc.next('#')}\tAnnotatorNotes T{number}\t{note}\n")
    for claim in claims:
        for link in bundle.links_of(claim.id):
            if link.claim_a == claim.id:
                doc.lines.append(link_line(doc, link))
    return doc.lines


def link_line(doc: Document, link: Link) -> str:
    """A link out of a claim of this document: a relation when its other claim is here too, else a reference to it."""
    source = doc.numbers[link.claim_a]
    target = doc.numbers.get(link.claim_b)
    if target is not None:
        return f"R{doc.next('R')}\t{link.relation} Arg1:T{source} Arg2:T{target}\n"
    kind = link.relation.replace("-", "_")
    return f"N{doc.next('N')}\tReference T{source} {kind}:{link.claim_b}\t{link.relation}\n"


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
    """brat's annotation.conf: the labels as entities, the link relations between any two, confidence and flags as
    attributes."""
    entities = "\n".join(labels)
    relations = "\n".join(f"{relation} Arg1:<ENTITY>, Arg2:<ENTITY>" for relation in RELATIONS)
    values = "|".join(str(level) for level in levels)
    return (
        f"[entities]\n{entities}\n\n[relations]\n{relations}\n\n[events]\n\n[attributes]\n"
        f"Confidence Arg:<ENTITY>, Value:{values}\nCheckworthy Arg:<ENTITY>\nHedged Arg:<ENTITY>\n"
    )
