"""What `claim-reader suggest` shows: the pending suggestions as a table, then where they came from."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.table import Table

from reader.console.terminal import cell, out

PREVIEW = 90


def print_suggestions(records: Sequence[dict[str, Any]], notes: Sequence[str] = ()) -> None:
    """Print suggestions as a table, then notes on their source (the model's state, the schema's cue rules); every
    cell is inert text, so article text is never read as markup or controls."""
    table = Table(title=f"{len(records)} suggestions", show_header=True)
    for name in ("article", "span", "label", "score"):
        table.add_column(name, no_wrap=True)
    table.add_column("cue", overflow="fold")
    table.add_column("text", overflow="fold")
    for r in records:
        preview = r["text"] if len(r["text"]) <= PREVIEW else r["text"][:PREVIEW] + "…"
        score = "" if r["score"] is None else f"{r['score']:.2f}"
        table.add_row(cell(r["article_id"]), cell(f"{r['start']}-{r['end']}"), cell(r["label"]), cell(score),
                      cell(r["cue"]), cell(preview))
    out.print(table)
    for note in notes:
        out.print(cell(note), soft_wrap=True)
