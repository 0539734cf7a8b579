"""Many processes on one database: concurrent writers lose nothing, SIGKILL at any moment loses nothing acknowledged,
backups stay consistent."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from click.testing import CliRunner

from bench.bench_concurrency import run
from reader.cli import cli
from reader.seeds import import_seeds
from reader.store import Store

WRITES = int(os.environ.get("CLAIM_READER_TEAM_WRITES", "500"))
"""Writes per process in the 8-process test; lower it only for quick local runs (the benchmark always does 500)."""

ANNOTATE = """
import sys
from reader.errors import InputError
from reader.models import ClaimFields
from reader.store import Store

store = Store(sys.argv[1])
who, serial = sys.argv[2], int(sys.argv[3])
articles = store.articles.ids()
live = [c.id for a in articles for c in store.claims.of_article(a, [who])]
while True:
    serial += 1
    note = f"{who}-{serial}"
    article = articles[serial % len(articles)]
    try:
        if len(live) < 5 or serial % 3 == 0:
            claim_id = store.claims.create(article, who, serial % 90, serial % 90 + 9,
                                          ClaimFields(label="EVENT", confidence=3, note=note)).id
            live.append(claim_id)
            kind = "create"
        elif serial % 3 == 1:
            claim_id = live[serial % len(live)]
            store.claims.update(claim_id, who, note=note, label="RULE")
            kind = "update"
        else:
            claim_id = live.pop(serial % len(live))
            store.claims.delete(claim_id, who)
            kind = "delete"
    except InputError:  # the same span and label twice: refused, so not acknowledged
        continue
    if serial % 7 == 0:
        store.progress.set_done(article, who, serial % 2 == 0)
    sys.stdout.write(f"{kind} {claim_id} {note}\\n")  # one write: a kill never leaves half an acknowledgment
    sys.stdout.flush()
"""


def annotator(db: Path, who: str, serial: int) -> subprocess.Popen[str]:
    """Start a process that annotates in a loop, printing each write only after it is committed."""
    return subprocess.Popen(
        [sys.executable, "-c", ANNOTATE, str(db), who, str(serial)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        bufsize=1,
    )


def read_acks(process: subprocess.Popen[str], until: float) -> list[list[str]]:
    """Read acknowledged writes until the deadline (or the process ends)."""
    acks = []
    while time.monotonic() < until:
        line = process.stdout.readline()
        if not line.endswith("\n"):  # the end, or half a line cut off by the kill: not an acknowledgment
            break
        acks.append(line.split())
    return acks


def missing(store: Store, acks: list[list[str]]) -> list[list[str]]:
    """The acknowledged writes the event log does not hold (by claim, kind and the write's unique note)."""
    logged = {(e.kind, e.claim_id, (e.after or {}).get("note")) for e in store.history.events()}
    return [ack for ack in acks if (ack[0], ack[1], ack[2] if ack[0] != "delete" else None) not in logged]


def test_eight_processes_writing_at_once_lose_nothing(tmp_path: Path) -> None:
    result = run(tmp_path / "annotations.db", processes=8, writes=WRITES)
    assert result.errors == []
    assert result.lost == []
    assert len(result.latencies) == 8 * WRITES


def test_sigkill_at_random_moments_loses_no_acknowledged_write(db_path: Path) -> None:
    store = Store(db_path)
    import_seeds(store)
    store.close()
    rng = random.Random(20)
    acks: list[list[str]] = []
    for round_ in range(20):
        process = annotator(db_path, "ana", round_ * 1_000_000)
        first = process.stdout.readline()
        assert first.endswith("\n"), f"round {round_}: the annotating process wrote nothing: {process.stderr.read()}"
        acks.append(first.split())
        acks += read_acks(process, time.monotonic() + rng.uniform(0.0, 0.25))
        process.send_signal(signal.SIGKILL)
        acks += [line.split() for line in process.stdout.read().splitlines(keepends=True) if line.endswith("\n")]
        process.wait()
        store = Store(db_path)
        assert store.history.check() == [], f"round {round_}"
        assert missing(store, acks) == [], f"round {round_}"
        logged = sum(e.claim_id is not None for e in store.history.events())
        store.close()
        assert 0 <= logged - len(acks) <= round_ + 1, "at most the one write in flight per kill is unacknowledged"
    assert len(acks) > 20


def test_backup_while_another_process_writes_is_consistent(db_path: Path, tmp_path: Path) -> None:
    store = Store(db_path)
    import_seeds(store)
    process = annotator(db_path, "ben", 0)
    try:
        for n in range(3):
            acks = read_acks(process, time.monotonic() + 0.3)
            copy = tmp_path / f"backup{n}.db"
            store.db.backup(copy)
            backup = Store(copy, readonly=True)
            assert backup.history.check() == []
            assert missing(backup, acks) == []
            assert backup.articles.count() == 5
            backup.close()
    finally:
        process.kill()
        process.wait()
    store.close()


def test_backup_command_refuses_to_overwrite_unless_forced(seeded: Store, tmp_path: Path) -> None:
    target = tmp_path / "copy.db"
    target.write_text("an older file that must not be lost by accident")
    runner = CliRunner()
    refused = runner.invoke(cli, ["--db", str(seeded.path), "backup", str(target)])
    assert refused.exit_code == 1
    assert refused.output == f"claim-reader: error: {target}: already exists; pass --force to overwrite it\n"
    assert target.read_text().startswith("an older file")
    forced = runner.invoke(cli, ["--db", str(seeded.path), "backup", str(target), "--force"])
    assert forced.exit_code == 0 and forced.output.startswith(f"backed up {seeded.path} to {target} (")
    copy = Store(target, readonly=True)
    assert copy.articles.ids() == seeded.articles.ids() and copy.history.check() == []
    assert [p.name for p in tmp_path.iterdir() if "partial" in p.name] == []
    missing_db = runner.invoke(cli, ["--db", str(tmp_path / "none.db"), "backup", str(tmp_path / "x.db")])
    assert missing_db.exit_code == 1 and "no such database to back up" in missing_db.output
    assert not (tmp_path / "none.db").exists()


KILLED_BACKUP = """
import os, signal, sys
from reader.store import Store

store = Store(sys.argv[1])
os.replace = lambda *args: os.kill(os.getpid(), signal.SIGKILL)  # killed with the copy made, before it is renamed
store.db.backup(sys.argv[2])
"""


def test_a_killed_backup_s_leftovers_go_with_the_next_backup_and_another_s_stay(seeded: Store, tmp_path: Path) -> None:
    target = tmp_path / "copy.db"
    killed = subprocess.run([sys.executable, "-c", KILLED_BACKUP, str(seeded.path), str(target)], check=False)
    assert killed.returncode == -signal.SIGKILL
    [left] = [p for p in tmp_path.iterdir() if p.name.startswith(".copy.db.")]
    assert left.is_dir() and (left / "copy.db").exists(), "the killed backup left its copy behind"
    planted = tmp_path / ".copy.db.1.planted.partial"  # another account's, named for a process that runs
    planted.mkdir()
    if os.geteuid() == 0:
        os.chown(planted, 65534, 65534)
    result = CliRunner().invoke(cli, ["--db", str(seeded.path), "backup", str(target)])
    assert result.exit_code == 0, result.output
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".copy.db.")] == [planted.name]
    assert Store(target, readonly=True).articles.ids() == seeded.articles.ids()
