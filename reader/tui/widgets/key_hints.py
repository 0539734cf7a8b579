"""The footer line of key hints, built from the keys in force: Textual's Footer recomposes on every focus change."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.segment import Segment
from textual.strip import Strip
from textual.widget import Widget

from reader.tui.keys.live import keys_of
from reader.tui.keys.registry import PLACE

if TYPE_CHECKING:
    from reader.schema import Schema

Hints = list[tuple[str, str]]


class KeyHints(Widget):
    """One line of a screen's hints, most needed first: as many as fit the width, so a narrow terminal keeps the
    first ones (the rest are under the help key and in the palette). Drawn as one cached strip on the Line API: the
    article swaps it for the confidence prompt's keys on every tag, so a swap must cost next to nothing."""

    COMPONENT_CLASSES = {"key-hints--key"}
    DEFAULT_CSS = """
    KeyHints { dock: bottom; height: 1; background: $panel; color: $foreground; }
    KeyHints > .key-hints--key { color: $accent; text-style: bold; }
    """

    def __init__(self, place: str, schema: Schema | None = None, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.place = PLACE[place]
        self.schema = schema
        self.hints: Hints = []
        self._strips: dict[tuple[tuple[tuple[str, str], ...], int], Strip] = {}

    def on_mount(self) -> None:
        self.show(keys_of(self).hints(self.place, self.schema))

    def show(self, hints: Hints) -> None:
        """Show these hints (key as shown, word) instead; each list's strip is kept for when it comes back."""
        if hints is not self.hints:
            self.hints = hints
            self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        key = (tuple(self.hints), width)
        strip = self._strips.get(key)
        if strip is None:
            strip = self._strips[key] = self._fit(width)
        return strip

    def _fit(self, width: int) -> Strip:
        """The hints in order, leaving out any that would not fit the width."""
        base = self.rich_style
        accent = base + self.get_component_rich_style("key-hints--key")
        segments: list[Segment] = []
        used = 0
        for key, word in self.hints:
            cost = cell_len(f" {key} {word} ")
            if used + cost <= width:
                segments += [Segment(f" {key}", accent), Segment(f" {word} ", base)]
                used += cost
        return Strip(segments).crop_extend(0, width, base)
