"""CSV export: one row per claim with its sentence, read whole by pandas and the csv module, safe in a spreadsheet."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from reader.models import ClaimFields
from reader.store import Store
from tests.export.helpers import annotate, export


def test_one_row_per_claim_with_its_sentence_read_by_pandas_and_csv(
    seeded: Store, db_path: Path, tmp_path: Path
) -> None:
    ids = annotate(seeded)
    text = seeded.articles.get(ids[1]).text
    formula = text.index("Russia")
    seeded.claims.create(
        ids[1], "zed", formula, formula + 6, ClaimFields(label="OTHER", confidence=2, note='=HYPERLINK("x")\n2nd')
    )
    claims = {c.id: c for a in ids for c in seeded.claims.of_article(a)}
    seeded.close()
    out = tmp_path / "claims.csv"
    assert export(db_path, "--format", "csv", "-o", str(out)).exit_code == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert len(rows) == len(claims) == 6
    for row in rows:
        claim = claims[row["id"]]
        article = Store(db_path).articles.get(claim.article_id).text
        assert row["text"] == article[claim.start : claim.end] == article[int(row["start"]) : int(row["end"])]
        start = int(row["context_start"])
        assert article[start : start + len(row["context"])] == row["context"] and row["text"] in row["context"]
        assert (row["annotator"], row["label"], int(row["confidence"])) == (
            claim.annotator,
            claim.label,
            claim.confidence,
        )
    zed = next(row for row in rows if row["annotator"] == "zed")
    assert zed["note"] == '\'=HYPERLINK("x")\n2nd' and zed["checkworthy"] == "0"
    pandas = pytest.importorskip("pandas")
    frame = pandas.read_csv(out, keep_default_na=False)
    assert list(frame.columns)[:6] == ["article_id", "title", "annotator", "label", "confidence", "text"]
    assert len(frame) == 6 and set(frame["id"]) == set(claims)
