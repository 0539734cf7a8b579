"""Schema files as leads edit them: a file changes only what it names (a label without `definition`, `color` or
`cues` keeps the stored ones, a file with only `leads` keeps the labels), the schema in force is written back out as
TOML ready to edit, and a change is described line by line, with what it would blank or drop set apart."""

from __future__ import annotations

import difflib
import tomllib
from dataclasses import dataclass
from itertools import cycle
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from reader.errors import InputError, refuse_special_file
from reader.schema import PALETTE, ConfidenceLevel, LabelDef, Schema, first_problem
from reader.text import TERMINAL_CONTROLS

TOP_KEYS = tuple(Schema.model_fields)
LABEL_KEYS = tuple(LabelDef.model_fields)
LEVEL_KEYS = tuple(ConfidenceLevel.model_fields)
HEADER = (
    "# The label schema in force in {db}, as `claim-reader schema` prints it.\n"
    "# Edit a copy and apply it with `claim-reader --schema FILE schema` (leads only, once leads are named).\n"
    "# A file changes only what it names: a label without definition, color or cues keeps the stored ones,\n"
    "# and a file without [[labels]] keeps every label. A change that blanks or drops anything needs --yes.\n"
)


@dataclass(frozen=True)
class SchemaFile:
    """A schema file as written: its path and its TOML tables, not yet laid over a schema."""

    path: Path
    data: dict[str, Any]

    def over(self, base: Schema) -> Schema:
        """The schema this file makes of `base`: what the file names replaces, what it leaves out is kept; one
        InputError naming the file when the result is not a valid schema."""
        merged: dict[str, Any] = {**base.model_dump(), **self.data}
        if "labels" in self.data:
            merged["labels"] = _labels_over(self.data["labels"], base)
        if "confidence" in self.data:
            merged["confidence"] = _by_key(self.data["confidence"], base.model_dump()["confidence"], "value")
            values = {level.get("value") for level in merged["confidence"] if isinstance(level, dict)}
            if "default_confidence" not in self.data and base.default_confidence not in values:
                del merged["default_confidence"]  # the schema's rule: the most sure level
        try:
            return Schema.model_validate(merged)
        except ValidationError as exc:
            raise InputError(f"{self.path}: {first_problem(exc)}") from None


def read_schema_file(path: Path) -> SchemaFile:
    """Read a TOML schema file and check the names of its keys; one InputError naming the file for anything wrong."""
    refuse_special_file(path, InputError)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"{path}: schema file not found") from None
    except IsADirectoryError:
        raise InputError(f"{path}: a folder, not a schema file") from None
    except UnicodeDecodeError:
        raise InputError(f"{path}: schema file is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{path}: invalid TOML: {exc}") from None
    _known(path, "the schema", data, TOP_KEYS)
    for table, keys in (("labels", LABEL_KEYS), ("confidence", LEVEL_KEYS)):
        entries = data.get(table, [])
        if not isinstance(entries, list) or not all(isinstance(entry, dict) for entry in entries):
            raise InputError(f"{path}: {table}: must be an array of tables ([[{table}]])")
        for number, entry in enumerate(entries, 1):
            _known(path, f"[[{table}]] number {number}", entry, keys)
    return SchemaFile(path, data)


def _known(path: Path, where: str, table: dict[str, Any], keys: tuple[str, ...]) -> None:
    """Refuse a key the schema does not have (a typo such as `lead` would otherwise change nothing, silently)."""
    unknown = sorted(set(table) - set(keys))
    if unknown:
        raise InputError(f"{path}: {where}: unknown key {unknown[0]!r} (known: {', '.join(keys)})")


def _labels_over(labels: list[dict[str, Any]], base: Schema) -> list[dict[str, Any]]:
    """The file's labels, each filled from the stored label of its name; a label the file gives no colour keeps its
    stored one unless another label has it already, else it gets the next colour of the palette no label has."""
    filled = _by_key(labels, base.model_dump()["labels"], "name")
    taken = {label.get("color") for label in labels if "color" in label}
    kept = []
    for file_label, label in zip(labels, filled, strict=True):
        keep = "color" in file_label or ("color" in label and label["color"] not in taken)
        kept.append(label if keep else {key: value for key, value in label.items() if key != "color"})
        taken.add(label.get("color") if keep else None)
    free = cycle([colour for colour in PALETTE if colour not in taken] or PALETTE)
    return [label if "color" in label else {**label, "color": next(free)} for label in kept]


def _by_key(entries: list[dict[str, Any]], stored: list[dict[str, Any]], key: str) -> list[dict[str, Any]]:
    """Each entry over the stored entry with the same `key` (a label's name, a level's value), in the file's order."""
    old = {entry[key]: entry for entry in stored}
    return [{**old.get(_hashable(entry.get(key)), {}), **entry} for entry in entries]


def _hashable(value: object) -> str | int | None:
    """A name or value to look a stored entry up by (anything else matches none, and validation says what is
    wrong)."""
    return value if isinstance(value, str | int) else None


# -- writing --------------------------------------------------------------------------------------------------------


def to_toml(schema: Schema, db: Path | None = None) -> str:
    """The schema as a TOML file that reads back to the same schema (its fields in the model's order, lists of
    tables last as [[arrays]]), every string escaped so that nothing in it acts on a terminal."""
    data = schema.model_dump(mode="json")
    lines = [HEADER.format(db=db)] if db is not None else []
    tables = {name: value for name, value in data.items() if isinstance(value, list | dict) and _tables(value)}
    lines += [f"{name} = {_value(value)}" for name, value in data.items() if name not in tables and value is not None]
    for name, value in tables.items():
        for entry in value if isinstance(value, list) else [value]:
            lines += ["", f"[[{name}]]" if isinstance(value, list) else f"[{name}]"]
            lines += [f"{key} = {_value(item)}" for key, item in entry.items() if item is not None]
    return "\n".join(lines) + "\n"


def _tables(value: list[Any] | dict[str, Any]) -> bool:
    """Whether a value is written as tables: a non-empty list of dicts, or a dict of dicts and lists."""
    if isinstance(value, dict):
        return any(isinstance(item, dict | list) for item in value.values())
    return bool(value) and all(isinstance(item, dict) for item in value)


def _value(value: Any) -> str:
    """A TOML value: a string, number, boolean, array or inline table."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(_value(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_string(str(key))} = {_value(item)}" for key, item in value.items()) + "}"
    return _string(str(value))


def _string(text: str) -> str:
    """A TOML basic string: quotes and backslashes escaped, and every terminal control as a \\u escape."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + "".join(f"\\u{ord(c):04x}" if ord(c) in TERMINAL_CONTROLS else c for c in escaped) + '"'


# -- what a change does ---------------------------------------------------------------------------------------------


def diff_lines(old: Schema, new: Schema) -> list[str]:
    """The change from `old` to `new` as a unified diff of their TOML (no lines when they are equal)."""
    return list(
        difflib.unified_diff(
            to_toml(old).splitlines(), to_toml(new).splitlines(), "schema in force", "with the file", lineterm=""
        )
    )


def losses(old: Schema, new: Schema, me: str) -> list[str]:
    """What the change from `old` to `new` blanks or drops, one phrase each, and whether it takes the schema out of
    the hands of `me` (the OS account applying it): what needs a confirmation."""
    found: list[str] = []
    labels = {label.name: label for label in new.labels}
    for label in old.labels:
        kept = labels.get(label.name)
        if kept is None:
            found.append(f"drops the label {label.name}")
            continue
        if label.definition and not kept.definition:
            found.append(f"blanks the definition of {label.name}")
        if label.cues and not kept.cues:
            found.append(f"blanks the cue rules of {label.name}")
    levels = {level.value: level for level in new.confidence}
    for level in old.confidence:
        if level.value not in levels:
            found.append(f"drops the confidence level {level.value} ({level.name})")
        elif level.name and not levels[level.value].name:
            found.append(f"blanks the name of the confidence level {level.value}")
    found += [f"drops the flag {flag}" for flag in old.flags if flag not in new.flags]
    found += [f"drops the lead {lead}" for lead in old.leads if lead not in new.leads]
    if new.leads and me not in new.leads and (not old.leads or me in old.leads):
        found.append(f"leaves you ({me}) unable to change the schema again: only {', '.join(new.leads)} could")
    return found
