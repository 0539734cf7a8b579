"""Merging databases from many machines: idempotent, order-independent, latest version wins, nothing lost, bad files
refused."""

from __future__ import annotations

import json
import random
import shutil
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from reader.cli import cli
from reader.errors import StoreError
from reader.merge import merge
from reader.models import GOLD, ClaimFields, new_id, now
from reader.schema import DEFAULT_SCHEMA
from reader.seeds import import_seeds
from reader.store import CLAIM_COLUMNS, Store
from tests.helpers import dump

LABELS = ("EVENT", "QUANTITY", "CAUSAL", "RULE")


def machine(path: Path) -> Store:
    """A database on one annotator's machine, holding the seed articles."""
    store = Store(path)
    import_seeds(store)
    return store


def copy(store: Store, path: Path) -> Store:
    """A copy of a database, as if carried to another machine."""
    store.db.backup(path)
    return Store(path)


def tag(store: Store, who: str, start: int = 0, label: str = "EVENT", article: int = 0) -> str:
    """Create one claim and return its id."""
    article_id = store.articles.ids()[article]
    return store.claims.create(article_id, who, start, start + 8, ClaimFields(label=label, confidence=3)).id


def state(store: Store) -> tuple[set, set, set, set]:
    """What must be equal whatever the merge order: articles, claims, progress and events (their origin aside)."""
    conn = store.db.conn
    return (
        {r[0] for r in conn.execute("SELECT id FROM articles")},
        set(conn.execute("SELECT * FROM claims")),
        set(conn.execute("SELECT article_id, annotator, done, position, meta, updated_at FROM progress")),
        set(conn.execute("SELECT id, ts, annotator, kind, article_id, claim_id, target, before, after FROM events")),
    )


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Store, Store]:
    """Two machines that started from the same database and then worked apart."""
    a = machine(tmp_path / "a.db")
    shared = tag(a, "alice", 0)
    b = copy(a, tmp_path / "b.db")
    tag(a, "alice", 20, "QUANTITY")
    a.claims.update(shared, "alice", label="RULE")
    a.progress.set_done(a.articles.ids()[0], "alice", True)
    tag(b, "bob", 30, "CAUSAL", article=1)
    b.progress.set_done(b.articles.ids()[1], "bob", True)
    b.claims.create(
        b.articles.ids()[1],
        GOLD,
        30,
        38,
        ClaimFields(label="CAUSAL", confidence=3),
        origin="adjudicated",
        adjudicated_by="lead",
    )
    yield a, b
    a.close()
    b.close()


def test_merge_brings_everything_and_reports_it(pair: tuple[Store, Store]) -> None:
    a, b = pair
    [summary] = merge(b, [a.path])
    assert (summary.articles, summary.claims_added, summary.claims_updated, summary.claims_deleted) == (0, 1, 1, 0)
    assert summary.events == 3 and summary.done_changed == 1
    assert state(a)[1] <= state(b)[1]
    assert b.progress.done_by(a.articles.ids()[0]) == ["alice"]
    assert {e.id for e in a.history.events()} <= {e.id for e in b.history.events()}
    merged = {e.id for e in b.history.events(via="merge")}
    assert {e.id for e in a.history.events()} & merged == {e.id for e in a.history.events()[-3:]}
    assert b.history.check() == []


def test_merge_into_an_empty_database_brings_articles_and_gold(pair: tuple[Store, Store], tmp_path: Path) -> None:
    _, b = pair
    empty = Store(tmp_path / "lead.db")
    [summary] = merge(empty, [b.path])
    assert summary.articles == 5 and empty.articles.count() == 5
    ids = b.articles.ids()
    assert [empty.articles.sentences(a) for a in ids] == [b.articles.sentences(a) for a in ids]
    gold = empty.claims.of_article(b.articles.ids()[1], [GOLD])
    assert [(c.adjudicated_by, c.origin) for c in gold] == [("lead", "adjudicated")]
    assert empty.history.check() == []


def test_merging_twice_changes_nothing(pair: tuple[Store, Store]) -> None:
    a, b = pair
    merge(b, [a.path])
    before = dump(b.path)
    [again] = merge(b, [a.path])
    counts = again.model_dump(exclude={"source", "by_annotator", "left_out"})
    assert counts == dict.fromkeys(counts, 0) and again.by_annotator == again.left_out == {}
    assert dump(b.path) == before


def test_merge_order_does_not_matter(pair: tuple[Store, Store], tmp_path: Path) -> None:
    a, b = pair
    a2, b2 = copy(a, tmp_path / "a2.db"), copy(b, tmp_path / "b2.db")
    merge(a2, [b.path])
    merge(b2, [a.path])
    assert state(a2) == state(b2)
    assert a2.history.check() == b2.history.check() == []


def test_conflicting_edits_latest_wins_and_the_loser_stays_in_the_log(pair: tuple[Store, Store]) -> None:
    a, b = pair
    shared = next(e.claim_id for e in a.history.events() if e.kind == "update")
    b.claims.update(shared, "alice", label="QUANTITY", note="edited later on machine b")
    merge(b, [a.path])
    merge(a, [b.path])
    for store in (a, b):
        assert store.claims.get(shared).label == "QUANTITY"
        labels = [e.after["label"] for e in store.history.events() if e.claim_id == shared and e.after]
        assert sorted(labels) == ["EVENT", "QUANTITY", "RULE"]
        assert store.history.check() == []


def test_the_latest_of_a_deletion_and_an_edit_wins(pair: tuple[Store, Store]) -> None:
    a, b = pair
    claim_id = next(e.claim_id for e in a.history.events() if e.kind == "update")
    b.claims.delete(claim_id, "alice")
    merge(a, [b.path])
    assert claim_id not in {c.id for c in a.claims.of_article(a.articles.ids()[0])}
    b.history.undo("alice", b.articles.ids()[0])
    merge(a, [b.path])
    assert a.claims.get(claim_id).label == "EVENT", "the undo on b restores what b had, and it is the latest event"
    b.claims.update(claim_id, "alice", label="CAUSAL")
    a.claims.delete(claim_id, "alice")
    merge(a, [b.path])
    merge(b, [a.path])
    assert all(claim_id not in {c.id for c in s.claims.of_article(s.articles.ids()[0])} for s in (a, b))
    assert a.history.check() == b.history.check() == []


def test_random_histories_merge_to_the_same_state_in_any_order(tmp_path: Path) -> None:
    rng = random.Random(7)
    origin = machine(tmp_path / "origin.db")
    stores = [copy(origin, tmp_path / f"m{i}.db") for i in range(3)]
    for i in range(4):
        tag(stores[0], "alice", 10 * i)
    for store in stores[1:]:
        merge(store, [stores[0].path])
    for _ in range(60):
        store = rng.choice(stores)
        alive = [c.id for a in store.articles.ids() for c in store.claims.of_article(a, ["alice"])]
        roll = rng.random()
        if roll < 0.3 or not alive:
            tag(store, "alice", rng.randrange(0, 200), rng.choice(LABELS), article=rng.randrange(5))
        elif roll < 0.7:
            store.claims.update(rng.choice(alive), "alice", label=rng.choice(LABELS))
        elif roll < 0.85:
            store.claims.delete(rng.choice(alive), "alice")
        else:
            store.progress.set_done(store.articles.ids()[rng.randrange(5)], "alice", rng.random() < 0.5)
    orders = [(0, 1, 2), (2, 1, 0), (1, 0, 2)]
    results = []
    for n, order in enumerate(orders):
        target = copy(stores[order[0]], tmp_path / f"r{n}.db")
        for i in order[1:]:
            merge(target, [stores[i].path])
        assert target.history.check() == []
        results.append(state(target))
    assert results[0] == results[1] == results[2]


def test_a_newer_non_sqlite_or_foreign_file_is_refused_and_nothing_changes(
    pair: tuple[Store, Store], tmp_path: Path
) -> None:
    a, b = pair
    text = tmp_path / "notes.db"
    text.write_text("not a database, just text that is long enough\n")
    foreign = tmp_path / "foreign.db"
    sqlite3.connect(foreign).execute("CREATE TABLE t (x)").connection.close()
    newer = tmp_path / "newer.db"
    shutil.copy(a.path, newer)
    conn = sqlite3.connect(newer)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    before = dump(b.path)
    for bad, message in (
        (text, "not an SQLite database"),
        (foreign, "not a claim-reader database"),
        (newer, "newer claim-reader"),
        (tmp_path / "missing.db", "no such database"),
        (b.path, "into itself"),
    ):
        with pytest.raises(StoreError, match=message):
            merge(b, [a.path, bad])
    assert dump(b.path) == before


def test_merge_reads_a_read_only_source_without_changing_it(pair: tuple[Store, Store], tmp_path: Path) -> None:
    a, b = pair
    a.close()
    ro = tmp_path / "ro"
    ro.mkdir()
    source = ro / "a.db"
    shutil.copy(a.path, source)
    content = source.read_bytes()
    source.chmod(0o444)
    ro.chmod(0o555)
    try:
        [summary] = merge(b, [source])
    finally:
        ro.chmod(0o755)
    assert summary.claims_added == 1
    assert source.read_bytes() == content


def test_merge_refuses_claims_the_schema_cannot_hold(pair: tuple[Store, Store], tmp_path: Path, fashion_schema) -> None:
    a, _ = pair
    other = Store(tmp_path / "fashion.db", schema=fashion_schema)
    before = dump(other.path)
    with pytest.raises(StoreError, match="schema lacks; nothing was merged"):
        merge(other, [a.path])
    assert dump(other.path) == before


def test_merge_command_reports_each_file_and_errors_in_one_line(pair: tuple[Store, Store], tmp_path: Path) -> None:
    a, b = pair
    runner = CliRunner()
    result = runner.invoke(cli, ["--db", str(b.path), "merge", str(a.path)])
    assert result.exit_code == 0, result.output
    assert "claims 1 added, 1 updated, 0 deleted; 3 events added; 1 done flags changed" in result.output
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"garbage" * 10)
    result = runner.invoke(cli, ["--db", str(b.path), "merge", str(bad)])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [f"claim-reader: error: {bad}: not an SQLite database"]


# -- merge trusts nothing from the other file -------------------------------------------------------------


def forge(path: Path, sql: str, *params: object) -> None:
    """Change another machine's database behind claim-reader's back, as a hand or a hostile script could."""
    conn = sqlite3.connect(path)
    conn.execute(sql, params)
    conn.commit()
    conn.close()


def forged_update(path: Path, claim_id: str, annotator: str, ts: str | None = None, **changes: object) -> int:
    """Append an update event by `annotator` that rewrites claim `claim_id`; return its row (seq)."""
    conn = sqlite3.connect(path)
    before = dict(
        zip(
            CLAIM_COLUMNS,
            conn.execute(f"SELECT {', '.join(CLAIM_COLUMNS)} FROM claims WHERE id = ?", [claim_id]).fetchone(),
            strict=True,
        )
    )
    after = {**before, **changes}
    cursor = conn.execute(
        "INSERT INTO events (id, ts, annotator, kind, via, article_id, claim_id, before, after)"
        " VALUES (?, ?, ?, 'update', 'reader', ?, ?, ?, ?)",
        [new_id(), ts or now(), annotator, before["article_id"], claim_id, json.dumps(before), json.dumps(after)],
    )
    conn.commit()
    conn.close()
    return cursor.lastrowid


@pytest.fixture
def forgery(pair: tuple[Store, Store], tmp_path: Path) -> tuple[Store, Path, str]:
    """The first machine's database, a copy of it to forge, and the id of alice's claim in both."""
    a, _ = pair
    claim_id = a.claims.of_article(a.articles.ids()[0], ["alice"])[0].id
    forged = tmp_path / "forged.db"
    a.db.backup(forged)
    return a, forged, claim_id


def refused(store: Store, path: Path, message: str) -> None:
    """Merging `path` into `store` must fail naming the file and the reason, and change nothing."""
    before = dump(store.path)
    with pytest.raises(StoreError) as caught:
        merge(store, [path])
    assert str(caught.value).startswith(f"{path}: ") and message in str(caught.value), str(caught.value)
    assert str(caught.value).endswith("; nothing was merged")
    assert dump(store.path) == before


def test_a_forged_event_may_not_rewrite_another_annotators_claim(forgery: tuple[Store, Path, str]) -> None:
    a, forged, claim_id = forgery
    row = forged_update(forged, claim_id, "mallory", end=99999)
    refused(a, forged, f"events row {row}: mallory may not change alice's claim {claim_id}")


def test_a_merged_span_must_lie_inside_its_article(forgery: tuple[Store, Path, str]) -> None:
    a, forged, claim_id = forgery
    row = forged_update(forged, claim_id, "alice", end=99999)
    length = len(a.articles.get(a.articles.ids()[0]).text)
    refused(a, forged, f"events row {row}: span 0-99999 of claim {claim_id} is outside its article (length {length})")


def test_a_merged_event_from_the_future_is_refused(forgery: tuple[Store, Path, str]) -> None:
    a, forged, claim_id = forgery
    future = (datetime.now(UTC) + timedelta(minutes=30)).isoformat(timespec="microseconds")
    row = forged_update(forged, claim_id, "alice", ts=future, label="OTHER")
    refused(a, forged, f"events row {row}: timestamp {future} is in the future")
    skew = (datetime.now(UTC) + timedelta(minutes=2)).isoformat(timespec="microseconds")
    forge(forged, "UPDATE events SET ts = ? WHERE seq = ?", skew, row)
    [summary] = merge(a, [forged])
    assert summary.claims_updated == 1 and a.claims.get(claim_id).label == "OTHER"


def test_a_merged_article_id_must_be_the_hash_of_its_text(forgery: tuple[Store, Path, str]) -> None:
    a, forged, _ = forgery
    forge(forged, "UPDATE articles SET text = text || ' And one forged sentence.' WHERE rowid = 2")
    article_id = a.articles.ids()[1]
    refused(a, forged, f"articles row 2 (id {article_id}): the id is not the hash of its text")


def test_only_a_lead_event_changes_gold(pair: tuple[Store, Store], tmp_path: Path, as_user) -> None:
    as_user("lead")  # the lead merges, so the owner rules are what refuses
    _, b = pair
    b.close()
    team = Store(b.path, schema=DEFAULT_SCHEMA.model_copy(update={"leads": ["lead"]}))
    gold_id = team.claims.of_article(team.articles.ids()[1], [GOLD])[0].id
    forged = tmp_path / "forged.db"
    team.db.backup(forged)
    row = forged_update(forged, gold_id, "bob", label="RULE")
    refused(team, forged, f"events row {row}: bob may not change gold claim {gold_id} (only leads: lead)")
    forge(forged, "UPDATE events SET annotator = 'lead' WHERE seq = ?", row)
    [summary] = merge(team, [forged])
    assert summary.claims_updated == 1 and team.claims.get(gold_id).label == "RULE"
    team.close()


def test_merged_events_record_who_merged_them_beside_the_account_the_file_claims(
    pair: tuple[Store, Store], as_user
) -> None:
    a, b = pair
    as_user("alice-account")
    claim_id = tag(a, "alice", 40)
    as_user("bob-account")
    merge(b, [a.path])
    tag(b, "bob", 50)
    rows = {
        row[0]: row[1:]
        for row in b.db.conn.execute(
            "SELECT claim_id, os_user, claimed_os_user, via FROM events WHERE claim_id IS NOT NULL ORDER BY seq"
        )
    }
    assert rows[claim_id] == ("bob-account", "alice-account", "merge")
    assert list(rows.values())[-1] == ("bob-account", None, "reader")


def corrupt_page_3(path: Path) -> None:
    """Overwrite the third page of a database file with garbage, as a bad disk or a stray write would."""
    page = sqlite3.connect(path).execute("PRAGMA page_size").fetchone()[0]
    with path.open("r+b") as handle:
        handle.seek(2 * page)
        handle.write(b"\xa5" * page)


def test_a_corrupt_database_is_refused_by_import_and_merge_and_never_written(
    pair: tuple[Store, Store], tmp_path: Path
) -> None:
    a, b = pair
    a.close()
    b.close()
    broken = tmp_path / "broken.db"
    shutil.copy(a.path, broken)
    corrupt_page_3(broken)
    text = tmp_path / "new.txt"
    text.write_text("A new article.\nIt says 3 things.\n")
    content = broken.read_bytes()
    runner = CliRunner()
    for args in (["import", str(text)], ["merge", str(b.path)]):
        result = runner.invoke(cli, ["--db", str(broken), *args])
        assert result.exit_code == 1, result.output
        [line] = result.output.strip().splitlines()
        assert line.startswith(f"claim-reader: error: {broken}: the database is corrupt (quick_check: "), line
        assert broken.read_bytes() == content
    before = b.path.read_bytes()
    result = runner.invoke(cli, ["--db", str(b.path), "merge", str(broken)])
    assert result.exit_code == 1
    assert result.output.startswith(f"claim-reader: error: {broken}: the database is corrupt (quick_check: ")
    assert b.path.read_bytes() == before


def forged_row_event(path: Path, annotator: str, kind: str, article_id: str, after: dict[str, object]) -> int:
    """Append an event by `annotator` that writes a link or decision row (no claim); return its row (seq)."""
    conn = sqlite3.connect(path)
    cursor = conn.execute(
        "INSERT INTO events (id, ts, annotator, kind, via, article_id, after) VALUES (?, ?, ?, ?, 'reader', ?, ?)",
        [new_id(), now(), annotator, kind, article_id, json.dumps(after)],
    )
    conn.commit()
    conn.close()
    return cursor.lastrowid


def test_forged_links_and_review_decisions_are_refused(pair: tuple[Store, Store], tmp_path: Path, as_user) -> None:
    as_user("lead")
    _, b = pair
    b.close()
    team = Store(b.path, schema=DEFAULT_SCHEMA.model_copy(update={"leads": ["lead"]}))
    article_id = team.articles.ids()[0]
    forged = tmp_path / "forged.db"
    team.db.backup(forged)
    link = {
        "id": new_id(),
        "claim_a": new_id(),
        "claim_b": new_id(),
        "relation": "same",
        "annotator": "alice",
        "created_at": now(),
    }
    row = forged_row_event(forged, "mallory", "link", article_id, link)
    refused(team, forged, f"events row {row}: mallory may not change alice's link")
    forge(forged, "DELETE FROM events WHERE seq = ?", row)
    verdict = {
        "id": new_id(),
        "article_id": article_id,
        "row_key": "k",
        "verdict": "rejected",
        "lead": "bob",
        "ts": now(),
    }
    row = forged_row_event(forged, "bob", "review", article_id, verdict)
    refused(team, forged, f"events row {row}: bob may not change review decision (only leads: lead)")
    team.close()


@pytest.fixture
def team(pair: tuple[Store, Store], tmp_path: Path) -> tuple[Store, Path]:
    """The second machine's database with a lead set, and a copy of it to forge."""
    _, b = pair
    b.close()
    store = Store(b.path, schema=DEFAULT_SCHEMA.model_copy(update={"leads": ["lead"]}))
    forged = tmp_path / "forged.db"
    store.db.backup(forged)
    yield store, forged
    store.close()


def test_a_merged_link_or_decision_row_must_have_exactly_its_tables_columns(team: tuple[Store, Path], as_user) -> None:
    as_user("lead")
    store, forged = team
    article_id = store.articles.ids()[0]
    link = {
        "id": new_id(),
        "claim_a": new_id(),
        "claim_b": new_id(),
        "relation": "same",
        "annotator": "mallory",
        "created_at": now(),
    }
    injected = {**link, 'created_at") SELECT 1, 2, 3, 4, 5, (SELECT group_concat(os_user) FROM events) --': 1}
    other_case = {**{k: v for k, v in link.items() if k != "annotator"}, "ANNOTATOR": "alice"}
    no_id = {k: v for k, v in link.items() if k != "id"}
    no_owner = {k: v for k, v in link.items() if k != "annotator"}
    for after in (injected, other_case, no_id, no_owner, {"relation": "same"}):
        row = forged_row_event(forged, "mallory", "link", article_id, after)
        refused(store, forged, f"events row {row}: its links row does not have exactly the columns id, claim_a,")
        forge(forged, "DELETE FROM events WHERE seq = ?", row)
    decision = {
        "id": new_id(),
        "annotator": "mallory",
        "article_id": article_id,
        "start": 0,
        "end": 8,
        "label": "EVENT",
        "decision": "rejected",
        "ts": now(),
        "Annotator": "alice",
    }
    row = forged_row_event(forged, "mallory", "reject", article_id, decision)
    refused(store, forged, f"events row {row}: its suggestion_decisions row does not have exactly the columns")
    forge(forged, "DELETE FROM events WHERE seq = ?", row)
    row = forged_row_event(forged, "mallory", "link", article_id, link)
    [summary] = merge(store, [forged])
    assert summary.events == 1
    assert store.db.conn.execute("SELECT annotator FROM links WHERE id = ?", [link["id"]]).fetchone() == ("mallory",)


def test_a_forged_event_may_not_unlink_or_take_over_a_stored_link(team: tuple[Store, Path], as_user) -> None:
    as_user("lead")
    store, forged = team
    alice = Store(forged, schema=store.schema)
    a, b = tag(alice, "alice", 300), tag(alice, "alice", 300, article=1)
    link = alice.links.create("alice", a, b, "same").model_dump()
    alice.close()
    merge(store, [forged])
    for kind, before, after in (
        ("unlink", {**link, "annotator": "mallory"}, None),
        ("link", None, {**link, "annotator": "mallory"}),
    ):
        conn = sqlite3.connect(forged)
        row = conn.execute(
            "INSERT INTO events (id, ts, annotator, kind, via, article_id, before, after)"
            " VALUES (?, ?, 'mallory', ?, 'reader', ?, ?, ?)",
            [
                new_id(),
                now(),
                kind,
                store.articles.ids()[0],
                before and json.dumps(before),
                after and json.dumps(after),
            ],
        ).lastrowid
        conn.commit()
        conn.close()
        refused(store, forged, f"events row {row}: mallory may not change alice's link")
        forge(forged, "DELETE FROM events WHERE seq = ?", row)


def test_a_claim_new_here_is_owned_by_its_first_event_not_by_a_forged_one(team: tuple[Store, Path], as_user) -> None:
    as_user("lead")
    store, forged = team
    alice = Store(forged, schema=store.schema)
    claim_id = tag(alice, "alice", 300)
    row = alice.claims.row(claim_id)
    alice.close()
    for kind, before, after in (
        ("update", None, {**row, "annotator": "mallory", "label": "RULE"}),
        ("delete", {**row, "annotator": "mallory"}, None),
    ):
        conn = sqlite3.connect(forged)
        seq = conn.execute(
            "INSERT INTO events (id, ts, annotator, kind, via, article_id, claim_id, before, after)"
            " VALUES (?, ?, 'mallory', ?, 'reader', ?, ?, ?, ?)",
            [
                new_id(),
                now(),
                kind,
                row["article_id"],
                claim_id,
                before and json.dumps(before),
                after and json.dumps(after),
            ],
        ).lastrowid
        conn.commit()
        conn.close()
        refused(store, forged, f"events row {seq}: mallory may not change alice's claim {claim_id}")
        forge(forged, "DELETE FROM events WHERE seq = ?", seq)
    [summary] = merge(store, [forged])
    assert summary.claims_added == 1 and store.claims.get(claim_id).annotator == "alice"


def test_a_claim_row_no_event_made_is_refused(forgery: tuple[Store, Path, str]) -> None:
    a, forged, claim_id = forgery
    gold_id = new_id()
    forge(
        forged,
        f"INSERT INTO claims ({', '.join(CLAIM_COLUMNS)}) SELECT"
        f" {', '.join('?' if c == 'id' else f'{GOLD!r}' if c == 'annotator' else c for c in CLAIM_COLUMNS)}"
        " FROM claims WHERE id = ?",
        gold_id,
        claim_id,
    )
    refused(a, forged, f"claim {gold_id} has no event")
    forge(forged, "DELETE FROM claims WHERE id = ?", gold_id)
    forge(forged, "UPDATE claims SET label = 'QUANTITY', updated_at = '2999-01-01' WHERE id = ?", claim_id)
    before = a.claims.get(claim_id)
    [summary] = merge(a, [forged])
    assert summary.claims_updated == 0 and a.claims.get(claim_id) == before


def test_a_done_flag_no_event_set_is_not_merged(forgery: tuple[Store, Path, str]) -> None:
    a, forged, _ = forgery
    article_id = a.articles.ids()[2]
    forge(
        forged,
        "INSERT INTO progress (article_id, annotator, done, position, updated_at) VALUES (?, 'bob', 1, 7, ?)",
        article_id,
        now(),
    )
    [summary] = merge(a, [forged])
    assert summary.done_changed == 0 and a.progress.done_by(article_id) == []
    other = Store(forged)
    other.progress.set_done(article_id, "bob", True)
    other.close()
    [summary] = merge(a, [forged])
    assert summary.done_changed == 1 and a.progress.done_by(article_id) == ["bob"]


def test_done_marks_an_import_sets_travel_through_merge(tmp_path: Path) -> None:
    """An import's done marks are logged as done events, so a merge (which takes done only from events) brings them."""
    from reader.ingest import import_paths

    source = tmp_path / "done.jsonl"
    source.write_text(
        json.dumps(
            {
                "text": "Officials said 40 people died on Monday.",
                "answer": "accept",
                "_annotator_id": "ben",
                "spans": [],
            }
        )
        + "\n",
        encoding="utf-8",
    )
    ben = machine(tmp_path / "ben.db")
    import_paths(ben, [str(source)], "auto", "import")
    article_id = next(a for a in ben.articles.ids() if ben.progress.done_by(a))
    assert [e.kind for e in ben.history.events(article_id=article_id)] == ["done"]
    ben.close()
    lead = machine(tmp_path / "lead.db")
    merge(lead, [tmp_path / "ben.db"])
    assert lead.progress.done_by(article_id) == ["ben"]
