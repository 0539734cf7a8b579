"""Many annotators on one database at once: N processes x M mixed claim writes; write latency, errors and lost
writes."""

from __future__ import annotations

import argparse
import multiprocessing
import random
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reader.models import ClaimFields
from reader.seeds import import_seeds
from reader.store import Store

LABELS = ("EVENT", "QUANTITY", "PREDICTION", "CAUSAL")


@dataclass
class Outcome:
    """What one worker did: its write latencies, its errors and the claims it expects to find afterwards."""

    annotator: str
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    expected: dict[str, str] = field(default_factory=dict)


@dataclass
class Result:
    """The whole run: every worker's outcome and what the database holds afterwards that it should not (or lacks)."""

    outcomes: list[Outcome]
    lost: list[str]
    seconds: float

    @property
    def latencies(self) -> list[float]:
        """Every acknowledged write's latency in seconds."""
        return [x for outcome in self.outcomes for x in outcome.latencies]

    @property
    def errors(self) -> list[str]:
        """Every error any worker saw."""
        return [e for outcome in self.outcomes for e in outcome.errors]


def _write(
    store: Store, rng: random.Random, annotator: str, articles: dict[str, int], live: dict[str, str], serial: int
) -> None:
    """One random claim write (create, edit or delete of this annotator's own claims), remembered in `live`."""
    note = f"{annotator}-{serial}"
    roll = rng.random()
    if len(live) < 3 or roll < 0.5:
        article_id = rng.choice(list(articles))
        start = rng.randrange(0, articles[article_id] - 20)
        claim = store.claims.create(
            article_id,
            annotator,
            start,
            start + rng.randint(5, 20),
            ClaimFields(label=rng.choice(LABELS), confidence=rng.randint(1, 3), note=note),
        )
        live[claim.id] = note
    elif roll < 0.8:
        claim_id = rng.choice(sorted(live))
        store.claims.update(claim_id, annotator, label=rng.choice(LABELS), note=note)
        live[claim_id] = note
    else:
        claim_id = rng.choice(sorted(live))
        store.claims.delete(claim_id, annotator)
        del live[claim_id]


def worker(db: str, annotator: str, writes: int, pause: float, barrier: Any, results: Any) -> None:
    """Open the database like a reader would, wait for the others, then make `writes` timed writes, `pause` s apart."""
    outcome = Outcome(annotator)
    store = Store(db)
    articles = {article_id: len(store.articles.get(article_id).text) for article_id in store.articles.ids()}
    rng = random.Random(annotator)
    barrier.wait()
    for serial in range(writes):
        began = time.perf_counter()
        try:
            _write(store, rng, annotator, articles, outcome.expected, serial)
        except Exception as exc:
            outcome.errors.append(f"{type(exc).__name__}: {exc}")
            continue
        outcome.latencies.append(time.perf_counter() - began)
        time.sleep(pause)
    store.close()
    results.put(outcome)


def lost_writes(db: Path, outcomes: list[Outcome]) -> list[str]:
    """Compare each worker's expected claims (id and latest note) with the database, and replay its event log."""
    store = Store(db)
    try:
        problems = store.history.check()
        for outcome in outcomes:
            found = {
                c.id: c.note for a in store.articles.ids() for c in store.claims.of_article(a, [outcome.annotator])
            }
            if found != outcome.expected:
                missing = outcome.expected.keys() - found.keys()
                problems.append(
                    f"{outcome.annotator}: {len(missing)} claims missing, "
                    f"{len(found.keys() - outcome.expected.keys())} unexpected, "
                    f"{sum(found.get(k) != v for k, v in outcome.expected.items())} stale"
                )
            logged = len(store.history.events(annotator=outcome.annotator))
            if logged != len(outcome.latencies):
                problems.append(f"{outcome.annotator}: {len(outcome.latencies)} writes acknowledged, {logged} logged")
        return problems
    finally:
        store.close()


def run(db: Path, processes: int = 8, writes: int = 500, pause: float = 0.0) -> Result:
    """Seed a database, run the writers all at once, collect their outcomes and check that nothing was lost."""
    seed = Store(db)
    import_seeds(seed)
    seed.close()
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(processes + 1)
    results = ctx.Queue()
    workers = [
        ctx.Process(target=worker, args=(str(db), f"w{i}", writes, pause, barrier, results)) for i in range(processes)
    ]
    for process in workers:
        process.start()
    barrier.wait()
    began = time.perf_counter()
    outcomes = [results.get(timeout=600) for _ in workers]
    seconds = time.perf_counter() - began
    for process in workers:
        process.join()
    return Result(sorted(outcomes, key=lambda o: o.annotator), lost_writes(db, outcomes), seconds)


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100) by the nearest-rank method."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(q / 100 * len(ordered)) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--processes", type=int, default=8)
    parser.add_argument("--writes", type=int, default=500)
    parser.add_argument(
        "--pause-ms",
        type=float,
        default=0.0,
        help="Think time between one process's writes (0: back to back, the worst case).",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        result = run(Path(tmp) / "annotations.db", args.processes, args.writes, args.pause_ms / 1000)
    ms = [x * 1000 for x in result.latencies]
    print(
        f"{args.processes} processes x {args.writes} mixed claim writes (create/edit/delete) on one database,"
        f" {args.pause_ms:g} ms between one process's writes"
    )
    print(f"acknowledged writes: {len(ms)} in {result.seconds:.1f} s ({len(ms) / result.seconds:.0f} writes/s)")
    print(
        f"write latency ms: p50 {statistics.median(ms):.1f}  p90 {percentile(ms, 90):.1f}"
        f"  p99 {percentile(ms, 99):.1f}  max {max(ms):.1f}  (target p99 < 50)"
    )
    print(f"errors: {len(result.errors)}  lost or inconsistent: {len(result.lost)}")
    for line in (result.errors + result.lost)[:10]:
        print(f"  {line}")
    sys.exit(1 if result.errors or result.lost else 0)


if __name__ == "__main__":
    main()
