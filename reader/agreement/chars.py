"""Character-level agreement: each character is "in a claim" or not (or carries a claim's label).

Labeled mode resolves overlapping claims per character by a fixed rule: the shortest covering span
wins, then the one starting earliest, then the smallest label name. Value 0 always means "no claim".
"""

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import NamedTuple

import numpy as np

from .patterns import Patterns, fast_nominal_alpha, packed_patterns, patterns
from .spans import Span


class ArticleSpans(NamedTuple):
    """One article's text length and the spans of each annotator who marked it done (others are missing)."""

    length: int
    done: Mapping[str, Sequence[Span]]


def char_labels(length: int, spans: Iterable[Span], labeled: bool, labels: Sequence[str] = ()) -> np.ndarray:
    """Return one value per character (0 = no claim; 1 or label id), the unit of character-level agreement.

    Unlabeled: 1 inside any claim. Labeled: ``labels.index(label) + 1`` of the winning covering span,
    the winner being the shortest span, then the earliest start, then the smallest label name.
    """
    values = np.zeros(length, dtype=np.int64)
    ids = {name: i + 1 for i, name in enumerate(labels)}
    # Paint the lowest-priority spans first so the winner is painted last.
    for start, end, label in sorted(spans, key=lambda s: (s[1] - s[0], s[0], s[2]), reverse=True):
        if not 0 <= start < end <= length:
            raise ValueError(f"span ({start}, {end}) is empty or outside a text of length {length}")
        if labeled and label not in ids:
            raise ValueError(f"label {label!r} is not in the label list")
        values[start:end] = ids[label] if labeled else 1
    return values


def cohen_kappa(x: Sequence[int] | np.ndarray, y: Sequence[int] | np.ndarray) -> float | None:
    """Return Cohen's kappa of two raters' values over the same units, the per-pair chance-corrected agreement.

    None for no units. When both raters used one and the same value everywhere (p_e == 1) kappa is
    0/0; they agree perfectly, so 1.0 is returned.
    """
    a, b = np.asarray(x), np.asarray(y)
    if a.shape != b.shape or a.ndim != 1:
        raise ValueError("cohen_kappa needs two 1-D sequences of the same length")
    n = a.size
    _, codes = np.unique(np.concatenate([a, b]), return_inverse=True)
    k = int(codes.max()) + 1 if n else 1
    return kappa_of(np.bincount(codes[:n] * k + codes[n:], minlength=k * k).reshape(k, k))


def kappa_of(table: np.ndarray) -> float | None:
    """Return Cohen's kappa from a contingency table (rater 1 x rater 2 counts), with ``cohen_kappa``'s conventions."""
    n = int(table.sum())
    if not n:
        return None
    chance = int(np.dot(table.sum(axis=1), table.sum(axis=0)))
    if chance == n * n:
        return 1.0
    agree = int(np.trace(table))
    return (n * agree - chance) / (n * n - chance)


def _compared(articles: Iterable[ArticleSpans], annotators: Sequence[str]) -> list[ArticleSpans]:
    """Keep the articles that at least two of the annotators marked done."""
    return [a for a in articles if sum(name in a.done for name in annotators) >= 2]


def _rows(
    compared: Sequence[ArticleSpans], annotators: Sequence[str], labeled: bool
) -> Iterator[tuple[int, int, np.ndarray]]:
    """Yield (annotator row, character offset, values) of every done annotator of every compared article.

    Labeled values are 1 + the index of the label in the sorted label names of all compared spans.
    """
    labels = sorted({s[2] for a in compared for name in annotators for s in a.done.get(name, ())})
    offset = 0
    for article in compared:
        for row, name in enumerate(annotators):
            if name in article.done:
                yield row, offset, char_labels(article.length, article.done[name], labeled, labels)
        offset += article.length


def reliability_matrix(articles: Iterable[ArticleSpans], annotators: Sequence[str], labeled: bool) -> np.ndarray:
    """Return the annotators x characters matrix (articles done by two or more concatenated; NaN = not done).

    Labeled values are 1 + the index of the label in the sorted label names of all compared spans.
    """
    compared = _compared(articles, annotators)
    matrix = np.full((len(annotators), sum(a.length for a in compared)), np.nan)
    for row, offset, values in _rows(compared, annotators, labeled):
        matrix[row, offset : offset + len(values)] = values
    return matrix


def char_patterns(articles: Iterable[ArticleSpans], annotators: Sequence[str], labeled: bool) -> Patterns:
    """Return ``patterns(reliability_matrix(...), bounds of the compared articles)`` without the float matrix.

    Each article's columns are packed into integers as they are painted, a fraction of the time and
    memory of the matrix. Only ``k`` may differ: it counts every label, used or painted over.
    """
    compared = _compared(articles, annotators)
    k = len({s[2] for a in compared for name in annotators for s in a.done.get(name, ())}) + 1 if labeled else 2
    columns = (k + 1) ** len(annotators)
    if len(compared) * columns >= 2**62:
        bounds = np.cumsum([0, *(a.length for a in compared)])
        return patterns(reliability_matrix(compared, annotators, labeled), bounds)
    weights = [(k + 1) ** (len(annotators) - 1 - row) for row in range(len(annotators))]
    lengths = [a.length for a in compared]
    packed = np.repeat(np.arange(len(compared), dtype=np.int64) * columns + k * sum(weights), lengths)
    for row, offset, values in _rows(compared, annotators, labeled):
        packed[offset : offset + len(values)] += (values - k) * weights[row]
    return packed_patterns(packed, len(compared), len(annotators), k)


def char_alpha(articles: Iterable[ArticleSpans], annotators: Sequence[str], labeled: bool) -> float | None:
    """Return Krippendorff's alpha (nominal) over characters across annotators; None when undefined.

    Annotators who did not mark an article done are missing for its characters, not "no claim".
    Equal to ``krippendorff.alpha(reliability_matrix(...), level_of_measurement="nominal")`` but
    computed in O(annotators x characters) memory (see ``fast_nominal_alpha``).
    """
    return fast_nominal_alpha(reliability_matrix(articles, annotators, labeled))
