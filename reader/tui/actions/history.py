"""Undo and redo for the screens that write: one whole action of the person working there, through the event log."""

from __future__ import annotations

from reader.models import Event
from reader.store import Store
from reader.tui.actions.writes import Writes


class HistoryActions(Writes):
    """Mixed into the article and review screens: undo takes back the latest action, redo re-applies it; both say
    which."""

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
        annotator, article_id = self.history_of()

        def step(store: Store) -> list[Event]:
            return (store.history.undo if undo else store.history.redo)(annotator, article_id)

        def shown(events: list[Event]) -> None:
            if not events:
                self.status.say("nothing to undo" if undo else "nothing to redo")
                return
            self.show_history(events, undo=undo)
            kinds = " and ".join(dict.fromkeys(event.kind for event in events))
            count = f"{len(events)} changes: " if len(events) > 2 else ""
            self.status.say(f"saved: {'undid' if undo else 'redid'} {count}{kinds}", "saved")

        self.write(step, shown)
