"""Undo and redo for the screens that write: one whole action of the person working there, through the event log."""

from __future__ import annotations

from textual.binding import Binding

from reader.errors import ReaderError
from reader.models import Event
from reader.store import Store
from reader.tui.widgets.status_line import StatusLine

HISTORY_BINDINGS = [
    Binding("u", "undo", "undo"),
    Binding("ctrl+z", "undo", "undo", show=False),
    Binding("U", "redo", "redo", show=False),
    Binding("ctrl+y", "redo", "redo", show=False),
]
"""The undo and redo keys of every screen that writes (the article and review screens)."""


class HistoryActions:
    """Mixed into the article and review screens: `u` takes back the latest action, `U` re-applies it, and says which."""

    store: Store
    status: StatusLine

    def history_of(self) -> tuple[str, str]:
        """Whose work on which article undo steps through: (annotator, article id)."""
        raise NotImplementedError

    def show_history(self, events: list[Event], *, undo: bool) -> None:
        """Mirror on screen what the undone or redone events changed."""
        raise NotImplementedError

    def action_undo(self) -> None:
        """Take back the latest action here, whole (an accept-all, a link with the claim made for it)."""
        self._history(undo=True)

    def action_redo(self) -> None:
        """Re-apply the action most recently undone."""
        self._history(undo=False)

    def _history(self, *, undo: bool) -> None:
        """Undo or redo one action, show it, and say what was done after the commit (or why nothing was)."""
        if self.store.readonly:
            self.status.say("read-only database: nothing can be changed", "error")
            return
        step = self.store.history.undo if undo else self.store.history.redo
        try:
            events = step(*self.history_of())
        except ReaderError as exc:
            self.status.say(str(exc), "error")
            return
        if not events:
            self.status.say("nothing to undo" if undo else "nothing to redo")
            return
        self.show_history(events, undo=undo)
        kinds = " and ".join(dict.fromkeys(event.kind for event in events))
        count = f"{len(events)} changes: " if len(events) > 2 else ""
        self.status.say(f"saved: {'undid' if undo else 'redid'} {count}{kinds}", "saved")
