"""Benchmark: for each recurring claim in shared/notes/seeds.md, is a counterpart in another article in the Related top
3?

Run: python -m bench related    (imports the seeds into a temporary database; no claims, so sentences compete)
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from bench.seeds_gold import seed_texts
from reader.linking.related import Candidate, related
from reader.models import article_id_for
from reader.seeds import import_seeds
from reader.segment import Segments, trim_span
from reader.store import Store

TOP = 3
# Each recurring claim: the seed (file prefix) and a snippet of the sentence that states it there.
RECURRING: dict[str, list[tuple[str, str]]] = {
    "troops deployed": [
        ("000", "around 10,000 troops"),
        ("001", "more than 10,000 men"),
        ("003", "approximately 10,000 soldiers"),
        ("002", "around 11,000 North Korean"),
        ("004", "over 11,000 North Korean"),
    ],
    "wage": [("000", "$2,000 a month"), ("002", "$2,000 per month"), ("004", "up to $2,000 per month")],
    "less than $1 a month": [("000", "less than $1 a month"), ("002", "less than $1.")],
    "Lee Woong-gil quote": [("000", "won’t likely come back home alive"), ("003", "unlikely to come back home alive")],
    "Ahn Chan-il described": [("000", "former North Korean army lieutenant"), ("004", "former sergeant in the North")],
    "first large ground force abroad": [
        ("003", "first time the regime has deployed"),
        ("004", "first substantial involvement"),
    ],
}


def sentence_of(texts: dict[str, str], prefix: str, snippet: str) -> tuple[str, int, int]:
    """(article id, start, end) of the sentence holding the snippet, trimmed as the reader's sentence tag trims it."""
    text = texts[prefix]
    at = text.index(snippet)
    start, end = trim_span(text, *Segments(text).sentence_at(at))
    return article_id_for(text), start, end


def overlaps(candidate: Candidate, span: tuple[str, int, int]) -> bool:
    """Whether a ranked candidate (a trimmed sentence or a claim) lies on the wanted sentence."""
    article_id, start, end = span
    return candidate.article_id == article_id and candidate.start < end and start < candidate.end


def main() -> None:
    """Rank counterparts for every occurrence of every recurring claim; print per-claim hits and the hit rate."""
    texts = seed_texts()
    hits = queries = 0
    seconds = 0.0
    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder) / "bench.db")
        import_seeds(store)
        for claim, places in RECURRING.items():
            spans = [sentence_of(texts, *place) for place in places]
            for (prefix, _), (article_id, start, end) in zip(places, spans, strict=True):
                started = time.perf_counter()
                top = related(store, article_id, start, end, limit=TOP)
                seconds += time.perf_counter() - started
                found = [m for m in top if any(overlaps(m.candidate, span) for span in spans if span[0] != article_id)]
                hits += bool(found)
                queries += 1
                why = (
                    "; ".join(found[0].reasons)
                    if found
                    else "top: "
                    + " | ".join(f"{m.candidate.text[:40]}… ({', '.join(m.reasons) or 'score only'})" for m in top[:1])
                )
                verdict = f"hit #{top.index(found[0]) + 1}" if found else "MISS  "
                print(f"{verdict} {claim:<32} from {prefix}: {why}")
        store.close()
    print(
        f"hit rate (a counterpart in the top {TOP}): {hits}/{queries} = {hits / queries:.2f};"
        f" {seconds / queries * 1000:.0f} ms per query"
    )


if __name__ == "__main__":
    main()
