"""What a terminal shows after partial repaints, which reading widgets' lines does not tell: the reader in tmux."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import ROOT

needs_tmux = pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux")
HINT = ("then the confidence (1-3).", "To tag part of it, select", "first: s, v, Shift+arrows", "or the mouse.")


class Terminal:
    """A 120x36 tmux pane on a private tmux server, running the reader."""

    def __init__(self, socket: str) -> None:
        self.socket = socket

    def tmux(self, *args: str) -> str:
        return subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True, check=True).stdout

    def screen(self, *, colours: bool = False) -> str:
        """The pane's text (with `colours`, its colour and style escapes too, so a stale highlight shows)."""
        return self.tmux("capture-pane", "-p", *(["-e"] if colours else []), "-t", "reader")

    def repainted(self) -> str:
        """The pane (with colours) once a resize has made the reader paint every cell again."""
        self.tmux("resize-window", "-t", "reader", "-x", "100")
        time.sleep(0.7)
        self.tmux("resize-window", "-t", "reader", "-x", "120")
        time.sleep(1.0)
        return self.screen(colours=True)

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

    def tag_first(self) -> str:
        """Tag the sentence under the cursor QUANTITY, sure: the confidence key once its prompt shows, as a user
        answers it (keys sent back to back through tmux lost the second, rarely, where Pilot never has)."""
        self.press("2", then="confidence?")
        return self.press("3", then="1 claim here")

    def press(self, *keys: str, then: str) -> str:
        """Send keys one by one, then wait for `text` and give the reader a moment to finish painting."""
        for key in keys:
            self.tmux("send-keys", "-t", "reader", key)
        self.wait_for(then)
        time.sleep(0.5)
        return self.screen()


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    terminal = Terminal(
        f"claim-reader-test-{os.getpid()}-{tmp_path.name}"
    )  # a server per test: one may still be exiting
    command = (
        f"env -u COLUMNS -u LINES CLAIM_READER_KEYMAP= PYTHONPATH={ROOT} TERM=xterm-256color "
        f"{sys.executable} -m reader --db {tmp_path / 'annotations.db'}"
    )
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


@needs_tmux
def test_after_the_first_tag_the_terminal_shows_what_a_full_repaint_draws(terminal: Terminal) -> None:
    """Partial repaints leave no stale cells: the pane after tagging equals the pane once a resize has made the reader
    paint every cell again (the sidebar's hint must not linger under the first claim)."""
    terminal.wait_for("articles")
    terminal.press("Enter", then="No claims of yours here yet.")
    terminal.tag_first()
    shown = terminal.screen(colours=True)
    assert terminal.repainted() == shown


@needs_tmux
def test_the_verification_view_as_first_painted_is_what_a_full_repaint_draws(terminal: Terminal) -> None:
    """Opening the view and filling its candidates from the ranking leave no cell stale: the list's scrollbar thumb
    is drawn as the candidates arrive, though no layout pass follows."""
    terminal.wait_for("articles")
    terminal.press("Enter", then="No claims of yours here yet.")
    terminal.tag_first()
    terminal.press("V", then="9 candidates from other articles")
    shown = terminal.screen(colours=True)
    assert terminal.repainted() == shown


@needs_tmux
def test_attaching_evidence_repaints_only_what_changed_and_leaves_no_stale_cells(terminal: Terminal) -> None:
    """The verification view repaints the candidate attached, the record's new row and the rows whose highlight
    moved, nothing else: the pane, colours included, equals the pane once every cell is painted again."""
    terminal.wait_for("articles")
    terminal.press("Enter", then="No claims of yours here yet.")
    terminal.tag_first()
    terminal.press("V", then="candidates from other articles")
    terminal.press("Tab", "e", then="saved: evidence E1")
    terminal.press("Down", "e", then="saved: evidence E2")
    screen = terminal.press("Down", "e", then="saved: evidence E3")
    assert "E3  corpus:" in screen and "linked: same" in screen
    shown = terminal.screen(colours=True)
    assert terminal.repainted() == shown


@needs_tmux
def test_a_claim_is_verified_end_to_end_in_a_real_terminal(terminal: Terminal, tmp_path: Path) -> None:
    """Tag a sentence, V, a verdict, a question with its Boolean answer typed into the form, the justification, then
    back: the sidebar marks the claim, and the database holds the verification as typed."""
    terminal.wait_for("articles")
    terminal.press("Enter", then="No claims of yours here yet.")
    terminal.tag_first()
    terminal.press("V", then="a draft: the first change saves it")
    terminal.press("2", then="saved: verdict Refuted")
    terminal.press("a", then="A question, and the answer found")
    terminal.tmux("send-keys", "-t", "reader", "-l", "Did they go")
    terminal.press("Tab", then="answer type")
    terminal.tmux("send-keys", "-t", "reader", "-l", "No")
    terminal.press("Tab", "Enter", then="Unanswerable")  # the answer type's list opens
    terminal.press("Down", "Down", "Enter", then="Boolean")
    terminal.press("Tab", then="Boolean")
    terminal.tmux("send-keys", "-t", "reader", "-l", "no record of it")
    screen = terminal.press("C-s", then="saved: question Q1")
    assert "Boolean: No" in screen and "Q1" in screen
    terminal.press("j", then="Justification")
    terminal.tmux("send-keys", "-t", "reader", "-l", "The ministry denied it.")
    terminal.press("C-s", then="saved: the justification")
    screen = terminal.press("Escape", then="✓ Refuted")
    from reader.store import Store

    store = Store(tmp_path / "annotations.db")
    [claim] = [c for a in store.articles.ids() for c in store.claims.of_article(a)]
    [verification] = store.verifications.of_claim(claim.id)
    [question] = verification.record.questions
    assert (verification.verdict, verification.record.justification) == ("Refuted", "The ministry denied it.")
    assert (question.question, question.answers[0].answer, question.answers[0].boolean_explanation) == (
        "Did they go",
        "No",
        "no record of it",
    )
    store.close()
