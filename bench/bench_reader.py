"""Reader benchmarks, each measured side by side with its baseline in the same run (the "Speed" targets).

Usage: python -m bench reader [--db PATH] [--runs N]

1. start to the library's first frame vs a bare Textual app with one widget (child processes, on_ready), both from
   bytecode as installed (pip compiles Textual's modules at install; the reader's are compiled first here, since a
   checkout run with PYTHONDONTWRITEBYTECODE would otherwise compile them from source on every start);
2. opening the 50,000-word article with 2,000 claims vs mounting a read-only TextArea with the same text;
3. CPU per keystroke (process_time around press + pause, minus a no-op key): move, extend, tag with confidence, undo;
4. RSS of the running reader with that article open.
"""

from __future__ import annotations

import argparse
import asyncio
import compileall
import statistics
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from bench.corpus import ANNOTATOR, build

SIZE = (120, 40)


def median_p90(values: list[float]) -> tuple[float, float]:
    """Median and 90th percentile."""
    ordered = sorted(values)
    return statistics.median(ordered), ordered[min(int(len(ordered) * 0.9), len(ordered) - 1)]


def child(*args: str) -> str:
    """Run bench/startup.py (or another child mode) and return its last output line."""
    result = subprocess.run([sys.executable, "-m", "bench.startup", *args], capture_output=True, text=True, check=True)
    return result.stdout.strip().splitlines()[-1]


def startup(db: Path, runs: int) -> None:
    """Alternate bare and reader start-ups; compare medians (and minimums, the least disturbed runs)."""
    compileall.compile_dir(Path(__file__).parent.parent / "reader", quiet=1)
    bare, reader = [], []
    for _ in range(runs):
        bare.append(float(child("bare")))
        reader.append(float(child("reader", str(db))))
    b, r = statistics.median(bare), statistics.median(reader)
    print(
        f"start to first frame: reader {r * 1000:.0f} ms, bare Textual app {b * 1000:.0f} ms "
        f"(medians of {runs}): ratio {r / b:.2f} (target <= 1.5); "
        f"minimums {min(reader) * 1000:.0f} / {min(bare) * 1000:.0f} ms: ratio {min(reader) / min(bare):.2f}"
    )


async def open_article(db: Path, article_id: str, runs: int) -> None:
    """Open the big article in the reader vs mount a read-only TextArea with its text; wall and CPU."""
    from textual.app import App
    from textual.widgets import TextArea

    from reader.store import Store
    from reader.tui.app import ClaimReader
    from reader.tui.screens.article import ArticleScreen

    store = Store(db, readonly=True)
    text = store.articles.get(article_id).text
    small_id = next(i for i in store.articles.ids() if i != article_id)
    ours_wall, ours_cpu, base_wall, base_cpu, again_cpu = [], [], [], [], []
    for _ in range(runs):
        app = ClaimReader(store, ANNOTATOR)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            wall, cpu = time.perf_counter(), time.process_time()
            await app.push_screen(ArticleScreen(store, ANNOTATOR, article_id, [article_id], app.learner))
            await pilot.pause()
            ours_wall.append(time.perf_counter() - wall)
            ours_cpu.append(time.process_time() - cpu)
            screen = app.screen
            assert isinstance(screen, ArticleScreen)
            screen.load(small_id)
            await pilot.pause()
            cpu = time.process_time()
            screen.load(article_id)  # what ] and [ do: the text view is reused
            await pilot.pause()
            again_cpu.append(time.process_time() - cpu)
        base = App()
        async with base.run_test(size=SIZE) as pilot:
            await pilot.pause()
            wall, cpu = time.perf_counter(), time.process_time()
            await base.screen.mount(TextArea(text, read_only=True))
            await pilot.pause()
            base_wall.append(time.perf_counter() - wall)
            base_cpu.append(time.process_time() - cpu)
    for what, ours, base_ in (("wall", ours_wall, base_wall), ("CPU", ours_cpu, base_cpu)):
        o, b = statistics.median(ours), statistics.median(base_)
        print(
            f"open article from the library ({what}): reader {o * 1000:.0f} ms, TextArea {b * 1000:.0f} ms "
            f"(medians of {runs}): ratio {o / b:.2f} (target <= 1.5)"
        )
    again, base_cpu_median = statistics.median(again_cpu), statistics.median(base_cpu)
    print(
        f"open article in place with ] / [ (CPU): reader {again * 1000:.0f} ms, "
        f"TextArea {base_cpu_median * 1000:.0f} ms: "
        f"ratio {again / base_cpu_median:.2f}"
    )
    store.close()


@asynccontextmanager
async def article_open(db: Path, article_id: str) -> AsyncIterator[ArticleBench]:
    """The reader on a scratch copy of `db` with the big article open, ready to time keys."""
    import shutil
    import tempfile

    from reader.store import Store
    from reader.tui.app import ClaimReader
    from reader.tui.screens.article import ArticleScreen

    work = Path(tempfile.mkdtemp()) / "keys.db"
    shutil.copy(db, work)
    store = Store(work)
    app = ClaimReader(store, ANNOTATOR)
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(ArticleScreen(store, ANNOTATOR, article_id, [article_id], app.learner))
        await pilot.pause()
        assert isinstance(app.screen, ArticleScreen)
        yield ArticleBench(app, pilot, app.screen, store)
    store.close()


class ArticleBench:
    """A running reader on the big article, with CPU timing of keys."""

    def __init__(self, app: Any, pilot: Any, screen: Any, store: Any) -> None:
        self.app, self.pilot, self.screen, self.store = app, pilot, screen, store
        self.noops: list[float] = []

    async def cpu(self, *keys: str) -> float:
        """CPU time of pressing `keys` and letting the app settle."""
        start = time.process_time()
        await self.pilot.press(*keys)
        await self.pilot.pause()
        return time.process_time() - start

    async def net(self, key: str) -> float:
        """CPU of `key` minus that of a no-op key pressed just before it (pairs cancel drifting load)."""
        noop = await self.cpu("f12")
        self.noops.append(noop)
        return await self.cpu(key) - noop


async def keystrokes(db: Path, article_id: str, presses: int) -> None:
    """CPU per key on the big article, minus the median of a no-op key."""
    async with article_open(db, article_id) as bench:
        pilot, net, noops = bench.pilot, bench.net, bench.noops
        await pilot.press("pagedown", "pagedown")
        results: dict[str, list[float]] = {
            "move (right)": [await net("right") for _ in range(presses)],
            "move (down)": [await net("down") for _ in range(presses)],
            "extend (shift+right)": [await net("shift+right") for _ in range(presses)],
        }
        await pilot.press("escape")
        label_key, confidence_key = [], []
        for _ in range(presses):
            await pilot.press("right_parenthesis", "right_parenthesis")
            await pilot.pause()
            # the no-op is pressed before the label key: while a tag waits, any key may act on the prompt
            noop = await bench.cpu("f12")
            noops.append(noop)
            label_key.append(await bench.cpu("2") - noop)
            confidence_key.append(await bench.cpu("3") - noop)
        results["tag: label key"] = label_key
        results["tag: confidence key (writes)"] = confidence_key
        results["tag with confidence (per key of the two)"] = [
            (a + b) / 2 for a, b in zip(label_key, confidence_key, strict=True)
        ]
        results["undo (writes)"] = [await net("u") for _ in range(presses)]
        print(
            f"no-op key: median {statistics.median(noops) * 1000:.2f} ms CPU, subtracted pairwise; "
            f"{presses} presses each"
        )
        for name, values in results.items():
            med, p90 = median_p90(values)
            verdict = "ok" if med <= 0.005 and p90 <= 0.016 else "OVER"
            print(f"  {name:<42} median {med * 1000:5.2f} ms  p90 {p90 * 1000:5.2f} ms  [{verdict}]")


def rss(db: Path, article_id: str) -> None:
    """Peak RSS of a reader process that opened the big article."""
    print(f"memory: {child('rss', str(db), article_id)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=Path("/tmp/claim-reader-bench.db"))
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--presses", type=int, default=40)
    parser.add_argument("--only", choices=["startup", "open", "keys", "rss"], help="run one benchmark only")
    args = parser.parse_args()
    article_id = build(args.db)
    if args.only in (None, "startup"):
        startup(args.db, args.runs)
    if args.only in (None, "open"):
        asyncio.run(open_article(args.db, article_id, args.runs))
    if args.only in (None, "keys"):
        asyncio.run(keystrokes(args.db, article_id, args.presses))
    if args.only in (None, "rss"):
        rss(args.db, article_id)


if __name__ == "__main__":
    main()
