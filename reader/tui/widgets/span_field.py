"""The claim editor's span field: the claim in its context, whose ends move with the keys that move a selection's
ends in the article (a word, a clause edge, the other end), so a lead in review can fix where a claim starts and
stops."""

from __future__ import annotations

from textual.content import Content
from textual.widget import Widget

from reader.segment import Segments
from reader.text import visible
from reader.tui.keys.live import keys_of
from reader.tui.keys.registry import SPAN_KEYS
from reader.tui.span_words import counted
from reader.tui.text_cursor import TextCursor

CONTEXT = 60
"""Characters of the text shown on each side of the span."""
LONGEST = 240
"""A longer span is shown by its two ends, the middle left out."""


class SpanField(Widget, can_focus=True):
    """The span between an anchor and a moving end on the article's words; `span` is the claim's own until a key
    moves an end."""

    DEFAULT_CSS = """
    SpanField { height: auto; max-height: 6; color: $text-muted; }
    SpanField:focus { background: $boost; }
    """
    BINDINGS = SPAN_KEYS

    def __init__(self, text: str, start: int, end: int, segments: Segments | None = None, *, id: str) -> None:
        super().__init__(id=id)
        self.original = (start, end)
        self.caret = TextCursor()
        self.caret.load(text, segments or Segments(text), end - 1)
        self.caret.anchor = start
        self.caret.position = self.caret.word_span(max(end - 1, start))[0]
        self.moved = False

    @property
    def span(self) -> tuple[int, int]:
        """The span as it is now: the claim's own until an end was moved."""
        selection = self.caret.selection
        return selection if self.moved and selection else self.original

    def render(self) -> Content:
        text = self.caret.text
        start, end = self.span
        before = text[max(start - CONTEXT, 0) : start]
        after = text[end : end + CONTEXT]
        words = counted(self.caret.segments.word_count(start, end))
        keys = keys_of(self)
        moves = (
            f"{keys.label('extend-word-previous')} {keys.label('extend-word-next')} move an end, "
            f"{keys.label('selection-other-end')} the other end, "
            f"{keys.label('clause-previous')} {keys.label('clause-next')} to clause edges"
        )
        # The keys first: the field is at most six lines high and the context is what may be cut. The context's
        # line breaks are shown as spaces so it takes the fewest lines.
        return Content.assemble(
            (f"{start}-{end}  ·  {words}  ·  {moves}\n", "$text-muted"),
            ("…" if start > CONTEXT else "") + _flat(before.lstrip()),
            (visible(_ends(text[start:end])), "bold underline $text"),
            _flat(after.rstrip()) + ("…" if end + CONTEXT < len(text) else ""),
        )

    def _move(self, moved: bool) -> None:
        """Show the span again if an end moved."""
        if moved:
            self.moved = True
            self.refresh(layout=True)

    def action_word(self, step: int, extend: bool = True) -> None:
        """Move the moving end a word."""
        self._move(self.caret.word(step, True))

    def action_clause(self, step: int) -> None:
        """Move the moving end to the next or previous clause edge."""
        self._move(self.caret.clause(step))

    def action_swap_ends(self) -> None:
        """Make the other end the one that moves."""
        self.caret.swap_ends()


def _flat(context: str) -> str:
    """The text around the span on as few lines as it can take: its line breaks as spaces."""
    return visible(" ".join(context.split("\n")))


def _ends(span: str) -> str:
    """A span's text, its middle left out when it is longer than LONGEST, so both ends stay in view."""
    if len(span) <= LONGEST:
        return span
    half = LONGEST // 2
    return f"{span[:half]} … {span[-half:]}"
