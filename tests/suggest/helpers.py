"""The seeds gold fixture as an annotator's claims: labelled data for the learned suggester's tests."""

from __future__ import annotations

from collections.abc import Container

import orjson

from reader.models import ClaimFields
from reader.store import Store
from tests.helpers import FIXTURES

GOLD = FIXTURES / "seeds_gold.jsonl"


def tag_gold(store: Store, annotator: str = "alice", skip: Container[str] = ()) -> int:
    """Make the gold fixture one annotator's claims, each article marked done (but those in `skip`); return the
    count."""
    made = 0
    for line in GOLD.read_bytes().splitlines():
        record = orjson.loads(line)
        if record["id"] in skip:
            continue
        for span in record["spans"]:
            store.claims.create(
                record["id"], annotator, span["start"], span["end"], ClaimFields(label=span["label"], confidence=3)
            )
            made += 1
        store.progress.set_done(record["id"], annotator, True)
    return made
