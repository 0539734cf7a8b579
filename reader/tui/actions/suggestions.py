"""The article screen's suggestion keys (show, show all, accept, reject, next; a label key on a suggestion), kept apart
so the screen's own file stays small."""

from __future__ import annotations

from collections.abc import Callable

from textual import work

from reader.models import Claim, ClaimFields, Event
from reader.store import Store
from reader.suggest import Suggestion
from reader.suggest.suggester import cue_map, cue_note
from reader.tui.actions.host import ArticleActions
from reader.tui.keys.live import key_of
from reader.tui.learner import ModelTrained
from reader.tui.suggestions import SuggestionSet, suggestions_for


class SuggestionActions(ArticleActions):
    """Mixed into the article screen: show pending suggestions in the text; accept one as an ordinary claim or reject
    it."""

    suggesting = False
    everything = False
    """Whether every suggestion is shown, not only those precise enough on held-out claims."""
    view_first = False
    """Whether the status line opens with the view (just switched with W) rather than the model's state."""
    suggestions: SuggestionSet | None = None
    accepting: Suggestion | None = None

    def _mine(self) -> list[tuple[int, int]]:
        """The annotator's claim spans on this article: a suggestion they overlap is already answered."""
        return [(c.start, c.end) for c in self.claims.all if c.annotator == self.annotator]

    def action_suggestions(self) -> None:
        """Show or hide the suggestions (computed once per article, off the UI thread)."""
        self.suggesting = not self.suggesting
        self.view_first = False
        if self.suggesting:
            self.status.say("finding suggestions…")
            self.learner.start()
            self._find_suggestions(self.article_id, self.text)
        else:
            self.suggestions = None
            self.view.set_suggestions([])
            self.status.say(f"suggestions hidden ({key_of(self, 'suggest')} shows them)")

    def action_all_suggestions(self) -> None:
        """Show every suggestion, also those not precise enough to show by default, or (again) only the precise ones;
        the status line says which view is on."""
        self.everything = not self.everything
        if not self.suggesting:
            self.action_suggestions()
        else:
            self.status.say(f"{self._view()}: finding suggestions…")
            self._find_suggestions(self.article_id, self.text)
        self.view_first = True

    def _view(self) -> str:
        """Which view of the suggestions is on, and the key that switches it."""
        every = key_of(self, "suggest-all")
        if self.everything:
            return f"all suggestions view ({every}: precise only)"
        return f"precise view ({every}: all)"

    def load_suggestions(self) -> None:
        """After another article was loaded: find its suggestions if they are shown, else clear the old ones."""
        self.suggestions = None
        self.view.set_suggestions([])
        if self.suggesting:
            self._find_suggestions(self.article_id, self.text)

    def on_model_trained(self, message: ModelTrained) -> None:
        """A new model: find the shown suggestions again with it (their scores and ranking change)."""
        if self.suggesting:
            self._find_suggestions(self.article_id, self.text)

    @work(thread=True, exclusive=True, group="suggestions")
    def _find_suggestions(self, article_id: str, text: str) -> None:
        """Run the model and the cue rules in a thread, then hand the result to the UI thread."""
        found = suggestions_for(text, cue_map(self.schema.labels), self.learner.model, everything=self.everything)
        self.app.call_from_thread(self._show_suggestions, article_id, found)

    def _show_suggestions(self, article_id: str, found: tuple[Suggestion, ...]) -> None:
        """Keep the pending ones (not rejected, not already claimed) and paint them, unless the reader moved on."""
        if not self.suggesting or article_id != self.article_id:
            return
        rejected = {
            key
            for key, decision in self.store.decisions.of(self.annotator, article_id).items()
            if decision == "rejected"
        }
        self.suggestions = SuggestionSet(found, self.schema.label_names, rejected, self._mine())
        self.view.set_suggestions(self.suggestions.marks())
        count = len(self.suggestions.pending)
        notes = [note for note in (self.learner.state, cue_note(self.schema.labels)) if note]
        view = self._view()
        opening = "  ·  ".join([view, *notes] if self.view_first else [*notes, view])
        self.status.say(
            f"{opening}  ·  {count} suggestion{'' if count == 1 else 's'}  ·  on one, "
            f"{key_of(self, 'suggestion-accept')} accepts, a label key accepts with that label, "
            f"{key_of(self, 'suggestion-reject')} rejects, {key_of(self, 'suggestion-next')} goes to the next; "
            f"{key_of(self, 'suggest')} hides them"
        )

    def suggestion_focused(self, span: tuple[int, int] | None) -> None:
        """Say what is suggested when the cursor enters a suggestion."""
        offered = self.suggestions.at(span) if self.suggestions else []
        if offered and self.pending is None:
            first, *more = offered
            also = f"  ·  also {', '.join(_scored(item) for item in more)}" if more else ""
            if not self.everything:
                also += f"  ·  other labels: {key_of(self, 'suggest-all')}"
            self.status.say(
                f"suggested {_scored(first)}{also}: {key_of(self, 'suggestion-accept')} or a label key "
                f"accepts, {key_of(self, 'suggestion-reject')} rejects  ·  {first.cue}"
            )

    def action_next_suggestion(self) -> None:
        """Go to the next pending suggestion after the cursor; from the last, back to the first."""
        span = self.suggestions.after(self.view.cursor) if self.suggestions else None
        if span is None:
            self.status.say(f"no suggestion to go to ({key_of(self, 'suggest')} shows them)", "error")
            return
        self.view.focus_offset(span[0])

    def _offered(self) -> list[Suggestion]:
        """The pending suggestions under the cursor, when suggestions are shown and nothing is selected."""
        if not self.suggestions or self.view.selection is not None:
            return []
        return self.suggestions.at(self.view.suggestion)

    def suggested_span(self, label: str | None) -> tuple[int, int] | None:
        """On a suggestion, remember it as the one a label key accepts (its own label if offered) and return its
        span."""
        offered = self._offered()
        self.accepting = next((item for item in offered if item.label == label), offered[0] if offered else None)
        return (self.accepting.start, self.accepting.end) if self.accepting else None

    def action_accept(self) -> None:
        """Accept the suggestion under the cursor with its own label: the confidence prompt follows."""
        offered = self._offered()
        if not offered:
            self.status.say(f"no suggestion under the cursor ({key_of(self, 'suggest')} shows them)", "error")
            return
        self.action_tag(self.schema.label(offered[0].label).key)

    def claim_writer(self, start: int, end: int, fields: ClaimFields) -> Callable[[Store], Claim]:
        """The write of the pending tag: an accepted suggestion (origin recorded) or an ordinary new claim."""
        item, self.accepting = self.accepting, None
        annotator, article_id = self.annotator, self.article_id
        if item is not None:
            label = item.label
            return lambda store: store.decisions.accept(annotator, article_id, start, end, label, fields)
        return lambda store: store.claims.create(article_id, annotator, start, end, fields)

    def action_reject(self) -> None:
        """Reject the first suggestion under the cursor; it stays hidden for this annotator (u brings it back)."""
        offered = self._offered()
        if not offered:
            self.status.say(f"no suggestion under the cursor ({key_of(self, 'suggest')} shows them)", "error")
            return
        item, annotator, article_id = offered[0], self.annotator, self.article_id

        def rejected(_: None) -> None:
            if self.suggestions is not None and self.article_id == article_id:
                self.suggestions.reject(item)
                self.view.set_suggestions(self.suggestions.marks(), (item.start, item.end))

        self.write(
            lambda store: store.decisions.reject(annotator, article_id, item.start, item.end, item.label),
            rejected,
            f"saved: rejected suggestion {item.label}  ({key_of(self, 'undo')} undoes)",
        )

    def recheck_suggestions(self, *claims: Claim | None) -> None:
        """After claims changed, count the change towards a retrain and show or hide the suggestions they overlap."""
        if any(claim is not None and claim.annotator == self.annotator for claim in claims):
            self.learner.changed()
        if self.suggestions is None:
            return
        mine = self._mine()
        for claim in claims:
            if claim is not None and claim.annotator == self.annotator:
                self.suggestions.recheck(claim.start, claim.end, mine)
                self.view.set_suggestions(self.suggestions.marks(), (claim.start, claim.end))

    def replay_decision(self, event: Event, *, undo: bool) -> None:
        """Mirror an undone or redone rejection (the suggestion shows or hides again); links have nothing drawn to
        mirror."""
        row = event.after or {}
        if event.kind != "reject" or self.suggestions is None:
            return
        key = (row["start"], row["end"], row["label"])
        if undo:
            self.suggestions.unreject(key, self._mine())
        else:
            self.suggestions.rejected.add(key)
            self.suggestions.recheck(key[0], key[1], self._mine())
        self.view.set_suggestions(self.suggestions.marks(), key[:2])


def _scored(item: Suggestion) -> str:
    """A suggestion's label with the model's score, when a model scored it."""
    return item.label if item.score is None else f"{item.label} {item.score:.2f}"
