"""What the headless commands write to a real terminal: data from files is shown inert, never acted on or read as
markup."""

from __future__ import annotations

import json
import os
import pwd
import re
import subprocess
import sys
from pathlib import Path

import pytest

from reader.console.terminal import print_json
from reader.text import TERMINAL_CONTROLS, visible
from tests.helpers import in_pty

SGR = "\x1b[38;5;201m"
OSC52 = "\x1b]52;c;cHduZWQ=\x07"
C1_CSI = "\x9b2J"
MARKUP = "[bold red]x[/]"
BIDI = "\u202e\u2066"
HOSTILE = f"{SGR}A{OSC52}B{C1_CSI}C{MARKUP}D{BIDI}E"
RAW = [SGR, OSC52, "\x1b]52;", "\x07", "\x9b", "\u202e", "\u2066"]
TEXT = "Officials said [bold red]40[/] people died on Monday. They will rebuild the bridge by 2026."
# What a terminal program legitimately writes here: Rich's colours and cursor moves (CSI sequences).
OWN_CSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
ME = pwd.getpwuid(os.getuid()).pw_name
SCHEMA = f"""
default_confidence = 3
leads = ["{ME}"]

[[labels]]
name = "QUANTITY"
key = "1"
color = "#e6a23c"
definition = {json.dumps("A count. " + HOSTILE)}

[[confidence]]
value = 3
name = "sure"
key = "3"
"""


def assert_inert(shown: str) -> None:
    """Nothing from the data reaches the terminal raw: only the program's own CSI sequences and line ends remain."""
    for raw in RAW:
        assert raw not in shown, f"{raw!r} reached the terminal"
    rest = OWN_CSI.sub("", shown)
    assert not [ch for ch in rest if ord(ch) in TERMINAL_CONTROLS and ch not in "\r\n"], repr(rest[:500])


def plain(shown: str) -> str:
    """The text a reader sees: the program's own colours taken out, line ends made Unix."""
    return OWN_CSI.sub("", shown).replace("\r\n", "\n")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with a database filled through `import` from a JSONL file whose title, meta, names and text are
    hostile."""
    folder = tmp_path_factory.mktemp("hostile")
    (folder / "schema.toml").write_text(SCHEMA)
    lines = [
        {
            "text": TEXT,
            "title": f"Title {HOSTILE}",
            "meta": {"source": f"src {HOSTILE}"},
            "_annotator_id": f"{name}{HOSTILE}",
            "spans": [{"start": 0, "end": 52, "label": "QUANTITY"}],
        }
        for name in ("ann", "bob")
    ]
    (folder / "hostile.jsonl").write_text("".join(json.dumps(line) + "\n" for line in lines))
    code, shown = in_pty(["--db", "h.db", "--schema", "schema.toml", "import", "hostile.jsonl"], folder)
    assert code == 0, shown
    assert_inert(shown)
    assert re.search(r"\b2\b.*\b1\b.*\b2\b", plain(shown).split("records")[-1]), plain(shown)
    code, shown = in_pty(["--db", "h.db", "assign", "--annotators", f"ann{HOSTILE},bob{HOSTILE}"], folder)
    assert code == 0, shown
    assert_inert(shown)
    return folder


def test_articles_table_shows_hostile_title_and_names_inert(hostile: Path) -> None:
    code, shown = in_pty(["--db", "h.db", "articles"], hostile)
    assert code == 0, shown
    assert_inert(shown)
    text = plain(shown)
    assert f"Title ␛[38;5;201mA␛]52;c;cHduZWQ=␇B�2JC{MARKUP}D��E" in text
    assert "src ␛[38;5;20" in text and "ann␛[38;5;201m" in text


def test_articles_json_escapes_and_keeps_the_data(hostile: Path) -> None:
    code, shown = in_pty(["--db", "h.db", "articles", "--json"], hostile)
    assert code == 0, shown
    assert_inert(shown)
    rows = json.loads(shown.replace("\r\n", "\n"))
    assert rows[0]["title"] == f"Title {HOSTILE}" and rows[0]["source"] == f"src {HOSTILE}"
    assert sorted(rows[0]["done_by"]) == [f"ann{HOSTILE}", f"bob{HOSTILE}"]


def test_stats_tables_show_hostile_names_and_titles_inert(hostile: Path) -> None:
    code, shown = in_pty(["--db", "h.db", "stats"], hostile)
    assert code == 0, shown
    assert_inert(shown)
    text = plain(shown)
    assert "1 articles marked done by two or more annotators" in text and "ann␛[38;5;201mA" in text


def test_assign_show_shows_hostile_names_and_titles_inert(hostile: Path) -> None:
    code, shown = in_pty(["--db", "h.db", "assign", "--show"], hostile)
    assert code == 0, shown
    assert_inert(shown)
    text = plain(shown)
    assert "Title ␛[38;5;201mA" in text and "bob␛[38;5;201mA" in text and MARKUP in text


def test_suggest_shows_article_text_as_text(hostile: Path) -> None:
    code, shown = in_pty(["--db", "h.db", "suggest"], hostile)
    assert code == 0, shown
    assert_inert(shown)
    assert "[bold red]40[/]" in plain(shown)


def test_import_errors_and_backup_lines_are_inert(hostile: Path) -> None:
    (hostile / "label.jsonl").write_text(
        json.dumps({"text": "Ten said so.", "spans": [{"start": 0, "end": 3, "label": f"Q{HOSTILE}"}]}) + "\n"
    )
    code, shown = in_pty(["--db", "h.db", "import", "label.jsonl"], hostile)
    assert code == 1 and "label.jsonl:1: unknown label" in plain(shown)
    assert_inert(shown)
    (hostile / "bad.toml").write_text(SCHEMA.replace('"QUANTITY"', json.dumps(f"Q{HOSTILE}")))
    code, shown = in_pty(["--db", "h.db", "--schema", "bad.toml", "articles"], hostile)
    assert code == 1 and "bad.toml" in plain(shown)
    assert_inert(shown)
    code, shown = in_pty(["--db", "h.db", "backup", f"copy{OSC52}.db"], hostile)
    assert code == 0 and "to copy␛]52;c;cHduZWQ=␇.db" in plain(shown)
    assert_inert(shown)


def test_visible_stands_in_one_for_one() -> None:
    shown = visible(HOSTILE + "\n")
    assert len(shown) == len(HOSTILE) + 1 and shown.endswith("\n")
    assert not any(ord(ch) in TERMINAL_CONTROLS - {0x0A} for ch in shown)
    assert visible("a\nb", one_line=True) == "a␊b"


def test_json_output_escapes_what_json_allows_raw(capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    value = {"t": "\x7f\x85\x9b\ufeff\u202a\u2069 ok é ě ›"}
    print_json(value)
    data = capsysbinary.readouterr().out
    assert json.loads(data) == value
    assert not any(ord(ch) in TERMINAL_CONTROLS - {0x0A} for ch in data.decode())


def test_console_layer_never_imports_textual() -> None:
    code = (
        "import importlib, pkgutil, sys\nimport reader.console as console\n"
        "names = [m.name for m in pkgutil.iter_modules(console.__path__)]\n"
        "for name in names:\n    importlib.import_module(f'reader.console.{name}')\n"
        "print(len(names), 'textual' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["10", "False"], result.stdout + result.stderr
