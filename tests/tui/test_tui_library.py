"""Pilot tests of the library's bindings: move, open, search, filter, sort, next not done, quit."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.models import ClaimFields
from reader.segment import trim_span
from reader.store import Store
from reader.tui.screens.article import ArticleScreen
from reader.tui.screens.library import SORTS, LibraryScreen
from reader.tui.widgets.article_table import ArticleTable
from reader.tui.widgets.status_line import StatusLine
from tests.suggest.helpers import tag_gold
from tests.tui.helpers import ME, SIZE, make_app, run_async, seeded_store


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return seeded_store(tmp_path / "t.db")


def library(pilot) -> LibraryScreen:  # type: ignore[no-untyped-def]
    screen = pilot.app.screen
    assert isinstance(screen, LibraryScreen)
    return screen


@run_async
async def test_library_lists_every_article_with_progress(store: Store) -> None:
    async with make_app(store).run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = library(pilot)
        assert [row.id for row in screen.rows] == store.articles.ids()
        assert "5 articles" in str(screen.query_one("#corpus").render())


@run_async
async def test_up_down_and_enter_open_the_highlighted_article(store: Store) -> None:
    async with make_app(store).run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("down", "down", "up")
        assert pilot.app.query_one(ArticleTable).index == 1
        await pilot.press("enter")
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, ArticleScreen)
        assert screen.article_id == store.articles.ids()[1]


@run_async
async def test_slash_searches_the_full_text(store: Store) -> None:
    async with make_app(store).run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("slash", *"Pentagon", "enter")
        await pilot.pause()
        screen = library(pilot)
        assert {row.id for row in screen.rows} == set(store.articles.search("Pentagon"))
        assert 0 < len(screen.rows) < 5
        await pilot.press("escape")
        await pilot.pause()
        assert len(screen.rows) == 5


@run_async
async def test_a_search_that_finds_nothing_says_how_to_get_back(store: Store) -> None:
    async with make_app(store).run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("slash", *"zyzzyva", "enter")
        await pilot.pause()
        screen = library(pilot)
        table = screen.query_one(ArticleTable)
        assert screen.rows == [] and table.render_line(0).text.strip() == "No articles to show."
        await pilot.press("escape")
        await pilot.pause()
        assert len(screen.rows) == 5 and "No articles" not in table.render_line(0).text


@run_async
async def test_f_cycles_filters(store: Store) -> None:
    ids = store.articles.ids()
    store.claims.create(ids[2], ME, 0, 10, ClaimFields(label="EVENT", confidence=3))
    store.progress.set_done(ids[0], ME, True)
    async with make_app(store).run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = library(pilot)
        await pilot.press("f")
        assert [row.id for row in screen.rows] == [ids[2]]
        await pilot.press("f")
        assert ids[0] not in [row.id for row in screen.rows] and len(screen.rows) == 4
        await pilot.press("f")
        assert [row.id for row in screen.rows] == [ids[2]]
        await pilot.press("f")
        assert len(screen.rows) == 5


@run_async
async def test_o_sorts_and_shift_o_reverses(store: Store) -> None:
    async with make_app(store).run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = library(pilot)
        await pilot.press("o")
        titles = [row.title.casefold() for row in screen.rows]
        assert titles == sorted(titles)
        await pilot.press("O")
        assert [row.title.casefold() for row in screen.rows] == sorted(titles, reverse=True)


@run_async
async def test_n_opens_the_next_article_not_done_by_me(store: Store) -> None:
    ids = store.articles.ids()
    store.progress.set_done(ids[1], ME, True)
    async with make_app(store).run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, ArticleScreen)
        assert screen.article_id == ids[2]


@run_async
async def test_returning_from_an_article_updates_the_counts(store: Store) -> None:
    async with make_app(store).run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("1", "3", "q")
        await pilot.pause()
        assert library(pilot).rows[0].mine == 1


@run_async
async def test_q_quits(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


@run_async
async def test_o_orders_by_the_models_expected_claims_and_uncertainty(store: Store) -> None:
    pytest.importorskip("sklearn")
    tag_gold(store, "bob")
    async with make_app(store).run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = library(pilot)
        for _ in range(len(SORTS)):
            await pilot.press("o")
        await pilot.app.workers.wait_for_complete()  # the model trains, then reads the articles
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        model = pilot.app.learner.model
        assert model is not None and screen.outlook_of is model
        sort = next(part for part in screen.query_one(StatusLine).message.split("  ·  ") if part.startswith("sort: "))
        assert sort.startswith("sort: expected claims (model trained on")
        expected = {
            article_id: model.outlook(sentence_texts(store, article_id))[0] for article_id in store.articles.ids()
        }
        assert [row.id for row in screen.rows] == sorted(expected, key=lambda article_id: -expected[article_id])
        await pilot.press("o")
        uncertain = [screen.outlook[row.id][1] for row in screen.rows]
        assert uncertain == sorted(uncertain, reverse=True) and len(set(uncertain)) > 1
        assert "sort: model uncertainty" in screen.query_one(StatusLine).message


def sentence_texts(store: Store, article_id: str) -> list[str]:
    text = store.articles.get(article_id).text
    spans = [trim_span(text, start, end) for start, end in store.articles.sentences(article_id)]
    return [text[start:end] for start, end in spans if start < end]
