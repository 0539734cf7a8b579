"""CoNLL IOB2: one `token tag` line per token, blank lines between sentences, `-DOCSTART- O` between documents."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator

from reader.export.records import Job
from reader.export.tokens import Tokens, token_docs
from reader.export.writer import ExportReport, atomic_file
from reader.segment import sentence_spans

DOCSTART = "-DOCSTART- O\n\n"
"""The document separator with as many columns as a token line, so column readers (seqeval, NLTK) accept it."""


def export(job: Job) -> ExportReport:
    """Write each annotated article as a document of sentences (never broken inside a kept span)."""
    report = ExportReport()
    with atomic_file(job.target, keep=job.keep) as out:
        for _, doc in token_docs(job, report):
            report.spans += len(doc.kept)
            tags = doc.tags()
            lines = [DOCSTART]
            for sentence in sentences(doc.tokens, tags):
                lines += [f"{doc.tokens.word(i)} {tags[i]}\n" for i in sentence]
                lines.append("\n")
            out.write("".join(lines).encode("utf-8"))
            report.records += 1
    return report


def sentences(tokens: Tokens, tags: list[str]) -> Iterator[list[int]]:
    """Group the non-whitespace token numbers by sentence, merging sentences a span runs across."""
    starts = [start for start, _ in sentence_spans(tokens.text)]
    current: list[int] = []
    last_sentence = None
    for i in tokens.content():
        sentence = bisect_right(starts, tokens.spans[i][0])
        if current and sentence != last_sentence and not tags[i].startswith("I-"):
            yield current
            current = []
        current.append(i)
        last_sentence = sentence
    if current:
        yield current
