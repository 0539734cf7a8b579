"""Safe output for every format: temp file (or folder) then rename, span validation, and what an export reports."""

from __future__ import annotations

import glob
import os
import shutil
import stat
import sys
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
    """Claims left out because they do not fall on token boundaries (--misaligned skip) or touch no token."""
    moved: list[str] = field(default_factory=list)
    """Claims widened to the tokens around them (--misaligned expand)."""
    overlaps_dropped: int = 0
    claims_cut: int = 0
    """Claims longer than --max-tokens, cut across two windows."""
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


@contextmanager
def atomic_file(target: str) -> Iterator[BinaryIO]:
    """Yield a binary stream that becomes `target` only when the block ends normally ('-' is stdout).

    A target that exists and is not a regular file (a FIFO, a terminal, /dev/stdout) is written into directly:
    renaming over it would replace the device or leave the pipe's reader with nothing.
    """
    if target == STDOUT:
        with _os_errors("<stdout>", partial=True):
            yield sys.stdout.buffer
            sys.stdout.buffer.flush()
        return
    path = Path(target)
    _check_parent(path)
    if path.is_dir():
        raise ExportError(f"{path}: is a folder; give a file name with -o")
    if _special(path):
        with _os_errors(str(path), partial=True), path.open("wb") as handle:
            yield handle
        return
    _remove_stale(path)
    tmp = path.parent / _part_name(path)
    try:
        with _os_errors(str(path)):
            with tmp.open("xb", buffering=1 << 20) as handle:
                yield handle
            os.chmod(tmp, 0o666 & ~_umask())
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
    _remove_stale(path)
    tmp = path.parent / _part_name(path)
    try:
        with _os_errors(str(path)):
            tmp.mkdir()
            yield tmp
            os.chmod(tmp, 0o777 & ~_umask())
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


def _part_name(path: Path) -> str:
    """A hidden temporary name beside the target that says which process owns it, so a stale one can be told apart."""
    return f".{path.name}.{os.getpid()}.{os.urandom(4).hex()}.part"


def _remove_stale(path: Path) -> None:
    """Remove the temporary files and folders that killed exports to the same target left behind."""
    for part in path.parent.glob(f".{glob.escape(path.name)}.*.part"):
        pid = part.name[len(path.name) + 2 :].split(".")[0]
        if pid.isdigit() and not _alive(int(pid)):
            if part.is_dir() and not part.is_symlink():
                shutil.rmtree(part, ignore_errors=True)
            else:
                part.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    """Whether a process with this id runs (one of another user counts as running)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    return True


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
