"""Claim links: storage, validation, ownership, undo/redo, hiding with their claims, clusters, export hooks, merging."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from reader.errors import InputError
from reader.linking.claim_map import link_clusters
from reader.merge import merge
from reader.models import ClaimFields
from reader.seeds import import_seeds
from reader.store import SCHEMA_VERSION, Store


def claim(store: Store, who: str, article: int, start: int = 0) -> str:
    article_id = store.articles.ids()[article]
    return store.claims.create(article_id, who, start, start + 10, ClaimFields(label="QUANTITY", confidence=3)).id


@pytest.fixture
def three(seeded: Store) -> tuple[Store, str, str, str]:
    return seeded, claim(seeded, "alice", 0), claim(seeded, "bob", 1), claim(seeded, "alice", 3)


def test_a_database_of_the_previous_version_gains_the_tables(db_path: Path) -> None:
    Store(db_path).close()
    conn = sqlite3.connect(db_path)
    conn.executescript(
        "DROP TABLE links; DROP TABLE suggestion_decisions;"
        " DELETE FROM _sqlite_migrations WHERE name = 'm003_links_and_suggestions';"
        f" PRAGMA user_version = {SCHEMA_VERSION - 1};"
    )
    conn.close()
    store = Store(db_path)
    assert store.links.of_articles() == []
    assert store.db.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    store.close()


def test_a_link_is_stored_with_its_author_and_seen_from_both_ends(three) -> None:
    store, a, b, _ = three
    link = store.links.create("alice", a, b, "conflicts")
    assert store.links.of_claim(a) == store.links.of_claim(b) == [link]
    assert (link.annotator, link.relation, link.other(a), link.other(b)) == ("alice", "conflicts", b, a)
    assert store.links.get(link.id) == link
    [event] = [e for e in store.history.events(annotator="alice") if e.kind == "link"]
    assert event.after["id"] == link.id and event.article_id == store.claims.get(a).article_id


@pytest.mark.parametrize(
    ("relation", "same", "message"),
    [
        ("contradicts", False, "unknown relation"),
        ("same", True, "itself"),
    ],
)
def test_bad_links_are_refused(three, relation: str, same: bool, message: str) -> None:
    store, a, b, _ = three
    with pytest.raises(InputError, match=message):
        store.links.create("alice", a, a if same else b, relation)


def test_one_link_per_pair_and_annotator_and_only_the_author_unlinks(three) -> None:
    store, a, b, _ = three
    link = store.links.create("alice", a, b, "same")
    with pytest.raises(InputError, match="already linked"):
        store.links.create("alice", b, a, "supports")
    store.links.create("bob", b, a, "refines")
    with pytest.raises(InputError, match="belongs to alice"):
        store.links.delete(link.id, "bob")
    with pytest.raises(InputError, match="no claim"):
        store.links.create("alice", a, "missing", "same")


def test_link_and_unlink_are_undone_and_redone(three) -> None:
    store, a, b, _ = three
    article_id = store.claims.get(a).article_id
    link = store.links.create("alice", a, b, "quote-variant")
    assert store.history.undo("alice", article_id)[0].kind == "link" and store.links.of_claim(a) == []
    assert store.history.redo("alice", article_id)[0].kind == "link" and store.links.of_claim(a) == [link]
    store.links.delete(link.id, "alice")
    assert store.links.of_claim(a) == []
    assert store.history.undo("alice", article_id)[0].kind == "unlink" and store.links.of_claim(a) == [link]
    assert store.history.check() == []


def test_unlink_can_be_logged_on_the_other_article(three) -> None:
    store, a, b, _ = three
    link = store.links.create("alice", a, b, "same")
    other = store.claims.get(b).article_id
    store.links.delete(link.id, "alice", article_id=other)
    assert store.history.undo("alice", other)[0].kind == "unlink" and store.links.of_claim(b) == [link]


def test_a_sentence_linked_becomes_a_claim_and_undo_from_either_article_takes_back_both(three) -> None:
    store, a, _, _ = three
    here, there = store.claims.get(a).article_id, store.articles.ids()[2]
    made, link = store.links.to_sentence("alice", a, there, 0, 30, "supports", 2)
    assert store.claims.get(made.id) == made and store.links.of_claim(a) == [link] and link.claim_b == made.id
    assert (made.annotator, made.label, made.confidence, made.origin) == ("alice", "QUANTITY", 2, "related")
    undone = store.history.undo("alice", here)
    assert [e.kind for e in undone] == ["link", "create"]
    assert store.links.of_claim(a) == [] and store.claims.of_article(there, ["alice"]) == []
    assert [e.kind for e in store.history.redo("alice", here)] == ["create", "link"]
    assert store.links.of_claim(a) == [link]
    assert [e.kind for e in store.history.undo("alice", there)] == ["link", "create"]
    assert store.claims.of_article(there) == []
    assert [e.kind for e in store.history.redo("alice", there)] == ["create", "link"]
    assert store.claims.get(made.id) == made
    assert store.history.check() == []


def test_undo_leaves_the_claim_made_for_a_link_once_it_was_changed_there(three) -> None:
    store, a, _, _ = three
    here, there = store.claims.get(a).article_id, store.articles.ids()[2]
    made, _ = store.links.to_sentence("alice", a, there, 0, 30, "same", 3)
    store.claims.update(made.id, "alice", label="EVENT")
    assert [e.kind for e in store.history.undo("alice", here)] == ["link"]
    assert store.links.of_claim(a) == [] and store.claims.get(made.id).label == "EVENT"


def test_a_sentence_link_is_checked_before_anything_is_written(three) -> None:
    store, a, _, _ = three
    there = store.articles.ids()[2]
    before = store.db.conn.execute("SELECT count(*) FROM events").fetchone()
    with pytest.raises(InputError, match="outside the text"):
        store.links.to_sentence("alice", a, there, 0, 10**9, "same", 3)
    with pytest.raises(InputError, match="unknown relation"):
        store.links.to_sentence("alice", a, there, 0, 30, "contradicts", 3)
    assert store.db.conn.execute("SELECT count(*) FROM events").fetchone() == before
    assert store.claims.of_article(there) == []


def test_a_link_hides_with_a_deleted_claim_and_returns_with_undo(three) -> None:
    store, a, b, _ = three
    link = store.links.create("bob", b, a, "supports")
    store.claims.delete(a, "alice")
    assert store.links.of_claim(b) == [] and store.links.of_articles() == []
    store.history.undo("alice", store.articles.ids()[0])
    assert store.links.of_claim(b) == [link]


def test_clusters_are_connected_components(three) -> None:
    store, a, b, c = three
    lone_a, lone_b = claim(store, "bob", 2), claim(store, "bob", 4)
    store.links.create("alice", a, b, "same")
    store.links.create("bob", b, c, "conflicts")
    store.links.create("bob", lone_a, lone_b, "refines")
    links, claims, _ = store.links.with_claims()
    big, small = link_clusters(links, claims)
    assert {x.id for x in big.claims} == {a, b, c} and len(big.links) == 2
    assert {x.id for x in small.claims} == {lone_a, lone_b} and [x.relation for x in small.links] == ["refines"]


def test_export_hooks_give_links_per_article_and_claim(three) -> None:
    store, a, b, c = three
    ab = store.links.create("alice", a, b, "same")
    bc = store.links.create("bob", b, c, "conflicts")
    assert store.links.of_articles() == [ab, bc]
    assert store.links.of_articles([store.claims.get(a).article_id]) == [ab]
    by_claim = store.links.by_claim([store.claims.get(b).article_id])
    assert by_claim[b] == [ab, bc] and by_claim[a] == [ab] and by_claim[c] == [bc]


def test_links_and_rejections_merge_like_claims_and_leave_done_flags_alone(tmp_path: Path) -> None:
    a = Store(tmp_path / "a.db")
    import_seeds(a)
    x, y = claim(a, "alice", 0), claim(a, "alice", 1)
    a.progress.set_done(a.articles.ids()[0], "alice", True)
    a.db.backup(tmp_path / "b.db")
    b = Store(tmp_path / "b.db")
    link = a.links.create("alice", x, y, "same")
    a.decisions.reject("alice", a.articles.ids()[0], 0, 5, "EVENT")
    gone = b.links.create("bob", y, x, "supports")
    b.links.delete(gone.id, "bob")
    merge(b, [a.path])
    merge(a, [b.path])
    for store in (a, b):
        assert store.links.of_articles() == [link]
        assert store.decisions.of("alice", a.articles.ids()[0]) == {(0, 5, "EVENT"): "rejected"}
        assert store.progress.get(a.articles.ids()[0], "alice").done
    [again] = merge(b, [a.path])
    assert again.events == 0 and b.links.of_articles() == [link]
    a.close()
    b.close()


def test_a_sentence_link_merges_with_the_claim_made_for_it_and_its_undo_too(tmp_path: Path) -> None:
    a = Store(tmp_path / "a.db")
    import_seeds(a)
    x = claim(a, "alice", 0)
    a.db.backup(tmp_path / "b.db")
    b = Store(tmp_path / "b.db")
    made, link = a.links.to_sentence("alice", x, a.articles.ids()[2], 0, 30, "same", 3)
    merge(b, [a.path])
    assert b.claims.get(made.id) == made and b.links.of_articles() == [link]
    a.history.undo("alice", a.claims.get(x).article_id)
    merge(b, [a.path])
    assert b.links.of_articles() == [] and b.claims.of_article(a.articles.ids()[2]) == []
    a.close()
    b.close()


def test_sources_sharing_quotes_are_flagged_in_a_cluster(seeded: Store) -> None:
    from reader.linking.sources import dependent_sources, shared_quotes

    ids = seeded.articles.ids()
    texts = [seeded.articles.get(article_id).text for article_id in ids]
    assert len(shared_quotes(texts[0], texts[3])) == 2
    assert all(not shared_quotes(texts[a], texts[b]) for a, b in ((0, 1), (0, 4), (1, 3), (3, 4), (2, 4)))
    a, b, c = claim(seeded, "alice", 0), claim(seeded, "alice", 3), claim(seeded, "alice", 4)
    seeded.links.create("alice", a, b, "same")
    seeded.links.create("alice", b, c, "same")
    links, claims, articles = seeded.links.with_claims()
    by_id = {article_id: article.text for article_id, article in articles.items()}
    [(first, second, shared)] = dependent_sources(by_id, link_clusters(links, claims)[0])
    assert {first, second} == {ids[0], ids[3]} and any("come back home alive" in q for pair in shared for q in pair)


def statements(store: Store, call):  # type: ignore[no-untyped-def]
    """Run `call` and return its result with the SQL statements it ran."""
    seen: list[str] = []
    store.db.conn.set_trace_callback(seen.append)
    try:
        return call(), seen
    finally:
        store.db.conn.set_trace_callback(None)


def test_the_claim_map_reads_links_claims_and_articles_in_three_statements_however_many_clusters(seeded: Store) -> None:
    ids = [claim(seeded, "alice", article, start) for article in range(5) for start in (0, 20)]
    for a, b in zip(ids[::2], ids[1::2], strict=False):
        seeded.links.create("alice", a, b, "same")
    seeded.links.create("bob", ids[1], ids[3], "supports")
    (links, claims, articles), seen = statements(seeded, seeded.links.with_claims)
    assert len(seen) == 3 and len(links) == 6 and claims.keys() == set(ids) and len(articles) == 5
    assert [len(c.claims) for c in link_clusters(links, claims)] == [4, 2, 2, 2]


def test_claim_map_gives_figures_conflicts_and_shared_quotes_per_cluster(seeded: Store) -> None:
    from reader.linking.claim_map import claim_map

    ids = seeded.articles.ids()
    a, b, c = claim(seeded, "alice", 0), claim(seeded, "alice", 3), claim(seeded, "alice", 4)
    seeded.links.create("alice", a, b, "same")
    seeded.links.create("alice", b, c, "conflicts")
    [cluster] = claim_map(*seeded.links.with_claims())
    assert cluster.relations == {"same": 1, "conflicts": 1} and cluster.sources == 3 and cluster.conflict
    assert {item.claim.id: item.conflict for item in cluster.claims} == {a: False, b: True, c: True}
    texts = [seeded.articles.get(article_id).text[:10].rstrip() for article_id in (ids[0], ids[3], ids[4])]
    assert sorted(item.text for item in cluster.claims) == sorted(texts)
    [pair] = cluster.shared
    assert any("come back home alive" in q for quotes in pair.quotes for q in quotes)
