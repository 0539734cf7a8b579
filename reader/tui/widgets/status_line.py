"""The one-line status bar: who is annotating, how many claims they have here, and what just happened ("saved" only
after the commit)."""

from __future__ import annotations

from typing import Literal

from rich.segment import Segment
from rich.style import Style as RichStyle
from textual.strip import Strip
from textual.widget import Widget

from reader.text import visible

Kind = Literal["info", "saved", "prompt", "error", "waiting"]


class StatusLine(Widget):
    """Drawn as one strip on the Line API: it changes on every action, so it must cost next to nothing."""

    COMPONENT_CLASSES = {
        "status-line--name",
        "status-line--saved",
        "status-line--prompt",
        "status-line--error",
        "status-line--waiting",
    }
    DEFAULT_CSS = """
    StatusLine { height: 1; background: $panel; color: $text-muted; padding: 0 1; }
    StatusLine > .status-line--name { color: $text; text-style: bold; }
    StatusLine > .status-line--saved { color: $success; text-style: bold; }
    StatusLine > .status-line--prompt { color: $warning; text-style: bold; }
    StatusLine > .status-line--error { color: $error; text-style: bold; }
    StatusLine > .status-line--waiting { color: $warning; }
    """

    def __init__(self, annotator: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.annotator = annotator
        self.message = ""
        self.kind: Kind = "info"
        self.count: str = ""
        self._styles: dict[str, RichStyle] = {}

    def say(self, message: str, kind: Kind = "info") -> None:
        """Show a message (plain text, never markup)."""
        self.message, self.kind = message, kind
        self.refresh()

    def set_count(self, count: str) -> None:
        """Show a short fact next to the name, such as how many claims the annotator has here (not while a question
        is asked)."""
        if count != self.count:
            self.count = count
            self.refresh()

    def _style(self, name: str) -> RichStyle:
        """The widget's style plus one component class, cached until the theme changes."""
        style = self._styles.get(name)
        if style is None:
            style = self.rich_style + (self.get_component_rich_style(f"status-line--{name}") if name else RichStyle())
            self._styles[name] = style
        return style

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()

    def render_line(self, y: int) -> Strip:
        width = self.content_region.width
        base = self._style("")
        if y:
            return Strip.blank(width, base)
        message_style = self._style("" if self.kind == "info" else self.kind)
        segments = [Segment(visible(self.annotator), self._style("name"))]
        if self.count and self.kind != "prompt":  # a question needs the room more
            segments.append(Segment(f"  {self.count}  ·", base))
        segments.append(Segment("  " + visible(self.message), message_style))
        return Strip(segments).crop_extend(0, width, base)
