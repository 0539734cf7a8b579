"""Benchmark: sentence-level precision and recall of the cue suggester per label against the hand-made seeds gold,
then of the cue rules, the model and both combined under leave-one-article-out cross-validation (the learn extra).

Run: python -m bench suggest    (targets: QUANTITY recall >= 0.9; shown suggestions' precision >= 0.8 with QUANTITY
     recall >= 0.95)
"""

from __future__ import annotations

import time

from bench.seeds_gold import GOLD, gold_sentences, seed_texts, sentence_indexes
from reader.models import article_id_for
from reader.segment import Segments
from reader.suggest import suggest

TARGET_QUANTITY_RECALL = 0.9
TARGET_PRECISION = 0.8
TARGET_SHOWN_QUANTITY_RECALL = 0.95


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
    print(
        f"claim sentences found (any label): {any_hit}/{len(claim_sentences)}; "
        f"sentences suggested: {len(predicted)}; suggester time {seconds * 1000:.0f} ms"
    )
    verdict = "meets" if recall_of.get("QUANTITY", 0.0) >= TARGET_QUANTITY_RECALL else "MISSES"
    print(f"QUANTITY recall {recall_of.get('QUANTITY', 0.0):.2f} {verdict} the target {TARGET_QUANTITY_RECALL}")
    cross_validated()


def cross_validated() -> None:
    """Leave one seed article out at a time: train on the other four's gold, score the fifth, for each system."""
    import orjson

    from reader.learn.evaluate import SYSTEMS, evaluate
    from reader.learn.model import learn_missing
    from reader.learn.training import TrainingArticle
    from reader.schema import DEFAULT_SCHEMA
    from reader.suggest.suggester import cue_map

    if learn_missing():
        print(f"cross-validation skipped: {learn_missing()}")
        return
    texts = {article_id_for(text): text for text in seed_texts().values()}
    articles = []
    for line in GOLD.read_bytes().splitlines():
        record = orjson.loads(line)
        text = texts[record["id"]]
        articles.append(
            TrainingArticle(
                record["id"],
                text,
                Segments(text).sentences,
                [(s["start"], s["end"], s["label"]) for s in record["spans"]],
                True,
            )
        )
    result = evaluate(
        articles, DEFAULT_SCHEMA.label_names, cue_map(DEFAULT_SCHEMA.labels), folds=len(articles), curve=False
    )
    print(
        f"\nleave-one-article-out over {len(articles)} seed articles (sentence level; combined: every suggestion,"
        " as --all shows them; shown: the default view)"
    )
    print(f"{'system':<10}{'precision':>11}{'recall':>8}{'F1':>7}{'QUANTITY recall':>17}")
    for system in SYSTEMS:
        overall = result.overall(system)
        print(
            f"{system:<10}{overall.precision:>11.2f}{overall.recall:>8.2f}{overall.f1:>7.2f}"
            f"{result.counts[system]['QUANTITY'].recall:>17.2f}"
        )
    print(f"\n{'label':<12}{'claims':>7}{'combined P/R':>14}{'shown P/R':>12}{'suggested':>11}")
    for label in result.labels:
        every, shown = result.counts["combined"][label], result.counts["shown"][label]
        print(
            f"{label:<12}{every.tp + every.fn:>7}{every.precision:>8.2f}/{every.recall:.2f}"
            f"{shown.precision:>7.2f}/{shown.recall:.2f}{shown.tp + shown.fp:>8}/{every.tp + every.fp}"
        )
    shown = result.overall("shown")
    quantity = result.counts["shown"]["QUANTITY"].recall
    verdict = "meets" if shown.precision >= TARGET_PRECISION and quantity >= TARGET_SHOWN_QUANTITY_RECALL else "MISSES"
    print(
        f"shown precision {shown.precision:.2f}, QUANTITY recall {quantity:.2f}: {verdict} the targets "
        f"{TARGET_PRECISION} and {TARGET_SHOWN_QUANTITY_RECALL}"
    )


if __name__ == "__main__":
    main()
