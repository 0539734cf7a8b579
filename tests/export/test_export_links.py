"""Claim links travel in native (losslessly, back in too) and claims exports."""

from __future__ import annotations

from pathlib import Path

import orjson

from reader.store import Store
from tests.export.helpers import annotate, export, import_file, native_articles


def export_to(db: Path, fmt: str, target: Path) -> Path:
    result = export(db, "--format", fmt, "-o", str(target))
    assert result.exit_code == 0, result.output
    return target


def linked(store: Store) -> tuple[list[str], str, str]:
    ids = annotate(store)
    a = store.claims.of_article(ids[0], ["alice"])[0]
    b = store.claims.of_article(ids[1], ["alice"])[0]
    link = store.links.create("alice", a.id, b.id, "conflicts")
    return ids, a.id, link.id


def test_native_round_trip_keeps_links(seeded: Store, tmp_path: Path) -> None:
    _, claim_a, link_id = linked(seeded)
    first = export_to(seeded.path, "native", tmp_path / "one.jsonl")
    spans = [s for article in native_articles(first.read_bytes()) for s in article["spans"]]
    outgoing = next(s for s in spans if s["id"] == claim_a)["links"]
    assert [(link["id"], link["relation"], link["annotator"]) for link in outgoing] == [(link_id, "conflicts", "alice")]
    assert import_file(tmp_path / "fresh.db", first).exit_code == 0
    fresh = Store(tmp_path / "fresh.db")
    assert [link.id for link in fresh.links.of_claim(claim_a)] == [link_id]
    second = export_to(fresh.path, "native", tmp_path / "two.jsonl")
    assert second.read_bytes() == first.read_bytes()


def test_claims_carry_related_claims(seeded: Store, tmp_path: Path) -> None:
    _, claim_a, link_id = linked(seeded)
    claims = [
        orjson.loads(line) for line in export_to(seeded.path, "claims", tmp_path / "c.jsonl").read_bytes().splitlines()
    ]
    mine = next(c for c in claims if c["id"] == claim_a)
    assert mine["related_claims"][0]["relation"] == "conflicts" and mine["related_claims"][0]["direction"] == "out"
    other = next(c for c in claims if c["id"] == mine["related_claims"][0]["claim"])
    assert other["related_claims"][0]["direction"] == "in" and other["related_claims"][0]["link_id"] == link_id
