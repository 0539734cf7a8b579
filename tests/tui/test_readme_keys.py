"""The README's key table says what the reader's bindings do: each row's keys are its bindings' keys, and the table
holds no key the registry lacks, so the two can never drift apart again."""

from __future__ import annotations

import re

from reader.tui.keys.keymap import parse_keymap
from reader.tui.keys.live import DEFAULT
from reader.tui.keys.registry import SECTIONS
from tests.helpers import ROOT

ROW = re.compile(r"^\|(.*)\|(.*)\|$")


def readme_rows() -> list[tuple[str, str, str]]:
    """(section, keys, text) of every row of the README's key table, the section from its bold heading rows."""
    text = (ROOT / "README.md").read_text()
    table = text[text.index("### Keys") :]
    table = table[table.index("| keys | what |") :]
    rows, section = [], ""
    for line in table.splitlines()[2:]:
        match = ROW.match(line)
        if match is None:
            break
        keys, what = (cell.strip() for cell in match.groups())
        if keys.startswith("**") and not what:
            section = keys.strip("*")
        else:
            rows.append((section, keys, what))
    return rows


def registry_rows() -> list[tuple[str, str, str]]:
    """The same rows as the registry declares them, keys as Markdown code."""
    return [(section.title, line.label("`"), line.text) for section in SECTIONS for line in DEFAULT.lines(section)]


def test_every_binding_has_its_keys_in_its_readme_row() -> None:
    readme = {(section, what): keys for section, keys, what in readme_rows()}
    for section, keys, what in registry_rows():
        assert (section, what) in readme, f"the README's key table lacks the row | {keys} | {what} | under {section}"
        assert readme[section, what] == keys, f"README: {readme[section, what]} {what!r}; the reader: {keys}"


def test_the_readme_has_no_key_the_reader_lacks() -> None:
    declared = {(section, what) for section, _, what in registry_rows()}
    extra = [
        f"| {keys} | {what} | ({section})" for section, keys, what in readme_rows() if (section, what) not in declared
    ]
    assert extra == [], "rows for bindings the reader does not have"
    assert [row[::2] for row in readme_rows()] == [row[::2] for row in registry_rows()], "the rows are out of order"


def test_the_readme_keymap_example_is_a_keymap_the_reader_accepts() -> None:
    text = (ROOT / "README.md").read_text()
    section = text[text.index("### Your own keys") :]
    example = section[section.index("```toml\n") + len("```toml\n") : section.index("```\n", section.index("```toml"))]
    keys = parse_keymap(example, ROOT / "README.md")
    assert keys.keys("sentence-next") == ("ctrl+right",)
    assert keys.keys("label-1") == keys.keys("confidence-1") == ("ampersand",)
