"""Review (leads): one article's claims from every annotator as aligned rows, adjudicated into gold with one key
each."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from reader.models import GOLD, Claim, Event, GoldItem
from reader.review.adjudication import (
    MODES,
    Mode,
    ReviewRow,
    Variant,
    build_rows,
    consensus,
    progress,
    reviewers_of,
)
from reader.store import Store
from reader.text import visible
from reader.tui.actions.history import HistoryActions
from reader.tui.data_changed import DataChanged
from reader.tui.keys.live import key_of
from reader.tui.keys.registry import REVIEW_KEYS
from reader.tui.routes import OpenHelp, OpenVerdicts, ReviewModeChosen
from reader.tui.screens.editor import EditorScreen
from reader.tui.widgets.key_hints import KeyHints
from reader.tui.widgets.review_rows import ReviewRows
from reader.tui.widgets.row_list import RowList
from reader.tui.widgets.status_line import StatusLine

CONTEXT = 160
"""Characters of text shown on each side of the highlighted row's span."""
AGREEMENT_WORDS = {"unanimous": "all agree", "majority": "a majority agrees", "disagree": "disagreement"}


class ReviewScreen(HistoryActions, Screen[None]):
    """A lead's adjudication of one article: accept, edit or reject each row, accept every agreed row at once, undo."""

    DEFAULT_CSS = """
    ReviewScreen #review-header {
        height: 2; padding: 0 1; background: $panel; text-wrap: nowrap; text-overflow: ellipsis;
    }
    ReviewScreen #review-body { height: 1fr; }
    ReviewScreen #review-left { width: 1fr; }
    ReviewScreen #review-heading {
        height: 1; color: $text-muted; text-style: bold; background: $surface; text-wrap: nowrap; text-overflow: clip;
    }
    ReviewScreen #review-rows { height: 1fr; }
    ReviewScreen #review-detail {
        width: 44; max-width: 45%; height: 1fr; overflow-y: auto; padding: 0 1; border-left: vkey $panel-lighten-2;
    }
    """
    BINDINGS = REVIEW_KEYS
    AUTO_FOCUS = "#review-rows"

    def __init__(self, store: Store, lead: str, article_id: str, order: list[str], mode: Mode | None = None) -> None:
        super().__init__()
        self.store = store
        self.lead = lead
        self.order = order
        self.article_id = article_id
        self.mode = mode or store.schema.auto_accept
        """What accept-all takes: the mode the lead chose last in this reader, else the schema's auto_accept."""
        self.rows: list[ReviewRow[Claim]] = []
        self.chosen: dict[str, int] = {}
        self.reviewers: list[str] = []
        self.done_by: list[str] = []
        self.title_text = ""
        self.text = ""
        self.row_list = ReviewRows(store.schema, id="review-rows")
        self.status = StatusLine(lead, id="review-status")

    def compose(self) -> ComposeResult:
        yield Static(id="review-header")
        with Horizontal(id="review-body"):
            with Vertical(id="review-left"):
                yield Static(id="review-heading")
                yield self.row_list
            yield Static(id="review-detail")
        yield self.status
        yield KeyHints("review")

    def on_mount(self) -> None:
        self.load(self.article_id)

    def on_data_changed(self, message: DataChanged) -> None:
        """Another process committed (an annotator changed a claim, another lead adjudicated): rebuild the rows."""
        self.reload()

    # -- loading ----------------------------------------------------------------------------------

    def load(self, article_id: str) -> None:
        """Show an article's rows from the top."""
        article = self.store.articles.get(article_id)
        self.article_id, self.title_text, self.text = article_id, article.title, article.text
        self.chosen = {}
        self.reload(first=True)
        mode = key_of(self, "review-mode")
        self.status.say(f"{self._place()}  ·  accept-all takes {self.mode} rows ({mode} switches)")

    def reload(self, keep: str | None = None, *, first: bool = False) -> None:
        """Rebuild the rows from the store after a change, keeping the row `keep` (else the highlighted one) in view."""
        keep = keep or self.current_key()
        claims = self.store.claims.of_article(self.article_id)
        self.done_by = self.store.progress.done_by(self.article_id)
        self.reviewers = reviewers_of(self.done_by, (c.annotator for c in claims))
        rejected = self.store.gold.rejected_rows(self.article_id).get(self.article_id, set())
        self.rows = build_rows(claims, self.reviewers, rejected)
        kept = next((i for i, row in enumerate(self.rows) if row.key == keep), self.row_list.index or 0)
        index = 0 if first else kept
        self.row_list.show(self.rows, self.chosen, self.reviewers, self.text, index)
        self.query_one("#review-heading", Static).update(Content(self.row_list.heading()))
        self._refresh_header()
        self._refresh_detail()

    def _refresh_header(self) -> None:
        """Title, then whose claims are compared, review progress, gold count and the accept-all mode."""
        reviewed, total = progress(self.rows)
        everyone = len(self.done_by) >= 2
        who = ", ".join(self.reviewers) or "nobody"
        facts = [
            f"compared: {who}" + ("" if everyone else " (fewer than two marked it done)"),
            f"reviewed {reviewed}/{total}",
            f"gold {sum(len(row.gold) for row in self.rows)}",
            f"accept-all: {self.mode} ({key_of(self, 'review-mode')})",
        ]
        self.query_one("#review-header", Static).update(
            Content.assemble(
                ("Review  ", "bold $accent"),
                (visible(self.title_text), "bold"),
                "\n",
                (visible("  ·  ".join(facts)), "$text-muted"),
            ),
            layout=False,
        )

    def _refresh_detail(self) -> None:
        """The highlighted row in full: its text in context, every variant with who gave it, notes, and gold."""
        row = self.current_row()
        detail = self.query_one("#review-detail", Static)
        if row is None:
            detail.update(Content.styled("no claims from the compared annotators here", "$text-muted"))
            return
        parts: list[Content | str | tuple[str, str]] = [
            (f"row {self.rows.index(row) + 1} of {len(self.rows)}  ·  ", "$text-muted"),
            (_agreement_words(row), "bold"),
            "\n",
        ]
        choice = self._choice(row)
        span = choice or row.gold[0]
        before = self.text[max(span.start - CONTEXT, 0) : span.start]
        after = self.text[span.end : span.end + CONTEXT]
        parts += [
            (visible(before), "$text-muted"),
            (visible(self.text[span.start : span.end]), "bold underline"),
            (visible(after), "$text-muted"),
            "\n\n",
        ]
        for gold in row.gold:
            parts += [
                ("gold  ", "bold"),
                _claim_words(gold, self.store),
                (visible(f"  by {gold.adjudicated_by}"), "$text-muted"),
                "\n",
            ]
        if row.rejected:
            parts += [("rejected", "bold $error"), " (no gold claim here)\n"]
        parts += self._verdict_lines(span.start, span.end)
        for variant in row.variants:
            parts += [
                ("▸ " if variant is choice else "  ", "bold $accent"),
                (variant.label, "bold"),
                f"  {variant.start}-{variant.end}  ",
                (visible(", ".join(variant.annotators)), "$accent"),
                "\n",
            ]
            for claim in variant.units:
                parts += [visible(f"    {claim.annotator}: "), _claim_words(claim, self.store), "\n"]
        detail.update(Content.assemble(*parts))

    def _verdict_lines(self, start: int, end: int) -> list[Content | str | tuple[str, str]]:
        """Who verified a claim of this span and how (the verifications key shows them side by side)."""
        claims = [c.id for c in self.store.claims.of_article(self.article_id) if (c.start, c.end) == (start, end)]
        given = sorted((v for v in self.store.verifications.of_claims(claims) if v.verdict), key=lambda v: v.annotator)
        if not given:
            return []
        verdicts = ", ".join(f"{v.annotator} {v.verdict}" for v in given)
        return [
            ("verdicts  ", "bold"),
            visible(verdicts),
            (f"  ({key_of(self, 'review-verdicts')})\n\n", "$text-muted"),
        ]

    def _place(self) -> str:
        """Where this article sits in the order it was opened from."""
        if len(self.order) > 1 and self.article_id in self.order:
            steps = f"{key_of(self, 'article-next')} {key_of(self, 'article-previous')}"
            return f"article {self.order.index(self.article_id) + 1} of {len(self.order)} ({steps} move)"
        return "review"

    # -- the current row ----------------------------------------------------------------------------

    def current_row(self) -> ReviewRow[Claim] | None:
        """The highlighted row."""
        index = self.row_list.index
        return self.rows[index] if index is not None and index < len(self.rows) else None

    def current_key(self) -> str | None:
        """The highlighted row's key."""
        row = self.current_row()
        return row.key if row else None

    def _choice(self, row: ReviewRow[Claim]) -> Variant[Claim] | None:
        """The variant of a row that accept and edit take (the most given one unless the lead chose another)."""
        return row.variants[self.chosen.get(row.key, 0)] if row.variants else None

    @on(RowList.Highlighted, "#review-rows")
    def _moved(self) -> None:
        self._refresh_detail()

    # -- actions ----------------------------------------------------------------------------------

    def action_variant(self, step: int) -> None:
        """Choose another variant of the highlighted row for accept and edit."""
        row = self.current_row()
        if row is None or len(row.variants) < 2:
            self.status.say("this row has only one variant")
            return
        self.chosen[row.key] = (self.chosen.get(row.key, 0) + step) % len(row.variants)
        self.row_list.show(self.rows, self.chosen, self.reviewers, self.text, self.row_list.index)
        self._refresh_detail()

    def _open_row(self, verb: str) -> tuple[ReviewRow[Claim], Variant[Claim]] | None:
        """The highlighted row and its chosen variant, if it can still be accepted; else say why."""
        row = self.current_row()
        choice = self._choice(row) if row else None
        if row is None or choice is None:
            self.status.say(f"nothing to {verb} here", "error")
            return None
        if row.gold:
            self.status.say(
                f"already in gold: {key_of(self, 'review-edit')} edits the gold claim, "
                f"{key_of(self, 'review-reject')} rejects it, {key_of(self, 'undo')} undoes",
                "error",
            )
            return None
        return row, choice

    def action_accept(self) -> None:
        """Take the chosen variant of the highlighted row into gold as it is (consensus fields)."""
        found = self._open_row("accept")
        if found is None:
            return
        row, choice = found
        self._accept(
            [GoldItem(row.key, choice.start, choice.end, consensus(choice))],
            row.key,
            f"saved: {choice.label} taken into gold",
        )

    def _accept(self, items: list[GoldItem], keep: str | None, saved: str) -> None:
        """Write gold items in one transaction and show the rows again."""
        lead, article_id = self.lead, self.article_id
        self.write(lambda store: store.gold.accept(lead, article_id, items), lambda _: self.reload(keep), saved)

    def action_accept_agreed(self) -> None:
        """Take every open row the annotators agree on (under the current mode) into gold, as one undo step."""
        agreed = [row for row in self.rows if not row.reviewed and row.agreed(self.mode)]
        if not agreed:
            self.status.say(
                f"no open {self.mode} rows ({key_of(self, 'review-mode')} switches to "
                f"{MODES[(MODES.index(self.mode) + 1) % len(MODES)]})"
            )
            return
        items = [GoldItem(row.key, v.start, v.end, consensus(v)) for row in agreed for v in row.variants[:1]]
        self._accept(
            items,
            None,
            f"saved: {len(items)} {self.mode} row{'' if len(items) == 1 else 's'} "
            f"taken into gold ({key_of(self, 'undo')} undoes them together)",
        )

    def action_mode(self) -> None:
        """Switch what accept-all takes: unanimous rows only, or majority rows too."""
        self.mode = MODES[(MODES.index(self.mode) + 1) % len(MODES)]
        self.post_message(ReviewModeChosen(self.mode))
        self._refresh_header()
        waiting = sum(not row.reviewed and row.agreed(self.mode) for row in self.rows)
        self.status.say(f"accept-all now takes {self.mode} rows: {waiting} open")

    def action_edit(self) -> None:
        """Edit the gold claim of the row, or edit the chosen variant's fields and take the result into gold."""
        row = self.current_row()
        if row is None:
            return
        if row.gold:
            gold = row.gold[0]
            self.app.push_screen(
                EditorScreen(gold, self.store.schema, self.text),
                lambda changes: self._edited_gold(gold, row.key, changes),
            )
            return
        found = self._open_row("edit")
        if found is None:
            return
        _, choice = found
        draft = Claim.model_construct(
            id="",
            article_id=self.article_id,
            annotator=GOLD,
            start=choice.start,
            end=choice.end,
            **consensus(choice).model_dump(),
        )
        self.app.push_screen(
            EditorScreen(draft, self.store.schema, self.text), lambda changes: self._edited_choice(row, choice, changes)
        )

    def _edited_choice(self, row: ReviewRow[Claim], choice: Variant[Claim], changes: dict[str, Any] | None) -> None:
        """Take the edited variant into gold (Esc in the editor takes nothing)."""
        if changes is None:
            self.status.say("edit cancelled: nothing taken into gold")
            return
        start, end = changes.pop("start", choice.start), changes.pop("end", choice.end)
        if (start, end) != (choice.start, choice.end):
            changes["span"] = f"{start}-{end}"
        fields = consensus(choice).model_copy(update={k: v for k, v in changes.items() if k != "span"})
        self._accept(
            [GoldItem(row.key, start, end, fields)],
            row.key,
            f"saved: {fields.label} taken into gold (edited: {', '.join(changes) or 'nothing'})",
        )

    def _edited_gold(self, gold: Claim, key: str, changes: dict[str, Any] | None) -> None:
        """Write what the editor changed on a gold claim."""
        if not changes:
            return
        lead = self.lead
        self.write(
            lambda store: store.gold.edit(lead, gold.id, **changes),
            lambda _: self.reload(key),
            f"saved: gold claim edited ({', '.join(changes)})",
        )

    def action_reject(self) -> None:
        """Reject the highlighted row: no gold claim there (removing any taken from it)."""
        row = self.current_row()
        if row is None:
            return
        if row.rejected:
            self.status.say(f"already rejected ({key_of(self, 'undo')} undoes)")
            return
        gold_ids, lead, article_id = [gold.id for gold in row.gold], self.lead, self.article_id
        self.write(
            lambda store: store.gold.reject_row(lead, article_id, row.key, gold_ids),
            lambda _: self.reload(row.key),
            "saved: rejected" + (" and removed from gold" if gold_ids else ""),
        )

    def action_verifications(self) -> None:
        """Every verification of the highlighted row's span side by side, to take one into gold."""
        row = self.current_row()
        span = (self._choice(row) or row.gold[0]) if row else None
        if row is None or span is None:
            self.status.say("no row here", "error")
            return
        self.post_message(
            OpenVerdicts(self.article_id, (span.start, span.end), row.key, on_close=lambda _: self.reload(row.key))
        )

    def action_next_open(self) -> None:
        """Highlight the next row not yet reviewed (wrapping)."""
        start = (self.row_list.index or 0) + 1
        ordered = list(range(start, len(self.rows))) + list(range(start))
        index = next((i for i in ordered if not self.rows[i].reviewed), None)
        if index is None:
            self.status.say("every row here is reviewed")
            return
        self.row_list.highlight(index, announce=True)

    def history_of(self) -> tuple[str, str]:
        return self.lead, self.article_id

    def show_history(self, events: list[Event], *, undo: bool) -> None:
        """Show the rows again: an undone accept-all changes many of them."""
        self.reload()

    def action_article(self, step: int) -> None:
        """Review the next or previous article of the order this screen was opened with."""
        index = self.order.index(self.article_id) + step if self.article_id in self.order else -1
        if not 0 <= index < len(self.order):
            self.status.say("no more articles" if step > 0 else "this is the first article")
            return
        self.load(self.order[index])

    def action_help(self) -> None:
        self.post_message(OpenHelp())

    def action_back(self) -> None:
        self.dismiss()


def _agreement_words(row: ReviewRow[Claim]) -> str:
    """A row's agreement in words, with its count."""
    if not row.variants:
        return "gold only (no annotator matched it)"
    return f"{AGREEMENT_WORDS[row.status]} ({row.support} of {row.reviewers} on span and label)"


def _claim_words(claim: Claim, store: Store) -> Content:
    """A claim's label, confidence, flags, speaker and note as inert text."""
    level = next((c.name for c in store.schema.confidence if c.value == claim.confidence), str(claim.confidence))
    flags = [name for name in ("checkworthy", "hedged") if getattr(claim, name)]
    extra = [f"speaker {claim.speaker}"] if claim.speaker else []
    extra += [f"note “{claim.note}”"] if claim.note else []
    return Content.assemble(
        (claim.label, "bold"),
        f" {level}",
        (" ".join(["", *flags]), "$warning"),
        (visible("  ".join(["", *extra])), "$text-muted"),
    )
