"""The help screen: the schema's labels with their definitions, then every binding of every screen, generated from
the keys in force (a keymap's moves included), so it can never disagree with what the keys do."""

from __future__ import annotations

from textwrap import wrap

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.events import Resize
from textual.screen import ModalScreen
from textual.widgets import Static

from reader.schema import Schema
from reader.text import visible
from reader.tui.keys.live import Keys
from reader.tui.keys.names import keys_label
from reader.tui.keys.registry import HELP_KEYS, SECTIONS, SLOTS

KEY_COLUMN = 22
"""The widest keys that share a line with their text; wider ones get a line of their own."""
GAP = 2

Part = Content | str | tuple[str, str]


def help_content(schema: Schema, keys: Keys, width: int = 88) -> Content:
    """The whole help text for a width: labels with their keys, colours and definitions, the confidence scale, then
    every section of bindings; keys in a column of their own, texts wrapped beside it."""
    label_rows = [
        (
            keys.label(f"label-{label.key}") if label.key in SLOTS else "(none)",
            label.name,
            label.color,
            label.definition,
        )
        for label in schema.labels
    ]
    level_rows = [
        (
            keys.label(f"confidence-{level.key}") if level.key in SLOTS else "(none)",
            level.name
            + (
                f" (the default: {keys.label('confidence-default')})"
                if level.value == schema.default_confidence
                else ""
            ),
        )
        for level in schema.confidence
    ]
    sections = [
        (section.title, [(line.label(), line.text) for line in keys.lines(section, schema)]) for section in SECTIONS
    ]
    column = min(max(cell_len(key) for _, rows in sections for key, _ in rows), KEY_COLUMN)
    short = max(cell_len(key) for key, *_ in [*label_rows, *level_rows])
    page = Page(width)
    if keys.source is not None:
        page.parts += [(visible(f"Keys from {keys.source} ({len(keys.moved)} moved)"), "$text-muted"), "\n\n"]
    page.heading("Labels (the guidelines)")
    for key, name, color, definition in label_rows:
        page.row(key, visible(definition), short, chip=(name, f"bold {color} reverse"))
    page.heading("Confidence (after the label key)")
    for key, name in level_rows:
        page.row(key, visible(name), short)
    page.heading("Verdicts (in the verification view)")
    for verdict in schema.verdicts:
        key = keys.label(f"verdict-{verdict.key}")
        mapped = f"AVeriTeC {verdict.averitec}, FEVER {verdict.fever}"
        page.row(key, visible(f"{verdict.name}: {verdict.definition} ({mapped})"), short)
    for title, rows in sections:
        page.heading(title)
        for key, text in rows:
            page.row(key, text, column)
    page.heading("Binding ids (to move keys in keymap.toml; see the README)")
    ids = [binding.id or "" for section in SECTIONS for binding in section.bindings]
    id_width = max(len(binding_id) for binding_id in ids)
    for binding_id in ids:
        page.parts += [f"  {binding_id:<{id_width}}  ", (keys_label(list(keys.keys(binding_id))), "bold $accent"), "\n"]
    return Content.assemble(*page.parts)


class Page:
    """The help laid out in two columns: keys, then text wrapped beside them so the two never run together."""

    def __init__(self, width: int) -> None:
        self.width = width
        self.parts: list[Part] = []

    def heading(self, title: str) -> None:
        """A section title, after a blank line unless it is the first."""
        self.parts += [*(["\n"] if self.parts and self.parts[-1] == "\n" else []), (title, "bold underline"), "\n"]

    def row(self, key: str, text: str, column: int, chip: tuple[str, str] | None = None) -> None:
        """One line of keys and text (after a label's chip: its name in its colour); keys wider than the column stand
        on their own line above the text."""
        indent = 2 + column + GAP
        name = chip[0] if chip else ""
        width = max(self.width - indent - 2, 20)
        lines = wrap(f"{name}  {text}" if chip else text, width, break_on_hyphens=False) or [""]
        if cell_len(key) > column:
            self.parts += [(f"  {key}", "bold $accent"), "\n", " " * indent]
        else:
            self.parts += [(f"  {key}{' ' * (column - cell_len(key))}", "bold $accent"), " " * GAP]
        if chip is not None:
            self.parts += [(f" {name} ", chip[1]), lines[0][len(name) :]]
        else:
            self.parts.append(lines[0])
        self.parts.append("\n")
        for line in lines[1:]:
            self.parts += [" " * indent, line, "\n"]


class HelpText(Static):
    """The help text, laid out again for its width whenever that changes (by itself: wrapping would eat the indents)."""

    DEFAULT_CSS = """
    HelpText { text-wrap: nowrap; text-overflow: clip; }
    """

    def __init__(self, schema: Schema, keys: Keys, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.schema = schema
        self.keys = keys

    def on_resize(self, event: Resize) -> None:
        self.update(help_content(self.schema, self.keys, event.size.width))


class HelpScreen(ModalScreen[None]):
    """Scrollable help; the help key again, or back, closes it."""

    BINDINGS = HELP_KEYS

    def __init__(self, schema: Schema, keys: Keys) -> None:
        super().__init__()
        self.schema = schema
        self.keys = keys

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield HelpText(self.schema, self.keys, id="help-text")

    def action_help(self) -> None:
        """The help key closes the help."""
        self.dismiss()

    def action_back(self) -> None:
        self.dismiss()
