"""spaCy v3 DocBin: `doc.spans["sc"]` for span categorizers (overlaps kept) and `doc.ents` under the overlap policy."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reader.export.records import Bundle, Job
from reader.export.tokens import TokenDoc, token_docs
from reader.export.writer import ExportError, ExportReport, atomic_dir, atomic_file
from reader.store.rows import batched

SPANS_KEY = "sc"
ANNOTATOR_KEY = "annotator:{}"
"""The span group of one annotator's claims (`doc.spans["annotator:alice"]`), overlaps kept."""
CLAIMS_KEY = "claims"
"""`doc.user_data["claims"]`: every placed claim's id, character offsets, label, annotator and confidence.

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
    docs = (make_doc(vocab, bundle, doc, report) for bundle, doc in token_docs(job, report))
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


def make_doc(vocab: Any, bundle: Bundle, tokenized: TokenDoc, report: ExportReport) -> Any:
    """A Doc whose text is the article text exactly, on the tokens every token format uses, with its claims' spans."""
    from spacy.tokens import Doc, Span

    doc = Doc(vocab, words=tokenized.tokens.words(), spaces=tokenized.tokens.ws)
    doc.user_data["article_id"] = bundle.id
    ranges = sorted({(first, stop, claim.label) for claim, first, stop in tokenized.placed})
    doc.spans[SPANS_KEY] = [Span(doc, first, stop, label=label) for first, stop, label in ranges]
    for claim, first, stop in tokenized.placed:
        key = ANNOTATOR_KEY.format(claim.annotator)
        if key not in doc.spans:
            doc.spans[key] = []
        doc.spans[key].append(Span(doc, first, stop, label=claim.label))
    doc.user_data[CLAIMS_KEY] = [
        {
            "id": claim.id,
            "start": claim.start,
            "end": claim.end,
            "label": claim.label,
            "annotator": claim.annotator,
            "confidence": claim.confidence,
        }
        for claim, _, _ in tokenized.placed
    ]
    doc.ents = [Span(doc, first, stop, label=label) for first, stop, label in tokenized.kept]
    report.spans += len(ranges)
    return doc
