"""Who holds a lock on the database's files: the processes the kernel lists in /proc/locks, with their accounts, so a
writer that has to wait can say whom it waits for instead of hanging in silence."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from reader.identity import account

PROC_LOCKS = Path("/proc/locks")


@dataclass(frozen=True, slots=True)
class Holder:
    """A process holding a lock on one of the files: its id, its command and the OS account it runs as."""

    pid: int
    command: str
    account: str
    path: Path

    def __str__(self) -> str:
        return f"process {self.pid} ({self.command}, account {self.account}) holds {self.path.name}"


def holders(paths: Sequence[Path]) -> list[Holder]:
    """The other processes holding (not waiting for) a lock on any of `paths`, as far as this process may see them."""
    files: dict[tuple[int, int, int], Path] = {}
    for path in paths:
        try:
            found = path.stat()
        except OSError:
            continue
        files[(os.major(found.st_dev), os.minor(found.st_dev), found.st_ino)] = path
    if not files:
        return []
    try:
        lines = PROC_LOCKS.read_text().splitlines()
    except OSError:
        return []
    seen: dict[int, Holder] = {}
    for line in lines:
        fields = line.split()
        if len(fields) < 6 or fields[1] == "->":
            continue
        key = _file_key(fields[5])
        pid = _number(fields[4])
        if key not in files or pid is None or pid <= 0 or pid == os.getpid() or pid in seen:
            continue
        seen[pid] = Holder(pid, _command(pid), _account(pid), files[key])
    return list(seen.values())


def describe(paths: Sequence[Path]) -> str:
    """Whom a writer waits for, in words: the holders of a lock on `paths`, or that they cannot be seen from here."""
    found = holders(paths)
    if not found:
        return f"another process holds a lock on {paths[0].name} (which one cannot be seen from here)"
    return "; ".join(map(str, found))


def _file_key(field: str) -> tuple[int, int, int] | None:
    """The (major, minor, inode) of /proc/locks' `MAJOR:MINOR:INODE` field (device numbers in hex)."""
    parts = field.split(":")
    if len(parts) != 3:
        return None
    try:
        return int(parts[0], 16), int(parts[1], 16), int(parts[2])
    except ValueError:
        return None


def _number(field: str) -> int | None:
    try:
        return int(field)
    except ValueError:
        return None


def _command(pid: int) -> str:
    """The process's command name, or "?" where it cannot be read."""
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip() or "?"
    except OSError:
        return "?"


def _account(pid: int) -> str:
    """The OS account a process runs as (the owner of its /proc entry), or "?" where it cannot be read."""
    try:
        return account(os.stat(f"/proc/{pid}").st_uid)
    except OSError:
        return "?"
