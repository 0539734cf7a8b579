"""The find bar of the article screen: case-insensitive hits of what is typed, stepped through with its keys."""

from __future__ import annotations

from textual import on
from textual.message import Message
from textual.widgets import Input

from reader.tui.keys.live import keys_of
from reader.tui.keys.registry import FIND_KEYS

Span = tuple[int, int]


def find_all(haystack: str, needle: str) -> list[Span]:
    """Non-overlapping occurrences of `needle` in `haystack` (both already case-folded)."""
    hits: list[Span] = []
    if not needle:
        return hits
    at = haystack.find(needle)
    while at >= 0:
        hits.append((at, at + len(needle)))
        at = haystack.find(needle, at + len(needle))
    return hits


class FindBar(Input):
    """Hidden until opened; posts Search with the hits and the current one, and Closed when dismissed."""

    DEFAULT_CSS = """
    FindBar { display: none; dock: bottom; margin-bottom: 2; border: tall $warning; }
    """
    BINDINGS = FIND_KEYS

    class Search(Message):
        """The hits changed or the current hit moved."""

        def __init__(self, hits: list[Span], index: int | None, summary: str) -> None:
            super().__init__()
            self.hits = hits
            self.index = index
            self.summary = summary

    class Closed(Message):
        """The find bar was closed; hits should go, and the cursor stays on the current hit (`go`) or returns to
        where the search began."""

        def __init__(self, go: bool) -> None:
            super().__init__()
            self.go = go

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._folded = ""
        self.hits: list[Span] = []
        self.index: int | None = None
        self.origin = 0

    def on_mount(self) -> None:
        keys = keys_of(self)
        self.placeholder = (
            f"find in the article: {keys.label('find-next')} next, {keys.label('find-previous')} "
            f"previous, {keys.label('find-go')} go there, {keys.label('find-close')} back"
        )

    def open(self, text: str, cursor: int) -> None:
        """Show the bar for `text`, searching forward from `cursor`; what was searched last is still there, selected
        (typing replaces it), and its first hit after the cursor is current, so the find key then Enter goes on to
        the next hit."""
        self._folded = text.lower() if len(text.lower()) == len(text) else text
        self.origin = cursor + 1 if self.value else cursor
        self.display = True
        self.focus()
        self.select_all()
        self._search()

    def action_go(self) -> None:
        """Close the bar with the cursor on the current hit: the keys act on the text again."""
        self.close(go=True)

    def action_close(self) -> None:
        """Close the bar with the cursor back where the search began."""
        self.close(go=False)

    def close(self, *, go: bool = True) -> None:
        """Hide the bar and tell the screen to drop the hits (and where the cursor goes)."""
        if self.display:
            self.display = False
            self.post_message(self.Closed(go))

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self._search()

    def _search(self) -> None:
        """Recompute the hits and start at the first one after the cursor."""
        self.hits = find_all(self._folded, self.value.lower())
        after = next((i for i, hit in enumerate(self.hits) if hit[0] >= self.origin), 0)
        self.index = after if self.hits else None
        self._announce()

    def action_step(self, step: int) -> None:
        """Go to the next or previous hit, wrapping around."""
        if self.index is None:
            return
        self.index = (self.index + step) % len(self.hits)
        self.origin = self.hits[self.index][0]
        self._announce()

    def _announce(self) -> None:
        """Post the hits and where we are among them."""
        if not self.value:
            summary = "type to find"
        elif self.index is None:
            summary = "not found"
        else:
            summary = f"hit {self.index + 1} of {len(self.hits)}"
        self.post_message(self.Search(self.hits, self.index, summary))
