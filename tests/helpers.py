"""Plain helpers every layer's tests share: the fixture files, database dumps and running the real CLI."""

from __future__ import annotations

import fcntl
import os
import sqlite3
import struct
import subprocess
import sys
import termios
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"
PEER_DATA = FIXTURES / "peer-data"
ROOT = Path(__file__).resolve().parent.parent
LOCK_HOLDER = """
import fcntl, os, sqlite3, sys, time
which, path = sys.argv[1], sys.argv[2]
if which == "queue":
    fd = os.open(path + "-lock", os.O_RDWR)
    fcntl.flock(fd, fcntl.LOCK_EX)
else:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
print("held", flush=True)
time.sleep(30)  # long enough for a test, short enough that one blocked by it fails rather than hangs
"""
"""A program that holds the writers' lock ("queue") or SQLite's own write lock ("sqlite") of a database until killed,
printing "held" once it does: `python -c LOCK_HOLDER queue|sqlite DB`."""
"""The checkout's root, where README.md and bench/ are."""


def peer_file(name: str) -> Path:
    """Return one of the real files from another annotation tool, kept under tests/fixtures/peer-data."""
    return PEER_DATA / name


def dump(path: Path) -> list[str]:
    """Every row of every table of a database, so tests can assert that nothing changed."""
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def claim_reader(*args: str) -> subprocess.CompletedProcess[str]:
    """Run claim-reader in a fresh process as annotator ana; a command that blocks fails on the timeout instead of
    hanging."""
    env = {**os.environ, "CLAIM_READER_ANNOTATOR": "ana"}
    return subprocess.run(
        [sys.executable, "-m", "reader", *args], capture_output=True, text=True, env=env, timeout=30, check=False
    )


def in_pty(args: list[str], cwd: Path) -> tuple[int, str]:
    """Run the real CLI on a pseudo-terminal 250 columns wide; return its exit code and every byte it wrote, decoded."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 250, 0, 0))
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("NO_COLOR", "COLUMNS", "LINES", "CLAIM_READER_DB", "CLAIM_READER_ANNOTATOR", "USER", "LOGNAME")
    }
    env["TERM"] = "xterm-256color"
    proc = subprocess.Popen(
        [sys.executable, "-m", "reader", *args], stdin=slave, stdout=slave, stderr=slave, cwd=cwd, env=env
    )
    os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(master)
    return proc.wait(timeout=60), b"".join(chunks).decode("utf-8")
