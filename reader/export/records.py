"""What every format walks: articles in id order, each with the claims and work marks the filter keeps."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import groupby
from operator import itemgetter
from typing import Any

import orjson

from reader.models import Link
from reader.store import CLAIM_COLUMNS, SpanFilter, Store
from reader.text import make_title

# Positions in a claim row (CLAIM_COLUMNS order) and a progress row, for the hot loops of the exporters.
C = {name: i for i, name in enumerate(CLAIM_COLUMNS)}
ID, ANNOTATOR, START, END, LABEL, CONFIDENCE, UPDATED = (
    C[k] for k in ("id", "annotator", "start", "end", "label", "confidence", "updated_at"))
P_ANNOTATOR, P_DONE, P_META, P_UPDATED = 1, 2, 3, 4


@dataclass(slots=True)
class Bundle:
    """One article as an export sees it: text, parsed meta, its kept claims (text order) and work marks."""

    id: str
    title: str
    text: str
    meta: dict[str, Any]
    packed_sentences: str = "[]"
    claims: list[tuple[Any, ...]] = field(default_factory=list)
    progress: list[tuple[Any, ...]] = field(default_factory=list)
    links: dict[str, list[Link]] = field(default_factory=dict)

    def links_of(self, claim_id: str) -> list[Link]:
        """The links touching one of this article's claims, in id order so output is stable."""
        return sorted(self.links.get(claim_id, ()), key=lambda link: link.id)

    @property
    def done_by(self) -> list[str]:
        """Annotators (among those kept) who marked the article done, sorted."""
        return [row[P_ANNOTATOR] for row in self.progress if row[P_DONE]]

    @property
    def annotated(self) -> bool:
        """Whether a kept annotator worked on it: a claim, or a done mark ("no claims here" is data)."""
        return bool(self.claims) or any(row[P_DONE] for row in self.progress)

    def by_annotator(self) -> dict[str, tuple[list[tuple[Any, ...]], tuple[Any, ...] | None]]:
        """Claims and progress row per annotator who has either, sorted by name."""
        claims = {name: list(rows) for name, rows in groupby(sorted(self.claims, key=itemgetter(ANNOTATOR)),
                                                             key=itemgetter(ANNOTATOR))}
        marks = {row[P_ANNOTATOR]: row for row in self.progress}
        return {name: (claims.get(name, []), marks.get(name)) for name in sorted(claims.keys() | marks.keys())}


def _nothing() -> None:
    """The tick of an export without a progress bar."""


def bundles(store: Store, flt: SpanFilter, *, annotated_only: bool,
            tick: Callable[[], None] = _nothing) -> Iterator[Bundle]:
    """Merge the article, claim and progress streams (all sorted by article id) into one bundle per article."""
    links = store.links.by_claim(flt.articles)
    claims = store.exports.claims(flt)
    marks = groupby(store.exports.progress(flt), key=itemgetter(0))
    next_claims, next_marks = next(claims, None), next(marks, None)
    for article_id, title, text, meta, sentences in store.exports.articles(flt.articles):
        tick()
        bundle = Bundle(article_id, title, text, orjson.loads(meta), sentences, links=links)
        while next_claims is not None and next_claims[0] <= article_id:
            if next_claims[0] == article_id:
                bundle.claims = next_claims[1]
            next_claims = next(claims, None)
        while next_marks is not None and next_marks[0] <= article_id:
            if next_marks[0] == article_id:
                bundle.progress = list(next_marks[1])
            next_marks = next(marks, None)
        if flt.done_only and not bundle.done_by:
            continue
        if annotated_only and not bundle.annotated:
            continue
        yield bundle


def sha256(text: str) -> str:
    """The full SHA-256 of the text, so a consumer can check it got the same text (the id is its prefix)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def shared_meta(bundle: Bundle) -> dict[str, Any]:
    """Article meta for task formats: the title only when it is not just the first line, and no token table."""
    meta = {k: v for k, v in bundle.meta.items() if k != "tokens"}
    if bundle.title != make_title(bundle.text):
        meta["title"] = bundle.title
    return meta


@dataclass
class Job:
    """One export run: where from, what to keep, where to, and the options some formats take."""

    store: Store
    flt: SpanFilter
    target: str
    overlap: str = "longest"
    tick: Callable[[], None] = _nothing

    def bundles(self, *, annotated_only: bool) -> Iterator[Bundle]:
        """The articles of this export, each with its kept claims and work marks."""
        return bundles(self.store, self.flt, annotated_only=annotated_only, tick=self.tick)
