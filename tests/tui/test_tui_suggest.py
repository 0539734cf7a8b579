"""Pilot tests of suggestions in the article screen: S toggles, A accepts, a label key accepts with its label, X
rejects, undo."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

import pytest

from reader.learn import model as model_module
from reader.seeds import import_seeds
from reader.store import Store
from reader.suggest import pending
from reader.tui.learner import RETRAIN_EVERY
from reader.tui.screens.article import ArticleScreen
from tests.suggest.helpers import tag_gold
from tests.tui.helpers import ME, OTHER, SIZE, make_app, open_first_article, run_async, seeded_store


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return seeded_store(tmp_path / "t.db")


async def show_suggestions(pilot) -> ArticleScreen:  # type: ignore[no-untyped-def]
    """Open the first article, press S and wait for the suggestions to be found."""
    screen = await open_first_article(pilot)
    await pilot.press("S")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    assert screen.suggestions is not None
    return screen


async def go_to_suggestion(pilot, screen: ArticleScreen, label: str | None = None):  # type: ignore[no-untyped-def]
    """Move the cursor into the first pending suggestion (of `label`, if given) and return it."""
    assert screen.suggestions is not None
    item = next(s for s in screen.suggestions.pending if label is None or s.label == label)
    while screen.view.cursor < item.start:
        await pilot.press("right")
    assert screen.view.suggestion == (item.start, item.end)
    return item


@run_async
async def test_s_toggles_suggestions_in_the_view(store: Store) -> None:
    async with make_app(store).run_test(size=SIZE) as pilot:
        screen = await show_suggestions(pilot)
        article_id = screen.article_id
        assert screen.suggestions.pending == pending(store, article_id, ME)
        assert len(screen.view.suggestions) > 0
        await pilot.press("S")
        assert screen.suggestions is None and screen.view.suggestions == []


@run_async
async def test_a_accepts_with_the_suggested_label_and_undo_removes_the_claim(store: Store) -> None:
    async with make_app(store).run_test(size=SIZE) as pilot:
        screen = await show_suggestions(pilot)
        item = await go_to_suggestion(pilot, screen, "QUANTITY")
        await pilot.press("A", "3")
        [claim] = store.claims.of_article(screen.article_id, [ME])
        assert (claim.start, claim.end, claim.label, claim.origin, claim.confidence) == (
            item.start,
            item.end,
            "QUANTITY",
            "suggestion",
            3,
        )
        assert item not in screen.suggestions.pending
        assert store.decisions.of(ME, screen.article_id)[item.key] == "accepted"
        await pilot.press("u")
        assert store.claims.of_article(screen.article_id, [ME]) == []
        assert item in screen.suggestions.pending


@run_async
async def test_a_label_key_on_a_suggestion_accepts_it_with_that_label(store: Store) -> None:
    async with make_app(store).run_test(size=SIZE) as pilot:
        screen = await show_suggestions(pilot)
        item = await go_to_suggestion(pilot, screen, "QUANTITY")
        await pilot.press("5", "enter")  # POSITION, default confidence
        [claim] = store.claims.of_article(screen.article_id, [ME])
        assert (claim.start, claim.end, claim.label, claim.origin) == (item.start, item.end, "POSITION", "suggestion")
        assert store.decisions.of(ME, screen.article_id)[item.key] == "accepted"


@run_async
async def test_x_rejects_and_the_suggestion_stays_hidden_after_reopening(store: Store) -> None:
    async with make_app(store).run_test(size=SIZE) as pilot:
        screen = await show_suggestions(pilot)
        item = await go_to_suggestion(pilot, screen)
        await pilot.press("X")
        assert store.decisions.of(ME, screen.article_id) == {item.key: "rejected"}
        assert item not in screen.suggestions.pending
        assert store.claims.of_article(screen.article_id, [ME]) == []
        await pilot.press("q")
        await pilot.pause()
        screen = await show_suggestions(pilot)
        assert item not in screen.suggestions.pending
        await pilot.press("u")
        assert item in screen.suggestions.pending and store.decisions.of(ME, screen.article_id) == {}


@run_async
async def test_a_manual_tag_over_a_suggestion_hides_it_and_its_delete_shows_it_again(store: Store) -> None:
    async with make_app(store).run_test(size=SIZE) as pilot:
        screen = await show_suggestions(pilot)
        item = await go_to_suggestion(pilot, screen)
        await pilot.press("s", "1", "enter")  # a selection: an ordinary claim, not an acceptance
        [claim] = store.claims.of_article(screen.article_id, [ME])
        assert claim.origin == "manual" and item not in screen.suggestions.pending
        await pilot.press("x")
        assert item in screen.suggestions.pending


@run_async
async def test_the_model_learns_from_tags_in_a_worker_and_scores_the_next_articles_suggestions(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("sklearn")
    first = store.articles.ids()[0]
    tag_gold(store, OTHER, skip={first})
    threads: list[str] = []
    trained = model_module.model_for

    def recording(*args):  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread().name)
        return trained(*args)

    monkeypatch.setattr(model_module, "model_for", recording)
    async with make_app(store).run_test(size=SIZE) as pilot:
        screen = await show_suggestions(pilot)
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        learner = pilot.app.learner
        assert learner.model is not None and "model trained on" in learner.state
        assert threads and threading.main_thread().name not in threads
        model = learner.model
        assert screen.suggestions is not None and screen.suggestions.pending  # by default only the precise ones
        assert all(
            (s.label, s.rule) in model.precise_cues if s.score is None else s.score >= model.labels[s.label].shown
            for s in screen.suggestions.pending
        )
        assert "precise view (W: all)" in screen.status.message
        precise = len(screen.suggestions.pending)
        await pilot.press("W")  # every suggestion, scored by the model
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert any(s.score is not None for s in screen.suggestions.pending)
        assert len(screen.suggestions.pending) > precise
        assert "all suggestions view (W: precise only)" in screen.status.message
        assert learner.state in screen.status.message
        assert "model trained on" in screen.status.render_line(0).text  # on screen, not cut off
        first_model = learner.model
        for _ in range(RETRAIN_EVERY):  # tag N claims: accept suggestions one after another
            await go_to_suggestion(pilot, screen)
            await pilot.press("A", "3")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert len(store.claims.of_article(first, [ME])) == RETRAIN_EVERY and len(threads) == 2
        assert learner.model is not first_model
        await pilot.press("right_square_bracket")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.article_id != first and screen.suggestions is not None
        scored = [s for s in screen.suggestions.pending if s.score is not None]
        assert scored and all(s.score >= learner.model.labels[s.label].threshold for s in scored)
        later = next(s for s in scored if s.start > 0)
        while screen.view.cursor < later.start:
            await pilot.press("right")
        first_offered = screen.suggestions.at((later.start, later.end))[0]
        assert first_offered.score is not None
        assert screen.status.message.startswith(f"suggested {first_offered.label} {first_offered.score:.2f}")


@run_async
async def test_s_names_the_cue_rules_a_custom_schema_gets(  # type: ignore[no-untyped-def]
    tmp_path: Path, fashion_schema
) -> None:
    store = Store(tmp_path / "f.db", schema=fashion_schema)
    import_seeds(store)
    async with make_app(store).run_test(size=SIZE) as pilot:
        screen = await show_suggestions(pilot)
        assert screen.suggestions.pending == []
        assert "cue rules for this schema: none; no cue rule suggests FASHION_BRAND" in screen.status.message


@run_async
async def test_without_the_learn_extra_s_shows_the_cue_rules_and_says_why(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    tag_gold(store, OTHER)
    monkeypatch.setitem(sys.modules, "sklearn", None)
    async with make_app(store).run_test(size=SIZE) as pilot:
        screen = await show_suggestions(pilot)
        assert screen.suggestions.pending == pending(store, screen.article_id, ME)
        assert all(s.score is None for s in screen.suggestions.pending)
        assert "pip install 'claim-reader[learn]'; cue rules only" in screen.status.message
        assert pilot.app.learner.model is None


@run_async
async def test_b_goes_to_the_next_suggestion_after_the_cursor_and_wraps(store: Store) -> None:
    async with make_app(store).run_test(size=SIZE) as pilot:
        screen = await show_suggestions(pilot)
        spans = [(s.start, s.end) for s in screen.suggestions.pending]
        assert len(spans) >= 3 and spans == sorted(spans)
        for span in spans:
            await pilot.press("B")
            assert screen.view.suggestion == span
        middle = spans[1]
        while screen.view.cursor > middle[0] + 1:  # inside the second suggestion: B goes to the third
            await pilot.press("left")
        await pilot.press("B")
        assert screen.view.suggestion == spans[2]
        while screen.view.cursor < spans[-1][0]:
            await pilot.press("right")
        await pilot.press("B")  # past the last: back to the first
        assert screen.view.suggestion == spans[0]
        await pilot.press("S", "B")
        assert screen.status.message.startswith("no suggestion to go to (S shows them)")


@run_async
async def test_a_fresh_database_shows_one_proven_suggestion_a_sentence_and_says_what_the_model_needs(
    store: Store,
) -> None:
    pytest.importorskip("sklearn")
    async with make_app(store).run_test(size=(80, 24)) as pilot:
        screen = await show_suggestions(pilot)
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        pending_now = screen.suggestions.pending
        assert pending_now and {s.rule for s in pending_now} == {"quantity"}
        assert len({(s.start, s.end) for s in pending_now}) == len(pending_now)
        line = screen.status.render_line(0).text
        assert "model needs 3 claims of a label and a done article" in line  # on screen at 80 columns
        await pilot.press("W")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert "all suggestions view (W: precise only)" in screen.status.render_line(0).text  # W says the view first
        every = screen.suggestions.pending
        assert len(every) > 2 * len(pending_now) and "statement" in {s.rule for s in every}
        await pilot.press("W")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert "precise view (W: all)" in screen.status.render_line(0).text
        assert screen.suggestions.pending == pending_now
