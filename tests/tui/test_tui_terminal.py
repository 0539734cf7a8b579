"""What a terminal shows after partial repaints, which reading widgets' lines does not tell: the reader in tmux, and
headless, every screen update the app sends applied to a grid of cells as a terminal would."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from rich.cells import cell_len
from rich.console import Console
from rich.segment import ControlType
from textual.app import App
from tests.helpers import ROOT
from tests.tui.helpers import SIZE, make_app, open_first_article, run_async, seeded_store

from reader.tui.widgets.claim_list import ClaimList

needs_tmux = pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux")
HINT = ("then the confidence (1-3).", "To tag part of it, select", "first: s, v, Shift+arrows", "or the mouse.")


class Terminal:
    """A 120x36 tmux pane on a private tmux server, running the reader."""

    def __init__(self, socket: str) -> None:
        self.socket = socket

    def tmux(self, *args: str) -> str:
        return subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True, check=True).stdout

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "reader")

    def wait_for(self, text: str, timeout: float = 30.0) -> str:
        """The pane once it shows `text` (the reader is slow to start on a loaded machine)."""
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screen()
            if text in screen:
                return screen
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} never showed; the pane:\n{screen}")
            time.sleep(0.2)

    def press(self, *keys: str, then: str) -> str:
        """Send keys one by one, then wait for `text` and give the reader a moment to finish painting."""
        for key in keys:
            self.tmux("send-keys", "-t", "reader", key)
        self.wait_for(then)
        time.sleep(0.5)
        return self.screen()


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    terminal = Terminal(f"claim-reader-test-{os.getpid()}")
    command = (f"env -u COLUMNS -u LINES PYTHONPATH={ROOT} TERM=xterm-256color {sys.executable} -m reader "
               f"--db {tmp_path / 'annotations.db'}")
    terminal.tmux("new-session", "-d", "-s", "reader", "-x", "120", "-y", "36", command)
    try:
        yield terminal
    finally:
        terminal.tmux("kill-server")


@needs_tmux
def test_the_empty_sidebar_hint_goes_once_the_first_claims_are_tagged(terminal: Terminal) -> None:
    terminal.wait_for("articles")
    screen = terminal.press("Enter", then="No claims of yours here yet.")
    assert all(line in screen for line in HINT)
    terminal.press("2", then="confidence?")
    terminal.press("3", then="1 claim here")
    terminal.press(")", "5", then="confidence?")
    screen = terminal.press("Enter", then="2 claims here")
    assert not [line for line in HINT if line in screen], screen
    screen = terminal.press("u", "u", then="0 claims here")
    assert all(line in screen for line in HINT), screen


class Mirror:
    """The cells a terminal would hold after every update the app has sent (headless apps send them nowhere)."""

    def __init__(self, app: App[None], size: tuple[int, int]) -> None:
        self.console = Console(width=size[0], height=size[1], force_terminal=True)
        self.cells = [[" "] * size[0] for _ in range(size[1])]
        send = app._display

        def display(screen, update) -> None:  # type: ignore[no-untyped-def]
            if update is not None:
                self.apply(update)
            send(screen, update)

        app._display = display  # type: ignore[method-assign]

    def apply(self, update: object) -> None:
        """Write an update's text where its cursor moves put it."""
        x = y = 0
        for segment in self.console.render(update):  # type: ignore[arg-type]
            if segment.control:
                for control in segment.control:
                    if control[0] == ControlType.CURSOR_MOVE_TO:
                        x, y = control[1], control[2]
                continue
            for char in segment.text:
                if char == "\n":
                    x, y = 0, y + 1
                    continue
                if 0 <= y < len(self.cells) and 0 <= x < len(self.cells[y]):
                    self.cells[y][x] = char
                x += cell_len(char)

    def lines(self, x: int, y: int, width: int, height: int) -> list[str]:
        """The text of a region of the screen."""
        return ["".join(row[x:x + width]) for row in self.cells[y:y + height]]


@run_async
async def test_after_the_first_tag_the_sidebar_on_screen_equals_a_fresh_paint(tmp_path: Path) -> None:
    store = seeded_store(tmp_path / "t.db")
    app = make_app(store)
    mirror = Mirror(app, SIZE)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_first_article(pilot)
        await pilot.pause()
        region = screen.query_one(ClaimList).region
        assert any("then the confidence" in line for line in mirror.lines(*region))
        await pilot.press("2", "3")
        await pilot.pause()
        assert screen.claims.counts[screen.annotator] == 1
        shown = mirror.lines(*region)
        fresh = Mirror(App(), SIZE)
        fresh.apply(screen._compositor.render_update(full=True))
        assert shown == fresh.lines(*region)
        assert not any("then the confidence" in line for line in shown)
    store.close()
