"""Pilot tests of the article screen's bindings, asserting on the store and the view's model."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.command import CommandPalette

from reader.errors import ReaderError
from reader.models import ClaimFields
from reader.segment import trim_span
from reader.store import Store
from reader.tui.screens.article import ArticleScreen
from reader.tui.screens.editor import EditorScreen
from reader.tui.screens.help import HelpScreen
from reader.tui.screens.library import LibraryScreen
from reader.tui.widgets.article_view import ArticleView
from reader.tui.widgets.claim_list import ClaimList
from reader.tui.widgets.find_bar import FindBar
from tests.tui.helpers import ME, OTHER, SIZE, add_other_claims, make_app, open_first_article, run_async, seeded_store


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return seeded_store(tmp_path / "t.db")


def mine(store: Store, article_id: str) -> list:
    return store.claims.of_article(article_id, [ME])


# -- movement -----------------------------------------------------------------------------------


@run_async
async def test_left_right_move_by_word(store: Store) -> None:
    async with make_app(store).run_test(size=SIZE) as pilot:
        screen = await open_first_article(pilot)
        words = screen.view.segments.word_starts
        await pilot.press("right", "right")
        assert screen.view.cursor == words[2]
        await pilot.press("left")
        assert screen.view.cursor == words[1]


@run_async
async def test_up_down_move_by_line(store: Store) -> None:
    async with make_app(store).run_test(size=SIZE) as pilot:
        screen = await open_first_article(pilot)
        view = screen.view
        await pilot.press("down", "down")
        assert view.rows.row_of(view.cursor) == 2
        await pilot.press("up")
        assert view.rows.row_of(view.cursor) == 1


@run_async
async def test_page_down_up_and_home_end(store: Store) -> None:
    async with make_app(store).run_test(size=SIZE) as pilot:
        screen = await open_first_article(pilot)
        view = screen.view
        await pilot.press("pagedown")
        page_row = view.rows.row_of(view.cursor)
        assert page_row >= view.scrollable_content_region.height - 2
        await pilot.press("pageup")
        assert view.rows.row_of(view.cursor) < page_row
        await pilot.press("end")
        assert view.cursor == view.segments.word_starts[-1]
        assert view.scroll_y > 0
        await pilot.press("home")
        assert view.cursor == view.segments.word_starts[0]


@run_async
async def test_parentheses_move_by_sentence_and_braces_by_paragraph(store: Store) -> None:
    async with make_app(store).run_test(size=SIZE) as pilot:
        screen = await open_first_article(pilot)
        view = screen.view
        await pilot.press("right_parenthesis")
        assert view.cursor == view.segments.sentence_starts[1]
        await pilot.press("right_parenthesis", "left_parenthesis")
        assert view.cursor == view.segments.sentence_starts[1]
        await pilot.press("right_curly_bracket")
        assert view.cursor == view.segments.paragraph_starts[1]
        await pilot.press("right_curly_bracket", "left_curly_bracket")
        assert view.cursor == view.segments.paragraph_starts[1]


# -- selection ----------------------------------------------------------------------------------


@run_async
async def test_shift_arrows_extend_by_word_and_line(store: Store) -> None:
    async with make_app(store).run_test(size=SIZE) as pilot:
        screen = await open_first_article(pilot)
        view = screen.view
        words = view.segments.words
        await pilot.press("shift+right", "shift+right")
        assert view.selection == (words[0][0], words[2][1])
        await pilot.press("shift+left")
        assert view.selection == (words[0][0], words[1][1])
        await pilot.press("shift+down")
        start, end = view.selection
        assert start == 0 and view.rows.row_of(end) == 1
        await pilot.press("right")
        assert view.selection is None


@run_async
async def test_s_selects_the_sentence_trimmed(store: Store) -> None:
    async with make_app(store).run_test(size=SIZE) as pilot:
        screen = await open_first_article(pilot)
        view = screen.view
        await pilot.press("right_parenthesis", "right", "s")
        sentence = view.segments.sentences[1]
        assert view.selection == trim_span(view.text, *sentence)
        assert view.text[view.selection[1] - 1] not in ".,;"


@run_async
async def test_v_anchors_a_selection_that_movement_extends(store: Store) -> None:
    async with make_app(store).run_test(size=SIZE) as pilot:
        screen = await open_first_article(pilot)
        view = screen.view
        words = view.segments.words
        await pilot.press("v", "right", "right", "right")
        assert view.selection == (words[0][0], words[3][1])
        await pilot.press("v")
        assert view.selection is None


@run_async
async def test_escape_clears_the_selection_before_leaving(store: Store) -> None:
    async with make_app(store).run_test(size=SIZE) as pilot:
        screen = await open_first_article(pilot)
        await pilot.press("s")
        assert screen.view.selection is not None
        await pilot.press("escape")
        await pilot.pause()
        assert screen.view.selection is None
        assert pilot.app.screen is screen


@run_async
async def test_mouse_drag_selects_whole_words(store: Store) -> None:
    async with make_app(store).run_test(size=SIZE) as pilot:
        screen = await open_first_article(pilot)
        view = screen.view
        text = view.text
        # Content starts after one cell of padding: cell x+1 of the widget is text column x.
        await pilot.mouse_down(ArticleView, offset=(1 + 6, 0))  # inside "bold"
        await pilot.hover(ArticleView, offset=(1 + 15, 0))  # inside "shocking"
        await pilot.mouse_up(ArticleView, offset=(1 + 15, 0))
        start, end = view.selection
        assert text[start:end] == "bold and shocking"


@run_async
async def test_double_click_selects_a_word_and_triple_click_a_sentence(store: Store) -> None:
    async with make_app(store).run_test(size=SIZE) as pilot:
        screen = await open_first_article(pilot)
        view = screen.view
        await pilot.double_click(ArticleView, offset=(1 + 6, 0))
        assert view.text[slice(*view.selection)] == "bold"
        await pilot.triple_click(ArticleView, offset=(1 + 6, 0))
        assert view.selection == trim_span(view.text, *view.segments.sentences[0])


# -- tagging ------------------------------------------------------------------------------------


@run_async
async def test_label_then_confidence_tags_the_sentence_in_two_keys(store: Store) -> None:
    async with make_app(store).run_test(size=SIZE) as pilot:
        screen = await open_first_article(pilot)
        await pilot.press("2")
        assert mine(store, screen.article_id) == []
        assert screen.pending is not None
        await pilot.press("1")
        await pilot.pause()
        [claim] = mine(store, screen.article_id)
        assert (claim.label, claim.confidence) == ("QUANTITY", 1)
        assert (claim.start, claim.end) == trim_span(screen.text, *screen.view.segments.sentences[0])
        assert screen.status.message.startswith("saved")
        assert screen.view.current == claim.id


@run_async
async def test_the_same_label_on_the_same_span_twice_never_makes_a_duplicate(store: Store) -> None:
    async with make_app(store).run_test(size=SIZE) as pilot:
        screen = await open_first_article(pilot)
        await pilot.press("2", "1")
        await pilot.pause()
        [claim] = mine(store, screen.article_id)
        await pilot.press("2", "3")  # my claim's own label key asks its confidence again
        await pilot.pause()
        [again] = mine(store, screen.article_id)
        assert (again.id, again.start, again.end, again.label, again.confidence) == (
            claim.id,
            claim.start,
            claim.end,
            claim.label,
            3,
        )
        with pytest.raises(ReaderError, match=f"already has a QUANTITY claim on {claim.start}-{claim.end}"):
            store.claims.create(
                screen.article_id, "alice", claim.start, claim.end, ClaimFields(label="QUANTITY", confidence=1)
            )


@run_async
async def test_tag_uses_the_selection_and_enter_takes_the_default(store: Store) -> None:
    async with make_app(store).run_test(size=SIZE) as pilot:
        screen = await open_first_article(pilot)
        await pilot.press("right", "shift+right", "shift+right", "5", "enter")
        await pilot.pause()
        [claim] = mine(store, screen.article_id)
        assert screen.text[claim.start : claim.end] == "a bold and"
        assert (claim.label, claim.confidence) == ("POSITION", store.schema.default_confidence)
        assert screen.view.selection is None


@run_async
async def test_escape_cancels_the_whole_tag(store: Store) -> None:
    async with make_app(store).run_test(size=SIZE) as pilot:
        screen = await open_first_article(pilot)
        await pilot.press("3", "escape")
        await pilot.pause()
        assert mine(store, screen.article_id) == []
        assert screen.pending is None
        assert pilot.app.screen is screen


# -- claims -------------------------------------------------------------------------------------


async def _two_claims(pilot) -> ArticleScreen:  # type: ignore[no-untyped-def]
    """Tag the first two sentences."""
    screen = await open_first_article(pilot)
    await pilot.press("1", "3", "right_parenthesis", "2", "2", "home")
    await pilot.pause()
    return screen


@run_async
async def test_n_and_shift_n_step_through_claims(store: Store) -> None:
    async with make_app(store).run_test(size=SIZE) as pilot:
        screen = await _two_claims(pilot)
        first, second = mine(store, screen.article_id)
        await pilot.press("right_parenthesis", "left_parenthesis")  # off the claims' ids, cursor at sentence 1
        await pilot.press("end", "N")
        assert screen.view.current == second.id
        await pilot.press("N")
        assert screen.view.current == first.id
        await pilot.press("n")
        assert screen.view.current == second.id
        assert screen.view.cursor == second.start


@run_async
async def test_cursor_in_a_claim_selects_it_in_the_sidebar_and_back(store: Store) -> None:
    async with make_app(store).run_test(size=SIZE) as pilot:
        screen = await _two_claims(pilot)
        first, _second = mine(store, screen.article_id)
        await pilot.press("right_parenthesis")
        assert screen.sidebar.index == 1
        await pilot.press("tab")
        assert isinstance(pilot.app.focused, ClaimList)
        await pilot.press("up")
        assert screen.view.current == first.id and screen.view.cursor == first.start
        await pilot.press("enter")
        assert isinstance(pilot.app.focused, ArticleView)


@run_async
async def test_an_empty_sidebar_says_how_to_tag_until_the_first_claim(store: Store) -> None:
    async with make_app(store).run_test(size=SIZE) as pilot:
        screen = await open_first_article(pilot)
        assert screen.sidebar.render_line(0).text.strip() == "No claims of yours here yet."
        await pilot.press("1", "3")
        await pilot.pause()
        assert screen.sidebar.render_line(0).text.strip().startswith("EVENT")


@run_async
async def test_sidebar_follows_the_cursor_in_the_same_step(store: Store) -> None:
    """The sidebar highlight changes before the key's handler returns, so text and sidebar repaint in one frame."""
    async with make_app(store).run_test(size=SIZE) as pilot:
        screen = await _two_claims(pilot)
        second = mine(store, screen.article_id)[1]
        screen.view.focus_claim(second.id)
        assert screen.sidebar.index == 1  # no pause: a posted message would not have arrived yet
        screen.view.action_edge(-1)  # Home: into the first claim
        assert screen.sidebar.index == 0


@run_async
async def test_e_edits_the_claim_under_the_cursor(store: Store) -> None:
    async with make_app(store).run_test(size=SIZE) as pilot:
        screen = await _two_claims(pilot)
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(pilot.app.screen, EditorScreen)
        await pilot.click("#note")
        await pilot.press(*"seen twice", "ctrl+s")
        await pilot.pause()
        first = mine(store, screen.article_id)[0]
        assert first.note == "seen twice"
        assert screen.status.message.startswith("saved")


@run_async
async def test_editor_changes_label_flags_and_escape_discards(store: Store) -> None:
    async with make_app(store).run_test(size=SIZE) as pilot:
        screen = await _two_claims(pilot)
        await pilot.press("e")
        await pilot.pause()
        editor = pilot.app.screen
        editor.query_one("#label").value = "RULE"
        editor.query_one("#hedged").value = True
        await pilot.press("ctrl+s")
        await pilot.pause()
        first = mine(store, screen.article_id)[0]
        assert (first.label, first.hedged) == ("RULE", True)
        await pilot.press("e")
        await pilot.pause()
        pilot.app.screen.query_one("#label").value = "OTHER"
        await pilot.press("escape")
        await pilot.pause()
        assert mine(store, screen.article_id)[0].label == "RULE"


@pytest.mark.parametrize("key", ["x", "delete"])
@run_async
async def test_x_and_delete_delete_the_claim(store: Store, key: str) -> None:
    async with make_app(store).run_test(size=SIZE) as pilot:
        screen = await _two_claims(pilot)
        await pilot.press(key)
        await pilot.pause()
        assert len(mine(store, screen.article_id)) == 1
        assert screen.status.message.startswith("saved")


@pytest.mark.parametrize(("undo", "redo"), [("u", "U"), ("ctrl+z", "ctrl+y")])
@run_async
async def test_undo_and_redo_go_through_the_event_log(store: Store, undo: str, redo: str) -> None:
    async with make_app(store).run_test(size=SIZE) as pilot:
        screen = await _two_claims(pilot)
        await pilot.press(undo)
        await pilot.pause()
        assert len(mine(store, screen.article_id)) == 1
        await pilot.press(redo)
        await pilot.pause()
        assert len(mine(store, screen.article_id)) == 2
        assert len(screen.view.marks) == 2


@run_async
async def test_undo_survives_a_restart(store: Store) -> None:
    async with make_app(store).run_test(size=SIZE) as pilot:
        screen = await _two_claims(pilot)
        article_id = screen.article_id
    async with make_app(store).run_test(size=SIZE) as pilot:
        await open_first_article(pilot)
        await pilot.press("u", "u")
        await pilot.pause()
        assert mine(store, article_id) == []


@run_async
async def test_undo_and_delete_never_touch_other_annotators_work(store: Store) -> None:
    article_id = store.articles.ids()[0]
    add_other_claims(store, article_id)
    async with make_app(store).run_test(size=SIZE) as pilot:
        screen = await open_first_article(pilot)
        await pilot.press("u", "a")
        await pilot.pause()
        assert screen.view.current is not None
        await pilot.press("x")
        await pilot.pause()
        assert len(store.claims.of_article(article_id, [OTHER])) == 2
        assert "belongs to bob" in screen.status.message


@run_async
async def test_d_toggles_done(store: Store) -> None:
    async with make_app(store).run_test(size=SIZE) as pilot:
        screen = await open_first_article(pilot)
        await pilot.press("d")
        await pilot.pause()
        assert store.progress.get(screen.article_id, ME).done
        await pilot.press("d")
        await pilot.pause()
        assert not store.progress.get(screen.article_id, ME).done


@run_async
async def test_brackets_go_to_next_and_previous_article(store: Store) -> None:
    ids = store.articles.ids()
    async with make_app(store).run_test(size=SIZE) as pilot:
        screen = await open_first_article(pilot)
        await pilot.press("right_square_bracket")
        assert screen.article_id == ids[1]
        assert screen.view.text == store.articles.get(ids[1]).text
        await pilot.press("left_square_bracket")
        assert screen.article_id == ids[0]


@run_async
async def test_slash_finds_down_up_step_through_hits_and_escape_returns_the_cursor(store: Store) -> None:
    async with make_app(store).run_test(size=SIZE) as pilot:
        screen = await open_first_article(pilot)
        view = screen.view
        start = view.cursor
        await pilot.press("slash", *"korea")
        await pilot.pause()
        expected = view.text.lower().count("korea")
        assert len(view.hits) == expected > 2
        assert view.hit_index == 0
        await pilot.press("down", "down")
        assert view.hit_index == 2
        assert view.cursor == view.hits[2][0]
        await pilot.press("up")
        assert view.hit_index == 1
        await pilot.press("escape")
        await pilot.pause()
        assert view.hits == [] and isinstance(pilot.app.focused, ArticleView)
        assert view.cursor == start


@run_async
async def test_enter_in_the_find_bar_goes_to_the_hit_and_the_next_key_tags(store: Store) -> None:
    async with make_app(store).run_test(size=SIZE) as pilot:
        screen = await open_first_article(pilot)
        view = screen.view
        bar = screen.query_one(FindBar)
        await pilot.press("slash", *"10,000", "enter", "2")
        await pilot.pause()
        assert bar.value == "10,000" and not bar.display and isinstance(pilot.app.focused, ArticleView)
        assert view.text[view.cursor :].startswith("10,000")
        await pilot.press("3")
        await pilot.pause()
        [claim] = mine(store, screen.article_id)
        assert claim.label == "QUANTITY" and "10,000" in view.text[claim.start : claim.end]
        await pilot.press("slash", *"korea", "enter")
        first = view.cursor
        await pilot.press("slash", "enter")  # the last search, from the hit after the cursor
        assert view.text[view.cursor : view.cursor + 5].lower() == "korea" and view.cursor > first


@run_async
async def test_a_shows_and_hides_other_annotators_claims(store: Store) -> None:
    article_id = store.articles.ids()[0]
    add_other_claims(store, article_id)
    async with make_app(store).run_test(size=SIZE) as pilot:
        screen = await open_first_article(pilot)
        assert screen.view.marks == [] and screen.sidebar.count == 0
        header = str(screen.query_one("#article-header").render())
        assert "bob 2" in header
        await pilot.press("a")
        assert len(screen.view.marks) == 2 and screen.sidebar.count == 2
        await pilot.press("a")
        assert screen.view.marks == []


@run_async
async def test_tab_moves_focus_between_text_and_sidebar(store: Store) -> None:
    async with make_app(store).run_test(size=SIZE) as pilot:
        await open_first_article(pilot)
        assert isinstance(pilot.app.focused, ArticleView)
        await pilot.press("tab")
        assert isinstance(pilot.app.focused, ClaimList)
        await pilot.press("tab")
        assert isinstance(pilot.app.focused, ArticleView)


@run_async
async def test_question_mark_shows_help_with_the_label_definitions(store: Store) -> None:
    async with make_app(store).run_test(size=SIZE) as pilot:
        screen = await open_first_article(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(pilot.app.screen, HelpScreen)
        text = " ".join(str(pilot.app.screen.query_one("#help-text").render()).split())  # wrapped to the width
        assert all(label.definition in text for label in store.schema.labels)
        await pilot.press("escape")
        await pilot.pause()
        assert pilot.app.screen is screen


@pytest.mark.parametrize("key", ["q", "escape"])
@run_async
async def test_q_and_escape_go_back_and_remember_the_position(store: Store, key: str) -> None:
    async with make_app(store).run_test(size=SIZE) as pilot:
        screen = await open_first_article(pilot)
        await pilot.press("right_parenthesis", "right")
        cursor, article_id = screen.view.cursor, screen.article_id
        await pilot.press(key)
        await pilot.pause()
        assert isinstance(pilot.app.screen, LibraryScreen)
        assert store.progress.get(article_id, ME).position == cursor
        screen = await open_first_article(pilot)
        assert screen.view.cursor == cursor


@run_async
async def test_ctrl_p_opens_the_command_palette(store: Store) -> None:
    async with make_app(store).run_test(size=SIZE) as pilot:
        await open_first_article(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(pilot.app.screen, CommandPalette)


@run_async
async def test_read_only_database_refuses_tags_with_a_clear_line(tmp_path: Path) -> None:
    seeded_store(tmp_path / "r.db").close()
    store = Store(tmp_path / "r.db", readonly=True)
    async with make_app(store).run_test(size=SIZE) as pilot:
        screen = await open_first_article(pilot)
        await pilot.press("1", "3")
        await pilot.pause()
        assert "read-only" in screen.status.message
    assert store.claims.of_article(store.articles.ids()[0]) == []


@run_async
async def test_overlapping_claims_are_painted_distinctly(store: Store) -> None:
    article_id = store.articles.ids()[0]
    text = store.articles.get(article_id).text
    inner = text.index("North Korea")
    store.claims.create(article_id, ME, 0, 60, ClaimFields(label="EVENT", confidence=3))
    store.claims.create(article_id, ME, inner, inner + 11, ClaimFields(label="QUANTITY", confidence=3))
    async with make_app(store).run_test(size=SIZE) as pilot:
        screen = await open_first_article(pilot)
        await pilot.press("end")
        await pilot.pause()
        view = screen.view
        view.scroll_to(y=0, animate=False, immediate=True)
        strip = view.render_line(0)
        styles = {seg.text.strip(): seg.style for seg in strip if seg.text.strip()}
        outer = next(style for text_, style in styles.items() if text_.startswith("In a bold"))
        nested = styles["North Korea"]
        assert outer.bgcolor != nested.bgcolor
        assert nested.underline and not outer.underline


@run_async
async def test_a_theme_switch_repaints_text_claims_and_sidebar_in_the_new_colours(store: Store) -> None:
    article_id = store.articles.ids()[0]
    store.claims.create(article_id, ME, 0, 60, ClaimFields(label="EVENT", confidence=3))
    async with make_app(store).run_test(size=SIZE) as pilot:
        screen = await open_first_article(pilot)
        await pilot.press("end")  # the claim at the top is not the current one
        await pilot.pause()
        view, sidebar = screen.view, screen.sidebar
        view.scroll_to(y=0, animate=False, immediate=True)

        def colours() -> tuple[object, object, object]:
            claim = next(seg.style for seg in view.render_line(0) if seg.text.startswith("In a bold"))
            row = next(seg.style for seg in sidebar.render_line(1) if seg.text.strip())  # the claim's text line
            return view.base_style.bgcolor, claim.bgcolor, row.bgcolor

        dark = colours()
        pilot.app.theme = "textual-light"
        await pilot.pause()
        light = colours()
        assert all(a != b for a, b in zip(dark, light, strict=True))
        assert sum(light[0].triplet) > 3 * 200 > sum(dark[0].triplet)  # a light background, then a dark one


@run_async
async def test_small_terminal_and_resize_rewrap_and_keep_the_cursor(store: Store) -> None:
    async with make_app(store).run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = await open_first_article(pilot)
        view = screen.view
        await pilot.press("pagedown", "right")
        cursor, narrow = view.cursor, view.rows.width
        await pilot.resize_terminal(160, 45)
        await pilot.pause()
        assert view.rows.width > narrow
        assert view.cursor == cursor
        row = view.rows.row_of(cursor)
        assert view.scroll_y <= row < view.scroll_y + view.scrollable_content_region.height


@run_async
async def test_reopening_scrolls_to_the_remembered_position(store: Store) -> None:
    article_id = store.articles.ids()[0]
    text = store.articles.get(article_id).text
    store.progress.set_position(article_id, ME, text.index("Pentagon"))
    async with make_app(store).run_test(size=SIZE) as pilot:
        screen = await open_first_article(pilot)
        await pilot.pause(0.2)  # the centring waits for the first layout of the wrapped text
        view = screen.view
        assert view.cursor == text.index("Pentagon")
        row = view.rows.row_of(view.cursor)
        assert view.scroll_y <= row < view.scroll_y + view.scrollable_content_region.height
