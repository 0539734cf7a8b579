"""The user's keymap: a TOML file whose `[keys]` table moves bindings to other keys by id, read once before the reader
opens anything; whatever is wrong with it is one line naming the file, the line and the problem."""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from difflib import get_close_matches
from pathlib import Path

from reader.errors import InputError, refuse_special_file
from reader.tui.keys import registry
from reader.tui.keys.live import BY_ID, DEFAULT, Keys
from reader.tui.keys.names import key_label, key_problem, normalize

ENVIRONMENT = "CLAIM_READER_KEYMAP"
"""Names the keymap file instead of the one in the user's config folder; set but empty, no keymap is read."""
TOML_POSITION = re.compile(r"\s*\(at line (\d+), column \d+\)$")


def keymap_path(environ: Mapping[str, str] = os.environ) -> tuple[Path | None, bool]:
    """The keymap file and whether it must exist: one named by CLAIM_READER_KEYMAP must, the default one may not."""
    named = environ.get(ENVIRONMENT)
    if named is not None:
        return (Path(named).expanduser(), True) if named.strip() else (None, False)
    from platformdirs import user_config_dir

    return Path(user_config_dir("claim-reader")) / "keymap.toml", False


def load_keys(environ: Mapping[str, str] = os.environ) -> Keys:
    """The keys in force: the registry's, moved by the user's keymap if there is one."""
    path, required = keymap_path(environ)
    if path is None or (not required and not path.exists()):
        return DEFAULT
    if not path.exists():
        raise InputError(f"{path}: no such keymap file ({ENVIRONMENT} names it; set it empty for none)")
    refuse_special_file(path, InputError)
    if path.is_dir():
        raise InputError(f"{path}: a folder, not a keymap file")
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    return parse_keymap(text, path)


def parse_keymap(text: str, path: Path) -> Keys:
    """Read a keymap's text: every id known, every key one Textual delivers, no clash on any screen."""
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        found = TOML_POSITION.search(message)
        where = f"{path}:{found.group(1)}" if found else str(path)
        raise InputError(f"{where}: not valid TOML: {TOML_POSITION.sub('', message)}") from None
    for name in document:
        if name != "keys":
            raise InputError(f"{_at(path, text, name)}: {name!r} is not part of a keymap; put the moves under [keys]")
    table = document.get("keys", {})
    if not isinstance(table, dict):
        raise InputError(f'{_at(path, text, "keys")}: keys must be a table: [keys] then id = "key" lines')
    moved = {binding_id: _keys(path, text, binding_id, value) for binding_id, value in table.items()}
    keys = Keys(moved, path)
    _check_clashes(keys, path, text)
    return keys


def _keys(path: Path, text: str, binding_id: str, value: object) -> tuple[str, ...]:
    """One keymap line's keys, checked: a known id, and a key string (comma-separated) or a list of them."""
    where = _at(path, text, binding_id)
    if binding_id not in BY_ID:
        close = get_close_matches(binding_id, BY_ID, n=1)
        hint = f" (did you mean {close[0]}?)" if close else " (the help, ?, shows none by that name)"
        raise InputError(f"{where}: {binding_id!r} is not a binding id{hint}")
    parts = value.split(",") if isinstance(value, str) else value
    if not isinstance(parts, list) or not all(isinstance(part, str) for part in parts):
        raise InputError(f'{where}: {binding_id} must be a key such as "ctrl+right", or a list of keys')
    keys = tuple(dict.fromkeys(normalize(part) for part in parts if part.strip()))
    if not keys:
        raise InputError(f"{where}: {binding_id} is given no key")
    for key in keys:
        problem = key_problem(key)
        if problem:
            raise InputError(f"{where}: {binding_id}: {problem}")
    return keys


def _check_clashes(keys: Keys, path: Path, text: str) -> None:
    """Refuse a moved key that another binding of the same screen answers to (a mode's keys only among themselves)."""
    for binding_id in keys.moved:
        moved = BY_ID[binding_id]
        for place in registry.PLACES:
            bindings = place.bindings
            if moved not in bindings:
                continue
            for other in bindings:
                if other.id == binding_id or (other in registry.MODAL) != (moved in registry.MODAL):
                    continue
                shared = set(keys.keys(binding_id)) & set(keys.keys(other.id or ""))
                if shared:
                    key = key_label(sorted(shared)[0])
                    raise InputError(
                        f"{_at(path, text, binding_id)}: {binding_id} = {key!r} clashes with "
                        f"{other.id} ({other.tooltip}) on {place.title}"
                    )


def _at(path: Path, text: str, name: str) -> str:
    """`path:line` of the line that sets `name` (or its table), or the path alone when no line says it."""
    pattern = re.compile(rf"""^\s*(\[\s*)?(keys\s*\.\s*)?["']?{re.escape(name)}["']?\s*(=|\])""")
    line = next((number for number, content in enumerate(text.splitlines(), 1) if pattern.match(content)), None)
    return f"{path}:{line}" if line else str(path)
