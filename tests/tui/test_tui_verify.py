"""Pilot tests of verification as an annotator does it: V on a claim, a verdict key, Related candidates attached as
evidence, a question and its answers typed in forms, the justification, details, external evidence, removing and
undoing; the sidebar, the library and the claims to verify showing what is verified; a lead taking one into gold."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, Select, SelectionList

from reader.identity import GOLD
from reader.models import Article, Claim, ClaimFields, ImportRecord, article_id_for
from reader.store import Store
from reader.tui.routes import OpenVerification
from reader.tui.screens.agreement import AgreementScreen
from reader.tui.screens.form import FormScreen
from reader.tui.screens.library import LibraryScreen
from reader.tui.screens.review import ReviewScreen
from reader.tui.screens.verdicts import VerdictsScreen
from reader.tui.screens.verify import VerifyScreen
from reader.tui.screens.verify_queue import VerifyQueueScreen
from reader.verify.models import CorpusEvidence, ExternalEvidence
from tests.review_helpers import LEAD, team_store
from tests.tui.helpers import ME, OTHER, SIZE, make_app, open_first_article, press_to, run_async, seeded_store

CHARACTERS = {
    " ": "space",
    ".": "full_stop",
    ",": "comma",
    "-": "minus",
    "/": "slash",
    ":": "colon",
    "?": "question_mark",
}


@pytest.fixture
def store(tmp_path: Path) -> Store:
    found = seeded_store(tmp_path / "t.db")
    yield found
    found.close()


def claim_on(store: Store, article: int, sentence: int, annotator: str = ME, label: str = "QUANTITY") -> Claim:
    """A claim on one sentence of one seed article."""
    article_id = store.articles.ids()[article]
    start, end = store.articles.sentences(article_id)[sentence]
    return store.claims.create(article_id, annotator, start, end, ClaimFields(label=label, confidence=3))


async def type_text(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    """Type text key by key, as a user does."""
    await pilot.press(*(CHARACTERS.get(char, char) for char in text))


async def open_verify(pilot) -> VerifyScreen:  # type: ignore[no-untyped-def]
    """From the library: the first article, its first claim, V; the Related candidates ranked."""
    await open_first_article(pilot)
    await pilot.press("n")
    screen = await press_to(pilot, "V", VerifyScreen)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    return screen


def mine(store: Store, claim: Claim):  # type: ignore[no-untyped-def]
    [found] = store.verifications.mine(ME, claim.id)
    return found


@run_async
async def test_v_opens_the_claim_in_context_as_a_draft_and_a_verdict_key_saves_it(store: Store) -> None:
    claim = claim_on(store, 0, 0)
    store.claims.update(claim.id, ME, speaker="Pentagon")
    async with make_app(store).run_test(size=SIZE) as pilot:
        screen = await open_verify(pilot)
        assert screen.claim_id == claim.id and not screen.stored
        header = str(screen.query_one("#verify-header").render())
        assert "a draft" in header and "1 Supported" in header.replace("  ", " ")
        assert store.verifications.of_claim(claim.id) == []
        assert screen.items.items[0].head.endswith("(Pentagon)")  # the normalized claim, prefilled
        await pilot.press("2")
        found = mine(store, claim)
        assert found.verdict == "Refuted" and found.record.speaker == "Pentagon"
        assert screen.status.message == "saved: verdict Refuted" and "saved as yours" in str(
            screen.query_one("#verify-header").render()
        )
        await pilot.press("4")
        assert mine(store, claim).verdict == "Conflicting Evidence/Cherrypicking"
        await pilot.press("9")  # no ninth verdict: nothing happens
        assert mine(store, claim).verdict == "Conflicting Evidence/Cherrypicking"
        await pilot.press("u")
        assert mine(store, claim).verdict == "Refuted"


@run_async
async def test_the_context_starts_in_the_claims_paragraph_so_the_claim_shows_in_its_few_lines(store: Store) -> None:
    claim = claim_on(store, 1, 3)
    text = store.articles.get(claim.article_id).text
    async with make_app(store).run_test(size=SIZE) as pilot:
        await pilot.press("down")
        screen = await open_verify(pilot)
        assert screen.claim_id == claim.id
        shown = str(screen.query_one("#verify-context").render())
        before = shown[: shown.index(text[claim.start : claim.end])]
        assert "\n" not in before and len(before) <= 121  # the paragraph's last characters, not the article's top


@run_async
async def test_the_context_is_as_tall_as_its_text_and_at_most_six_lines(store: Store) -> None:
    """A news claim's context fills six lines; a claim that is its whole article (as AVeriTeC's are) takes one, and
    the record gets the rest."""
    text = "Ministers said 5,000 troops crossed the border."
    store.imports.add([ImportRecord(article=Article(id=article_id_for(text), title="Short", text=text, words=7))])
    short = store.claims.create(article_id_for(text), ME, 0, len(text), ClaimFields(label="QUANTITY", confidence=3))
    long = claim_on(store, 1, 3)
    async with make_app(store).run_test(size=SIZE) as pilot:
        await pilot.pause()
        pilot.app.post_message(OpenVerification(long.id, [long.id, short.id]))
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, VerifyScreen)
        context = screen.query_one("#verify-context")
        assert context.outer_size.height == 7  # six lines and the rule under them
        await pilot.press("n")
        await pilot.pause()
        assert screen.claim_id == short.id and context.outer_size.height == 2
        assert screen.items.outer_size.height > 20
        await pilot.press("N")
        await pilot.pause()
        assert screen.claim_id == long.id and context.outer_size.height == 7


@run_async
async def test_e_attaches_the_highlighted_candidate_and_undo_takes_back_claim_link_and_evidence(store: Store) -> None:
    claim = claim_on(store, 0, 1)
    async with make_app(store).run_test(size=SIZE) as pilot:
        screen = await open_verify(pilot)
        top = screen.candidates.matches[0].candidate
        assert top.claim is None  # a sentence nobody claimed
        await pilot.press("e")
        [item] = mine(store, claim).record.evidence
        assert isinstance(item, CorpusEvidence) and (item.article_id, item.start, item.end) == (
            top.article_id,
            top.start,
            top.end,
        )
        assert store.claims.get(item.claim_id or "").origin == "related" and store.links.of_claim(claim.id)
        assert screen.items.items[-1].tag == "E1" and "now your claim there" in screen.status.message
        assert screen.candidates.matches[0].candidate.claim is not None
        row = "".join(text for line in screen.candidates.row_lines(0, 80) for text, _ in line)
        assert f"linked: same ({ME})" in row  # the candidate's row shows the link just drawn
        await pilot.press("tab", "enter")  # Enter on the candidate: attached already, said so
        assert "already evidence" in screen.status.message
        await pilot.press("u")
        assert store.verifications.mine(ME, claim.id) == []  # the attach made the verification: all taken back
        assert store.links.of_claim(claim.id) == [] and store.claims.of_article(top.article_id) == []
        await pilot.press("U")
        assert len(mine(store, claim).record.evidence) == 1


@run_async
async def test_a_question_and_its_answers_are_typed_without_leaving_the_keyboard(store: Store) -> None:
    claim = claim_on(store, 0, 0)
    async with make_app(store).run_test(size=SIZE) as pilot:
        screen = await open_verify(pilot)
        form = await press_to(pilot, "a", FormScreen)
        await type_text(pilot, "How many troops went")
        await pilot.press("tab")
        await type_text(pilot, "Yes")
        await pilot.press("tab", "enter", "down", "down", "enter")  # answer type: Boolean
        assert form.query_one("#field-answer_type", Select).value == "Boolean"
        await pilot.press("ctrl+s")
        assert pilot.app.screen is form and "says why" in str(form.query_one("#form-error").render())
        await pilot.press("tab")
        await type_text(pilot, "the ministry said so")
        await pilot.press("tab")
        await type_text(pilot, "https://news.example/1")
        await pilot.press("enter")
        assert pilot.app.screen is screen
        [question] = mine(store, claim).record.questions
        assert question.question == "How many troops went"
        [answer] = question.answers
        assert (answer.answer, answer.answer_type, answer.boolean_explanation, answer.source_url) == (
            "Yes",
            "Boolean",
            "the ministry said so",
            "https://news.example/1",
        )
        assert screen.current_item() is not None and screen.current_item().kind == "question"
        second = await press_to(pilot, "A", FormScreen)
        await type_text(pilot, "About 10000")
        await pilot.press("enter")
        assert pilot.app.screen is screen and second is not screen
        answers = mine(store, claim).record.questions[0].answers
        assert [a.answer for a in answers] == ["Yes", "About 10000"] and answers[1].answer_type == "Extractive"
        await pilot.press("delete")  # the highlighted row is the new answer; x and Delete both remove
        assert [a.answer for a in mine(store, claim).record.questions[0].answers] == ["Yes"]
        await pilot.press("u")
        assert len(mine(store, claim).record.questions[0].answers) == 2
        await pilot.press("down", "x")
        assert [a.answer for a in mine(store, claim).record.questions[0].answers] == ["Yes"]
        await pilot.press("up", "enter")  # Enter on the question edits it
        form = pilot.app.screen
        assert isinstance(form, FormScreen) and form.query_one("#field-question", Input).value == "How many troops went"
        await pilot.press("escape")
        assert mine(store, claim).record.questions[0].question == "How many troops went"


@run_async
async def test_an_unanswerable_answer_is_written_in_averitecs_own_words(store: Store) -> None:
    claim = claim_on(store, 0, 0)
    async with make_app(store).run_test(size=SIZE) as pilot:
        await open_verify(pilot)
        await press_to(pilot, "a", FormScreen)
        await type_text(pilot, "Who counted")
        await pilot.press("tab", "tab", "enter", "end", "enter", "ctrl+s")
        [answer] = mine(store, claim).record.questions[0].answers
        assert (answer.answer, answer.answer_type) == ("No answer could be found.", "Unanswerable")


@run_async
async def test_justification_claim_details_and_external_evidence(store: Store) -> None:
    claim = claim_on(store, 0, 0)
    async with make_app(store).run_test(size=SIZE) as pilot:
        screen = await open_verify(pilot)
        form = await press_to(pilot, "j", FormScreen)
        await type_text(pilot, "Two sources")
        await pilot.press("enter")  # a new line in the justification, not a save
        await type_text(pilot, "disagree")
        await pilot.press("ctrl+s")
        assert mine(store, claim).record.justification == "Two sources\ndisagree" and pilot.app.screen is screen
        assert isinstance(form.fields[0].kind, str) and form.fields[0].kind == "text"
        await press_to(pilot, "c", FormScreen)
        await pilot.press("end")
        await type_text(pilot, " today")
        await pilot.press("enter")
        assert mine(store, claim).record.normalized_claim.endswith(" today")
        details = await press_to(pilot, "d", FormScreen)
        await type_text(pilot, "2024-10-31")
        await pilot.press("tab")
        await type_text(pilot, "Seoul")
        await pilot.press("tab", "down", "down", "space")  # claim types: add Causal Claim
        await pilot.press("tab", "space")  # strategies: Written Evidence
        assert details.query_one("#field-strategies", SelectionList).selected == ["Written Evidence"]
        await pilot.press("ctrl+s")
        record = mine(store, claim).record
        assert (record.claim_date, record.speaker, record.strategies) == ("31-10-2024", "Seoul", ["Written Evidence"])
        assert record.claim_types == ["Causal Claim", "Numerical Claim"]  # in AVeriTeC's tool order
        bad = await press_to(pilot, "d", FormScreen)
        await pilot.press("ctrl+u")
        await type_text(pilot, "31-2-2024")
        await pilot.press("ctrl+s")
        assert pilot.app.screen is bad and "31-2-2024" in str(bad.query_one("#form-error").render())
        await pilot.press("escape")
        await press_to(pilot, "w", FormScreen)
        await type_text(pilot, "https://archive.example/x")
        await pilot.press("tab")
        await type_text(pilot, "a passage")
        await pilot.press("ctrl+s")
        [item] = mine(store, claim).record.evidence
        assert isinstance(item, ExternalEvidence) and (item.url, item.passage) == (
            "https://archive.example/x",
            "a passage",
        )


@run_async
async def test_n_steps_to_the_next_claim_and_back_the_sidebar_shows_the_verdict(store: Store) -> None:
    first, second = claim_on(store, 0, 0), claim_on(store, 0, 2)
    async with make_app(store).run_test(size=SIZE) as pilot:
        article = await open_first_article(pilot)  # the cursor starts in the first claim
        screen = await press_to(pilot, "V", VerifyScreen)
        assert screen.claim_id == first.id
        await pilot.press("1", "n")
        assert screen.claim_id == second.id
        await pilot.press("n")
        assert "no more claims" in screen.status.message
        await pilot.press("2", "N")
        assert screen.claim_id == first.id and screen.verification is not None
        assert screen.verification.verdict == "Supported"
        await pilot.press("escape")
        assert pilot.app.screen is article
        lines = [str(article.sidebar.row_lines(i, 60)[0][2][0]) for i in range(2)]
        assert lines == ["✓ Supported  ", "✓ Refuted  "]


@run_async
async def test_the_view_opened_again_shows_the_new_claim_from_its_top_and_its_own_candidates(store: Store) -> None:
    first, second = claim_on(store, 0, 0), claim_on(store, 0, 2)
    async with make_app(store).run_test(size=SIZE) as pilot:
        article = await open_first_article(pilot)
        screen = await press_to(pilot, "V", VerifyScreen)
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        first_candidates = [m.candidate for m in screen.candidates.matches]
        await pilot.press("1", "down", "down", "tab", "escape")  # a verdict, a row further down, the candidates
        assert pilot.app.screen is article and article.sidebar.marks  # the verdict is on the sidebar at once
        await pilot.press("n")  # the cursor to the second claim
        again = await press_to(pilot, "V", VerifyScreen)
        assert again is screen  # the one view, shown with the next claim
        assert screen.claim_id == second.id and not screen.stored and screen.verification is not None
        assert screen.verification.claim_id == second.id and screen.verification.verdict is None
        assert screen.items.index == 0 and screen.items.has_focus
        assert first.id not in str(screen.query_one("#verify-header").render())
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert first_candidates and [m.candidate for m in screen.candidates.matches] != first_candidates
        await pilot.press("3", "escape")
        assert pilot.app.screen is article
        assert [mine(store, claim).verdict for claim in (first, second)] == ["Supported", "Not Enough Evidence"]


@run_async
async def test_another_annotators_claim_is_verified_as_my_own_work(store: Store) -> None:
    theirs = claim_on(store, 0, 0, OTHER)
    async with make_app(store).run_test(size=SIZE) as pilot:
        article = await open_first_article(pilot)
        await pilot.press("a", "n")
        await press_to(pilot, "V", VerifyScreen)
        await pilot.press("3")
        [found] = store.verifications.of_claim(theirs.id)
        assert (found.annotator, found.verdict) == (ME, "Not Enough Evidence")
        assert article is not None


@run_async
async def test_the_library_counts_verified_claims_and_lists_the_claims_to_verify(store: Store) -> None:
    first, second = claim_on(store, 0, 0), claim_on(store, 1, 0, OTHER, "EVENT")
    claim_on(store, 1, 1, OTHER, "EVENT")
    from tests.verify.helpers import verify

    verify(store, first, OTHER, "Supported")
    verify(store, second, OTHER, "Refuted")
    async with make_app(store).run_test(size=SIZE) as pilot:
        library = pilot.app.screen
        assert isinstance(library, LibraryScreen)
        await pilot.pause()
        assert library.table.heading(100).rstrip().endswith("verified")
        cells = [library.table.row_lines(i, 100)[0][0][0] for i in range(2)]
        assert [cell.rstrip().endswith("1 by 1") for cell in cells] == [True, True]
        queue = await press_to(pilot, "V", VerifyQueueScreen)
        assert [row.claim_id for row in queue.rows][:1] == [first.id] and len(queue.rows) == 3
        await pilot.press("f")  # no verdict yet
        assert len(queue.rows) == 1
        await pilot.press("f", "home", "enter")  # all claims; verify the first
        screen = await press_to(pilot, "1", VerifyScreen)
        assert screen.claim_id == first.id and screen.order == [row.claim_id for row in queue.rows]
        await pilot.press("n", "2", "escape")
        assert pilot.app.screen is queue
        await pilot.press("f")  # verified by me
        assert [row.claim_id for row in queue.rows] == [first.id, second.id]
        assert "I verified 2 of 3" in str(queue.query_one("#queue-title").render())


@pytest.fixture
def team(tmp_path: Path) -> Store:
    store = team_store(tmp_path / "team.db")
    yield store
    store.close()


@run_async
async def test_review_shows_the_verdicts_side_by_side_and_a_lead_takes_one_into_gold(team: Store) -> None:
    from tests.verify.helpers import verify

    article_id = team.articles.ids()[0]
    verdicts = {"ann": "Supported", "bob": "Supported", "cy": "Refuted"}
    for claim in [c for c in team.claims.of_article(article_id) if c.start == 0]:
        verify(team, claim, claim.annotator, verdicts[claim.annotator], justification=f"{claim.annotator} says")
    async with make_app(team, LEAD).run_test(size=SIZE) as pilot:
        await open_first_article(pilot)
        review = await press_to(pilot, "R", ReviewScreen)
        assert "ann Supported, bob Supported, cy Refuted" in str(review.query_one("#review-detail").render())
        verdicts = await press_to(pilot, "v", VerdictsScreen)
        assert [v.annotator for v in verdicts.verifications] == ["ann", "bob", "cy"]
        assert len(verdicts.query(".verdict-column")) == 3 and "they disagree" in str(
            verdicts.query_one("#verdicts-title").render()
        )
        await pilot.press("left")  # round to the last
        assert verdicts.chosen == 2 and verdicts.query(".verdict-column")[2].has_class("chosen")
        await pilot.press("right", "left")
        assert verdicts.chosen == 2
        await pilot.press("a")
        [gold_claim] = team.claims.of_article(article_id, [GOLD])
        [gold] = team.verifications.of_claim(gold_claim.id)
        assert (gold.verdict, gold.adjudicated_by, gold.record.justification) == ("Refuted", LEAD, "cy says")
        assert "taken into gold" in verdicts.status.message and verdicts.verifications[0].annotator == GOLD
        await pilot.press("escape")
        assert pilot.app.screen is review and review.rows[0].gold


@run_async
async def test_verdicts_side_by_side_are_for_leads(team: Store) -> None:
    async with make_app(team, "ann").run_test(size=SIZE) as pilot:
        await open_first_article(pilot)
        await pilot.press("R")
        assert not isinstance(pilot.app.screen, ReviewScreen)


@run_async
async def test_the_agreement_screen_shows_verdict_agreement(team: Store) -> None:
    from tests.verify.helpers import verify

    article_id = team.articles.ids()[0]
    for claim in [c for c in team.claims.of_article(article_id) if c.start == 0]:
        verify(team, claim, claim.annotator, "Supported" if claim.annotator != "cy" else "Refuted")
    async with make_app(team, LEAD).run_test(size=SIZE) as pilot:
        screen = await press_to(pilot, "g", AgreementScreen)
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        overall = str(screen.query_one("#overall").render())
        assert "verdict alpha" in overall and "claims, 2+ verdicts        1" in overall
