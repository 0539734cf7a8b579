"""What every format walks: articles in id order, each with the claims and work marks the filter keeps."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import groupby
from operator import attrgetter
from pathlib import Path
from typing import Any

import orjson

from reader.models import Link
from reader.store import SpanFilter, Store
from reader.store.rows import ClaimRow, ProgressMark
from reader.text import make_title

by_annotator = attrgetter("annotator")
by_article = attrgetter("article_id")
by_id = attrgetter("id")


@dataclass(slots=True)
class Bundle:
    """One article as an export sees it: text, parsed meta, its kept claims (text order) and work marks, as named rows
    (`claim.start`, `mark.done`), so a column a migration adds changes no format."""

    id: str
    title: str
    text: str
    meta: dict[str, Any]
    packed_sentences: str = "[]"
    packed_tokens: str | None = None
    claims: list[ClaimRow] = field(default_factory=list)
    progress: list[ProgressMark] = field(default_factory=list)
    links: dict[str, list[Link]] = field(default_factory=dict)

    def links_of(self, claim_id: str) -> list[Link]:
        """The links touching one of this article's claims, in id order so output is stable (most claims have none:
        those cost one look-up)."""
        links = self.links.get(claim_id)
        return sorted(links, key=by_id) if links else []

    @property
    def done_by(self) -> list[str]:
        """Annotators (among those kept) who marked the article done, sorted."""
        return [mark.annotator for mark in self.progress if mark.done]

    @property
    def annotated(self) -> bool:
        """Whether a kept annotator worked on it: a claim, or a done mark ("no claims here" is data)."""
        return bool(self.claims) or any(mark.done for mark in self.progress)

    def by_annotator(self) -> dict[str, tuple[list[ClaimRow], ProgressMark | None]]:
        """Claims and progress row per annotator who has either, sorted by name."""
        claims = {name: list(rows) for name, rows in groupby(sorted(self.claims, key=by_annotator), key=by_annotator)}
        marks = {mark.annotator: mark for mark in self.progress}
        return {name: (claims.get(name, []), marks.get(name)) for name in sorted(claims.keys() | marks.keys())}


def _nothing() -> None:
    """The tick of an export without a progress bar."""


def bundles(
    store: Store, flt: SpanFilter, *, annotated_only: bool, tick: Callable[[], None] = _nothing
) -> Iterator[Bundle]:
    """Merge the article, claim and progress streams (all sorted by article id) into one bundle per article."""
    links = store.links.by_claim(flt.articles)
    claims = store.exports.claims(flt)
    marks = groupby(store.exports.progress(flt), key=by_article)
    next_claims, next_marks = next(claims, None), next(marks, None)
    for article in store.exports.articles(flt.articles):
        tick()
        article_id = article.id
        bundle = Bundle(
            article_id,
            article.title,
            article.text,
            orjson.loads(article.meta),
            article.sentences,
            article.tokens,
            links=links,
        )
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
    unverified: bool = False
    """Verification formats: also claims without a verdict (AVeriTeC with a null label, FEVER as blind lines)."""
    pages: str | None = None
    """FEVER: where to write the corpus as FEVER's wiki-pages, so a pipeline can retrieve the evidence."""
    misaligned: str = "expand"
    """What token formats do with a claim whose edge falls inside a token: widen it, leave it out, or refuse."""
    max_tokens: int = 512
    """The most non-whitespace tokens in one hf row or CoNLL block (sequence models truncate beyond their length)."""
    pooled: bool = False
    """hf and CoNLL: one row for everyone's claims (overlaps settled by the overlap policy) instead of one per
    annotator."""

    @property
    def keep(self) -> tuple[Path, ...]:
        """The files no output may replace: the database and the files beside it."""
        return self.store.db.files()

    def bundles(self, *, annotated_only: bool) -> Iterator[Bundle]:
        """The articles of this export, each with its kept claims and work marks."""
        return bundles(self.store, self.flt, annotated_only=annotated_only, tick=self.tick)
