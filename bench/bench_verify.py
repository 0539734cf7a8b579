"""Verification benchmarks, each measured beside its baseline in the same run (the "Speed" targets).

Usage: python -m bench verify [--presses N] [--verified N] [--only keys|export]

1. the verification view, on the reader's benchmark corpus (10,000 articles and a 50,000-word article with 2,000
   claims): CPU of the UI thread per key (thread time around press + pause, minus a no-op key pressed just before),
   for opening the view (V) and attaching the highlighted Related candidate as evidence (e, a write of a claim, a link
   and the verification), as an annotator attaches several: Tab to the candidates once, then e and Down. The first e
   after the Tab also repaints both lists whole (Textual repaints the screen on a focus change and leaves each list's
   own repaint pending until the list next changes). The candidates are ranked in a worker thread, off the UI thread,
   as Related's are, and each key is pressed once they are on screen. Target: median <= 5 ms, p90 <= 16 ms, as
   bench_reader's keys. Beside V, its floors: switching to a bare Textual screen of as many plain Statics, holding no
   data, and showing them in place of the article screen's sidebar (the view drawn inside the article screen).
2. exporting 10,000 verified claims with 3 questions each (AVeriTeC and FEVER) against a minimal sqlite3 + orjson
   writer of the same records read in the same order: the export once the command has loaded its modules and opened
   the store (target <= 1.3x, best of 3 rounds), and the whole command in a fresh process beside its fixed start
   (loading pydantic, the models and the schema: about 0.3 s whatever the size, which a 10,000-record export does not
   amortize; --verified 100000 shows it fade).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import shutil
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import orjson

from bench.bench_export import export as cli_export
from bench.bench_reader import median_p90
from bench.common import STAMP, article_row, article_text
from bench.corpus import ANNOTATOR, build
from reader.models import article_id_for, new_id
from reader.segment import sentence_spans
from reader.store import Store
from reader.verify.models import Answer, CorpusEvidence, Question, Record, record_json

OUT = Path("/tmp/claim-reader-verify-bench")
"""This benchmark's own files: the reader's cached corpus is migrated here, never in another version's cache."""
SIZE = (120, 40)
VERDICTS = ("Supported", "Refuted", "Not Enough Evidence", "Conflicting Evidence/Cherrypicking")
ROUNDS = 3


# -- 1. the verification view -----------------------------------------------------------------------------------------


async def keys(db: Path, article_id: str, presses: int) -> None:
    """UI-thread CPU of V (open the view) and e (attach a candidate) on the big article's claims."""
    from reader.tui.app import ClaimReader
    from reader.tui.screens.article import ArticleScreen
    from reader.tui.screens.verify import VerifyScreen

    work = Path(tempfile.mkdtemp()) / "verify.db"
    shutil.copy(db, work)
    store = Store(work)
    app = ClaimReader(store, ANNOTATOR)
    opened, attached, noops = [], [], []
    async with app.run_test(size=SIZE) as pilot:
        article = ArticleScreen(store, ANNOTATOR, article_id, [article_id], app.learner)
        await app.push_screen(article)
        await pilot.pause()

        async def cpu(*pressed: str) -> float:
            start = time.thread_time()
            await pilot.press(*pressed)
            await pilot.pause()
            return time.thread_time() - start

        await pilot.press("pagedown", "n")
        while len(attached) < presses:
            noop = await cpu("f12")
            noops.append(noop)
            opened.append(await cpu("V") - noop)
            assert isinstance(app.screen, VerifyScreen), app.screen
            widgets = len(app.screen.query("*"))
            await app.workers.wait_for_complete()  # the ranking, in its worker
            await pilot.press("tab")  # to the candidates, as an annotator attaching several does once
            await pilot.pause()
            for _ in range(min(4, len(app.screen.candidates.matches))):
                noop = await cpu("f12")
                noops.append(noop)
                attached.append(await cpu("e") - noop)
                await pilot.press("down")
            await pilot.press("escape", "n", "n")
        panel = await article_panel(pilot, article, widgets, presses)
    store.close()
    switch = await bare_switch(widgets, presses)
    print(f"no-op key: median {statistics.median(noops) * 1000:.2f} ms of UI-thread CPU, subtracted pairwise")
    print(
        f"  a bare Textual screen switch to {widgets} plain Statics, no data: median {switch * 1000:.2f} ms"
        f" (what showing any screen of the view's size costs; V is {statistics.median(opened) / switch:.1f}x it)"
    )
    print(f"  the same Statics shown in place of this article's sidebar, at its width: median {panel * 1000:.2f} ms")
    for name, values in (("open the verification view (V)", opened), ("attach evidence (e, writes)", attached)):
        med, p90 = median_p90(values)
        verdict = "ok" if med <= 0.005 and p90 <= 0.016 else "OVER"
        print(
            f"  {name:<34} median {med * 1000:5.2f} ms  p90 {p90 * 1000:5.2f} ms  ({len(values)} presses) [{verdict}]"
        )


async def bare_switch(widgets: int, presses: int) -> float:
    """Median UI-thread CPU of switching to a screen of `widgets` one-line Statics (the floor of V as a screen)."""
    from textual.app import App
    from textual.screen import Screen
    from textual.widgets import Static

    class Bare(Screen[None]):
        BINDINGS = [("escape", "app.pop_screen", "back")]

        def compose(self) -> Any:
            for n in range(widgets):
                yield Static(f"row {n} " * 12)

    class Below(Screen[None]):
        BINDINGS = [("v", "app.push_screen('bare')", "open")]

        def compose(self) -> Any:
            yield Static("article " * 2000)

    class Floor(App[None]):
        SCREENS = {"bare": Bare}

        def on_mount(self) -> None:
            self.push_screen(Below())

    return await _floor(Floor(), presses, "escape")


async def article_panel(pilot: Any, article: Any, widgets: int, presses: int) -> float:
    """Median UI-thread CPU of showing, in place of the article screen's sidebar and at its width, a panel of `widgets`
    plain Statics (the floor of V drawn inside the article screen: a layout pass of it, the article unmoved)."""
    from textual.containers import Vertical
    from textual.widgets import Static

    sidebar = article.sidebar
    panel = Vertical(*(Static(f"row {n} " * 12) for n in range(widgets)))
    panel.display = False
    await article.query_one("#article-body").mount(panel)
    panel.styles.width, panel.styles.max_width = sidebar.styles.width, sidebar.styles.max_width
    await pilot.pause()
    text = article.view.size
    shown = []
    for n in range(presses + 2):
        start = time.thread_time()
        await pilot.pause()
        idle = time.thread_time() - start
        start = time.thread_time()
        sidebar.display, panel.display = False, True
        await pilot.pause()
        if n >= 2:  # the first shows compose
            shown.append(time.thread_time() - start - idle)
        assert article.view.size == text, "the panel must take the sidebar's place exactly, the article unmoved"
        sidebar.display, panel.display = True, False
        await pilot.pause()
    return statistics.median(shown)


async def _floor(app: Any, presses: int, back: str) -> float:
    """Median UI-thread CPU of `v` in a bare app, minus a no-op key pressed just before; `back` undoes it."""
    shown = []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for n in range(presses + 2):
            start = time.thread_time()
            await pilot.press("f12")
            await pilot.pause()
            noop = time.thread_time() - start
            start = time.thread_time()
            await pilot.press("v")
            await pilot.pause()
            if n >= 2:  # the first visits compose
                shown.append(time.thread_time() - start - noop)
            await pilot.press(back)
            await pilot.pause()
    return statistics.median(shown)


# -- 2. exports -------------------------------------------------------------------------------------------------------


def generate(path: Path, count: int) -> None:
    """Create (once) a database of `count` articles, each with one claim verified by one of three annotators: three
    questions of one or two answers, one piece of evidence in another article."""
    if path.exists():
        Store(path).close()
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.unlink(missing_ok=True)
    store = Store(tmp)
    rng = random.Random(9)
    articles, claims, verifications = [], [], []
    texts = []
    for n in range(count):
        text = f"Article {n}\n" + article_text(rng, 120)
        article_id = article_id_for(text)
        sentences = sentence_spans(text)
        texts.append((article_id, sentences))
        articles.append(article_row(n, text, sentences))
        start, end = sentences[1]
        claims.append(
            {
                "id": new_id(),
                "article_id": article_id,
                "annotator": "ann",
                "start": start,
                "end": end,
                "label": "QUANTITY",
                "confidence": 3,
                "note": None,
                "speaker": "Wire",
                "checkworthy": 0,
                "hedged": 0,
                "origin": "manual",
                "adjudicated_by": None,
                "created_at": STAMP,
                "updated_at": STAMP,
            }
        )
    for n, claim in enumerate(claims):
        other_id, other_sentences = texts[(n + 1) % count]
        start, end = other_sentences[2]
        record = Record(
            normalized_claim=f"Claim number {n} about troops, said in 2024 (Wire, Nov 2024)",
            claim_date="24-11-2024",
            speaker="Wire",
            justification="The ministry's figures and two reports disagree with the claim; see the answers.",
            strategies=["Written Evidence", "Numerical Comparison"],
            claim_types=["Numerical Claim"],
            questions=[
                Question(
                    question=f"What did source {q} report about the number?",
                    answers=[
                        Answer(
                            answer="About 11,000 troops, according to the ministry's weekly figures.",
                            answer_type="Extractive",
                            source_url=f"https://news.example/{n}/{q}",
                            source_medium="Web text",
                            cached_source_url=f"https://archive.example/{n}/{q}",
                        ),
                        *(
                            [Answer(answer="No", answer_type="Boolean", boolean_explanation="It said otherwise.")]
                            if q == 2
                            else []
                        ),
                    ],
                )
                for q in range(3)
            ],
            evidence=[CorpusEvidence(article_id=other_id, start=start, end=end, sentence=2)],
            original_claim_url=f"https://news.example/{n}",
            reporting_source="Wire",
        )
        verifications.append(
            {
                "id": new_id(),
                "claim_id": claim["id"],
                "article_id": claim["article_id"],
                "annotator": ("ann", "bob", "cy")[n % 3],
                "verdict": VERDICTS[n % 3],
                "body": record_json(record),
                "source": None,
                "position": None,
                "adjudicated_by": None,
                "created_at": STAMP,
                "updated_at": STAMP,
            }
        )
    with store.write():
        store.db.utils["articles"].insert_all(articles, batch_size=1000)
        store.db.utils["claims"].insert_all(claims, batch_size=2000)
        store.db.utils["verifications"].insert_all(verifications, batch_size=2000)
    store.close()
    for suffix in ("-wal", "-shm"):
        Path(str(tmp) + suffix).unlink(missing_ok=True)
    tmp.rename(path)


ORDERED = (
    "SELECT v.verdict, v.body FROM verifications v JOIN claims c ON c.id = v.claim_id WHERE v.verdict IS NOT NULL"
    ' ORDER BY v.position IS NULL, v.source, v.position, c.article_id, c.start, c."end", c.id, v.annotator, v.id'
)
LABELS = dict(zip(VERDICTS, VERDICTS, strict=False))
FEVER = {"Supported": "SUPPORTS", "Refuted": "REFUTES"}


def baseline_averitec(db: Path, out: Path) -> tuple[float, float]:
    """The floor: the same rows in the same order out of sqlite3, each body made an AVeriTeC record, orjson.dumps."""
    begin, cpu = time.perf_counter(), time.process_time()
    conn = sqlite3.connect(db)
    with out.open("wb") as handle:
        handle.write(b"[")
        for n, (verdict, body) in enumerate(conn.execute(ORDERED)):
            found = orjson.loads(body)
            record = {
                "claim": found["normalized_claim"],
                "required_reannotation": found["required_reannotation"],
                "label": LABELS[verdict],
                "justification": found["justification"],
                "claim_date": found["claim_date"],
                "speaker": found["speaker"],
                "original_claim_url": found["original_claim_url"],
                "fact_checking_article": found["fact_checking_article"],
                "reporting_source": found["reporting_source"],
                "location_ISO_code": found["location_ISO_code"],
                "claim_types": found["claim_types"],
                "fact_checking_strategies": found["strategies"],
                "questions": [
                    {"question": q["question"], "answers": [_answer(a) for a in q["answers"]]}
                    for q in found["questions"]
                ],
                "cached_original_claim_url": found["cached_original_claim_url"],
            }
            handle.write(b",\n" if n else b"\n")
            handle.write(orjson.dumps(record))
        handle.write(b"\n]\n")
    conn.close()
    return time.perf_counter() - begin, time.process_time() - cpu


def _answer(answer: dict[str, Any]) -> dict[str, Any]:
    """An answer without the keys AVeriTeC leaves out."""
    return {key: value for key, value in answer.items() if value is not None}


def baseline_fever(db: Path, out: Path) -> tuple[float, float]:
    """The floor for FEVER: the same rows, the evidence's sentence found in its article's stored split."""
    begin, cpu = time.perf_counter(), time.process_time()
    conn = sqlite3.connect(db)
    splits: dict[str, list[tuple[int, int]]] = {}
    evidence_id = 0
    with out.open("wb") as handle:
        for n, (verdict, body) in enumerate(conn.execute(ORDERED)):
            found = orjson.loads(body)
            label = FEVER.get(verdict, "NOT ENOUGH INFO")
            if label == "NOT ENOUGH INFO":
                evidence: list[Any] = [[[n, None, None, None]]]
            else:
                entries = []
                for item in found["evidence"]:
                    spans = splits.get(item["article_id"])
                    if spans is None:
                        row = conn.execute("SELECT sentences FROM articles WHERE id = ?", [item["article_id"]])
                        flat = orjson.loads(row.fetchone()[0])
                        spans = splits[item["article_id"]] = list(zip(flat[::2], flat[1::2], strict=True))
                    for line, (s, e) in enumerate(spans):
                        if s < item["end"] and item["start"] < e:
                            entries.append([n, evidence_id, item["article_id"], line])
                            evidence_id += 1
                evidence = [entries]
            verifiable = "NOT VERIFIABLE" if label == "NOT ENOUGH INFO" else "VERIFIABLE"
            record = {
                "id": n,
                "verifiable": verifiable,
                "label": label,
                "claim": found["normalized_claim"],
                "evidence": evidence,
            }
            handle.write(orjson.dumps(record) + b"\n")
    conn.close()
    return time.perf_counter() - begin, time.process_time() - cpu


def in_process(db: Path, fmt: str, out: Path) -> tuple[float, float]:
    """The export proper, in this process once its modules are loaded and the store is open: (wall, CPU) s."""
    from reader.export import run_export
    from reader.export.records import Job
    from reader.store import SpanFilter

    store = Store(db)
    store.schema  # noqa: B018  (read before the clock starts, as a command reads it before exporting)
    begin, cpu = time.perf_counter(), time.process_time()
    run_export(Job(store, SpanFilter(), str(out)), fmt)
    seconds, cpu = time.perf_counter() - begin, time.process_time() - cpu
    store.close()
    return seconds, cpu


def exports(count: int) -> None:
    """Each verification format against its floor, alternating, best of ROUNDS: the export proper in a warm process
    (the target), and the whole command in a fresh one beside the fixed cost of its start (a 10-record export)."""
    db = OUT / f"verified-{count}.db"
    tiny = OUT / "verified-10.db"
    begin = time.perf_counter()
    generate(db, count)
    generate(tiny, 10)
    print(f"database {db} ready in {time.perf_counter() - begin:.1f} s ({count:,} verified claims, 3 questions each)")
    for fmt, floor in (("averitec", baseline_averitec), ("fever", baseline_fever)):
        bases, warm, runs, starts = [], [], [], []
        for _ in range(ROUNDS):
            bases.append(floor(db, OUT / f"baseline.{fmt}"))
            warm.append(in_process(db, fmt, OUT / f"warm.{fmt}"))
            runs.append(cli_export(db, fmt, OUT / f"export.{fmt}"))
            starts.append(cli_export(tiny, fmt, OUT / f"tiny.{fmt}"))
        base_wall, base_cpu = min(b[0] for b in bases), min(b[1] for b in bases)
        warm_wall, warm_cpu = min(w[0] for w in warm), min(w[1] for w in warm)
        wall, cpu = min(r[0] for r in runs), min(r[1] for r in runs)
        start = min(r[0] for r in starts)
        verdict = "ok" if warm_wall / base_wall <= 1.3 else "OVER"
        print(
            f"  {fmt:<9} export {warm_wall:.2f} s (CPU {warm_cpu:.2f} s); sqlite3 + orjson {base_wall:.2f} s"
            f" (CPU {base_cpu:.2f} s): ratio {warm_wall / base_wall:.2f} wall, {warm_cpu / base_cpu:.2f} CPU"
            f" (target <= 1.3) [{verdict}]"
        )
        print(
            f"  {'':<9} the whole command in a fresh process {wall:.2f} s (CPU {cpu:.2f} s): ratio"
            f" {wall / base_wall:.2f}, of which {start:.2f} s is its start (loading the models and the schema:"
            " what a 10-record export takes), whatever the size"
        )
        if fmt == "averitec":
            ours = orjson.loads((OUT / "export.averitec").read_bytes())
            theirs = orjson.loads((OUT / "baseline.averitec").read_bytes())
            assert ours == theirs, "the export and its floor wrote different records"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--presses", type=int, default=40)
    parser.add_argument("--verified", type=int, default=10_000)
    parser.add_argument("--only", choices=["keys", "export"], help="run one benchmark only")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    if args.only in (None, "export"):
        exports(args.verified)
    if args.only in (None, "keys"):
        reader_db = OUT / "reader.db"
        article_id = build(reader_db)
        asyncio.run(keys(reader_db, article_id, args.presses))


if __name__ == "__main__":
    main()
