"""Safe output for every format: temp file (or folder) then rename, span validation, and what an export reports."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from reader.errors import ReaderError

STDOUT = "-"
SHOWN_PROBLEMS = 5


class ExportError(ReaderError):
    """An export that cannot be written correctly; nothing was left at the target."""


@dataclass
class ExportReport:
    """What an export wrote and what it had to leave out, so nothing is dropped silently."""

    records: int = 0
    spans: int = 0
    misaligned: list[str] = field(default_factory=list)
    overlaps_dropped: int = 0

    def warnings(self) -> list[str]:
        """One line per problem worth telling the user, with the first few examples."""
        lines: list[str] = []
        if self.misaligned:
            shown = "; ".join(self.misaligned[:SHOWN_PROBLEMS])
            hidden = len(self.misaligned) - SHOWN_PROBLEMS
            more = f" (and {hidden} more)" if hidden > 0 else ""
            lines.append(f"{len(self.misaligned)} span(s) do not fall on token boundaries and were left out: "
                         f"{shown}{more}")
        if self.overlaps_dropped:
            lines.append(f"{self.overlaps_dropped} overlapping span(s) dropped by the overlap policy")
        return lines


def span_text(text: str, start: int, end: int, claim_id: str) -> str:
    """Return text[start:end], refusing a span that does not lie inside the text (its text would not match)."""
    if not 0 <= start < end <= len(text):
        raise ExportError(f"claim {claim_id}: span {start}-{end} does not match its article text (length {len(text)});"
                          " the database is inconsistent, nothing was written")
    return text[start:end]


@contextmanager
def atomic_file(target: str) -> Iterator[BinaryIO]:
    """Yield a binary stream that becomes `target` only when the block ends normally ('-' is stdout)."""
    if target == STDOUT:
        yield sys.stdout.buffer
        sys.stdout.buffer.flush()
        return
    path = Path(target)
    _check_parent(path)
    if path.is_dir():
        raise ExportError(f"{path}: is a folder; give a file name with -o")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "wb", buffering=1 << 20) as handle:
            yield handle
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@contextmanager
def atomic_dir(target: str) -> Iterator[Path]:
    """Yield a temporary folder that becomes `target` only when the block ends normally; never clobbers files."""
    path = Path(target)
    _check_parent(path)
    if path.exists() and (not path.is_dir() or any(path.iterdir())):
        raise ExportError(f"{path}: already exists and is not an empty folder; remove it or choose another -o")
    tmp = Path(tempfile.mkdtemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent))
    try:
        yield tmp
        os.chmod(tmp, 0o777 & ~_umask())
        if path.exists():
            path.rmdir()
        tmp.rename(path)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _check_parent(path: Path) -> None:
    """Refuse a target whose folder is missing, before any work is done."""
    if not path.parent.is_dir():
        raise ExportError(f"{path.parent}: no such folder")
    if not os.access(path.parent, os.W_OK):
        raise ExportError(f"{path.parent}: folder is not writable")


def _umask() -> int:
    """The process umask, so exported files get the permissions a plain open() would give them."""
    mask = os.umask(0)
    os.umask(mask)
    return mask
