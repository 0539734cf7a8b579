"""Faults on a shared database: read-only files and folders, a full disk, an I/O error: one clear line, nothing
half-written."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from reader.cli import cli
from reader.errors import StoreError
from reader.merge import merge
from reader.models import Article, ClaimFields, ImportRecord, article_id_for
from reader.seeds import import_seeds
from reader.store import Store
from reader.store.connection import Check, Connection
from tests.helpers import dump
from tests.teams.accounts import runs_here

FIELDS = ClaimFields(label="EVENT", confidence=3)
NOBODY = 65534


def big_record(n: int) -> ImportRecord:
    """An article large enough to need many new pages."""
    text = (f"Article {n}. " + "The ministry said troops were sent. " * 3000).rstrip()
    return ImportRecord(article=Article(id=article_id_for(text), title=f"Big {n}", text=text, words=len(text.split())))


def other_user() -> list[str]:
    """The command prefix that runs a process without write access to root's files, or skip saying why there is none."""
    if os.geteuid() != 0:
        return []
    if not shutil.which("setpriv"):
        pytest.fail("running as root, whom chmod does not stop, and setpriv is missing to drop privileges")
    prefix = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]
    refusal = runs_here(prefix)
    if refusal:
        pytest.fail(f"user nobody cannot run this Python on this checkout (make both readable): {refusal}")
    return prefix


@pytest.fixture
def shared_dir() -> Iterator[Path]:
    """A folder outside pytest's private tmp (mode 700 under root) that another user can enter."""
    folder = Path(tempfile.mkdtemp(prefix="claim-reader-ro-"))
    folder.chmod(0o755)
    yield folder
    folder.chmod(0o755)
    shutil.rmtree(folder)


def run_cli(prefix: list[str], db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run claim-reader in a fresh process (as another user when `prefix` says so)."""
    env = {**os.environ, "HOME": "/tmp", "CLAIM_READER_ANNOTATOR": "ana"}
    return subprocess.run(
        [*prefix, sys.executable, "-m", "reader", "--db", str(db), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )


def test_a_store_opened_read_only_refuses_every_write_and_changes_nothing(seeded: Store, tmp_path: Path) -> None:
    article_id = seeded.articles.ids()[0]
    claim = seeded.claims.create(article_id, "ana", 0, 8, FIELDS)
    seeded.close()
    other = Store(tmp_path / "other.db")
    other.close()
    before = dump(seeded.path)
    store = Store(seeded.path, readonly=True)
    writes = [
        lambda: store.claims.create(article_id, "ana", 10, 18, FIELDS),
        lambda: store.claims.update(claim.id, "ana", label="RULE"),
        lambda: store.claims.delete(claim.id, "ana"),
        lambda: store.progress.set_done(article_id, "ana", True),
        lambda: store.history.undo("ana", article_id),
        lambda: store.imports.add([big_record(1)]),
        lambda: merge(store, [other.path]),
        lambda: store.assignments.replace({article_id: ["ana"]}),
    ]
    for write in writes:
        with pytest.raises(StoreError, match="database is read-only"):
            write()
    store.progress.set_position(article_id, "ana", 5)
    assert store.db.backup(tmp_path / "copy.db") > 0
    store.close()
    assert dump(seeded.path) == before


@pytest.mark.parametrize("where", ["folder", "file"])
def test_read_only_file_or_folder_reads_work_and_writes_fail_in_one_line(shared_dir: Path, where: str) -> None:
    prefix = other_user()
    db, other, text = shared_dir / "annotations.db", shared_dir / "other.db", shared_dir / "new.txt"
    for path in (db, other):
        store = Store(path)
        import_seeds(store)
        store.close()
    text.write_text("A new article that nobody may add here.\n")
    if where == "folder":
        shared_dir.chmod(0o555)
    else:
        shared_dir.chmod(0o777)
        db.chmod(0o444)
    before = db.read_bytes()
    listed = run_cli(prefix, db, "articles", "--json")
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.count('"id"') == 5
    for args in (["assign", "--annotators", "ana,ben"], ["merge", str(other)], ["import", str(text)]):
        result = run_cli(prefix, db, *args)
        assert result.returncode == 1
        assert result.stderr == f"claim-reader: error: {db}: database is read-only\n"
    assert db.read_bytes() == before


def fill_disk(store: Store) -> None:
    """Make the database unable to grow, as a full disk does (SQLITE_FULL)."""
    pages = store.db.conn.execute("PRAGMA page_count").fetchone()[0]
    store.db.conn.execute(f"PRAGMA max_page_count = {pages}")


def test_a_full_disk_fails_in_one_line_and_nothing_is_half_written(seeded: Store, tmp_path: Path) -> None:
    donor = Store(tmp_path / "donor.db")
    donor.imports.add([big_record(n) for n in range(3)])
    donor.close()
    fill_disk(seeded)
    before = dump(seeded.path)
    for write in (
        lambda: seeded.imports.add([big_record(n) for n in range(3, 6)]),
        lambda: merge(seeded, [donor.path]),
    ):
        with pytest.raises(
            StoreError, match=r"write failed, nothing was saved: No space left on device \(database or disk is full\)"
        ):
            write()
        assert dump(seeded.path) == before
    article_id = seeded.articles.ids()[0]
    failed = 0
    for start in range(0, 3000, 10):
        try:
            seeded.claims.create(article_id, "ana", start, start + 5, FIELDS.model_copy(update={"note": "x" * 500}))
        except StoreError as exc:
            assert "database or disk is full" in str(exc)
            failed += 1
            break
    assert failed == 1
    assert seeded.history.check() == []


def test_a_full_disk_reaches_the_command_line_as_one_line(
    seeded: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "big.txt"
    source.write_text(big_record(9).article.text)
    connect = Connection._connect

    def full(self: Connection, check: Check) -> sqlite3.Connection:
        conn = connect(self, check)
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {pages}")
        return conn

    monkeypatch.setattr(Connection, "_connect", full)
    before = dump(seeded.path)
    content = seeded.path.read_bytes()
    result = CliRunner().invoke(cli, ["--db", str(seeded.path), "import", str(source)])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        f"claim-reader: error: {seeded.path}: write failed, nothing was saved: No space left on device"
        " (database or disk is full)"
    ]
    assert dump(seeded.path) == before
    assert seeded.path.read_bytes() == content


class FailingConnection:
    """A connection that fails like a dying disk on the statement that logs an event, after the claim row was
    written."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def execute(self, sql: str, params: Any = ()) -> sqlite3.Cursor:
        if sql.startswith("INSERT INTO events"):
            raise sqlite3.OperationalError("disk I/O error")
        return self.conn.execute(sql, params)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.conn, name)


def test_an_io_error_mid_transaction_leaves_neither_claim_nor_event(seeded: Store) -> None:
    article_id = seeded.articles.ids()[0]
    before = dump(seeded.path)
    real = seeded.db.conn
    seeded.db.conn = FailingConnection(real)
    try:
        with pytest.raises(StoreError, match="write failed, nothing was saved: disk I/O error"):
            seeded.claims.create(article_id, "ana", 0, 8, FIELDS)
    finally:
        seeded.db.conn = real
    assert not real.in_transaction
    assert dump(seeded.path) == before


def test_an_import_killed_midway_leaves_the_database_as_it_was(seeded: Store, tmp_path: Path) -> None:
    """SIGKILL during a long import: the transaction never commits, integrity holds, nothing half-imported."""
    import signal
    import time

    import orjson

    source = tmp_path / "big.jsonl"
    with source.open("wb") as handle:
        for i in range(60_000):
            handle.write(orjson.dumps({"text": f"Article {i} says {i} things happened. " * 20}) + b"\n")
    seeded.close()
    before = dump(seeded.path)
    child = subprocess.Popen(
        [sys.executable, "-m", "reader", "--db", str(seeded.path), "import", str(source)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(1.5)
    assert child.poll() is None, "the import finished before it could be killed; make the file bigger"
    child.send_signal(signal.SIGKILL)
    child.wait()
    conn = sqlite3.connect(seeded.path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    assert dump(seeded.path) == before


def test_another_os_account_is_itself_whatever_the_environment_says_and_may_not_act_as_a_lead(shared_dir: Path) -> None:
    import pwd

    from reader.schema import DEFAULT_SCHEMA

    prefix = other_user()
    me = pwd.getpwuid(NOBODY if prefix else os.getuid()).pw_name
    lead = pwd.getpwuid(os.getuid()).pw_name if prefix else "someone-else"
    shared_dir.chmod(0o777)
    db, team, source = shared_dir / "own.db", shared_dir / "team.db", shared_dir / "t.jsonl"
    source.write_text('{"text": "Zoe says 5 things.", "spans": [{"start": 0, "end": 17, "label": "QUANTITY"}]}\n')
    Store(team, schema=DEFAULT_SCHEMA.model_copy(update={"leads": [lead]})).close()
    team.chmod(0o666)
    env = {key: value for key, value in os.environ.items() if key != "CLAIM_READER_ANNOTATOR"}
    env.update(HOME="/tmp", USER=lead, LOGNAME=lead)

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*prefix, sys.executable, "-m", "reader", *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
            check=False,
        )

    result = run("--db", str(db), "import", str(source))
    assert result.returncode == 0, result.stderr
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT DISTINCT annotator FROM claims").fetchall() == [(me,)]
    assert conn.execute("SELECT DISTINCT annotator, os_user FROM events").fetchall() == [(me, me)]
    conn.close()
    before = team.read_bytes()
    result = run("--db", str(team), "--annotator", lead, "import", str(source))
    assert result.returncode == 1
    assert result.stderr == (
        f"claim-reader: error: --annotator {lead}: you are {me}, and only leads ({lead}) may act as someone else\n"
    )
    assert team.read_bytes() == before
