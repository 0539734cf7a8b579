"""The verification view: one claim in its context, the verdict keys, the record (normalized claim, details,
justification, questions and answers, evidence) and the Related candidates to attach as evidence, each change saved
at once as the annotator's own verification."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.content import Content, Span
from textual.screen import Screen
from textual.widgets import Static
from textual.worker import get_current_worker

from reader.linking.related import Candidate, Match, rank, related_pool
from reader.models import Article, Claim, Event, Link
from reader.store import Store
from reader.store.verifications import Target
from reader.text import visible
from reader.tui.actions.history import HistoryActions
from reader.tui.data_changed import DataChanged
from reader.tui.keys.live import key_of, keys_of
from reader.tui.keys.registry import VERIFY_KEYS
from reader.tui.routes import OpenHelp
from reader.tui.screens.form import FormField, FormScreen, Values
from reader.tui.widgets.key_hints import KeyHints
from reader.tui.widgets.record_items import Item, RecordItems
from reader.tui.widgets.related_panel import RelatedPanel
from reader.tui.widgets.row_list import RowList
from reader.tui.widgets.status_line import StatusLine
from reader.verify.edits import FormProblem, answer_from, details_from, external_from
from reader.verify.models import CorpusEvidence, Question, Record, Verification
from reader.verify.prefill import draft
from reader.verify.vocab import ANSWER_TYPES, CLAIM_TYPES, SOURCE_MEDIA, STRATEGIES, in_tool_order

CONTEXT = 240
"""Characters of the article shown after the claim."""
BEFORE = 120
"""At most this many characters of the claim's paragraph shown before it."""
CONTEXT_LINES = 6
"""At most this many lines of context: the record and the candidates need the rest of the screen."""
CANDIDATES = 9
"""How many Related candidates are offered as evidence."""


class VerifyScreen(HistoryActions, Screen[None]):
    """One claim's verification by the annotator: every key is a change saved at once (the first makes the
    verification, from the draft the claim and its article give)."""

    DEFAULT_CSS = """
    VerifyScreen { layout: grid; grid-size: 2 6; grid-columns: 1fr 46%; grid-rows: 2 1 6 1 1fr 1; }
    VerifyScreen #verify-header { column-span: 2; padding: 0 1; background: $panel; text-wrap: nowrap;
        text-overflow: ellipsis; }
    VerifyScreen #verify-context { row-span: 2; height: 100%; padding: 0 1; border-bottom: solid $panel-lighten-2; }
    VerifyScreen #candidates-title, VerifyScreen #candidates { border-left: vkey $panel-lighten-2; }
    VerifyScreen #candidates { row-span: 3; overflow-y: scroll; scrollbar-background: $surface;
        scrollbar-background-hover: $surface; scrollbar-background-active: $surface; }
    VerifyScreen .verify-title { padding: 0 1; color: $text-muted; text-style: bold; background: $surface;
        text-wrap: nowrap; text-overflow: ellipsis; }
    VerifyScreen StatusLine { column-span: 2; }
    """
    BINDINGS = VERIFY_KEYS
    AUTO_FOCUS = "#record-items"

    def __init__(self, store: Store, annotator: str, claim_id: str, order: list[str]) -> None:
        super().__init__()
        self.store = store
        self.annotator = annotator
        self.schema = store.schema
        self.claim_id = claim_id
        self.order = order
        self.claim: Claim | None = None
        self.article: Article | None = None
        self.verification: Verification | None = None
        self.stored = False
        self.mine_count = 0
        """How many verifications of this claim are mine (an import may have brought several of one claim text)."""
        self.items = RecordItems(id="record-items")
        self.candidates = RelatedPanel([], {}, {}, id="candidates")
        self.status = StatusLine(annotator, id="verify-status")
        self._texts: dict[str, Article] = {}
        self._header: tuple[str, Sequence[Span]] | None = None
        """What the header shows, so a save that changes nothing there does not repaint it."""

    def compose(self) -> ComposeResult:
        # One grid, no containers: each repaint walks every widget on the screen, so fewer is faster.
        yield Static(id="verify-header")
        yield Static(id="verify-context")
        yield Static(id="candidates-title", classes="verify-title")
        yield self.candidates
        yield Static(id="record-title", classes="verify-title")
        yield self.items
        yield self.status
        yield KeyHints("verify", self.schema)

    def on_mount(self) -> None:
        keys = keys_of(self)
        self.query_one("#record-title", Static).update(
            Content(
                f"the record  ·  Enter edits  ·  {keys.label('verify-remove')} removes  ·  "
                f"{keys.label('question-add')} question  ·  {keys.label('answer-add')} answer"
            )
        )
        self.query_one("#candidates-title", Static).update(
            Content(
                f"evidence from the corpus (Related)  ·  {keys.label('evidence-attach')} or Enter attaches  ·  "
                f"{keys.label('focus-next')} switches lists"
            )
        )
        self.load(self.claim_id)

    def on_data_changed(self, message: DataChanged) -> None:
        """Another process committed: show my verification as stored now."""
        if self.is_current and self.claim is not None:
            self._reread()

    # -- loading ----------------------------------------------------------------------------------------------------

    def open(self, claim_id: str, order: list[str]) -> None:
        """Show another claim in this view, opened again from the article or the list of claims to verify."""
        self.order = order
        self._texts.clear()
        self.items.highlight(None)
        self.items.focus()
        self.load(claim_id)

    def load(self, claim_id: str) -> None:
        """Show a claim: my verification of it (else the draft its claim and article give) and rank its
        counterparts."""
        claim = self.store.claims.get(claim_id)
        self.claim_id, self.claim = claim_id, claim
        self.article = self._article(claim.article_id)
        self._reread()
        self._refresh_context()
        place = f"claim {self.order.index(claim_id) + 1} of {len(self.order)}" if claim_id in self.order else "claim"
        self.status.say(f"{place}  ·  ranking the Related candidates…")
        self.candidates.show([], {}, {})
        self._rank(claim, self.article.text[claim.start : claim.end])

    def _article(self, article_id: str) -> Article:
        """An article, read once per visit (evidence rows show their text)."""
        found = self._texts.get(article_id)
        if found is None:
            found = self._texts[article_id] = self.store.articles.get(article_id)
        return found

    def _reread(self) -> None:
        """Read my verification of the claim again (the first, for records an import brought) and show it."""
        assert self.claim is not None and self.article is not None
        mine = self.store.verifications.mine(self.annotator, self.claim.id)
        self.stored, self.mine_count = bool(mine), len(mine)
        claim, article = self.claim, self.article
        self.verification = (
            mine[0]
            if mine
            else draft(
                claim.id,
                article.id,
                self.annotator,
                article.text[claim.start : claim.end],
                claim.label,
                claim.speaker,
                article.meta,
            )
        )
        self._refresh_record()

    @work(thread=True, exclusive=True, group="verify-related")
    def _rank(self, claim: Claim, quote: str) -> None:
        """Read and rank the claim's counterparts in other articles off the UI thread, as Related does."""
        with self.store.another() as store:
            pool = related_pool(store, claim.article_id, quote)
        if get_current_worker().is_cancelled:
            return
        matches = rank(quote, pool.candidates, limit=CANDIDATES)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._ranked, claim.id, matches, pool.titles)

    def _ranked(self, claim_id: str, matches: list[Match], titles: dict[str, str]) -> None:
        """Show the ranked candidates, if the claim is still the one shown."""
        if claim_id != self.claim_id:
            return
        shown = {m.candidate.article_id: titles[m.candidate.article_id] for m in matches}
        self.candidates.show(matches, shown, self._links())
        self.status.say(
            f"{len(matches)} candidate{'' if len(matches) == 1 else 's'} from other articles"
            if matches
            else f"no likely counterpart in other articles (external evidence: {key_of(self, 'evidence-external')})"
        )

    def _links(self) -> dict[str, Any]:
        """The claim's links, by the claim at their other end."""
        return {link.other(self.claim_id): link for link in self.store.links.of_claim(self.claim_id)}

    # -- what the screen shows --------------------------------------------------------------------------------------

    def _refresh_context(self) -> None:
        """The claim in its context: the text around it, the claim underlined."""
        assert self.claim is not None and self.article is not None
        text, claim = self.article.text, self.claim
        # Before the claim only its own paragraph, at most BEFORE characters: the pane is a few lines tall, and the
        # claim must show in it.
        begin = max(claim.start - BEFORE, text.rfind("\n", 0, claim.start) + 1, 0)
        before = text[begin : claim.start]
        after = text[claim.end : claim.end + CONTEXT]
        context = Content.assemble(
            ("…" if begin > 0 and text[begin - 1] != "\n" else "", "$text-muted"),
            (visible(before), "$text-muted"),
            (visible(text[claim.start : claim.end]), "bold underline"),
            (visible(after), "$text-muted"),
            ("…" if claim.end + CONTEXT < len(text) else "", "$text-muted"),
        )
        pane = self.query_one("#verify-context", Static)
        width = pane.content_region.width
        if width:
            # As tall as the text, at most CONTEXT_LINES: a news claim's context fills them all, so opening the next
            # claim keeps the height and needs no layout pass (which would paint the screen twice).
            lines = min(context.get_height({}, width), CONTEXT_LINES)  # the pane wraps as text does by default
            # The pane spans the grid's 2nd and 3rd rows; Textual lays out again only if they change.
            self.styles.grid_rows = f"2 1 {lines + pane.styles.gutter.height - 1} 1 1fr 1"
        pane.update(context, layout=False)

    def on_resize(self) -> None:
        """The context's height follows the width it wraps to."""
        if self.claim is not None:
            self._refresh_context()

    def _refresh_header(self) -> None:
        """The claim's label, owner and article, then the verdict keys with the one given marked."""
        assert self.claim is not None and self.article is not None and self.verification is not None
        claim, article, verification = self.claim, self.article, self.verification
        facts = [f"{claim.label} claim by {claim.annotator}", article.title, article.meta.get("published") or ""]
        verdicts: list[Content | str | tuple[str, str]] = []
        for verdict in self.schema.verdicts:
            chosen = verdict.name == verification.verdict
            verdicts += [
                (f" {key_of(self, f'verdict-{verdict.key}')} ", "bold $accent"),
                (visible(verdict.name), "bold reverse $success" if chosen else ""),
                " ",
            ]
        mine = self.mine_count
        state = ("saved as yours" if self.stored else "a draft: the first change saves it") + (
            f" ({mine} records of yours on this claim: the first shown)" if mine > 1 else ""
        )
        header = Content.assemble(
            ("Verify  ", "bold $accent"),
            (f"{state}  ·  ", "$text-muted"),
            (visible("  ·  ".join(str(fact) for fact in facts if fact)), "bold"),
            "\n",
            *verdicts,
        )
        if (header.plain, header.spans) != self._header:
            self._header = (header.plain, header.spans)
            # Two lines whatever they say: no layout pass (which would repaint the whole screen).
            self.query_one("#verify-header", Static).update(header, layout=False)

    def _refresh_record(self, index: int | None = None) -> None:
        """The record's rows, keeping the highlighted row (or going to `index`)."""
        assert self.verification is not None
        keep = self.items.index if index is None else index
        self.items.show(self._items(self.verification.record), keep if keep is not None else 0)
        self._refresh_header()

    def _items(self, record: Record) -> list[Item]:
        """The record as rows: claim, details, justification, each question and its answers, each evidence."""
        keys = keys_of(self)
        types = ", ".join(record.claim_types) or "no claim type"
        strategies = ", ".join(record.strategies) or f"no strategy yet ({keys.label('verify-details')})"
        items = [
            Item("claim", "cl", record.normalized_claim, f"the claim as verified ({keys.label('verify-claim')} edits)"),
            Item(
                "details",
                "dt",
                f"date {record.claim_date or '-'}  ·  speaker {record.speaker or '-'}  ·  {types}",
                f"strategies: {strategies}",
            ),
            Item(
                "justification",
                "j",
                record.justification or f"no justification yet ({keys.label('verify-justification')} writes it)",
                "",
            ),
        ]
        for q, question in enumerate(record.questions):
            count = len(question.answers)
            answers = f"{count} answer{'' if count == 1 else 's'}" if count else "no answer yet"
            items.append(Item("question", f"Q{q + 1}", question.question, answers, question=q))
            for a, answer in enumerate(question.answers):
                source = answer.boolean_explanation or ""
                where = f"{answer.source_url} ({answer.source_medium})" if answer.source_url else ""
                items.append(
                    Item(
                        "answer",
                        "A",
                        f"{answer.answer_type}: {answer.answer}",
                        "  ·  ".join(part for part in (source, where) if part),
                        question=q,
                        answer=a,
                    )
                )
        for e, item in enumerate(record.evidence):
            if isinstance(item, CorpusEvidence):
                article = self._article(item.article_id)
                head = f"corpus: {article.title}  ·  sentence {item.sentence}"
                items.append(Item("evidence", f"E{e + 1}", head, article.text[item.start : item.end], evidence=e))
            else:
                head = f"web: {item.url}" + (f"  ·  {item.date}" if item.date else "")
                items.append(Item("evidence", f"E{e + 1}", head, item.passage, evidence=e))
        return items

    def current_item(self) -> Item | None:
        """The highlighted row of the record."""
        index = self.items.index
        return self.items.items[index] if index is not None and index < len(self.items.items) else None

    # -- saving -----------------------------------------------------------------------------------------------------

    def _save(self, record: Record | None = None, *, saved: str, index: int | None = None, **changes: Any) -> None:
        """Save my verification with a new record or other fields, then show it."""
        assert self.verification is not None
        update = dict(changes)
        if record is not None:
            update["record"] = record
        new = self.verification.model_copy(update=update)
        annotator = self.annotator

        def shown(found: Verification) -> None:
            self.verification, self.stored, self.mine_count = found, True, max(self.mine_count, 1)
            self._refresh_record(index)

        self.write(lambda store: store.verifications.save(annotator, new), shown, saved)

    def _record(self, **changes: Any) -> Record:
        """My record with some fields changed, validated."""
        assert self.verification is not None
        return Record.model_validate({**self.verification.record.model_dump(), **changes})

    # -- actions ----------------------------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """A verdict key acts only when the schema's verdict set gives it a verdict."""
        if action == "verdict":
            return self.schema.verdict_for_key(str(parameters[0])) is not None
        return True

    def action_verdict(self, key: str) -> None:
        """Give the verdict of `key`."""
        verdict = self.schema.verdict_for_key(key)
        if verdict is not None:
            self._save(verdict=verdict.name, saved=f"saved: verdict {verdict.name}")

    def action_attach(self) -> None:
        """Attach the highlighted candidate as evidence: its link reused or drawn, a sentence made my claim first."""
        index = self.candidates.index
        if index is None or self.verification is None:
            self.status.say(f"no candidate to attach (external evidence: {key_of(self, 'evidence-external')})")
            return
        match = self.candidates.matches[index]
        candidate = match.candidate
        target = Target(
            candidate.article_id, candidate.start, candidate.end, candidate.claim.id if candidate.claim else None
        )
        confidence = self.schema.default_confidence
        current, annotator, relation = self.verification, self.annotator, match.relation or "same"

        def attach(store: Store) -> tuple[Verification, Claim | None, Link]:
            found = store.verifications.attach(annotator, current, target, relation, confidence)
            evidence = found.record.evidence[-1]
            assert isinstance(evidence, CorpusEvidence) and evidence.claim_id and evidence.link_id
            made = store.claims.get(evidence.claim_id) if candidate.claim is None else None
            return found, made, store.links.get(evidence.link_id)

        self.write(attach, lambda attached: self._attached(*attached, match, index))

    def _attached(self, found: Verification, made: Claim | None, link: Link, match: Match, index: int) -> None:
        """Show evidence just attached: the candidate's row with its link (a bare sentence now a claim of mine) and
        the record's new row, leaving the other rows as drawn."""
        candidate = match.candidate
        self.verification, self.stored, self.mine_count = found, True, max(self.mine_count, 1)
        if made is not None:
            match = replace(
                match, candidate=Candidate(candidate.article_id, made.start, made.end, candidate.text, made)
            )
        self.candidates.replace(index, match, link)
        self._refresh_record(len(self.items.items))
        made_note = " (that sentence is now your claim there, linked)" if made is not None else ""
        self.status.say(
            f"saved: evidence E{len(found.record.evidence)} attached{made_note}  ({key_of(self, 'undo')} undoes)",
            "saved",
        )

    @on(RowList.Selected, "#candidates")
    def _candidate_chosen(self) -> None:
        self.action_attach()

    @on(RowList.Selected, "#record-items")
    def _item_chosen(self) -> None:
        """Enter on a row edits it."""
        item = self.current_item()
        if item is None:
            return
        if item.kind == "claim":
            self.action_edit_claim()
        elif item.kind == "details":
            self.action_details()
        elif item.kind == "justification":
            self.action_justification()
        elif item.kind == "question":
            self._edit_question(item.question)
        elif item.kind == "answer":
            self._edit_answer(item.question, item.answer)
        else:
            self._edit_evidence(item.evidence)

    def _quote(self) -> str:
        """The claim being verified, for the forms' heads."""
        assert self.verification is not None
        return self.verification.record.normalized_claim

    def _form(self, title: str, fields: list[FormField], done: Any, check: Any = None) -> None:
        """Open a form; `done` gets its values when saved (nothing happens on cancel)."""

        def closed(values: Values | None) -> None:
            if values is not None:
                done(values)

        self.app.push_screen(FormScreen(title, self._quote(), fields, check or (lambda values: None)), closed)

    def action_edit_claim(self) -> None:
        """Edit the normalized claim."""
        assert self.verification is not None
        field = FormField("claim", "claim", "line", self.verification.record.normalized_claim)
        self._form(
            "The claim, self-contained (who, what, when)",
            [field],
            lambda values: self._save(
                self._record(normalized_claim=values["claim"]), saved="saved: the claim", index=0
            ),
            lambda values: None if values["claim"] else "the claim cannot be empty",
        )

    def action_justification(self) -> None:
        """Write the justification."""
        assert self.verification is not None
        field = FormField("justification", "justification", "text", self.verification.record.justification)
        self._form(
            "Justification: how the evidence leads to the verdict",
            [field],
            lambda values: self._save(
                self._record(justification=values["justification"]), saved="saved: the justification", index=2
            ),
        )

    def action_details(self) -> None:
        """Edit the claim date, speaker, types, strategies and URLs."""
        assert self.verification is not None
        record = self.verification.record
        fields = [
            FormField("claim_date", "claim date", "line", record.claim_date, placeholder="D-M-YYYY or YYYY-MM-DD"),
            FormField("speaker", "speaker", "line", record.speaker),
            FormField(
                "claim_types", "claim types", "checks", record.claim_types, _options(CLAIM_TYPES, record.claim_types)
            ),
            FormField("strategies", "strategies", "checks", record.strategies, _options(STRATEGIES, record.strategies)),
            FormField("original_claim_url", "claim URL", "line", record.original_claim_url),
            FormField("reporting_source", "reported by", "line", record.reporting_source),
            FormField("location_ISO_code", "country code", "line", record.location_ISO_code, placeholder="e.g. GB"),
            FormField("fact_checking_article", "fact-check URL", "line", record.fact_checking_article),
            FormField("required_reannotation", "needs another look", "flag", record.required_reannotation),
        ]

        def done(values: Values) -> None:
            found = details_from(values)
            found["claim_types"] = in_tool_order(found["claim_types"], CLAIM_TYPES)
            found["strategies"] = in_tool_order(found["strategies"], STRATEGIES)
            self._save(self._record(**found), saved="saved: the details", index=1)

        self._form("Details of the claim", fields, done, _problem(details_from))

    def action_external(self) -> None:
        """Add evidence from outside the corpus."""
        self._form(
            "Evidence from outside the corpus",
            _external_fields("", "", None),
            lambda values: self._add_evidence(external_from(values)),
            _problem(external_from),
        )

    def _add_evidence(self, item: Any) -> None:
        """Append one evidence item."""
        assert self.verification is not None
        evidence = [*self.verification.record.evidence, item]
        self._save(
            self._record(evidence=evidence), saved=f"saved: evidence E{len(evidence)}", index=len(self.items.items)
        )

    def _edit_evidence(self, index: int) -> None:
        """Edit external evidence; corpus evidence is what it points at (remove it instead)."""
        assert self.verification is not None
        item = self.verification.record.evidence[index]
        if isinstance(item, CorpusEvidence):
            self.status.say(
                f"evidence from the corpus is the span it points at ({key_of(self, 'verify-remove')} removes it)"
            )
            return
        row = self.items.index

        def done(values: Values) -> None:
            assert self.verification is not None
            evidence = list(self.verification.record.evidence)
            evidence[index] = external_from(values)
            self._save(self._record(evidence=evidence), saved=f"saved: evidence E{index + 1}", index=row)

        self._form("Evidence from outside the corpus", _external_fields(item.url, item.passage, item.date), done)

    def action_add_question(self) -> None:
        """Add a question and its first answer (an empty answer adds the question alone)."""

        def done(values: Values) -> None:
            answers = [answer_from(values)] if values["answer"] or values["answer_type"] == "Unanswerable" else []
            questions = [*self._questions(), Question(question=values["question"], answers=answers)]
            self._save(
                self._record(questions=questions),
                saved=f"saved: question Q{len(questions)}",
                index=self._row_of(len(questions) - 1),
            )

        def check(values: Values) -> str | None:
            if not values["question"]:
                return "write the question"
            if values["answer"] or values["answer_type"] == "Unanswerable":
                return _problem(answer_from)(values)
            return None

        fields = [FormField("question", "question", "line", ""), *_answer_fields(None)]
        self._form("A question, and the answer found", fields, done, check)

    def action_add_answer(self) -> None:
        """Add an answer to the highlighted question (or the question of the highlighted answer)."""
        item = self.current_item()
        if item is None or item.question < 0:
            self.status.say(f"highlight a question first ({key_of(self, 'question-add')} adds one)")
            return
        index = item.question

        def done(values: Values) -> None:
            questions = self._questions()
            question = questions[index]
            questions[index] = question.model_copy(update={"answers": [*question.answers, answer_from(values)]})
            self._save(
                self._record(questions=questions),
                saved=f"saved: an answer to Q{index + 1}",
                index=self._row_of(index, len(question.answers)),
            )

        self._form(f"Another answer to Q{index + 1}", _answer_fields(None), done, _problem(answer_from))

    def _edit_question(self, index: int) -> None:
        """Edit a question's text."""
        questions = self._questions()
        row = self.items.index

        def done(values: Values) -> None:
            found = self._questions()
            found[index] = found[index].model_copy(update={"question": values["question"]})
            self._save(self._record(questions=found), saved=f"saved: Q{index + 1}", index=row)

        field = FormField("question", "question", "line", questions[index].question)
        self._form(
            f"Question Q{index + 1}", [field], done, lambda values: None if values["question"] else "write the question"
        )

    def _edit_answer(self, question: int, index: int) -> None:
        """Edit an answer (an imported answer keeps its archived URL)."""
        old = self._questions()[question].answers[index]
        row = self.items.index

        def done(values: Values) -> None:
            questions = self._questions()
            answers = list(questions[question].answers)
            answers[index] = answer_from(values, old.cached_source_url)
            questions[question] = questions[question].model_copy(update={"answers": answers})
            self._save(self._record(questions=questions), saved=f"saved: an answer to Q{question + 1}", index=row)

        self._form(f"An answer to Q{question + 1}", _answer_fields(old), done, _problem(answer_from))

    def _questions(self) -> list[Question]:
        """A copy of my record's questions, to change."""
        assert self.verification is not None
        return list(self.verification.record.questions)

    def _row_of(self, question: int, answer: int | None = None) -> int:
        """The record row of a question (or of one of its answers), once saved."""
        assert self.verification is not None
        row = 3
        for q, found in enumerate(self.verification.record.questions):
            if q == question:
                return row + (answer + 1 if answer is not None else 0)
            row += 1 + len(found.answers)
        return row + (answer + 1 if answer is not None else 0)

    def action_remove(self) -> None:
        """Remove the highlighted question (with its answers), answer or evidence."""
        item = self.current_item()
        if item is None or item.kind in ("claim", "details", "justification"):
            self.status.say("highlight a question, an answer or evidence to remove")
            return
        assert self.verification is not None
        record = self.verification.record
        if item.kind == "evidence":
            evidence = [e for n, e in enumerate(record.evidence) if n != item.evidence]
            changed = self._record(evidence=evidence)
            what = f"evidence E{item.evidence + 1} removed (its link stays: Related shows it)"
        elif item.kind == "question":
            changed = self._record(questions=[q for n, q in enumerate(record.questions) if n != item.question])
            what = f"Q{item.question + 1} removed with its answers"
        else:
            questions = self._questions()
            question = questions[item.question]
            answers = [a for n, a in enumerate(question.answers) if n != item.answer]
            questions[item.question] = question.model_copy(update={"answers": answers})
            changed = self._record(questions=questions)
            what = f"an answer to Q{item.question + 1} removed"
        self._save(changed, saved=f"saved: {what}  ({key_of(self, 'undo')} undoes)")

    def action_step(self, step: int) -> None:
        """Verify the next or previous claim of the order this view was opened with."""
        if self.claim_id not in self.order:
            return
        index = self.order.index(self.claim_id) + step
        if not 0 <= index < len(self.order):
            self.status.say("no more claims" if step > 0 else "this is the first claim")
            return
        self.load(self.order[index])

    def action_focus_pane(self, step: int) -> None:
        """Switch between the record and the candidates."""
        (self.candidates if self.items.has_focus else self.items).focus()

    def history_of(self) -> tuple[str, str]:
        assert self.claim is not None
        return self.annotator, self.claim.article_id

    def show_history(self, events: list[Event], *, undo: bool) -> None:
        """Show my verification as the undone or redone events left it, and the links they changed."""
        self._reread()
        self.candidates.show(self.candidates.matches, self.candidates.titles, self._links(), self.candidates.index)

    def action_help(self) -> None:
        self.post_message(OpenHelp())

    def action_back(self) -> None:
        self.dismiss()


def _options(order: tuple[str, ...], chosen: list[str]) -> tuple[str, ...]:
    """A check list's options: the tool's in its order, then any other a record holds."""
    return (*order, *(value for value in chosen if value not in order))


def _answer_fields(answer: Any) -> list[FormField]:
    """The answer form's fields, filled from an answer (or empty)."""
    return [
        FormField("answer", "answer", "line", answer.answer if answer else ""),
        FormField("answer_type", "answer type", "choice", answer.answer_type if answer else "Extractive", ANSWER_TYPES),
        FormField(
            "boolean_explanation",
            "why (Boolean)",
            "line",
            (answer.boolean_explanation or "") if answer else "",
            placeholder="a Boolean answer says why",
        ),
        FormField("source_url", "source URL", "line", answer.source_url if answer else ""),
        FormField(
            "source_medium",
            "source medium",
            "choice",
            answer.source_medium if answer else "Web text",
            ("", *SOURCE_MEDIA),
        ),
    ]


def _external_fields(url: str, passage: str, date: str | None) -> list[FormField]:
    """External evidence's fields."""
    return [
        FormField("url", "URL", "line", url),
        FormField("passage", "passage", "text", passage),
        FormField("date", "date", "line", date or "", placeholder="when it was published"),
    ]


def _problem(make: Any) -> Any:
    """A form check from a maker that raises FormProblem."""

    def check(values: Values) -> str | None:
        try:
            make(values)
        except FormProblem as exc:
            return str(exc)
        return None

    return check
