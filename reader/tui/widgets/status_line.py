"""The one-line status bar: who is annotating, what just happened ("saved" only after the commit), and prompts."""

from __future__ import annotations

from typing import Literal

from textual.content import Content
from textual.widgets import Static

from reader.tui.safe import visible

Kind = Literal["info", "saved", "prompt", "error"]


class StatusLine(Static):
    """Shows the annotator on the left and the latest message on the right of it."""

    DEFAULT_CSS = """
    StatusLine { height: 1; background: $panel; color: $text-muted; padding: 0 1; }
    """
    STYLES = {"info": "", "saved": "bold $success", "prompt": "bold $warning", "error": "bold $error"}

    def __init__(self, annotator: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.annotator = annotator
        self.message = ""
        self.kind: Kind = "info"

    def on_mount(self) -> None:
        self.say("")

    def say(self, message: str, kind: Kind = "info") -> None:
        """Show a message (plain text, never markup)."""
        self.message, self.kind = message, kind
        self.update(Content.assemble(
            (visible(self.annotator), "bold $text"), "  ", (visible(message), self.STYLES[kind]),
        ), layout=False)
