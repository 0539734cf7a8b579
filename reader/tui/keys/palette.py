"""The command palette's own commands: every action the keys of the current screen reach, found by its words, with
the key that does it, so an annotator can look an action up by name (typing "sugg" finds the suggestion commands)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.dom import DOMNode
from textual.screen import Screen

from reader.tui.keys.live import BY_ID, keys_of
from reader.tui.keys.names import keys_label

if TYPE_CHECKING:
    from reader.schema import Schema

ORDER = {binding_id: number for number, binding_id in enumerate(BY_ID)}


@dataclass(frozen=True)
class Command:
    """One action of the screen: what it does in words, its keys as shown, and how to run it."""

    text: str
    keys: str
    action: str
    node: DOMNode
    order: int
    binding_id: str

    @property
    def help(self) -> str:
        """The line under the command: its key, and its id for the keymap."""
        return f"key: {self.keys}  ·  id: {self.binding_id}"


def screen_commands(screen: Screen[object]) -> list[Command]:
    """The registry's bindings active on `screen` now (its focused widget up to the app), one per id, in registry
    order; a label or confidence key named after what the schema gives it."""
    from reader.schema import Schema  # the palette opens long after start-up, which need not load pydantic

    keys = keys_of(screen)
    schema = getattr(screen, "schema", None)
    schema = schema if isinstance(schema, Schema) else None
    found: dict[str, Command] = {}
    for active in screen.active_bindings.values():
        binding_id = active.binding.id
        if binding_id not in BY_ID or binding_id in found or binding_id == "command-palette" or not active.enabled:
            continue
        if not keys.used(BY_ID[binding_id], schema):
            continue
        found[binding_id] = Command(
            _text(binding_id, schema),
            keys_label(list(keys.keys(binding_id))),
            active.binding.action,
            active.node,
            ORDER[binding_id],
            binding_id,
        )
    return sorted(found.values(), key=lambda command: command.order)


def _text(binding_id: str, schema: Schema | None) -> str:
    """What a binding does, in words: a label or confidence key by the schema's name for it."""
    slot = binding_id.rpartition("-")[2]
    if schema is not None and binding_id.startswith("label-"):
        label = schema.label_for_key(slot)
        return f"tag with {label.name}" if label else BY_ID[binding_id].tooltip
    if schema is not None and binding_id.startswith("confidence-") and binding_id != "confidence-default":
        level = schema.confidence_for_key(slot)
        return f"confidence: {level.name}" if level else BY_ID[binding_id].tooltip
    return BY_ID[binding_id].tooltip


class ScreenCommands(Provider):
    """Every action of the screen the palette was opened on, as a command."""

    def _run(self, command: Command) -> Callable[[], Awaitable[bool]]:
        """Run the command's action where its binding lives, as its key would."""
        return partial(self.app.run_action, command.action, command.node)

    async def discover(self) -> Hits:
        for command in screen_commands(self.screen):
            yield DiscoveryHit(command.text, self._run(command), help=command.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in screen_commands(self.screen):
            score = matcher.match(command.text)
            if score > 0:
                yield Hit(score, matcher.highlight(command.text), self._run(command), help=command.help)
