"""Honest figures for the suggesters: k-fold cross-validation over done articles (split by article, never by
sentence), or a fixed split into training and test articles, with precision, recall and F1 per label for the cue
rules, the model and both combined, the ranking measures of the shared tasks per article and averaged, and a learning
curve."""

from __future__ import annotations

import random
from bisect import bisect_left
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from reader.errors import InputError
from reader.learn.training import LabelledSentence, TrainingArticle, labelled_sentences
from reader.suggest.suggester import CueMap, suggest

if TYPE_CHECKING:
    from reader.learn.model import SentenceModel

SYSTEMS = ("cues", "model", "combined", "shown")
"""The cue rules, the words-only model, the combined suggester with every suggestion (`--all`), and what it shows
by default (the suggestions precise enough on held-out claims)."""
RANKED = ("model", "combined")
"""The systems with a score per sentence, so a ranking: the words-only model and the combined one (words and cues)."""
CURVE_START = 50
PRECISION_AT = (5, 10)


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


def ranking_measures(scores: Sequence[float], relevant: Sequence[bool]) -> dict[str, float] | None:
    """Average precision, R-precision and precision at 5 and 10 of one article's sentences ranked by score, as the
    CheckThat! check-worthiness scorer computes them: highest score first, ties in text order (a stable sort); AP sums
    the precision at each relevant sentence over the relevant ones; R-precision is the precision in the top R (R
    relevant); P@k counts the relevant in the top k over k. None where nothing is relevant (there is nothing to
    find)."""
    total = sum(relevant)
    if not total:
        return None
    order = sorted(range(len(scores)), key=lambda i: -scores[i])
    hits, precisions, found = 0, 0.0, []
    for rank, i in enumerate(order, 1):
        if relevant[i]:
            hits += 1
            precisions += hits / rank
        found.append(hits)
    return {
        "ap": precisions / total,
        "r_precision": found[total - 1] / total,
        **{f"p@{k}": found[min(k, len(found)) - 1] / k for k in PRECISION_AT},
    }


@dataclass(slots=True)
class ArticleRanking:
    """One scored article's ranking for one system and label: its sentences' scores in text order, which of them are
    claims of that label, and the measures (None where it holds no such claim)."""

    article_id: str
    scores: list[float]
    relevant: list[bool]

    @property
    def measures(self) -> dict[str, float] | None:
        """The ranking measures of this article (see `ranking_measures`)."""
        return ranking_measures(self.scores, self.relevant)


@dataclass(slots=True)
class Evaluation:
    """Per-system, per-label counts over all held-out articles, each held-out article's rankings, the learning curve,
    and what was evaluated (k folds, or a fixed split)."""

    folds: int
    articles: int
    sentences: int
    labels: list[str]
    counts: dict[str, dict[str, Counts]] = field(default_factory=dict)
    curve: list[tuple[int, float]] = field(default_factory=list)
    rankings: dict[str, dict[str, list[ArticleRanking]]] = field(default_factory=dict)
    """System to label to the held-out articles' rankings, in the order they were scored."""
    split: dict[str, Any] = field(default_factory=dict)
    """How training and test articles were chosen: k folds, or a fixed split (its test articles and how named)."""
    scored: list[str] = field(default_factory=list)
    """The held-out articles, in the order they were scored."""

    def overall(self, system: str) -> Counts:
        """Micro-averaged counts of a system over every label."""
        total = Counts()
        for counts in self.counts[system].values():
            total.tp, total.fp, total.fn = total.tp + counts.tp, total.fp + counts.fp, total.fn + counts.fn
        return total

    def ranking(self, system: str, label: str) -> dict[str, float | int] | None:
        """A system's ranking measures for one label averaged over the held-out articles with a claim of it (MAP is
        the mean AP), with how many articles that is; None where the system ranked nothing for the label."""
        measured = [m for r in self.rankings.get(system, {}).get(label, []) if (m := r.measures) is not None]
        if not measured:
            return None
        means: dict[str, float | int] = {
            ("map" if key == "ap" else key): round(sum(m[key] for m in measured) / len(measured), 4)
            for key in measured[0]
        }
        return {**means, "articles": len(measured)}

    def record(self) -> dict[str, object]:
        """Everything as plain JSON values: what `suggest --evaluate --json` prints."""
        return {
            "folds": self.folds,
            "split": self.split,
            "articles": self.articles,
            "sentences": self.sentences,
            "systems": {
                system: {
                    "overall": self.overall(system).record(),
                    "labels": {label: self.counts[system][label].record() for label in self.labels},
                    **(
                        {"ranking": {label: self.ranking(system, label) for label in self.labels}}
                        if system in self.rankings
                        else {}
                    ),
                }
                for system in self.counts
            },
            "rankings": [
                {
                    "system": system,
                    "label": label,
                    "article": r.article_id,
                    "measures": None if (m := r.measures) is None else {k: round(v, 4) for k, v in m.items()},
                    "relevant": [i for i, hit in enumerate(r.relevant) if hit],
                    "scores": r.scores,
                }
                for system, by_label in self.rankings.items()
                for label, found in by_label.items()
                for r in found
            ],
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


TRAIN, TEST = "train", "test"


def fixed_split(
    articles: Sequence[TrainingArticle], roles: dict[str, object], named: str
) -> tuple[list[TrainingArticle], list[TrainingArticle]]:
    """The training and test articles of a fixed split, from each article's role ("train" or "test"; other values and
    none leave it out); every test article must be labelled (claims or a done mark) and none may be missing."""
    labelled = {a.article_id for a in articles}
    unlabelled = [article_id for article_id, role in roles.items() if role == TEST and article_id not in labelled]
    if unlabelled:
        raise InputError(f"{named}: article {unlabelled[0]} has no claims and is not done: nothing to score it against")
    train = [a for a in articles if roles.get(a.article_id) == TRAIN]
    test = [a for a in articles if roles.get(a.article_id) == TEST]
    if not test:
        raise InputError(f"{named}: no test article (an article whose split is {TEST!r})")
    if not train:
        raise InputError(f"{named}: no labelled training article (an article whose split is {TRAIN!r})")
    return train, test


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
    articles: Sequence[TrainingArticle],
    labels: Sequence[str],
    rules: CueMap,
    *,
    folds: int = 5,
    curve: bool = True,
    split: tuple[Sequence[TrainingArticle], Sequence[TrainingArticle]] | None = None,
) -> Evaluation:
    """Cross-validate the cue rules, the model (words only) and the combined suggester (words and cue hits) over
    `folds` folds of the done articles, or with `split` train on its first articles and score its second (each of
    them labelled by its claims, done or not)."""
    from reader.learn.model import train

    if split is None:
        parts = folds_of(articles, folds)
        rounds = [([a for j, part in enumerate(parts) if j != k for a in part], part) for k, part in enumerate(parts)]
        how: dict[str, Any] = {"kind": "folds", "folds": folds}
    else:
        train_articles, test_articles = split
        rounds = [(list(train_articles), [replace(a, done=True) for a in test_articles])]
        how = {"kind": "fixed", "train": len(train_articles), "test": [a.article_id for a in test_articles]}
    tested = [[(a, labelled_sentences(a)) for a in test] for _, test in rounds]
    result = Evaluation(
        len(rounds), sum(map(len, tested)), sum(len(s) for part in tested for _, s in part), list(labels), split=how
    )
    result.scored = [a.article_id for part in tested for a, _ in part]
    result.counts = {system: {label: Counts() for label in labels} for system in SYSTEMS}
    result.rankings = {system: {label: [] for label in labels} for system in RANKED}
    trained = [[s for a in train for s in labelled_sentences(a)] for train, _ in rounds]
    curve_hits: dict[int, Counts] = {}
    for k, test in enumerate(tested):
        train_sentences = trained[k]
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
        for system, ranker in (("model", model), ("combined", combined)):
            _rank(result.rankings[system], ranker, test)
        if curve:
            shuffled = _article_order(trained[k], k)
            for size in curve_sizes(min(map(len, trained))):
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
        result.curve.append((round(sum(map(len, trained)) / len(rounds)), result.overall("combined").f1))
    return result


def _rank(
    into: dict[str, list[ArticleRanking]],
    model: SentenceModel,
    test: Sequence[tuple[TrainingArticle, list[LabelledSentence]]],
) -> None:
    """Add each held-out article's ranking by the model, for every label it scores (its decision values: exact where
    probabilities would round to a tie)."""
    for article, sentences in test:
        for label, values in model.decisions([s.text for s in sentences]).items():
            relevant = [label in s.labels for s in sentences]
            into[label].append(ArticleRanking(article.article_id, [float(v) for v in values], relevant))


def predicted(
    model: SentenceModel,
    sentences: Sequence[LabelledSentence],
    fallback: Sequence[dict[str, str]],
    *,
    everything: bool = False,
) -> list[set[str]]:
    """The labels the combined suggester gives each sentence, as `suggest_with` does: a modelled label where its
    probability reaches its cut (best F1 with `everything`, else the precise one), labels the model lacks from the
    fallback's cue rules where `cue_shown`; without `everything` only each sentence's best (the highest score, else
    the first cue)."""
    from reader.learn.model import cue_shown

    scores = model.scores([s.text for s in sentences])
    cuts = {label: m.threshold if everything else m.shown for label, m in model.labels.items()}
    found = []
    for i, guess in enumerate(fallback):
        scored = sorted(
            ((float(values[i]), label) for label, values in scores.items() if _reaches(values[i], cuts[label])),
            reverse=True,
        )
        ranked = [label for _, label in scored] + [
            label
            for label, rule in guess.items()
            if label not in model.labels and cue_shown(model, label, rule, everything=everything)
        ]
        found.append(set(ranked if everything else ranked[:1]))
    return found


def _reaches(score: float, cut: float | None) -> bool:
    """Whether a score reaches a label's cut (None: no score is shown)."""
    return cut is not None and score >= cut


def curve_sizes(available: int) -> list[int]:
    """50, 100, 200, 400... labelled sentences, while fewer than every fold has (the curve then ends with all of
    them)."""
    sizes, size = [], CURVE_START
    while size < available:
        sizes.append(size)
        size *= 2
    return sizes


def _article_order(sentences: Sequence[LabelledSentence], k: int) -> list[LabelledSentence]:
    """Training sentences, their articles in a fixed shuffled order, so a prefix is a sample of whole articles."""
    by_article: dict[str, list[LabelledSentence]] = {}
    for sentence in sentences:
        by_article.setdefault(sentence.article_id, []).append(sentence)
    groups = list(by_article.values())
    random.Random(k).shuffle(groups)
    return [s for group in groups for s in group]


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
