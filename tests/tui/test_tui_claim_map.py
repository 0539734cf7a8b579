"""Pilot tests of the Claim map (m in the library): clusters with sources and figures, conflicts, shared-quote
warnings, Enter."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.models import Article, ImportRecord, article_id_for
from reader.store import Store
from reader.tui.screens.article import ArticleScreen
from reader.tui.screens.claim_map import ClaimMapScreen
from reader.tui.screens.related import RelatedScreen
from tests.tui.helpers import ME, OTHER, SIZE, make_app, press_to, run_async, seeded_store
from tests.tui.test_tui_related import claim_on


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return seeded_store(tmp_path / "t.db")


async def open_map(pilot) -> ClaimMapScreen:  # type: ignore[no-untyped-def]
    await pilot.pause()
    screen = await press_to(pilot, "m", ClaimMapScreen)
    await pilot.app.workers.wait_for_complete()  # the map is built in a thread
    await pilot.pause()
    return screen


@run_async
async def test_m_lists_a_cluster_with_figures_conflicts_and_a_shared_quote_warning(store: Store) -> None:
    ids = store.articles.ids()
    pentagon = claim_on(store, ids[0], ME, "around 10,000")
    nato = claim_on(store, ids[3], OTHER, "around 10,000")
    ukraine = claim_on(store, ids[2], ME, "around 11,000")
    store.links.create(ME, pentagon.id, nato.id, "same")
    store.links.create(ME, pentagon.id, ukraine.id, "conflicts")
    async with make_app(store).run_test(size=SIZE) as pilot:
        screen = await open_map(pilot)
        rows = screen.map.rows
        assert [row.kind for row in rows][:4] == ["cluster", "claim", "claim", "claim"]
        assert "3 claims in 3 sources" in rows[0].text and rows[0].conflict
        claims = {row.claim.id: row for row in rows if row.kind == "claim"}
        assert claims.keys() == {pentagon.id, nato.id, ukraine.id}
        assert claims[pentagon.id].conflict and claims[ukraine.id].conflict and not claims[nato.id].conflict
        assert claims[ukraine.id].figures == "about 11,000 troops"
        [warning] = [row for row in rows if row.kind == "warning"]
        assert warning.text.startswith("not independent") and "upstream report" in warning.text


@run_async
async def test_enter_opens_the_claim_in_its_article(store: Store) -> None:
    ids = store.articles.ids()
    pentagon = claim_on(store, ids[0], ME, "around 10,000")
    nato = claim_on(store, ids[3], OTHER, "around 10,000")
    store.links.create(ME, pentagon.id, nato.id, "same")
    async with make_app(store).run_test(size=SIZE) as pilot:
        screen = await open_map(pilot)
        index = next(
            i for i, row in enumerate(screen.map.rows) if row.claim and row.kind == "claim" and row.claim.id == nato.id
        )
        for _ in range(index):
            await pilot.press("down")
        await pilot.press("enter")
        await pilot.pause()
        article = pilot.app.screen
        assert isinstance(article, ArticleScreen)
        assert article.article_id == ids[3] and article.view.current == nato.id
        await pilot.press("q")
        await pilot.pause()
        assert pilot.app.screen is screen


@run_async
async def test_an_empty_map_says_how_to_link(store: Store) -> None:
    async with make_app(store).run_test(size=SIZE) as pilot:
        screen = await open_map(pilot)
        assert screen.map.rows == [] and "Related panel" in screen.query_one("#map-status").message


@run_async
async def test_markup_in_titles_and_quotes_stays_text_in_the_map_and_the_related_panel(store: Store) -> None:
    hostile = (
        "[/foo] [@click=app.quit]x[/] said: “I think most of them won’t likely come back home alive "
        "[b]ever[/b].” Around 10,000 troops [red]left[/red]."
    )
    article = Article(id=article_id_for(hostile), title="[@click=app.quit]Quit[/] [/bad]", text=hostile, words=30)
    store.imports.add([ImportRecord(article=article)])
    ids = store.articles.ids()
    mine = claim_on(store, ids[0], ME, "around 10,000")
    theirs = claim_on(store, article.id, OTHER, "Around 10,000")
    store.links.create(ME, mine.id, theirs.id, "same")
    async with make_app(store).run_test(size=SIZE) as pilot:
        screen = await open_map(pilot)
        assert any(row.source == article.title for row in screen.map.rows)
        for _ in screen.map.rows:
            await pilot.press("down")
        await pilot.press("q")
        await pilot.pause()
        await pilot.press("enter")  # the first article, whose claim is linked to the hostile one
        await pilot.pause()
        await pilot.press("n", "r")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(pilot.app.screen, RelatedScreen)
        await pilot.press("escape")
        assert pilot.app.is_running
