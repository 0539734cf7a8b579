"""Which key tags which label, in the article's header: where the annotator looks before pressing one."""

from __future__ import annotations

from rich.cells import cell_len

from reader.schema import Schema
from reader.text import visible
from reader.tui.keys.live import Keys
from reader.tui.keys.registry import SLOTS

Part = str | tuple[str, str]


def label_legend(schema: Schema, keys: Keys, width: int) -> list[list[Part]]:
    """Each label's key and name in its colour, over as few lines of `width` cells as it can (two spaces between
    labels, one where that saves a line), never parting a key from its label."""
    chips = [
        (keys.label(f"label-{label.key}"), visible(label.name), label.color)
        for label in schema.labels
        if label.key in SLOTS
    ]
    return min((_lay_out(chips, width, gap) for gap in (2, 1)), key=len)


def _lay_out(chips: list[tuple[str, str, str]], width: int, gap: int) -> list[list[Part]]:
    """The chips in lines of at most `width` cells, `gap` spaces apart."""
    lines: list[list[Part]] = [[]]
    used = 0
    for key, name, color in chips:
        cost = cell_len(f"{key} {name}")
        if used and used + gap + cost > width:
            lines.append([])
            used = 0
        elif used:
            lines[-1].append(" " * gap)
            used += gap
        lines[-1] += [(key, "bold $accent"), " ", (name, f"bold {color}")]
        used += cost
    return lines
