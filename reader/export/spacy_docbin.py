"""spaCy v3 DocBin: `doc.spans["sc"]` for span categorizers (overlaps kept) and `doc.ents` under the overlap policy."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reader.export.overlap import resolve
from reader.export.records import Bundle, Job
from reader.export.tokens import Tokens, token_ranges
from reader.export.writer import ExportError, ExportReport, atomic_dir, atomic_file
from reader.store import batched

SPANS_KEY = "sc"


SHARD_DOCS = 1000
"""Docs per file when writing a folder: spaCy serializes a DocBin whole, so shards keep memory bounded."""


def export(job: Job) -> ExportReport:
    """Write one `.spacy` file, or, when -o names a folder (no suffix), shards of SHARD_DOCS docs that `spacy train` reads."""
    try:
        import spacy
        from spacy.tokens import DocBin
    except ImportError:
        raise ExportError("the spacy format needs spaCy: pip install 'claim-reader[spacy]'") from None
    report = ExportReport()
    vocab = spacy.blank("en").vocab
    docs = (make_doc(vocab, bundle, job.overlap, report) for bundle in job.bundles(annotated_only=True))
    if Path(job.target).suffix:
        shard = DocBin(store_user_data=True, docs=docs)
        report.records = len(shard)
        with atomic_file(job.target) as out:
            out.write(shard.to_bytes())
        return report
    with atomic_dir(job.target) as folder:
        for number, batch in enumerate(batched(docs, SHARD_DOCS)):
            shard = DocBin(store_user_data=True, docs=batch)
            shard.to_disk(folder / f"part-{number:05d}.spacy")
            report.records += len(shard)
    return report


def make_doc(vocab: Any, bundle: Bundle, policy: str, report: ExportReport) -> Any:
    """A Doc whose text is the article text exactly, tokenized the way every token format is."""
    from spacy.tokens import Doc, Span

    tokens = Tokens.of(bundle.text, bundle.meta)
    words, spaces, index = words_and_spaces(tokens)
    doc = Doc(vocab, words=words, spaces=spaces)
    doc.user_data["article_id"] = bundle.id
    ranges = sorted(set(token_ranges(bundle, tokens, report)))
    doc.spans[SPANS_KEY] = [Span(doc, index[first], index[stop - 1] + 1, label=label) for first, stop, label in ranges]
    kept, dropped = resolve(ranges, policy, bundle.id)
    doc.ents = [Span(doc, index[first], index[stop - 1] + 1, label=label) for first, stop, label in kept]
    report.spans += len(ranges)
    report.overlaps_dropped += dropped
    return doc


def words_and_spaces(tokens: Tokens) -> tuple[list[str], list[bool], list[int]]:
    """spaCy's words and trailing-space flags for our tokens, with any other gap text as tokens of its own.

    Returns also where each of our tokens landed among spaCy's, so spans can be placed.
    """
    text = tokens.text
    words: list[str] = []
    spaces: list[bool] = []
    index: list[int] = []
    bounds = [*tokens.spans, (len(text), len(text))]
    position = 0
    for i, (start, end) in enumerate(bounds):
        gap = text[position:start]
        if gap:
            if gap[0] == " " and words and not spaces[-1]:
                spaces[-1], gap = True, gap[1:]
            if gap:
                words.append(gap)
                spaces.append(False)
        if i == len(tokens.spans):
            break
        index.append(len(words))
        words.append(text[start:end])
        spaces.append(False)
        position = end
    return words, spaces, index
