"""One way for the screens that write to run a store write: never waiting on the UI thread, refused on a read-only
database, and any refusal said on the status line rather than raised."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, cast

from reader.errors import WriteBusy
from reader.store import Store
from reader.tui.widgets.status_line import StatusLine
from reader.tui.write_queue import Write, WriteQueue

if TYPE_CHECKING:
    from textual.screen import Screen

T = TypeVar("T")


class _WithWrites(Protocol):
    """The reader's app as the screens that write see it: it holds the one write queue."""

    writes: WriteQueue


class Writes:
    """Mixed into the screens that write (article, review): each store write goes through `write`."""

    store: Store
    status: StatusLine

    def write(
        self, action: Callable[[Store], T], then: Callable[[T], None] | None = None, saved: str | None = None
    ) -> None:
        """Make one store write (`action` writes through the store it is given) as one transaction, then run `then`
        on its result and say `saved`: at once when the database is free, else when the worker has made it, in the
        order asked, while keys keep working. On a read-only database or a refusal, say why on the status line."""
        if self.store.readonly:
            self.status.say("read-only database: nothing can be changed", "error")
            return
        screen = cast("Screen[Any]", self)
        cast("_WithWrites", screen.app).writes.submit(
            Write(action, cast("Callable[[Any], None] | None", then), saved, screen, self.status)
        )

    def write_if_free(self, action: Callable[[Store], object]) -> bool:
        """Make a write that may be skipped (where the reader is), only if it can start at once and no other write
        waits; return whether it was made (a skipped one is tried again later)."""
        screen = cast("Screen[Any]", self)
        if self.store.readonly or cast("_WithWrites", screen.app).writes.waiting:
            return False
        try:
            with self.store.write(wait=False):
                action(self.store)
        except WriteBusy:
            return False
        return True
