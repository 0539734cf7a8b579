"""Labelled sentences from the annotators' claims: what the learned suggester is trained and evaluated on."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import orjson

from reader.segment import trim_span, unpack_spans

if TYPE_CHECKING:
    from reader.store import Store


@dataclass(frozen=True, slots=True)
class TrainingArticle:
    """One article's text and sentences, the claims that label them (gold where it exists), and whether it is done."""

    article_id: str
    text: str
    sentences: Sequence[tuple[int, int]]
    claims: Sequence[tuple[int, int, str]]
    done: bool


@dataclass(frozen=True, slots=True)
class LabelledSentence:
    """A sentence with the labels of the claims overlapping it; in a done article every other label is a negative."""

    article_id: str
    start: int
    end: int
    text: str
    labels: frozenset[str]
    done: bool

    def known(self, label: str) -> bool:
        """Whether the sentence says anything about `label`: it is positive, or its article is done (so negative)."""
        return self.done or label in self.labels


def labelled_sentences(article: TrainingArticle) -> list[LabelledSentence]:
    """The article's trimmed sentences, each with the labels of the claims that overlap it."""
    claims = sorted(article.claims)
    found = []
    for start, end in article.sentences:
        start, end = trim_span(article.text, start, end)
        if start >= end:
            continue
        labels = frozenset(label for c_start, c_end, label in claims if c_start < end and start < c_end)
        found.append(LabelledSentence(article.article_id, start, end, article.text[start:end], labels, article.done))
    return found


def corpus_sentences(articles: Iterable[TrainingArticle]) -> list[LabelledSentence]:
    """Every labelled sentence of some articles, in their order."""
    return [sentence for article in articles for sentence in labelled_sentences(article)]


def claim_count(sentences: Iterable[LabelledSentence]) -> int:
    """How many (sentence, label) positives the sentences hold: what "trained on N claims" counts."""
    return sum(len(sentence.labels) for sentence in sentences)


def training_articles(store: Store) -> list[TrainingArticle]:
    """Every article with a claim or a done mark, labelled by its gold claims where a lead adjudicated it (then done),
    else by everyone's claims (done when anyone marked it done): one query."""
    return [TrainingArticle(article_id, text, unpack_spans(sentences), [(c[0], c[1], c[2]) for c in orjson.loads(claims)],
                            bool(done))
            for article_id, text, sentences, done, claims in store.training_rows()]
