"""The seed articles as imported and the hand-made gold fixture, shared by the suggestion and related-claims
benchmarks."""

from __future__ import annotations

from pathlib import Path

import orjson

from reader.models import article_id_for
from reader.seeds import seeds_dir
from reader.segment import Segments
from reader.text import clean_article

GOLD = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "seeds_gold.jsonl"


def seed_texts() -> dict[str, str]:
    """Seed file prefix ("000") to its cleaned text, exactly as the importer stores it."""
    return {
        path.name[:3]: clean_article(path.read_text(encoding="utf-8")).text
        for path in sorted(seeds_dir().glob("*.txt"))
    }


def gold_sentences() -> dict[tuple[str, int], set[str]]:
    """(article id, sentence index) to the gold labels of that sentence."""
    texts = {article_id_for(text): Segments(text) for text in seed_texts().values()}
    found: dict[tuple[str, int], set[str]] = {}
    for line in GOLD.read_bytes().splitlines():
        record = orjson.loads(line)
        segments = texts[record["id"]]
        for span in record["spans"]:
            for index in sentence_indexes(segments, span["start"], span["end"]):
                found.setdefault((record["id"], index), set()).add(span["label"])
    return found


def sentence_indexes(segments: Segments, start: int, end: int) -> list[int]:
    """Indexes of the sentences a span overlaps."""
    return [i for i, (s, e) in enumerate(segments.sentences) if s < end and start < e]
