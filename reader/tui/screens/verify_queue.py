"""Claims to verify: every claim of the corpus (gold aside) in corpus and text order, filtered to those I have not
verified first; Enter opens one in the verification view, whose next key then follows this list."""

from __future__ import annotations

from collections.abc import Callable, Hashable

from rich.style import Style as RichStyle
from textual import on
from textual.app import ComposeResult
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from reader.schema import Schema
from reader.store import Store
from reader.store.verifications import QueuedClaim
from reader.tui.data_changed import DataChanged
from reader.tui.keys.live import key_of
from reader.tui.keys.registry import QUEUE_KEYS
from reader.tui.routes import OpenHelp, OpenVerification
from reader.tui.widgets.key_hints import KeyHints
from reader.tui.widgets.row_list import Line, RowList, fit, label_chips
from reader.tui.widgets.status_line import StatusLine

FILTERS: list[tuple[str, Callable[[QueuedClaim], bool]]] = [
    ("not verified by me", lambda row: row.mine is None),
    ("no verdict yet", lambda row: row.verdicts == 0),
    ("all claims", lambda row: True),
    ("verified by me", lambda row: row.mine is not None),
]


class QueueList(RowList):
    """Two lines a claim: its label, owner and verification state, then its text and article."""

    ROW_HEIGHT = 2
    DEFAULT_CSS = """
    QueueList { height: 1fr; }
    """

    def __init__(self, schema: Schema, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: list[QueuedClaim] = []
        self._chips = label_chips(schema)
        self._chip_width = max(len(label.name) for label in schema.labels)

    def show(self, rows: list[QueuedClaim], index: int) -> None:
        """List these claims with row `index` highlighted."""
        self.rows = rows
        self.set_count(len(rows), index)
        self.redraw()

    def row_key(self, index: int) -> Hashable:
        row = self.rows[index]
        return row.claim_id, row.mine, row.verdicts

    def row_lines(self, index: int, width: int) -> list[Line]:
        row = self.rows[index]
        dim = self.component_style("row-list--dim")
        state = f"✓ mine: {row.mine}" if row.mine else "not verified by me"
        others = f"  ·  {row.verdicts} verdict{'' if row.verdicts == 1 else 's'} in all" if row.verdicts else ""
        head = f" {row.annotator}'s claim  ·  {state}{others}"
        chip = f" {row.label:<{self._chip_width}} "
        return [
            [
                (chip, self._chips.get(row.label)),
                (fit(head, max(width - len(chip), 0)), RichStyle(bold=bool(row.mine))),
            ],
            [("  " + fit(f"{row.text}  ·  {row.title}", max(width - 2, 0)), dim)],
        ]


class VerifyQueueScreen(Screen[None]):
    """The claims to verify, under a filter; Enter verifies the highlighted one."""

    DEFAULT_CSS = """
    VerifyQueueScreen #queue-title { height: 1; padding: 0 1; background: $panel; text-style: bold;
        text-wrap: nowrap; text-overflow: ellipsis; }
    """
    BINDINGS = QUEUE_KEYS
    AUTO_FOCUS = "#queue"

    def __init__(self, store: Store, annotator: str) -> None:
        super().__init__()
        self.store = store
        self.annotator = annotator
        self.filter_index = 0
        self.all_rows: list[QueuedClaim] = []
        self.rows: list[QueuedClaim] = []
        self.list = QueueList(store.schema, id="queue")

    def compose(self) -> ComposeResult:
        yield Static(id="queue-title")
        yield self.list
        yield StatusLine(self.annotator, id="queue-status")
        yield KeyHints("verify-queue")

    def on_screen_resume(self) -> None:
        """Read the claims again on every return: a verification may have changed what the filter keeps."""
        self.reload()

    def on_data_changed(self, message: DataChanged) -> None:
        if self.is_current:
            self.reload()

    def reload(self) -> None:
        """Fetch every claim with its verification state, then filter."""
        self.all_rows = self.store.verifications.queue(self.annotator)
        self._show()

    def _show(self) -> None:
        """Apply the filter, keeping the highlighted claim where it still shows."""
        keep = self.rows[self.list.index].claim_id if self.rows and self.list.index is not None else None
        name, keeps = FILTERS[self.filter_index]
        self.rows = [row for row in self.all_rows if keeps(row)]
        index = next((i for i, row in enumerate(self.rows) if row.claim_id == keep), 0)
        self.list.EMPTY = ("No claims under this filter.", "", f"{key_of(self, 'queue-filter')} changes the filter.")
        self.list.show(self.rows, index)
        mine = sum(row.mine is not None for row in self.all_rows)
        self.query_one("#queue-title", Static).update(
            Content(
                f"Claims to verify  ·  {len(self.rows):,} shown  ·  filter: {name}  ·  "
                f"I verified {mine:,} of {len(self.all_rows):,}"
            )
        )
        self.query_one(StatusLine).say(
            f"Enter verifies the highlighted claim  ·  {key_of(self, 'queue-filter')} changes the filter"
        )

    @on(RowList.Selected, "#queue")
    def _chosen(self, message: RowList.Selected) -> None:
        order = [row.claim_id for row in self.rows]
        self.post_message(OpenVerification(self.rows[message.index].claim_id, order))

    def action_filter(self) -> None:
        """Cycle the filters."""
        self.filter_index = (self.filter_index + 1) % len(FILTERS)
        self._show()

    def action_help(self) -> None:
        self.post_message(OpenHelp())

    def action_back(self) -> None:
        self.dismiss()
