"""Benchmark: training the learned suggester on 10,000 labelled sentences (six labels, cue hits as features, thresholds
tuned on held-out articles), against scikit-learn fitting one plain bag-of-words logistic regression on the same text.

Run: python -m bench learn    (target: a retrain under 1 s)
"""

from __future__ import annotations

import random
import time

from bench.common import sentence
from reader.learn.model import FEATURE_ROWS, train
from reader.learn.training import LabelledSentence
from reader.suggest.suggester import DEFAULT_CUES

SENTENCES = 10_000
PER_ARTICLE = 40
LABELS = ("EVENT", "QUANTITY", "PREDICTION", "CAUSAL", "POSITION", "RULE")
TARGET_SECONDS = 1.0
CUES = {
    "QUANTITY": "10,000",
    "PREDICTION": "could",
    "CAUSAL": "because",
    "POSITION": "warned",
    "RULE": "sanctions",
    "EVENT": "said",
}


def corpus(seed: int = 3) -> list[LabelledSentence]:
    """Generated sentences in done articles of 40; a label is positive mostly where its word occurs (noisy, like
    people)."""
    rng = random.Random(seed)
    found = []
    for i in range(SENTENCES):
        text = sentence(rng, rng.randint(8, 30))
        labels = frozenset(label for label, word in CUES.items() if (word in text) != (rng.random() < 0.1))
        found.append(LabelledSentence(f"a{i // PER_ARTICLE}", 0, len(text), text, labels, True))
    return found


def baseline(sentences: list[LabelledSentence]) -> float:
    """Seconds for CountVectorizer + one LogisticRegression fit: the least any learned suggester must spend."""
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.linear_model import LogisticRegression

    started = time.perf_counter()
    matrix = CountVectorizer().fit_transform([s.text for s in sentences])
    LogisticRegression(solver="liblinear").fit(matrix, [LABELS[1] in s.labels for s in sentences])
    return time.perf_counter() - started


def main() -> None:
    """Print the cold (cue rules run on every sentence) and warm (cue hits cached) training times and the ratio."""
    sentences = corpus()
    base = baseline(sentences)
    FEATURE_ROWS.clear()
    started = time.perf_counter()
    model = train(sentences, LABELS, rules=DEFAULT_CUES)
    cold = time.perf_counter() - started
    started = time.perf_counter()
    train(sentences, LABELS, rules=DEFAULT_CUES)
    warm = time.perf_counter() - started
    print(f"{len(sentences)} labelled sentences, {len(model.labels)} labels modelled")
    print(f"baseline (bag of words + one logistic regression): {base:.3f} s")
    print(f"train, first time (every sentence featurized):      {cold:.3f} s ({cold / base:.1f}x baseline)")
    print(f"retrain (feature rows cached, as in the reader):    {warm:.3f} s ({warm / base:.1f}x baseline)")
    verdict = "meets" if warm < TARGET_SECONDS else "MISSES"
    print(f"retrain {verdict} the target of {TARGET_SECONDS:.0f} s")


if __name__ == "__main__":
    main()
