"""The sidebar of an article's claims in text order: label chip in its colour, confidence, annotator, and the claim's
text."""

from __future__ import annotations

from collections.abc import Hashable

from reader.models import Claim
from reader.schema import Schema
from reader.store.verifications import Mark
from reader.tui.keys.live import Keys, keys_of
from reader.tui.keys.names import keys_label
from reader.tui.keys.registry import EXTEND, SLOTS, TEXT
from reader.tui.widgets.row_list import Line, RowList, fit, label_chips


class ClaimList(RowList):
    """Two lines per claim; the screen maps Highlighted/Selected indices back to `claims`."""

    ROW_HEIGHT = 2
    DEFAULT_CSS = """
    ClaimList { width: 42; max-width: 40%; border-left: vkey $panel-lighten-2; }
    ClaimList > .claim-list--verified { color: $success; text-style: bold; }
    """
    COMPONENT_CLASSES = {*RowList.COMPONENT_CLASSES, "claim-list--verified"}

    def __init__(self, schema: Schema, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.schema = schema
        self.claims: list[Claim] = []
        self.text = ""
        self.marks: dict[str, Mark] = {}
        """How each claim stands in verification (my verdict, how many gave one), by claim id."""
        self._chips = label_chips(schema)
        self._chip_width = max(len(label.name) for label in schema.labels)
        self._levels = {level.value: level.name for level in schema.confidence}

    def on_mount(self) -> None:
        self.EMPTY = empty_hint(self.schema, keys_of(self))

    def show(self, claims: list[Claim], text: str, index: int | None, first_changed: int = 0) -> None:
        """List these claims of `text` with row `index` highlighted; rows before `first_changed` did not change."""
        if text is not self.text:
            first_changed = 0
        self.claims = claims
        self.text = text
        self.set_count(len(claims), index, first_changed)

    def row_key(self, index: int) -> Hashable:
        claim = self.claims[index]
        return claim.id, claim.updated_at, self.marks.get(claim.id)

    def row_lines(self, index: int, width: int) -> list[Line]:
        claim = self.claims[index]
        dim = self.component_style("row-list--dim")
        flags = ("  check-worthy" if claim.checkworthy else "") + ("  hedged" if claim.hedged else "")
        mark = verified(self.marks.get(claim.id))
        level = f" {claim.confidence} {self._levels.get(claim.confidence, '?')} "
        head_left = width - self._chip_width - 2 - len(level) - len(mark)
        first: Line = [
            (f" {claim.label:<{self._chip_width}} ", self._chips.get(claim.label)),
            (level, None),
            (mark, self.component_style("claim-list--verified")),
            (fit(claim.annotator + flags, max(head_left, 0)), dim),
        ]
        second: Line = [("  " + fit(self.text[claim.start : claim.end], max(width - 2, 0)), None)]
        return [first, second]


def verified(mark: Mark | None) -> str:
    """A claim's verification as the sidebar shows it, before its owner: my verdict and how many others gave one."""
    if mark is None or not (mark.mine or mark.annotators):
        return ""
    if mark.mine:
        others = mark.annotators - 1
        return f"✓ {mark.mine}" + (f" +{others}" if others > 0 else "") + "  "
    return f"✓ {mark.annotators} other{'' if mark.annotators == 1 else 's'}  "


def empty_hint(schema: Schema, keys: Keys) -> tuple[str, ...]:
    """What an empty sidebar says: how to tag, with the keys in force."""
    labels = keys_label([keys.keys(f"label-{label.key}")[0] for label in schema.labels if label.key in SLOTS])
    labels = labels if len(labels) <= 9 else "in the header"  # a keymap may scatter them past the column's width
    levels = keys_label([keys.keys(f"confidence-{level.key}")[0] for level in schema.confidence if level.key in SLOTS])
    extend = [binding.id or "" for binding in TEXT.bindings if binding.group == EXTEND]
    arrows = (
        "Shift+arrows"
        if not any(binding_id in keys.moved for binding_id in extend)
        else keys_label([keys.keys(binding_id)[0] for binding_id in extend])
    )
    return (
        "No claims of yours here yet.",
        "",
        "To tag the sentence under the",
        f"cursor: a label key ({labels}),",
        f"then the confidence ({levels}).",
        "",
        "To tag part of it, select",
        f"first: {keys.label('select-sentence')}, {keys.label('anchor')}, {arrows}",
        "or the mouse.",
        "",
        f"{keys.label('help')} lists the labels and keys.",
    )
