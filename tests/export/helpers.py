"""Shared set-up of the export tests: the seeds annotated by several people, and running `export` in-process."""

from __future__ import annotations

from pathlib import Path

import orjson
from click.testing import CliRunner, Result

from reader.cli import cli
from reader.models import GOLD, ClaimFields
from reader.segment import sentence_spans
from reader.store import Store

EMOJI = "Emoji test 😀 and 🚀 here.\n\nThe rate rose 5% in 2023, officials said."
"""An article with two emoji (two UTF-16 surrogate pairs) before its claim."""


def annotate_with_emoji(store: Store, folder: Path, confidence: int) -> tuple[list[str], str]:
    """Annotate the seeds, then import EMOJI as alice's article with her QUANTITY claim on its second paragraph's
    first clause, done; return the seeds' ids and the emoji article's id (the store is left open)."""
    from reader.ingest import import_paths

    ids = annotate(store)
    source = folder / "emoji.txt"
    source.write_text(EMOJI, encoding="utf-8")
    import_paths(store, [str(source)], "auto", "alice")
    emoji = next(a for a in store.articles.ids() if store.articles.get(a).text.startswith("Emoji"))
    fields = ClaimFields(label="QUANTITY", confidence=confidence)
    store.claims.create(emoji, "alice", EMOJI.index("The rate"), EMOJI.index(","), fields)
    store.progress.set_done(emoji, "alice", True)
    return ids, emoji


def annotate(store: Store) -> list[str]:
    """Annotate the seeded store; return the article ids in export (id) order.

    alice: two sentence claims on the first article and one on the second, done with both; bob: a claim
    nested in alice's first (an overlap), done with the first; gold: one adjudicated claim on the first;
    carol: done with the third article and no claims ("no claims here").
    """
    ids = sorted(store.articles.ids())
    first, second = (sentence_spans(store.articles.get(a).text) for a in ids[:2])
    text = store.articles.get(ids[0]).text
    s0, s1 = first[0], first[1]
    store.claims.create(
        ids[0],
        "alice",
        *s0,
        ClaimFields(label="EVENT", confidence=3, note="lead\tparagraph", speaker="Pentagon", checkworthy=True),
    )
    store.claims.create(ids[0], "alice", *s1, ClaimFields(label="QUANTITY", confidence=1, hedged=True))
    store.claims.create(ids[1], "alice", *second[0], ClaimFields(label="POSITION", confidence=2))
    word_end = text.index(" ", s0[0]) if " " in text[s0[0] : s0[1]] else s0[1]
    store.claims.create(ids[0], "bob", s0[0], word_end, ClaimFields(label="QUANTITY", confidence=2))
    store.claims.create(
        ids[0], GOLD, *s0, ClaimFields(label="EVENT", confidence=3), adjudicated_by="lead", origin="adjudicated"
    )
    store.progress.set_done(ids[0], "alice", True)
    store.progress.set_done(ids[1], "alice", True)
    store.progress.set_done(ids[0], "bob", True)
    store.progress.set_done(ids[2], "carol", True)
    return ids


def native_articles(data: bytes) -> list[dict]:
    """The article lines of a native export, after its header line (which carries the schema)."""
    header, *articles = (orjson.loads(line) for line in data.splitlines())
    assert header["format"] == "claim-reader native" and "labels" in header["schema"]
    return articles


def export(db: Path, *args: str, schema: Path | None = None) -> Result:
    """Run `claim-reader export` on a database in-process (stdout captured as bytes)."""
    options = ["--db", str(db), "--annotator", "tester"] + (["--schema", str(schema)] if schema else [])
    return CliRunner().invoke(cli, [*options, "export", *args], catch_exceptions=False)


def import_file(db: Path, path: Path, *more: str, schema: Path | None = None) -> Result:
    """Run `claim-reader import` in-process."""
    options = ["--db", str(db), "--annotator", "tester"] + (["--schema", str(schema)] if schema else [])
    return CliRunner().invoke(cli, [*options, "import", str(path), *more], catch_exceptions=False)
