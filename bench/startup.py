"""Child process of the start-up benchmark: time from the first line to the first frame (on_ready), bare app or reader."""

from __future__ import annotations

import time

STARTED = time.perf_counter()

import sys  # noqa: E402


def bare() -> float:
    """A bare Textual app showing one widget."""
    from textual.app import App, ComposeResult
    from textual.widgets import Static

    class Bare(App[float]):
        def compose(self) -> ComposeResult:
            yield Static("hello")

        def on_ready(self) -> None:
            self.exit(time.perf_counter() - STARTED)

    return Bare().run(headless=True, size=(120, 36)) or 0.0


def reader(db: str) -> float:
    """The reader on `db`, as the CLI starts it, up to the library's first frame."""
    from reader.store import Store
    from reader.tui.app import ClaimReader

    class Timed(ClaimReader):
        def on_ready(self) -> None:
            self.exit(time.perf_counter() - STARTED)

    return Timed(Store(db), "bench").run(headless=True, size=(120, 36)) or 0.0


if __name__ == "__main__":
    print(bare() if sys.argv[1] == "bare" else reader(sys.argv[2]))
