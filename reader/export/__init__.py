"""Export: the registry of formats, each a module of reader/export/formats/ imported only when chosen; no Textual."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reader.export.records import Job
    from reader.export.writer import ExportReport


@dataclass(frozen=True, slots=True)
class Format:
    """One export format as the CLI offers it: its name, the module that writes it, and what it is for."""

    name: str
    module: str
    needs_path: bool
    """It writes more than one stream (a labels file, a folder, a binary), so `-o -` cannot hold it."""
    help: str
    tokens: bool = False
    """It writes tokens: the articles it exports are tokenized and their tokens stored first."""


FORMATS = {
    fmt.name: fmt
    for fmt in (
        Format(
            "native", "native", False, "one line per article with every span and field; imports back byte-identical"
        ),
        Format("claims", "claims", False, "one line per claim with its context sentence and article provenance"),
        Format(
            "prodigy", "prodigy", False, "one task per (article, annotator), as `prodigy db-out` writes", tokens=True
        ),
        Format("doccano", "doccano", False, "doccano sequence labeling: text and [start, end, label] triples"),
        Format(
            "hf",
            "hf",
            True,
            "Hugging Face tokens + IOB2 ner_tags per sentence window, tag names in <output>.labels.json",
            tokens=True,
        ),
        Format("conll", "conll", False, "CoNLL IOB2: a token and its tag per line", tokens=True),
        Format("brat", "brat", True, "brat standoff: a folder of .txt/.ann pairs per annotator"),
        Format(
            "averitec", "averitec", False, "AVeriTeC records of the verified claims: one JSON array, as its dev.json"
        ),
        Format(
            "fever", "fever", False, "FEVER JSONL of the verified claims, evidence as sentences (--pages: the corpus)"
        ),
        Format("csv", "csv_table", False, "one spreadsheet row per claim with its sentence and article"),
        Format(
            "labelstudio",
            "labelstudio",
            True,
            "Label Studio tasks: an annotation per annotator, suggestions as predictions; <output>.config.xml beside",
        ),
        Format(
            "inception",
            "inception",
            True,
            "INCEpTION / WebAnno TSV 3.3: a folder of a .tsv per annotator and article (claims and their links)",
            tokens=True,
        ),
        Format("spacy", "spacy_docbin", True, "spaCy DocBin (a .spacy file, or a folder of shards)", tokens=True),
    )
}
"""Every export format, in the order the CLI lists them; the CLI, its --help and the README read this."""
VERIFICATION_FORMATS = ("averitec", "fever")
"""The formats that write verifications (the others write claims), which --unverified applies to."""
OVERLAP_POLICIES = ("longest", "first", "error")
"""What token formats keep of overlapping spans: the longest, the first in text order, or refuse."""
MISALIGNED_POLICIES = ("expand", "skip", "error")
"""What token formats do with a claim whose edge falls inside a token: widen it to the whole tokens (spaCy's
`alignment_mode="expand"`), leave it out, or refuse; either way the export says how many."""


def formats_help() -> str:
    """The formats as `--help` lists them, one per line."""
    return "\n".join(
        f"{fmt.name}{' (needs -o PATH)' if fmt.needs_path else ''}: {fmt.help}" for fmt in FORMATS.values()
    )


def run_export(job: Job, fmt: str) -> ExportReport:
    """Run one format's exporter over a consistent snapshot of the database."""
    module = import_module(f"reader.export.formats.{FORMATS[fmt].module}")
    if FORMATS[fmt].tokens:
        job.store.tokens.fill(job.flt.articles)
    with job.store.snapshot():
        return module.export(job)
