"""The Claim map: linked claims across the corpus, cluster by cluster, with their sources' figures side by side."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static
from textual.worker import get_current_worker

from reader.linking.claim_map import MappedCluster, claim_map
from reader.models import Article, Claim, Link
from reader.store import Store
from reader.tui.data_changed import DataChanged
from reader.tui.keys.live import key_of
from reader.tui.keys.registry import CLAIM_MAP_KEYS
from reader.tui.routes import OpenArticle, OpenHelp
from reader.tui.widgets.claim_map_list import SOURCE_WIDTH, ClaimMapList, MapRow
from reader.tui.widgets.key_hints import KeyHints
from reader.tui.widgets.row_list import RowList, fit
from reader.tui.widgets.status_line import StatusLine


def cluster_rows(number: int, cluster: MappedCluster) -> list[MapRow]:
    """One cluster's lines: heading with its relations, each claim with its source and figures, then shared-quote
    warnings."""
    summary = ", ".join(f"{relation} ×{n}" for relation, n in sorted(cluster.relations.items()))
    rows = [
        MapRow(
            "cluster",
            f"{number}. {len(cluster.claims)} claims in {cluster.sources} sources  ·  {summary}",
            claim=cluster.claims[0].claim,
            conflict=cluster.conflict,
        )
    ]
    rows += [
        MapRow("claim", item.text, item.claim, item.source, item.figures, item.conflict) for item in cluster.claims
    ]
    for pair in cluster.shared:
        quote = " ".join(pair.quotes[0][0].split())
        count = len(pair.quotes)
        rows.append(
            MapRow(
                "warning",
                f"not independent: {fit(pair.source_a, SOURCE_WIDTH).rstrip()} and "
                f"{fit(pair.source_b, SOURCE_WIDTH).rstrip()} share "
                f"{count} quote{'s' if count > 1 else ''} (“{quote}”), likely one "
                "upstream report",
            )
        )
    return rows


class ClaimMapScreen(Screen[None]):
    """Every cluster of linked claims; choosing a claim line opens the claim in its article."""

    BINDINGS = CLAIM_MAP_KEYS
    DEFAULT_CSS = """
    #map-title { height: 1; padding: 0 1; background: $panel; color: $foreground; text-style: bold; }
    """

    def __init__(self, store: Store, annotator: str) -> None:
        super().__init__()
        self.store = store
        self.annotator = annotator
        self.map = ClaimMapList(id="map")

    def compose(self) -> ComposeResult:
        yield Static(id="map-title")
        yield self.map
        yield StatusLine(self.annotator, id="map-status")
        yield KeyHints("claim-map")

    def on_mount(self) -> None:
        self.map.focus()

    def on_screen_resume(self) -> None:
        """Build the map (again on return from an article, where links may have changed)."""
        self.load()

    def on_data_changed(self, message: DataChanged) -> None:
        """Another process committed: rebuild the map if it is showing."""
        if self.is_current:
            self.load()

    def load(self) -> None:
        """Fetch the linked claims (one store call) and build the map from them off the UI thread."""
        self._build(*self.store.links.with_claims())

    @work(thread=True, exclusive=True, group="claim-map")
    def _build(self, links: list[Link], claims: dict[str, Claim], articles: dict[str, Article]) -> None:
        """Cluster the claims and compare their sources' quotes (the slow part), then show the result."""
        clusters = claim_map(links, claims, articles)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show, clusters, len(links), len(articles))

    def _show(self, clusters: list[MappedCluster], links: int, sources: int) -> None:
        """Lay the clusters out, keeping the highlighted line."""
        rows = [row for number, cluster in enumerate(clusters, 1) for row in cluster_rows(number, cluster)]
        self.map.show(rows, self.map.index or 0)
        self.query_one("#map-title", Static).update(
            Content(
                f"Claim map  ·  {len(clusters)} cluster{'' if len(clusters) == 1 else 's'}  ·  {links} links  ·  "
                f"{sources} sources"
            )
        )
        self.query_one(StatusLine).say(
            f"{key_of(self, 'list-select')} opens the highlighted claim in its article"
            if clusters
            else f"no linked claims yet: link them from an article's Related panel ({key_of(self, 'related')})"
        )

    @on(RowList.Highlighted, "#map")
    def _moved(self, message: RowList.Highlighted) -> None:
        """Show the highlighted line in full on the status line: the map's columns cut long texts."""
        self.query_one(StatusLine).say(" ".join(self.map.rows[message.index].text.split()))

    @on(RowList.Selected, "#map")
    def _chosen(self, message: RowList.Selected) -> None:
        """Open the line's claim in its article, with the cursor on it."""
        claim = self.map.rows[message.index].claim
        if claim is None:
            self.query_one(StatusLine).say("a warning: choose a claim line to open", "error")
            return
        self.post_message(OpenArticle(claim.article_id, self.store.articles.ids(), claim.id))

    def action_help(self) -> None:
        self.post_message(OpenHelp())

    def action_back(self) -> None:
        self.dismiss()
