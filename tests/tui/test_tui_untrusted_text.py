"""Untrusted text reaches a real terminal only as text: the reader in tmux (clipboard writes allowed, as
`set-clipboard on` allows them) on a database whose notes, speakers, names, titles, meta, lead names and label
definitions hold an OSC 52 clipboard write, colour codes, the alternate-screen switch, a C1 CSI and bidi overrides."""

from __future__ import annotations

import base64
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.widgets import Input

from reader.identity import os_user
from reader.models import Article, ClaimFields, ImportRecord, article_id_for
from reader.schema import DEFAULT_SCHEMA
from reader.seeds import import_seeds
from reader.store import Store
from reader.tui.screens.editor import EditorScreen
from tests.helpers import ROOT
from tests.tui.helpers import ME, SIZE, make_app, open_first_article, press_to, run_async, seeded_store

needs_tmux = pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux")
CLIP = base64.b64encode(b"PWNED").decode()
EVIL = f"\x1b]52;c;{CLIP}\x07\x1b[31mRED\x1b[0m\x1b[?1049h\u202eDESREVER\u202c\x9b7m"
SHOWN = f"␛]52;c;{CLIP}␇␛[31mRED␛[0m␛[?1049h"
"""How the start of EVIL must look on screen: every control as its picture (a raw one would act, not show)."""
NAME = "ev" + EVIL
TITLE = "Kyiv report " + EVIL


def evil_database(path: Path) -> None:
    """The seeds, plus hostile text in every field a screen shows: my claim's note and speaker, another annotator's
    name and claim, an article's title and meta, a label definition and a lead's name."""
    labels = [
        label.model_copy(update={"definition": "def " + EVIL}) if i == 0 else label
        for i, label in enumerate(DEFAULT_SCHEMA.labels)
    ]
    store = Store(path, schema=DEFAULT_SCHEMA.model_copy(update={"labels": labels, "leads": [os_user(), NAME]}))
    import_seeds(store)
    first = store.articles.ids()[0]
    text = "Officials said 40 people died on Monday in Kyiv.\nThe mayor said 40 people died."
    store.imports.add(
        [
            ImportRecord(
                article=Article(
                    id=article_id_for(text),
                    title=TITLE,
                    text=text,
                    meta={"source": "src " + EVIL, "published": "2024-11-24"},
                    words=15,
                )
            )
        ]
    )
    evil = FIELDS.model_copy(update={"note": "note " + EVIL, "speaker": "spk " + EVIL})
    mine = store.claims.create(first, os_user(), 0, 30, evil)
    theirs = store.claims.create(first, NAME, 0, 30, evil)
    other = store.claims.create(article_id_for(text), NAME, 0, 30, evil)
    store.links.create(NAME, other.id, mine.id, "same")
    for who in (os_user(), NAME):
        store.progress.set_done(first, who, True)
    assert theirs.annotator == NAME
    store.close()


FIELDS = ClaimFields(label="EVENT", confidence=3)


class Terminal:
    """A 120x36 tmux pane on a private tmux server that lets programs write the clipboard (OSC 52)."""

    def __init__(self, socket: str) -> None:
        self.socket = socket

    def tmux(self, *args: str) -> str:
        return subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True, check=True).stdout

    def start(self, db: Path, *options: str) -> None:
        command = (
            f"env -u COLUMNS -u LINES CLAIM_READER_KEYMAP= PYTHONPATH={ROOT} TERM=xterm-256color "
            f"{sys.executable} -m reader --db {db} {' '.join(options)}"
        )
        self.tmux("-f", "/dev/null", "new-session", "-d", "-s", "reader", "-x", "120", "-y", "36", command)
        self.tmux("set-option", "-g", "set-clipboard", "on")

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "reader")

    def press(self, *keys: str, then: str, timeout: float = 30.0) -> str:
        """Send keys, then wait until the pane shows `then` and the reader has finished painting."""
        for key in keys:
            self.tmux("send-keys", "-t", "reader", key)
        deadline = time.monotonic() + timeout
        while then not in self.screen():
            assert time.monotonic() < deadline, f"{then!r} never showed; the pane:\n{self.screen()}"
            time.sleep(0.2)
        time.sleep(0.7)
        return self.screen()

    def clipboard_writes(self) -> str:
        """What programs in the pane put on the clipboard (tmux keeps each OSC 52 write as a paste buffer)."""
        return self.tmux("list-buffers")


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    terminal = Terminal(f"claim-reader-untrusted-{os.getpid()}-{tmp_path.name}")
    try:
        yield terminal
    finally:
        subprocess.run(["tmux", "-L", terminal.socket, "kill-server"], capture_output=True, check=False)


def inert(screen: str, terminal: Terminal) -> None:
    """The pane shows the hostile text as pictures, nothing wrote the clipboard, and no bidi override is on it."""
    assert SHOWN in screen, screen
    assert "\u202e" not in screen and "\x1b" not in screen
    assert terminal.clipboard_writes() == ""


@needs_tmux
def test_every_screen_shows_hostile_text_as_text(terminal: Terminal, tmp_path: Path) -> None:
    db = tmp_path / "evil.db"
    evil_database(db)
    terminal.start(db)
    inert(terminal.press(then="Kyiv report"), terminal)  # library: a title and a source
    inert(terminal.press("?", then="def ␛]52"), terminal)  # help: a label definition
    terminal.press("?", then="articles")
    terminal.press("Enter", then="claim here")
    inert(terminal.press("e", then="Edit claim"), terminal)  # the claim editor: note and speaker
    terminal.press("Escape", then="claim here")
    inert(terminal.press("a", then="ev␛]52"), terminal)  # another annotator's claim in the sidebar
    inert(terminal.press("r", then="Related"), terminal)  # Related: the other article and its annotator
    terminal.press("Escape", then="claim here")
    inert(terminal.press("R", then="Review"), terminal)  # Review: notes, speakers, names
    terminal.press("q", then="claim here")
    terminal.press("q", then="articles")
    inert(terminal.press("g", then="Agreement"), terminal)  # agreement: annotator names


@needs_tmux
def test_a_notification_shows_hostile_text_as_text(terminal: Terminal, tmp_path: Path) -> None:
    db = tmp_path / "evil.db"
    evil_database(db)
    terminal.start(db, "--annotator", "ana")  # not a lead: Review refuses, naming the leads
    terminal.press(then="articles")
    terminal.press("Enter", then="claims here")
    inert(terminal.press("R", then="not a lead"), terminal)


@run_async
async def test_the_editor_shows_a_note_escaped_and_keeps_it_as_it_was_unless_edited(tmp_path: Path) -> None:
    store = seeded_store(tmp_path / "t.db")
    article_id = store.articles.ids()[0]
    claim = store.claims.create(article_id, ME, 0, 30, FIELDS.model_copy(update={"note": "n " + EVIL}))
    async with make_app(store).run_test(size=SIZE) as pilot:
        await open_first_article(pilot)
        editor = await press_to(pilot, "e", EditorScreen)
        note = editor.query_one("#note", Input)
        assert note.value == "n " + SHOWN + "�DESREVER��7m"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert store.claims.get(claim.id).note == "n " + EVIL, "saving unchanged fields changes nothing"
        editor = await press_to(pilot, "e", EditorScreen)
        editor.query_one("#note", Input).value = "plain"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert store.claims.get(claim.id).note == "plain"
