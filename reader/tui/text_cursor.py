"""The article view's model, apart from its widget: a word cursor, an anchor and the selection between them, and every
move (word, line, sentence, paragraph, text ends), as Textual keeps `document/` apart from its TextArea."""

from __future__ import annotations

from reader.segment import Segments, trim_span
from reader.text import visible
from reader.tui.layout import Rows, cell_of_offset, offset_at_cell

Span = tuple[int, int]


class TextCursor:
    """Where the reader is in one text: moves return whether the cursor moved, so the view repaints only then."""

    def __init__(self) -> None:
        self.text = ""
        self.shown = ""
        self.segments = Segments("")
        self.position = 0
        self.anchor: int | None = None
        self.sticky = False
        self._goal: int | None = None

    def load(self, text: str, segments: Segments, position: int = 0) -> None:
        """A new text, the cursor on the word at `position` (a remembered reading position), nothing selected."""
        self.text, self.shown, self.segments = text, visible(text), segments
        self.anchor, self.sticky, self._goal = None, False, None
        self.position = self.word_start(min(position, len(text)))

    # -- words and the selection --------------------------------------------------------------------

    def word_span(self, offset: int) -> Span:
        """The word holding `offset`, or a one-character span where there is no word."""
        word = self.segments.word_at(offset)
        if word and word[0] <= offset < word[1]:
            return word
        return offset, min(offset + 1, len(self.text))

    def word_start(self, offset: int) -> int:
        """Snap an offset to the start of its word, else to the next word, else keep it."""
        word = self.segments.word_at(offset)
        if word and word[0] <= offset < word[1]:
            return word[0]
        following = Segments.next_start(self.segments.word_starts, offset)
        if following is not None:
            return following
        return word[0] if word else 0

    @property
    def selection(self) -> Span | None:
        """The selected span, snapped to whole words and trimmed, or None."""
        if self.anchor is None:
            return None
        first, last = self.word_span(self.anchor), self.word_span(self.position)
        start, end = trim_span(self.text, min(first[0], last[0]), max(first[1], last[1]))
        return (start, end) if start < end else None

    def clear_selection(self) -> bool:
        """Drop the selection (and a `v` anchor); tell whether there was one."""
        had = self.anchor is not None
        self.anchor, self.sticky = None, False
        return had

    def sentence_span(self) -> Span | None:
        """The sentence under the cursor, trimmed like a selection."""
        sentence = self.segments.sentence_at(self.position)
        if sentence is None:
            return None
        start, end = trim_span(self.text, *sentence)
        return (start, end) if start < end else None

    def select_sentence(self) -> bool:
        """Select the sentence under the cursor, the cursor at its last word: moves that extend trim its end, and
        after `swap_ends` its start (as vim's visual mode puts the cursor at the end of `vis`)."""
        sentence = self.sentence_span()
        if sentence is None:
            return False
        self.anchor = self.word_start(sentence[0])
        self.position = self.word_span(sentence[1] - 1)[0]
        self.sticky = False
        return True

    def swap_ends(self) -> bool:
        """Make the selection's other end the one that moves (vim's `o`); nothing without a selection."""
        if self.anchor is None:
            return False
        self.anchor, self.position = self.position, self.word_span(self.anchor)[0]
        self._goal = None
        return True

    @property
    def words_selected(self) -> int:
        """How many words the selection holds (0 without one)."""
        selection = self.selection
        return self.segments.word_count(*selection) if selection else 0

    def toggle_anchor(self) -> None:
        """Start a selection anchored here that every move extends (`v`), or drop it."""
        if self.sticky:
            self.anchor, self.sticky = None, False
        else:
            self.anchor, self.sticky = self.position, True

    def anchor_here(self) -> None:
        """Select the word under the cursor (a double click): an anchor that the next plain move drops."""
        self.anchor, self.sticky = self.position, False

    # -- moves ----------------------------------------------------------------------------------------

    def go(self, offset: int | None, extend: bool = False, *, keep_goal: bool = False) -> bool:
        """Put the cursor at `offset`, extending the selection when asked or when `v` anchored it; None stays put."""
        if offset is None:
            return False
        if extend and self.anchor is None:
            self.anchor = self.position
        elif not extend and not self.sticky:
            self.anchor = None
        if not keep_goal:
            self._goal = None
        self.position = offset
        return True

    def jump(self, offset: int) -> None:
        """Put the cursor on the word at `offset` (a claim chosen, a find hit), the selection left as it is."""
        self.position = self.word_start(offset)

    def focus(self, offset: int) -> None:
        """Put the cursor on the word at `offset` with nothing selected (a claim chosen in the sidebar or by n/N)."""
        self.anchor, self.sticky, self._goal = None, False, None
        self.position = self.word_start(offset)

    def drag(self, start: int, here: int) -> bool:
        """Select from `start` to `here` (a mouse drag) once `here` left the word the drag began in."""
        if self.word_span(here) == self.word_span(start):
            return False
        self.anchor, self.position = start, here
        return True

    def word(self, step: int, extend: bool = False) -> bool:
        """Move to the next or previous word."""
        starts = self.segments.word_starts
        target = Segments.next_start(starts, self.position) if step > 0 else Segments.prev_start(starts, self.position)
        return self.go(target, extend)

    def sentence(self, step: int) -> bool:
        """Move to the next sentence, or to the start of this (else the previous) one."""
        return self._to_boundary(self.segments.sentence_starts, step)

    def paragraph(self, step: int) -> bool:
        """Move to the next paragraph, or to the start of this (else the previous) one."""
        return self._to_boundary(self.segments.paragraph_starts, step)

    def _to_boundary(self, starts: list[int], step: int) -> bool:
        """Move to the next boundary of `starts`, or back to the one before the cursor, on its first word."""
        target = Segments.next_start(starts, self.position) if step > 0 else Segments.prev_start(starts, self.position)
        return self.go(None if target is None else self.word_start(target), False)

    def clause(self, step: int) -> bool:
        """Move to the next or previous clause edge (a comma, semicolon, colon, double quote, bracket, dash or the
        sentence's end): the end of a selection moves to clause ends, a lone cursor or a selection's start to clause
        starts; a selection is extended (so it shrinks or grows from the end that moves)."""
        anchor = self.anchor
        at_end = anchor is not None and self.position >= self.word_span(anchor)[0]
        edges = self.segments.clause_ends if at_end else self.segments.clause_starts
        target = Segments.next_start(edges, self.position) if step > 0 else Segments.prev_start(edges, self.position)
        return self.go(target, anchor is not None)

    def edge(self, step: int) -> bool:
        """Go to the last (step > 0) or the first word of the text."""
        starts = self.segments.word_starts
        return self.go(starts[-1] if step > 0 else starts[0], False) if starts else False

    def line(self, rows: Rows, step: int, extend: bool = False) -> bool:
        """Move `step` wrapped rows down (or up), to the word at the column the vertical moves started from."""
        return self.go(self._row_offset(rows, step), extend, keep_goal=True)

    def _row_offset(self, rows: Rows, step: int) -> int | None:
        """The word start `step` rows away at the goal column, skipping paragraph gaps."""
        if not len(rows):
            return None
        row = rows.row_of(self.position)
        if self._goal is None:
            self._goal = cell_of_offset(self.shown, rows.starts[row], self.position)
        target = min(max(row + step, 0), len(rows) - 1)
        direction = 1 if step > 0 else -1
        while rows.starts[target] == rows.ends[target] and 0 < target < len(rows) - 1:
            target += direction
        if target == row:
            return None
        start, end = rows.starts[target], rows.ends[target]
        offset = offset_at_cell(self.shown, start, end, self._goal)
        word = self.word_start(offset)
        if word < end or start == end:
            return word
        last = self.segments.word_at(max(end - 1, start))
        return last[0] if last else start
