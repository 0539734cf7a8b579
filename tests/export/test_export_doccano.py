"""doccano export: the same keys on every line (doccano's importer aborts otherwise), offsets in UTF-16 units as
doccano's browser counts them, and back in through our import with spans and annotators."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from reader.store import Store
from tests.export.helpers import EMOJI, annotate_with_emoji, export, import_file


@pytest.fixture
def with_emoji(seeded: Store, db_path: Path, tmp_path: Path) -> tuple[Path, list[str], str]:
    """The annotated seeds plus an article with two emoji before a claim (its UTF-16 offsets are 2 more)."""
    ids, emoji = annotate_with_emoji(seeded, tmp_path, 3)
    seeded.close()
    return db_path, ids, emoji


def test_fields_utf16_offsets_and_round_trip(with_emoji, tmp_path: Path) -> None:
    db_path, ids, emoji = with_emoji
    out = tmp_path / "d.jsonl"
    assert export(db_path, "--format", "doccano", "-o", str(out)).exit_code == 0
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert {tuple(r) for r in records} == {("text", "label", "Comments", "article_id", "annotator", "meta")}
    assert [(r["article_id"], r["annotator"]) for r in records if r["article_id"] != emoji] == [
        (ids[0], "alice"),
        (ids[0], "bob"),
        (ids[0], "gold"),
        (ids[1], "alice"),
        (ids[2], "carol"),
    ]
    [line] = [r for r in records if r["article_id"] == emoji]
    [[start, end, label]] = line["label"]
    units = line["text"].encode("utf-16-le")
    assert units[2 * start : 2 * end].decode("utf-16-le") == "The rate rose 5% in 2023" and label == "QUANTITY"
    assert start == EMOJI.index("The rate") + 2
    fresh = tmp_path / "fresh.db"
    assert import_file(fresh, out).exit_code == 0
    before, after = Store(db_path), Store(fresh)
    for article_id in [*ids[:2], emoji]:
        assert after.articles.get(article_id).text == before.articles.get(article_id).text
        assert after.articles.get(article_id).title == before.articles.get(article_id).title
        assert sorted((c.start, c.end, c.label, c.annotator) for c in after.claims.of_article(article_id)) == sorted(
            (c.start, c.end, c.label, c.annotator) for c in before.claims.of_article(article_id)
        )
    assert "Comments" not in after.articles.get(ids[0]).meta and "article_id" not in after.articles.get(ids[0]).meta


def test_an_offset_inside_an_emoji_is_refused_on_import(tmp_path: Path) -> None:
    source = tmp_path / "bad.jsonl"
    source.write_text(json.dumps({"text": EMOJI, "label": [[12, 20, "EVENT"]]}) + "\n", encoding="utf-8")
    result = import_file(tmp_path / "b.db", source)
    assert result.exit_code == 1 and f"{source}:1: span 12-20 cuts a character in two" in result.stderr


def doccano_meta_problems(path: Path) -> list[str]:
    """doccano 1.8's import path for a JSONL file, replayed with the libraries it uses: each batch of 1,000 lines
    becomes a pandas DataFrame (a key some lines lack is NaN in theirs), rows become dicts, every key but text and
    label is the example's meta, and SQLite's JSON check on the meta column refuses NaN, aborting the import."""
    pd = pytest.importorskip("pandas")
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    check = sqlite3.connect(":memory:")
    problems = []
    for first in range(0, len(rows), 1000):
        frame = pd.DataFrame(rows[first : first + 1000])
        for number, row in enumerate(frame.to_dict(orient="records"), start=first + 1):
            meta = {k: v for k, v in row.items() if k not in ("text", "label")}
            if not check.execute("SELECT json_valid(?)", [json.dumps(meta)]).fetchone()[0]:
                problems.append(
                    f"{path.name}:{number}: meta would hold NaN for {[k for k, v in meta.items() if v != v]}"
                )
    return problems


def test_doccanos_import_path_takes_every_line(with_emoji, tmp_path: Path) -> None:
    """The seeds' export carried `boilerplate` on some lines and `published` on one: doccano's importer stored NaN
    for the others and its JSON check aborted the whole import."""
    db_path, _ids, _emoji = with_emoji
    out = tmp_path / "d.jsonl"
    assert export(db_path, "--format", "doccano", "-o", str(out)).exit_code == 0
    assert doccano_meta_problems(out) == []
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert {"boilerplate" in line["meta"] for line in lines} == {True, False}
