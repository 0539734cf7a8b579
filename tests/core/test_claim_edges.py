"""One rule for claim edges (no whitespace at either end), on every path a claim is made, and no duplicate claims."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from reader.errors import InputError
from reader.models import ClaimFields
from reader.store import Store
from tests.export.helpers import import_file

TEXT = "Prices rose 5 percent.\n\nThe council said it would act. "


@pytest.fixture
def article(store: Store, tmp_path: Path) -> str:
    source = tmp_path / "a.txt"
    source.write_text(TEXT, encoding="utf-8")
    from reader.ingest import import_paths

    import_paths(store, [str(source)], "auto", "ana")
    return store.articles.ids()[0]


def test_the_store_trims_a_new_or_moved_claim_and_refuses_one_of_only_whitespace(store: Store, article: str) -> None:
    text = store.articles.get(article).text
    start = text.index("The council")
    claim = store.claims.create(article, "ana", start - 2, len(text), ClaimFields(label="EVENT", confidence=2))
    assert text[claim.start : claim.end] == "The council said it would act."
    assert store.claims.get(claim.id).start == start
    moved = store.claims.update(claim.id, "ana", start=0, end=start)
    assert text[moved.start : moved.end] == "Prices rose 5 percent."
    with pytest.raises(InputError, match="holds only whitespace"):
        store.claims.create(article, "ana", start - 2, start, ClaimFields(label="EVENT", confidence=2))
    assert store.history.check() == []


def test_a_second_claim_with_the_same_span_and_label_is_refused(store: Store, article: str) -> None:
    first = store.claims.create(article, "ana", 0, 22, ClaimFields(label="QUANTITY", confidence=2))
    with pytest.raises(
        InputError, match=rf"ana already has a QUANTITY claim on 0-22 'Prices rose 5 percent.' \({first.id}\)"
    ):
        store.claims.create(article, "ana", 0, 23, ClaimFields(label="QUANTITY", confidence=3))
    store.claims.create(article, "ana", 0, 22, ClaimFields(label="EVENT", confidence=2))  # another label: allowed
    store.claims.create(article, "ben", 0, 22, ClaimFields(label="QUANTITY", confidence=2))  # another annotator
    other = store.claims.create(article, "ana", 0, 6, ClaimFields(label="QUANTITY", confidence=2))
    with pytest.raises(InputError, match="already has a QUANTITY claim on 0-22"):
        store.claims.update(other.id, "ana", end=22)
    assert len(store.claims.of_article(article)) == 4


def test_import_trims_edges_and_refuses_duplicates_with_one_line_each(tmp_path: Path) -> None:
    db, source = tmp_path / "i.db", tmp_path / "spans.jsonl"
    spans = [
        {"start": 22, "end": 54, "label": "EVENT"},  # starts on the paragraph break
        {"start": 24, "end": 55, "label": "EVENT"},  # the same claim once trimmed (a trailing space): a duplicate
        {"start": 0, "end": 22, "label": "QUANTITY"},
        {"start": 0, "end": 22, "label": "QUANTITY"},  # the same span twice on one line
    ]
    source.write_text(json.dumps({"text": TEXT, "spans": spans, "_annotator_id": "ana"}) + "\n", encoding="utf-8")
    result = import_file(db, source)
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stdout.splitlines() if "duplicate claim not imported" in line]
    assert len(lines) == 2 and all(line.startswith(f"{source}:1: ") for line in lines)
    assert "ana already has a EVENT claim on 24-54" in lines[0]
    store = Store(db)
    text = store.articles.get(store.articles.ids()[0]).text
    assert sorted(text[c.start : c.end] for c in store.claims.of_article(store.articles.ids()[0])) == [
        "Prices rose 5 percent.",
        "The council said it would act.",
    ]
    store.close()
    again = import_file(db, source)  # the file still holds its duplicates: said again, nothing added
    assert [line for line in again.stdout.splitlines() if "duplicate claim not imported" in line] == lines
    store = Store(db)
    assert len(store.claims.of_article(store.articles.ids()[0])) == 2
    store.close()


def test_the_upgrade_trims_stored_claims_and_logs_each_change(store: Store, article: str, db_path: Path) -> None:
    """Claims an older version stored with whitespace edges are trimmed once, when the database is upgraded."""
    kept = store.claims.create(article, "ana", 0, 22, ClaimFields(label="QUANTITY", confidence=2))
    claim = store.claims.create(article, "ben", 24, 54, ClaimFields(label="EVENT", confidence=2, note="n"))
    store.close()
    conn = sqlite3.connect(db_path)
    conn.execute("UPDATE claims SET start = 22 WHERE id = ?", [claim.id])
    row = dict(zip([d[0] for d in conn.execute("SELECT * FROM claims").description], conn.execute(
        "SELECT * FROM claims WHERE id = ?", [claim.id]).fetchone(), strict=True))  # fmt: skip
    conn.execute(
        "UPDATE events SET after = ? WHERE claim_id = ?",
        [json.dumps(row, sort_keys=True, separators=(",", ":")), claim.id],
    )
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm009_datasets'")
    conn.execute("DROP TABLE tokens")
    conn.execute("PRAGMA user_version = 7")
    conn.commit()
    conn.close()
    upgraded = Store(db_path)
    after = upgraded.claims.get(claim.id)
    assert (after.start, after.end, after.note) == (24, 54, "n")
    assert upgraded.claims.get(kept.id).start == 0
    [event] = upgraded.history.events(via="migration")
    assert (event.annotator, event.kind, event.claim_id) == ("ben", "update", claim.id)
    assert (event.before["start"], event.after["start"]) == (22, 24)
    assert upgraded.history.check() == []
    [undone] = upgraded.history.undo("ben", article)  # ben's own creation, not the upgrade's trim
    assert undone.kind == "create"
    upgraded.close()
