"""CoNLL IOB2: one `token tag` line per token, a block per sentence, `-DOCSTART- O` before each annotator's document."""

from __future__ import annotations

from reader.export.records import Job
from reader.export.tokens import iob_tags, token_docs, window_tags, windows
from reader.export.writer import ExportReport, atomic_file

DOCSTART = "-DOCSTART- O\n\n"
"""The document separator with as many columns as a token line, so column readers (seqeval, NLTK) accept it."""


def export(job: Job) -> ExportReport:
    """Write each annotated article once per annotator (or once, pooled), as blocks of one sentence each, never broken
    inside a kept claim and never longer than --max-tokens."""
    report = ExportReport()
    with atomic_file(job.target, keep=job.keep) as out:
        for doc in token_docs(job, report):
            for _, placed in doc.groups(job.pooled):
                kept = doc.kept(placed, job.overlap, report)
                report.spans += len(kept)
                tags = iob_tags(len(doc.tokens.spans), kept)
                lines = [DOCSTART]
                for window in windows(doc, kept, job.max_tokens, report, pack=False):
                    words = (doc.tokens.word(i) for i in window)
                    lines += [f"{word} {tag}\n" for word, tag in zip(words, window_tags(tags, window), strict=True)]
                    lines.append("\n")
                out.write("".join(lines).encode("utf-8"))
                report.records += 1
    return report
