"""Teams in the reader: assigned articles first and `n` to the next one, and live refresh when another process
writes."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.models import Article, ClaimFields, ImportRecord, article_id_for
from reader.store import Store
from reader.tui.screens.library import LibraryScreen
from reader.tui.widgets.article_table import ArticleTable
from tests.tui.helpers import ME, OTHER, SIZE, make_app, open_first_article, run_async, seeded_store


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return seeded_store(tmp_path / "t.db")


@pytest.fixture
def other(store: Store) -> Store:
    """A second connection to the same database, as another annotator's process would have."""
    second = Store(store.path)
    yield second
    second.close()


@run_async
async def test_assigned_articles_come_first_with_a_marker(store: Store) -> None:
    ids = store.articles.ids()
    store.assignments.replace({ids[3]: [ME], ids[4]: [ME, OTHER], ids[1]: [OTHER]})
    async with make_app(store).run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, LibraryScreen)
        assert [row.id for row in screen.rows][:2] == [ids[3], ids[4]]
        table = screen.query_one(ArticleTable)
        assert table.row_lines(0, 100)[0][0][0].startswith("▸")
        assert not table.row_lines(2, 100)[0][0][0].startswith("▸")


@run_async
async def test_n_opens_the_next_assigned_article_not_done(store: Store) -> None:
    ids = store.articles.ids()
    store.assignments.replace({ids[2]: [ME], ids[4]: [ME]})
    async with make_app(store).run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert pilot.app.screen.article_id == ids[4]
        await pilot.press("d", "q")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert pilot.app.screen.article_id == ids[2]
        await pilot.press("d", "q")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(pilot.app.screen, LibraryScreen)
        assert "every article assigned to you is done" in pilot.app.screen.query_one("#library-status").message


@run_async
async def test_the_library_picks_up_articles_counts_and_assignments_from_another_process(
    store: Store, other: Store
) -> None:
    ids = store.articles.ids()
    async with make_app(store).run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, LibraryScreen)
        text = "A new article from another annotator's import. It says 5,000 troops moved."
        other.imports.add([ImportRecord(article=Article(id=article_id_for(text), title="New", text=text, words=12))])
        other.claims.create(ids[1], OTHER, 0, 10, ClaimFields(label="EVENT", confidence=2))
        other.assignments.replace({ids[1]: [ME]})
        await pilot.pause(2.3)  # one poll interval
        assert len(screen.rows) == 6 and screen.rows[0].id == ids[1]
        assert screen.rows[0].claims == 1 and screen.assigned == {ids[1]}


@run_async
async def test_the_article_screen_refreshes_others_claims_and_counts(store: Store, other: Store) -> None:
    async with make_app(store).run_test(size=SIZE) as pilot:
        screen = await open_first_article(pilot)
        await pilot.press("right", "right")
        cursor = screen.view.cursor
        other.claims.create(screen.article_id, OTHER, 0, 30, ClaimFields(label="EVENT", confidence=2))
        pilot.app.poll()
        await pilot.pause()
        assert screen.claims.others() == {OTHER: 1}
        assert f"{OTHER} 1" in str(screen.query_one("#article-header").render())
        assert screen.view.cursor == cursor
        await pilot.press("a")
        assert len(screen.view.marks) == 1
        claim = store.claims.of_article(screen.article_id, [OTHER])[0]
        other.claims.delete(claim.id, OTHER)
        pilot.app.poll()
        await pilot.pause()
        assert screen.claims.others() == {} and screen.view.marks == []
