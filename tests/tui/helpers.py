"""Shared set-up of the reader's tests: a seeded temporary store, fixed annotator names, an app on it."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any, TypeVar

from textual.message import Message
from textual.notifications import Notify

from reader.models import ClaimFields
from reader.seeds import import_seeds
from reader.store import Store
from reader.tui.app import ClaimReader
from reader.tui.screens.article import ArticleScreen

ME = "alice"
OTHER = "bob"
SIZE = (100, 30)
S = TypeVar("S")


def seeded_store(path: Path) -> Store:
    """A store on `path` holding the bundled seed articles."""
    store = Store(path)
    import_seeds(store)
    return store


def make_app(store: Store, annotator: str = ME) -> ClaimReader:
    """The reader on `store`, with the fixed dark theme snapshots rely on."""
    app = ClaimReader(store, annotator)
    app.theme = "textual-dark"
    return app


def add_other_claims(store: Store, article_id: str) -> None:
    """Give the other annotator two claims on an article, one overlapping the first sentence."""
    text = store.articles.get(article_id).text
    store.claims.create(article_id, OTHER, 0, 30, ClaimFields(label="EVENT", confidence=2))
    store.claims.create(
        article_id,
        OTHER,
        text.index("North Korea"),
        text.index("North Korea") + 11,
        ClaimFields(label="OTHER", confidence=1),
    )


async def press_to(pilot, key: str, kind: type[S]) -> S:  # type: ignore[no-untyped-def]
    """Press `key` and return the screen it opened, checking it is a `kind`."""
    await pilot.press(key)
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, kind), f"{key} opened {type(screen).__name__}, not {kind.__name__}"
    return screen


async def open_first_article(pilot) -> ArticleScreen:  # type: ignore[no-untyped-def]
    """From the library, open the highlighted (first) article and return its screen."""
    return await press_to(pilot, "enter", ArticleScreen)


def run_async(test: Callable[..., Coroutine[Any, Any, None]]) -> Callable[..., None]:
    """Run an async test on a fresh event loop, so the suite needs no async pytest plugin."""

    @functools.wraps(test)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        asyncio.run(test(*args, **kwargs))

    return wrapper


class Notes:
    """The notifications an app shows, gathered through the test run's message hook: `run_test(message_hook=notes)`."""

    def __init__(self) -> None:
        self.messages: list[str] = []

    def __call__(self, message: Message) -> None:
        if isinstance(message, Notify):
            self.messages.append(message.notification.message)
