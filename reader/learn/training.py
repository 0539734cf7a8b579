"""Labelled sentences from the annotators' claims: what the learned suggester is trained and evaluated on."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import orjson

from reader.segment import paragraph_spans, trim_span, unpack_spans

if TYPE_CHECKING:
    from reader.store import Store


@dataclass(frozen=True, slots=True)
class TrainingArticle:
    """One article's text and sentences, the claims that label them (gold where it exists), whether it is done, and the
    suggestions annotators rejected in it."""

    article_id: str
    text: str
    sentences: Sequence[tuple[int, int]]
    claims: Sequence[tuple[int, int, str]]
    done: bool
    rejected: Sequence[tuple[int, int, str]] = ()


@dataclass(frozen=True, slots=True)
class LabelledSentence:
    """A sentence with the labels of the claims overlapping it; in a done article every other label is a negative, as
    is (anywhere) the label of a suggestion rejected on it that nobody claimed."""

    article_id: str
    start: int
    end: int
    text: str
    labels: frozenset[str]
    done: bool
    rejected: frozenset[str] = frozenset()

    def known(self, label: str) -> bool:
        """Whether the sentence says anything about `label`: it is positive, its article is done, or a suggestion of
        that label was rejected on it (so negative)."""
        return self.done or label in self.labels or label in self.rejected


def labelled_sentences(article: TrainingArticle) -> list[LabelledSentence]:
    """The article's trimmed sentences, each with the labels of the claims that overlap it."""
    claims = sorted(article.claims)
    found = []
    for start, end in article.sentences:
        start, end = trim_span(article.text, start, end)
        if start >= end:
            continue
        labels = frozenset(label for c_start, c_end, label in claims if c_start < end and start < c_end)
        rejected = frozenset(label for r_start, r_end, label in article.rejected if r_start < end and start < r_end)
        found.append(
            LabelledSentence(
                article.article_id, start, end, article.text[start:end], labels, article.done, rejected - labels
            )
        )
    return found


def corpus_sentences(articles: Iterable[TrainingArticle]) -> list[LabelledSentence]:
    """Every labelled sentence of some articles, in their order."""
    return [sentence for article in articles for sentence in labelled_sentences(article)]


def claim_count(sentences: Iterable[LabelledSentence]) -> int:
    """How many (sentence, label) positives the sentences hold: what "trained on N claims" counts."""
    return sum(len(sentence.labels) for sentence in sentences)


LINE_UNIT = "line"
"""An article's `unit` meta naming each line of its text one sentence: converted data sets labelled line by line, so a
line the reader would split in two is still learned and scored once."""


def training_articles(store: Store) -> list[TrainingArticle]:
    """Every article with a claim, a done mark or a rejected suggestion, labelled by its gold claims where a lead
    adjudicated it (then done), else by everyone's claims (done when anyone marked it done): one query."""
    return [
        TrainingArticle(
            row.id,
            row.text,
            paragraph_spans(row.text) if row.unit == LINE_UNIT else unpack_spans(row.sentences),
            _spans(row.claims),
            bool(row.done),
            _spans(row.rejected),
        )
        for row in store.exports.training()
    ]


def _spans(packed: str) -> list[tuple[int, int, str]]:
    """(start, end, label) triples from a JSON array of arrays."""
    return [(s[0], s[1], s[2]) for s in orjson.loads(packed)]
