"""Kill -9 a real reader on a pseudo-terminal right after it said "saved": the claim must be in the database."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import shutil
import signal
import struct
import sys
import termios
import time
from pathlib import Path

import pytest

from reader.seeds import import_seeds
from reader.store import Store

READER = shutil.which("claim-reader") or ""


def _read_until(fd: int, needle: bytes, timeout: float) -> bytes:
    """Read the terminal output until `needle` shows up (or fail after `timeout` seconds)."""
    seen = b""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                seen += os.read(fd, 65536)
            except OSError:
                break
            if needle in seen:
                return seen
    raise AssertionError(f"{needle!r} never appeared; last output: {seen[-400:]!r}")


@pytest.mark.skipif(not READER or sys.platform == "win32", reason="needs the claim-reader script and a pty")
def test_a_claim_shown_as_saved_survives_sigkill(tmp_path: Path) -> None:
    db = tmp_path / "kill.db"
    store = Store(db)
    import_seeds(store)
    article_id = store.articles.ids()[0]
    store.close()
    pid, fd = pty.fork()
    if pid == 0:  # the child becomes the reader on the pty
        os.environ.update(TERM="xterm-256color", COLUMNS="100", LINES="30")
        os.execv(READER, [READER, "--db", str(db), "--annotator", "killtest"])
    try:
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
        _read_until(fd, b"filter", 30)
        os.write(fd, b"\r")
        _read_until(fd, b"others' claims", 30)
        os.write(fd, b")")
        time.sleep(0.3)
        os.write(fd, b"2")
        _read_until(fd, b"confidence?", 10)
        os.write(fd, b"3")
        _read_until(fd, b"saved", 10)
        os.kill(pid, signal.SIGKILL)
    finally:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        os.waitpid(pid, 0)
        os.close(fd)
    store = Store(db)
    [claim] = store.claims.of_article(article_id, ["killtest"])
    assert (claim.label, claim.confidence) == ("QUANTITY", 3)
    assert store.db.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    store.close()
