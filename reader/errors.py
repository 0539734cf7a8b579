"""Errors that reach the user as one clear line (exit 1) instead of a traceback."""

from __future__ import annotations

import errno
import stat
from pathlib import Path


class ReaderError(Exception):
    """An expected failure with a message fit to show the user as it is."""


class InputError(ReaderError):
    """Bad input: a file, line or value that cannot be accepted; nothing was written."""


class StoreError(ReaderError):
    """The database cannot be opened or written (not SQLite, corrupt, newer, read-only, disk full)."""


class WriteBusy(StoreError):
    """A write asked not to wait found another writer at work; nothing was written, and trying again later will do."""


def refuse_special_file(path: Path, error: type[ReaderError]) -> None:
    """Refuse a loop of symbolic links, and a path that exists but is neither a regular file nor a folder: reading a
    pipe blocks and a device never ends."""
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise error(f"{path}: a loop of symbolic links") from None
        return
    if not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):
        raise error(f"{path}: not a regular file (a pipe, device or socket)")
