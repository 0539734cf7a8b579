"""Form fields of the claim editor that work like the rest of the reader: a choice answers to the same key that picks
it in the article, and a check box says ticked or not in its glyph, not only in its colour."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import Generic, TypeVar

from textual import events
from textual.content import Content
from textual.widgets import Checkbox, Select

V = TypeVar("V", bound=Hashable)


class KeyedSelect(Select[V], Generic[V]):
    """A compact drop-down whose options each answer to keys of the reader (a label's, a confidence's): pressing one
    while the field has focus picks its option, as the key would in the article."""

    def __init__(self, options: Sequence[tuple[tuple[str, ...], str, V]], value: V, *, id: str) -> None:
        """`options` are (keys in Textual's names, the option as shown, value)."""
        self.by_key = {key: choice for keys, _, choice in options for key in keys}
        super().__init__(
            [(Content(shown), choice) for _, shown, choice in options],
            value=value,
            allow_blank=False,
            compact=True,
            id=id,
        )

    def on_key(self, event: events.Key) -> None:
        """Pick the option this key stands for."""
        if event.key in self.by_key:
            event.stop()
            event.prevent_default()
            self.value = self.by_key[event.key]


class TickBox(Checkbox):
    """A check box drawn as [x] when ticked and [ ] when not, readable without colours (a monochrome terminal, a
    colour-blind annotator, a screenshot in a bug report)."""

    @property
    def _button(self) -> Content:
        return Content.styled("[x]" if self.value else "[ ]", "bold" if self.value else "")
