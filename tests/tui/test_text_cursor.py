"""Unit tests of the article view's model (reader.tui.text_cursor): moves, extending, the anchor, clearing, text
ends."""

from __future__ import annotations

import subprocess
import sys

import pytest

from reader.segment import Segments
from reader.tui.layout import wrap
from reader.tui.text_cursor import TextCursor

TEXT = "One two three. Four five.\n\nSix seven eight nine ten eleven."
#       0   4   8      15   20     27  31    37    43   48  52


@pytest.fixture
def cursor() -> TextCursor:
    cursor = TextCursor()
    cursor.load(TEXT, Segments(TEXT))
    return cursor


def test_the_module_needs_no_textual() -> None:
    code = "import sys, reader.tui.text_cursor; print('textual' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_load_snaps_the_remembered_position_to_its_word_and_clamps_it() -> None:
    cursor = TextCursor()
    cursor.load(TEXT, Segments(TEXT), 10)
    assert cursor.position == 8
    cursor.load(TEXT, Segments(TEXT), 13)  # the full stop after "three": no word, so the next one
    assert cursor.position == 15
    cursor.load(TEXT, Segments(TEXT), 10_000)
    assert cursor.position == 52


def test_word_moves_forward_and_back_and_stops_at_the_text_ends(cursor: TextCursor) -> None:
    assert cursor.word(1) and cursor.position == 4
    assert cursor.word(-1) and cursor.position == 0
    assert not cursor.word(-1) and cursor.position == 0
    assert cursor.edge(1) and cursor.position == 52
    assert not cursor.word(1) and cursor.position == 52
    assert cursor.edge(-1) and cursor.position == 0


def test_sentence_and_paragraph_moves(cursor: TextCursor) -> None:
    assert cursor.sentence(1) and cursor.position == 15
    assert cursor.sentence(1) and cursor.position == 27
    assert not cursor.sentence(1) and cursor.position == 27
    cursor.word(1)
    assert cursor.sentence(-1) and cursor.position == 27  # back to the start of this sentence first
    assert cursor.sentence(-1) and cursor.position == 15
    assert cursor.paragraph(1) and cursor.position == 27
    assert cursor.paragraph(-1) and cursor.position == 0
    assert not cursor.paragraph(-1)


def test_line_moves_keep_the_column_and_skip_the_paragraph_gap(cursor: TextCursor) -> None:
    rows = wrap(TEXT, 12)  # One two / three. Four / five. / (gap) / Six seven / eight nine / ten eleven.
    cursor.word(1)  # "two", column 4
    assert cursor.line(rows, 1) and cursor.position == 8  # column 4 is inside "three"
    assert cursor.line(rows, 1) and cursor.position == 20  # column 4 is the full stop: the row's last word
    assert cursor.line(rows, 1) and cursor.position == 31  # over the blank row, to "seven" at column 4
    assert cursor.line(rows, -3) and cursor.position == 8
    assert cursor.line(rows, -10) and cursor.position == 4  # clamped to the first row, the goal column kept
    assert not cursor.line(rows, -1) and cursor.position == 4


def test_extend_selects_whole_words_and_a_plain_move_clears_it(cursor: TextCursor) -> None:
    assert cursor.selection is None
    cursor.word(1, extend=True)
    cursor.word(1, extend=True)
    assert cursor.selection == (0, 13)  # "One two three", the full stop trimmed
    cursor.word(-1, extend=True)
    assert cursor.selection == (0, 7)
    cursor.word(1)
    assert cursor.selection is None and cursor.anchor is None


def test_the_v_anchor_makes_every_move_extend_until_toggled_or_cleared(cursor: TextCursor) -> None:
    cursor.word(1)
    cursor.toggle_anchor()
    cursor.sentence(1)
    assert cursor.selection == (4, 19)
    cursor.word(1)
    assert cursor.selection == (4, 24)
    assert cursor.clear_selection() is True
    assert cursor.selection is None and not cursor.sticky
    assert cursor.clear_selection() is False
    cursor.toggle_anchor()
    cursor.toggle_anchor()
    cursor.word(1)
    assert cursor.selection is None


def test_select_sentence_and_the_sentence_under_the_cursor(cursor: TextCursor) -> None:
    cursor.word(1)
    cursor.word(1)
    cursor.word(1)
    cursor.word(1)  # "five."
    assert cursor.sentence_span() == (15, 24)
    assert cursor.select_sentence() and cursor.position == 20 and cursor.selection == (15, 24)  # at its last word
    cursor.word(1)
    assert cursor.selection is None  # not sticky: a plain move drops it


def test_a_selected_sentence_shrinks_from_its_end_and_after_the_swap_from_its_start() -> None:
    text = "Alpha beta gamma delta epsilon."
    cursor = TextCursor()
    cursor.load(text, Segments(text), 12)
    cursor.select_sentence()
    cursor.word(-1, extend=True)
    assert text[slice(*cursor.selection)] == "Alpha beta gamma delta"  # the end moved back, not the start
    assert cursor.swap_ends() and cursor.position == 0
    cursor.word(1, extend=True)
    assert text[slice(*cursor.selection)] == "beta gamma delta"
    assert cursor.swap_ends() and text[slice(*cursor.selection)] == "beta gamma delta"
    cursor.word(-1, extend=True)
    assert text[slice(*cursor.selection)] == "beta gamma" and cursor.words_selected == 2
    cursor.clear_selection()
    assert not cursor.swap_ends() and cursor.words_selected == 0


QUOTE = (
    "However, he also acknowledges a chilling reality: \u201cI think most of them won\u2019t come back alive.\u201d"
    " Next."
)


def test_clause_moves_go_to_clause_edges_and_move_the_selections_moving_end() -> None:
    cursor = TextCursor()
    cursor.load(QUOTE, Segments(QUOTE))
    assert cursor.clause(1) and QUOTE[cursor.position :].startswith("he also")
    assert cursor.clause(1) and QUOTE[cursor.position :].startswith("I think")
    cursor.toggle_anchor()
    assert cursor.clause(1)
    assert QUOTE[slice(*cursor.selection)] == "I think most of them won\u2019t come back alive"  # to the clause's end
    cursor.clear_selection()
    cursor.select_sentence()
    assert cursor.swap_ends() and cursor.clause(1) and cursor.clause(1)  # the start moves: over "However," then ":"
    assert QUOTE[slice(*cursor.selection)] == "I think most of them won\u2019t come back alive"
    assert cursor.clause(-1) and QUOTE[slice(*cursor.selection)].startswith("he also")


def test_a_comma_inside_a_number_is_no_clause_edge() -> None:
    text = "They sent 10,000 troops, and more later."
    cursor = TextCursor()
    cursor.load(text, Segments(text))
    assert cursor.clause(1) and text[cursor.position :].startswith("and more")


def test_focus_drops_the_selection_and_jump_keeps_it(cursor: TextCursor) -> None:
    cursor.word(1, extend=True)
    cursor.jump(33)
    assert cursor.position == 31 and cursor.selection == (0, 36)
    cursor.focus(9)
    assert cursor.position == 8 and cursor.selection is None


def test_a_drag_selects_once_it_leaves_its_first_word(cursor: TextCursor) -> None:
    assert not cursor.drag(4, 6) and cursor.selection is None
    assert cursor.drag(4, 17) and cursor.selection == (4, 19)
    cursor.focus(0)
    cursor.anchor_here()
    assert cursor.selection == (0, 3)


def test_an_empty_text_has_nowhere_to_go() -> None:
    cursor = TextCursor()
    cursor.load("", Segments(""))
    assert cursor.position == 0
    assert not cursor.word(1) and not cursor.edge(1) and not cursor.sentence(1) and not cursor.paragraph(-1)
    assert not cursor.line(wrap("", 10), 1)
    assert cursor.selection is None and cursor.sentence_span() is None and not cursor.select_sentence()
