"""Export: the formats pipelines read, one module each, imported only when chosen (no Textual, ever)."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reader.export.records import Job
    from reader.export.writer import ExportReport

MODULES = {"native": "native", "claims": "claims", "prodigy": "prodigy", "doccano": "doccano", "hf": "hf",
           "conll": "conll", "brat": "brat", "averitec": "averitec", "spacy": "spacy_docbin"}
FORMATS = tuple(MODULES)
OVERLAP_POLICIES = ("longest", "first", "error")
"""What token formats keep of overlapping spans: the longest, the first in text order, or refuse."""
NEEDS_PATH = ("hf", "brat")
"""Formats that write more than one stream (a labels file, a folder), so `-o -` cannot hold them."""


def run_export(job: Job, fmt: str) -> ExportReport:
    """Run one format's exporter over a consistent snapshot of the database."""
    module = import_module(f"reader.export.{MODULES[fmt]}")
    with job.store.read_snapshot():
        return module.export(job)
