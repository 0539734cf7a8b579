"""Finding input files and reading them as text, refusing what is not UTF-8 text with a line number."""

from __future__ import annotations

import codecs
import glob
from pathlib import Path

from reader.errors import InputError, refuse_special_file

FORMATS = ("txt", "md", "html", "jsonl", "csv")
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
    seen: set[Path] = set()
    return [p for p in found if not (p.resolve() in seen or seen.add(p.resolve()))]


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


def read_text(path: Path) -> str:
    """Read a file as UTF-8 text; a binary, undecodable or empty file is an InputError naming where."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror}") from None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise InputError(f'{path}: UTF-16 text (as Windows saves "Unicode"); save it as UTF-8')
    if b"\x00" in data[:65536]:
        raise InputError(f"{path}: binary file (contains NUL bytes), not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(f"{path}:{line}: invalid UTF-8 (byte 0x{data[exc.start]:02x})") from None
    if not text.strip():
        raise InputError(f"{path}: empty file")
    return text
