"""CPU per keystroke in the article screen with suggestions shown, on the 50,000-word article (issue 8, target median <= 5 ms).

Usage: python bench/bench_reader_suggest.py [--db PATH] [--presses N]

Also reports the one-off cost of S (the cue rules run in a thread) and of r (the Related panel) on that corpus.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_reader import SIZE, median_p90  # noqa: E402
from corpus import ANNOTATOR, build  # noqa: E402


async def keystrokes(db: Path, article_id: str, presses: int) -> None:
    """Show suggestions, then time moves (and entering and leaving suggestions) minus a no-op key."""
    from reader.store import Store
    from reader.tui.app import ClaimReader
    from reader.tui.screens.article import ArticleScreen

    work = Path(tempfile.mkdtemp()) / "keys.db"
    shutil.copy(db, work)
    store = Store(work)
    app = ClaimReader(store, ANNOTATOR)

    async def cpu(pilot, *keys: str) -> float:  # type: ignore[no-untyped-def]
        start = time.process_time()
        await pilot.press(*keys)
        await pilot.pause()
        return time.process_time() - start

    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(ArticleScreen(store, ANNOTATOR, article_id, [article_id]))
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ArticleScreen)

        async def net(key: str) -> float:
            """CPU of `key` minus that of a no-op key pressed just before it."""
            noop = await cpu(pilot, "f12")
            return await cpu(pilot, key) - noop

        keys = {"move (right)": "right", "move (down)": "down", "next sentence ())": "right_parenthesis"}
        await pilot.press("pagedown", "pagedown")
        hidden = {name: [await net(key) for _ in range(presses)] for name, key in keys.items()}
        start = time.process_time()
        await pilot.press("S")
        await app.workers.wait_for_complete()
        await pilot.pause()
        shown = time.process_time() - start
        assert screen.suggestions is not None
        print(f"S (cue rules in a thread, then painted): {shown * 1000:.0f} ms CPU once per article, "
              f"{len(screen.suggestions.pending):,} pending suggestions")
        shown_keys = {name: [await net(key) for _ in range(presses)] for name, key in keys.items()}
        for name in keys:
            med, p90 = median_p90(shown_keys[name])
            base, base_p90 = median_p90(hidden[name])
            verdict = "ok" if med <= 0.005 else "OVER"
            print(f"  {name:<20} suggestions shown: median {med * 1000:5.2f} ms  p90 {p90 * 1000:5.2f} ms  [{verdict}]"
                  f"   hidden: median {base * 1000:5.2f} ms  p90 {base_p90 * 1000:5.2f} ms")
        await pilot.press("n")
        related: list[float] = []
        for _ in range(5):
            related.append(await cpu(pilot, "r"))
            await pilot.press("escape")
        print(f"r (Related panel, {store.count_articles():,} articles): median {statistics.median(related) * 1000:.0f} ms")
    store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=Path("/tmp/claim-reader-bench.db"))
    parser.add_argument("--presses", type=int, default=40)
    args = parser.parse_args()
    asyncio.run(keystrokes(args.db, build(args.db), args.presses))


if __name__ == "__main__":
    main()
