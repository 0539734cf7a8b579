"""The claim editor: a modal form over one claim's label, confidence, note, speaker and flags; it returns only what
changed."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Select, Static

from reader.models import Claim
from reader.schema import Schema
from reader.text import visible
from reader.tui.keys.live import key_of
from reader.tui.keys.registry import EDITOR_KEYS

FLAG_NAMES = {"checkworthy": "check-worthy", "hedged": "hedged"}


class EditorScreen(ModalScreen[dict[str, Any] | None]):
    """Edit one claim; the save key or Enter in a field saves, the cancel key cancels; dismisses with the changed
    fields."""

    BINDINGS = EDITOR_KEYS

    def __init__(self, claim: Claim, schema: Schema, text: str) -> None:
        super().__init__()
        self.claim = claim
        self.schema = schema
        self.text = text

    def compose(self) -> ComposeResult:
        claim = self.claim
        quote = visible(" ".join(self.text[claim.start : claim.end].split()))
        with Vertical(id="editor"):
            yield Static(Content.assemble(("Edit claim", "bold"), f"  {claim.start}-{claim.end}"), id="editor-title")
            yield Static(Content(quote), id="editor-quote")
            with Horizontal(classes="editor-row"):
                yield Label("Label", classes="editor-label")
                yield Select(
                    [(Content(visible(f"{label.key}  {label.name}")), label.name) for label in self.schema.labels],
                    value=claim.label,
                    allow_blank=False,
                    compact=True,
                    id="label",
                )
            with Horizontal(classes="editor-row"):
                yield Label("Confidence", classes="editor-label")
                yield Select(
                    [(Content(visible(f"{level.key}  {level.name}")), level.value) for level in self.schema.confidence],
                    value=claim.confidence,
                    allow_blank=False,
                    compact=True,
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
                    yield Checkbox(FLAG_NAMES[flag], getattr(claim, flag), compact=True, id=flag)
            with Horizontal(id="editor-buttons"):
                yield Button(f"Save ({key_of(self, 'editor-save')})", variant="primary", compact=True, id="save")
                yield Button(f"Cancel ({key_of(self, 'editor-cancel')})", compact=True, id="cancel")

    def on_mount(self) -> None:
        self.query_one("#label", Select).focus()

    def changes(self) -> dict[str, Any]:
        """The fields whose value differs from the claim's; a text field shown escaped and left as it was keeps the
        claim's own value (its control characters are data the field only shows as pictures)."""
        values: dict[str, Any] = {
            "label": self.query_one("#label", Select).value,
            "confidence": self.query_one("#confidence", Select).value,
        }
        for name in ("note", "speaker"):
            typed, stored = self.query_one(f"#{name}", Input).value, getattr(self.claim, name)
            values[name] = stored if typed == visible(stored or "") else typed.strip() or None
        for flag in self.schema.flags:
            values[flag] = self.query_one(f"#{flag}", Checkbox).value
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
