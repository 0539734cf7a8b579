"""The reader's structure: full screens open lazily from one place (the app), the article screen gives its actions all
the ArticleHost protocol promises, the screens that write share one set of undo keys, and domain work runs in
workers."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

import reader.tui.actions.related as related_actions
import reader.tui.screens.claim_map as claim_map_screen
from reader.models import GOLD, ClaimFields
from reader.store import Store
from reader.tui.actions.host import ArticleHost
from reader.tui.screens.claim_map import ClaimMapScreen
from reader.tui.screens.help import HelpScreen
from reader.tui.screens.library import SORTS
from reader.tui.screens.related import RelatedScreen
from reader.tui.screens.review import ReviewScreen
from tests.review_helpers import LEAD, team_store
from tests.suggest.helpers import tag_gold
from tests.tui.helpers import ME, SIZE, make_app, open_first_article, press_to, run_async, seeded_store


@pytest.fixture
def team(tmp_path: Path) -> Store:
    store = team_store(tmp_path / "team.db")
    yield store
    store.close()


def test_importing_the_app_imports_no_screen_but_the_library_needs() -> None:
    loaded = subprocess.run(
        [sys.executable, "-c", "import sys, reader.tui.app; print(sorted(m for m in sys.modules if '.screens.' in m))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    for heavy in ("article", "review", "agreement", "claim_map"):
        assert f"reader.tui.screens.{heavy}'" not in loaded


@run_async
async def test_ctrl_z_and_ctrl_y_undo_and_redo_in_review_as_in_the_article(team: Store) -> None:
    async with make_app(team, LEAD).run_test(size=SIZE) as pilot:
        await open_first_article(pilot)
        await press_to(pilot, "R", ReviewScreen)
        await pilot.press("A")
        assert [c.label for c in team.claims.of_article(team.articles.ids()[0], [GOLD])] == ["EVENT"]
        await pilot.press("ctrl+z")
        assert team.claims.of_article(team.articles.ids()[0], [GOLD]) == []
        await pilot.press("ctrl+y")
        assert len(team.claims.of_article(team.articles.ids()[0], [GOLD])) == 1


@run_async
async def test_every_screen_opens_from_the_library_through_the_app(team: Store) -> None:
    async with make_app(team, LEAD).run_test(size=SIZE) as pilot:
        await press_to(pilot, "question_mark", HelpScreen)
        await pilot.press("escape")
        await press_to(pilot, "m", ClaimMapScreen)


@run_async
async def test_the_article_screen_has_every_member_its_actions_rely_on(team: Store) -> None:
    async with make_app(team).run_test(size=SIZE) as pilot:
        screen = await open_first_article(pilot)
        assert isinstance(screen, ArticleHost)


@run_async
async def test_related_ranks_and_the_claim_map_builds_off_the_ui_thread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = seeded_store(tmp_path / "t.db")
    store.claims.create(store.articles.ids()[0], ME, 0, 30, ClaimFields(label="EVENT", confidence=2))
    threads: list[threading.Thread] = []

    def spy(work: Any) -> Any:
        def run(*args: Any, **kwargs: Any) -> Any:
            threads.append(threading.current_thread())
            return work(*args, **kwargs)

        return run

    monkeypatch.setattr(related_actions, "rank", spy(related_actions.rank))
    monkeypatch.setattr(claim_map_screen, "claim_map", spy(claim_map_screen.claim_map))
    async with make_app(store).run_test(size=SIZE) as pilot:
        await press_to(pilot, "m", ClaimMapScreen)
        await pilot.app.workers.wait_for_complete()
        await pilot.press("q")
        await open_first_article(pilot)
        await pilot.press("n", "r")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(pilot.app.screen, RelatedScreen)
    assert len(threads) == 2 and threading.main_thread() not in threads
    store.close()


@run_async
async def test_workers_read_through_connections_of_their_own_never_the_ui_threads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Retraining, the library's model order and Related each open a store in their worker thread and close it there;
    the UI thread's connection refuses any other thread, so a worker reading through it would fail the app."""
    store = seeded_store(tmp_path / "t.db")
    tag_gold(store, "bob")
    for article_id in store.articles.ids():
        store.claims.create(article_id, ME, 0, 30, ClaimFields(label="EVENT", confidence=2))
    opened: list[str] = []
    closed: list[str] = []
    real = Store.another

    def another(self: Store, **options: Any) -> Store:
        mine = real(self, **options)
        opened.append(threading.current_thread().name)
        close = mine.close
        mine.close = lambda: (closed.append(threading.current_thread().name), close())[1]  # type: ignore[method-assign]
        return mine

    monkeypatch.setattr(Store, "another", another)
    async with make_app(store).run_test(size=SIZE) as pilot:
        for _ in range(len(SORTS)):
            await pilot.press("o")  # the model order: retrain, then read every article
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        assert pilot.app.screen.outlook_of is pilot.app.learner.model is not None
        await pilot.press("o")
        await open_first_article(pilot)
        await pilot.press("n", "r")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(pilot.app.screen, RelatedScreen)
    assert len(opened) >= 3 and closed == opened
    assert threading.main_thread().name not in opened
    store.close()
