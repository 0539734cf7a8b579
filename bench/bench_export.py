"""Benchmark: `native` and `claims` exports of 10 claims per article against a bare sqlite3 + orjson baseline.

Run: python -m bench export [--articles 20000] [--formats native,claims]
  (default 20,000 articles, 200,000 claims; --articles 100000 is the 1,000,000-claim run; each size's database is
  generated once and cached under /tmp)
Targets: export time <= 1.3x the baseline; peak RSS of the export process < 250 MB.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sqlite3
import subprocess
import sys
import time
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
    ' origin, adjudicated_by, created_at, updated_at FROM claims ORDER BY article_id, start, "end", id'
)


def baseline(db: Path, fmt: str, out: Path) -> tuple[float, float]:
    """The floor: the same sorted streams out of sqlite3, grouped per article, orjson.dumps per line; (wall, CPU) s.

    Claims records carry the same joined fields as the export's, all but the computed context sentence.
    """
    begin, cpu = time.perf_counter(), time.process_time()
    conn = sqlite3.connect(db)
    articles = conn.execute("SELECT id, title, text, meta FROM articles ORDER BY id")
    claims = groupby(conn.execute(CLAIM_SQL), key=itemgetter(1))
    done = groupby(
        conn.execute("SELECT article_id, annotator FROM progress WHERE done = 1 ORDER BY article_id, annotator"),
        key=itemgetter(0),
    )
    next_claims, next_done = next(claims, None), next(done, None)
    with out.open("wb") as handle:
        for article_id, title, text, meta in articles:
            rows, names = [], []
            if next_claims and next_claims[0] == article_id:
                rows, next_claims = list(next_claims[1]), next(claims, None)
            if next_done and next_done[0] == article_id:
                names, next_done = [r[1] for r in next_done[1]], next(done, None)
            if fmt == "native":
                handle.write(
                    orjson.dumps(
                        {
                            "id": article_id,
                            "text": text,
                            "meta": orjson.loads(meta),
                            "title": title,
                            "done_by": names,
                            "spans": [span(text, r) for r in rows],
                        }
                    )
                    + b"\n"
                )
            else:
                fields = orjson.loads(meta)
                article = {
                    "offset_unit": "codepoint",
                    "article_id": article_id,
                    "title": title,
                    "source": fields.get("source"),
                    "url": fields.get("url"),
                    "published": fields.get("published"),
                }
                for r in rows:
                    handle.write(orjson.dumps({**span(text, r), **article}) + b"\n")
    conn.close()
    return time.perf_counter() - begin, time.process_time() - cpu


def span(text: str, r: tuple) -> dict[str, object]:
    """One claim row as a dict with its text."""
    return {
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
    }


CHILD = """
import os, resource, sys, time
from reader.cli import cli
if os.environ.get("BENCH_STUB_CONTEXT"):  # diagnostic: what the claims export costs without its sentence split
    import reader.export.context as context
    class Stub:
        def __init__(self, text): pass
        def around(self, start, end): return start, end
    context.Sentences = Stub
begin, cpu = time.perf_counter(), time.process_time()
code = cli.main(sys.argv[1:], prog_name="claim-reader", standalone_mode=False)
seconds, cpu = time.perf_counter() - begin, time.process_time() - cpu
print(f"{seconds} {cpu} {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}", file=sys.stderr)
sys.exit(code or 0)
"""


def export(db: Path, fmt: str, out: Path, stub_context: bool = False) -> tuple[float, float, float]:
    """Run `claim-reader export` in a fresh process; return (wall s inside, CPU s inside, peak RSS MB)."""
    env = {**os.environ, "BENCH_STUB_CONTEXT": "1"} if stub_context else None
    done = subprocess.run(
        [sys.executable, "-c", CHILD, "--db", str(db), "export", "--format", fmt, "-o", str(out)],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    seconds, cpu, rss_kb = done.stderr.strip().splitlines()[-1].split()
    return float(seconds), float(cpu), int(rss_kb) / 1024


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
    if "claims" in formats:
        stub = min(export(cache, "claims", OUT / "export.claims", stub_context=True) for _ in range(ROUNDS))
        results["claims_without_context"] = {
            "export_wall_s": round(stub[0], 2),
            "export_cpu_s": round(stub[1], 2),
            "ratio_cpu": round(stub[1] / results["claims"]["baseline_cpu_s"], 3),
        }
        print(
            f"claims without the context sentence (diagnostic): CPU {stub[1]:6.2f} s, "
            f"{stub[1] / results['claims']['baseline_cpu_s']:.2f}x the claims baseline"
        )
    print(json.dumps(results))


if __name__ == "__main__":
    main()
