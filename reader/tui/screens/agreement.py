"""The agreement screen (from the library): overall figures, pair matrix, per-label bars and the hardest articles, live
from the database."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import NamedTuple

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static
from textual.worker import Worker, WorkerState

from reader.agreement.report import Report, build_report, gather
from reader.review.adjudication import review_progress
from reader.store import Store
from reader.store.rows import ComparedArticle, ComparedClaim
from reader.tui.data_changed import DataChanged
from reader.tui.keys.live import key_of
from reader.tui.keys.registry import AGREEMENT_KEYS
from reader.tui.routes import OpenHelp, OpenReview
from reader.tui.widgets.agreement_panels import (
    MATRIX_FIGURES,
    AgreementArticles,
    LabelBars,
    header_content,
    matrix_content,
    overall_content,
)
from reader.tui.widgets.key_hints import KeyHints
from reader.tui.widgets.row_list import RowList
from reader.tui.widgets.status_line import StatusLine
from reader.verify.agreement import VerdictRow, verdict_agreement


class Dashboard(NamedTuple):
    """What the screen shows: the `stats` report and each compared article's review progress."""

    report: Report
    progress: dict[str, tuple[int, int]]


def compute(
    article_rows: Sequence[ComparedArticle],
    claim_rows: Sequence[ComparedClaim],
    labels: Sequence[str],
    done_counts: Mapping[str, int],
    rejected: Mapping[str, set[str]],
    verdict_rows: Sequence[VerdictRow] = (),
    verdicts: Sequence[str] = (),
) -> Dashboard:
    """Build the report exactly as `claim-reader stats` does, plus review progress; pure, so it runs off the UI
    thread."""
    articles = gather(article_rows, claim_rows)
    progress = review_progress(((a.id, a.done, a.gold) for a in articles), rejected)
    report = build_report(articles, labels, done_counts, progress)
    report.verdicts = verdict_agreement(verdict_rows, verdicts)
    return Dashboard(report, progress)


class AgreementScreen(Screen[None]):
    """Agreement between the annotators on every article two or more marked done; Enter opens an article in review."""

    DEFAULT_CSS = """
    AgreementScreen #agreement-header {
        height: 1; padding: 0 1; background: $panel; text-wrap: nowrap; text-overflow: ellipsis;
    }
    AgreementScreen #agreement-top { height: auto; }
    AgreementScreen #agreement-bottom { height: 1fr; }
    AgreementScreen .agreement-panel {
        border: round $panel-lighten-2; border-title-color: $text-muted; padding: 0 1; height: auto;
    }
    AgreementScreen #overall { width: 45; }
    AgreementScreen #bars-panel { width: 1fr; height: 100%; }
    AgreementScreen #matrix { width: auto; min-width: 31; max-width: 50%; }
    AgreementScreen #articles-panel {
        width: 1fr; height: 1fr; border: round $panel-lighten-2; border-title-color: $text-muted;
    }
    AgreementScreen #articles-heading {
        height: 1; color: $text-muted; text-style: bold; text-wrap: nowrap; text-overflow: clip;
    }
    AgreementScreen #agreement-articles { height: 1fr; }
    """
    BINDINGS = AGREEMENT_KEYS

    def __init__(self, store: Store, annotator: str) -> None:
        super().__init__()
        self.store = store
        self.annotator = annotator
        self.figure = 0
        self.dashboard: Dashboard | None = None

    def compose(self) -> ComposeResult:
        yield Static(Content("Agreement  ·  computing…"), id="agreement-header")
        with Horizontal(id="agreement-top"):
            yield Static(id="overall", classes="agreement-panel")
            with Vertical(id="bars-panel", classes="agreement-panel"):
                yield LabelBars(self.store.schema, id="bars")
        with Horizontal(id="agreement-bottom"):
            yield Static(id="matrix", classes="agreement-panel")
            with Vertical(id="articles-panel"):
                yield Static(Content(AgreementArticles.HEADING), id="articles-heading")
                yield AgreementArticles(id="agreement-articles")
        yield StatusLine(self.annotator, id="agreement-status")
        yield KeyHints("agreement")

    AUTO_FOCUS = "#agreement-articles"

    @property
    def articles(self) -> AgreementArticles:
        return self.query_one(AgreementArticles)

    def on_mount(self) -> None:
        self.query_one("#overall").border_title = "overall"
        self.query_one("#bars-panel").border_title = "per label (F1: mean over pairs)"
        review = key_of(self, "list-select")
        self.query_one("#articles-panel").border_title = f"articles, hardest first ({review}: review)"

    def on_screen_resume(self) -> None:
        """Recompute on every return (a review may have added gold), reading the database afresh."""
        self.reload()

    def on_data_changed(self, message: DataChanged) -> None:
        """Another process committed: recompute now if this screen is showing (else on return to it)."""
        if self.is_current:
            self.reload()

    def reload(self) -> None:
        """Read the compared articles' rows here (SQLite stays on this thread) and compute the figures in a worker."""
        store = self.store
        rows = (
            store.agreement.articles(),
            list(store.agreement.claims()),
            store.schema.label_names,
            store.progress.done_counts(),
            store.gold.rejected_rows(),
            store.verifications.compared(),
            [verdict.name for verdict in store.schema.verdicts],
        )
        self.query_one(StatusLine).say("computing…")
        self.run_worker(lambda: compute(*rows), thread=True, exclusive=True, group="agreement")

    @on(Worker.StateChanged)
    def _computed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.SUCCESS and isinstance(event.worker.result, Dashboard):
            self.show(event.worker.result)
        elif event.state == WorkerState.ERROR:
            self.query_one(StatusLine).say(f"could not compute agreement: {event.worker.error}", "error")

    def show(self, dashboard: Dashboard) -> None:
        """Put a computed dashboard on screen, keeping the highlighted article."""
        keep = self.current_id()
        self.dashboard = dashboard
        report = dashboard.report
        self.query_one("#agreement-header", Static).update(header_content(report))
        self.query_one("#overall", Static).update(overall_content(report))
        self._show_matrix()
        self.query_one(LabelBars).show(report.by_label)
        index = next((i for i, row in enumerate(report.by_article) if row.id == keep), 0)
        self.articles.show(report.by_article, dashboard.progress, index)
        reviewed = sum(done == total for done, total in dashboard.progress.values())
        rows = sum(done for done, _ in dashboard.progress.values()), sum(n for _, n in dashboard.progress.values())
        self.query_one(StatusLine).say(
            f"{reviewed} of {report.articles_compared} articles fully reviewed  ·  gold covers {rows[0]} of {rows[1]} "
            "review rows"
            if report.articles_compared
            else "no article is marked done by two or more annotators yet"
        )

    def _show_matrix(self) -> None:
        """Draw the pair matrix of the chosen figure."""
        if self.dashboard is None:
            return
        field, title = MATRIX_FIGURES[self.figure]
        matrix = self.query_one("#matrix", Static)
        matrix.border_title = title
        matrix.update(matrix_content(self.dashboard.report, field))

    def current_id(self) -> str | None:
        """The highlighted article's id."""
        index = self.articles.index
        rows = self.articles.rows
        return rows[index].id if index is not None and index < len(rows) else None

    @on(RowList.Selected, "#agreement-articles")
    def _chosen(self, message: RowList.Selected) -> None:
        self.articles.highlight(message.index)
        self.action_review()

    def action_review(self) -> None:
        """Open the highlighted article in review (leads only), with the list's order for ] and [."""
        article_id = self.current_id()
        if article_id is not None:
            self.post_message(OpenReview(article_id, [row.id for row in self.articles.rows]))

    def action_figure(self) -> None:
        """Show the next pair figure in the matrix."""
        self.figure = (self.figure + 1) % len(MATRIX_FIGURES)
        self._show_matrix()

    def action_help(self) -> None:
        self.post_message(OpenHelp())

    def action_back(self) -> None:
        self.dismiss()
