"""Benchmark: what a new annotator sees before any model has learned a label. First each cue rule's precision on the
bundled seeds' gold (a suggestion of the rule's label on a sentence the gold gives that label) and, given the
ClaimBuster files, on ClaimBuster (a sentence the rule fires on is a factual claim, UFS or CFS; CFS alone beside it),
each with the lower end of its one-sided 95% Wilson interval: a rule is established where that clears 70% on both,
and the set so found must be the reader's (reader.suggest.cues.ESTABLISHED). Then, on a fresh database, the
suggestions `S` shows on each seed with the gold's verdict on each.

Run: python -m bench cold_start [CLAIMBUSTER_DIR]    (the folder of crowdsourced.csv and groundtruth.csv)
     targets on seed 000: at most one suggestion per three sentences, at least 70% accepted as they are by the gold
"""

from __future__ import annotations

import csv
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from bench.seeds_gold import gold_sentences, seed_texts, sentence_indexes
from reader.learn.model import precision_bound
from reader.models import article_id_for
from reader.seeds import import_seeds
from reader.segment import Segments
from reader.store import Store
from reader.suggest import pending, suggest
from reader.suggest.cues import ESTABLISHED, RULE_NAMES
from reader.suggest.suggester import is_claim_candidate, sentence_cues

ESTABLISHED_AT = 0.7
"""The acceptance the cold-start view promises: a rule is shown before any model when its cautious precision clears
this on both sets."""
Z = 1.645
TARGET_DENSITY = 1 / 3
TARGET_ACCEPTED = 0.7
CLAIMBUSTER_FILES = ("crowdsourced.csv", "groundtruth.csv")


@dataclass
class Tally:
    """Hits among a rule's firings, and the cautious precision of that."""

    hits: int = 0
    fired: int = 0

    @property
    def bound(self) -> float:
        """The lower end of the one-sided 95% Wilson interval of the precision."""
        return float(precision_bound(self.hits, self.fired)) if self.fired else 0.0

    def cell(self) -> str:
        """Hits of firings, the precision and its bound."""
        if not self.fired:
            return f"{'-':>22}"
        return f"{self.hits:>5}/{self.fired:<5} {self.hits / self.fired:>4.2f} ≥{self.bound:.2f}"


def seeds_precision() -> dict[str, Tally]:
    """Each rule's suggestions on the seeds (default schema) against the gold labels of their sentences."""
    gold = gold_sentences()
    found = {rule: Tally() for rule in RULE_NAMES}
    for text in seed_texts().values():
        article_id, segments = article_id_for(text), Segments(text)
        for item in suggest(text):
            tally = found[item.rule]
            tally.fired += 1
            tally.hits += any(
                item.label in gold.get((article_id, i), set()) for i in sentence_indexes(segments, item.start, item.end)
            )
    return found


def claimbuster_precision(folder: Path) -> tuple[dict[str, Tally], dict[str, Tally], Counter[int]]:
    """Each rule's firings on ClaimBuster's sentences (those the suggester would consider): how many were factual
    claims (UFS or CFS), how many check-worthy ones (CFS); and the verdicts' counts."""
    factual = {rule: Tally() for rule in RULE_NAMES}
    checkworthy = {rule: Tally() for rule in RULE_NAMES}
    verdicts: Counter[int] = Counter()
    for name in CLAIMBUSTER_FILES:
        with (folder / name).open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                text, verdict = " ".join(row["Text"].split()), int(row["Verdict"])
                verdicts[verdict] += 1
                if not text or not is_claim_candidate(text, 0, len(text)):
                    continue
                for rule, _ in sentence_cues(text):
                    factual[rule].fired += 1
                    factual[rule].hits += verdict >= 0
                    checkworthy[rule].fired += 1
                    checkworthy[rule].hits += verdict == 1
    return factual, checkworthy, verdicts


@dataclass
class SeedView:
    """What a fresh database shows on one seed article: its sentences, the suggestions, and those the gold accepts."""

    sentences: int
    shown: int
    accepted: int
    rules: Counter[str]


def fresh_views() -> dict[str, SeedView]:
    """The default suggestions of each seed article on a fresh database (no claims, so no model), judged by the gold:
    accepted as it is where the gold gives the sentence the suggested label."""
    gold = gold_sentences()
    views = {}
    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder) / "fresh.db")
        import_seeds(store)
        for prefix, text in seed_texts().items():
            article_id, segments = article_id_for(text), Segments(text)
            shown = pending(store, article_id, "newcomer")
            accepted = sum(
                any(s.label in gold.get((article_id, i), set()) for i in sentence_indexes(segments, s.start, s.end))
                for s in shown
            )
            views[prefix] = SeedView(len(segments.sentences), len(shown), accepted, Counter(s.rule for s in shown))
        store.close()
    return views


def main() -> None:
    """Print the rules' precision on both sets, whether ESTABLISHED is what they establish, and the fresh views."""
    seeds = seeds_precision()
    public = claimbuster_precision(Path(sys.argv[1])) if len(sys.argv) > 1 else None
    header = f"{'rule':<12}{'seeds gold (label)':>24}"
    if public:
        verdicts = public[2]
        total = sum(verdicts.values())
        header += f"{'ClaimBuster factual':>24}{'ClaimBuster CFS':>24}"
        print(
            f"ClaimBuster: {total:,} sentences, factual (UFS or CFS) {(verdicts[0] + verdicts[1]) / total:.0%},"
            f" CFS {verdicts[1] / total:.0%}"
        )
    print(header + "   established")
    established = set()
    for rule in RULE_NAMES:
        row = f"{rule:<12}{seeds[rule].cell():>24}"
        ok = seeds[rule].bound >= ESTABLISHED_AT
        if public:
            row += f"{public[0][rule].cell():>24}{public[1][rule].cell():>24}"
            ok = ok and public[0][rule].bound >= ESTABLISHED_AT
        if ok:
            established.add(rule)
        print(f"{row}   {'yes' if ok else ''}")
    which = "both sets" if public else "the seeds alone (give CLAIMBUSTER_DIR for both)"
    agree = established == set(ESTABLISHED) if public else established >= set(ESTABLISHED)
    print(
        f"established on {which} at {ESTABLISHED_AT:.0%}: {', '.join(sorted(established)) or 'none'};"
        f" the reader shows {', '.join(sorted(ESTABLISHED))}: {'agrees' if agree else 'DIFFERS'}"
    )
    print(f"\n{'seed':<6}{'sentences':>10}{'shown':>7}{'per sentence':>14}{'accepted':>10}  rules")
    for prefix, view in fresh_views().items():
        density = view.shown / view.sentences
        accepted = view.accepted / view.shown if view.shown else 1.0
        rules = ", ".join(f"{rule} {n}" for rule, n in view.rules.most_common())
        print(f"{prefix:<6}{view.sentences:>10}{view.shown:>7}{density:>14.2f}{accepted:>10.0%}  {rules}")
        if prefix == "000":
            meets = density <= TARGET_DENSITY and accepted >= TARGET_ACCEPTED
            target = f"seed 000: {density:.2f} suggestions a sentence, {accepted:.0%} accepted as they are"
    print(f"{target}: {'meets' if meets else 'MISSES'} the targets (<= 1 in 3, >= {TARGET_ACCEPTED:.0%})")


if __name__ == "__main__":
    main()
