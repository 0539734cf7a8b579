"""Others' commits reach the reader: the app polls the database's data version and posts `DataChanged` to the
screens."""

from __future__ import annotations

from textual.message import Message

POLL_SECONDS = 2.0
"""How often the reader looks for others' commits: one cheap PRAGMA, so typing never waits for it."""


class DataChanged(Message):
    """Another connection committed: screens showing stored data fetch it again."""

    bubble = False
