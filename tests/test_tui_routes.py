"""The reader's routing: full screens open lazily from one place (the app), and the screens that write share one set of
undo keys."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from review_helpers import LEAD, team_store
from tui_helpers import SIZE, make_app, open_first_article, press_to, run_async

from reader.models import GOLD
from reader.store import Store
from reader.tui.screens.claim_map import ClaimMapScreen
from reader.tui.screens.help import HelpScreen
from reader.tui.screens.review import ReviewScreen


@pytest.fixture
def team(tmp_path: Path) -> Store:
    store = team_store(tmp_path / "team.db")
    yield store
    store.close()


def test_importing_the_app_imports_no_screen_but_the_library_needs() -> None:
    loaded = subprocess.run(
        [sys.executable, "-c", "import sys, reader.tui.app; print(sorted(m for m in sys.modules if '.screens.' in m))"],
        capture_output=True, text=True, check=True).stdout
    for heavy in ("article", "review", "agreement", "claim_map"):
        assert f"reader.tui.screens.{heavy}'" not in loaded


@run_async
async def test_ctrl_z_and_ctrl_y_undo_and_redo_in_review_as_in_the_article(team: Store) -> None:
    async with make_app(team, LEAD).run_test(size=SIZE) as pilot:
        await open_first_article(pilot)
        await press_to(pilot, "R", ReviewScreen)
        await pilot.press("A")
        assert [c.label for c in team.claims(team.article_ids()[0], [GOLD])] == ["EVENT"]
        await pilot.press("ctrl+z")
        assert team.claims(team.article_ids()[0], [GOLD]) == []
        await pilot.press("ctrl+y")
        assert len(team.claims(team.article_ids()[0], [GOLD])) == 1


@run_async
async def test_every_screen_opens_from_the_library_through_the_app(team: Store) -> None:
    async with make_app(team, LEAD).run_test(size=SIZE) as pilot:
        await press_to(pilot, "question_mark", HelpScreen)
        await pilot.press("escape")
        await press_to(pilot, "m", ClaimMapScreen)
