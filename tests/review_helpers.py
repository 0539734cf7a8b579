"""A fixed team for the agreement and review tests: three annotators who marked two seed articles done, and a lead."""

from __future__ import annotations

from pathlib import Path

from reader.models import ClaimFields
from reader.schema import DEFAULT_SCHEMA
from reader.store import Store
from tests.tui.helpers import seeded_store

LEAD = "lead"
TEAM = ("ann", "bob", "cy")
SCHEMA = DEFAULT_SCHEMA.model_copy(update={"leads": [LEAD]})


def team_store(path: Path) -> Store:
    """Seeds; on the first article a unanimous row, a majority row (cy's label differs), a disagreement only ann
    made, and a note with markup in it; on the second article ann and bob disagree on one span; both done by all."""
    seeded_store(path).close()
    store = Store(path, schema=SCHEMA)
    first, second = store.articles.ids()[:2]
    text = store.articles.get(first).text
    comma = text.index(",")
    korea = text.index("North Korea")
    troops = text.index("These troops")
    for name in TEAM:
        store.claims.create(first, name, 0, comma, ClaimFields(label="EVENT", confidence=3 if name != "cy" else 2))
        label = "OTHER" if name == "cy" else "QUANTITY"
        store.claims.create(
            first, name, korea, korea + 11, ClaimFields(label=label, confidence=2, note="[/bold] [@click=app.quit]x[/]")
        )
    store.claims.create(first, "ann", troops, troops + 12, ClaimFields(label="PREDICTION", confidence=1))
    store.claims.create(second, "ann", 0, 20, ClaimFields(label="EVENT", confidence=3))
    store.claims.create(second, "bob", 0, 20, ClaimFields(label="POSITION", confidence=3))
    for name in TEAM:
        store.progress.set_done(first, name, True)
    for name in TEAM[:2]:
        store.progress.set_done(second, name, True)
    return store
