"""A writer that has to wait for another process says whom it waits for, and gives up in one line after its timeout,
having written nothing; the writers' lock file only those who may write the database can open."""

from __future__ import annotations

import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.errors import StoreError
from reader.identity import os_user
from reader.models import ClaimFields
from reader.store import Store, connection
from tests.helpers import LOCK_HOLDER, dump


@pytest.fixture
def holder(seeded: Store, request: pytest.FixtureRequest) -> Iterator[subprocess.Popen[str]]:
    """Another process holding the writers' lock ("queue") or SQLite's write lock ("sqlite") of the seeded database."""
    process = subprocess.Popen(
        [sys.executable, "-c", LOCK_HOLDER, request.param, str(seeded.path)], stdout=subprocess.PIPE, text=True
    )
    assert process.stdout is not None and process.stdout.readline().strip() == "held"
    yield process
    process.kill()
    process.wait()


@pytest.mark.parametrize(
    ("holder", "lock"), [("queue", "the writers' lock"), ("sqlite", "SQLite's lock")], indirect=["holder"]
)
def test_a_writer_says_whom_it_waits_for_then_gives_up_in_one_line(
    seeded: Store, holder: subprocess.Popen[str], lock: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(connection, "WRITE_RETRY_SECONDS", 3.0)
    said: list[tuple[float, str]] = []
    seeded.db.on_wait = lambda message: said.append((time.monotonic(), message))
    before = dump(seeded.path)
    began = time.monotonic()
    with pytest.raises(StoreError) as caught:
        seeded.claims.create(seeded.articles.ids()[0], "ana", 0, 8, ClaimFields(label="EVENT", confidence=3))
    whom = f"process {holder.pid} (python"
    assert f"gave up after waiting 3 s for {lock}: {whom}" in str(caught.value)
    assert f"account {os_user()})" in str(caught.value) and str(caught.value).endswith("; nothing was written")
    [(when, message)] = said
    assert when - began < 2.0 and whom in message and message.startswith(f"{seeded.path}: waiting to write: ")
    assert dump(seeded.path) == before


def test_the_lock_file_follows_the_database_s_write_permissions(tmp_path: Path) -> None:
    for umask, db_mode, lock_mode in ((0o022, 0o644, 0o600), (0o002, 0o664, 0o660), (0o000, 0o666, 0o666)):
        folder = tmp_path / f"u{umask:03o}"
        folder.mkdir()
        code = f"import os; os.umask({umask}); from reader.store import Store; Store({str(folder / 'a.db')!r}).close()"
        subprocess.run([sys.executable, "-c", code], check=True)
        assert stat.S_IMODE((folder / "a.db").stat().st_mode) == db_mode, "a new database is made as any file is"
        assert stat.S_IMODE((folder / "a.db-lock").stat().st_mode) == lock_mode
    (tmp_path / "u022" / "a.db").chmod(0o664)
    Store(tmp_path / "u022" / "a.db").close()
    assert stat.S_IMODE((tmp_path / "u022" / "a.db-lock").stat().st_mode) == 0o660, "its owner's next open follows"
