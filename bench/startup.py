"""Child process of the reader benchmark: first-frame time of a bare app or of the reader, or the reader's peak RSS."""

from __future__ import annotations

import time

STARTED = time.perf_counter()

import sys  # noqa: E402 (after the clock starts, so the import is timed)


def bare() -> float:
    """A bare Textual app showing one widget."""
    from textual.app import App, ComposeResult
    from textual.widgets import Static

    class Bare(App[float]):
        def compose(self) -> ComposeResult:
            yield Static("hello")

        def on_ready(self) -> None:
            self.exit(time.perf_counter() - STARTED)

    return Bare().run(headless=True, size=(120, 36)) or 0.0


def reader(db: str) -> float:
    """The reader on `db`, as the CLI starts it, up to the library's first frame."""
    from reader.store import Store
    from reader.tui.app import ClaimReader

    class Timed(ClaimReader):
        def on_ready(self) -> None:
            self.exit(time.perf_counter() - STARTED)

    return Timed(Store(db), "bench").run(headless=True, size=(120, 36)) or 0.0


def rss(db: str, article_id: str) -> str:
    """Open the reader on `db`, open the article, and report the peak resident memory."""
    import asyncio

    from reader.store import Store
    from reader.tui.app import ClaimReader
    from reader.tui.screens.article import ArticleScreen

    async def main() -> None:
        store = Store(db, readonly=True)
        app = ClaimReader(store, "bench")
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await app.push_screen(ArticleScreen(store, "bench", article_id, [article_id], app.learner))
            await pilot.pause()
            await pilot.press(*["pagedown"] * 20)
            await pilot.pause()

    asyncio.run(main())
    peak = peak_rss_mb()
    return f"peak RSS {peak:.0f} MB with the library of 10,000 articles and the big article open (target < 200 MB)"


def peak_rss_mb() -> float:
    """This process's peak resident memory: VmHWM, which exec resets (ru_maxrss keeps the forking parent's peak)."""
    import resource
    from pathlib import Path

    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "bare":
        print(bare())
    elif mode == "reader":
        print(reader(sys.argv[2]))
    else:
        print(rss(sys.argv[2], sys.argv[3]))
