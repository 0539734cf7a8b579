"""Whose word a merge takes: the account running it vouches for every event, times are compared as times, progress
comes only from events, and every row is checked column by column."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner

from reader.cli import cli
from reader.errors import InputError
from reader.merge import merge
from reader.merge.rules import ROW_FIELDS
from reader.models import new_id, now
from reader.schema import DEFAULT_SCHEMA
from reader.store import CLAIM_COLUMNS, Store
from tests.teams.test_teams_merge import copy, forge, forged_update, machine, refused, tag

LEADS = DEFAULT_SCHEMA.model_copy(update={"leads": ["lead"]})


@pytest.fixture
def shared(tmp_path: Path, as_user) -> Store:
    """The team's database, leads named, which the lead merges into (unless a test says otherwise)."""
    store = machine(tmp_path / "team.db")
    store.use_schema(LEADS)
    as_user("lead")
    return store


def ben_works(shared: Store, tmp_path: Path) -> tuple[Path, str]:
    """Ben's copy of the team's database with a claim of his; return its path and the claim's id."""
    ben = copy(shared, tmp_path / "ben.db")
    claim_id = tag(ben, "ben", 10)
    ben.progress.set_done(ben.articles.ids()[0], "ben", True)
    ben.close()
    return tmp_path / "ben.db", claim_id


def test_a_non_lead_may_merge_only_events_in_their_own_name(shared: Store, tmp_path: Path, as_user) -> None:
    path, _ = ben_works(shared, tmp_path)
    as_user("ana")
    refused(
        shared,
        path,
        "it is ben's work, and only leads (lead) may merge others' work; merge --only ana takes only yours",
    )
    with pytest.raises(InputError, match="--only ben: you are ana, and only leads"):
        merge(shared, [path], {"ben"})
    [summary] = merge(shared, [path], {"ana"})
    assert summary.events == 0 and summary.left_out == {"ben": 2}
    as_user("ben")
    [summary] = merge(shared, [path])
    assert summary.by_annotator == {"ben": 2} and summary.claims_added == 1 and summary.done_changed == 1


def test_a_lead_brings_anyones_work_and_only_narrows_it(shared: Store, tmp_path: Path, as_user) -> None:
    as_user("ben-account")
    path, claim_id = ben_works(shared, tmp_path)
    other = Store(path)
    tag(other, "cho", 40)
    other.close()
    as_user("lead")
    [summary] = merge(shared, [path], {"cho"})
    assert summary.by_annotator == {"cho": 1} and summary.left_out == {"ben": 2}
    assert [c.annotator for c in shared.claims.of_article(shared.articles.ids()[0])] == ["cho"]
    [summary] = merge(shared, [path])
    assert summary.by_annotator == {"ben": 2} and shared.claims.get(claim_id).annotator == "ben"
    rows = shared.db.conn.execute("SELECT DISTINCT os_user, claimed_os_user FROM events WHERE via = 'merge'")
    assert set(rows) == {("lead", "ben-account")}, "the lead vouched for each; the file's word is kept beside"


def test_the_merge_command_counts_events_per_annotator(tmp_path: Path) -> None:
    solo = machine(tmp_path / "solo.db")  # no leads: a single-user database merges anyone's work
    path, _ = ben_works(solo, tmp_path)
    solo.close()
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "solo.db"), "merge", "--only", "ben,cho", str(path)])
    assert result.exit_code == 0, result.output
    assert "  events by annotator: ben 2" in result.output.splitlines()


def stamped(path: Path, claim_id: str, annotator: str, ts: str, **changes: object) -> int:
    """A forged update of a claim carrying the stamp `ts`."""
    return forged_update(path, claim_id, annotator, ts=ts, **changes)


@pytest.mark.parametrize(
    "ts", ["20260101T000000+0000", "2026-W01-1T00:00:00Z", "2024-01-01T00:00:00", "0001-01-01T00:00:00Z"]
)
def test_a_stamp_in_another_form_is_refused(shared: Store, tmp_path: Path, ts: str) -> None:
    path, claim_id = ben_works(shared, tmp_path)
    merge(shared, [path])
    row = stamped(path, claim_id, "ben", ts, label="RULE")
    refused(shared, path, f"events row {row}: timestamp ")


def test_the_latest_event_is_the_latest_in_time_not_in_spelling(shared: Store, tmp_path: Path) -> None:
    path, claim_id = ben_works(shared, tmp_path)
    merge(shared, [path])
    shared.claims.update(claim_id, "ben", label="QUANTITY")  # the genuine latest edit, stamped now
    early = (datetime.now(UTC) - timedelta(hours=1)).astimezone(timezone(timedelta(hours=14)))
    stamped(path, claim_id, "ben", early.isoformat(), label="RULE")  # an hour older, but its text sorts after now
    [summary] = merge(shared, [path])
    assert summary.events == 1 and shared.claims.get(claim_id).label == "QUANTITY"
    [ts] = shared.db.conn.execute("SELECT ts FROM events WHERE via = 'merge' ORDER BY seq DESC LIMIT 1").fetchone()
    assert ts == early.astimezone(UTC).isoformat(timespec="microseconds"), "stored in the one canonical UTC form"


def test_progress_rows_of_another_file_change_nothing(shared: Store, tmp_path: Path) -> None:
    path, _ = ben_works(shared, tmp_path)
    article_id = shared.articles.ids()[0]
    forge(
        path,
        "UPDATE progress SET position = 'abc', meta = ?, updated_at = '9999' WHERE annotator = 'ben'",
        json.dumps({"span_sources": [[0, 10, "NOT-A-LABEL", {"label": "X", "text": "forged"}]]}),
    )
    forge(
        path,
        "INSERT INTO progress (article_id, annotator, done, position, meta, updated_at) VALUES (?, 'ana', 0, 5, '[1]',"
        " '9999')",
        article_id,
    )
    merge(shared, [path])
    rows = shared.db.conn.execute("SELECT annotator, position, meta FROM progress WHERE article_id = ?", [article_id])
    assert sorted(rows) == [("ben", 0, None)], "done from ben's done event; no position, meta or row taken"
    assert shared.progress.get(article_id, "ben").done


def test_a_forged_kept_answer_in_an_event_is_refused(shared: Store, tmp_path: Path) -> None:
    path, _ = ben_works(shared, tmp_path)
    article_id = shared.articles.ids()[0]
    for meta, why in (
        ([1], "the kept answer is not a JSON object"),
        ({"span_sources": [[0, 10, "EVENT", {"label": "X"}]]}, "span_sources entry [0, 10, 'EVENT', {'label': 'X'}]"),
        ({"answer": "maybe"}, "answer 'maybe' is not a valid value for it"),
        ({"spans": [{"start": 0, "end": 99999, "label": "X"}]}, "span 0-99999 is outside the text"),
    ):
        conn = sqlite3.connect(path)
        row = conn.execute(
            "INSERT INTO events (id, ts, annotator, kind, via, article_id, before, after)"
            " VALUES (?, ?, 'ben', 'done', 'import', ?, ?, ?)",
            [new_id(), now(), article_id, json.dumps({"done": False}), json.dumps({"done": True, "meta": meta})],
        ).lastrowid
        conn.commit()
        conn.close()
        refused(shared, path, f"events row {row}: {why}")
        forge(path, "DELETE FROM events WHERE seq = ?", row)


@pytest.mark.parametrize("column", ["note", "label", "created_at"])
def test_a_merged_claim_row_missing_a_column_is_refused_in_one_line(shared: Store, tmp_path: Path, column: str) -> None:
    path, claim_id = ben_works(shared, tmp_path)
    conn = sqlite3.connect(path)
    [after] = conn.execute("SELECT after FROM events WHERE claim_id = ?", [claim_id]).fetchone()
    row = json.loads(after)
    del row[column]
    conn.execute("UPDATE events SET after = ? WHERE claim_id = ?", [json.dumps(row), claim_id])
    conn.commit()
    conn.close()
    refused(shared, path, f"its claims row does not have exactly the columns {', '.join(CLAIM_COLUMNS)}")


def test_a_merged_claim_row_with_a_value_of_the_wrong_type_is_refused(shared: Store, tmp_path: Path) -> None:
    path, claim_id = ben_works(shared, tmp_path)
    row = forged_update(path, claim_id, "ben", confidence=True)
    refused(shared, path, f"events row {row}: its claims row has an invalid confidence: True")
    forge(path, "DELETE FROM events WHERE seq = ?", row)
    row = forged_update(path, claim_id, "ben", updated_at="not a time")
    refused(shared, path, f"events row {row}: its claims row has an invalid updated_at: 'not a time'")


def test_merged_article_text_must_be_normalized_as_import_leaves_it(shared: Store, tmp_path: Path) -> None:
    other = Store(tmp_path / "other.db")
    other.close()
    text = "Officials said \x1b]52;c;UFdORUQ=\x07 40 people died.\x1b[31m"
    from reader.models import article_id_for

    forge(
        tmp_path / "other.db",
        "INSERT INTO articles (id, title, text, meta, words) VALUES (?, 'T', ?, '{}', 5)",
        article_id_for(text),
        text,
    )
    refused(shared, tmp_path / "other.db", "articles row 1 (id ")
    refused(shared, tmp_path / "other.db", "its text is not normalized as import leaves every text")


def test_merge_checks_every_column_the_replayed_tables_have(shared: Store) -> None:
    for part in (shared.links, shared.decisions, shared.gold):
        assert set(ROW_FIELDS[part.table]) == set(part.columns()), part.table
    assert tuple(ROW_FIELDS["claims"]) == CLAIM_COLUMNS


def test_the_migration_puts_stored_times_in_the_canonical_form(tmp_path: Path) -> None:
    store = machine(tmp_path / "old.db")
    claim_id = tag(store, "ana", 0)
    store.close()
    conn = sqlite3.connect(tmp_path / "old.db")
    future = (datetime.now(UTC) + timedelta(days=3000)).isoformat()
    conn.executescript(
        "DELETE FROM _sqlite_migrations WHERE name = 'm010_trust'; ALTER TABLE events DROP COLUMN claimed_os_user;"
        " DROP TABLE assignment_log; PRAGMA user_version = 1;"
    )
    conn.execute("UPDATE events SET ts = '20260101T000000+0000' WHERE claim_id = ?", [claim_id])
    conn.execute("UPDATE events SET ts = ? WHERE claim_id IS NULL", [future])
    conn.commit()
    conn.close()
    store = Store(tmp_path / "old.db")
    [ts] = store.db.conn.execute("SELECT ts FROM events WHERE claim_id = ?", [claim_id]).fetchone()
    assert ts == "2026-01-01T00:00:00.000000+00:00"
    assert all(row[0] <= now() for row in store.db.conn.execute("SELECT ts FROM events"))
    assert store.history.check() == []
    store.close()
