"""Pilot tests of Review (R on an article): accept, accept-all unanimous and majority, reject, edit, variants, undo;
leads only."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

from reader.models import GOLD
from reader.store import Store
from reader.tui.screens.article import ArticleScreen
from reader.tui.screens.editor import EditorScreen
from reader.tui.screens.review import ReviewScreen
from tests.review_helpers import LEAD, team_store
from tests.tui.helpers import SIZE, Notes, make_app, open_first_article, press_to, run_async


@pytest.fixture
def team(tmp_path: Path) -> Store:
    store = team_store(tmp_path / "team.db")
    yield store
    store.close()


def gold(store: Store) -> list:
    return store.claims.of_article(store.articles.ids()[0], [GOLD])


async def open_review(pilot) -> ReviewScreen:  # type: ignore[no-untyped-def]
    """Open the first article (three rows: unanimous EVENT, majority QUANTITY, ann's PREDICTION alone), press R."""
    await open_first_article(pilot)
    return await press_to(pilot, "R", ReviewScreen)


@run_async
async def test_rows_show_agreement_and_progress(team: Store) -> None:
    async with make_app(team, LEAD).run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        assert [row.status for row in screen.rows] == ["unanimous", "majority", "disagree"]
        assert "reviewed 0/3" in str(screen.query_one("#review-header").render())
        await pilot.press("down")
        assert "[@click=app.quit]x[/]" in str(screen.query_one("#review-detail").render())


@run_async
async def test_a_accepts_the_row_into_gold_with_the_lead_as_adjudicator(team: Store) -> None:
    async with make_app(team, LEAD).run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        await pilot.press("down", "a")
        [claim] = gold(team)
        assert (claim.label, claim.confidence, claim.adjudicated_by) == ("QUANTITY", 2, LEAD)
        assert claim.origin == "adjudicated"
        assert screen.rows[1].gold and "reviewed 1/3" in str(screen.query_one("#review-header").render())
        await pilot.press("a")
        assert len(gold(team)) == 1 and "already in gold" in screen.status.message


@run_async
async def test_right_chooses_another_variant_before_accepting(team: Store) -> None:
    async with make_app(team, LEAD).run_test(size=SIZE) as pilot:
        await open_review(pilot)
        await pilot.press("down", "right", "a")
        assert [c.label for c in gold(team)] == ["OTHER"]


@run_async
async def test_accept_all_takes_unanimous_rows_then_majority_after_m_and_undo_takes_a_batch_back(team: Store) -> None:
    async with make_app(team, LEAD).run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        await pilot.press("A")
        assert [c.label for c in gold(team)] == ["EVENT"]
        await pilot.press("u")
        assert gold(team) == []
        await pilot.press("m", "A")
        assert screen.mode == "majority" and [c.label for c in gold(team)] == ["EVENT", "QUANTITY"]
        await pilot.press("u")
        assert gold(team) == []
        await pilot.press("U")
        assert len(gold(team)) == 2


@run_async
async def test_majority_can_be_the_schema_default(tmp_path: Path, as_user) -> None:
    from tests.review_helpers import SCHEMA

    team_store(tmp_path / "t.db").close()
    as_user(LEAD)
    store = Store(tmp_path / "t.db", schema=SCHEMA.model_copy(update={"auto_accept": "majority"}))
    async with make_app(store, LEAD).run_test(size=SIZE) as pilot:
        await open_review(pilot)
        await pilot.press("A")
        assert len(gold(store)) == 2
    store.close()


@run_async
async def test_r_rejects_a_disagreement_and_u_restores_it(team: Store) -> None:
    article_id = team.articles.ids()[0]
    async with make_app(team, LEAD).run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        await pilot.press("end", "r")
        assert team.gold.rejected_rows() == {article_id: {screen.rows[2].key}}
        assert screen.rows[2].rejected and "reviewed 1/3" in str(screen.query_one("#review-header").render())
        await pilot.press("u")
        assert team.gold.rejected_rows() == {} and not screen.rows[2].rejected


@run_async
async def test_r_on_a_gold_row_removes_the_gold_claim(team: Store) -> None:
    async with make_app(team, LEAD).run_test(size=SIZE) as pilot:
        await open_review(pilot)
        await pilot.press("a", "r")
        assert gold(team) == [] and len(team.gold.rejected_rows()) == 1


@run_async
async def test_e_edits_the_variant_before_accepting_and_then_edits_the_gold_claim(team: Store) -> None:
    async with make_app(team, LEAD).run_test(size=SIZE) as pilot:
        await open_review(pilot)
        await pilot.press("end", "e")
        await pilot.pause()
        editor = pilot.app.screen
        assert isinstance(editor, EditorScreen)
        editor.query_one("#note", Input).value = "checked against the source"
        await pilot.press("ctrl+s")
        await pilot.pause()
        [claim] = gold(team)
        assert (claim.label, claim.note, claim.adjudicated_by) == ("PREDICTION", "checked against the source", LEAD)
        await pilot.press("e")
        await pilot.pause()
        pilot.app.screen.query_one("#speaker", Input).value = "the agency"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert gold(team)[0].speaker == "the agency" and gold(team)[0].id == claim.id


@run_async
async def test_escape_in_the_editor_takes_nothing_into_gold(team: Store) -> None:
    async with make_app(team, LEAD).run_test(size=SIZE) as pilot:
        await open_review(pilot)
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert gold(team) == []


@run_async
async def test_r_on_an_article_is_refused_for_a_non_lead(team: Store) -> None:
    events = len(team.history.events())
    notes = Notes()
    async with make_app(team, "ann").run_test(size=SIZE, message_hook=notes) as pilot:
        await open_first_article(pilot)
        await pilot.press("R")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ArticleScreen)
        assert notes.messages[-1].startswith("ann is not a lead")
    assert len(team.history.events()) == events


@run_async
async def test_back_on_the_article_the_gold_claims_are_there(team: Store) -> None:
    async with make_app(team, LEAD).run_test(size=SIZE) as pilot:
        await open_review(pilot)
        await pilot.press("A", "q")
        await pilot.pause()
        article = pilot.app.screen
        assert isinstance(article, ArticleScreen) and article.claims.counts[GOLD] == 1


@run_async
async def test_rows_follow_what_another_process_commits(team: Store) -> None:
    async with make_app(team, LEAD).run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        other = Store(team.path)
        [cys] = [c for c in other.claims.of_article(other.articles.ids()[0], ["cy"]) if c.label == "OTHER"]
        other.claims.update(cys.id, "cy", label="QUANTITY")
        other.close()
        pilot.app.poll()
        await pilot.pause()
        assert [row.status for row in screen.rows] == ["unanimous", "unanimous", "disagree"]


@run_async
async def test_e_moves_the_span_s_end_before_accepting_and_then_the_gold_claim_s_start(team: Store) -> None:
    text = team.articles.get(team.articles.ids()[0]).text
    async with make_app(team, LEAD).run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        await pilot.press("end", "e")  # ann's PREDICTION on "These troops"
        await pilot.pause()
        assert isinstance(pilot.app.screen, EditorScreen)
        await pilot.press("shift+tab", "shift+right", "shift+right", "ctrl+s")  # the span field: its end, two words on
        await pilot.pause()
        [claim] = gold(team)
        assert text[claim.start : claim.end] == "These troops, many from"
        assert "edited: span" in screen.status.message
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("shift+tab", "o", "shift+right", "ctrl+s")  # the other end: the start, a word on
        await pilot.pause()
        [claim] = gold(team)
        assert text[claim.start : claim.end] == "troops, many from" and claim.adjudicated_by == LEAD


@run_async
async def test_the_accept_all_mode_chosen_with_m_holds_when_review_opens_again(team: Store) -> None:
    async with make_app(team, LEAD).run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        assert screen.mode == "unanimous"
        await pilot.press("m", "q")
        await pilot.pause()
        again = await press_to(pilot, "R", ReviewScreen)
        assert again is not screen and again.mode == "majority"
        assert "accept-all: majority" in str(again.query_one("#review-header").render())
