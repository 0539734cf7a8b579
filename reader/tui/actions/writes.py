"""One way for the screens that write to run a store write: refused on a read-only database, and any refusal said on
the status line rather than raised."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from reader.errors import ReaderError
from reader.store import Store
from reader.tui.widgets.status_line import StatusLine

T = TypeVar("T")


class Writes:
    """Mixed into the screens that write (article, review): each store write goes through `write`."""

    store: Store
    status: StatusLine

    def write(self, action: Callable[[], T], saved: str | None = None) -> T | None:
        """Run one store write and say `saved` after its commit; on a read-only database or a refusal, say why on the
        status line and return None."""
        if self.store.readonly:
            self.status.say("read-only database: nothing can be changed", "error")
            return None
        try:
            result = action()
        except ReaderError as exc:
            self.status.say(str(exc), "error")
            return None
        if saved is not None:
            self.status.say(saved, "saved")
        return result
