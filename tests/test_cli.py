"""The command line: first run, global options, JSON output, one-line errors and exit codes, headless imports."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from reader.cli import cli
from reader.models import ClaimFields
from reader.store import Store

from conftest import FIXTURES, dump


@pytest.fixture
def runner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CLAIM_READER_DB", raising=False)
    monkeypatch.delenv("CLAIM_READER_ANNOTATOR", raising=False)
    return CliRunner()


def test_first_run_creates_annotations_db_with_the_seeds(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["articles", "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert len(rows) == 5 and (tmp_path / "annotations.db").exists()
    assert {"id", "title", "source", "published", "words", "mine", "claims", "done_by"} <= set(rows[0])
    assert any(r["published"] == "2024-11-24T22:33" for r in rows)


def test_import_does_not_pull_in_the_seeds(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Only article.\nIt says 3 things.")
    result = runner.invoke(cli, ["--db", "own.db", "import", "a.txt"])
    assert result.exit_code == 0, result.output
    assert "added" in result.output
    rows = json.loads(runner.invoke(cli, ["--db", "own.db", "articles", "--json"]).output)
    assert [r["title"] for r in rows] == ["Only article."]


def test_env_vars_choose_db_and_annotator(runner: CliRunner, tmp_path: Path) -> None:
    env = {"CLAIM_READER_DB": str(tmp_path / "env.db"), "CLAIM_READER_ANNOTATOR": "zoe"}
    (tmp_path / "t.jsonl").write_text('{"text": "Zoe says 5 things.", "spans": [{"start": 0, "end": 17, "label": "QUANTITY"}]}')
    assert runner.invoke(cli, ["import", "t.jsonl"], env=env).exit_code == 0
    rows = json.loads(runner.invoke(cli, ["articles", "--json"], env=env).output)
    assert rows[0]["mine"] == 1 and rows[0]["done_by"] == ["zoe"]


def test_plain_articles_table_shows_titles(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["articles"], terminal_width=160)
    assert result.exit_code == 0
    assert "Troops to Russia" in result.output


@pytest.mark.parametrize(
    ("args", "files", "message"),
    [
        (["import", "missing.txt"], {}, "missing.txt: no such file or folder"),
        (["import", "bad.jsonl"], {"bad.jsonl": '{"text": "x"\n'}, "bad.jsonl:1: malformed JSON"),
        (["--schema", "s.toml", "articles"], {"s.toml": "labels = ["}, "s.toml: invalid TOML"),
        (["--schema", "s.toml", "articles"], {"s.toml": "default_confidence = 9\nlabels = []\nconfidence = []"},
         "s.toml: labels: List should have at least 1 item"),
        (["--db", "x.db", "articles"], {"x.db": "not a database"}, "x.db: not an SQLite database"),
        (["export", "--format", "claims", "--article", "f33259cb", "-o", "-"], {}, "no article with id f33259cb"),
        (["stats", "--article", "nope"], {}, "no article with id nope"),
    ],
)
def test_errors_are_one_line_exit_1(runner: CliRunner, tmp_path: Path, args, files, message) -> None:
    runner.invoke(cli, ["articles"])
    for name, content in files.items():
        (tmp_path / name).write_text(content)
    before = dump(tmp_path / "annotations.db")
    result = runner.invoke(cli, args)
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"claim-reader: error: {message}")
    assert "Traceback" not in result.output
    assert dump(tmp_path / "annotations.db") == before


def test_article_options_take_a_unique_prefix_of_an_id(runner: CliRunner) -> None:
    rows = json.loads(runner.invoke(cli, ["articles", "--json"]).output)
    full = next(r["id"] for r in rows if r["title"].startswith("Troops to Russia"))
    result = runner.invoke(cli, ["suggest", "--json", "--article", full[:6]])
    assert result.exit_code == 0, result.output
    assert {record["article_id"] for record in json.loads(result.output)} == {full}
    assert runner.invoke(cli, ["export", "--format", "native", "--article", full[:6], "-o", "-"]).output.count("\n") == 1


def test_usage_errors_exit_2(runner: CliRunner) -> None:
    assert runner.invoke(cli, ["nonsense"]).exit_code == 2
    assert runner.invoke(cli, ["import"]).exit_code == 2
    assert runner.invoke(cli, ["import", "--format", "pdf", "x"]).exit_code == 2
    assert runner.invoke(cli, ["--annotator", "gold", "articles"]).exit_code == 2


def test_schema_file_is_used_for_import(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "f.jsonl").write_text('{"text": "Wear Gucci.", "spans": [{"start": 5, "end": 10, "label": "FASHION_BRAND"}]}')
    result = runner.invoke(cli, ["--db", "f.db", "--schema", str(FIXTURES / "fashion.toml"), "import", "f.jsonl"])
    assert result.exit_code == 0, result.output
    assert json.loads(runner.invoke(cli, ["--db", "f.db", "articles", "--json"]).output)[0]["claims"] == 1


HEADLESS = [
    ["articles", "--json"], ["export", "--format", "claims", "-o", "-"], ["export", "--format", "native", "-o", "-"],
    ["stats", "--json"], ["stats"], ["suggest", "--json"], ["assign", "--show"],
]


@pytest.mark.parametrize("args", HEADLESS, ids=[" ".join(a) for a in HEADLESS])
def test_headless_commands_never_import_textual(tmp_path: Path, args: list[str]) -> None:
    code = (
        "import sys\nfrom reader.cli import cli\n"
        "try:\n    cli(['--db', sys.argv[1], *sys.argv[2:]])\nexcept SystemExit as exc:\n    code = exc.code\n"
        "sys.stderr.write(f'exit={code} textual={\"textual\" in sys.modules}')\n"
    )
    result = subprocess.run([sys.executable, "-c", code, str(tmp_path / "h.db"), *args], capture_output=True, text=True)
    assert result.stderr.strip().endswith("exit=0 textual=False"), result.stderr[-500:]


def test_python_dash_m_reader(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "reader", "--help"], capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 0 and "import" in result.stdout


FAILURES = [
    (["--db", "gone/sub/new.db", "articles"], {}, "gone/sub: no such folder for the database new.db"),
    (["import", "f.jsonl"], {"f.jsonl": '{"text": "A b c.", "spans": [{"start": 0, "end": 1, "label": "EVENT"}]}\n'
                                        '{"text": "Half way.", "spans": [{"start": 0.5, "end": 4, "label": "EVENT"}]}\n'},
     "f.jsonl:2: malformed span (offset 0.5 is not a whole number)"),
    (["import", "d.jsonl"], {"d.jsonl": '{"text": "Half way.", "label": [[0, 4.5, "EVENT"]]}\n'},
     "d.jsonl:1: malformed span (offset 4.5 is not a whole number)"),
    (["import", "s.jsonl"], {"s.jsonl": '{"text": "Half way.", "entities": [{"start_offset": "0", "end_offset": 4,'
                                        ' "label": "EVENT"}]}\n'},
     "s.jsonl:1: malformed span (offset '0' is not a whole number)"),
    (["import", "q.csv"], {"q.csv": 'text,title\nFine text.,ok\n"Open quote, never closed,t\nmore\n'},
     "q.csv:3: unterminated quote"),
]


@pytest.mark.parametrize(("args", "files", "message"), FAILURES, ids=["missing folder", "float offset",
                                                                       "float doccano offset", "string offset",
                                                                       "open csv quote"])
def test_failures_are_one_line_on_stderr_and_change_nothing(tmp_path: Path, args, files, message) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("CLAIM_READER_DB", "CLAIM_READER_ANNOTATOR")}
    subprocess.run([sys.executable, "-m", "reader", "articles"], cwd=tmp_path, env=env, capture_output=True, check=True)
    for name, content in files.items():
        (tmp_path / name).write_text(content)
    before = dump(tmp_path / "annotations.db")
    result = subprocess.run([sys.executable, "-m", "reader", *args], cwd=tmp_path, env=env, capture_output=True,
                            text=True)
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.splitlines() == [result.stderr.strip()], result.stderr
    assert result.stderr.startswith(f"claim-reader: error: {message}"), result.stderr
    assert dump(tmp_path / "annotations.db") == before and not (tmp_path / "gone").exists()


def test_check_says_ok_or_names_each_problem_and_fails(seeded: Store, tmp_path: Path) -> None:
    runner = CliRunner()
    claim = seeded.create_claim(seeded.article_ids()[0], "alice", 0, 10, ClaimFields(label="EVENT", confidence=3))
    clean = runner.invoke(cli, ["--db", str(seeded.path), "check"])
    assert (clean.exit_code, clean.output) == (0, "ok\n")
    seeded.conn.execute("UPDATE claims SET label = 'QUANTITY' WHERE id = ?", [claim.id])
    broken = runner.invoke(cli, ["--db", str(seeded.path), "check"])
    assert (broken.exit_code, broken.output) == (1, f"claim {claim.id} differs from its latest event\n")
    missing = runner.invoke(cli, ["--db", str(tmp_path / "none.db"), "check"])
    assert missing.exit_code == 1 and not (tmp_path / "none.db").exists()
