"""Adjudication: review rows and their agreement, and the store's gold writes for leads (accept, edit, reject, undo,
merge)."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

import pytest

from reader.agreement.report import gather
from reader.errors import InputError
from reader.merge import merge
from reader.models import GOLD, GoldItem
from reader.review.adjudication import (
    SpanUnit,
    build_rows,
    consensus,
    progress,
    review_progress,
    reviewers_of,
)
from reader.store import SCHEMA_VERSION, Store
from tests.helpers import FIXTURES
from tests.review_helpers import LEAD, TEAM, team_store


@pytest.fixture
def team(tmp_path: Path) -> Store:
    store = team_store(tmp_path / "team.db")
    yield store
    store.close()


def rows_of(store: Store, article: int = 0):
    article_id = store.articles.ids()[article]
    claims = store.claims.of_article(article_id)
    reviewers = reviewers_of(store.progress.done_by(article_id), [c.annotator for c in claims])
    return build_rows(claims, reviewers, store.gold.rejected_rows(article_id).get(article_id, set()))


def item(row, variant: int = 0) -> GoldItem:
    chosen = row.variants[variant]
    return GoldItem(row.key, chosen.start, chosen.end, consensus(chosen))


def gold(store: Store, article: int = 0) -> list:
    return store.claims.of_article(store.articles.ids()[article], [GOLD])


# -- rows ---------------------------------------------------------------------------------------------


def test_rows_align_the_annotators_claims_and_mark_agreement(team: Store) -> None:
    rows = rows_of(team)
    assert [row.status for row in rows] == ["unanimous", "majority", "disagree"]
    assert [v.annotators for v in rows[1].variants] == [["ann", "bob"], ["cy"]]
    assert rows[1].variants[0].label == "QUANTITY" and rows[2].variants[0].annotators == ["ann"]
    assert [row.agreed("unanimous") for row in rows] == [True, False, False]
    assert [row.agreed("majority") for row in rows] == [True, True, False]
    assert progress(rows) == (0, 3)


def test_two_annotators_with_different_labels_disagree_and_one_annotator_alone_is_a_disagreement() -> None:
    from reader.review.adjudication import SpanUnit

    rows = build_rows([SpanUnit("a", 0, 5, "X"), SpanUnit("b", 0, 5, "Y"), SpanUnit("a", 10, 15, "X")], ["a", "b"])
    assert [row.status for row in rows] == ["disagree", "disagree"]
    assert not rows[0].agreed("majority")


def test_consensus_takes_the_label_the_lower_median_confidence_and_shared_fields_only(team: Store) -> None:
    first = rows_of(team)[0].variants[0]
    fields = consensus(first)
    assert (fields.label, fields.confidence, fields.note) == ("EVENT", 3, None)
    assert consensus(rows_of(team)[1].variants[0]).note == "[/bold] [@click=app.quit]x[/]"


def test_reviewers_are_the_done_annotators_else_everyone_with_claims() -> None:
    assert reviewers_of(["bob", "ann"], ["ann", "bob", "cy", GOLD]) == ["ann", "bob"]
    assert reviewers_of(["ann"], ["ann", "cy", GOLD, "ann"]) == ["ann", "cy"]


# -- the store's writes ------------------------------------------------------------------------------


def test_accept_creates_gold_adjudicated_by_the_lead_and_the_row_counts_as_reviewed(team: Store) -> None:
    row = rows_of(team)[1]
    [claim] = team.gold.accept(LEAD, team.articles.ids()[0], [item(row)])
    assert (claim.annotator, claim.adjudicated_by, claim.origin, claim.label) == (GOLD, LEAD, "adjudicated", "QUANTITY")
    assert gold(team) == [claim]
    again = rows_of(team)
    assert again[1].gold == (claim,) and progress(again) == (1, 3)
    assert team.history.check() == []


def test_accepting_several_rows_is_one_transaction_and_one_undo_step(team: Store) -> None:
    rows = rows_of(team)
    article_id = team.articles.ids()[0]
    team.gold.accept(LEAD, article_id, [item(r) for r in rows if r.agreed("majority")])
    assert len(gold(team)) == 2
    undone = team.history.undo(LEAD, article_id)
    assert len(undone) == 2 and gold(team) == []
    assert len(team.history.redo(LEAD, article_id)) == 2 and len(gold(team)) == 2


def test_a_bad_item_writes_nothing(team: Store) -> None:
    rows = rows_of(team)
    bad = item(rows[0])._replace(end=10**6)
    with pytest.raises(InputError, match="outside the text"):
        team.gold.accept(LEAD, team.articles.ids()[0], [item(rows[1]), bad])
    assert gold(team) == []


def test_reject_records_the_row_removes_its_gold_and_undo_restores_both(team: Store) -> None:
    article_id = team.articles.ids()[0]
    row = rows_of(team)[2]
    [claim] = team.gold.accept(LEAD, article_id, [item(row)])
    team.gold.reject_row(LEAD, article_id, row.key, [claim.id])
    assert gold(team) == [] and rows_of(team)[2].rejected and progress(rows_of(team)) == (1, 3)
    assert team.gold.rejected_rows() == {article_id: {row.key}}
    assert len(team.history.undo(LEAD, article_id)) == 2
    assert gold(team) == [claim] and not rows_of(team)[2].rejected


def test_accepting_a_rejected_row_lifts_the_rejection(team: Store) -> None:
    article_id = team.articles.ids()[0]
    row = rows_of(team)[2]
    team.gold.reject_row(LEAD, article_id, row.key)
    team.gold.accept(LEAD, article_id, [item(row)])
    assert team.gold.rejected_rows() == {} and rows_of(team)[2].gold


def test_edit_gold_changes_the_fields_and_records_the_lead(team: Store) -> None:
    article_id = team.articles.ids()[0]
    [claim] = team.gold.accept(LEAD, article_id, [item(rows_of(team)[0])])
    edited = team.gold.edit(LEAD, claim.id, label="POSITION", note="checked")
    assert (edited.label, edited.note, edited.adjudicated_by) == ("POSITION", "checked", LEAD)
    team.history.undo(LEAD, article_id)
    assert gold(team)[0].label == "EVENT"


def test_a_non_lead_is_refused_and_nothing_is_written(team: Store) -> None:
    article_id = team.articles.ids()[0]
    row = rows_of(team)[0]
    events = len(team.history.events())
    with pytest.raises(InputError, match="ann is not a lead: only lead may adjudicate"):
        team.gold.accept("ann", article_id, [item(row)])
    with pytest.raises(InputError, match="not a lead"):
        team.gold.reject_row("ann", article_id, row.key)
    [claim] = team.gold.accept(LEAD, article_id, [item(row)])
    with pytest.raises(InputError, match="not a lead"):
        team.gold.edit("bob", claim.id, label="OTHER")
    with pytest.raises(InputError, match="belongs to gold"):
        team.claims.update(claim.id, "ann", label="OTHER")
    assert len(team.history.events()) == events + 1


def test_without_leads_the_message_says_how_to_set_them(seeded: Store) -> None:
    with pytest.raises(InputError, match='no leads are set \\(add leads = \\["x"\\]'):
        seeded.gold.reject_row("x", seeded.articles.ids()[0], "k")


def test_rejections_merge_into_another_database(team: Store, tmp_path: Path, as_user) -> None:
    as_user(LEAD)  # a lead's review decisions come in when a lead merges them
    article_id = team.articles.ids()[0]
    row = rows_of(team)[2]
    other_path = tmp_path / "other.db"
    team.db.backup(other_path)
    team.gold.reject_row(LEAD, article_id, row.key)
    other = Store(other_path)
    merge(other, [team.path])
    assert other.gold.rejected_rows() == {article_id: {row.key}}
    team.history.undo(LEAD, article_id)
    merge(other, [team.path])
    assert other.gold.rejected_rows() == {}
    other.close()


def test_review_progress_of_the_agreement_articles(team: Store) -> None:
    first, second = team.articles.ids()[:2]
    team.gold.accept(LEAD, first, [item(rows_of(team)[0])])
    team.gold.reject_row(LEAD, second, rows_of(team, 1)[0].key)
    articles = gather(team.agreement.articles(), team.agreement.claims())
    found = review_progress(((a.id, a.done, a.gold) for a in articles), team.gold.rejected_rows())
    assert found == {first: (1, 3), second: (1, 1)}


def test_review_progress_counts_the_rows_review_shows_when_nothing_is_reviewed_yet() -> None:
    rng = random.Random(3)
    articles = []
    for n in range(60):
        done = {}
        for name in ("ann", "bob", "cy")[: rng.randint(2, 3)]:
            starts = sorted(rng.sample(range(0, 400, 5), rng.randint(0, 12)))
            done[name] = sorted((s, s + rng.randint(3, 40), rng.choice("ABC"), 3) for s in starts)
        articles.append((f"a{n}", done, []))
    found = review_progress(articles, {})
    for article_id, done, _ in articles:
        units = [SpanUnit(name, s[0], s[1], s[2]) for name, spans in done.items() for s in spans]
        assert found[article_id] == (0, len(build_rows(units, sorted(done)))), article_id


def test_the_migration_adds_the_review_table_to_an_older_database(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    Store(path).close()
    conn = sqlite3.connect(path)
    conn.executescript(
        "DROP TABLE review_decisions; DELETE FROM _sqlite_migrations WHERE name = 'm005_review';"
        f" PRAGMA user_version = {SCHEMA_VERSION - 1};"
    )
    conn.close()
    store = Store(path)
    annotators = {
        r[0] for r in store.db.conn.execute("SELECT annotator FROM claims UNION SELECT annotator FROM progress")
    }
    assert store.gold.rejected_rows() == {} and set(TEAM).isdisjoint(annotators)
    store.close()


def test_the_schema_file_sets_leads_and_the_accept_all_mode(tmp_path: Path) -> None:
    from reader.schema import load_schema

    path = tmp_path / "schema.toml"
    base = (FIXTURES / "fashion.toml").read_text()
    path.write_text('leads = ["lead"]\nauto_accept = "majority"\n' + base)
    schema = load_schema(path)
    assert (schema.leads, schema.auto_accept, schema.lead_refusal("lead")) == (["lead"], "majority", None)
    path.write_text('auto_accept = "most"\n' + base)
    with pytest.raises(InputError, match="auto_accept"):
        load_schema(path)
