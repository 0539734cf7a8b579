"""The Claim map: linked claims across the corpus, cluster by cluster, with their sources' figures side by side."""

from __future__ import annotations

from collections import Counter

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from reader.models import Article, LinkCluster
from reader.store import Store
from reader.suggest.related import features
from reader.suggest.sources import dependent_sources
from reader.tui.data_changed import DataChanged
from reader.tui.routes import OpenArticle
from reader.tui.widgets.claim_map_list import SOURCE_WIDTH, ClaimMapList, MapRow
from reader.tui.widgets.key_hints import KeyHints
from reader.tui.widgets.row_list import RowList, fit
from reader.tui.widgets.status_line import StatusLine


def source_name(article: Article) -> str:
    """How the map names a source: its outlet when known, else its title."""
    return str(article.meta.get("source") or article.title)


def cluster_rows(store: Store, number: int, cluster: LinkCluster, articles: dict[str, Article]) -> list[MapRow]:
    """One cluster's lines: heading with its relations, each claim with its source and figures, then shared-quote warnings."""
    for claim in cluster.claims:
        if claim.article_id not in articles:
            articles[claim.article_id] = store.article(claim.article_id)
    relations = Counter(link.relation for link in cluster.links)
    conflicting = {end for link in cluster.links if link.relation == "conflicts"
                   for end in (link.claim_a, link.claim_b)}
    sources = len({claim.article_id for claim in cluster.claims})
    summary = ", ".join(f"{relation} ×{n}" for relation, n in sorted(relations.items()))
    rows = [MapRow("cluster", f"{number}. {len(cluster.claims)} claims in {sources} sources  ·  {summary}",
                   claim=cluster.claims[0], conflict=bool(conflicting))]
    for claim in cluster.claims:
        article = articles[claim.article_id]
        text = article.text[claim.start:claim.end]
        figures = ", ".join(q.label for q in features(text).figures)
        rows.append(MapRow("claim", text, claim, source_name(article), figures, claim.id in conflicting))
    for a, b, shared in dependent_sources(store, cluster):
        quote = " ".join(shared[0][0].split())
        rows.append(MapRow("warning", f"not independent: {fit(source_name(articles[a]), SOURCE_WIDTH).rstrip()} and "
                                      f"{fit(source_name(articles[b]), SOURCE_WIDTH).rstrip()} share "
                                      f"{len(shared)} quote{'s' if len(shared) > 1 else ''} (“{quote}”), likely one "
                                      "upstream report"))
    return rows


class ClaimMapScreen(Screen[None]):
    """Every cluster of linked claims; Enter opens the highlighted claim in its article; q or Esc goes back."""

    BINDINGS = [
        Binding("q", "back", "back"),
        Binding("escape", "back", "back", show=False),
    ]
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
        yield KeyHints(self.BINDINGS)

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
        """Fetch the clusters and lay them out, keeping the highlighted line."""
        clusters = self.store.link_clusters()
        articles: dict[str, Article] = {}
        rows = [row for number, cluster in enumerate(clusters, 1)
                for row in cluster_rows(self.store, number, cluster, articles)]
        self.map.show(rows, self.map.index or 0)
        links = sum(len(cluster.links) for cluster in clusters)
        self.query_one("#map-title", Static).update(Content(
            f"Claim map  ·  {len(clusters)} cluster{'' if len(clusters) == 1 else 's'}  ·  {links} links  ·  "
            f"{len(articles)} sources"))
        self.query_one(StatusLine).say("Enter opens the highlighted claim in its article" if clusters else
                                       "no linked claims yet: link them from an article's Related panel (r)")

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
        self.post_message(OpenArticle(claim.article_id, self.store.article_ids(), claim.id))

    def action_back(self) -> None:
        self.dismiss()
