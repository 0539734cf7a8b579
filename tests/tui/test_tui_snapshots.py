"""Snapshots (pytest-textual-snapshot) of the library, an article with claims, the claim editor and help at 100x30,
and of the library and an article waiting for a confidence at 80x24."""

from __future__ import annotations

from pathlib import Path

from reader.models import ClaimFields
from reader.store import Store
from tests.tui.helpers import ME, SIZE, add_other_claims, make_app, seeded_store


def annotated_store(path: Path) -> Store:
    """Seeds plus fixed claims: nested and overlapping ones of mine, two hidden ones of bob's, one article done."""
    store = seeded_store(path)
    ids = store.articles.ids()
    text = store.articles.get(ids[0]).text
    korea = text.index("North Korea")
    store.claims.create(ids[0], ME, 0, text.index(","), ClaimFields(label="EVENT", confidence=3))
    store.claims.create(ids[0], ME, korea, korea + 11, ClaimFields(label="OTHER", confidence=1))
    store.claims.create(
        ids[0], ME, korea, text.index(" to Russia") + 10, ClaimFields(label="QUANTITY", confidence=2, hedged=True)
    )
    store.claims.create(
        ids[0],
        ME,
        text.index("These troops"),
        text.index("Ukraine."),
        ClaimFields(label="PREDICTION", confidence=2, note="deployment"),
    )
    add_other_claims(store, ids[0])
    store.progress.set_done(ids[1], ME, True)
    return store


def test_library_snapshot(snap_compare, tmp_path: Path) -> None:
    app = make_app(annotated_store(tmp_path / "s.db"))
    assert snap_compare(app, terminal_size=SIZE, press=["_"])


def test_article_with_claims_snapshot(snap_compare, tmp_path: Path) -> None:
    app = make_app(annotated_store(tmp_path / "s.db"))
    assert snap_compare(
        app,
        terminal_size=SIZE,
        press=["enter", "_", "right", "right", "right", "right", "right", "right", "right", "_"],
    )


def test_claim_editor_snapshot(snap_compare, tmp_path: Path) -> None:
    app = make_app(annotated_store(tmp_path / "s.db"))
    assert snap_compare(app, terminal_size=SIZE, press=["enter", "_", "e", "_"])


def test_help_snapshot(snap_compare, tmp_path: Path) -> None:
    app = make_app(annotated_store(tmp_path / "s.db"))
    assert snap_compare(app, terminal_size=SIZE, press=["enter", "_", "question_mark", "_"])


def test_library_at_80x24_snapshot(snap_compare, tmp_path: Path) -> None:
    """The footer keeps open, help, quit and the next article at 80 columns."""
    app = make_app(annotated_store(tmp_path / "s.db"))
    assert snap_compare(app, terminal_size=(80, 24), press=["_"])


def test_article_with_a_pending_tag_at_80x24_snapshot(snap_compare, tmp_path: Path) -> None:
    """While a tag waits for its confidence the footer holds the answers; the sidebar names each label's key."""
    app = make_app(annotated_store(tmp_path / "s.db"))
    assert snap_compare(app, terminal_size=(80, 24), press=["enter", "_", "right_parenthesis", "2", "_"])
