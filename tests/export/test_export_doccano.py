"""doccano export: `text`, `label` triples, `id` and `Comments`, flat metadata; it imports back with spans and
annotators."""

from __future__ import annotations

import json
from pathlib import Path

from reader.store import Store
from tests.export.helpers import annotate, export, import_file


def test_fields_and_round_trip(seeded: Store, db_path: Path, tmp_path: Path) -> None:
    ids = annotate(seeded)
    seeded.close()
    out = tmp_path / "d.jsonl"
    assert export(db_path, "--format", "doccano", "-o", str(out)).exit_code == 0
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [(r["id"], r["annotator"]) for r in records] == [
        (ids[0], "alice"),
        (ids[0], "bob"),
        (ids[0], "gold"),
        (ids[1], "alice"),
        (ids[2], "carol"),
    ]
    first = records[0]
    assert list(first)[:5] == ["id", "text", "label", "Comments", "annotator"]
    assert first["Comments"] == [] and "tokens" not in first and "meta" not in first
    for record in records:
        for start, end, label in record["label"]:
            assert isinstance(start, int) and isinstance(end, int) and label
    fresh = tmp_path / "fresh.db"
    assert import_file(fresh, out).exit_code == 0
    before, after = Store(db_path), Store(fresh)
    for article_id in ids[:2]:
        assert after.articles.get(article_id).text == before.articles.get(article_id).text
        assert after.articles.get(article_id).title == before.articles.get(article_id).title
        assert sorted((c.start, c.end, c.label, c.annotator) for c in after.claims.of_article(article_id)) == sorted(
            (c.start, c.end, c.label, c.annotator) for c in before.claims.of_article(article_id)
        )
    assert "Comments" not in after.articles.get(ids[0]).meta
