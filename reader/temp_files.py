"""Temporary files beside a target (an export's output, a backup): hidden names no one else can guess or block,
created exclusively by `tempfile`, and the left-overs of this account's own killed runs removed (never another's)."""

from __future__ import annotations

import glob
import os
import shutil
import stat
from collections.abc import Sequence
from pathlib import Path


def prefix(path: Path) -> str:
    """The start of a temporary name beside `path`: hidden, naming the target and the process that owns it, so a
    stale one can be told apart; `tempfile` adds a part no one can guess."""
    return f".{path.name}.{os.getpid()}."


def remove_stale(path: Path, suffix: str) -> None:
    """Remove the temporary files and folders (ending in `suffix`) that this account's killed runs left beside `path`:
    only ours, and only where the process that made them is gone; one planted by another account is left alone and
    never stops this run."""
    for part in path.parent.glob(f".{glob.escape(path.name)}.*{suffix}"):
        pid = part.name[len(path.name) + 2 :].split(".")[0]
        try:
            found = part.lstat()
            if found.st_uid != os.getuid() or not pid.isdigit() or alive(int(pid)):
                continue
            if stat.S_ISDIR(found.st_mode):
                shutil.rmtree(part, ignore_errors=True)
            else:
                part.unlink()
        except OSError:
            continue


def alive(pid: int) -> bool:
    """Whether a process with this id runs (one of another user counts as running)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    return True


def umask() -> int:
    """The process umask, so the files made get the permissions a plain open() would give them (read from /proc where
    it can be, since setting it to read it would leave other threads a moment with another umask)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0)
    os.umask(mask)
    return mask


def same_file(path: Path, kept: Sequence[Path]) -> Path | None:
    """The one of `kept` that `path` is (the same device and inode, whatever name or link leads there), or None."""
    try:
        target = path.stat()
    except OSError:
        return None
    for candidate in kept:
        try:
            found = candidate.stat()
        except OSError:
            continue
        if (found.st_dev, found.st_ino) == (target.st_dev, target.st_ino):
            return candidate
    return None
