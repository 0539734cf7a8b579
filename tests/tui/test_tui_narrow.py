"""At 80x24 every screen shows what its next step needs: every label on the agreement screen, the reasons of a Related
counterpart up to its figure, Review's rows and keys; snapshots of agreement, Related and Review at that size, and
`claim-reader articles` keeping its figures whole at 80 columns."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from reader.models import ClaimFields
from reader.segment import Segments, trim_span
from reader.store import Store
from reader.tui.screens.agreement import AgreementScreen
from reader.tui.screens.related import RelatedScreen
from reader.tui.screens.review import ReviewScreen
from reader.tui.screens.verify import VerifyScreen
from reader.tui.widgets.agreement_panels import LabelBars
from reader.tui.widgets.key_hints import KeyHints
from tests.helpers import ROOT
from tests.review_helpers import LEAD, SCHEMA
from tests.tui.helpers import ME, make_app, open_first_article, press_to, run_async, seeded_store

NARROW = (80, 24)
TEAM = ("ann", "bob", "cy")


def eight_label_team(path: Path) -> Store:
    """Seeds; three annotators tag the first two articles' sentences with every label of the schema (cy differs on
    every third sentence), all done; a lead."""
    seeded_store(path).close()
    store = Store(path, schema=SCHEMA)
    labels = store.schema.label_names
    for article_id in store.articles.ids()[:2]:
        text = store.articles.get(article_id).text
        for n, sentence in enumerate(Segments(text).sentences[:16]):
            start, end = trim_span(text, *sentence)
            for name in TEAM:
                label = labels[(n + (name == "cy" and n % 3 == 0)) % len(labels)]
                store.claims.create(article_id, name, start, end, ClaimFields(label=label, confidence=1 + n % 3))
            for name in TEAM:
                store.progress.set_done(article_id, name, True)
    return store


def related_store(path: Path) -> Store:
    """Seeds; my claim on the 10,000 troops sentence, bob's on another article's 11,000 soldiers sentence."""
    store = seeded_store(path)
    ids = store.articles.ids()
    for article_id, annotator, phrase in ((ids[0], ME, "around 10,000"), (ids[2], "bob", "around 11,000")):
        text = store.articles.get(article_id).text
        start, end = next(s for s in store.articles.sentences(article_id) if phrase in text[slice(*s)])
        store.claims.create(article_id, annotator, start, end, ClaimFields(label="QUANTITY", confidence=2))
    return store


def drawn(widget) -> list[str]:  # type: ignore[no-untyped-def]
    """A widget's lines as drawn at its size."""
    return [strip.text for strip in widget.render_lines(widget.region.reset_offset)]


async def open_agreement(pilot) -> AgreementScreen:  # type: ignore[no-untyped-def]
    await pilot.pause()
    screen = await press_to(pilot, "g", AgreementScreen)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    return screen


async def open_related(pilot) -> RelatedScreen:  # type: ignore[no-untyped-def]
    await open_first_article(pilot)
    await pilot.press("n", "r")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    assert isinstance(pilot.app.screen, RelatedScreen)
    return pilot.app.screen


@run_async
async def test_at_80x24_the_agreement_screen_shows_every_label_on_a_line_of_its_own(tmp_path: Path) -> None:
    store = eight_label_team(tmp_path / "t.db")
    async with make_app(store, LEAD).run_test(size=NARROW) as pilot:
        screen = await open_agreement(pilot)
        lines = drawn(screen.query_one(LabelBars))
        assert [line.split()[0] for line in lines[1:]] == store.schema.label_names
        assert all(len(line.split()) >= 3 for line in lines[1:]), lines  # name, F1 and more on each label's line


@run_async
async def test_at_80x24_related_keeps_the_reasons_whole_up_to_the_rival_figure(tmp_path: Path) -> None:
    store = related_store(tmp_path / "t.db")
    async with make_app(store).run_test(size=NARROW) as pilot:
        panel = await open_related(pilot)
        _, _, reasons, more = drawn(panel.panel)[:4]  # the first row: bob's claim
        assert "hint: conflicts" in reasons
        shown = " ".join((reasons.replace("hint: conflicts", "") + more).split())
        assert shown == "close number about 10,000 troops vs about 11,000 troops"


@run_async
async def test_at_80x24_the_verification_views_candidates_keep_their_score_and_source(tmp_path: Path) -> None:
    store = related_store(tmp_path / "t.db")
    async with make_app(store).run_test(size=NARROW) as pilot:
        await open_first_article(pilot)
        await pilot.press("n")
        screen = await press_to(pilot, "V", VerifyScreen)
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        panel = screen.candidates
        heads = drawn(panel)[:: panel.ROW_HEIGHT]
        assert panel.size.width < 40 and len(heads) >= 2
        for head, match in zip(heads, panel.matches, strict=False):
            claim = match.candidate.claim
            owner = f"{claim.label} by {claim.annotator}" if claim else "unclaimed"
            title = store.articles.get(match.candidate.article_id).title
            row = head.removeprefix("▏").strip()  # the list's own left border, then the row
            assert row.startswith(f"{match.score:.2f}  {title[:6]}") and owner[:8] in row, head


@run_async
async def test_at_80x24_review_shows_its_rows_and_the_accept_and_help_keys(tmp_path: Path) -> None:
    store = eight_label_team(tmp_path / "t.db")
    async with make_app(store, LEAD).run_test(size=NARROW) as pilot:
        await open_agreement(pilot)
        screen = await press_to(pilot, "enter", ReviewScreen)
        await pilot.pause()
        [footer] = drawn(screen.query_one(KeyHints))
        assert all(hint in footer for hint in ("a accept", "? help", "q back", "r reject", "e edit"))
        assert screen.row_list.count == 16


def test_articles_at_80_columns_keeps_every_figure_whole(tmp_path: Path) -> None:
    eight_label_team(tmp_path / "t.db").close()
    env = {**os.environ, "COLUMNS": "80", "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-m", "reader", "--db", str(tmp_path / "t.db"), "articles"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    lines = result.stdout.splitlines()
    assert all(len(line) <= 80 for line in lines)
    assert "1,240" in result.stdout and "0 / 48" in result.stdout and not re.search(r"\d…", result.stdout)


# -- snapshots at 80x24 -----------------------------------------------------------------------------------------------


def test_agreement_at_80x24_snapshot(snap_compare, tmp_path: Path) -> None:
    app = make_app(eight_label_team(tmp_path / "s.db"), LEAD)
    assert snap_compare(app, terminal_size=NARROW, run_before=open_agreement)


def test_related_at_80x24_snapshot(snap_compare, tmp_path: Path) -> None:
    app = make_app(related_store(tmp_path / "s.db"))
    assert snap_compare(app, terminal_size=NARROW, run_before=open_related)


def test_review_at_80x24_snapshot(snap_compare, tmp_path: Path) -> None:
    async def reviewing(pilot) -> None:  # type: ignore[no-untyped-def]
        await open_agreement(pilot)
        await press_to(pilot, "enter", ReviewScreen)

    app = make_app(eight_label_team(tmp_path / "s.db"), LEAD)
    assert snap_compare(app, terminal_size=NARROW, run_before=reviewing)
