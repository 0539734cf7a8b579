"""Who may write what, run as real OS accounts: a lead, two annotators and a hostile colleague on one server. Identity
is the uid; USER, LOGNAME and the other file's word count for nothing."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.teams.accounts import ANA, BEN, LEAD, MALLORY, Account, make_accounts, shared_folder

SCHEMA = f'leads = ["{LEAD}"]\n\n[[labels]]\nname = "EVENT"\nkey = "1"\n\n[[labels]]\nname = "QUANTITY"\nkey = "2"\n'


@pytest.fixture(scope="module")
def accounts() -> dict[str, Account]:
    return make_accounts()


@pytest.fixture
def team(accounts: dict[str, Account]) -> Iterator[Path]:
    """A team folder outside pytest's private tmp: the lead's shared database (leads named), and one folder per
    account for its own files."""
    root = Path(tempfile.mkdtemp(prefix="claim-reader-team-"))
    root.chmod(0o755)
    folder = shared_folder(root / "shared")
    (folder / "schema.toml").write_text(SCHEMA)
    for name, account in accounts.items():
        own = root / name
        own.mkdir()
        shutil.chown(own, account.uid, account.gid)
        own.chmod(0o755)
    accounts[LEAD].run(
        "--db", str(folder / "annotations.db"), "--schema", str(folder / "schema.toml"), "articles", check=True
    )
    (folder / "annotations.db").chmod(0o664)  # the team may write it; others may read it
    yield root
    shutil.rmtree(root)


def tagged(account: Account, db: Path, folder: Path, text: str, *names: str) -> subprocess.CompletedProcess[str]:
    """Import one article with a span by `account`, the lines naming `names` (none: the importer's own)."""
    source = folder / f"{account.name}-{len(list(folder.iterdir()))}.jsonl"
    lines = [{"text": text, "spans": [{"start": 0, "end": 9, "label": "EVENT"}], "answer": "accept"}]
    if names:
        lines = [{**lines[0], "_annotator_id": name} for name in names]
    source.write_text("".join(json.dumps(line) + "\n" for line in lines))
    shutil.chown(source, account.uid, account.gid)
    return account.run("--db", str(db), "import", str(source))


def events(db: Path) -> list[tuple[str, str, str | None, str]]:
    """(annotator, os_user, claimed_os_user, via) of every event, in log order."""
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT annotator, os_user, claimed_os_user, via FROM events ORDER BY seq").fetchall()
    finally:
        conn.close()


def one_line(result: subprocess.CompletedProcess[str], expected: str) -> None:
    """A refusal: exit 1 and one line on stderr saying `expected`."""
    assert result.returncode == 1, result.stderr
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("claim-reader: error: ") and expected in line, line


def test_a_non_lead_merges_only_their_own_events_and_a_lead_vouches_for_others(
    accounts: dict[str, Account], team: Path
) -> None:
    ana, ben, lead = accounts[ANA], accounts[BEN], accounts[LEAD]
    shared = team / "shared" / "annotations.db"
    # ben works on his own machine; his file then also carries ana's work (a copy he was given)
    ben_db = team / BEN / "ben.db"
    assert tagged(ben, ben_db, team / BEN, "Officials said 40 people died on Monday.").returncode == 0
    ana_db = team / ANA / "ana.db"
    assert tagged(ana, ana_db, team / ANA, "The mayor said the bridge will reopen in May.").returncode == 0
    before = shared.read_bytes()
    result = ana.run("--db", str(shared), "merge", str(ben_db))
    one_line(result, f"it is {BEN}'s work, and only leads ({LEAD}) may merge others' work; merge --only {ANA}")
    assert shared.read_bytes() == before
    one_line(
        ana.run("--db", str(shared), "merge", "--only", BEN, str(ben_db)),
        f"--only {BEN}: you are {ANA}, and only leads ({LEAD}) may merge others' work",
    )
    merged = ana.run("--db", str(shared), "merge", str(ana_db))
    assert merged.returncode == 0, merged.stderr
    assert f"events by annotator: {ANA} 2" in merged.stdout  # her claim and her done mark
    merged = lead.run("--db", str(shared), "merge", "--only", BEN, str(ben_db), str(ana_db))
    assert merged.returncode == 0, merged.stderr
    assert f"events by annotator: {BEN} 2" in merged.stdout
    logged = events(shared)
    assert (BEN, LEAD, BEN, "merge") in logged, "the lead's merge is on record, the file's word kept beside it"
    assert (ANA, ANA, ANA, "merge") in logged
    assert not [row for row in logged if row[0] == BEN and row[1] == BEN], (
        "nobody is recorded as doing what they did not"
    )


def test_a_forged_file_naming_a_colleague_and_a_lead_changes_nothing(accounts: dict[str, Account], team: Path) -> None:
    """Mallory's own file rewrites its log to name ben and the lead; she is not a lead, so none of it comes in."""
    ana, mallory = accounts[ANA], accounts[MALLORY]
    mine = team / MALLORY / "m.db"
    assert tagged(mallory, mine, team / MALLORY, "Officials said 40 people died on Monday.").returncode == 0
    forge = mallory.python(
        "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]);"
        f" c.execute(\"UPDATE events SET annotator = '{BEN}', os_user = '{LEAD}'\");"
        ' c.execute("UPDATE claims SET annotator = ?", [sys.argv[2]]); c.commit()',
        str(mine),
        BEN,
    )
    assert forge.wait(30) == 0, forge.stderr.read() if forge.stderr else ""
    shared = team / "shared" / "annotations.db"
    before = shared.read_bytes()
    one_line(ana.run("--db", str(shared), "merge", str(mine)), f"it is {BEN}'s work")
    assert shared.read_bytes() == before


def test_import_in_another_s_name_is_for_leads(accounts: dict[str, Account], team: Path) -> None:
    ana, lead = accounts[ANA], accounts[LEAD]
    shared = team / "shared" / "annotations.db"
    before = shared.read_bytes()
    result = tagged(ana, shared, team / ANA, "Officials said 40 people died on Monday.", BEN)
    one_line(result, f"the line's annotator {BEN}: you are {ANA}, and only leads ({LEAD}) may act as someone else")
    assert shared.read_bytes() == before
    assert tagged(ana, shared, team / ANA, "Officials said 40 people died on Monday.", ANA).returncode == 0
    result = tagged(lead, shared, team / LEAD, "The mayor said the bridge will reopen in May.", BEN)
    assert result.returncode == 0, result.stderr
    assert (BEN, LEAD, None, "import") in events(shared)


def test_assign_is_for_leads_and_logged(accounts: dict[str, Account], team: Path) -> None:
    ana, lead = accounts[ANA], accounts[LEAD]
    shared = team / "shared" / "annotations.db"
    before = shared.read_bytes()
    one_line(
        ana.run("--db", str(shared), "assign", "--annotators", f"{ANA},{BEN}"),
        f"you are {ANA}, and only leads ({LEAD}) may change the assignment plan",
    )
    assert shared.read_bytes() == before
    assert lead.run("--db", str(shared), "assign", "--annotators", f"{ANA},{BEN}").returncode == 0
    shown = ana.run("--db", str(shared), "assign", "--show")
    assert f"by {LEAD} ({ANA}, {BEN}, 1 per article)" in " ".join(shown.stdout.split()), shown.stdout


HOLD = """
import fcntl, os, sys, time
fd = os.open(sys.argv[1], os.O_RDWR)
fcntl.flock(fd, fcntl.LOCK_EX)
print("held", flush=True)
time.sleep(float(sys.argv[2]))
"""
TRY_LOCK = """
import fcntl, os, sys
for flags in (os.O_RDWR, os.O_RDONLY):
    try:
        fd = os.open(sys.argv[1], flags)
    except PermissionError:
        continue
    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    print("locked", flush=True)
    break
else:
    print("refused", flush=True)
"""


def test_a_reader_without_write_access_cannot_take_the_writers_lock(accounts: dict[str, Account], team: Path) -> None:
    ana, mallory = accounts[ANA], accounts[MALLORY]
    shared = team / "shared" / "annotations.db"
    assert ana.run("--db", str(shared), "articles").returncode == 0
    assert mallory.run("--db", str(shared), "articles").returncode == 0, "mallory may read the database"
    lock = Path(f"{shared}-lock")
    assert lock.stat().st_mode & 0o777 == 0o660, "the lock file follows the database's write permissions"
    attempt = mallory.python(TRY_LOCK, str(lock))
    assert attempt.communicate(timeout=30)[0].strip() == "refused"
    began = time.monotonic()
    result = tagged(ana, shared, team / ANA, "Officials said 40 people died on Monday.")
    assert result.returncode == 0 and time.monotonic() - began < 30, result.stderr


def test_a_waiting_writer_says_whom_it_waits_for_within_two_seconds(accounts: dict[str, Account], team: Path) -> None:
    ana, ben = accounts[ANA], accounts[BEN]
    shared = team / "shared" / "annotations.db"
    assert ana.run("--db", str(shared), "articles").returncode == 0
    holder = ben.python(HOLD, f"{shared}-lock", "6")
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    (team / ANA / "one.txt").write_text("Officials said 40 people died on Monday.\n")
    began = time.monotonic()
    assert ana.run("--db", str(shared), "articles").returncode == 0
    starting = time.monotonic() - began  # what starting the command costs on this machine now, before any wait
    writer = ana.start("--db", str(shared), "import", str(team / ANA / "one.txt"))
    began = time.monotonic()
    assert writer.stderr is not None
    line = writer.stderr.readline()
    assert time.monotonic() - began < starting + 2.0, "it says whom it waits for within 2 s of waiting"
    assert f"waiting to write: process {holder.pid} (python" in line, line
    assert f"account {BEN}) holds annotations.db-lock" in line, line
    assert writer.wait(30) == 0, "and writes once the lock is free"
    holder.wait(30)


def test_a_file_planted_in_a_sticky_folder_neither_blocks_nor_fails_an_export(
    accounts: dict[str, Account], team: Path
) -> None:
    lead, mallory = accounts[LEAD], accounts[MALLORY]
    drop = team / "drop"
    drop.mkdir()
    drop.chmod(0o1777)
    planted = mallory.python(
        "import pathlib, sys; p = pathlib.Path(sys.argv[1]); p.write_text('x'); print(p)",
        str(drop / ".out.jsonl.999999.abcdefgh.part"),
    )
    assert planted.wait(30) == 0
    result = lead.run(
        "--db", str(team / "shared" / "annotations.db"), "export", "--format", "native", "-o", str(drop / "out.jsonl")
    )
    assert result.returncode == 0, result.stderr
    assert (drop / "out.jsonl").stat().st_uid == lead.uid
    assert (drop / ".out.jsonl.999999.abcdefgh.part").exists(), "another account's file is not ours to remove"
