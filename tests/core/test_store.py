"""The store: claims, validation, ownership, progress, the event log, undo/redo, schema and database checks."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import pytest

from reader.errors import InputError, StoreError, WriteBusy
from reader.models import ClaimFields
from reader.schema import DEFAULT_SCHEMA, Schema
from reader.store import Store
from reader.text import normalize
from tests.helpers import dump


def first_article(store: Store) -> str:
    return store.articles.ids()[0]


def stored_schema(store: Store) -> str:
    """The schema the database holds, as JSON."""
    return store.db.conn.execute("SELECT value FROM settings WHERE key = 'schema'").fetchone()[0]


def tag(store: Store, who: str = "alice", start: int = 0, end: int = 10, label: str = "EVENT", conf: int = 3):
    return store.claims.create(first_article(store), who, start, end, ClaimFields(label=label, confidence=conf))


def test_new_database_uses_wal_foreign_keys_and_stores_default_schema(store: Store, db_path: Path) -> None:
    assert store.db.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.db.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert Schema.model_validate_json(stored_schema(store)) == DEFAULT_SCHEMA
    tables = {r[0] for r in store.db.conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"articles", "claims", "progress", "events", "settings", "articles_fts", "_sqlite_migrations"} <= tables


def test_create_update_delete_are_logged(seeded: Store) -> None:
    claim = tag(seeded)
    assert seeded.claims.of_article(claim.article_id) == [claim]
    updated = seeded.claims.update(claim.id, "alice", label="QUANTITY", confidence=2, note="check [bold]x[/]")
    assert seeded.claims.get(claim.id).label == "QUANTITY" and seeded.claims.get(claim.id).note == "check [bold]x[/]"
    assert updated.updated_at >= claim.updated_at
    seeded.claims.delete(claim.id, "alice")
    assert seeded.claims.of_article(claim.article_id) == []
    kinds = [e.kind for e in seeded.history.events(article_id=claim.article_id)]
    assert kinds == ["create", "update", "delete"]
    delete = seeded.history.events(article_id=claim.article_id)[-1]
    assert delete.before["label"] == "QUANTITY" and delete.after is None


@pytest.mark.parametrize(
    ("start", "end", "label", "conf", "message"),
    [
        (0, 10**7, "EVENT", 3, "outside the text"),
        (0, 5, "NOPE", 3, "unknown label"),
        (0, 5, "EVENT", 7, "not on the scale"),
    ],
)
def test_invalid_claims_are_refused_and_nothing_is_written(seeded: Store, start, end, label, conf, message) -> None:
    before = dump(seeded.path)
    with pytest.raises(InputError, match=message):
        tag(seeded, start=start, end=end, label=label, conf=conf)
    assert dump(seeded.path) == before


def test_start_must_be_before_end(seeded: Store) -> None:
    with pytest.raises(ValueError):
        tag(seeded, start=5, end=5)


def test_overlapping_and_nested_claims_are_allowed(seeded: Store) -> None:
    tag(seeded, start=0, end=40)
    tag(seeded, start=10, end=20, label="QUANTITY")
    tag(seeded, start=30, end=60, label="CAUSAL")
    assert [(c.start, c.end) for c in seeded.claims.of_article(first_article(seeded))] == [(0, 40), (10, 20), (30, 60)]


def test_only_the_owner_edits_a_claim(seeded: Store) -> None:
    claim = tag(seeded, who="alice")
    with pytest.raises(InputError, match="belongs to alice"):
        seeded.claims.update(claim.id, "bob", label="OTHER")
    with pytest.raises(InputError, match="belongs to alice"):
        seeded.claims.delete(claim.id, "bob")


def test_undo_redo_survive_restart_and_touch_only_own_work(seeded: Store, db_path: Path) -> None:
    article = first_article(seeded)
    mine = tag(seeded, who="alice", start=0, end=10)
    theirs = tag(seeded, who="bob", start=20, end=30)
    seeded.claims.update(mine.id, "alice", label="RULE")
    seeded.close()
    reopened = Store(db_path)
    assert reopened.history.undo("alice", article)[0].kind == "update"
    assert reopened.claims.get(mine.id).label == "EVENT"
    assert reopened.history.undo("alice", article)[0].kind == "create"
    assert [c.id for c in reopened.claims.of_article(article)] == [theirs.id]
    assert reopened.history.undo("alice", article) == []
    reopened.close()
    again = Store(db_path)
    assert again.history.redo("alice", article)[0].kind == "create"
    assert again.history.redo("alice", article)[0].kind == "update"
    assert again.claims.get(mine.id).label == "RULE"
    assert again.history.redo("alice", article) == []
    assert again.claims.get(theirs.id).annotator == "bob"


def test_a_new_change_clears_redo(seeded: Store) -> None:
    article = first_article(seeded)
    tag(seeded, start=0, end=10)
    seeded.history.undo("alice", article)
    tag(seeded, start=20, end=30)
    assert seeded.history.redo("alice", article) == []


def test_undo_of_delete_restores_the_same_claim(seeded: Store) -> None:
    claim = tag(seeded)
    seeded.claims.delete(claim.id, "alice")
    seeded.history.undo("alice", claim.article_id)
    assert seeded.claims.get(claim.id) == claim


def test_done_flag_is_undoable_and_counts_without_claims(seeded: Store) -> None:
    article = first_article(seeded)
    assert seeded.progress.set_done(article, "alice", True).done
    assert seeded.progress.done_by(article) == ["alice"]
    row = next(r for r in seeded.articles.library("alice") if r.id == article)
    assert row.done and row.done_by == ["alice"] and row.mine == 0
    seeded.history.undo("alice", article)
    assert not seeded.progress.get(article, "alice").done


def test_reading_position_is_remembered(seeded: Store, db_path: Path) -> None:
    article = first_article(seeded)
    seeded.progress.set_position(article, "alice", 321)
    seeded.close()
    assert Store(db_path).progress.get(article, "alice").position == 321


def test_article_rows_count_mine_and_all(seeded: Store) -> None:
    tag(seeded, who="alice")
    tag(seeded, who="bob", start=30, end=40)
    row = next(r for r in seeded.articles.library("alice") if r.id == first_article(seeded))
    assert (row.mine, row.claims) == (1, 2)


def test_full_text_search(seeded: Store) -> None:
    hits = seeded.articles.search("Lee Woong-gil")
    assert len(hits) == 2
    rows = seeded.articles.library("alice", query="KCNA")
    assert rows == []  # the caption holding it is boilerplate, kept in meta, not in the body
    assert len(seeded.articles.library("alice", query="Pentagon")) >= 2
    assert seeded.articles.search('"unbalanced') == []


def test_schema_change_that_orphans_labels_is_refused(seeded: Store, db_path: Path, fashion_schema) -> None:
    tag(seeded, label="QUANTITY")
    seeded.close()
    with pytest.raises(StoreError, match=r"orphan existing claims .*label QUANTITY"):
        Store(db_path, schema=fashion_schema)
    assert Schema.model_validate_json(stored_schema(Store(db_path))) == DEFAULT_SCHEMA


def test_compatible_schema_change_is_stored(seeded: Store, db_path: Path) -> None:
    seeded.close()
    wider = DEFAULT_SCHEMA.model_copy(update={"leads": ["carol"]})
    Store(db_path, schema=wider).close()
    assert Store(db_path).schema.leads == ["carol"]


def test_not_sqlite_corrupt_and_newer_databases_are_refused(tmp_path: Path, db_path: Path) -> None:
    text_file = tmp_path / "notes.db"
    text_file.write_text("hello")
    with pytest.raises(StoreError, match="not an SQLite database"):
        Store(text_file)
    assert text_file.read_text() == "hello"

    Store(db_path).close()
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA user_version = 99")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="newer claim-reader"):
        Store(db_path)

    corrupt = tmp_path / "corrupt.db"
    corrupt.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    with pytest.raises(StoreError):
        Store(corrupt)


def test_read_only_database_opens_read_only(seeded: Store, db_path: Path) -> None:
    seeded.close()
    ro = Store(db_path, readonly=True)
    assert ro.readonly and ro.articles.count() == 5
    with pytest.raises(StoreError, match="read-only"):
        ro.progress.set_done(ro.articles.ids()[0], "alice", True)


def test_stored_text_is_normalized(seeded: Store) -> None:
    for article_id in seeded.articles.ids():
        text = seeded.articles.get(article_id).text
        assert normalize(text) == text


def test_schema_version_counts_the_migrations(store: Store) -> None:
    from reader.store import SCHEMA_VERSION
    from reader.store.migrations import migrations

    assert SCHEMA_VERSION == len(migrations.applied(store.db.utils)) == len(migrations._migrations)
    assert store.db.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_sentence_bounds_are_stored_at_import(seeded: Store) -> None:
    from reader.segment import sentence_spans

    for article_id in seeded.articles.ids():
        assert seeded.articles.sentences(article_id) == sentence_spans(seeded.articles.get(article_id).text)


def test_migration_fills_sentence_bounds_of_older_databases(seeded: Store, db_path: Path) -> None:
    seeded.db.conn.execute("ALTER TABLE articles DROP COLUMN sentences")
    seeded.db.conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm004_sentence_bounds'")
    seeded.db.conn.execute("PRAGMA user_version = 3")
    seeded.close()
    reopened = Store(db_path)
    article_id = reopened.articles.ids()[0]
    assert reopened.articles.sentences(article_id)[0][0] == 0
    assert len(reopened.articles.sentences(article_id)) > 10


def test_article_refs_resolve_by_unique_prefix_and_refuse_unknown_or_ambiguous_ones(seeded: Store) -> None:
    full = seeded.articles.ids()[1]
    assert seeded.articles.resolve([full, full[:5]]) == [full, full]
    with pytest.raises(InputError, match="no article with id zz"):
        seeded.articles.resolve(["zz"])
    with pytest.raises(InputError, match="is ambiguous"):
        seeded.articles.resolve([""])


def test_every_event_records_the_os_user_beside_the_annotator(seeded: Store, as_user) -> None:
    as_user("alice-account")
    claim = tag(seeded, "alice")
    as_user("carol-account")
    seeded.progress.set_done(first_article(seeded), "carol", True)
    rows = seeded.db.conn.execute(
        "SELECT annotator, os_user FROM events WHERE article_id = ? ORDER BY seq", [claim.article_id]
    ).fetchall()
    assert rows[-2:] == [("alice", "alice-account"), ("carol", "carol-account")]


def test_the_os_user_migration_keeps_older_events_with_no_os_user(seeded: Store, db_path: Path) -> None:
    tag(seeded)
    seeded.db.conn.execute("ALTER TABLE events DROP COLUMN os_user")
    seeded.db.conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm007_event_os_user'")
    seeded.db.conn.execute("PRAGMA user_version = 6")
    seeded.close()
    reopened = Store(db_path)
    assert {r[0] for r in reopened.db.conn.execute("SELECT os_user FROM events")} == {None}
    reopened.close()


LEADS = DEFAULT_SCHEMA.model_copy(update={"leads": ["carol"]})


def test_once_leads_are_stored_only_a_lead_changes_the_schema(seeded: Store, db_path: Path, as_user) -> None:
    seeded.close()
    as_user("bob")
    Store(db_path, schema=LEADS).close()
    evil = LEADS.model_copy(update={"leads": ["mallory"]})
    wider = LEADS.model_copy(update={"flags": ["checkworthy"]})
    for schema in (evil, wider):
        with pytest.raises(StoreError, match="only leads \\(carol\\) may change the stored schema; you are bob"):
            Store(db_path, schema=schema)
    Store(db_path, schema=LEADS).close()
    assert Store(db_path).schema == LEADS
    as_user("carol")
    Store(db_path, schema=evil).close()
    assert Store(db_path).schema.leads == ["mallory"]
    with pytest.raises(StoreError, match="you are carol"):
        Store(db_path, schema=LEADS)


def test_the_connection_belongs_to_the_thread_that_opened_it_and_a_worker_opens_its_own(seeded: Store) -> None:
    article_id = first_article(seeded)
    refused: list[Exception] = []
    seen: list[list[str]] = []

    def worker() -> None:
        try:
            seeded.articles.ids()
        except sqlite3.ProgrammingError as exc:
            refused.append(exc)
        with seeded.another() as mine:
            assert mine.readonly and mine.schema == seeded.schema
            seen.append([claim.id for claim in mine.claims.of_article(article_id)])

    made = tag(seeded)
    thread = threading.Thread(target=worker)
    thread.start()
    thread.join()
    assert len(refused) == 1 and "thread" in str(refused[0])
    assert seen == [[made.id]]  # the worker's connection reads what the UI thread's committed


def test_a_write_that_must_not_wait_is_refused_at_once_while_another_writer_works(seeded: Store, db_path: Path) -> None:
    probe = "INSERT INTO settings (key, value) VALUES ('probe', '1')"
    other = Store(db_path)
    before = dump(db_path)
    with other.write():  # another writer holds the writers' queue
        begin = time.monotonic()
        with pytest.raises(WriteBusy, match="another writer is at work; nothing was written"), seeded.write(wait=False):
            seeded.db.conn.execute(probe)
        assert time.monotonic() - begin < 0.5
    other.close()
    raw = sqlite3.connect(db_path, isolation_level=None)
    raw.execute("BEGIN IMMEDIATE")  # a program outside the queue holds SQLite's lock
    begin = time.monotonic()
    with pytest.raises(WriteBusy), seeded.write(wait=False):
        seeded.db.conn.execute(probe)
    assert time.monotonic() - begin < 0.5 and not seeded.db.conn.in_transaction
    raw.execute("ROLLBACK")
    raw.close()
    assert dump(db_path) == before
    assert seeded.db.conn.execute("PRAGMA busy_timeout").fetchone()[0] == 10_000
    with seeded.write(wait=False):
        seeded.db.conn.execute(probe)
    assert dump(db_path) != before
