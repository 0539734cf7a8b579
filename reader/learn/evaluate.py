"""Honest figures for the suggesters: k-fold cross-validation over done articles (split by article, never by
sentence) with precision, recall and F1 per label for the cue rules, the model and both combined, and a learning
curve."""

from __future__ import annotations

import random
from bisect import bisect_left
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from reader.errors import InputError
from reader.learn.training import LabelledSentence, TrainingArticle, labelled_sentences
from reader.suggest.suggester import CueMap, suggest

if TYPE_CHECKING:
    from reader.learn.model import SentenceModel

SYSTEMS = ("cues", "model", "combined", "shown")
"""The cue rules, the words-only model, the combined suggester with every suggestion (`--all`), and what it shows
by default (the suggestions precise enough on held-out claims)."""
CURVE_START = 50


@dataclass(slots=True)
class Counts:
    """True positives, false positives and false negatives of one label (or all) at the sentence level."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, truth: set[str] | frozenset[str], predicted: Collection[str], label: str) -> None:
        """Count one sentence's decision on one label."""
        if label in predicted:
            self.tp += label in truth
            self.fp += label not in truth
        else:
            self.fn += label in truth

    @property
    def precision(self) -> float:
        """Share of suggestions that were claims of that label."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        """Share of claimed sentences that were suggested with that label."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        return 2 * self.tp / (2 * self.tp + self.fp + self.fn) if self.tp else 0.0

    def record(self) -> dict[str, float | int]:
        """The counts and rates as plain JSON values."""
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "support": self.tp + self.fn,
            "suggested": self.tp + self.fp,
        }


@dataclass(slots=True)
class Evaluation:
    """Per-system, per-label counts over all folds, the learning curve, and what was evaluated."""

    folds: int
    articles: int
    sentences: int
    labels: list[str]
    counts: dict[str, dict[str, Counts]] = field(default_factory=dict)
    curve: list[tuple[int, float]] = field(default_factory=list)

    def overall(self, system: str) -> Counts:
        """Micro-averaged counts of a system over every label."""
        total = Counts()
        for counts in self.counts[system].values():
            total.tp, total.fp, total.fn = total.tp + counts.tp, total.fp + counts.fp, total.fn + counts.fn
        return total

    def record(self) -> dict[str, object]:
        """Everything as plain JSON values: what `suggest --evaluate --json` prints."""
        return {
            "folds": self.folds,
            "articles": self.articles,
            "sentences": self.sentences,
            "systems": {
                system: {
                    "overall": self.overall(system).record(),
                    "labels": {label: self.counts[system][label].record() for label in self.labels},
                }
                for system in self.counts
            },
            "learning_curve": [{"sentences": n, "f1": round(f1, 4)} for n, f1 in self.curve],
        }


def folds_of(articles: Sequence[TrainingArticle], folds: int) -> list[list[TrainingArticle]]:
    """Split done articles into folds of about equal sentence counts, whole articles only, the same way every run."""
    done = sorted((a for a in articles if a.done), key=lambda a: (-len(a.sentences), a.article_id))
    if len(done) < folds:
        raise InputError(
            f"--evaluate needs at least {folds} done articles to make {folds} folds; "
            f"{len(done)} are marked done (mark articles done, or give --folds 2)"
        )
    split: list[list[TrainingArticle]] = [[] for _ in range(folds)]
    sizes = [0] * folds
    for article in done:
        smallest = sizes.index(min(sizes))
        split[smallest].append(article)
        sizes[smallest] += len(article.sentences)
    return split


def cue_predictions(
    article: TrainingArticle, sentences: Sequence[LabelledSentence], rules: CueMap
) -> list[dict[str, str]]:
    """The labels the cue rules suggest on each of an article's labelled sentences (a suggestion overlapping it), each
    with the rule that suggested it."""
    found: list[dict[str, str]] = [{} for _ in sentences]
    starts = [sentence.start for sentence in sentences]
    for item in suggest(article.text, rules):
        i = bisect_left(starts, item.end) - 1
        while i >= 0 and sentences[i].end > item.start:
            found[i].setdefault(item.label, item.rule)
            i -= 1
    return found


def evaluate(
    articles: Sequence[TrainingArticle], labels: Sequence[str], rules: CueMap, *, folds: int = 5, curve: bool = True
) -> Evaluation:
    """Cross-validate the cue rules, the model (words only) and the combined suggester (words and cue hits)."""
    from reader.learn.model import train

    split = folds_of(articles, folds)
    by_fold = [[(a, labelled_sentences(a)) for a in fold] for fold in split]
    result = Evaluation(folds, sum(map(len, split)), sum(len(s) for fold in by_fold for _, s in fold), list(labels))
    result.counts = {system: {label: Counts() for label in labels} for system in SYSTEMS}
    curve_hits: dict[int, Counts] = {}
    train_sizes = [result.sentences - sum(len(ss) for _, ss in fold) for fold in by_fold]
    for k, test in enumerate(by_fold):
        train_sentences = [s for j, fold in enumerate(by_fold) if j != k for _, ss in fold for s in ss]
        test_sentences = [s for _, ss in test for s in ss]
        cues = [p for article, ss in test for p in cue_predictions(article, ss, rules)]
        model = train(train_sentences, labels)
        combined = train(train_sentences, labels, rules=rules)
        predictions: dict[str, Sequence[Collection[str]]] = {
            "cues": cues,
            "model": predicted(model, test_sentences, [{} for _ in cues], everything=True),
            "combined": predicted(combined, test_sentences, cues, everything=True),
            "shown": predicted(combined, test_sentences, cues),
        }
        for system, guesses in predictions.items():
            _tally(result.counts[system].__getitem__, test_sentences, guesses, labels)
        if curve:
            shuffled = _article_order(by_fold, k)
            for size in curve_sizes(min(train_sizes)):
                small = train(shuffled[:size], labels, rules=rules)
                total = curve_hits.setdefault(size, Counts())
                _tally(
                    _always(total),
                    test_sentences,
                    predicted(small, test_sentences, cues, everything=True),
                    labels,
                )
    result.curve = [(size, counts.f1) for size, counts in sorted(curve_hits.items())]
    if curve:
        result.curve.append((round(sum(train_sizes) / folds), result.overall("combined").f1))
    return result


def predicted(
    model: SentenceModel,
    sentences: Sequence[LabelledSentence],
    fallback: Sequence[dict[str, str]],
    *,
    everything: bool = False,
) -> list[set[str]]:
    """The labels the combined suggester gives each sentence, as `suggest_with` does: a modelled label where its
    probability reaches its cut (best F1 with `everything`, else the precise one), labels the model lacks from the
    fallback's cue rules (with `everything` all of them, else those that proved precise)."""
    scores = model.scores([s.text for s in sentences])
    found = [
        {
            label
            for label, rule in guess.items()
            if label not in model.labels and (everything or not model.with_cues or (label, rule) in model.precise_cues)
        }
        for guess in fallback
    ]
    for label, values in scores.items():
        cut = model.labels[label].threshold if everything else model.labels[label].shown
        if cut is None:
            continue
        for i, value in enumerate(values):
            if value >= cut:
                found[i].add(label)
    return found


def curve_sizes(available: int) -> list[int]:
    """50, 100, 200, 400... labelled sentences, while fewer than every fold has (the curve then ends with all of
    them)."""
    sizes, size = [], CURVE_START
    while size < available:
        sizes.append(size)
        size *= 2
    return sizes


def _article_order(
    by_fold: list[list[tuple[TrainingArticle, list[LabelledSentence]]]], k: int
) -> list[LabelledSentence]:
    """The training folds' sentences, articles in a fixed shuffled order, so a prefix is a sample of whole articles."""
    pairs = [pair for j, fold in enumerate(by_fold) if j != k for pair in fold]
    random.Random(k).shuffle(pairs)
    return [s for _, ss in pairs for s in ss]


def _always(counts: Counts) -> Callable[[str], Counts]:
    """Counts for every label in one tally, as the learning curve keeps one figure per training size."""
    return lambda _label: counts


def _tally(
    counts_of: Callable[[str], Counts],
    sentences: Sequence[LabelledSentence],
    guesses: Sequence[Collection[str]],
    labels: Sequence[str],
) -> None:
    """Add one fold's decisions to the counts `counts_of` gives for each label (its own, or one for all)."""
    for sentence, guess in zip(sentences, guesses, strict=True):
        for label in labels:
            counts_of(label).add(sentence.labels, guess, label)
