"""What `claim-reader backup` shows: where the copy went and how big it is."""

from __future__ import annotations

from pathlib import Path

from reader.console.terminal import say


def print_backup(source: Path, target: Path, size: int) -> None:
    """Say in one line where the database was copied and how big the copy is."""
    say(f"backed up {source} to {target} ({size / 1e6:.1f} MB)")
