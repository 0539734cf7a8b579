"""Safe output for every format: temp file (or folder) then rename, span validation, and what an export reports."""

from __future__ import annotations

import os
import shutil
import stat
import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Protocol

from reader import temp_files
from reader.errors import ReaderError
from reader.text import inert_json

STDOUT = "-"
PART = ".part"
"""The end of every temporary name an export writes before renaming it into place."""
SHOWN_PROBLEMS = 5


class ExportError(ReaderError):
    """An export that cannot be written correctly; nothing was left at the target."""


@dataclass
class ExportReport:
    """What an export wrote and what it had to leave out, so nothing is dropped silently."""

    records: int = 0
    spans: int = 0
    misaligned: list[str] = field(default_factory=list)
    """Claims left out because they do not fall on token boundaries (--misaligned skip) or touch no token."""
    moved: list[str] = field(default_factory=list)
    """Claims widened to the tokens around them (--misaligned expand)."""
    overlaps_dropped: int = 0
    claims_cut: int = 0
    """Claims longer than --max-tokens, cut across two windows."""
    left_out: list[str] = field(default_factory=list)
    """Stored data an export found invalid and left out (where, and what is wrong), so it is said, not written."""
    notes: list[str] = field(default_factory=list)
    """Other things a format had to say about what it wrote, one line each."""

    def warnings(self) -> list[str]:
        """One line per problem worth telling the user, with the first few examples."""
        lines: list[str] = []
        if self.misaligned:
            lines.append(
                f"{len(self.misaligned)} claim(s) left out: they do not fall on token boundaries (--misaligned skip)"
                f" or touch no token: {_examples(self.misaligned)}"
            )
        if self.moved:
            lines.append(
                f"{len(self.moved)} claim(s) widened to the whole tokens they touch (--misaligned expand; skip or"
                f" error to change that): {_examples(self.moved)}"
            )
        if self.overlaps_dropped:
            lines.append(f"{self.overlaps_dropped} overlapping span(s) dropped by the overlap policy")
        if self.claims_cut:
            lines.append(f"{self.claims_cut} claim(s) longer than --max-tokens cut across two windows")
        if self.left_out:
            lines.append(f"{len(self.left_out)} invalid stored value(s) left out: {_examples(self.left_out)}")
        return lines + self.notes


def _examples(items: list[str]) -> str:
    """The first few items of a problem list, and how many more there are."""
    hidden = len(items) - SHOWN_PROBLEMS
    return "; ".join(items[:SHOWN_PROBLEMS]) + (f" (and {hidden} more)" if hidden > 0 else "")


def span_text(text: str, start: int, end: int, claim_id: str) -> str:
    """Return text[start:end], refusing a span that does not lie inside the text (its text would not match)."""
    if not 0 <= start < end <= len(text):
        raise ExportError(
            f"claim {claim_id}: span {start}-{end} does not match its article text (length {len(text)});"
            " the database is inconsistent, nothing was written"
        )
    return text[start:end]


class Sink(Protocol):
    """Where a format writes its bytes: a file, stdout, a pipe."""

    def write(self, data: bytes, /) -> int: ...

    def flush(self) -> None: ...


class InertJson:
    """A stream of JSON whose terminal controls (DEL, C1, the BOM, bidi controls) are written as \\u escapes: the same
    data to every parser, and nothing a terminal (or a pager reading the file) acts on."""

    def __init__(self, raw: BinaryIO) -> None:
        self.raw = raw

    def write(self, data: bytes, /) -> int:
        return self.raw.write(inert_json(data))

    def flush(self) -> None:
        self.raw.flush()


@contextmanager
def atomic_file(target: str, *, json: bool = False, keep: Sequence[Path] = ()) -> Iterator[Sink]:
    """Yield a binary stream that becomes `target` only when the block ends normally ('-' is stdout); `json` escapes
    terminal controls, and a target that is one of the files `keep` (the database and its side files, by device and
    inode) is refused.

    A target that exists and is not a regular file (a FIFO, a terminal, /dev/stdout) is written into directly:
    renaming over it would replace the device or leave the pipe's reader with nothing.
    """
    if target == STDOUT:
        with _os_errors("<stdout>", partial=True):
            yield InertJson(sys.stdout.buffer) if json else sys.stdout.buffer
            sys.stdout.buffer.flush()
        return
    path = Path(target)
    _check_parent(path)
    if path.is_dir():
        raise ExportError(f"{path}: is a folder; give a file name with -o")
    refuse_kept(path, keep)
    if _special(path):
        with _os_errors(str(path), partial=True), path.open("wb") as handle:
            yield InertJson(handle) if json else handle
        return
    temp_files.remove_stale(path, PART)
    with _os_errors(str(path)):
        fd, name = tempfile.mkstemp(prefix=temp_files.prefix(path), suffix=PART, dir=path.parent)
    tmp = Path(name)
    try:
        with _os_errors(str(path)):
            with open(fd, "wb", buffering=1 << 20) as handle:
                yield InertJson(handle) if json else handle
            os.chmod(tmp, 0o666 & ~temp_files.umask())
            os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


@contextmanager
def atomic_dir(target: str) -> Iterator[Path]:
    """Yield a temporary folder that becomes `target` only when the block ends normally; never clobbers files."""
    path = Path(target)
    _check_parent(path)
    if path.exists() and (not path.is_dir() or any(path.iterdir())):
        raise ExportError(f"{path}: already exists and is not an empty folder; remove it or choose another -o")
    temp_files.remove_stale(path, PART)
    with _os_errors(str(path)):
        tmp = Path(tempfile.mkdtemp(prefix=temp_files.prefix(path), suffix=PART, dir=path.parent))
    try:
        with _os_errors(str(path)):
            yield tmp
            os.chmod(tmp, 0o777 & ~temp_files.umask())
            if path.exists():
                path.rmdir()
            tmp.rename(path)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


@contextmanager
def _os_errors(name: str, *, partial: bool = False) -> Iterator[None]:
    """Turn a failed write (disk full, quota, I/O error) into one line naming the target and the system's reason.

    `partial`: the target is written into directly (stdout, a pipe), so what went out before the failure stays out.
    """
    try:
        yield
    except OSError as exc:
        kept = "the output is incomplete" if partial else "nothing was written"
        raise ExportError(f"{name}: {exc.strerror or exc}; {kept}") from None


def _special(path: Path) -> bool:
    """Whether the target exists and is not a regular file (a FIFO, a device), or is a process's open file
    (/dev/stdout)."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode) or _through_proc(path)


def _through_proc(path: Path) -> bool:
    """Whether the path leads through /proc (/dev/stdout, /dev/fd/N): a file some process holds open, not ours to
    replace."""
    if os.path.realpath(path.parent).startswith("/proc/"):
        return True
    for _ in range(8):
        if not path.is_symlink():
            return False
        path = path.parent / os.readlink(path)
        if str(path).startswith("/proc/"):
            return True
    return False


def refuse_kept(path: Path, keep: Sequence[Path]) -> None:
    """Refuse a target that is one of the `keep` files (the same device and inode, whatever the name or link that
    leads there): an export written over the database, its WAL or its lock would destroy it."""
    kept = temp_files.same_file(path, keep)
    if kept is not None:
        raise ExportError(f"{path}: is the database file {kept}; choose another -o (nothing was written)")


def _check_parent(path: Path) -> None:
    """Refuse a target whose folder is missing, before any work is done."""
    if not path.parent.is_dir():
        raise ExportError(f"{path.parent}: no such folder")
    if not os.access(path.parent, os.W_OK):
        raise ExportError(f"{path.parent}: folder is not writable")
