"""The article screen: text and claim sidebar; turns the annotator's keys into store writes and shows "saved" after
each commit."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from rich.cells import cell_len
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.events import Resize
from textual.screen import Screen
from textual.widgets import Static

from reader.models import Claim, ClaimFields, Event, Progress
from reader.schema import ConfidenceLevel, LabelDef
from reader.segment import Segments
from reader.store import Store
from reader.text import visible
from reader.tui.actions.history import HistoryActions
from reader.tui.actions.live_article import LiveArticle
from reader.tui.actions.related import RelatedActions
from reader.tui.actions.suggestions import SuggestionActions
from reader.tui.claim_set import ClaimSet
from reader.tui.keys.live import key_of, keys_of
from reader.tui.keys.names import keys_label
from reader.tui.keys.registry import ARTICLE_KEYS, CONFIDENCE_KEYS, PLACE, SLOTS
from reader.tui.layout import Mark
from reader.tui.learner import Learner
from reader.tui.routes import OpenHelp, OpenReview, OpenVerification
from reader.tui.screens.editor import EditorScreen
from reader.tui.span_words import counted, ends
from reader.tui.widgets.article_view import ArticleView
from reader.tui.widgets.claim_list import ClaimList
from reader.tui.widgets.find_bar import FindBar
from reader.tui.widgets.key_hints import KeyHints
from reader.tui.widgets.label_legend import label_legend
from reader.tui.widgets.row_list import RowList
from reader.tui.widgets.status_line import StatusLine

if TYPE_CHECKING:
    from reader.tui.app import ClaimReader

POSITION_SAVE_SECONDS = 3.0
PROMPT_ACTIONS = frozenset({"confidence", "cancel_tag"})
"""The actions of the confidence prompt: they act only while a tag waits for its confidence, and only they do then."""


class ArticleBody(Horizontal):
    """The text beside the claim sidebar; it holds the confidence prompt's keys, which share keys with the screen's
    label keys (Textual keeps one binding per key on each node once a keymap moves one)."""

    BINDINGS = CONFIDENCE_KEYS


class ArticleScreen(HistoryActions, SuggestionActions, RelatedActions, LiveArticle, Screen[None]):
    """One article for one annotator: every key is a move, a selection or a committed change."""

    BINDINGS = ARTICLE_KEYS
    if TYPE_CHECKING:
        app: ClaimReader  # Textual's property, typed as the reader it always is here

    def __init__(self, store: Store, annotator: str, article_id: str, order: list[str], learner: Learner) -> None:
        super().__init__()
        self.learner = learner
        self.store = store
        self.annotator = annotator
        self.schema = store.schema
        self.order = order
        self.article_id = article_id
        self.text = ""
        self.claims = ClaimSet([], annotator, show_others=False)
        self.done = False
        self._pending: tuple[LabelDef, tuple[int, int]] | None = None
        self._retagging: Claim | None = None
        self._selection_said = ""
        self._find_from = 0
        """My claim on the pending tag's span with the same label: the confidence answer changes its confidence."""
        self._saved_position = 0
        self._header: tuple[str, str, int] | None = None
        self.view = ArticleView(id="text")
        self.sidebar = ClaimList(self.schema, id="claims")
        self.status = StatusLine(annotator, id="status")
        self.hints = KeyHints("article", self.schema, id="keys")

    def compose(self) -> ComposeResult:
        yield Static(id="article-header")
        with ArticleBody(id="article-body"):
            yield self.view
            yield self.sidebar
        yield FindBar(id="find")
        yield self.status
        yield self.hints

    AUTO_FOCUS = "#text"

    def on_mount(self) -> None:
        self.watch(self.view, "focused_claim", self._claim_focused, init=False)
        self.watch(self.view, "focused_suggestion", self.suggestion_focused, init=False)
        self.watch(self.view, "selected", self._selection_changed, init=False)
        self.load(self.article_id)
        self.set_interval(POSITION_SAVE_SECONDS, self.save_position)

    def on_unmount(self) -> None:
        self.save_position()

    # -- loading ----------------------------------------------------------------------------------

    def load(self, article_id: str) -> None:
        """Show an article at the annotator's remembered reading position."""
        article = self.store.articles.get(article_id)
        progress = self.store.progress.get(article_id, self.annotator)
        self.article_id, self.text = article_id, article.text
        self.article_title = article.title
        self.meta = article.meta
        self.words = article.words
        self.done = progress.done
        self._saved_position = progress.position
        self.claims = ClaimSet(self.store.claims.of_article(article_id), self.annotator, self.claims.show_others)
        self.sidebar.marks = self.store.verifications.marks(article_id, self.annotator)
        self.pending = None
        colors = {label.name: label.color for label in self.schema.labels}
        self.view.load(article.text, Segments(article.text), self._marks(), colors, progress.position)
        self.query_one(FindBar).close()
        self._refresh_sidebar()
        self._refresh_header()
        self._refresh_count()
        self.status.say(
            f"{self._place()}  ·  others' claims {'shown' if self.claims.show_others else 'hidden'} "
            f"({key_of(self, 'others')})"
        )
        self.load_suggestions()

    def _mark(self, claim: Claim) -> Mark:
        """A claim as the text view paints it."""
        return Mark(claim.start, claim.end, claim.label, claim.annotator == self.annotator, claim.id)

    def _marks(self) -> list[Mark]:
        """The visible claims as marks for the text view."""
        return [self._mark(claim) for claim in self.claims.shown]

    def show_claims(self, claims: ClaimSet) -> None:
        """Show a new set of this article's claims: text marks, sidebar, header counts and the status line's count."""
        self.claims = claims
        self.view.set_marks(self._marks())
        self._refresh_sidebar()
        self._refresh_header()
        self._refresh_count()

    def _refresh_sidebar(self, first_changed: int = 0) -> None:
        """List the visible claims; rows before `first_changed` are unchanged."""
        self.sidebar.show(self.claims.shown, self.text, self.claims.index(self.view.current), first_changed)

    def _refresh_header(self) -> None:
        """Title line, then source, date, size, done state and the other annotators' counts (mine are on the status
        line), then which key tags which label."""
        others = ", ".join(f"{name} {n}" for name, n in self.claims.others().items()) or "none"
        facts = [
            self.meta.get("source"),
            self.meta.get("published"),
            f"{self.words:,} words",
            "done" if self.done else "not done",
            f"others: {others}",
        ]
        line = "  ·  ".join(visible(str(fact)) for fact in facts if fact)
        width = max(self.size.width - 2, 20)
        if (self.article_title, line, width) == self._header:
            return
        legend = label_legend(self.schema, keys_of(self), width)
        relayout = self._header is None or self._header[2] != width  # the legend may take more or fewer lines
        self._header = (self.article_title, line, width)
        parts: list[Content | str | tuple[str, str]] = [
            (visible(self.article_title), "bold"),
            "\n",
            (line, "$text-muted"),
        ]
        for legend_line in legend:
            parts += ["\n", *legend_line]
        self.query_one("#article-header", Static).update(Content.assemble(*parts), layout=relayout)

    def on_resize(self, event: Resize) -> None:
        """The legend of label keys may take more or fewer lines at the new width."""
        if self._header is not None:
            self._refresh_header()

    def _refresh_count(self) -> None:
        """My claims on this article, next to my name on the status line."""
        mine = self.claims.counts[self.annotator]
        self.status.set_count(f"{mine} claim{'' if mine == 1 else 's'} here")

    def _place(self) -> str:
        """Where this article sits in the library order."""
        if self.article_id in self.order:
            return f"article {self.order.index(self.article_id) + 1} of {len(self.order)}"
        return "article"

    def save_position(self) -> None:
        """Remember the reading position (the cursor) if it moved since the last save; when the database is busy,
        the next save tries again (nothing waits for it)."""
        position, article_id = self.view.cursor, self.article_id
        if position != self._saved_position and self.write_if_free(
            lambda store: store.progress.set_position(article_id, self.annotator, position)
        ):
            self._saved_position = position

    # -- messages from the widgets ----------------------------------------------------------------

    def _claim_focused(self, claim_id: str | None) -> None:
        """Follow the text's cursor in the sidebar; an error about the claim that was under it is stale now."""
        self.sidebar.highlight(self.claims.index(claim_id))
        if self.status.kind == "error":
            self.status.say("")

    def _selection_changed(self, span: tuple[int, int] | None) -> None:
        """Say how many words are selected and how to move its ends; once nothing is selected, stop saying it."""
        if span is None or self.pending is not None:
            if self._selection_said and self.status.message == self._selection_said:
                self.status.say("")
            return
        self._selection_said = f"{counted(self.view.segments.word_count(*span))} selected{self._selection_keys}"
        self.status.say(self._selection_said)

    @cached_property
    def _selection_keys(self) -> str:
        """What the keys do to a selection, said after its word count."""
        keys = keys_of(self)
        tags = keys_label([keys.keys(f"label-{label.key}")[0] for label in self.schema.labels if label.key in SLOTS])
        return (
            f"  ·  {tags} tags it, {keys.label('selection-other-end')} moves the other end, "
            f"{keys.label('clause-previous')} {keys.label('clause-next')} to clause edges"
        )

    @on(RowList.Highlighted, "#claims")
    def _sidebar_moved(self, message: RowList.Highlighted) -> None:
        self.view.focus_claim(self.sidebar.claims[message.index].id)

    @on(RowList.Selected, "#claims")
    def _sidebar_chosen(self, message: RowList.Selected) -> None:
        self.view.focus_claim(self.sidebar.claims[message.index].id)
        self.view.focus()

    @on(FindBar.Search)
    def _find(self, message: FindBar.Search) -> None:
        self.view.set_hits(message.hits, message.index)
        self.status.say(message.summary)

    @on(FindBar.Closed)
    def _find_closed(self, message: FindBar.Closed) -> None:
        self.view.set_hits([], None)
        if not message.go:
            self.view.go_to(self._find_from)
        self.view.focus()

    # -- the confidence prompt --------------------------------------------------------------------

    @property
    def pending(self) -> tuple[LabelDef, tuple[int, int]] | None:
        """The tag waiting for its confidence: its label and span."""
        return self._pending

    @pending.setter
    def pending(self, pending: tuple[LabelDef, tuple[int, int]] | None) -> None:
        """Start or end the wait: while a tag waits, only the prompt's keys act and the footer shows them."""
        waiting, self._pending = self._pending is not None, pending
        if waiting == (pending is not None):
            return
        self.view.held = self.sidebar.held = pending is not None
        self.view.show_pending(pending[1] if pending else None)
        self.hints.show(self._prompt_hints if pending else self._hints)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The prompt's keys act while a tag waits for its confidence, every other key of the screen at other times."""
        if self.pending is None:
            return action not in PROMPT_ACTIONS
        if action == "confidence":
            return not parameters[0] or self.schema.confidence_for_key(str(parameters[0])) is not None
        return action in PROMPT_ACTIONS

    def _default_level(self) -> ConfidenceLevel:
        """The schema's default confidence level (what Enter answers)."""
        return next(c for c in self.schema.confidence if c.value == self.schema.default_confidence)

    @cached_property
    def _hints(self) -> list[tuple[str, str]]:
        """The footer's hints while no tag waits."""
        return keys_of(self).hints(PLACE["article"], self.schema)

    @cached_property
    def _prompt_hints(self) -> list[tuple[str, str]]:
        """The prompt's keys as footer hints: each confidence level, the default, cancel."""
        keys = keys_of(self)
        levels = [(keys.label(f"confidence-{c.key}"), c.name) for c in self.schema.confidence if c.key in SLOTS]
        return [
            *levels,
            (keys.label("confidence-default"), self._default_level().name),
            (keys.label("tag-cancel"), "cancel"),
        ]

    def _prompt(self) -> None:
        """Ask for the confidence of the pending tag: the answers first, so a narrow terminal keeps them, then the
        label, the span's word count and its text with both ends shown in what room is left."""
        assert self.pending is not None
        label, (start, end) = self.pending
        answers = " ".join(f"{key} {word}" for key, word in self._prompt_hints[:-1])  # Esc cancel: in the footer
        retagging = self._retagging
        now = f" (now {self._level_name(retagging.confidence)})" if retagging else ""
        asked = (
            f"{'new ' if retagging else ''}confidence? {answers}  ·  {label.name}{now}, "
            f"{counted(self.view.segments.word_count(start, end))} "
        )
        room = self.status.content_region.width - cell_len(visible(self.annotator)) - cell_len(asked) - 4
        self.status.say(f"{asked}\u201c{ends(self.text[start:end], max(room, 30))}\u201d", "prompt")

    def action_confidence(self, key: str) -> None:
        """Answer the prompt: the level of confidence key `key`, or the default level for ''."""
        level = self.schema.confidence_for_key(key) if key else self._default_level()
        if level is not None and self.pending is not None:
            self._commit_tag(level)

    def action_cancel_tag(self) -> None:
        """Drop the pending tag: nothing is written."""
        self.pending = None
        self._retagging = None
        self.status.say("tag cancelled")

    def _commit_tag(self, level: ConfidenceLevel) -> None:
        """Create the pending claim (or give my claim on its span the answered confidence), then show it and say
        saved."""
        assert self.pending is not None
        label, (start, end) = self.pending
        self.pending = None
        retagging, self._retagging = self._retagging, None
        if retagging is not None:
            self._change(retagging, confidence=level.value)
            return
        article_id = self.article_id

        def made(claim: Claim) -> None:
            if self.article_id == article_id:
                self.view.clear_selection()
                self._replace(claim.id, claim)

        self.write(
            self.claim_writer(start, end, ClaimFields(label=label.name, confidence=level.value)),
            made,
            f"saved: {label.name} ({level.name}) \u201c{_snippet(self.text[start:end])}\u201d",
        )

    # -- actions ----------------------------------------------------------------------------------

    def action_tag(self, key: str) -> None:
        """Start tagging the selection (else the sentence under the cursor) with the label of `key`; on the span of a
        claim of mine, relabel it instead (its confidence kept), or with its own label ask its confidence again."""
        label = self.schema.label_for_key(key)
        span = self.suggested_span(label.name if label else None) or self.view.selection or self.view.sentence_span()
        if label is None or span is None:
            return
        claim = None if self.accepting else self.claims.mine_on(span, self.view.current)
        if claim is not None and claim.label != label.name:
            self._change(claim, label=label.name)
            return
        self._retagging = claim
        self.pending = (label, span)
        self._prompt()

    def _change(self, claim: Claim, **changes: object) -> None:
        """Write a change to one of my claims (a relabel, a new confidence) as one undoable event, and say what
        changed."""
        if all(getattr(claim, name) == value for name, value in changes.items()):
            self.view.clear_selection()
            self.status.say(f"unchanged: {self._described(claim)}")
            return
        annotator, article_id = self.annotator, self.article_id
        was = claim.label if "label" in changes else self._level_name(claim.confidence)

        def changed(new: Claim) -> None:
            if self.article_id != article_id:
                return
            self.view.clear_selection()
            self._replace(claim.id, new)
            self.status.say(
                f"saved: {'relabelled' if 'label' in changes else 'confidence'} {was} → {self._described(new)}"
                f"  ({key_of(self, 'undo')} undoes)",
                "saved",
            )

        self.write(lambda store: store.claims.update(claim.id, annotator, **changes), changed)

    def _level_name(self, value: int) -> str:
        """A confidence value by its name on the schema's scale."""
        return next((level.name for level in self.schema.confidence if level.value == value), str(value))

    def _described(self, claim: Claim) -> str:
        """A claim in a few words: label, confidence and its text."""
        quote = _snippet(self.text[claim.start : claim.end])
        return f"{claim.label} ({self._level_name(claim.confidence)}) \u201c{quote}\u201d"

    def current_claim(self, *, own: bool) -> Claim | None:
        """The claim under the cursor or chosen in the sidebar; with `own`, only if it is the annotator's."""
        claim = self.claims.by_id.get(self.view.current) if self.view.current else None
        if claim is None:
            self.status.say("no claim under the cursor", "error")
            return None
        if own and claim.annotator != self.annotator:
            self.status.say(f"that claim belongs to {claim.annotator}", "error")
            return None
        return claim

    def action_claim(self, step: int) -> None:
        """Go to the next or previous visible claim."""
        claims = self.claims.shown
        if not claims:
            return
        index = next((i for i, c in enumerate(claims) if c.id == self.view.current), None)
        cursor = self.view.cursor
        if index is None:
            ahead = [i for i, c in enumerate(claims) if (c.start > cursor if step > 0 else c.start < cursor)]
            target = (ahead[0] if step > 0 else ahead[-1]) if ahead else None
        else:
            target = index + step if 0 <= index + step < len(claims) else None
        if target is None:
            self.status.say("no more claims" if step > 0 else "no earlier claims")
            return
        self.view.focus_claim(claims[target].id)

    def action_edit(self) -> None:
        """Open the claim editor on the current claim."""
        claim = self.current_claim(own=True)
        if claim is not None:
            self.app.push_screen(EditorScreen(claim, self.schema, self.text, self.view.segments), self._edited)

    def _edited(self, changes: dict[str, object] | None) -> None:
        """Write what the editor changed, then say saved."""
        if not changes or self.view.current is None:
            return
        claim_id, article_id, annotator = self.view.current, self.article_id, self.annotator

        def edited(claim: Claim) -> None:
            if self.article_id == article_id:
                self._replace(claim_id, claim)
            self.status.say(f"saved: {claim.label} ({', '.join(changes)} changed)", "saved")

        self.write(lambda store: store.claims.update(claim_id, annotator, **changes), edited)

    def action_delete(self) -> None:
        """Delete the current claim (undo brings it back)."""
        claim = self.current_claim(own=True)
        if claim is None:
            return
        article_id, annotator = self.article_id, self.annotator

        def deleted(_: Claim) -> None:
            if self.article_id == article_id:
                self._replace(claim.id, None)

        self.write(
            lambda store: store.claims.delete(claim.id, annotator),
            deleted,
            f"saved: deleted {claim.label} \u201c{_snippet(self.text[claim.start : claim.end])}\u201d"
            f"  ({key_of(self, 'undo')} undoes)",
        )

    def _replace(self, claim_id: str, claim: Claim | None) -> None:
        """Swap one claim in the in-memory list for its new state (None: gone) and repaint only that claim.

        The sidebar takes the new list before the new mark becomes current: the highlight then moves within rows
        already in place, rather than repainting rows of the old list that the insert scrolls away at once."""
        old = self.claims.by_id.get(claim_id)
        first_changed = self.claims.replace(claim_id, claim)
        self.view.remove_mark(claim_id)
        if first_changed is not None:
            self._refresh_sidebar(first_changed)
        if claim is not None and self.claims.shows(claim):
            self.view.add_mark(self._mark(claim))
        self._refresh_count()
        self.recheck_suggestions(old, claim)

    def history_of(self) -> tuple[str, str]:
        return self.annotator, self.article_id

    def show_history(self, events: list[Event], *, undo: bool) -> None:
        """Mirror the events on this article (those of a link on another article show there)."""
        for event in events:
            if event.article_id == self.article_id:
                self._mirror(event, undo=undo)

    def _mirror(self, event: Event, *, undo: bool) -> None:
        """Show what one undone or redone event changed here."""
        state = event.before if undo else event.after
        if event.kind in ("done", "undone"):
            self.done = bool(state and state["done"])
            self._refresh_header()
        elif event.claim_id is None:
            self.replay_decision(event, undo=undo)
        else:
            self._replace(event.claim_id, Claim.model_validate(state) if state else None)
            if state:
                self.view.focus_claim(event.claim_id)

    def action_done(self) -> None:
        """Mark the article done, or not done again (shown at once: a second press while the first waits undoes
        it)."""
        article_id, annotator, done = self.article_id, self.annotator, not self.done
        self.done = done
        self._refresh_header()

        def marked(progress: Progress) -> None:
            if self.article_id == article_id:
                self.done = progress.done
                self._refresh_header()
            self.learner.changed()

        self.write(
            lambda store: store.progress.set_done(article_id, annotator, done),
            marked,
            "saved: marked done" if done else "saved: marked not done",
        )

    def action_article(self, step: int) -> None:
        """Open the next or previous article of the library's order."""
        if self.article_id not in self.order:
            return
        index = self.order.index(self.article_id) + step
        if not 0 <= index < len(self.order):
            self.status.say("no more articles" if step > 0 else "this is the first article")
            return
        self.save_position()
        self.load(self.order[index])

    def action_focus_pane(self, step: int) -> None:
        """Focus the next (1) or previous (-1) pane: the text, the sidebar."""
        if step > 0:
            self.focus_next()
        else:
            self.focus_previous()

    def action_find(self) -> None:
        """Open the find bar."""
        self._find_from = self.view.cursor
        self.query_one(FindBar).open(self.text, self.view.cursor)

    def action_others(self) -> None:
        """Show or hide the other annotators' claims."""
        self.claims.toggle_others()
        self.view.set_marks(self._marks())
        self._refresh_sidebar()
        others = sum(self.claims.others().values())
        self.status.say(f"others' claims {'shown' if self.claims.show_others else 'hidden'} ({others})")

    def action_review(self) -> None:
        """Open this article in review (leads only); show it again afterwards, with the gold claims made there."""
        self.save_position()
        self.post_message(OpenReview(self.article_id, [self.article_id], on_close=lambda _: self.load(self.article_id)))

    def action_verify(self) -> None:
        """Open the verification view of the claim under the cursor (mine or, shown, another's); its next key steps
        through the claims shown here."""
        claim = self.current_claim(own=False)
        if claim is None:
            return
        self.save_position()
        order = [shown.id for shown in self.claims.shown]
        self.post_message(OpenVerification(claim.id, order, on_close=lambda _: self._verified()))

    def _verified(self) -> None:
        """Back from verifying: show the claims' verification marks as they are now."""
        self.sidebar.marks = self.store.verifications.marks(self.article_id, self.annotator)
        self._refresh_sidebar()

    def action_help(self) -> None:
        """Show the bindings and the label definitions."""
        self.post_message(OpenHelp())

    def action_back(self) -> None:
        """Drop the selection if there is one, else return to the library."""
        if self.view.clear_selection():
            return
        self.save_position()
        self.dismiss()


def _snippet(text: str, limit: int = 40) -> str:
    """A claim's text cut for the status line, both of its ends kept."""
    return ends(text, limit)
