"""The export command itself: atomic output when interrupted, span validation, headless, stdout, errors and exit
codes."""

from __future__ import annotations

import io
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from reader.export.formats import native
from reader.store import Store
from tests.export.helpers import annotate, export
from tests.helpers import ROOT


@pytest.fixture
def annotated_db(seeded: Store, db_path: Path) -> Path:
    annotate(seeded)
    seeded.close()
    return db_path


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if not p.name.startswith("annotations.db"))


def test_an_export_that_fails_midway_leaves_no_file_and_keeps_the_old_one(
    annotated_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out.jsonl"
    out.write_bytes(b"previous export\n")
    written = []

    def failing(bundle):  # the third article raises, after two lines went to the temp file
        if len(written) == 2:
            raise KeyboardInterrupt
        written.append(bundle.id)
        return {"id": bundle.id}

    monkeypatch.setattr(native, "article_record", failing)
    result = export(annotated_db, "--format", "native", "-o", str(out))
    assert result.exit_code == 130
    assert out.read_bytes() == b"previous export\n"
    assert leftovers(tmp_path) == ["out.jsonl"]


def test_a_killed_export_never_leaves_a_half_file(annotated_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "killed.jsonl"
    child = textwrap.dedent(f"""
        import time, sys
        from reader.export.formats import native
        real = native.article_record
        def slow(bundle):
            time.sleep(0.5)
            return real(bundle)
        native.article_record = slow
        from reader.cli import cli
        cli.main(["--db", {str(annotated_db)!r}, "export", "--format", "native", "-o", {str(out)!r}])
    """)
    process = subprocess.Popen([sys.executable, "-c", child])
    deadline = time.monotonic() + 20
    while not any(p.name.endswith(".part") for p in tmp_path.iterdir()) and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.6)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert not out.exists()


def test_a_span_outside_its_text_is_a_one_line_error_and_nothing_is_written(annotated_db: Path, tmp_path: Path) -> None:
    conn = sqlite3.connect(annotated_db)
    conn.execute('UPDATE claims SET "end" = 100000 WHERE annotator = ?', ["bob"])
    conn.commit()
    conn.close()
    for fmt in ("native", "claims", "prodigy", "brat"):
        out = tmp_path / f"bad.{fmt}"
        result = export(annotated_db, "--format", fmt, "-o", str(out))
        assert result.exit_code == 1, fmt
        assert result.stderr.count("\n") == 1 and "does not match its article text" in result.stderr
        assert not out.exists()
    assert leftovers(tmp_path) == []


def test_stdout_and_no_progress_bar_when_piped(annotated_db: Path) -> None:
    result = export(annotated_db, "--format", "claims")
    assert result.exit_code == 0 and result.stderr == ""
    assert result.stdout_bytes.count(b"\n") == 5


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "hf"], "give -o PATH"),
        (["--format", "brat", "-o", "-"], "give -o PATH"),
        (["--format", "native", "--label", "NOPE"], "unknown label"),
        (["--format", "xml"], "Invalid value"),
        (["--format", "native", "--min-confidence", "high"], "Invalid value"),
    ],
)
def test_usage_errors_exit_2(annotated_db: Path, args: list[str], message: str) -> None:
    result = export(annotated_db, *args)
    assert result.exit_code == 2 and message in result.stderr


def test_bad_targets_exit_1(annotated_db: Path, tmp_path: Path) -> None:
    missing = export(annotated_db, "--format", "native", "-o", str(tmp_path / "no" / "such.jsonl"))
    assert missing.exit_code == 1 and "no such folder" in missing.stderr
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "keep.txt").write_text("mine")
    taken = export(annotated_db, "--format", "brat", "-o", str(tmp_path / "full"))
    assert taken.exit_code == 1 and "not an empty folder" in taken.stderr
    assert (tmp_path / "full" / "keep.txt").read_text() == "mine"
    folder = export(annotated_db, "--format", "native", "-o", str(tmp_path / "full"))
    assert folder.exit_code == 1 and "is a folder" in folder.stderr


def test_exported_files_get_ordinary_permissions(annotated_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "perm.jsonl"
    export(annotated_db, "--format", "native", "-o", str(out))
    plain = tmp_path / "plain"
    plain.write_text("")
    assert out.stat().st_mode & 0o777 == plain.stat().st_mode & 0o777


def test_progress_bar_shows_on_a_terminal_only(monkeypatch: pytest.MonkeyPatch) -> None:
    import rich.progress

    from reader.console import exports as report

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    advanced: list[int] = []
    monkeypatch.setattr(rich.progress.Progress, "advance", lambda self, task, n=1: advanced.append(n))
    monkeypatch.setattr(sys, "stderr", Terminal())
    with report.export_progress(lambda: 3) as tick:
        for _ in range(3):
            tick()
    assert advanced == [1, 1, 1]
    piped = io.StringIO()
    monkeypatch.setattr(sys, "stderr", piped)
    counted: list[int] = []
    with report.export_progress(lambda: counted.append(1) or 3) as tick:
        tick()
    assert advanced == [1, 1, 1] and piped.getvalue() == "" and counted == []  # piped: no count query


def test_formats_come_from_one_registry_that_help_and_readme_follow() -> None:
    from click.testing import CliRunner

    from reader.cli import cli
    from reader.export import FORMATS

    help_text = CliRunner().invoke(cli, ["export", "--help"]).output
    for fmt in FORMATS.values():
        assert f"{fmt.name}{' (needs -o PATH)' if fmt.needs_path else ''}: {fmt.help}" in help_text
    assert f"[{'|'.join(FORMATS)}]" in help_text
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("### Export formats") : readme.index("## Working as a team")]
    rows = [line.split("|") for line in table.splitlines() if line.startswith("| `")]
    assert [row[1].strip().strip("`") for row in rows] == list(FORMATS)
    assert all(row[3].strip() for row in rows)  # each format names the consumer that checks it
    assert [name for name, fmt in FORMATS.items() if fmt.needs_path] == [
        "hf",
        "brat",
        "labelstudio",
        "inception",
        "spacy",
    ]
    formats = (ROOT / "docs" / "formats.md").read_text(encoding="utf-8")
    assert all(f"### {name}" in formats for name in FORMATS)
