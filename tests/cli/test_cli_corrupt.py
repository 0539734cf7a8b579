"""A damaged database given to any command: one line naming the file and what is wrong, exit 1, the file untouched."""

from __future__ import annotations

import sqlite3
import subprocess
from pathlib import Path

import pytest

from reader.store import Store
from tests.helpers import claim_reader, dump

COMMANDS = {
    "articles": ["articles"],
    "articles-json": ["articles", "--json"],
    "export": ["export", "--format", "native", "-o", "{tmp}/x.jsonl"],
    "stats": ["stats"],
    "assign-show": ["assign", "--show"],
    "suggest": ["suggest"],
    "backup": ["backup", "{tmp}/backup.db"],
    "check": ["check"],
    "merge-target": ["merge", "{good}"],
    "import": ["import", "{tmp}/new.txt"],
}


def page_3_garbage(seeded: bytes) -> bytes:
    """The seeded database with its third page overwritten, as a bad disk or a stray write would leave it."""
    return seeded[:8192] + b"\xa5" * 4096 + seeded[12288:]


DAMAGE = {
    "page-3-garbage": (page_3_garbage, "the database is corrupt (quick_check: "),
    "not-sqlite": (lambda seeded: b"just some notes, not a database\n" * 200, "not an SQLite database"),
    "truncated": (lambda seeded: seeded[:5000], "database disk image is malformed"),
    "empty": (lambda seeded: b"", "an empty file, not a claim-reader database"),
}


@pytest.fixture(scope="module")
def seeded_bytes(seeded_file: Path) -> bytes:
    """The bytes of a database holding the seeds, with 4 KiB pages."""
    assert sqlite3.connect(seeded_file).execute("PRAGMA page_size").fetchone()[0] == 4096
    return seeded_file.read_bytes()


def run(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run claim-reader on `db` in a fresh process."""
    return claim_reader("--db", str(db), *args)


@pytest.mark.parametrize("damage", DAMAGE)
@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_refuses_a_damaged_database_in_one_line(
    seeded_bytes: bytes, tmp_path: Path, damage: str, command: str
) -> None:
    make, reason = DAMAGE[damage]
    db = tmp_path / "damaged.db"
    db.write_bytes(make(seeded_bytes))
    good = tmp_path / "good.db"
    good.write_bytes(seeded_bytes)
    (tmp_path / "new.txt").write_text("A new article.\nIt says 3 things.\n")
    before = db.read_bytes()
    args = [arg.format(tmp=tmp_path, good=good) for arg in COMMANDS[command]]
    result = run(db, *args)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    [line] = result.stderr.strip().splitlines()
    assert line.startswith(f"claim-reader: error: {db}: "), line
    assert reason in line, line
    assert db.read_bytes() == before
    assert not (tmp_path / "x.jsonl").exists() and not (tmp_path / "backup.db").exists()


@pytest.mark.parametrize("damage", DAMAGE)
def test_merge_refuses_a_damaged_source_in_one_line(seeded_bytes: bytes, tmp_path: Path, damage: str) -> None:
    make, reason = DAMAGE[damage]
    source = tmp_path / "damaged.db"
    source.write_bytes(make(seeded_bytes))
    target = tmp_path / "target.db"
    target.write_bytes(seeded_bytes)
    before = source.read_bytes(), dump(target)
    result = run(target, "merge", str(source))
    assert result.returncode == 1, result.stderr
    [line] = result.stderr.strip().splitlines()
    assert line.startswith(f"claim-reader: error: {source}: "), line
    assert reason in line, line
    assert (source.read_bytes(), dump(target)) == before


def test_an_empty_file_left_by_an_interrupted_creation_is_a_new_database(tmp_path: Path) -> None:
    """claim-reader creates the lock file before the database, so an empty file beside it is its own unfinished
    start."""
    db = tmp_path / "new.db"
    db.write_bytes(b"")
    Path(f"{db}-lock").write_bytes(b"")
    result = run(db, "articles", "--json")
    assert result.returncode == 0, result.stderr
    assert db.stat().st_size > 0


def test_a_database_read_fails_in_one_line_even_after_the_open_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Damage quick_check cannot see still reaches the user as one line through the command group."""
    from click.testing import CliRunner

    from reader.cli import cli
    from reader.store.articles import Articles

    db = tmp_path / "a.db"
    Store(db).close()
    monkeypatch.setattr(
        Articles,
        "library",
        lambda self, who: (_ for _ in ()).throw(sqlite3.DatabaseError("database disk image is malformed")),
    )
    result = CliRunner().invoke(cli, ["--db", str(db), "articles"])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [f"claim-reader: error: {db}: database disk image is malformed"]


@pytest.mark.parametrize(
    ("command", "checks"),
    [
        (["articles"], 0),
        (["stats"], 0),
        (["suggest"], 0),
        (["export", "--format", "native", "-o", "-"], 0),
        (["assign", "--show"], 1),
        (["check"], 1),
    ],
)
def test_reads_skip_the_whole_file_check_where_opening_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str], checks: int
) -> None:
    """quick_check is linear in the file: commands that only read a WAL database of the current version skip it."""
    from click.testing import CliRunner

    from reader.cli import cli
    from reader.seeds import import_seeds
    from reader.store import connection

    db = tmp_path / "a.db"
    store = Store(db)
    import_seeds(store)
    store.close()
    calls = []
    real = connection.quick_check
    monkeypatch.setattr(connection, "quick_check", lambda conn: calls.append(1) or real(conn))
    result = CliRunner().invoke(cli, ["--db", str(db), *command])
    assert result.exit_code == 0, result.output
    assert len(calls) == checks


def test_a_read_that_would_switch_the_journal_checks_the_file_first(seeded_bytes: bytes, tmp_path: Path) -> None:
    """A database not yet in WAL mode (a copy, a backup) is written by opening it, so even a read checks it first."""
    db = tmp_path / "copy.db"
    db.write_bytes(page_3_garbage(seeded_bytes))
    result = claim_reader("--db", str(db), "articles")
    assert result.returncode == 1 and "the database is corrupt (quick_check: " in result.stderr
    assert db.read_bytes() == page_3_garbage(seeded_bytes)
