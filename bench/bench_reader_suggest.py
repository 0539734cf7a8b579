"""CPU per keystroke in the article screen with suggestions shown, on the 50,000-word article (target median <= 5 ms).

Usage: python -m bench reader_suggest [--db PATH] [--presses N]

Also reports the one-off cost of S (the cue rules run in a thread) and of r (the Related panel) on that corpus.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from pathlib import Path

from bench.bench_reader import article_open, median_p90
from bench.corpus import build


async def keystrokes(db: Path, article_id: str, presses: int) -> None:
    """Show suggestions, then time moves (and entering and leaving suggestions) minus a no-op key."""
    async with article_open(db, article_id) as bench:
        app, pilot, screen, store, net, cpu = bench.app, bench.pilot, bench.screen, bench.store, bench.net, bench.cpu
        keys = {"move (right)": "right", "move (down)": "down", "next sentence ())": "right_parenthesis"}
        await pilot.press("pagedown", "pagedown")
        hidden = {name: [await net(key) for _ in range(presses)] for name, key in keys.items()}
        start = time.process_time()
        await pilot.press("S")
        await app.workers.wait_for_complete()
        await pilot.pause()
        shown = time.process_time() - start
        assert screen.suggestions is not None
        print(
            f"S (cue rules in a thread, then painted): {shown * 1000:.0f} ms CPU once per article, "
            f"{len(screen.suggestions.pending):,} pending suggestions"
        )
        shown_keys = {name: [await net(key) for _ in range(presses)] for name, key in keys.items()}
        for name in keys:
            med, p90 = median_p90(shown_keys[name])
            base, base_p90 = median_p90(hidden[name])
            verdict = "ok" if med <= 0.005 else "OVER"
            print(
                f"  {name:<20} suggestions shown: median {med * 1000:5.2f} ms  p90 {p90 * 1000:5.2f} ms  [{verdict}]"
                f"   hidden: median {base * 1000:5.2f} ms  p90 {base_p90 * 1000:5.2f} ms"
            )
        await pilot.press("n")
        related: list[float] = []
        for _ in range(5):
            related.append(await cpu("r"))
            await pilot.press("escape")
        print(
            f"r (Related panel, {store.articles.count():,} articles): median {statistics.median(related) * 1000:.0f} ms"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=Path("/tmp/claim-reader-bench.db"))
    parser.add_argument("--presses", type=int, default=40)
    args = parser.parse_args()
    asyncio.run(keystrokes(args.db, build(args.db), args.presses))


if __name__ == "__main__":
    main()
