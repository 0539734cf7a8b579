"""The bundled sample corpus: found beside the package (wheel) or the checkout (editable), imported on first use."""

from __future__ import annotations

from pathlib import Path

from reader.models import ImportSummary
from reader.store import Store


def seeds_dir() -> Path:
    """Return the folder of bundled seed articles, in an installed wheel or a source checkout."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "seeds", here.parent / "seeds"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("the bundled seeds are missing from this installation")


def import_seeds(store: Store) -> ImportSummary:
    """Import the seed articles into a new, empty database so a first run has something to read."""
    from reader.ingest import import_paths

    return import_paths(store, [str(seeds_dir())], "auto", "seeds")
