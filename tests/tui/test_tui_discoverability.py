"""What an annotator can find without the README: the help lists every binding, laid out so keys never run into their
text; the footer keeps what the next step needs at 80 columns; the palette offers every action of the screen by
name; the article's header says which key tags which label; the confidence prompt's keys are bindings like any other."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.command import CommandList, CommandPalette
from textual.widget import Widget

from reader.store import Store
from reader.tui.keys.live import DEFAULT
from reader.tui.keys.registry import SECTIONS
from reader.tui.screens.editor import EditorScreen
from reader.tui.screens.help import HelpScreen
from reader.tui.widgets.key_hints import KeyHints
from tests.tui.helpers import ME, make_app, open_first_article, press_to, run_async, seeded_store

NARROW = (80, 24)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    store = seeded_store(tmp_path / "t.db")
    yield store
    store.close()


def drawn(widget: Widget) -> list[str]:
    """A widget's lines as they are drawn at its size (what fits, not what it holds)."""
    return [strip.text for strip in widget.render_lines(widget.region.reset_offset)]


async def palette_options(pilot, query: str) -> list[str]:  # type: ignore[no-untyped-def]
    """Open the command palette, type `query`, and return the commands it offers."""
    await pilot.press("ctrl+p")
    await pilot.pause()
    assert isinstance(pilot.app.screen, CommandPalette)
    await pilot.press(*query)
    for _ in range(50):
        await pilot.pause(0.05)
        options = pilot.app.screen.query_one(CommandList)
        if options.option_count:
            break
    return [str(options.get_option_at_index(i).prompt).splitlines()[0] for i in range(options.option_count)]


# -- help -------------------------------------------------------------------------------------------------------------


@run_async
async def test_help_lists_every_binding_with_keys_apart_from_their_text(store: Store) -> None:
    async with make_app(store).run_test(size=NARROW) as pilot:
        await open_first_article(pilot)
        await press_to(pilot, "question_mark", HelpScreen)
        text = str(pilot.app.screen.query_one("#help-text").render())
        assert re.search(r"^ +B {2,}go to the next suggestion after the cursor$", text, re.M)  # a key the help lacked
        assert not re.search(r"Ctrl\+[A-Z][a-z]", text), "a key runs into its text"
        flat = " ".join(text.split())
        for section in SECTIONS:
            for line in DEFAULT.lines(section, store.schema):
                assert f"{line.label()} {line.text}" in flat, f"the help lacks {line.label()}: {line.text}"


# -- footer -----------------------------------------------------------------------------------------------------------


@run_async
async def test_at_80_columns_the_footer_keeps_help_back_suggest_and_related(store: Store) -> None:
    async with make_app(store).run_test(size=NARROW) as pilot:
        await pilot.pause()
        [library] = drawn(pilot.app.screen.query_one(KeyHints))
        assert all(hint in library for hint in ("Enter open", "? help", "q quit", "n next not done"))
        screen = await open_first_article(pilot)
        await pilot.pause()
        [article] = drawn(screen.query_one(KeyHints))
        assert all(hint in article for hint in ("1-8 tag", "? help", "q back", "S suggest", "r related"))


@run_async
async def test_while_a_tag_waits_the_footer_shows_the_confidence_answers(store: Store) -> None:
    async with make_app(store).run_test(size=NARROW) as pilot:
        screen = await open_first_article(pilot)
        await pilot.press("2")
        await pilot.pause()
        [waiting] = drawn(screen.query_one(KeyHints))
        assert all(hint in waiting for hint in ("1 unsure", "2 probably", "3 sure", "Enter sure", "Esc cancel"))
        assert screen.status.message.startswith("confidence? 1 unsure 2 probably 3 sure Enter sure  ·  QUANTITY")
        await pilot.press("escape")
        await pilot.pause()
        [after] = drawn(screen.query_one(KeyHints))
        assert "? help" in after and "unsure" not in after


# -- the label keys in the header ---------------------------------------------------------------------------------


@run_async
async def test_the_article_header_says_which_key_tags_which_label(store: Store) -> None:
    async with make_app(store).run_test(size=NARROW) as pilot:
        screen = await open_first_article(pilot)
        await pilot.pause()
        legend = " ".join(drawn(screen.query_one("#article-header")))
        for label in store.schema.labels:
            assert f"{label.key} {label.name}" in legend


# -- palette ----------------------------------------------------------------------------------------------------------


@run_async
async def test_the_palette_finds_the_suggestion_commands_and_runs_the_one_chosen(store: Store) -> None:
    async with make_app(store).run_test(size=(120, 36)) as pilot:
        screen = await open_first_article(pilot)
        offered = await palette_options(pilot, "sugg")
        assert {
            "show or hide the suggestions (underlined): one a sentence, from the model or proven cue rules",
            "go to the next suggestion after the cursor",
        } <= set(offered)
        assert len([text for text in offered if "suggestion" in text]) == 5
        await pilot.press("enter")
        await pilot.pause()
        assert pilot.app.screen is screen and screen.suggesting


@run_async
async def test_the_palette_offers_every_action_of_the_library(store: Store) -> None:
    async with make_app(store).run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        offered = await palette_options(pilot, "agree")
        assert "the Agreement screen: how far annotators agree; review for leads" in offered


# -- the confidence prompt: bindings, not a key handler ---------------------------------------------------------------


@run_async
async def test_while_a_tag_waits_the_palette_offers_the_answers_and_nothing_else_of_the_article(store: Store) -> None:
    async with make_app(store).run_test(size=(120, 36)) as pilot:
        screen = await open_first_article(pilot)
        await pilot.press("4")
        offered = await palette_options(pilot, "confidence")
        assert {"confidence: unsure", "confidence: probably", "confidence: sure", "the default confidence"} <= set(
            offered
        )
        await pilot.press("escape")  # close the palette
        await pilot.pause()
        assert screen.pending is not None
        assert not [text for text in await palette_options(pilot, "edit") if text.startswith("edit the claim")]
        await pilot.press("escape")
        await pilot.pause()
        await palette_options(pilot, "probably")
        await pilot.press("enter")
        await pilot.pause()
        [claim] = store.claims.of_article(screen.article_id, [ME])
        assert (claim.label, claim.confidence) == ("CAUSAL", 2)


@run_async
async def test_while_a_tag_waits_other_keys_do_nothing_and_the_label_keys_work_again_after(store: Store) -> None:
    async with make_app(store).run_test(size=(120, 36)) as pilot:
        screen = await open_first_article(pilot)
        cursor = screen.view.cursor
        await pilot.press("2", "right", "right_parenthesis", "e", "tab", "7")
        assert screen.view.has_focus
        await pilot.pause()
        assert screen.view.cursor == cursor and not isinstance(pilot.app.screen, EditorScreen)
        assert screen.pending is not None and screen.pending[0].name == "QUANTITY"
        await pilot.press("3", "right_parenthesis", "5", "enter")
        await pilot.pause()
        assert [(c.label, c.confidence) for c in store.claims.of_article(screen.article_id, [ME])] == [
            ("QUANTITY", 3),
            ("POSITION", 3),
        ]


# -- the library: which database, what the marks mean ---------------------------------------------------------------


@run_async
async def test_the_library_names_the_database_file_and_says_what_the_done_marks_mean(store: Store) -> None:
    first, second = store.articles.ids()[:2]
    for name in (ME, "bob", "cy"):
        store.progress.set_done(first, name, True)
    store.progress.set_done(second, "bob", True)
    async with make_app(store).run_test(size=NARROW) as pilot:
        await pilot.pause()
        screen = pilot.app.screen
        corpus = " ".join(drawn(screen.query_one("#corpus"))).strip()
        assert corpus.startswith("…/") and f"/{store.path.name}: 5 articles" in corpus  # a long path by its end
        assert "✓ +2" in " ".join(drawn(screen.query_one("#articles")))
        status = screen.query_one("#library-status")
        assert status.message.startswith("✓ +2: marked done by you, bob, cy  ·  5 shown")
        await pilot.press("down")
        await pilot.pause()
        assert status.message.startswith("· +1: marked done by bob, not by you  ·  5 shown")
        await pilot.press("down")
        await pilot.pause()
        assert status.message.startswith("5 shown")
