"""Pilot tests of the Agreement screen (g in the library): live figures from the store, Enter opens review for leads
only; a snapshot."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.store import Store
from reader.tui.screens.agreement import AgreementScreen
from reader.tui.screens.review import ReviewScreen
from reader.tui.widgets.agreement_panels import AgreementArticles
from tests.review_helpers import LEAD, team_store
from tests.tui.helpers import SIZE, Notes, make_app, press_to, run_async


@pytest.fixture
def team(tmp_path: Path) -> Store:
    store = team_store(tmp_path / "team.db")
    yield store
    store.close()


async def open_agreement(pilot) -> AgreementScreen:  # type: ignore[no-untyped-def]
    """Press g in the library and wait until the figures are computed."""
    screen = await press_to(pilot, "g", AgreementScreen)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    return screen


@run_async
async def test_g_opens_the_figures_of_the_articles_done_by_two_or_more(team: Store) -> None:
    async with make_app(team, LEAD).run_test(size=SIZE) as pilot:
        screen = await open_agreement(pilot)
        report = screen.dashboard.report
        assert report.articles_compared == 2 and report.annotators == ["ann", "bob", "cy"]
        first, second = team.articles.ids()[:2]
        assert [row.id for row in screen.query_one(AgreementArticles).rows] == [second, first]
        assert screen.dashboard.progress == {first: (0, 3), second: (0, 1)}
        assert "tentative" in str(screen.query_one("#overall").render())


@run_async
async def test_f_cycles_the_matrix_figure(team: Store) -> None:
    async with make_app(team, LEAD).run_test(size=SIZE) as pilot:
        screen = await open_agreement(pilot)
        matrix = screen.query_one("#matrix")
        assert matrix.border_title == "span F1, IoU>=.5, labeled"
        await pilot.press("f")
        assert matrix.border_title == "span F1, exact, labeled"


@run_async
async def test_enter_opens_the_hardest_article_in_review_and_progress_follows_on_return(team: Store) -> None:
    async with make_app(team, LEAD).run_test(size=SIZE) as pilot:
        screen = await open_agreement(pilot)
        await pilot.press("enter")
        await pilot.pause()
        review = pilot.app.screen
        assert isinstance(review, ReviewScreen) and review.article_id == team.articles.ids()[1]
        await pilot.press("a", "q")
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert pilot.app.screen is screen
        assert screen.dashboard.progress[team.articles.ids()[1]] == (1, 1)


@run_async
async def test_a_non_lead_is_told_review_is_for_leads_and_nothing_is_written(team: Store) -> None:
    events = len(team.history.events())
    notes = Notes()
    async with make_app(team, "ann").run_test(size=SIZE, message_hook=notes) as pilot:
        await open_agreement(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(pilot.app.screen, AgreementScreen)
        [note] = notes.messages
        assert note.startswith("ann is not a lead: only lead may adjudicate")
    assert len(team.history.events()) == events


@run_async
async def test_another_process_marking_an_article_done_updates_the_screen(team: Store) -> None:
    async with make_app(team, LEAD).run_test(size=SIZE) as pilot:
        screen = await open_agreement(pilot)
        other = Store(team.path)
        third = other.articles.ids()[2]
        for name in ("ann", "bob"):
            other.progress.set_done(third, name, True)
        other.close()
        pilot.app.poll()
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.dashboard.report.articles_compared == 3


def test_agreement_screen_snapshot(snap_compare, tmp_path: Path) -> None:
    async def computed(pilot) -> None:  # type: ignore[no-untyped-def]
        await pilot.pause()
        await open_agreement(pilot)

    app = make_app(team_store(tmp_path / "s.db"), LEAD)
    assert snap_compare(app, terminal_size=SIZE, run_before=computed)
