"""Build (once, cached) the benchmark database: 10,000 articles plus one of 50,000 words carrying 2,000 claims, some
overlapping."""

from __future__ import annotations

import random
import sys
from pathlib import Path

from reader.models import Article, Claim, ImportRecord, article_id_for
from reader.store import Store
from reader.text import word_count

ANNOTATOR = "bench"
ARTICLES = 10_000
BIG_WORDS = 50_000
BIG_CLAIMS = 2_000
VOCABULARY = [
    "troops",
    "soldiers",
    "Russia",
    "Korea",
    "Ukraine",
    "officials",
    "said",
    "reported",
    "according",
    "percent",
    "million",
    "would",
    "could",
    "minister",
    "government",
    "army",
    "front",
    "border",
    "weeks",
    "months",
    "sanctions",
    "law",
    "deployment",
    "the",
    "a",
    "of",
    "to",
    "in",
    "and",
    "that",
    "with",
    "for",
    "on",
    "by",
    "from",
    "as",
    "10,000",
    "3,000",
    "$2.5",
    "42%",
    "about",
    "around",
]


def _sentence(rng: random.Random) -> str:
    """One random sentence of 8-25 words."""
    words = [rng.choice(VOCABULARY) for _ in range(rng.randint(8, 25))]
    return words[0].capitalize() + " " + " ".join(words[1:]) + "."


def _text(rng: random.Random, words: int) -> str:
    """Paragraphs of random sentences, about `words` words long."""
    paragraphs, count = [], 0
    while count < words:
        paragraph = " ".join(_sentence(rng) for _ in range(rng.randint(2, 6)))
        paragraphs.append(paragraph)
        count += len(paragraph.split())
    return "\n".join(paragraphs)


def _record(text: str, title: str, claims: int, rng: random.Random, labels: list[str]) -> ImportRecord:
    """An import record of `text` with `claims` random word-aligned claims (about one in five overlapping another)."""
    article_id = article_id_for(text)
    article = Article(
        id=article_id,
        title=title,
        text=text,
        meta={"source": "bench", "published": "2024-11-24"},
        words=word_count(text),
    )
    starts = [i + 1 for i, ch in enumerate(text) if ch == " "] if claims else []
    spans: list[Claim] = []
    step = max(len(starts) // max(claims, 1), 1)
    for n in range(claims):
        start = starts[min(n * step, len(starts) - 1)]
        if n % 5 == 4 and spans:
            start = spans[-1].start + 3
        end = text.find(" ", start + rng.randint(10, 120))
        end = len(text) if end < 0 else end
        spans.append(
            Claim(
                article_id=article_id,
                annotator=ANNOTATOR,
                start=start,
                end=end,
                label=rng.choice(labels),
                confidence=rng.randint(1, 3),
            )
        )
    return ImportRecord(article=article, claims=spans)


def build(path: Path) -> str:
    """Create the database at `path` unless it exists (else migrate it); return the big article's id."""
    rng = random.Random(4)
    big = _text(rng, BIG_WORDS)
    big_id = article_id_for(big)
    if path.exists():
        Store(path).close()  # brings a cached database up to the current schema
        return big_id
    tmp = path.with_suffix(".tmp")
    tmp.unlink(missing_ok=True)
    store = Store(tmp)
    labels = store.schema.label_names

    def records():  # type: ignore[no-untyped-def]
        yield _record(big, "A very long generated article", BIG_CLAIMS, rng, labels)
        for n in range(ARTICLES - 1):
            yield _record(_text(rng, rng.randint(150, 600)), f"Generated article {n}", rng.randint(0, 3), rng, labels)

    store.imports.add(records())
    store.close()
    for suffix in ("-wal", "-shm"):
        Path(str(tmp) + suffix).unlink(missing_ok=True)
    tmp.rename(path)
    return big_id


if __name__ == "__main__":
    print(build(Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/claim-reader-bench.db")))
