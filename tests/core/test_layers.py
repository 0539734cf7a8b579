"""The import graph keeps its layers: what each package may load, checked in a fresh interpreter."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import reader.merge
from reader.schema import CUE_RULES
from reader.suggest.cues import RULE_NAMES


def loaded_after(code: str, prefixes: tuple[str, ...]) -> list[str]:
    """The modules under `prefixes` that a fresh interpreter has loaded after running `code`."""
    probe = f"import json, sys\n{code}\nprint(json.dumps(sorted(m for m in sys.modules if m.startswith({prefixes!r}))))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    return json.loads(out.splitlines()[-1])


def every_module(package: str) -> str:
    """Code that imports every module of a package."""
    return (
        f"import importlib, pkgutil, {package} as p\n"
        f"for m in pkgutil.walk_packages(p.__path__, '{package}.'):\n    importlib.import_module(m.name)"
    )


def test_the_schema_names_the_cue_rules_the_suggester_defines() -> None:
    assert CUE_RULES == RULE_NAMES


def test_a_schema_with_cue_rules_loads_no_suggester() -> None:
    code = (
        "from reader.schema import Schema, DEFAULT_SCHEMA\n"
        "Schema.model_validate_json(DEFAULT_SCHEMA.model_dump_json())\n"
        "Schema.model_validate({'default_confidence': 3, 'confidence': [{'value': 3, 'name': 's', 'key': '3'}],"
        " 'labels': [{'name': 'A', 'key': '1', 'cues': ['quantity']}]})"
    )
    assert loaded_after(code, ("reader.suggest", "reader.learn", "reader.store")) == []


def test_the_suggester_never_loads_the_learned_model_and_the_store_never_loads_its_callers() -> None:
    assert loaded_after(every_module("reader.suggest"), ("reader.learn", "reader.store", "reader.export")) == []
    callers = (
        "reader.merge",
        "reader.export",
        "reader.learn",
        "reader.linking",
        "reader.suggest",
        "reader.tui",
        "reader.console",
        "reader.agreement",
        "reader.review",
        "reader.ingest",
    )
    assert loaded_after(every_module("reader.store"), callers) == []


def test_merge_holds_no_sql() -> None:
    for path in Path(reader.merge.__file__).parent.glob("*.py"):
        source = path.read_text(encoding="utf-8")
        assert not any(word in source for word in ("execute(", "SELECT ", "INSERT ", "DELETE ", ".conn")), path


def test_the_architecture_map_names_every_package_in_one_line() -> None:
    root = Path(reader.merge.__file__).parent.parent
    packages = sorted(f"reader/{p.parent.relative_to(root).as_posix()}/" for p in root.glob("**/__init__.py"))
    mapped = (root.parent / "docs" / "architecture.md").read_text(encoding="utf-8")
    rows = {line.split("`")[1] for line in mapped.splitlines() if line.startswith("| `reader/")}
    assert [p for p in packages if p != "reader/./" and p not in rows] == []
