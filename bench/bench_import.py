"""Import throughput of `claim-reader import` on generated JSONL against a raw sqlite-utils insert_all of the same
rows, and the import's peak memory (run as the command a user runs, in a process of its own)."""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

import orjson
from sqlite_utils import Database

from bench.common import corpus_jsonl, timed
from reader.models import article_id_for
from reader.segment import pack_spans, sentence_spans
from reader.store import Store
from reader.text import word_count

MEMORY_TARGET_MB = 250


def baseline_rows(path: Path):
    """The rows our import ends up storing, built with the least work: parse, hash, count words, split sentences."""
    for line in path.open("rb"):
        task = orjson.loads(line)
        text = task["text"]
        yield {
            "id": article_id_for(text),
            "title": text.split("\n", 1)[0],
            "text": text,
            "meta": orjson.dumps(task["meta"]).decode(),
            "source": task["meta"].get("source"),
            "words": word_count(text),
            "sentences": pack_spans(sentence_spans(text)),
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--words", type=int, default=200)
    parser.add_argument(
        "--memory-only",
        action="store_true",
        help="Run only our import (its peak memory and rate), not the baselines: how 500,000 articles are measured.",
    )
    args = parser.parse_args()
    cache = Path(tempfile.gettempdir()) / f"claim-reader-bench-{args.articles}x{args.words}.jsonl"
    src = corpus_jsonl(cache, args.articles, args.words)
    with tempfile.TemporaryDirectory() as tmp:
        ours_db = Path(tmp) / "ours.db"
        command = [sys.executable, "-m", "reader", "--db", str(ours_db), "--annotator", "bench", "import", str(src)]
        ours = timed(lambda: subprocess.run(command, check=True, capture_output=True))
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        store = Store(ours_db)
        assert store.articles.count() == args.articles
        store.close()
        if not args.memory_only:
            plain_db = Database(Path(tmp) / "plain.db")
            plain = timed(lambda: plain_db["articles"].insert_all(baseline_rows(src), pk="id", batch_size=500))
            fts_db = Database(Path(tmp) / "fts.db")
            fts_db["articles"].create(
                {"id": str, "title": str, "text": str, "meta": str, "source": str, "words": int, "sentences": str},
                pk="id",
            )
            fts_db["articles"].enable_fts(["title", "text"], create_triggers=True)
            with_fts = timed(lambda: fts_db["articles"].insert_all(baseline_rows(src), batch_size=500))
            assert plain_db["articles"].count == fts_db["articles"].count == args.articles
    print(f"articles: {args.articles} x ~{args.words} words ({src.stat().st_size / 1e6:.0f} MB JSONL)")
    if not args.memory_only:
        print(f"baseline insert_all, same rows, same FTS5 index: {with_fts:7.2f} s ({args.articles / with_fts:,.0f}/s)")
        print(f"baseline insert_all, same rows, no search index: {plain:7.2f} s ({args.articles / plain:,.0f}/s)")
    print(f"claim-reader import (normalize, validate, FTS):  {ours:7.2f} s ({args.articles / ours:,.0f}/s)")
    if not args.memory_only:
        print(f"throughput ratio vs insert_all with FTS5: {with_fts / ours:.2f}x   (target >= 0.70x)")
        print(f"throughput ratio vs insert_all without an index: {plain / ours:.2f}x")
    print(f"peak memory of claim-reader import (max RSS): {peak_mb:.0f} MB   (target < {MEMORY_TARGET_MB} MB)")


if __name__ == "__main__":
    main()
