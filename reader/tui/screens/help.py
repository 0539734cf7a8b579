"""The help screen: every binding and the schema's label definitions, the guidelines an annotator needs at hand."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from reader.schema import Schema

KEYS: list[tuple[str, list[tuple[str, str]]]] = [
    ("Library", [
        ("Up/Down  Enter", "choose an article, open it"),
        ("/", "full-text search (Esc clears)"),
        ("f  o  O", "cycle filter, cycle sort, reverse sort"),
        ("n", "open the next article not done by me"),
        ("q", "quit"),
    ]),
    ("Move", [
        ("Left/Right", "previous/next word"),
        ("Up/Down", "previous/next line"),
        ("PageUp/PageDown", "a page back/forward"),
        ("Home/End", "start/end of the article"),
        ("(  )", "previous/next sentence"),
        ("{  }", "previous/next paragraph"),
    ]),
    ("Select", [
        ("Shift+arrows", "extend the selection by word or line"),
        ("s", "select the sentence under the cursor"),
        ("v", "anchor a selection that movement extends (v again drops it)"),
        ("Esc", "clear the selection"),
        ("mouse", "drag: whole words; double click: word; triple: sentence"),
    ]),
    ("Tag", [
        ("1-9", "tag the selection (else the sentence) with that label"),
        ("then 1-3", "confidence; Enter takes the default; Esc cancels the tag"),
    ]),
    ("Claims", [
        ("n  N", "next/previous claim"),
        ("e", "edit the claim under the cursor or chosen in the sidebar"),
        ("x  Delete", "delete it"),
        ("u  Ctrl+Z", "undo (my changes on this article, survives restarts)"),
        ("U  Ctrl+Y", "redo"),
    ]),
    ("Other", [
        ("d", "mark the article done (toggle)"),
        ("]  [", "next/previous article"),
        ("/", "find in the article: Enter/Shift+Enter (or Down/Up) step through hits"),
        ("a", "show/hide other annotators' claims"),
        ("Tab", "focus text or sidebar"),
        ("?", "this help"),
        ("q  Esc", "back to the library"),
        ("Ctrl+P", "command palette (themes, quit)"),
    ]),
    ("Suggestions, links and the team", [
        ("S", "show/hide suggestions (underlined, dim): candidates found by cue rules"),
        ("W", "all suggestions, also those not 80% precise on held-out claims (again: only the precise)"),
        ("A", "on a suggestion: accept it with its label (then the confidence)"),
        ("1-9", "on a suggestion, nothing selected: accept it with that label"),
        ("X", "on a suggestion: reject it (hidden for me; u brings it back)"),
        ("r", "Related: counterparts in other articles; 1-5 links (a sentence becomes my claim)"),
        ("m", "in the library: the Claim map, clusters of linked claims"),
        ("n", "in the library: next article assigned to me (▸) not done"),
    ]),
    ("Agreement (g in the library)", [
        ("Up/Down  Enter", "choose an article (hardest first), review it (leads)"),
        ("f", "cycle the pair matrix's figure"),
        ("q  Esc", "back to the library"),
    ]),
    ("Review (leads: Enter on the agreement list, R on an article)", [
        ("Up/Down  n", "choose a row; next row not reviewed"),
        ("Left/Right", "choose the variant (span and label) that a and e take"),
        ("•  ≠", "marks the chosen variant's annotators; a span that differs from it"),
        ("a", "accept the chosen variant into gold"),
        ("A", "accept every open agreed row (unanimous, or majority after m)"),
        ("m", "switch accept-all between unanimous and majority"),
        ("e", "edit the variant, then accept it; on a gold row, edit the gold claim"),
        ("r", "reject the row: no gold claim there"),
        ("u  U  Ctrl+Z  Ctrl+Y", "undo / redo a whole action (an accept-all is one)"),
        ("]  [", "next/previous article of the agreement list"),
    ]),
]


def help_content(schema: Schema) -> Content:
    """The whole help text: labels with their colours and definitions, the confidence scale, then every binding."""
    parts: list[Content | str | tuple[str, str]] = [("Labels (the guidelines)", "bold underline"), "\n"]
    for label in schema.labels:
        parts += [f"  {label.key} ", (f" {label.name} ", f"bold {label.color} reverse"), "  ", label.definition, "\n"]
    parts += ["\n", ("Confidence (after the label key)", "bold underline"), "\n"]
    for level in schema.confidence:
        default = "  (Enter)" if level.value == schema.default_confidence else ""
        parts += [f"  {level.key}  {level.name}{default}", "\n"]
    parts.append("\n")
    for section, rows in KEYS:
        parts += [(section, "bold underline"), "\n"]
        for keys, what in rows:
            parts += [(f"  {keys:<18}", "bold $accent"), what, "\n"]
        parts.append("\n")
    return Content.assemble(*parts)


class HelpScreen(ModalScreen[None]):
    """Scrollable help; Esc, q or ? closes it."""

    BINDINGS = [
        Binding("escape", "close", "close"),
        Binding("q", "close", "close", show=False),
        Binding("question_mark", "close", "close", show=False),
    ]

    def __init__(self, schema: Schema) -> None:
        super().__init__()
        self.schema = schema

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static(help_content(self.schema), id="help-text")

    def action_close(self) -> None:
        self.dismiss()
