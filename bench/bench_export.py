"""Benchmark: `native` and `claims` exports of 10 claims per article against a minimal sqlite3 + orjson writer of the
same bytes (the run stops if the two files differ).

Run: python -m bench export [--articles 20000] [--formats native,claims]
  (default 20,000 articles, 200,000 claims; --articles 100000 is the 1,000,000-claim run; each size's database is
  generated once and cached under /tmp)
Targets: export time <= 1.3x the baseline; peak RSS of the export process < 250 MB.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sqlite3
import subprocess
import sys
import time
from bisect import bisect_right
from itertools import groupby
from operator import itemgetter
from pathlib import Path

import orjson

from bench.common import STAMP, article_row, article_text
from reader.models import article_id_for, new_id
from reader.segment import sentence_spans
from reader.store import Store

ARTICLES, CLAIMS_PER_ARTICLE, WORDS = 20_000, 10, 250
ANNOTATORS = ("ann", "bob", "cy")
OUT = Path("/tmp/claim-reader-bench")
ROUNDS = 3


def cache_path(articles: int) -> Path:
    """The cached database of one size (the 100,000-article one keeps its old name)."""
    return OUT / ("export.db" if articles == 100_000 else f"export-{articles}.db")


def generate(path: Path, count: int) -> None:
    """Create the database (once): articles, claims on sentence-like spans, and done marks, in bulk inserts."""
    if path.exists():
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.unlink(missing_ok=True)
    store = Store(tmp)
    labels = store.schema.label_names
    rng = random.Random(5)
    with store.write():
        for first in range(0, count, 1000):
            articles, claims, progress = [], [], []
            for n in range(first, first + 1000):
                text = f"Article {n}\n" + article_text(rng, WORDS)
                article_id = article_id_for(text)
                articles.append(article_row(n, text, sentence_spans(text)))
                claims += spans(rng, article_id, text, labels)
                progress += [
                    {
                        "article_id": article_id,
                        "annotator": name,
                        "done": 1,
                        "position": 0,
                        "meta": None,
                        "updated_at": STAMP,
                    }
                    for name in ANNOTATORS[:2]
                ]
            store.db.utils["articles"].insert_all(articles, batch_size=1000)
            store.db.utils["claims"].insert_all(claims, batch_size=2000)
            store.db.utils["progress"].insert_all(progress, batch_size=2000)
    store.close()
    tmp.rename(path)


def spans(rng: random.Random, article_id: str, text: str, labels: list[str]) -> list[dict[str, object]]:
    """Ten claims on word boundaries, spread over the annotators."""
    rows = []
    for _ in range(CLAIMS_PER_ARTICLE):
        start = text.find(" ", rng.randrange(len(text) - 60)) + 1
        end = text.find(" ", start + rng.randint(15, 50))
        end = len(text) if end < 0 else end
        rows.append(
            {
                "id": new_id(),
                "article_id": article_id,
                "annotator": rng.choice(ANNOTATORS),
                "start": start,
                "end": end,
                "label": rng.choice(labels),
                "confidence": rng.randint(1, 3),
                "note": None,
                "speaker": None,
                "checkworthy": 0,
                "hedged": 0,
                "origin": "manual",
                "adjudicated_by": None,
                "created_at": STAMP,
                "updated_at": STAMP,
            }
        )
    return rows


CLAIM_SQL = (
    'SELECT id, article_id, annotator, start, "end", label, confidence, note, speaker, checkworthy, hedged,'
    " origin, adjudicated_by, created_at, updated_at FROM claims ORDER BY article_id"
)
LINK_SQL = (
    "SELECT l.id, l.claim_a, l.claim_b, l.relation, l.annotator, l.created_at FROM links l"
    " JOIN claims a ON a.id = l.claim_a JOIN claims b ON b.id = l.claim_b ORDER BY l.created_at, l.id"
)
IN_TEXT_ORDER = itemgetter(3, 4, 0)


def baseline(db: Path, fmt: str, out: Path) -> tuple[float, float]:
    """The floor: a minimal sqlite3 + orjson writer of the same bytes as the export (checked by `same_bytes`), with
    none of its checks, filters or layers; (wall, CPU) s."""
    begin, cpu = time.perf_counter(), time.process_time()
    conn = sqlite3.connect(db)
    links: dict[str, list[tuple]] = {}
    for link in conn.execute(LINK_SQL):
        links.setdefault(link[1], []).append(link)
        links.setdefault(link[2], []).append(link)
    articles = conn.execute("SELECT id, title, text, meta, sentences FROM articles ORDER BY id")
    claims = groupby(conn.execute(CLAIM_SQL), key=itemgetter(1))
    marks = groupby(
        conn.execute(
            "SELECT article_id, annotator, done, meta FROM progress WHERE done = 1 OR meta IS NOT NULL"
            " ORDER BY article_id, annotator"
        ),
        key=itemgetter(0),
    )
    next_claims, next_marks = next(claims, None), next(marks, None)
    dumps, newline = orjson.dumps, orjson.OPT_APPEND_NEWLINE
    with out.open("wb") as handle:
        if fmt == "native":
            (schema,) = conn.execute("SELECT value FROM settings WHERE key = 'schema'").fetchone()
            handle.write(b'{"format":"claim-reader native","schema":' + schema.encode() + b"}\n")
        for article_id, title, text, meta, sentences in articles:
            rows, progress = [], []
            if next_claims and next_claims[0] == article_id:
                rows, next_claims = sorted(next_claims[1], key=IN_TEXT_ORDER), next(claims, None)
            if next_marks and next_marks[0] == article_id:
                progress, next_marks = list(next_marks[1]), next(marks, None)
            if fmt == "native":
                handle.write(
                    dumps(
                        native_line(article_id, title, text, orjson.loads(meta), rows, progress, links), option=newline
                    )
                )
            elif rows:
                handle.write(b"".join(claims_lines(article_id, title, text, meta, sentences, rows, links)))
    conn.close()
    return time.perf_counter() - begin, time.process_time() - cpu


def native_line(
    article_id: str, title: str, text: str, meta: dict, rows: list[tuple], progress: list[tuple], links: dict
) -> dict[str, object]:
    """One article's native record."""
    head = {
        "title": title,
        "source": meta.get("source"),
        "url": meta.get("url"),
        "published": meta.get("published"),
        "sha256": hashlib.sha256(text.encode()).hexdigest(),
    }
    head.update((k, v) for k, v in meta.items() if k not in head)
    spans = []
    for r in rows:
        span = {
            "id": r[0],
            "start": r[3],
            "end": r[4],
            "text": text[r[3] : r[4]],
            "label": r[5],
            "confidence": r[6],
            "annotator": r[2],
            "note": r[7],
            "speaker": r[8],
            "checkworthy": bool(r[9]),
            "hedged": bool(r[10]),
            "created_at": r[13],
            "updated_at": r[14],
            "origin": r[11],
            "adjudicated_by": r[12],
            "links": [
                {"id": link[0], "to": link[2], "relation": link[3], "annotator": link[4], "created_at": link[5]}
                for link in sorted(links.get(r[0], ()))
                if link[1] == r[0]
            ],
        }
        spans.append(span)
    return {
        "id": article_id,
        "text": text,
        "offset_unit": "codepoint",
        "meta": head,
        "done_by": [p[1] for p in progress if p[2]],
        "annotations": {p[1]: orjson.loads(p[3]) for p in progress if p[3]},
        "spans": spans,
    }


def claims_lines(
    article_id: str, title: str, text: str, meta: str, sentences: str, rows: list[tuple], links: dict
) -> list[bytes]:
    """One article's claims records, each with the stored sentence(s) around it."""
    fields = orjson.loads(meta)
    article = {
        "article_id": article_id,
        "title": title,
        "source": fields.get("source"),
        "url": fields.get("url"),
        "published": fields.get("published"),
    }
    flat = orjson.loads(sentences)
    starts, ends = flat[::2], flat[1::2]
    lines = []
    for r in rows:
        start, end = r[3], r[4]
        first = bisect_right(starts, start) - 1 if start >= starts[0] else 0
        last = first if end <= ends[first] else max(bisect_right(starts, end - 1) - 1, 0)
        context = min(starts[first], start), max(ends[last], end)
        related = [
            {
                "claim": link[2] if link[1] == r[0] else link[1],
                "relation": link[3],
                "direction": "out" if link[1] == r[0] else "in",
                "annotator": link[4],
                "link_id": link[0],
            }
            for link in links.get(r[0], ())
        ]
        record = {
            "id": r[0],
            "text": text[start:end],
            "label": r[5],
            "confidence": r[6],
            "annotator": r[2],
            "speaker": r[8],
            "checkworthy": bool(r[9]),
            "hedged": bool(r[10]),
            "note": r[7],
            "origin": r[11],
            "adjudicated_by": r[12],
            "created_at": r[13],
            "updated_at": r[14],
            "context": text[context[0] : context[1]],
            "start": start,
            "end": end,
            "context_start": context[0],
            "offset_unit": "codepoint",
            "related_claims": related,
            **article,
        }
        lines.append(orjson.dumps(record, option=orjson.OPT_APPEND_NEWLINE))
    return lines


def same_bytes(ours: Path, theirs: Path) -> bool:
    """Whether the export and the baseline wrote the same file (else the baseline is not the same work)."""
    return ours.read_bytes() == theirs.read_bytes()


CHILD = """
import sys, time
from bench.startup import peak_rss_mb
from reader.cli import cli
begin, cpu = time.perf_counter(), time.process_time()
code = cli.main(sys.argv[1:], prog_name="claim-reader", standalone_mode=False)
seconds, cpu = time.perf_counter() - begin, time.process_time() - cpu
print(f"{seconds} {cpu} {peak_rss_mb()}", file=sys.stderr)
sys.exit(code or 0)
"""


def export(db: Path, fmt: str, out: Path) -> tuple[float, float, float]:
    """Run `claim-reader export` in a fresh process; return (wall s inside, CPU s inside, peak RSS MB)."""
    done = subprocess.run(
        [sys.executable, "-c", CHILD, "--db", str(db), "export", "--format", fmt, "-o", str(out)],
        capture_output=True,
        text=True,
        check=True,
    )
    seconds, cpu, rss_mb = done.stderr.strip().splitlines()[-1].split()
    return float(seconds), float(cpu), float(rss_mb)


def main() -> None:
    """Generate (or reuse) the database, then time each format against its baseline, alternating runs.

    The machine may be shared, so the best of ROUNDS is kept and CPU time is reported beside wall time.
    """
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=ARTICLES, help="articles (10 claims each); a multiple of 1,000")
    parser.add_argument("--formats", default="native,claims", help="comma-separated: native, claims")
    args = parser.parse_args()
    cache = cache_path(args.articles)
    begin = time.perf_counter()
    generate(cache, args.articles)
    print(
        f"database {cache} ready in {time.perf_counter() - begin:.1f} s "
        f"({args.articles:,} articles, {args.articles * CLAIMS_PER_ARTICLE:,} claims)"
    )
    results = {}
    formats = args.formats.split(",")
    for fmt in formats:
        bases, runs = [], []
        for _ in range(ROUNDS):
            bases.append(baseline(cache, fmt, OUT / f"baseline.{fmt}"))
            runs.append(export(cache, fmt, OUT / f"export.{fmt}"))
        if not same_bytes(OUT / f"export.{fmt}", OUT / f"baseline.{fmt}"):
            sys.exit(f"{fmt}: the baseline did not write the export's bytes, so it is not the same work")
        base_wall, base_cpu = min(b[0] for b in bases), min(b[1] for b in bases)
        wall, cpu, rss = min(r[0] for r in runs), min(r[1] for r in runs), max(r[2] for r in runs)
        results[fmt] = {
            "baseline_wall_s": round(base_wall, 2),
            "export_wall_s": round(wall, 2),
            "ratio_wall": round(wall / base_wall, 3),
            "baseline_cpu_s": round(base_cpu, 2),
            "export_cpu_s": round(cpu, 2),
            "ratio_cpu": round(cpu / base_cpu, 3),
            "peak_rss_mb": round(rss, 1),
        }
        print(
            f"{fmt:<7} wall: baseline {base_wall:6.2f} s, export {wall:6.2f} s, {wall / base_wall:.2f}x | "
            f"CPU: baseline {base_cpu:6.2f} s, export {cpu:6.2f} s, {cpu / base_cpu:.2f}x (target <= 1.3x) | "
            f"peak RSS {rss:.0f} MB (target < 250)"
        )
    print(json.dumps(results))


if __name__ == "__main__":
    main()
