"""The verification view's list of what the record holds: the normalized claim, its details, the justification, each
question with its answers, each piece of evidence; two lines each, Enter edits the highlighted one."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from typing import Literal

from rich.style import Style as RichStyle

from reader.tui.widgets.row_list import Line, RowList, fit

Kind = Literal["claim", "details", "justification", "question", "answer", "evidence"]


@dataclass(frozen=True, slots=True)
class Item:
    """One row of the record: what it is and where in the record (question, answer and evidence by position)."""

    kind: Kind
    tag: str
    head: str
    body: str
    question: int = -1
    answer: int = -1
    evidence: int = -1


class RecordItems(RowList):
    """The record's rows; the screen maps indices back to `items`."""

    ROW_HEIGHT = 2
    COMPONENT_CLASSES = {"record-items--tag"}
    DEFAULT_CSS = """
    RecordItems { height: 1fr; }
    RecordItems > .record-items--tag { color: $accent; text-style: bold; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.items: list[Item] = []

    def show(self, items: list[Item], index: int | None) -> None:
        """List these items with row `index` highlighted, repainting from the first row that differs (rows drawn
        before are drawn from the cache: an item is its own row key)."""
        differ = (n for n, (old, new) in enumerate(zip(self.items, items, strict=False)) if old != new)
        first_changed = next(differ, min(len(self.items), len(items)))
        self.items = items
        self.set_count(len(items), index, first_changed)

    def row_key(self, index: int) -> Hashable:
        return self.items[index]

    def row_lines(self, index: int, width: int) -> list[Line]:
        item = self.items[index]
        indent = "    " if item.kind == "answer" else "  "
        tag = f"{indent}{item.tag:<3} "
        dim = self.component_style("row-list--dim")
        return [
            [(tag, self.component_style("record-items--tag")), (fit(item.head, max(width - len(tag), 0)), RichStyle())],
            [(" " * len(tag) + fit(item.body, max(width - len(tag), 0)), dim)],
        ]
