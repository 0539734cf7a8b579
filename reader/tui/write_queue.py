"""The reader's writes, kept off the UI thread's waits: a write that can start at once runs there (a few hundred
microseconds); one that would have to wait for another process is handed, with every write after it, to a worker
thread with a connection of its own, which says on the status line whom it waits for and returns each result to the
screen as a message, in order."""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual.message import Message

from reader.errors import ReaderError, WriteBusy
from reader.store import Store

if TYPE_CHECKING:
    from textual.app import App
    from textual.screen import Screen

    from reader.tui.widgets.status_line import StatusLine

POLL_SECONDS = 0.05
"""How often the worker tries again while another process holds the lock (a write lands this soon after it frees)."""
SAY_AGAIN_SECONDS = 5.0
"""How often the worker says again whom it waits for, as the holder may change."""


@dataclass(eq=False)
class Write:
    """One write a screen asked for: what to do with a store, what to do on screen with its result, and where."""

    action: Callable[[Store], Any]
    then: Callable[[Any], None] | None
    saved: str | None
    screen: Screen[Any]
    status: StatusLine


class Written(Message):
    """A write the worker made (or that failed, `error`): the screen that asked shows it, in the order asked."""

    def __init__(self, write: Write, result: Any, error: str | None) -> None:
        super().__init__()
        self.write, self.result, self.error = write, result, error


class Waiting(Message):
    """The worker waits for another process: what to say on the status line of the screen that asked."""

    def __init__(self, write: Write, whom: str) -> None:
        super().__init__()
        self.write, self.whom = write, whom


class WriteQueue:
    """The app's one queue of writes: run at once where nothing waits, else in order by a worker thread."""

    def __init__(self, app: App[Any], store: Store) -> None:
        self.app = app
        self.store = store
        self._queued: deque[Write] = deque()
        self._lock = threading.Lock()
        self._draining = False
        self._stop = threading.Event()
        self.waiting = 0
        """Writes handed to the worker whose result the screens have not shown yet (UI thread only)."""
        self.whom = ""
        """Whom the worker last said it waits for."""

    def submit(self, write: Write) -> None:
        """Run a write now if nothing waits and the database is free, else queue it behind the ones waiting."""
        if self.waiting == 0:
            try:
                with self.store.write(wait=False):
                    result = write.action(self.store)
            except WriteBusy:
                pass
            except ReaderError as exc:
                write.status.say(str(exc), "error")
                return
            else:
                show(write, result)
                return
        self.waiting += 1
        write.status.say(f"waiting to save{f': {self.whom}' if self.whom else ''} (keys still work)", "waiting")
        with self._lock:
            self._queued.append(write)
            if self._draining:
                return
            self._draining = True
        self.app.run_worker(self._drain, thread=True, group="writes", name="writes", exit_on_error=False)

    def done(self, message: Written) -> None:
        """Show a write the worker finished (UI thread), on its screen if that is still open."""
        self.waiting -= 1
        if self.waiting == 0:
            self.whom = ""
        if not message.write.screen.is_attached:
            return
        if message.error is not None:
            message.write.status.say(message.error, "error")
        else:
            show(message.write, message.result)

    def stop(self) -> None:
        """Stop waiting (the reader quits): writes not yet made are dropped."""
        self._stop.set()

    def _drain(self) -> None:
        """Worker thread: make the queued writes in order through a connection of its own."""
        try:
            store = self.store.another(readonly=False)
        except ReaderError as exc:
            store, error = None, str(exc)
        while True:
            with self._lock:
                if not self._queued or self._stop.is_set():
                    self._draining = False
                    break
                write = self._queued.popleft()
            if store is None:
                self.app.post_message(Written(write, None, error))
            else:
                self._make(store, write)
        if store is not None:
            store.close()

    def _make(self, store: Store, write: Write) -> None:
        """Make one write, trying again while another process holds the lock and saying whom it waits for."""
        said = 0.0
        while not self._stop.is_set():
            try:
                with store.write(wait=False):
                    result = write.action(store)
            except WriteBusy:
                now = time.monotonic()
                if now - said >= SAY_AGAIN_SECONDS:
                    said = now
                    self.app.post_message(Waiting(write, store.db.waiting_for()))
                time.sleep(POLL_SECONDS)
                continue
            except ReaderError as exc:
                self.app.post_message(Written(write, None, str(exc)))
                return
            self.app.post_message(Written(write, result, None))
            return


def show(write: Write, result: Any) -> None:
    """Show a committed write on its screen: its own follow-up, then "saved" if it says so."""
    if write.then is not None:
        write.then(result)
    if write.saved is not None:
        write.status.say(write.saved, "saved")
