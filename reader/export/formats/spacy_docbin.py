"""spaCy v3 DocBin: `doc.spans["sc"]` for span categorizers (overlaps kept) and `doc.ents` under the overlap policy."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reader.export.records import Job
from reader.export.tokens import TokenDoc, token_docs
from reader.export.writer import ExportError, ExportReport, atomic_dir, atomic_file
from reader.store.rows import batched

SPANS_KEY = "sc"
ANNOTATOR_KEY = "annotator:{}"
"""The span group of one annotator's claims (`doc.spans["annotator:alice"]`), overlaps kept."""
CLAIMS_KEY = "claims"
"""`doc.user_data["claims"]`: every claim's id, character offsets as stored, label, annotator and confidence, and the
tokens its span in `doc.spans` covers (null for a claim the misaligned policy left out), so none is lost.

Span groups hold only labels and spaCy does not serialize custom span attributes, so these travel as user data.
"""

SHARD_DOCS = 1000
"""Docs per file when writing a folder: spaCy serializes a DocBin whole, so shards keep memory bounded."""


def export(job: Job) -> ExportReport:
    """Write one `.spacy` file, or, when -o names a folder (no suffix), shards of SHARD_DOCS docs that `spacy train`
    reads."""
    try:
        import spacy
        from spacy.tokens import DocBin
    except ImportError:
        raise ExportError("the spacy format needs spaCy: pip install 'claim-reader[spacy]'") from None
    report = ExportReport()
    vocab = spacy.blank("en").vocab
    docs = (make_doc(vocab, doc, job.overlap, report) for doc in token_docs(job, report))
    if Path(job.target).suffix:
        with atomic_file(job.target, keep=job.keep) as out:
            shard = DocBin(store_user_data=True, docs=docs)
            report.records = len(shard)
            out.write(shard.to_bytes())
        return report
    with atomic_dir(job.target) as folder:
        for number, batch in enumerate(batched(docs, SHARD_DOCS)):
            shard = DocBin(store_user_data=True, docs=batch)
            shard.to_disk(folder / f"part-{number:05d}.spacy")
            report.records += len(shard)
    return report


def make_doc(vocab: Any, tokenized: TokenDoc, overlap: str, report: ExportReport) -> Any:
    """A Doc whose text is the article text exactly, on the tokens every token format uses, with its claims' spans."""
    from spacy.tokens import Doc, Span

    doc = Doc(vocab, words=tokenized.tokens.words(), spaces=tokenized.tokens.ws)
    doc.user_data["article_id"] = tokenized.bundle.id
    ranges = sorted({(placed.first, placed.stop, placed.claim.label) for placed in tokenized.placed})
    doc.spans[SPANS_KEY] = [Span(doc, first, stop, label=label) for first, stop, label in ranges]
    tokens = {}
    for placed in tokenized.placed:
        key = ANNOTATOR_KEY.format(placed.claim.annotator)
        if key not in doc.spans:
            doc.spans[key] = []
        doc.spans[key].append(Span(doc, placed.first, placed.stop, label=placed.claim.label))
        tokens[placed.claim.id] = (placed.first, placed.stop)
    doc.user_data[CLAIMS_KEY] = [
        {
            "id": claim.id,
            "start": claim.start,
            "end": claim.end,
            "label": claim.label,
            "annotator": claim.annotator,
            "confidence": claim.confidence,
            "token_start": tokens[claim.id][0] if claim.id in tokens else None,
            "token_end": tokens[claim.id][1] if claim.id in tokens else None,
        }
        for claim in tokenized.bundle.claims
    ]
    kept = tokenized.kept(tokenized.placed, overlap, report)
    doc.ents = [Span(doc, first, stop, label=label) for first, stop, label in kept]
    report.spans += len(ranges)
    return doc
