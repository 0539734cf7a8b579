"""Benchmark: sentence-level precision and recall of the cue suggester per label against the hand-made seeds gold.

Run: python bench/bench_suggest.py    (target: QUANTITY recall >= 0.9)
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from seeds_gold import gold_sentences, seed_texts, sentence_indexes  # noqa: E402

from reader.models import article_id_for  # noqa: E402
from reader.segment import Segments  # noqa: E402
from reader.suggest import suggest  # noqa: E402

TARGET_QUANTITY_RECALL = 0.9


def suggested_sentences() -> dict[tuple[str, int], set[str]]:
    """(article id, sentence index) to the labels the suggester proposes there."""
    found: dict[tuple[str, int], set[str]] = {}
    for text in seed_texts().values():
        article_id, segments = article_id_for(text), Segments(text)
        for item in suggest(text):
            for index in sentence_indexes(segments, item.start, item.end):
                found.setdefault((article_id, index), set()).add(item.label)
    return found


def main() -> None:
    """Print one row per label and the QUANTITY recall target check."""
    gold = gold_sentences()
    started = time.perf_counter()
    predicted = suggested_sentences()
    seconds = time.perf_counter() - started
    labels = sorted({label for labels in [*gold.values(), *predicted.values()] for label in labels})
    print(f"{'label':<12}{'gold':>6}{'sugg':>6}{'hit':>6}{'precision':>11}{'recall':>8}{'F1':>7}")
    recall_of: dict[str, float] = {}
    for label in labels:
        g = {key for key, value in gold.items() if label in value}
        s = {key for key, value in predicted.items() if label in value}
        hit = len(g & s)
        precision, recall = hit / len(s) if s else 0.0, hit / len(g) if g else 0.0
        f1 = 2 * precision * recall / (precision + recall) if hit else 0.0
        recall_of[label] = recall
        print(f"{label:<12}{len(g):>6}{len(s):>6}{hit:>6}{precision:>11.2f}{recall:>8.2f}{f1:>7.2f}")
    claim_sentences = set(gold)
    any_hit = len(claim_sentences & set(predicted))
    print(f"claim sentences found (any label): {any_hit}/{len(claim_sentences)}; "
          f"sentences suggested: {len(predicted)}; suggester time {seconds * 1000:.0f} ms")
    verdict = "meets" if recall_of.get("QUANTITY", 0.0) >= TARGET_QUANTITY_RECALL else "MISSES"
    print(f"QUANTITY recall {recall_of.get('QUANTITY', 0.0):.2f} {verdict} the target {TARGET_QUANTITY_RECALL}")


if __name__ == "__main__":
    main()
