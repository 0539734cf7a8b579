"""The command line: first run, global options, JSON output, one-line errors and exit codes, headless imports."""

from __future__ import annotations

import errno
import json
import os
import pwd
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from reader.cli import cli
from reader.models import ClaimFields
from reader.store import Store
from tests.helpers import FIXTURES, dump


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
    (tmp_path / "t.jsonl").write_text(
        '{"text": "Zoe says 5 things.", "spans": [{"start": 0, "end": 17, "label": "QUANTITY"}]}'
    )
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
        (
            ["--schema", "s.toml", "articles"],
            {"s.toml": "default_confidence = 9\nlabels = []\nconfidence = []"},
            "s.toml: labels: List should have at least 1 item",
        ),
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


def test_html_without_the_html_extra_is_one_line_naming_it(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runner.invoke(cli, ["articles"])
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "a.txt").write_text("Plain article.\nIt says 3 things.")
    (tmp_path / "pages" / "b.html").write_text("<html><body><p>Exports rose by 12 percent.</p></body></html>")
    before = dump(tmp_path / "annotations.db")
    monkeypatch.setitem(sys.modules, "trafilatura", None)  # what `import trafilatura` meets without the extra
    result = runner.invoke(cli, ["import", "pages"])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        f"claim-reader: error: {Path('pages') / 'b.html'}: importing HTML needs trafilatura: "
        "pip install 'claim-reader[html]'"
    ]
    assert dump(tmp_path / "annotations.db") == before


def test_article_options_take_a_unique_prefix_of_an_id(runner: CliRunner) -> None:
    rows = json.loads(runner.invoke(cli, ["articles", "--json"]).output)
    full = next(r["id"] for r in rows if r["title"].startswith("Troops to Russia"))
    result = runner.invoke(cli, ["suggest", "--json", "--article", full[:6]])
    assert result.exit_code == 0, result.output
    assert {record["article_id"] for record in json.loads(result.output)} == {full}
    header, *articles = runner.invoke(
        cli, ["export", "--format", "native", "--article", full[:6], "-o", "-"]
    ).output.splitlines()
    assert '"format":"claim-reader native"' in header and len(articles) == 1


def test_usage_errors_exit_2(runner: CliRunner) -> None:
    assert runner.invoke(cli, ["nonsense"]).exit_code == 2
    assert runner.invoke(cli, ["import"]).exit_code == 2
    assert runner.invoke(cli, ["import", "--format", "pdf", "x"]).exit_code == 2
    assert runner.invoke(cli, ["--annotator", "gold", "articles"]).exit_code == 2


def test_schema_file_is_used_for_import(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "f.jsonl").write_text(
        '{"text": "Wear Gucci.", "spans": [{"start": 5, "end": 10, "label": "FASHION_BRAND"}]}'
    )
    result = runner.invoke(cli, ["--db", "f.db", "--schema", str(FIXTURES / "fashion.toml"), "import", "f.jsonl"])
    assert result.exit_code == 0, result.output
    assert json.loads(runner.invoke(cli, ["--db", "f.db", "articles", "--json"]).output)[0]["claims"] == 1


HEADLESS = [
    ["articles", "--json"],
    ["export", "--format", "claims", "-o", "-"],
    ["export", "--format", "native", "-o", "-"],
    ["stats", "--json"],
    ["stats"],
    ["suggest", "--json"],
    ["assign", "--show"],
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


# -- who is who --------------------------------------------------------------------------------------

LEADS_SCHEMA = 'leads = ["carol"]\n[[labels]]\nname = "QUANTITY"\nkey = "1"\n'
SPAN_LINE = '{"text": "Zoe says 5 things.", "spans": [{"start": 0, "end": 17, "label": "QUANTITY"}]}\n'


def team_db(runner: CliRunner, tmp_path: Path, as_user) -> list[str]:
    """A database whose stored schema names carol as its lead, created by carol; returns the --db option."""
    (tmp_path / "leads.toml").write_text(LEADS_SCHEMA)
    as_user("carol")
    assert runner.invoke(cli, ["--db", "team.db", "--schema", "leads.toml", "articles"]).exit_code == 0
    return ["--db", "team.db"]


def span_owners(runner: CliRunner, db: list[str], *options: str) -> list[str]:
    """The annotator of every span a native export of the database carries."""
    _, *articles = runner.invoke(cli, [*db, "export", "--format", "native", *options, "-o", "-"]).output.splitlines()
    return [span["annotator"] for line in articles for span in json.loads(line)["spans"]]


def one_error(result, message: str) -> None:
    assert result.exit_code == 1, result.output
    assert result.output.strip().splitlines() == [f"claim-reader: error: {message}"]


def test_the_default_annotator_is_the_os_account_whatever_USER_says(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "t.jsonl").write_text(SPAN_LINE)
    env = {"USER": "mallory", "LOGNAME": "mallory", "LNAME": "mallory", "USERNAME": "mallory"}
    assert runner.invoke(cli, ["--db", "t.db", "import", "t.jsonl"], env=env).exit_code == 0
    assert span_owners(runner, ["--db", "t.db"]) == [pwd.getpwuid(os.getuid()).pw_name]


def test_only_a_lead_may_act_as_someone_else(runner: CliRunner, tmp_path: Path, as_user) -> None:
    db = team_db(runner, tmp_path, as_user)
    (tmp_path / "t.jsonl").write_text(SPAN_LINE)
    as_user("bob")
    before = dump(tmp_path / "team.db")
    refused = "you are bob, and only leads (carol) may act as someone else"
    one_error(runner.invoke(cli, [*db, "--annotator", "alice", "articles"]), f"--annotator alice: {refused}")
    one_error(
        runner.invoke(cli, [*db, "import", "t.jsonl"], env={"CLAIM_READER_ANNOTATOR": "alice"}),
        f"--annotator alice: {refused}",
    )
    one_error(runner.invoke(cli, [*db, "import", "--as", "alice", "t.jsonl"]), f"--as alice: {refused}")
    assert dump(tmp_path / "team.db") == before
    assert runner.invoke(cli, [*db, "--annotator", "bob", "articles"]).exit_code == 0
    as_user("carol")
    assert runner.invoke(cli, [*db, "--annotator", "alice", "import", "t.jsonl"]).exit_code == 0
    assert span_owners(runner, db) == ["alice"]


def test_without_leads_the_database_is_single_user_and_annotator_is_free(
    runner: CliRunner, tmp_path: Path, as_user
) -> None:
    (tmp_path / "t.jsonl").write_text(SPAN_LINE)
    as_user("bob")
    assert runner.invoke(cli, ["--db", "t.db", "--annotator", "alice", "import", "t.jsonl"]).exit_code == 0


def test_gold_lines_are_imported_only_by_a_lead(runner: CliRunner, tmp_path: Path, as_user) -> None:
    db = team_db(runner, tmp_path, as_user)
    (tmp_path / "g.jsonl").write_text(SPAN_LINE + SPAN_LINE.replace('"text"', '"_annotator_id": "gold", "text"'))
    as_user("bob")
    before = dump(tmp_path / "team.db")
    one_error(
        runner.invoke(cli, [*db, "import", "g.jsonl"]),
        "g.jsonl:2: gold claims are written only by leads (carol); you are bob",
    )
    assert dump(tmp_path / "team.db") == before
    as_user("carol")
    assert runner.invoke(cli, [*db, "import", "g.jsonl"]).exit_code == 0
    assert span_owners(runner, db, "--gold") == ["gold"]


def test_a_schema_file_needs_only_names_keys_and_definitions(runner: CliRunner, tmp_path: Path) -> None:
    labels = "".join(
        f'[[labels]]\nname = "{name}"\nkey = "{key}"\ndefinition = "{name.lower()}"\n'
        for key, name in enumerate(["QUANTITY", "EVENT", "RULE"], start=1)
    )
    (tmp_path / "s.toml").write_text('[[labels]]\nname = "FIRST"\nkey = "9"\ncolor = "#4e9ae6"\n' + labels)
    (tmp_path / "t.jsonl").write_text(SPAN_LINE)
    result = runner.invoke(cli, ["--db", "s.db", "--schema", "s.toml", "import", "t.jsonl"])
    assert result.exit_code == 0, result.output
    from reader.store import Store

    schema = Store(tmp_path / "s.db").schema
    # FIRST's own colour; QUANTITY and RULE keep the default labels' colours; EVENT's is FIRST's, so the next free one
    assert [label.color for label in schema.labels] == ["#4e9ae6", "#e6a23c", "#b07ee8", "#3cc4c4"]
    assert [(level.value, level.name, level.key) for level in schema.confidence] == [
        (1, "unsure", "1"),
        (2, "probably", "2"),
        (3, "sure", "3"),
    ]
    assert schema.default_confidence == 3


def test_an_os_error_during_import_is_one_line_naming_the_file_and_nothing_is_kept(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader.store.imports import Imports

    (tmp_path / "t.jsonl").write_text(SPAN_LINE)
    runner.invoke(cli, ["articles"])
    before = dump(tmp_path / "annotations.db")
    real = Imports._add_batch

    def disk_full(self: Imports, *args: object) -> None:
        real(self, *args)
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), f"{self.db.path}-wal")

    monkeypatch.setattr(Imports, "_add_batch", disk_full)
    one_error(runner.invoke(cli, ["import", "t.jsonl"]), "annotations.db-wal: No space left on device")
    assert dump(tmp_path / "annotations.db") == before


FAILURES = [
    (["--db", "gone/sub/new.db", "articles"], {}, "gone/sub: no such folder for the database new.db"),
    (
        ["import", "f.jsonl"],
        {
            "f.jsonl": '{"text": "A b c.", "spans": [{"start": 0, "end": 1, "label": "EVENT"}]}\n'
            '{"text": "Half way.", "spans": [{"start": 0.5, "end": 4, "label": "EVENT"}]}\n'
        },
        "f.jsonl:2: malformed span (offset 0.5 is not a whole number)",
    ),
    (
        ["import", "d.jsonl"],
        {"d.jsonl": '{"text": "Half way.", "label": [[0, 4.5, "EVENT"]]}\n'},
        "d.jsonl:1: malformed span (offset 4.5 is not a whole number)",
    ),
    (
        ["import", "s.jsonl"],
        {"s.jsonl": '{"text": "Half way.", "entities": [{"start_offset": "0", "end_offset": 4, "label": "EVENT"}]}\n'},
        "s.jsonl:1: malformed span (offset '0' is not a whole number)",
    ),
    (
        ["import", "q.csv"],
        {"q.csv": 'text,title\nFine text.,ok\n"Open quote, never closed,t\nmore\n'},
        "q.csv:3: unterminated quote",
    ),
]


@pytest.mark.parametrize(
    ("args", "files", "message"),
    FAILURES,
    ids=["missing folder", "float offset", "float doccano offset", "string offset", "open csv quote"],
)
def test_failures_are_one_line_on_stderr_and_change_nothing(tmp_path: Path, args, files, message) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("CLAIM_READER_DB", "CLAIM_READER_ANNOTATOR")}
    subprocess.run([sys.executable, "-m", "reader", "articles"], cwd=tmp_path, env=env, capture_output=True, check=True)
    for name, content in files.items():
        (tmp_path / name).write_text(content)
    before = dump(tmp_path / "annotations.db")
    result = subprocess.run(
        [sys.executable, "-m", "reader", *args], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.splitlines() == [result.stderr.strip()], result.stderr
    assert result.stderr.startswith(f"claim-reader: error: {message}"), result.stderr
    assert dump(tmp_path / "annotations.db") == before and not (tmp_path / "gone").exists()


def test_check_says_ok_or_names_each_problem_and_fails(seeded: Store, tmp_path: Path) -> None:
    runner = CliRunner()
    claim = seeded.claims.create(seeded.articles.ids()[0], "alice", 0, 10, ClaimFields(label="EVENT", confidence=3))
    clean = runner.invoke(cli, ["--db", str(seeded.path), "check"])
    assert (clean.exit_code, clean.output) == (0, "ok\n")
    seeded.db.conn.execute("UPDATE claims SET label = 'QUANTITY' WHERE id = ?", [claim.id])
    broken = runner.invoke(cli, ["--db", str(seeded.path), "check"])
    assert (broken.exit_code, broken.output) == (1, f"claim {claim.id} differs from its latest event\n")
    missing = runner.invoke(cli, ["--db", str(tmp_path / "none.db"), "check"])
    assert missing.exit_code == 1 and not (tmp_path / "none.db").exists()


def test_a_non_lead_schema_file_is_refused_not_used_for_the_run(runner: CliRunner, tmp_path: Path, as_user) -> None:
    db = team_db(runner, tmp_path, as_user)
    (tmp_path / "evil.toml").write_text(LEADS_SCHEMA.replace("carol", "mallory"))
    as_user("bob")
    before = dump(tmp_path / "team.db")
    result = runner.invoke(cli, [*db, "--schema", "evil.toml", "articles"])
    one_error(
        result,
        "team.db: --schema differs from the stored schema, and only leads (carol) may change the stored"
        " schema; you are bob",
    )
    assert dump(tmp_path / "team.db") == before


def test_a_native_reimport_with_changed_spans_says_how_many_were_skipped(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "t.jsonl").write_text(SPAN_LINE.replace("}]}", '}, {"start": 9, "end": 17, "label": "QUANTITY"}]}'))
    db = ["--db", "t.db"]
    assert runner.invoke(cli, [*db, "import", "t.jsonl"]).exit_code == 0
    assert runner.invoke(cli, [*db, "export", "--format", "native", "-o", "n.jsonl"]).exit_code == 0
    exported = (tmp_path / "n.jsonl").read_text()
    *header, line = exported.splitlines()
    record = json.loads(line)
    assert "skipped:" not in runner.invoke(cli, [*db, "import", "n.jsonl"]).output
    record["spans"][0]["end"] = 16
    record["spans"][0]["text"] = record["text"][:16]
    (tmp_path / "n.jsonl").write_text("\n".join([*header, json.dumps(record)]) + "\n")
    result = runner.invoke(cli, [*db, "import", "n.jsonl"])
    assert result.exit_code == 0, result.output
    assert (
        "1 span skipped: the database holds claims with the same ids and other spans or fields"
        " (the stored ones were kept)"
    ) in " ".join(result.output.split())
    assert runner.invoke(cli, [*db, "export", "--format", "native", "-o", "-"]).output == exported


def test_an_import_that_marks_annotators_done_says_so(runner: CliRunner, tmp_path: Path) -> None:
    span = '"spans": [{"start": 0, "end": 17, "label": "QUANTITY"}]'
    lines = [
        f'{{"text": "{name.title()} says {n} things.", {span}, "_annotator_id": "{name}"}}'
        for name, n in (("ana", 5), ("ben", 6), ("ana", 7))
    ]
    (tmp_path / "t.jsonl").write_text("\n".join(lines) + "\n")
    result = runner.invoke(cli, ["--db", "t.db", "import", "t.jsonl"])
    assert result.exit_code == 0, result.output
    assert "marked done: ana 2, ben 1 (3 articles;" in result.output
    again = runner.invoke(cli, ["--db", "t.db", "import", "t.jsonl"])
    assert "marked done" not in again.output  # nothing new was marked
