"""FEVER: JSONL as FEVER's own files (id, verifiable, label, claim, evidence), evidence as sets of [annotation id,
evidence id, page, sentence index] with the article id as page; `--pages` writes the corpus as FEVER's wiki-pages."""

from __future__ import annotations

from typing import Any

import orjson

from reader.export.records import Job
from reader.export.verified import unverified_note, verified
from reader.export.writer import ExportReport, atomic_file
from reader.segment import unpack_spans
from reader.verify.vocab import FEVER_NEI

MAX_EVIDENCE = 5
"""How many predicted sentences FEVER's scorer reads by default: a longer evidence set cannot be matched whole."""


def export(job: Job) -> ExportReport:
    """Write one line per verified claim (with --unverified, a blind line of id and claim for the others), then the
    pages if asked."""
    if job.pages is not None:
        write_pages(job)
    report = ExportReport()
    classes = {verdict.name: verdict.fever for verdict in job.store.schema.verdicts}
    sentences: dict[str, list[tuple[int, int]]] = {}
    blind = bare = long = 0
    evidence_id = 0
    with atomic_file(job.target, json=True, keep=job.keep) as out:
        for number, (row, body) in enumerate(verified(job)):
            record: dict[str, Any] = {"id": number}
            if row.verdict is None:
                record["claim"] = body["normalized_claim"]
                blind += 1
            else:
                label = classes[row.verdict]
                if label == FEVER_NEI:
                    evidence: list[Any] = [[[number, None, None, None]]]
                else:
                    lines = [line for item in body["evidence"] for line in _lines(job, item, sentences)]
                    entries = []
                    for page, line in dict.fromkeys(lines):
                        entries.append([number, evidence_id, page, line])
                        evidence_id += 1
                    evidence = [entries] if entries else []
                    bare += not entries
                    long += len(entries) > MAX_EVIDENCE
                record.update(
                    verifiable="NOT VERIFIABLE" if label == FEVER_NEI else "VERIFIABLE",
                    label=label,
                    claim=body["normalized_claim"],
                    evidence=evidence,
                )
            out.write(orjson.dumps(record, option=orjson.OPT_APPEND_NEWLINE))
            report.records += 1
    report.spans = report.records
    report.notes += unverified_note(blind, "written as blind lines (id and claim), as FEVER's test files are")
    if bare:
        report.notes.append(
            f"{bare} supported or refuted record(s) have no evidence from the corpus (only external sources or none):"
            " FEVER's scorer can never count them correct"
        )
    if long:
        report.notes.append(
            f"{long} record(s) have an evidence set of more than {MAX_EVIDENCE} sentences: FEVER's scorer reads only"
            f" the first {MAX_EVIDENCE} predicted (score them with max_evidence=None)"
        )
    return report


def _lines(job: Job, item: dict[str, Any], sentences: dict[str, list[tuple[int, int]]]) -> list[tuple[str, int]]:
    """The (page, sentence index) pairs a corpus evidence item covers: every sentence of its article it overlaps."""
    if item["kind"] != "corpus":
        return []
    article_id, start, end = item["article_id"], item["start"], item["end"]
    spans = sentences.get(article_id)
    if spans is None:
        spans = sentences[article_id] = job.store.articles.sentences(article_id)
    covered = [(article_id, n) for n, (s, e) in enumerate(spans) if s < end and start < e]
    return covered or [(article_id, item["sentence"])]


def write_pages(job: Job) -> None:
    """Write the kept articles as FEVER's wiki-pages JSONL: the article id as page id, its sentences as numbered
    lines (the split evidence indexes count in), the text as the sentences joined."""
    with atomic_file(job.pages or "", json=True, keep=job.keep) as out:
        for article in job.store.exports.articles(job.flt.articles):
            text = article.text
            lines = [" ".join(text[start:end].split()) for start, end in unpack_spans(article.sentences)]
            page = {
                "id": article.id,
                "text": " ".join(lines),
                "lines": "\n".join(f"{n}\t{line}" for n, line in enumerate(lines)),
            }
            out.write(orjson.dumps(page, option=orjson.OPT_APPEND_NEWLINE))
