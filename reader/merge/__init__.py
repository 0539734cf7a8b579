"""Merge: other claim-reader databases brought into this one, deciding every row by the latest event over all logs.

The rules of what a merge refuses live in rules.py, the walk over one source in merger.py; the other file is read
through the store's read-only `Source` and everything is written through the store's parts, so nothing here is SQL.
"""

from __future__ import annotations

from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from pathlib import Path

from reader import identity
from reader.errors import InputError, StoreError
from reader.merge.merger import Merger
from reader.models import MergeSummary
from reader.store import Store
from reader.store.source import Source

__all__ = ["merge"]


def merge(store: Store, others: Sequence[str | Path], only: AbstractSet[str] | None = None) -> list[MergeSummary]:
    """Bring other databases' articles, events, claims and done flags in, all in one transaction, so teams on many
    machines can combine their work; `only` takes only the events of these annotators.

    Every source is checked before anything is written. A claim ends as the after-state of its latest event by
    (ts, id) over all logs, so merging is idempotent and order-independent, a later deletion wins over an earlier
    edit, and the losing versions stay in the event log. Once the schema names leads, a non-lead merges only events
    in their own name.
    """
    me, leads = identity.os_user(), store.schema.leads
    others_named = sorted(set(only or ()) - {me})
    if others_named and leads and me not in leads:
        raise InputError(
            f"--only {','.join(others_named)}: you are {me}, and only leads ({', '.join(leads)}) may merge others' work"
        )
    paths = [Path(other) for other in others]
    for path in paths:
        if path.exists() and path.resolve() == store.path.resolve():
            raise StoreError(f"{path}: cannot merge a database into itself")
    store.db.check_intact()
    sources: list[Source] = []
    try:
        for path in paths:
            sources.append(Source(path))
        with store.write():
            return [Merger(store, source, only).run() for source in sources]
    finally:
        for source in sources:
            source.close()
