"""Shared helpers of the benchmarks: generated corpora and timing, so every script measures the same way."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from pathlib import Path

import orjson

from reader.models import article_id_for
from reader.segment import pack_spans

WORDS = [
    "the",
    "ministry",
    "said",
    "troops",
    "around",
    "10,000",
    "soldiers",
    "were",
    "sent",
    "to",
    "Russia",
    "and",
    "more",
    "than",
    "3,000",
    "reached",
    "the",
    "front",
    "while",
    "officials",
    "in",
    "Seoul",
    "warned",
    "that",
    "the",
    "deployment",
    "could",
    "grow",
    "by",
    "next",
    "year",
    "because",
    "wages",
    "of",
    "$2,000",
    "per",
    "month",
    "draw",
    "recruits",
    "according",
    "to",
    "analysts",
    "who",
    "track",
    "the",
    "regime",
    "closely",
]


def sentence(rng: random.Random, words: int) -> str:
    """Return one generated sentence of roughly `words` words."""
    body = " ".join(rng.choice(WORDS) for _ in range(words))
    return body[0].upper() + body[1:] + "."


def article_text(rng: random.Random, words: int) -> str:
    """Return a generated article of about `words` words in paragraphs of a few sentences."""
    paragraphs, total = [], 0
    while total < words:
        para = " ".join(sentence(rng, rng.randint(8, 25)) for _ in range(rng.randint(2, 5)))
        total += len(para.split())
        paragraphs.append(para)
    return "\n".join(paragraphs)


STAMP = "2026-01-01T00:00:00.000000+00:00"
"""The one time generated rows carry, so generated databases are the same on every run."""


def article_row(n: int, text: str, sentences: list[tuple[int, int]]) -> dict[str, object]:
    """The `articles` row of generated article `n`, inserted in bulk (as an import would have stored it)."""
    return {
        "id": article_id_for(text),
        "title": f"Article {n}",
        "text": text,
        "meta": orjson.dumps({"published": "2024-11-24", "source": "Wire"}).decode(),
        "source": "Wire",
        "published": "2024-11-24",
        "words": len(text.split()),
        "imported_at": STAMP,
        "sentences": pack_spans(sentences),
    }


def corpus_jsonl(path: Path, articles: int, words: int, seed: int = 7) -> Path:
    """Write (once, cached by name) a JSONL corpus of generated articles with some metadata."""
    if path.exists():
        return path
    rng = random.Random(seed)
    tmp = path.with_suffix(".part")
    with tmp.open("wb") as handle:
        for i in range(articles):
            task = {"text": f"Article {i}\n" + article_text(rng, words), "meta": {"source": "Wire", "n": i}}
            handle.write(orjson.dumps(task) + b"\n")
    tmp.rename(path)
    return path


def timed(fn: Callable[[], object]) -> float:
    """Wall time of one call, in seconds."""
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start
