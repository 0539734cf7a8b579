"""Unit tests of wrapping and claim flattening, the two pieces the article view's speed rests on."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from reader.tui.layout import Mark, cell_of_offset, flatten, offset_at_cell, wrap


def test_wrap_breaks_at_spaces_and_keeps_paragraph_gaps() -> None:
    text = "one two three four five\nsix seven"
    rows = wrap(text, 10)
    shown = [text[s:e] for s, e in zip(rows.starts, rows.ends, strict=False)]
    assert shown == ["one two", "three four", "five", "", "six seven"]
    assert rows.row_of(text.index("six")) == 4


def test_wrap_cuts_words_longer_than_a_row_and_counts_wide_cells() -> None:
    rows = wrap("abcdefghijkl", 5)
    assert [(s, e) for s, e in zip(rows.starts, rows.ends, strict=False)] == [(0, 5), (5, 10), (10, 12)]
    cjk = "漢字漢字漢字 ok"
    rows = wrap(cjk, 8)
    assert cjk[rows.starts[0] : rows.ends[0]] == "漢字漢字"
    assert offset_at_cell(cjk, 0, 6, 3) == 1 and cell_of_offset(cjk, 0, 2) == 4


@given(st.text(alphabet="ab \n", max_size=200), st.integers(min_value=4, max_value=30))
def test_wrap_covers_every_character_once_within_the_width(text: str, width: int) -> None:
    rows = wrap(text, width)
    for start, end in zip(rows.starts, rows.ends, strict=False):
        assert end - start <= width
    covered = "".join(text[s:e] for s, e in zip(rows.starts, rows.ends, strict=False))
    assert "".join(covered.split()) == "".join(text.split())


def test_flatten_keeps_nesting_outermost_first() -> None:
    outer, inner = Mark(0, 10, "EVENT", True, "o"), Mark(3, 5, "QUANTITY", True, "i")
    layers = flatten([inner, outer])
    assert layers.at(1) == (outer,)
    assert layers.at(4) == (outer, inner)
    assert layers.at(7) == (outer,)
    assert layers.at(10) == ()


@given(st.lists(st.tuples(st.integers(0, 40), st.integers(1, 20)), max_size=25))
def test_incremental_add_and_remove_match_a_full_flatten(spans: list[tuple[int, int]]) -> None:
    marks = [Mark(s, s + n, "EVENT", True, str(i)) for i, (s, n) in enumerate(spans)]
    layers = flatten([])
    for mark in marks:
        layers.add(mark)
    full = flatten(marks)
    for offset in range(62):
        assert layers.at(offset) == full.at(offset)
    for mark in marks[::2]:
        layers.remove(mark)
    rest = flatten(marks[1::2])
    for offset in range(62):
        assert layers.at(offset) == rest.at(offset)
