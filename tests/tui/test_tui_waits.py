"""The reader never waits for the database on the UI thread: while another process holds the lock, keys keep working,
the status line says whom it waits for, and the writes land in order once the lock is free."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from reader.identity import os_user
from reader.store import Store
from reader.tui.write_queue import WriteQueue
from tests.helpers import LOCK_HOLDER
from tests.tui.helpers import ME, SIZE, make_app, open_first_article, run_async, seeded_store


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return seeded_store(tmp_path / "t.db")


def hold(path: Path, which: str) -> subprocess.Popen[str]:
    """Another process holding the writers' lock ("queue") or SQLite's own write lock ("sqlite") until killed."""
    holder = subprocess.Popen(
        [sys.executable, "-c", LOCK_HOLDER, which, str(path)],
        stdout=subprocess.PIPE,
        text=True,
        stdin=subprocess.DEVNULL,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    return holder


async def until(pilot, condition, seconds: float = 10.0) -> None:  # type: ignore[no-untyped-def]
    """Let the app run until `condition()` holds, failing after `seconds`."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        await pilot.pause(0.05)


def claims_in(path: Path, article_id: str) -> list[tuple[int, str]]:
    """My claims on an article as another connection reads them, (start, label)."""
    with Store(path, readonly=True) as other:
        return [(c.start, c.label) for c in other.claims.of_article(article_id, [ME])]


@pytest.mark.parametrize("which", ["queue", "sqlite"])
@run_async
async def test_keys_work_while_another_process_holds_the_lock_and_writes_land_in_order(
    store: Store, which: str
) -> None:
    async with make_app(store).run_test(size=SIZE) as pilot:
        screen = await open_first_article(pilot)
        article_id = screen.article_id
        holder = hold(store.path, which)
        try:
            began = time.monotonic()
            await pilot.press("1", "3")  # tag the first sentence EVENT, sure
            assert time.monotonic() - began < 1.0, "a key waited for the database"
            queue: WriteQueue = pilot.app.writes
            assert queue.waiting == 1
            assert screen.status.kind == "waiting" and "waiting to save" in screen.status.message
            await until(pilot, lambda: f"process {holder.pid}" in screen.status.message, 2.0)
            assert f"account {os_user()}" in screen.status.message
            cursor = screen.view.cursor
            began = time.monotonic()
            await pilot.press("right", "right", ")")  # moves still answer at once
            assert screen.view.cursor != cursor and time.monotonic() - began < 1.0
            await pilot.press("2", "1")  # a second tag queues behind the first
            assert queue.waiting == 2
            assert claims_in(store.path, article_id) == []
        finally:
            holder.kill()
            holder.wait()
        await until(pilot, lambda: queue.waiting == 0)
        assert sorted(label for _, label in claims_in(store.path, article_id)) == ["EVENT", "QUANTITY"]
        assert {c.label for c in screen.claims.shown} == {"EVENT", "QUANTITY"}
        assert screen.status.kind == "saved"
        events = [e.after["label"] for e in store.history.events(article_id=article_id) if e.kind == "create"]
        assert events == ["EVENT", "QUANTITY"], "the queued writes were made in the order asked"


@run_async
async def test_quitting_while_a_write_waits_asks_first(store: Store) -> None:
    async with make_app(store).run_test(size=SIZE) as pilot:
        await open_first_article(pilot)
        holder = hold(store.path, "queue")
        try:
            await pilot.press("1", "3")
            await pilot.press("ctrl+q")
            await pilot.pause()
            assert pilot.app.is_running, "the first quit only warns while a change waits"
            await pilot.press("ctrl+q")
            await pilot.pause()
            assert not pilot.app.is_running
        finally:
            holder.kill()
            holder.wait()
