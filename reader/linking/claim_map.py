"""The Claim map's content: linked claims clustered, each with its source and figures, and the sources that share
quotes (so agreement between them is likely one upstream report); pure, so the reader computes it off the UI thread."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from reader.linking.related import features
from reader.linking.sources import dependent_sources
from reader.models import Article, Claim, Link, LinkCluster


@dataclass(frozen=True, slots=True)
class MappedClaim:
    """One claim of a cluster with its text, its source's name, its figures and whether a link says it conflicts."""

    claim: Claim
    text: str
    source: str
    figures: str
    conflict: bool


@dataclass(frozen=True, slots=True)
class SharedQuotes:
    """Two sources of a cluster that share quotes: the pairs of quotes worded alike."""

    source_a: str
    source_b: str
    quotes: list[tuple[str, str]]


@dataclass(frozen=True, slots=True)
class MappedCluster:
    """A cluster as the map shows it: its claims, how many links of each relation, its sources and their shared
    quotes."""

    claims: list[MappedClaim]
    relations: dict[str, int]
    sources: int
    conflict: bool
    shared: list[SharedQuotes]


def source_name(article: Article) -> str:
    """How the map names a source: its outlet when known, else its title."""
    return str(article.meta.get("source") or article.title)


def link_clusters(links: Sequence[Link], claims: Mapping[str, Claim]) -> list[LinkCluster]:
    """Connected components of the links with their claims (in article and text order), largest first."""
    parent: dict[str, str] = {}
    for link in links:
        parent[_root(parent, link.claim_a)] = _root(parent, link.claim_b)
    groups: dict[str, list[str]] = {}
    for claim_id in parent:
        groups.setdefault(_root(parent, claim_id), []).append(claim_id)
    clusters = []
    for members in groups.values():
        found = sorted((claims[claim_id] for claim_id in members), key=lambda c: (c.article_id, c.start, c.id))
        inside = [link for link in links if _root(parent, link.claim_a) == _root(parent, members[0])]
        clusters.append(LinkCluster(claims=found, links=inside))
    return sorted(clusters, key=lambda c: (-len(c.claims), c.claims[0].id))


def _root(parent: dict[str, str], node: str) -> str:
    """Union-find look-up with path halving; registers unseen nodes as their own root."""
    parent.setdefault(node, node)
    while parent[node] != node:
        parent[node] = parent[parent[node]]
        node = parent[node]
    return node


def claim_map(
    links: Sequence[Link], claims: Mapping[str, Claim], articles: Mapping[str, Article]
) -> list[MappedCluster]:
    """Every cluster of linked claims, largest first, with what the map shows of it (`store.links.with_claims()`)."""
    texts = {article_id: article.text for article_id, article in articles.items()}
    mapped = []
    for cluster in link_clusters(links, claims):
        conflicting = {
            end for link in cluster.links if link.relation == "conflicts" for end in (link.claim_a, link.claim_b)
        }
        members = []
        for claim in cluster.claims:
            text = texts[claim.article_id][claim.start : claim.end]
            figures = ", ".join(q.label for q in features(text).figures)
            members.append(
                MappedClaim(claim, text, source_name(articles[claim.article_id]), figures, claim.id in conflicting)
            )
        shared = [
            SharedQuotes(source_name(articles[a]), source_name(articles[b]), quotes)
            for a, b, quotes in dependent_sources(texts, cluster)
        ]
        mapped.append(
            MappedCluster(
                members,
                dict(Counter(link.relation for link in cluster.links)),
                len({claim.article_id for claim in cluster.claims}),
                bool(conflicting),
                shared,
            )
        )
    return mapped
