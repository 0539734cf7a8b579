"""The library, the start screen: corpus progress, the article table with search, filters and sort; Enter opens an
article."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.app import ComposeResult
from textual.content import Content
from textual.events import Resize
from textual.screen import Screen
from textual.widgets import Input, Static

from reader.errors import ReaderError
from reader.segment import trim_span, unpack_spans
from reader.store import ArticleRow, Store
from reader.text import visible
from reader.tui.data_changed import DataChanged
from reader.tui.keys.live import key_of
from reader.tui.keys.registry import LIBRARY_KEYS
from reader.tui.learner import Learner, ModelTrained
from reader.tui.routes import OpenAgreement, OpenArticle, OpenClaimMap, OpenHelp, OpenVerifyQueue
from reader.tui.widgets.article_table import ArticleTable
from reader.tui.widgets.key_hints import KeyHints
from reader.tui.widgets.row_list import RowList
from reader.tui.widgets.status_line import StatusLine

if TYPE_CHECKING:
    from reader.learn.model import SentenceModel

FILTERS: list[tuple[str, Callable[[ArticleRow], bool]]] = [
    ("all", lambda row: True),
    ("with my claims", lambda row: row.mine > 0),
    ("not done by me", lambda row: not row.done),
    ("with claims", lambda row: row.mine + row.claims > 0),
]
FIRST_PAGE = 100
"""Rows fetched before the first frame; the rest follow right after it."""
SORTS: list[tuple[str, Callable[[ArticleRow], Any] | None]] = [
    ("corpus order", None),
    ("title", lambda row: row.title.casefold()),
    ("date", lambda row: row.published or ""),
    ("words", lambda row: row.words),
    ("my claims", lambda row: row.mine),
    ("all claims", lambda row: row.claims),
    ("done", lambda row: (row.done, row.done_count)),
]
MODEL_SORTS = ["expected claims", "model uncertainty"]
"""Orders by the learned suggester's outlook on each article (most first): where claims are, where it is least sure."""


class LibraryScreen(Screen[None]):
    """All articles for one annotator; remembers the highlighted article across visits."""

    BINDINGS = LIBRARY_KEYS

    def __init__(self, store: Store, annotator: str, learner: Learner) -> None:
        super().__init__()
        self.learner = learner
        self.outlook: dict[str, tuple[float, float]] = {}
        self.outlook_of: SentenceModel | None = None
        self.outlook_wanted: SentenceModel | None = None
        self.store = store
        self.annotator = annotator
        self.query_text = ""
        self.filter_index = 0
        self.sort_index = 0
        self.reverse = False
        self.all_rows: list[ArticleRow] = []
        self.complete = False
        self.rows: list[ArticleRow] = []
        self.assigned: frozenset[str] = frozenset()
        self.verified: dict[str, tuple[int, int, int]] = {}
        self.facts = ""
        """The status line's account of the list: how many shown, filter, sort, search."""
        self.db_name = visible(shown_path(store.path), one_line=True)
        """The database file open, as the annotator would type it (several teams may share a server)."""

    def compose(self) -> ComposeResult:
        yield Static(id="corpus")
        yield Input(id="search")
        yield Static(id="heading")
        yield ArticleTable(id="articles")
        yield StatusLine(self.annotator, id="library-status")
        yield KeyHints("library")

    @property
    def table(self) -> ArticleTable:
        return self.query_one(ArticleTable)

    def on_mount(self) -> None:
        clear = key_of(self, "library-clear-search")
        self.query_one("#search", Input).placeholder = f"full-text search: Enter to search, {clear} to clear"
        self.table.focus()

    def on_screen_resume(self) -> None:
        """Load the rows: on first show only a first page (the app loads the rest once the frame is out, see
        `ClaimReader.on_ready`), and all of them again on return from an article."""
        self.reload(limit=None if self.all_rows else FIRST_PAGE)

    def finish_loading(self) -> None:
        """Load every row if only the first page is there."""
        if not self.complete:
            self.reload()

    def reload(self, limit: int | None = None) -> None:
        """Fetch the rows again (after an article was annotated, or a new search); `limit` fetches a first page."""
        try:
            rows = self.store.articles.library(self.annotator, query=self.query_text or None, limit=limit)
        except ReaderError as exc:
            self.query_one(StatusLine).say(str(exc), "error")
            return
        self.all_rows = rows
        self.assigned = frozenset(self.store.assignments.of(self.annotator))
        self.verified = self.store.verifications.by_article(self.annotator)
        self.complete = limit is None or len(rows) < limit
        self._show()

    def _show(self) -> None:
        """Apply filter and sort, keep the highlighted article, update the progress and status lines."""
        keep = self.current_id()
        name, keeps = FILTERS[self.filter_index]
        rows = [row for row in self.all_rows if keeps(row)]
        sort_name, key = self._sort()
        if key is not None:
            rows.sort(key=key)
        if self.reverse:
            rows.reverse()
        if self.assigned:
            rows.sort(key=lambda row: row.id not in self.assigned)
        self.rows = rows
        index = next((i for i, row in enumerate(rows) if row.id == keep), 0)
        self.table.show(rows, index, self.assigned, self.verified)
        self._progress()
        self._heading()
        search = f'  ·  search "{self.query_text}"' if self.query_text else ""
        assigned = f"  ·  ▸ assigned to me {len(self.assigned):,} (first)" if self.assigned else ""
        self.facts = (
            f"{len(rows):,} shown  ·  filter: {name}  ·  sort: {sort_name}{' (reversed)' if self.reverse else ''}"
            f"{search}{assigned}"
        )
        self._say()

    def _say(self) -> None:
        """The status line: what the highlighted row's marks mean (▸ ✓ +2), then the account of the list."""
        index = self.table.index
        row = self.rows[index] if index is not None and index < len(self.rows) else None
        marks = _marks_meaning(row, row.id in self.assigned, self.annotator) if row else ""
        self.query_one(StatusLine).say(f"{marks}  ·  {self.facts}" if marks else self.facts)

    @on(RowList.Highlighted, "#articles")
    def _highlighted(self) -> None:
        self._say()

    def _progress(self) -> None:
        """The corpus progress line (only the size until every row is loaded)."""
        corpus = self.query_one("#corpus", Static)
        if not self.complete:
            corpus.update(Content(f"{self.db_name}: {self.store.articles.count():,} articles  ·  counting…"))
            return
        rows = self.all_rows
        total = len(rows)
        done = sum(row.done for row in rows)
        started = sum(row.mine > 0 for row in rows)
        mine = sum(row.mine for row in rows)
        claims = sum(row.claims for row in rows)
        share = f" ({100 * done / total:.0f}%)" if total else ""
        scope = "matches" if self.query_text else "articles"
        corpus.update(
            Content(
                f"{self.db_name}: {total:,} {scope}  ·  done by me "
                f"{done:,}{share}  ·  started {started:,}  ·  my claims {mine:,}  ·  all claims {claims:,}"
            )
        )

    def _heading(self) -> None:
        width = self.table.scrollable_content_region.width
        self.query_one("#heading", Static).update(Content(self.table.heading(width)))

    def on_resize(self, event: Resize) -> None:
        self._heading()

    def current_id(self) -> str | None:
        """The highlighted article's id."""
        index = self.table.index if self.rows else None
        return self.rows[index].id if index is not None and index < len(self.rows) else None

    @on(RowList.Selected, "#articles")
    def _chosen(self, message: RowList.Selected) -> None:
        self.open(self.rows[message.index].id)

    def open(self, article_id: str) -> None:
        """Open an article; ] and [ there follow this screen's order."""
        self.post_message(OpenArticle(article_id, [row.id for row in self.rows]))

    def action_search(self) -> None:
        """Show the search box."""
        box = self.query_one("#search", Input)
        box.display = True
        box.focus()

    @on(Input.Submitted, "#search")
    def _searched(self, event: Input.Submitted) -> None:
        self.query_text = event.value.strip()
        self.reload()
        self.table.focus()

    def action_clear_search(self) -> None:
        """Hide the search box and show the whole corpus again."""
        box = self.query_one("#search", Input)
        box.value = ""
        box.display = False
        self.table.focus()
        if self.query_text:
            self.query_text = ""
            self.reload()

    def action_filter(self) -> None:
        """Cycle the filters: all, with my claims, not done by me, with claims."""
        self.filter_index = (self.filter_index + 1) % len(FILTERS)
        self._show()

    def action_sort(self) -> None:
        """Cycle the sort column, then the model's orders."""
        self.sort_index = (self.sort_index + 1) % (len(SORTS) + len(MODEL_SORTS))
        self._show()

    def _sort(self) -> tuple[str, Callable[[ArticleRow], Any] | None]:
        """The current order's name and key; a model order needs the model's outlook, asked for here when stale."""
        if self.sort_index < len(SORTS):
            return SORTS[self.sort_index]
        which = self.sort_index - len(SORTS)
        name, model = MODEL_SORTS[which], self.learner.model
        if model is None:
            self.learner.start()
            return f"{name} (no model yet: {self.learner.state})", None
        if self.outlook_of is not model:
            if self.outlook_wanted is not model:
                self.outlook_wanted = model
                self._find_outlook(model)
            return f"{name} (the model is reading the articles…)", None
        return f"{name} ({model.describe()})", lambda row: -self.outlook.get(row.id, (0.0, 0.0))[which]

    @work(thread=True, exclusive=True, group="outlook")
    def _find_outlook(self, model: SentenceModel) -> None:
        """Score every article's sentences with the model in a thread, then re-sort on the UI thread."""
        found = {}
        with self.store.another() as store:
            for article in store.exports.articles():
                text = article.text
                spans = [trim_span(text, start, end) for start, end in unpack_spans(article.sentences)]
                found[article.id] = model.outlook([text[start:end] for start, end in spans if start < end])
        self.app.call_from_thread(self._outlook_found, model, found)

    def _outlook_found(self, model: SentenceModel, found: dict[str, tuple[float, float]]) -> None:
        """Keep the model's outlook and show the rows in its order."""
        self.outlook, self.outlook_of = found, model
        self._show()

    def on_model_trained(self, message: ModelTrained) -> None:
        """A new model: a model order is recomputed with it."""
        if self.sort_index >= len(SORTS):
            self._show()

    def action_reverse(self) -> None:
        """Reverse the sort order."""
        self.reverse = not self.reverse
        self._show()

    def action_next_undone(self) -> None:
        """Open the next article assigned to me and not done; with nothing assigned, the next one (wrapping) not done
        by me."""
        if self.assigned:
            article_id = self.store.assignments.next_undone(self.annotator, after=self.current_id())
            if article_id is None:
                self.query_one(StatusLine).say("every article assigned to you is done", "info")
                return
            index = next((i for i, row in enumerate(self.rows) if row.id == article_id), None)
            if index is not None:
                self.table.highlight(index)
            self.open(article_id)
            return
        start = self.table.index or 0
        ordered = self.rows[start + 1 :] + self.rows[: start + 1]
        row = next((row for row in ordered if not row.done), None)
        if row is None:
            self.query_one(StatusLine).say("every article here is done", "info")
            return
        self.table.highlight(self.rows.index(row))
        self.open(row.id)

    def action_claim_map(self) -> None:
        """Open the Claim map: clusters of linked claims across the corpus."""
        self.post_message(OpenClaimMap())

    def action_verify_queue(self) -> None:
        """Open the claims to verify."""
        self.post_message(OpenVerifyQueue())

    def action_agreement(self) -> None:
        """Open the Agreement screen: how far the annotators agree, and review for leads."""
        self.post_message(OpenAgreement())

    def on_data_changed(self, message: DataChanged) -> None:
        """Another process committed: fetch the rows again if this screen is showing (else on return to it)."""
        if self.is_current and self.complete:
            self.reload()

    def action_help(self) -> None:
        self.post_message(OpenHelp())


def _marks_meaning(row: ArticleRow, assigned: bool, me: str) -> str:
    """What the done column's marks of a row say, in words: ▸ assigned to me, ✓ done by me, +N done by others."""
    others = [name for name in row.done_by if name != me]
    said = []
    if assigned:
        said.append("▸ assigned to you")
    if row.done or others:
        marks = ("✓" if row.done else "·") + (f" +{len(others)}" if others else "")
        who = ", ".join(["you", *others] if row.done else others)
        said.append(f"{marks}: marked done by {who}" + ("" if row.done else ", not by you"))
    return "; ".join(said)


def shown_path(path: Path, limit: int = 32) -> str:
    """A path as one would type it: relative to the working folder when inside it, else with ~ for the home folder;
    a long one by its last folders, as much as fits in `limit` cells."""
    path = path.absolute()
    shown = str(path)
    for base, prefix in ((Path.cwd(), ""), (Path.home(), "~/")):
        if path.is_relative_to(base):
            shown = prefix + str(path.relative_to(base))
            break
    parts = path.parts
    for keep in range(len(parts) - 1, 0, -1):
        if len(shown) <= limit:
            break
        shown = "…/" + "/".join(parts[-keep:])
    return shown
