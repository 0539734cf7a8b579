"""The user's keymap: a TOML file moves bindings by id before the first screen; the moved key works, the old one does
not, and every surface names the new key; a bad keymap is one line naming the file and line, exit 1, nothing opened."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from reader.errors import InputError
from reader.store import Store
from reader.tui.app import ClaimReader
from reader.tui.keys.keymap import load_keys, parse_keymap
from reader.tui.keys.live import DEFAULT, Keys
from reader.tui.screens.help import HelpScreen
from reader.tui.widgets.key_hints import KeyHints
from tests.helpers import ROOT
from tests.tui.helpers import ME, SIZE, open_first_article, run_async, seeded_store


@pytest.fixture
def store(tmp_path: Path) -> Store:
    store = seeded_store(tmp_path / "t.db")
    yield store
    store.close()


def keymap(tmp_path: Path, text: str) -> Keys:
    """The keys a keymap file with this text gives."""
    path = tmp_path / "keymap.toml"
    path.write_text(text)
    return load_keys({"CLAIM_READER_KEYMAP": str(path)})


def footer(screen: object) -> str:
    """The footer line as drawn."""
    hints = screen.query_one(KeyHints)  # type: ignore[attr-defined]
    return hints.render_lines(hints.region.reset_offset)[0].text


@run_async
async def test_a_moved_binding_answers_to_its_new_key_and_no_longer_to_the_old(store: Store, tmp_path: Path) -> None:
    keys = keymap(tmp_path, '[keys]\nsentence-next = "ctrl+right"\nsentence-previous = "ctrl+left"\n')
    async with ClaimReader(store, ME, keys).run_test(size=SIZE) as pilot:
        screen = await open_first_article(pilot)
        view = screen.view
        await pilot.press("ctrl+right")
        assert view.cursor == view.segments.sentence_starts[1]
        await pilot.press("right_parenthesis")
        assert view.cursor == view.segments.sentence_starts[1]
        await pilot.press("ctrl+right", "ctrl+left")
        assert view.cursor == view.segments.sentence_starts[1]


@run_async
async def test_label_and_confidence_keys_move_together_and_every_surface_names_the_new_keys(
    store: Store, tmp_path: Path
) -> None:
    keys = keymap(tmp_path, '[keys]\nlabel-2 = "ampersand"\nconfidence-1 = "&"\nconfidence-default = "f5"\n')
    async with ClaimReader(store, ME, keys).run_test(size=(120, 36)) as pilot:
        screen = await open_first_article(pilot)
        assert "& QUANTITY" in str(screen.query_one("#article-header").render())
        sidebar = [strip.text for strip in screen.sidebar.render_lines(screen.sidebar.region.reset_offset)]
        assert any("a label key (in the header)," in line for line in sidebar)
        await pilot.press("2")
        assert screen.pending is None
        await pilot.press("ampersand")
        assert screen.pending is not None
        assert "& unsure" in screen.status.message and "F5 sure" in screen.status.message
        assert "& unsure" in footer(screen)
        await pilot.press("ampersand")
        await pilot.pause()
        [claim] = store.claims.of_article(screen.article_id, [ME])
        assert (claim.label, claim.confidence) == ("QUANTITY", 1)
        await pilot.press("question_mark")
        await pilot.pause()
        help_text = str(pilot.app.screen.query_one("#help-text").render())
        assert isinstance(pilot.app.screen, HelpScreen) and "& QUANTITY" in " ".join(help_text.split())
        assert f"Keys from {tmp_path / 'keymap.toml'} (3 moved)" in help_text


def test_the_keymap_in_the_config_folder_is_read_and_an_empty_variable_reads_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "config" / "claim-reader"
    folder.mkdir(parents=True)
    (folder / "keymap.toml").write_text('[keys]\nundo = "z"\n')
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    assert load_keys({}).keys("undo") == ("z",)
    assert load_keys({"CLAIM_READER_KEYMAP": ""}) is DEFAULT
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "elsewhere"))
    assert load_keys({}) is DEFAULT


def test_moves_that_free_each_others_keys_are_no_clash() -> None:
    keys = parse_keymap('[keys]\nundo = "U"\nredo = "u"\n', Path("swap.toml"))
    assert (keys.keys("undo"), keys.keys("redo")) == (("U",), ("u",))


BAD = {
    "unknown id": (
        '[keys]\nsentence-nxt = "x"\n',
        ":2: 'sentence-nxt' is not a binding id (did you mean sentence-next?)",
    ),
    "bad TOML": ('[keys]\nundo = "z\n', ":2: not valid TOML"),
    "unknown key name": ('[keys]\n\nsentence-next = "ctrl+rigth"\n', ":3: sentence-next: 'rigth' is not a key name"),
    "clash": (
        '[keys]\nsentence-next = "s"\n',
        ":2: sentence-next = 's' clashes with select-sentence (select the sentence under the cursor) on the article",
    ),
    "not a key": ("[keys]\nundo = 3\n", ":2: undo must be a key"),
    "not a keymap": ("[colours]\nundo = 'z'\n", ":1: 'colours' is not part of a keymap"),
}


@pytest.mark.parametrize("case", list(BAD))
def test_a_bad_keymap_is_one_line_and_exit_1_before_anything_opens(case: str, tmp_path: Path) -> None:
    text, said = BAD[case]
    path = tmp_path / "keymap.toml"
    path.write_text(text)
    db = tmp_path / "annotations.db"
    env = {**os.environ, "CLAIM_READER_KEYMAP": str(path), "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-m", "reader", "--db", str(db)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 1
    assert result.stderr.splitlines() == [result.stderr.strip()], result.stderr
    assert result.stderr.startswith(f"claim-reader: error: {path}{said}"), result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""
    assert not db.exists()


def test_a_keymap_the_variable_names_must_exist(tmp_path: Path) -> None:
    missing = tmp_path / "missing.toml"
    with pytest.raises(InputError, match=f"^{missing}: no such keymap file"):
        load_keys({"CLAIM_READER_KEYMAP": str(missing)})
