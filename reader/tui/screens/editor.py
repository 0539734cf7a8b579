"""The claim editor: a modal form over one claim's label, confidence, note, speaker and flags; it returns only what
changed."""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any, TypeVar

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from reader.models import Claim
from reader.schema import Schema
from reader.segment import Segments
from reader.text import visible
from reader.tui.keys.live import BY_ID, Keys, key_of, keys_of
from reader.tui.keys.registry import EDITOR_KEYS
from reader.tui.widgets.form_fields import KeyedSelect, TickBox
from reader.tui.widgets.span_field import SpanField

V = TypeVar("V", bound=Hashable)
FLAG_NAMES = {"checkworthy": "check-worthy", "hedged": "hedged"}


class EditorScreen(ModalScreen[dict[str, Any] | None]):
    """Edit one claim; the save key or Enter in a field saves, the cancel key cancels; dismisses with the changed
    fields."""

    BINDINGS = EDITOR_KEYS

    def __init__(self, claim: Claim, schema: Schema, text: str, segments: Segments | None = None) -> None:
        super().__init__()
        self.claim = claim
        self.schema = schema
        self.text = text
        self.segments = segments

    def compose(self) -> ComposeResult:
        claim = self.claim
        keys = keys_of(self)
        with Vertical(id="editor"):
            yield Static(Content.styled("Edit claim", "bold"), id="editor-title")
            yield SpanField(self.text, claim.start, claim.end, self.segments, id="span")
            with Horizontal(classes="editor-row"):
                yield Label("Label", classes="editor-label")
                yield KeyedSelect(
                    [_keyed(keys, f"label-{label.key}", label.name, label.name) for label in self.schema.labels],
                    value=claim.label,
                    id="label",
                )
            with Horizontal(classes="editor-row"):
                yield Label("Confidence", classes="editor-label")
                yield KeyedSelect(
                    [
                        _keyed(keys, f"confidence-{level.key}", level.name, level.value)
                        for level in self.schema.confidence
                    ],
                    value=claim.confidence,
                    id="confidence",
                )
            with Horizontal(classes="editor-row"):
                yield Label("Note", classes="editor-label")
                yield Input(visible(claim.note or ""), placeholder="free text", compact=True, id="note")
            with Horizontal(classes="editor-row"):
                yield Label("Speaker", classes="editor-label")
                yield Input(visible(claim.speaker or ""), placeholder="who makes the claim", compact=True, id="speaker")
            with Horizontal(classes="editor-row"):
                for flag in self.schema.flags:
                    yield TickBox(FLAG_NAMES[flag], getattr(claim, flag), compact=True, id=flag)
            with Horizontal(id="editor-buttons"):
                yield Button(f"Save ({key_of(self, 'editor-save')})", variant="primary", compact=True, id="save")
                yield Button(f"Cancel ({key_of(self, 'editor-cancel')})", compact=True, id="cancel")

    def on_mount(self) -> None:
        self.query_one("#label", KeyedSelect).focus()

    def changes(self) -> dict[str, Any]:
        """The fields whose value differs from the claim's; a text field shown escaped and left as it was keeps the
        claim's own value (its control characters are data the field only shows as pictures)."""
        values: dict[str, Any] = {
            "label": self.query_one("#label", KeyedSelect).value,
            "confidence": self.query_one("#confidence", KeyedSelect).value,
        }
        for name in ("note", "speaker"):
            typed, stored = self.query_one(f"#{name}", Input).value, getattr(self.claim, name)
            values[name] = stored if typed == visible(stored or "") else typed.strip() or None
        for flag in self.schema.flags:
            values[flag] = self.query_one(f"#{flag}", TickBox).value
        values["start"], values["end"] = self.query_one(SpanField).span
        return {name: value for name, value in values.items() if getattr(self.claim, name) != value}

    def action_save(self) -> None:
        self.dismiss(self.changes())

    def action_cancel(self) -> None:
        self.dismiss(None)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_save() if event.button.id == "save" else self.action_cancel()


def _keyed(keys: Keys, binding_id: str, name: str, value: V) -> tuple[tuple[str, ...], str, V]:
    """An option of a keyed field: the keys of a label or confidence binding (none if the keymap leaves the slot
    unbound), the option as shown with its first key, and its value."""
    found = keys.keys(binding_id) if binding_id in BY_ID else ()
    shown = visible(f"{keys.label(binding_id)}  {name}" if found else name)
    return found, shown, value
