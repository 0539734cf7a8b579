"""The annotator's flow on the article screen: a label key relabels my claim on the same span, undo leaves the claim
under the cursor current, a selection shrinks from either end and by clauses (with its word count shown), the prompt
shows both ends of the span, and the claim editor answers to the label keys and shows its ticks without colour."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.models import ClaimFields
from reader.store import Store
from reader.tui.screens.article import ArticleScreen
from reader.tui.screens.editor import EditorScreen
from reader.tui.widgets.form_fields import TickBox
from tests.tui.helpers import ME, make_app, open_first_article, run_async, seeded_store

WIDE = (120, 36)
QUOTE = "I think most of them won\u2019t likely come back home alive"


@pytest.fixture
def store(tmp_path: Path) -> Store:
    store = seeded_store(tmp_path / "t.db")
    yield store
    store.close()


def mine(store: Store, article_id: str) -> list[tuple[str, int, str]]:
    text = store.articles.get(article_id).text
    return [(c.label, c.confidence, text[c.start : c.end]) for c in store.claims.of_article(article_id, [ME])]


async def at(pilot, screen: ArticleScreen, phrase: str) -> None:  # type: ignore[no-untyped-def]
    """Put the cursor on the word where `phrase` starts (as a click on the sidebar would)."""
    screen.view.focus_offset(screen.text.index(phrase))
    await pilot.pause()


# -- relabel ----------------------------------------------------------------------------------------------------------


@run_async
async def test_a_label_key_on_the_span_of_my_claim_relabels_it_in_one_undoable_event(store: Store) -> None:
    async with make_app(store).run_test(size=WIDE) as pilot:
        screen = await open_first_article(pilot)
        article_id = screen.article_id
        await pilot.press("2", "1")
        [(label, confidence, quote)] = mine(store, article_id)
        assert (label, confidence) == ("QUANTITY", 1)
        events = len(store.history.events(article_id=article_id))
        await pilot.press("4")
        await pilot.pause()
        assert mine(store, article_id) == [("CAUSAL", 1, quote)]  # relabelled, not a second claim; confidence kept
        assert len(store.history.events(article_id=article_id)) == events + 1
        assert screen.pending is None and screen.status.message.startswith("saved: relabelled QUANTITY → CAUSAL")
        await pilot.press("s", "5")  # the sentence selected: the same span
        await pilot.pause()
        assert mine(store, article_id) == [("POSITION", 1, quote)] and screen.view.selection is None
        await pilot.press("u")
        await pilot.pause()
        assert mine(store, article_id) == [("CAUSAL", 1, quote)]
        await pilot.press("u")
        await pilot.pause()
        assert mine(store, article_id) == [("QUANTITY", 1, quote)]


@run_async
async def test_my_claims_own_label_key_asks_its_confidence_again(store: Store) -> None:
    async with make_app(store).run_test(size=WIDE) as pilot:
        screen = await open_first_article(pilot)
        await pilot.press("2", "1", "2")
        await pilot.pause()
        assert screen.pending is not None and screen.status.message.startswith("new confidence?")
        assert "(now unsure)" in screen.status.message
        await pilot.press("3")
        await pilot.pause()
        [(label, confidence, _)] = mine(store, screen.article_id)
        assert (label, confidence) == ("QUANTITY", 3)


@run_async
async def test_a_label_key_on_a_different_span_still_adds_a_nested_claim(store: Store) -> None:
    async with make_app(store).run_test(size=WIDE) as pilot:
        screen = await open_first_article(pilot)
        await pilot.press("2", "3", "shift+right", "8", "3")
        await pilot.pause()
        assert sorted(label for label, _, _ in mine(store, screen.article_id)) == ["OTHER", "QUANTITY"]


@run_async
async def test_the_editors_label_and_confidence_fields_answer_to_their_keys(store: Store) -> None:
    async with make_app(store).run_test(size=WIDE) as pilot:
        screen = await open_first_article(pilot)
        await pilot.press("2", "3", "e")
        await pilot.pause()
        assert isinstance(pilot.app.screen, EditorScreen)
        await pilot.press("4", "tab", "1", "ctrl+s")  # label field: 4 is CAUSAL; confidence field: 1 is unsure
        await pilot.pause()
        assert pilot.app.screen is screen
        [(label, confidence, _)] = mine(store, screen.article_id)
        assert (label, confidence) == ("CAUSAL", 1)


@run_async
async def test_the_editors_check_boxes_say_ticked_or_not_without_colour(store: Store) -> None:
    article_id = store.articles.ids()[0]
    store.claims.create(article_id, ME, 0, 20, ClaimFields(label="EVENT", confidence=3, hedged=True))
    async with make_app(store).run_test(size=WIDE) as pilot:
        await open_first_article(pilot)
        await pilot.press("e")
        await pilot.pause()
        boxes = {box.id: str(box.render()) for box in pilot.app.screen.query(TickBox)}
        assert boxes["checkworthy"].startswith("[ ]") and boxes["hedged"].startswith("[x]")


# -- undo keeps the claim under the cursor ----------------------------------------------------------------------------


@run_async
async def test_after_undoing_a_new_claim_the_claim_under_the_cursor_is_current_again(store: Store) -> None:
    article_id = store.articles.ids()[0]
    text = store.articles.get(article_id).text
    start = text.index("If these")
    store.claims.create(article_id, ME, start, text.index(".", start), ClaimFields(label="EVENT", confidence=3))
    async with make_app(store).run_test(size=WIDE) as pilot:
        screen = await open_first_article(pilot)
        await at(pilot, screen, "If these")
        await pilot.press("v", "right", "4", "enter", "u", "e")
        await pilot.pause()
        assert isinstance(pilot.app.screen, EditorScreen), screen.status.message
        assert pilot.app.screen.claim.label == "EVENT"


@run_async
async def test_an_error_about_the_cursors_claim_goes_once_the_cursor_enters_a_claim(store: Store) -> None:
    article_id = store.articles.ids()[0]
    text = store.articles.get(article_id).text
    second = text.index("These troops")
    store.claims.create(article_id, ME, second, second + 12, ClaimFields(label="EVENT", confidence=3))
    async with make_app(store).run_test(size=WIDE) as pilot:
        screen = await open_first_article(pilot)
        await pilot.press("e")
        await pilot.pause()
        assert screen.status.message == "no claim under the cursor"
        await pilot.press("right_parenthesis")
        await pilot.pause()
        assert screen.status.message != "no claim under the cursor"


# -- selections: either end, clauses, word count, the whole span in the prompt ----------------------------------------


@run_async
async def test_after_s_shift_left_trims_the_end_and_o_lets_the_start_move(store: Store) -> None:
    async with make_app(store).run_test(size=WIDE) as pilot:
        screen = await open_first_article(pilot)
        view = screen.view
        await at(pilot, screen, "However, he also acknowledges")
        await pilot.press("s", "shift+left")
        assert view.text[slice(*view.selection)].endswith("come back home")  # the end, not the previous sentence
        await pilot.press("o", "shift+right", "shift+right")
        assert view.text[slice(*view.selection)].startswith("also acknowledges")


@run_async
async def test_the_quote_in_six_keys_and_the_word_count_on_the_status_line(store: Store) -> None:
    async with make_app(store).run_test(size=WIDE) as pilot:
        screen = await open_first_article(pilot)
        await at(pilot, screen, "However, he also acknowledges")
        await pilot.press("s", "o", "greater_than_sign", "greater_than_sign")
        await pilot.pause()
        assert screen.text[slice(*screen.view.selection)] == QUOTE
        assert screen.status.message.startswith("11 words selected")
        await pilot.press("5", "3")
        await pilot.pause()
        assert mine(store, screen.article_id) == [("POSITION", 3, QUOTE)]


@run_async
async def test_clause_moves_select_a_clause_from_its_start(store: Store) -> None:
    async with make_app(store).run_test(size=WIDE) as pilot:
        screen = await open_first_article(pilot)
        await at(pilot, screen, "However, he also acknowledges")
        await pilot.press("greater_than_sign", "greater_than_sign", "v", "greater_than_sign")
        await pilot.pause()
        assert screen.text[slice(*screen.view.selection)] == QUOTE
        await pilot.press("escape")
        await pilot.pause()
        assert screen.view.selection is None and "selected" not in screen.status.message


@run_async
async def test_less_than_takes_a_sentence_selection_s_end_back_a_clause_at_a_time(store: Store) -> None:
    async with make_app(store).run_test(size=WIDE) as pilot:
        screen = await open_first_article(pilot)
        await at(pilot, screen, "However, he also acknowledges")
        await pilot.press("s", "less_than_sign")
        await pilot.pause()
        assert screen.text[slice(*screen.view.selection)] == "However, he also acknowledges a chilling reality"
        await pilot.press("less_than_sign")
        await pilot.pause()
        assert screen.text[slice(*screen.view.selection)] == "However"
        assert screen.status.message.startswith("1 word selected")


@run_async
async def test_the_confidence_prompt_shows_both_ends_of_a_long_span_and_its_word_count(store: Store) -> None:
    async with make_app(store).run_test(size=WIDE) as pilot:
        screen = await open_first_article(pilot)
        await at(pilot, screen, "According to Lee Woong-gil")
        await pilot.press("2")
        await pilot.pause()
        _, (start, end) = screen.pending
        message = screen.status.message
        words = screen.text[start:end].split()
        assert f"{len(words)} words" in message
        assert message.endswith(f"{' '.join(words[-2:])}\u201d") and f"\u201c{words[0]} {words[1]}" in message
        assert screen.view.pending == (start, end)  # the span is marked in the text while the tag waits
        await pilot.press("escape")
        await pilot.pause()
        assert screen.view.pending is None


@run_async
async def test_the_editor_moves_my_claim_s_ends_with_the_selection_keys(store: Store) -> None:
    async with make_app(store).run_test(size=WIDE) as pilot:
        screen = await open_first_article(pilot)
        await at(pilot, screen, "However, he also acknowledges")
        await pilot.press("2", "3", "e")
        await pilot.pause()
        await pilot.press("shift+tab", "o", "greater_than_sign", "greater_than_sign", "ctrl+s")
        await pilot.pause()
        assert mine(store, screen.article_id) == [("QUANTITY", 3, QUOTE)]
        assert "(start changed)" in screen.status.message


@run_async
async def test_the_editor_s_span_field_keeps_its_keys_and_the_span_s_start_in_view_at_80x24(store: Store) -> None:
    async with make_app(store).run_test(size=(80, 24)) as pilot:
        screen = await open_first_article(pilot)
        await at(pilot, screen, "According to Lee Woong-gil")  # a long sentence after a paragraph break
        await pilot.press("2", "3", "e")
        await pilot.pause()
        field = pilot.app.screen.query_one("#span")
        drawn = " ".join(" ".join(strip.text for strip in field.render_lines(field.region.reset_offset)).split())
        assert "to clause edges" in drawn and "According to Lee" in drawn
