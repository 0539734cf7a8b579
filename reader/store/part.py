"""What every part of a store is: a small class over one concept that reaches the shared connection, the schema and
the other parts through the store it belongs to, as a sqlite-utils Table reaches its Database."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reader.store import Store
    from reader.store.connection import Connection


class Part:
    """One concept's share of a store; it never opens a connection of its own."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.db: Connection = store.db
