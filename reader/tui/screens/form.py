"""A modal form of a few fields for the verification view (a question and its answer, the justification, the
record's details, external evidence): keyboard only, the save key or Enter in a one-line field saves, and what the
caller's check refuses is said in the form rather than lost."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, Label, Select, SelectionList, Static, TextArea

from reader.text import visible
from reader.tui.keys.live import key_of
from reader.tui.keys.registry import EDITOR_KEYS

FieldKind = Literal["line", "text", "choice", "checks", "flag"]
Values = dict[str, Any]


@dataclass(frozen=True)
class FormField:
    """One field: its name in the values returned, its label, its kind and value (and a choice's options)."""

    name: str
    label: str
    kind: FieldKind
    value: Any
    options: tuple[str, ...] = ()
    placeholder: str = ""


class FormScreen(ModalScreen[Values | None]):
    """Edit a few values; dismisses with all of them (by name) once `check` finds nothing wrong, or None on cancel."""

    BINDINGS = EDITOR_KEYS
    DEFAULT_CSS = """
    FormScreen { align: center middle; }
    #form {
        width: 96; max-width: 96%; height: auto; max-height: 96%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    #form-title { height: 1; }
    #form-quote { color: $text-muted; max-height: 3; }
    .form-row { height: auto; margin-top: 1; }
    .form-label { width: 16; }
    .form-row Input, .form-row Select, .form-row TextArea, .form-row SelectionList { width: 1fr; }
    .form-row TextArea { height: 6; }
    .form-row SelectionList { height: auto; max-height: 11; }
    #form-error { color: $error; text-style: bold; height: auto; }
    #form-keys { color: $text-muted; height: 1; margin-top: 1; }
    """

    def __init__(
        self,
        title: str,
        quote: str,
        fields: Sequence[FormField],
        check: Callable[[Values], str | None] = lambda values: None,
    ) -> None:
        super().__init__()
        self.title_text = title
        self.quote = quote
        self.fields = list(fields)
        self.check = check

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="form"):
            yield Static(Content.styled(self.title_text, "bold"), id="form-title")
            if self.quote:
                yield Static(Content(visible(" ".join(self.quote.split()))), id="form-quote")
            for field in self.fields:
                with Horizontal(classes="form-row"):
                    yield Label(field.label, classes="form-label")
                    yield self._widget(field)
            yield Static("", id="form-error")
            save, cancel = key_of(self, "editor-save"), key_of(self, "editor-cancel")
            yield Static(f"{save} saves (Enter too, in a one-line field)  ·  {cancel} cancels", id="form-keys")

    def _widget(self, field: FormField) -> Input | TextArea | Select[str] | SelectionList[str] | Checkbox:
        """The widget that edits one field."""
        name = f"field-{field.name}"
        if field.kind == "line":
            return Input(field.value or "", placeholder=field.placeholder, compact=True, id=name)
        if field.kind == "text":
            return TextArea(field.value or "", soft_wrap=True, show_line_numbers=False, compact=True, id=name)
        if field.kind == "choice":
            options = [(Content(option or "(none)"), option) for option in field.options]
            return Select(options, value=field.value, allow_blank=False, compact=True, id=name)
        if field.kind == "checks":
            chosen = set(field.value or ())
            return SelectionList[str](*((option, option, option in chosen) for option in field.options), id=name)
        return Checkbox(field.label, bool(field.value), compact=True, id=name)

    def on_mount(self) -> None:
        self.query_one(f"#field-{self.fields[0].name}").focus()

    def values(self) -> Values:
        """Every field's value now: text stripped of surrounding space, the chosen option, the ticked options in their
        order, a flag."""
        found: Values = {}
        for field in self.fields:
            widget = self.query_one(f"#field-{field.name}")
            if isinstance(widget, Input):
                found[field.name] = widget.value.strip()
            elif isinstance(widget, TextArea):
                found[field.name] = widget.text.strip()
            elif isinstance(widget, Select):
                found[field.name] = widget.value
            elif isinstance(widget, SelectionList):
                ticked = set(widget.selected)
                found[field.name] = [option for option in field.options if option in ticked]
            elif isinstance(widget, Checkbox):
                found[field.name] = widget.value
        return found

    def action_save(self) -> None:
        """Return the values, unless the check refuses them: then say why and stay."""
        values = self.values()
        problem = self.check(values)
        if problem:
            self.query_one("#form-error", Static).update(Content(visible(problem, one_line=True)))
            return
        self.dismiss(values)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()
