"""The footer line of key hints, built once from a screen's bindings: Textual's Footer recomposes on every focus change."""

from __future__ import annotations

from textual.binding import Binding
from textual.content import Content
from textual.widgets import Static


class KeyHints(Static):
    """One line: the bindings marked to show, as key and description, then the command palette key."""

    DEFAULT_CSS = """
    KeyHints { dock: bottom; height: 1; background: $panel; color: $foreground; text-wrap: nowrap; text-overflow: clip; }
    """

    def __init__(self, bindings: list[Binding], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.bindings = [binding for binding in bindings if binding.show]

    def on_mount(self) -> None:
        parts: list[str | tuple[str, str]] = []
        for binding in self.bindings:
            parts += [(f" {self.app.get_key_display(binding)}", "bold $accent"), f" {binding.description} "]
        parts += [(" ^p", "bold $accent"), " palette"]
        self.update(Content.assemble(*parts), layout=False)
