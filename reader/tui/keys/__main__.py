"""`python -m reader.tui.keys`: every binding id with its keys and what it does, for writing a keymap."""

from __future__ import annotations

import sys

from reader.errors import ReaderError
from reader.tui.keys.keymap import load_keys
from reader.tui.keys.registry import SECTIONS


def main() -> None:
    """Print each section's ids with the keys in force (the keymap's moves included) and their tooltips."""
    try:
        keys = load_keys()
    except ReaderError as exc:
        print(f"claim-reader: error: {exc}", file=sys.stderr)
        sys.exit(1)
    for section in SECTIONS:
        print(f"[{section.title}]")
        for binding in section.bindings:
            binding_id = binding.id or ""
            print(f"  {binding_id:<22} {','.join(keys.keys(binding_id)):<22} {binding.tooltip}")


if __name__ == "__main__":
    main()
