"""The keys in force: the registry's bindings with the user's keymap applied, as the help, footer, palette and
messages show them."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from textual.binding import Binding

from reader.tui.keys import registry
from reader.tui.keys.names import key_label, keys_label, normalize

if TYPE_CHECKING:
    from reader.schema import Schema

BY_ID: dict[str, Binding] = {
    binding.id: binding for section in registry.SECTIONS for binding in section.bindings if binding.id
}
"""Every binding of the registry by its id."""


def default_keys(binding: Binding) -> tuple[str, ...]:
    """A binding's keys as declared, in Textual's names."""
    return tuple(normalize(key) for key in binding.key.split(","))


@dataclass(frozen=True)
class Line:
    """One line of the help (and one row of the README's tables): keys and what they do."""

    keys: list[str]
    text: str

    def label(self, quote: str = "") -> str:
        """The keys as shown, each in `quote` marks."""
        return keys_label(self.keys, quote)


class Keys:
    """Every binding's keys: the registry's, except where the keymap moved them."""

    def __init__(self, keymap: Mapping[str, tuple[str, ...]] | None = None, source: Path | None = None) -> None:
        self.moved = dict(keymap or {})
        """The keymap: binding id to its new keys, in Textual's names."""
        self.source = source
        """The keymap file, when one was read."""
        self._labels: dict[str, str] = {}

    @property
    def textual_keymap(self) -> dict[str, str]:
        """The keymap as `App.set_keymap` takes it."""
        return {binding_id: ",".join(keys) for binding_id, keys in self.moved.items()}

    def keys(self, binding_id: str) -> tuple[str, ...]:
        """The keys of a binding now."""
        return self.moved.get(binding_id) or default_keys(BY_ID[binding_id])

    def label(self, binding_id: str) -> str:
        """A binding's first key as shown: what messages and the footer name (kept: views name keys on every
        repaint, and the keys of a running reader never change)."""
        label = self._labels.get(binding_id)
        if label is None:
            label = self._labels[binding_id] = key_label(self.keys(binding_id)[0])
        return label

    def used(self, binding: Binding, schema: Schema | None) -> bool:
        """Whether a binding acts here: a label or confidence slot only when the schema gives that key a meaning."""
        if schema is None or binding.id is None:
            return True
        if binding.id.startswith("label-"):
            return schema.label_for_key(binding.id.removeprefix("label-")) is not None
        if binding.id.startswith("confidence-") and binding.id != "confidence-default":
            return schema.confidence_for_key(binding.id.removeprefix("confidence-")) is not None
        if binding.id.startswith("verdict-"):
            return schema.verdict_for_key(binding.id.removeprefix("verdict-")) is not None
        return True

    def lines(self, section: registry.Section, schema: Schema | None = None) -> Iterator[Line]:
        """A section's help lines in order: bindings of one group share a line, with the group's description."""
        done: set[Binding.Group] = set()
        bindings = [binding for binding in section.bindings if self.used(binding, schema)]
        for binding in bindings:
            group = binding.group
            if group is None:
                yield Line(list(self.keys(binding.id or "")), binding.tooltip)
            elif group not in done:
                done.add(group)
                members = [member for member in bindings if member.group == group]
                yield Line([key for member in members for key in self.keys(member.id or "")], group.description)

    def hints(self, place: registry.Place, schema: Schema | None = None) -> list[tuple[str, str]]:
        """The footer's hints for a screen, most needed first: keys as shown and a word; a hint for a grouped binding
        (a label key, next claim) shows the first key of each binding of its group that acts here."""
        hints = []
        for hint in place.hints:
            binding_id, word = hint if isinstance(hint, tuple) else (hint, BY_ID[hint].description)
            binding = BY_ID[binding_id]
            members = (
                [member for member in place.bindings if member.group == binding.group and self.used(member, schema)]
                if binding.group
                else [binding]
            )
            hints.append((keys_label([self.keys(member.id or "")[0] for member in members]), word))
        return hints


DEFAULT = Keys()
"""The registry's keys, with no keymap."""


class InApp(Protocol):
    """Anything that runs in an app: a screen, a widget, an action mixed into a screen."""

    @property
    def app(self) -> Any: ...


def keys_of(node: InApp) -> Keys:
    """The keys in force in the app `node` runs in (the registry's in an app other than the reader)."""
    keys = getattr(node.app, "keys", DEFAULT)
    return keys if isinstance(keys, Keys) else DEFAULT


def key_of(node: InApp, binding_id: str) -> str:
    """A binding's first key as shown in the app `node` runs in: what a message names (the keymap may move it)."""
    return keys_of(node).label(binding_id)
