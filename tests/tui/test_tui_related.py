"""Pilot tests of the Related panel: `r` lists counterparts with their reasons, a relation key links, undo unlinks."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from reader.models import Claim, ClaimFields
from reader.store import Store
from reader.tui.actions import related as related_actions
from reader.tui.screens.article import ArticleScreen
from reader.tui.screens.related import RelatedScreen
from tests.tui.helpers import ME, OTHER, SIZE, make_app, open_first_article, run_async, seeded_store


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return seeded_store(tmp_path / "t.db")


def claim_on(store: Store, article_id: str, annotator: str, phrase: str) -> Claim:
    """A QUANTITY claim of `annotator` on the sentence of the article holding `phrase`."""
    text = store.articles.get(article_id).text
    start, end = next(s for s in store.articles.sentences(article_id) if phrase in text[slice(*s)])
    return store.claims.create(article_id, annotator, start, end, ClaimFields(label="QUANTITY", confidence=2))


async def open_related(pilot, store: Store) -> tuple[ArticleScreen, RelatedScreen]:  # type: ignore[no-untyped-def]
    """Open the first article, go to its first claim and press r."""
    screen = await open_first_article(pilot)
    await pilot.press("n", "r")
    await pilot.app.workers.wait_for_complete()  # the ranking runs in a thread
    await pilot.pause()
    panel = pilot.app.screen
    assert isinstance(panel, RelatedScreen)
    return screen, panel


@run_async
async def test_r_lists_the_counterpart_claim_first_with_its_reasons(store: Store) -> None:
    first, third = store.articles.ids()[0], store.articles.ids()[3]
    mine = claim_on(store, first, ME, "around 10,000")
    theirs = claim_on(store, third, OTHER, "around 10,000")
    async with make_app(store).run_test(size=SIZE) as pilot:
        _, panel = await open_related(pilot, store)
        assert panel.claim.id == mine.id
        top = panel.panel.matches[0]
        assert top.candidate.claim is not None and top.candidate.claim.id == theirs.id
        assert any("10,000" in reason for reason in top.reasons)


@run_async
async def test_a_relation_key_links_the_two_claims_and_undo_unlinks(store: Store) -> None:
    first, second = store.articles.ids()[0], store.articles.ids()[2]
    mine = claim_on(store, first, ME, "around 10,000")
    theirs = claim_on(store, second, OTHER, "around 11,000")
    async with make_app(store).run_test(size=SIZE) as pilot:
        screen, panel = await open_related(pilot, store)
        index = next(
            i for i, m in enumerate(panel.panel.matches) if m.candidate.claim and m.candidate.claim.id == theirs.id
        )
        for _ in range(index):
            await pilot.press("down")
        await pilot.press("3")  # conflicts
        await pilot.pause()
        assert pilot.app.screen is panel  # open for the next link
        [link] = store.links.of_claim(mine.id)
        assert (link.claim_a, link.claim_b, link.relation, link.annotator) == (mine.id, theirs.id, "conflicts", ME)
        assert theirs.id in panel.panel.links
        await pilot.press("escape")
        await pilot.pause()
        assert pilot.app.screen is screen and screen.status.message.startswith("saved: 1 link made")
        await pilot.press("r")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert theirs.id in pilot.app.screen.panel.links
        await pilot.press("escape", "u")
        assert store.links.of_claim(mine.id) == []


@run_async
async def test_a_sentence_becomes_my_claim_and_is_linked_and_undo_takes_back_both(store: Store) -> None:
    first = store.articles.ids()[0]
    mine = claim_on(store, first, ME, "around 10,000")
    async with make_app(store).run_test(size=SIZE) as pilot:
        screen, panel = await open_related(pilot, store)
        sentence = panel.panel.matches[0].candidate
        assert sentence.claim is None
        await pilot.press("1")  # same
        await pilot.press("escape")
        await pilot.pause()
        assert pilot.app.screen is screen
        [link] = store.links.of_claim(mine.id)
        made = store.claims.get(link.claim_b)
        assert (made.article_id, made.start, made.end) == (sentence.article_id, sentence.start, sentence.end)
        assert (made.annotator, made.label, made.origin, link.relation) == (ME, mine.label, "related", "same")
        assert made.confidence == store.schema.default_confidence
        await pilot.press("u")
        assert store.links.of_claim(mine.id) == [] and store.claims.of_article(sentence.article_id, [ME]) == []
        assert "undid link and create" in screen.status.message
        await pilot.press("U")
        assert store.links.of_claim(mine.id) == [link] and store.claims.of_article(sentence.article_id, [ME]) == [made]


@run_async
async def test_enter_links_with_the_hinted_relation(store: Store) -> None:
    first, second = store.articles.ids()[0], store.articles.ids()[3]
    mine = claim_on(store, first, ME, "around 10,000")
    theirs = claim_on(store, second, OTHER, "approximately 10,000")
    async with make_app(store).run_test(size=SIZE) as pilot:
        _, panel = await open_related(pilot, store)
        top = panel.panel.matches[0]
        assert top.candidate.claim == theirs and top.relation == "same"
        await pilot.press("enter")
        await pilot.pause()
        assert pilot.app.screen is panel
        [link] = store.links.of_claim(mine.id)
        assert (link.claim_b, link.relation) == (theirs.id, "same")


@run_async
async def test_the_candidates_are_read_off_the_ui_thread(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """Reading and segmenting up to a hundred articles takes seconds with big ones: the UI thread must not wait on
    it."""
    first, third = store.articles.ids()[0], store.articles.ids()[3]
    claim_on(store, first, ME, "around 10,000")
    theirs = claim_on(store, third, OTHER, "around 10,000")
    threads: list[threading.Thread] = []
    read = related_actions.related_pool

    def recording(*args):  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread())
        return read(*args)

    monkeypatch.setattr(related_actions, "related_pool", recording)
    async with make_app(store).run_test(size=SIZE) as pilot:
        _, panel = await open_related(pilot, store)
        assert len(threads) == 1 and threads[0] is not threading.main_thread()
        assert panel.panel.matches[0].candidate.claim == theirs


@run_async
async def test_before_the_key_a_sentence_row_says_linking_writes_a_claim_into_that_article(store: Store) -> None:
    first = store.articles.ids()[0]
    claim_on(store, first, ME, "around 10,000")
    async with make_app(store).run_test(size=SIZE) as pilot:
        _, panel = await open_related(pilot, store)
        sentence = panel.panel.matches[0].candidate
        assert sentence.claim is None
        title = panel.panel.titles[sentence.article_id]
        said = panel.status.message
        assert said.startswith(f"linking writes this sentence as your QUANTITY claim into \u201c{title}\u201d")
        assert "where you have no claims yet" in said
        assert "a link makes it your claim" in " ".join(
            text for line in panel.panel.row_lines(0, 100) for text, _ in line
        )


@run_async
async def test_the_panel_stays_open_to_link_several_and_a_linked_sentence_is_a_claim_after(store: Store) -> None:
    first = store.articles.ids()[0]
    mine = claim_on(store, first, ME, "around 10,000")
    async with make_app(store).run_test(size=SIZE) as pilot:
        screen, panel = await open_related(pilot, store)
        sentences = [i for i, m in enumerate(panel.panel.matches) if m.candidate.claim is None][:2]
        await pilot.press(*["down"] * sentences[0], "1")
        await pilot.pause()
        assert panel.panel.matches[sentences[0]].candidate.claim is not None  # linking again adds no second claim
        made = store.claims.of_article(panel.panel.matches[sentences[0]].candidate.article_id, [ME])
        await pilot.press("2")  # the same row again: the claim made is linked already, and no second claim is made
        await pilot.pause()
        assert panel.status.kind == "error" and panel.made == 1
        assert store.claims.of_article(made[0].article_id, [ME]) == made
        await pilot.press(*["down"] * (sentences[1] - sentences[0]), "4")
        await pilot.pause()
        assert pilot.app.screen is panel and panel.made == 2
        links = store.links.of_claim(mine.id)
        assert sorted(link.relation for link in links) == ["refines", "same"]
        await pilot.press("escape")
        await pilot.pause()
        assert pilot.app.screen is screen and screen.status.message.startswith("saved: 2 links made")


def test_the_excerpt_is_centred_on_the_matching_figure() -> None:
    from reader.linking.related import Candidate, features, rank

    long = (
        "Officials in several capitals, speaking on condition of anonymity to reporters who had gathered for the"
        " briefing late on Tuesday evening, said that about 11,000 troops had crossed the border."
    )
    [match] = rank("North Korea sent about 10,000 troops.", [Candidate("b", 0, len(long), long)])
    assert match.focus is not None and "11,000" in long[slice(*match.focus)]
    from reader.tui.span_words import around

    assert "11,000 troops" in around(long, match.focus, 60)
    assert features(long).figures  # the figure is found where the excerpt shows it
