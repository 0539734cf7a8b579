"""`claim-reader articles --json` against a minimal sqlite3 + json script printing the same rows, side by side."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import corpus_jsonl

BASELINE = r'''
import json, sqlite3, sys
conn = sqlite3.connect(sys.argv[1])
who = sys.argv[2]
rows = conn.execute("""
    SELECT a.id, a.title, a.source, a.published, a.words,
      (SELECT count(*) FROM claims c WHERE c.article_id = a.id AND c.annotator = ?),
      (SELECT count(*) FROM claims c WHERE c.article_id = a.id AND c.annotator != 'gold'),
      (SELECT group_concat(p.annotator, char(31)) FROM progress p WHERE p.article_id = a.id AND p.done = 1),
      (SELECT p.done FROM progress p WHERE p.article_id = a.id AND p.annotator = ?),
      (SELECT p.position FROM progress p WHERE p.article_id = a.id AND p.annotator = ?)
    FROM articles a ORDER BY a.rowid""", [who, who, who])
out = [{"id": r[0], "title": r[1], "source": r[2], "published": r[3], "words": r[4], "mine": r[5],
        "claims": r[6], "done_by": sorted(r[7].split("\x1f")) if r[7] else [], "done": bool(r[8]),
        "position": r[9] or 0} for r in rows]
sys.stdout.write(json.dumps(out, indent=2, ensure_ascii=False))
sys.stdout.write("\n")
'''


def database(articles: int, words: int) -> Path:
    """Build (once, cached) a database of generated articles through the real import."""
    path = Path(tempfile.gettempdir()) / f"claim-reader-bench-{articles}x{words}.db"
    if not path.exists():
        from reader.ingest import import_paths
        from reader.store import Store

        src = corpus_jsonl(path.with_suffix(".jsonl"), articles, words)
        store = Store(path.with_suffix(".part.db"))
        import_paths(store, [str(src)], "jsonl", "bench")
        store.close()
        path.with_suffix(".part.db").rename(path)
    return path


def best_of(cmd: list[str], runs: int) -> tuple[float, bytes]:
    """Best wall time of `runs` runs of a command, with its output."""
    best, out = float("inf"), b""
    for _ in range(runs):
        start = time.perf_counter()
        out = subprocess.run(cmd, check=True, capture_output=True).stdout
        best = min(best, time.perf_counter() - start)
    return best, out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--words", type=int, default=500)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    db = database(args.articles, args.words)
    ours_cmd = [sys.executable, "-m", "reader", "--db", str(db), "--annotator", "bench", "articles", "--json"]
    base_cmd = [sys.executable, "-c", BASELINE, str(db), "bench"]
    base_t, base_out = best_of(base_cmd, args.runs)
    ours_t, ours_out = best_of(ours_cmd, args.runs)
    assert json.loads(ours_out) == json.loads(base_out), "the two commands printed different rows"
    print(f"{args.articles} articles, best of {args.runs} runs each")
    print(f"minimal sqlite3 + json script:       {base_t:.3f} s")
    print(f"claim-reader articles --json:        {ours_t:.3f} s")
    print(f"ratio (ours / baseline): {ours_t / base_t:.2f}x   (target <= 2.0x)")


if __name__ == "__main__":
    main()
