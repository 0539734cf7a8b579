"""Finding input files and reading them as text, refusing what is not UTF-8 text with a line number."""

from __future__ import annotations

import codecs
import glob
import io
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from reader.errors import InputError, refuse_special_file

HEAD_BYTES = 65536
"""How much of a file's start is checked for a UTF-16 byte-order mark or NUL bytes (binary)."""
FORMATS = ("txt", "md", "html", "jsonl", "csv", "averitec", "labelstudio")
EXTENSIONS = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "jsonl",
    ".csv": "csv",
}


def expand(paths: list[str]) -> list[Path]:
    """Turn files, folders (recursively) and glob patterns into a sorted, de-duplicated list of files."""
    found: list[Path] = []
    for raw in paths:
        if not raw.strip():
            raise InputError(f"{raw!r}: an empty path (is a variable unset?); name a file, folder or pattern")
        path = Path(raw)
        refuse_special_file(path, InputError)
        if path.is_dir():
            inside = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in EXTENSIONS)
            if not inside:
                raise InputError(f"{raw}: no file to import in this folder (known: {', '.join(sorted(EXTENSIONS))})")
            found += inside
        elif path.is_file():
            found.append(path)
        elif path.is_symlink():
            raise InputError(f"{raw}: a symbolic link to nothing (its target does not exist)")
        elif glob.has_magic(raw):
            matches = sorted(Path(p) for p in glob.glob(raw, recursive=True) if Path(p).is_file())
            if not matches:
                raise InputError(f"{raw}: no file matches this pattern")
            found += matches
        else:
            raise InputError(f"{raw}: no such file or folder")
    first: dict[Path, Path] = {}
    for path in found:
        first.setdefault(path.resolve(), path)
    return list(first.values())


def format_of(path: Path, requested: str) -> str:
    """Return the input format: the one requested, or the one the extension names."""
    if requested != "auto":
        return requested
    fmt = EXTENSIONS.get(path.suffix.lower())
    if fmt is None:
        known = ", ".join(sorted(EXTENSIONS))
        raise InputError(
            f"{path}: unsupported file type {path.suffix or '(none)'!r} (known: {known}; or pass --format)"
        )
    return fmt


def read_lines(path: Path) -> Iterator[tuple[int, str]]:
    """Stream a file's lines (numbered from 1, without their newline), refusing what is not UTF-8 text as `read_text`
    does, so a file of a million articles is never held in memory whole."""
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror}") from None
    with handle:
        _check_head(path, handle.read(HEAD_BYTES))
        handle.seek(0)
        written = False
        for number, data in enumerate(handle, start=1):
            if number == 1 and data.startswith(codecs.BOM_UTF8):
                data = data[len(codecs.BOM_UTF8) :]
            try:
                line = data.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise InputError(f"{path}:{number}: invalid UTF-8 (byte 0x{data[exc.start]:02x})") from None
            written = written or not line.isspace()
            yield number, line.removesuffix("\n")
        if not written:
            raise InputError(f"{path}: empty file")


@contextmanager
def text_stream(path: Path) -> Iterator[TextIO]:
    """A file as a stream of UTF-8 text with its line endings as written (what the csv module reads), refused as
    `read_text` refuses a file by its first bytes; a decoding error met later is named by `invalid_utf8`."""
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror}") from None
    with handle:
        _check_head(path, handle.read(HEAD_BYTES))
        handle.seek(0)
        yield io.TextIOWrapper(handle, encoding="utf-8-sig", newline="")


def invalid_utf8(path: Path) -> InputError:
    """The error naming the line of a file's first invalid UTF-8 byte (found again by reading it line by line)."""
    try:
        for _ in read_lines(path):
            pass
    except InputError as exc:
        return exc
    return InputError(f"{path}: invalid UTF-8")


def starts_with(path: Path, prefix: bytes) -> bool:
    """Whether the file's first character other than whitespace (and a byte-order mark) is `prefix`."""
    try:
        with path.open("rb") as handle:
            head = handle.read(HEAD_BYTES)
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror}") from None
    return head.removeprefix(codecs.BOM_UTF8).lstrip().startswith(prefix)


def _check_head(path: Path, head: bytes) -> None:
    """Refuse UTF-16 text and binary files by their first bytes."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise InputError(f'{path}: UTF-16 text (as Windows saves "Unicode"); save it as UTF-8')
    if b"\x00" in head:
        raise InputError(f"{path}: binary file (contains NUL bytes), not text")


def read_text(path: Path) -> str:
    """Read a file as UTF-8 text; a binary, undecodable or empty file is an InputError naming where."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror}") from None
    _check_head(path, data[:HEAD_BYTES])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(f"{path}:{line}: invalid UTF-8 (byte 0x{data[exc.start]:02x})") from None
    if not text.strip():
        raise InputError(f"{path}: empty file")
    return text
