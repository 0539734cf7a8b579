"""The learned suggester: one linear classifier per label over TF-IDF word 1-2-grams and the cue rules' hits, each with
a threshold tuned by cross-validation over articles and its scores calibrated on held-out articles, so it learns from
the team's claims in well under a second."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from reader.learn.training import LabelledSentence, claim_count, corpus_sentences, training_articles
from reader.segment import sentence_spans, trim_span
from reader.suggest.cues import ESTABLISHED, RULE_NAMES
from reader.suggest.suggester import CueMap, Suggestion, cue_map, one_per_sentence, sentence_cues, suggest

if TYPE_CHECKING:
    import numpy as np
    from scipy.sparse import csr_matrix

    from reader.store import Store

HASHED_FEATURES = 2**20
"""Hashed word 1-2-gram columns: only those the training sentences use are kept, so the width costs nothing."""
MIN_POSITIVES = 3
"""A label with fewer positive sentences than this is left to the cue rules."""
INNER_FOLDS = 3
DEFAULT_THRESHOLD = 0.5
PRECISION_TARGET = 0.8
"""Shown by default: a label's suggestions at scores (a cue rule's, outright) that were this precise on held-out
data."""
CONFIDENCE_Z = 1.645
"""A one-sided 95% bound: a precision is taken to clear the target only when the evidence for it is that sure."""
REGULARIZATION = 1.0
TOLERANCE = 0.01
"""liblinear stops at this tolerance: what keeps a retrain of 10,000 sentences under 1 s."""
CUE_WEIGHT = 1.0
"""A cue rule's column value, beside the l2-normalized TF-IDF words (weight 3 ranked no better on held-out debates)."""
NGRAMS = (1, 2)
TOKENS = r"(?u)\b\w+\b|[%$€£?]"
"""Words of any length, and the symbols that mark figures and questions."""
MISSING = "the learned suggester needs scikit-learn: pip install 'claim-reader[learn]'; cue rules only"


def learn_missing() -> str | None:
    """Why the learned suggester cannot run here (scikit-learn is an optional extra), or None when it can."""
    return None if importlib.util.find_spec("sklearn") else MISSING


FEATURE_ROWS: dict[tuple[str, bool], tuple[np.ndarray, np.ndarray]] = {}
"""Each sentence's feature row (column indices, values), so a retrain featurizes only the sentences it has not seen."""
FEATURE_ROWS_KEPT = 200_000


def features(sentences: Sequence[str], *, with_cues: bool) -> csr_matrix:
    """Hashed word 1-2-gram counts, then one column per cue rule that fired (value 1) when `with_cues`; rows come from
    the cache where they can (the reader retrains on mostly the same sentences)."""
    import numpy as np
    from scipy.sparse import csr_matrix

    rows: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    missing: list[str] = []
    for sentence in sentences:
        row = FEATURE_ROWS.get((sentence, with_cues))
        if row is None:
            missing.append(sentence)
        else:
            rows[sentence] = row
    if missing:
        fresh = _featurize(missing, with_cues=with_cues)
        if len(FEATURE_ROWS) + len(missing) > FEATURE_ROWS_KEPT:
            FEATURE_ROWS.clear()
        for i, sentence in enumerate(missing):
            span = slice(fresh.indptr[i], fresh.indptr[i + 1])
            rows[sentence] = FEATURE_ROWS[(sentence, with_cues)] = (fresh.indices[span], fresh.data[span])
    parts = [rows[sentence] for sentence in sentences]
    width = HASHED_FEATURES + (len(RULE_NAMES) if with_cues else 0)
    if not parts:
        return csr_matrix((0, width))
    indptr = np.r_[0, np.cumsum([len(indices) for indices, _ in parts])]
    return csr_matrix(
        (np.concatenate([values for _, values in parts]), np.concatenate([indices for indices, _ in parts]), indptr),
        shape=(len(parts), width),
    )


def _featurize(sentences: Sequence[str], *, with_cues: bool) -> csr_matrix:
    """The feature rows of sentences not seen before: hashing, and the cue rules run on each."""
    import numpy as np
    from scipy.sparse import csr_matrix, hstack
    from sklearn.feature_extraction.text import HashingVectorizer

    words = HashingVectorizer(
        n_features=HASHED_FEATURES, ngram_range=NGRAMS, alternate_sign=False, token_pattern=TOKENS, norm=None
    ).transform(sentences)
    if not with_cues:
        return words
    columns = [sorted({RULE_NAMES.index(rule) for rule, _ in sentence_cues(sentence)}) for sentence in sentences]
    rows = np.repeat(np.arange(len(columns)), [len(c) for c in columns])
    cols = np.fromiter((c for cs in columns for c in cs), dtype=np.int64, count=len(rows))
    cues = csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(sentences), len(RULE_NAMES)))
    return hstack([words, cues], format="csr")


@dataclass(frozen=True, slots=True)
class Weighting:
    """What turns cached rows into a classifier's input: the hashed word columns the training sentences use, their
    inverse document frequencies, and whether the cue columns follow."""

    columns: np.ndarray
    idf: np.ndarray
    with_cues: bool

    @classmethod
    def fit(cls, rows: csr_matrix, *, with_cues: bool) -> Weighting:
        """The columns and idf of some training rows (label-independent, so one for every label)."""
        import numpy as np

        words = rows[:, :HASHED_FEATURES]
        frequency = np.bincount(words.indices, minlength=HASHED_FEATURES)
        columns = np.flatnonzero(frequency)
        return cls(columns, np.log((1 + words.shape[0]) / (1 + frequency[columns])) + 1, with_cues)

    def apply(self, rows: csr_matrix) -> csr_matrix:
        """TF-IDF word columns (l2-normalized), then the cue columns at their weight."""
        from scipy.sparse import csr_matrix, hstack
        from sklearn.preprocessing import normalize

        words = rows[:, self.columns].multiply(self.idf[None, :]).tocsr()
        words = normalize(words) if words.shape[0] else csr_matrix(words.shape)
        if not self.with_cues:
            return words
        return hstack([words, rows[:, HASHED_FEATURES:] * CUE_WEIGHT], format="csr")


@dataclass(frozen=True, slots=True)
class LabelModel:
    """One label's classifier, the Platt scaling that turns its decision values into probabilities (fit on held-out
    articles), the probability with the best held-out F1 (all suggestions), and the lowest one whose held-out
    precision reached the target (shown by default; None: no score was that precise)."""

    classifier: Any
    threshold: float
    shown: float | None = None
    scaling: tuple[float, float] = (1.0, 0.0)
    """Slope and intercept of the logistic curve over the classifier's decision value."""

    def probabilities(self, decisions: np.ndarray) -> np.ndarray:
        """Calibrated probabilities for decision values: 0.8 reads as four in five such sentences were claims."""
        from scipy.special import expit

        slope, intercept = self.scaling
        return expit(slope * decisions + intercept)


@dataclass(frozen=True, slots=True, eq=False)
class SentenceModel:
    """Per-label classifiers and what they were trained on, for the reader's model line and `suggest`'s note; equal
    only to itself, so caches keyed by it drop with each retrain."""

    labels: dict[str, LabelModel]
    weighting: Weighting
    """The word columns seen in training and their idf: the classifiers see only these, which keeps each fit fast."""
    sentences: int
    claims: int
    precise_cues: frozenset[tuple[str, str]] = frozenset()
    """The (label, cue rule) pairs of labels left to the cue rules whose suggestions were precise enough on the
    training data (done articles, rejected suggestions) to be shown by default."""
    unlearned: frozenset[str] = frozenset()
    """The labels with fewer than MIN_POSITIVES claimed sentences: the team's claims say nothing of them yet, so the
    cue rules of established precision stand in."""
    trained_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    @property
    def with_cues(self) -> bool:
        """Whether the cue hits are features (the combined suggester) or only the words are (the words-only model)."""
        return self.weighting.with_cues

    def decisions(self, sentences: Sequence[str]) -> dict[str, np.ndarray]:
        """Each modelled label's decision value for every sentence: the ranking, exact where probabilities round."""
        if not sentences or not self.labels:
            return {}
        matrix = self.weighting.apply(features(sentences, with_cues=self.with_cues))
        return {label: model.classifier.decision_function(matrix) for label, model in self.labels.items()}

    def scores(self, sentences: Sequence[str]) -> dict[str, np.ndarray]:
        """Each modelled label's calibrated probability for every sentence."""
        return {label: self.labels[label].probabilities(d) for label, d in self.decisions(sentences).items()}

    def outlook(self, sentences: Sequence[str]) -> tuple[float, float]:
        """An article's expected claims (each sentence's likeliest label's probability, summed) and the model's
        uncertainty about it (how close its sentences' scores come to 0.5, averaged), to order the library by."""
        scores = list(self.scores(sentences).values())
        if not scores:
            return 0.0, 0.0
        import numpy as np

        table = np.vstack(scores)
        return float(table.max(axis=0).sum()), float((1 - np.abs(2 * table - 1)).max(axis=0).mean())

    def suggest(self, text: str, rules: CueMap, *, everything: bool = False) -> list[Suggestion]:
        """The combined suggester on one text (`suggest_with`): how the reader and `suggest` call a model."""
        return suggest_with(self, text, rules, everything=everything)

    def describe(self) -> str:
        """One line on what the model knows: how many claims and sentences, which labels, and when it was trained."""
        when = self.trained_at.astimezone().strftime("%H:%M:%S")
        return (
            f"model trained on {self.claims} claims in {self.sentences} sentences at {when}"
            f" ({', '.join(self.labels) or 'no label with enough claims yet'})"
        )


def _classifier(x: csr_matrix) -> Any:
    """A regularized logistic regression with balanced class weights (claims are rare; ranked best on held-out
    debates), fast on sparse rows: liblinear solves the dual where the rows have more columns than there are rows
    (word bigrams of real text), else the primal, its order of coordinates seeded so the same claims give the same
    scores; its decision values are calibrated afterwards."""
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(
        C=REGULARIZATION,
        class_weight="balanced",
        solver="liblinear",
        dual=x.shape[1] > x.shape[0],
        tol=TOLERANCE,
        random_state=0,
    )


def train(
    sentences: Sequence[LabelledSentence], labels: Sequence[str], *, rules: CueMap | None = None
) -> SentenceModel:
    """Fit one classifier per label on the sentences known for it; labels with too few positives are left out.

    Given the schema's cue rules, the cue hits are features too, a label stays with the cue rules alone where they
    find its claims better (F1 on these sentences) than the classifier does on held-out articles, and each of its cue
    rules is judged on these sentences: shown by default only where its precision reaches the target."""
    import numpy as np

    with_cues = rules is not None
    rows = features([s.text for s in sentences], with_cues=with_cues)
    fired = _cue_labels(rows, rules) if sentences and rules is not None else {}
    weighting = Weighting.fit(rows, with_cues=with_cues)
    matrix: csr_matrix = weighting.apply(rows)
    groups = np.array([s.article_id for s in sentences])
    done = np.fromiter((s.done for s in sentences), dtype=bool, count=len(sentences))
    models: dict[str, LabelModel] = {}
    precise: set[tuple[str, str]] = set()
    unlearned: set[str] = set()
    for label in labels:
        positive = np.fromiter((label in s.labels for s in sentences), dtype=bool, count=len(sentences))
        rejected = np.fromiter((label in s.rejected for s in sentences), dtype=bool, count=len(sentences))
        known = np.flatnonzero(done | positive | rejected)  # what LabelledSentence.known says, for every sentence
        y = positive[known]
        by_rule = fired.get(label, {})
        if y.sum() < MIN_POSITIVES:
            unlearned.add(label)
        if sentences and MIN_POSITIVES <= y.sum() < len(y):
            x = matrix[known]
            held_out = _held_out_scores(x, y, groups[known])
            scaling = platt(held_out, y) if held_out is not None else (1.0, 0.0)
            probable = LabelModel(None, DEFAULT_THRESHOLD, scaling=scaling).probabilities
            if held_out is not None:
                held_out = probable(held_out)
            threshold = best_threshold(held_out, y) if held_out is not None else DEFAULT_THRESHOLD
            held_out_f1 = f1_of(held_out >= threshold, y) if held_out is not None else 0.0
            if not by_rule or f1_of(_any(by_rule.values(), len(sentences))[known], y) < held_out_f1:
                shown = precise_threshold(held_out, y) if held_out is not None else None
                models[label] = LabelModel(_classifier(x).fit(x, y), threshold, shown, scaling)
                continue
        precise |= {(label, rule) for rule, hits in by_rule.items() if _precise(hits[known], y)}
    return SentenceModel(
        models, weighting, len(sentences), claim_count(sentences), frozenset(precise), frozenset(unlearned)
    )


def platt(decisions: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Slope and intercept of a logistic curve fit to held-out decision values (Platt scaling); a curve that would
    reverse the ranking (slope not positive) is refused for the plain logistic one."""
    from sklearn.linear_model import LogisticRegression

    curve = LogisticRegression(C=1e4, solver="newton-cg").fit(decisions[:, None], y)
    slope, intercept = float(curve.coef_[0, 0]), float(curve.intercept_[0])
    return (slope, intercept) if slope > 0 else (1.0, 0.0)


def _any(columns: Iterable[np.ndarray], rows: int) -> np.ndarray:
    """Which rows any of some boolean columns marks."""
    import numpy as np

    found = np.zeros(rows, dtype=bool)
    for column in columns:
        found |= column
    return found


def _precise(predicted: np.ndarray, y: np.ndarray) -> bool:
    """Whether predictions reached the precision target, sure enough (see `precision_bound`)."""
    return bool(precision_bound(int((predicted & y).sum()), int(predicted.sum())) >= PRECISION_TARGET)


def precision_bound(hits: Any, suggested: Any) -> Any:
    """A cautious precision: the lower end of the Wilson score interval (CONFIDENCE_Z) of hits among suggestions, so
    3 of 3 is not taken for certain; works elementwise on arrays."""
    import numpy as np

    n = np.maximum(suggested, 1)
    p, z2 = hits / n, CONFIDENCE_Z**2
    return (p + z2 / (2 * n) - CONFIDENCE_Z * np.sqrt(p * (1 - p) / n + z2 / (4 * n * n))) / (1 + z2 / n)


def _cue_labels(rows: csr_matrix, rules: CueMap) -> dict[str, dict[str, np.ndarray]]:
    """For each schema label a cue rule suggests, the sentences (rows) each of its rules suggests it on: the first of
    its rules to fire, in the order the suggester tries them, names the suggestion."""

    hits = rows[:, HASHED_FEATURES:].toarray() > 0
    fired: dict[str, dict[str, np.ndarray]] = {}
    for rule in RULE_NAMES:
        for name in rules.get(rule, ()):
            taken = _any(fired.get(name, {}).values(), len(hits))
            fired.setdefault(name, {})[rule] = hits[:, RULE_NAMES.index(rule)] & ~taken
    return fired


def f1_of(predicted: np.ndarray, y: np.ndarray) -> float:
    """F1 of boolean predictions against boolean truths."""
    hits = int((predicted & y).sum())
    return 2 * hits / (int(predicted.sum()) + int(y.sum())) if hits else 0.0


def _held_out_scores(x: csr_matrix, y: np.ndarray, groups: np.ndarray) -> np.ndarray | None:
    """Each sentence's decision value from a classifier trained without its article (inner folds), so thresholds and
    calibration are never fit on what they score; None where there are too few articles, or positives, to hold any
    out."""
    import numpy as np

    articles, folds = np.unique(groups, return_inverse=True)
    if len(articles) < INNER_FOLDS:
        return None
    folds %= INNER_FOLDS
    held_out = np.zeros(len(y))
    for fold in range(INNER_FOLDS):
        test = folds == fold
        if y[~test].sum() == 0 or y[~test].all():
            return None
        train_x = x[~test]
        held_out[test] = _classifier(train_x).fit(train_x, y[~test]).decision_function(x[test])
    return held_out


def precise_threshold(scores: np.ndarray, y: np.ndarray) -> float | None:
    """The lowest score cut whose suggestions reached the precision target on held-out scores, judged by its
    cautious bound (the most recall that precision allows), or None where no cut does."""
    import numpy as np

    order = np.argsort(-scores, kind="stable")
    ranked, hits = scores[order], np.cumsum(y[order])
    last_of_tie = np.r_[ranked[1:] != ranked[:-1], True]
    ok = np.flatnonzero(last_of_tie & (precision_bound(hits, np.arange(1, len(y) + 1)) >= PRECISION_TARGET))
    return float(ranked[ok[-1]]) if len(ok) else None


def best_threshold(scores: np.ndarray, y: np.ndarray) -> float:
    """The score cut with the highest F1 over held-out scores and truths (ties: the higher cut, fewer suggestions)."""
    import numpy as np

    order = np.argsort(-scores, kind="stable")
    ranked, hits = scores[order], np.cumsum(y[order])
    last_of_tie = np.r_[ranked[1:] != ranked[:-1], True]
    f1 = np.where(last_of_tie, 2 * hits / (np.arange(1, len(y) + 1) + y.sum()), -1.0)
    best = int(np.argmax(f1))
    return float(ranked[best]) if f1[best] > 0 else DEFAULT_THRESHOLD


def suggest_with(model: SentenceModel, text: str, rules: CueMap, *, everything: bool = False) -> list[Suggestion]:
    """The combined suggester on one text: a modelled label where its probability reaches its shown threshold (naming
    the cue that also fired, if any), the cue rules for labels the model lacks where they proved precise (`cue_shown`);
    in text order, one a sentence, its best. `everything` shows all it has, each sentence's best first: each label
    from its best-F1 threshold, every cue."""
    cues: dict[tuple[int, int], list[Suggestion]] = {}
    for item in suggest(text, rules):
        cues.setdefault((item.start, item.end), []).append(item)
    spans = [span for span in (trim_span(text, start, end) for start, end in sentence_spans(text)) if span[0] < span[1]]
    scores = model.scores([text[start:end] for start, end in spans])
    cuts = {label: m.threshold if everything else m.shown for label, m in model.labels.items()}
    found: list[Suggestion] = []
    for i, span in enumerate(spans):
        fired = {item.label: item for item in cues.get(span, [])}
        scored = [
            Suggestion(*span, label, fired[label].cue if label in fired else "model", float(values[i]))
            for label, values in scores.items()
            if (cut := cuts[label]) is not None and values[i] >= cut
        ]
        found += sorted(scored, key=lambda item: -(item.score or 0.0))
        found += [
            item
            for label, item in fired.items()
            if label not in model.labels and cue_shown(model, label, item.rule, everything=everything)
        ]
    return found if everything else one_per_sentence(found)


def cue_shown(model: SentenceModel, label: str, rule: str, *, everything: bool = False) -> bool:
    """Whether a cue rule's suggestion of a label the model has not learned is offered: always in the full view (and
    beside the words-only model); by default where the rule proved precise on the team's claims, or, while the team
    has too few claims of the label to judge, where its precision is established (ESTABLISHED)."""
    return (
        everything
        or not model.with_cues
        or (label, rule) in model.precise_cues
        or (rule in ESTABLISHED and label in model.unlearned)
    )


def held_back(model: SentenceModel, rules: CueMap) -> str:
    """One line on what the default view leaves out: the labels with neither a precise enough score nor a precise
    enough cue rule, and how to see everything."""
    cued = {label for names in rules.values() for label in names} if model.with_cues else set()
    established = {label for rule in ESTABLISHED for label in rules.get(rule, ()) if label in model.unlearned}
    precise = {label for label, _ in model.precise_cues} | established
    hidden = sorted(
        {label for label, m in model.labels.items() if m.shown is None}
        | {label for label in cued - model.labels.keys() if label not in precise}
    )
    return (
        f"shown: suggestions at least {PRECISION_TARGET:.0%} precise on held-out claims"
        + (f"; none yet for {', '.join(hidden)}" if hidden else "")
        + " (--all shows every suggestion)"
    )


def model_for(store: Store) -> tuple[SentenceModel | None, str]:
    """Train on the database's claims, with one line on the outcome: the model's state, or why only cue rules run."""
    missing = learn_missing()
    if missing:
        return None, missing
    # Only sentences that say something about a label are learned from: the rest of an article nobody marked done
    # could hold any claim, and featurizing it (most of a large corpus) would cost seconds for nothing.
    sentences = [s for s in corpus_sentences(training_articles(store)) if s.done or s.labels or s.rejected]
    labels = store.schema.label_names
    needed = needs(sentences, labels)
    if needed:
        return None, needed
    model = train(sentences, labels, rules=cue_map(store.schema.labels))
    if not model.labels:
        return None, "no model: the cue rules did better on every label so far"
    return model, model.describe()


def needs(sentences: Sequence[LabelledSentence], labels: Sequence[str]) -> str | None:
    """What the model needs before any label can be learned, in one short phrase (it opens the reader's status line),
    or None: it is checked before training, which cannot learn a label without both."""
    most = max((sum(label in s.labels for s in sentences) for label in labels), default=0)
    missing = []
    if most < MIN_POSITIVES:
        more = MIN_POSITIVES - most
        missing.append(
            f"{more} more claim{'s' if more > 1 else ''} of a label" if most else f"{more} claims of a label"
        )
    if not any(s.done or s.rejected for s in sentences):
        missing.append("a done article")
    return f"model needs {' and '.join(missing)}" if missing else None
