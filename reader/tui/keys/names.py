"""Key names: the ones Textual delivers (to check a keymap's spelling) and how each is shown to the annotator."""

from __future__ import annotations

import re
from difflib import get_close_matches

from textual.binding import Binding
from textual.keys import REPLACED_KEYS, key_to_character

MODIFIERS = {"ctrl": "Ctrl", "alt": "Alt", "shift": "Shift", "meta": "Meta", "super": "Super", "hyper": "Hyper"}
NAMED = {
    "escape": "Esc",
    "enter": "Enter",
    "tab": "Tab",
    "space": "Space",
    "backspace": "Backspace",
    "delete": "Del",
    "insert": "Ins",
    "pageup": "PgUp",
    "pagedown": "PgDn",
    "home": "Home",
    "end": "End",
    "left": "←",
    "right": "→",
    "up": "↑",
    "down": "↓",
}
"""The named keys a terminal sends, with how they are shown; F1-F24 and printable characters come on top."""
FUNCTION_KEY = re.compile(r"f([1-9]|1[0-9]|2[0-4])")


def normalize(key: str) -> str:
    """A key as Textual names it: a single character becomes its name (`(` is `left_parenthesis`)."""
    return next(iter(Binding.make_bindings([(key.strip(), "")]))).key


def key_problem(key: str) -> str | None:
    """Why `key` is not a key Textual can deliver (None when it is): an unknown name, modifier or empty part."""
    *modifiers, base = key.split("+")
    if not all([*modifiers, base]):
        return f"{key!r} has an empty part (the + key is called plus)"
    unknown = [modifier for modifier in modifiers if modifier not in MODIFIERS]
    if unknown:
        return f"{unknown[0]!r} is not a modifier (known: {', '.join(MODIFIERS)})"
    if len(set(modifiers)) < len(modifiers):
        return f"{key!r} repeats a modifier"
    if len(base) == 1 or base in NAMED or FUNCTION_KEY.fullmatch(base) or _character(base):
        return None
    close = get_close_matches(base, [*NAMED, "f1", "f12"], n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    return (
        f"{base!r} is not a key name{hint}; use a single character, a name such as enter, escape, left, "
        "pageup or f5, or a character's name such as left_parenthesis"
    )


def key_label(key: str) -> str:
    """How a key is shown: `ctrl+z` as Ctrl+Z, `left_parenthesis` as (, `escape` as Esc, `left` as ←."""
    *modifiers, base = key.split("+")
    if base in NAMED:
        name = NAMED[base]
    elif FUNCTION_KEY.fullmatch(base):
        name = base.upper()
    else:
        name = _character(base) or base
    if modifiers and len(name) == 1:
        name = name.upper()
    return "+".join([*(MODIFIERS.get(modifier, modifier) for modifier in modifiers), name])


def keys_label(keys: list[str], quote: str = "") -> str:
    """Several keys shown together, each in `quote` marks (a backtick for Markdown), and a run of three or more
    consecutive digits as a range (1-9)."""
    labels = [key_label(key) for key in keys]
    digits = [int(label) for label in labels if len(label) == 1 and label.isdigit()]
    shown = [f"{quote}{label}{quote}" for label in labels]
    if len(digits) >= 3 and digits == list(range(digits[0], digits[0] + len(digits))):
        first = labels.index(str(digits[0]))
        shown[first : first + len(digits)] = [f"{quote}{digits[0]}{quote}-{quote}{digits[-1]}{quote}"]
    return " ".join(shown)


def _character(name: str) -> str | None:
    """The printable character a key name stands for (`slash` is /), if any."""
    character = key_to_character(REPLACED_KEYS.get(name, name))
    return character if character and character.isprintable() else None
