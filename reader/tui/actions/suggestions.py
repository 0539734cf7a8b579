"""The article screen's suggestion keys (show, show all, accept, reject, best; a label key on a suggestion), kept apart
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
    suggestions: SuggestionSet | None = None
    accepting: Suggestion | None = None
    gone_to: set[tuple[int, int]]
    """The spans "best" has already gone to since the suggestions were found: it goes on to the next best."""

    def _mine(self) -> list[tuple[int, int]]:
        """The annotator's claim spans on this article: a suggestion they overlap is already answered."""
        return [(c.start, c.end) for c in self.claims.all if c.annotator == self.annotator]

    def action_suggestions(self) -> None:
        """Show or hide the suggestions (computed once per article, off the UI thread)."""
        self.suggesting = not self.suggesting
        if self.suggesting:
            self.status.say("finding suggestions…")
            self.learner.start()
            self._find_suggestions(self.article_id, self.text)
        else:
            self.suggestions = None
            self.view.set_suggestions([])
            self.status.say(f"suggestions hidden ({key_of(self, 'suggest')} shows them)")

    def action_all_suggestions(self) -> None:
        """Show every suggestion, also those not precise enough to show by default, or (again) only the precise ones."""
        self.everything = not self.everything
        if not self.suggesting:
            self.action_suggestions()
        else:
            self.status.say("finding suggestions…")
            self._find_suggestions(self.article_id, self.text)

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
        self.gone_to = set()
        self.view.set_suggestions(self.suggestions.marks())
        count = len(self.suggestions.pending)
        source = "  ·  ".join(note for note in (self.learner.state, cue_note(self.schema.labels)) if note)
        every = key_of(self, "suggest-all")
        which = ""
        if self.learner.model:
            which = (
                f"  ·  all ({every}: only those 80% precise on held-out claims)"
                if self.everything
                else f"  ·  those at least 80% precise on held-out claims ({every}: all)"
            )
        self.status.say(
            f"{count} suggestion{'' if count == 1 else 's'} (underlined)  ·  {source}{which}  ·  on one, "
            f"{key_of(self, 'suggestion-accept')} accepts, a label key accepts with that label, "
            f"{key_of(self, 'suggestion-reject')} rejects; {key_of(self, 'suggest')} hides them"
        )

    def suggestion_focused(self, span: tuple[int, int] | None) -> None:
        """Say what is suggested when the cursor enters a suggestion."""
        offered = self.suggestions.at(span) if self.suggestions else []
        if offered and self.pending is None:
            first, *more = offered
            also = f"  ·  also {', '.join(_scored(item) for item in more)}" if more else ""
            self.status.say(
                f"suggested {_scored(first)}{also}: {key_of(self, 'suggestion-accept')} or a label key "
                f"accepts, {key_of(self, 'suggestion-reject')} rejects  ·  {first.cue}"
            )

    def action_best(self) -> None:
        """Go to the pending suggestion ranked next by the model's score: the best first, again for the next best."""
        ranked = self.suggestions.ranked() if self.suggestions else []
        if not ranked:
            self.status.say(f"no suggestion to go to ({key_of(self, 'suggest')} shows them)", "error")
            return
        unseen = [span for span in ranked if span not in self.gone_to] or ranked
        if len(unseen) == len(ranked):
            self.gone_to.clear()
        self.gone_to.add(unseen[0])
        self.view.focus_offset(unseen[0][0])

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
