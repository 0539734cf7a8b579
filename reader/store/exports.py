"""The streams exports read, as named rows, and `SpanFilter`, the export filter they turn into SQL; also the rows the
learned suggester trains on, a dataset read out of the database whole as an export is."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import groupby
from operator import itemgetter
from typing import Any

from reader.identity import GOLD
from reader.store.part import Part
from reader.store.rows import ClaimRow, ExportArticle, ProgressMark, TrainingRow, columns, in_list, named, names


@dataclass(frozen=True)
class SpanFilter:
    """Which articles, annotators and claims an export keeps; empty means no restriction."""

    annotators: tuple[str, ...] = ()
    labels: tuple[str, ...] = ()
    min_confidence: int | None = None
    done_only: bool = False
    gold: bool = False
    articles: tuple[str, ...] = ()


class Exports(Part):
    """Read-only streams, each sorted by article id, for one snapshot (see `Store.snapshot`)."""

    def articles(self, article_ids: Sequence[str] = ()) -> Iterator[ExportArticle]:
        """Stream the articles in id order, the order every export writes."""
        selected = columns(ExportArticle, "a").replace('a."tokens"', "t.spans")
        sql = f"SELECT {selected} FROM articles a LEFT JOIN tokens t ON t.article_id = a.id"
        if article_ids:
            sql += f" WHERE a.id IN ({', '.join('?' * len(article_ids))})"
        return named(ExportArticle, self.db.conn.execute(sql + " ORDER BY a.id", list(article_ids)))

    def claims(self, flt: SpanFilter) -> Iterator[tuple[str, list[ClaimRow]]]:
        """Stream (article id, its kept claims sorted by start, end, id), by article id.

        SQLite walks the article index and each article's few claims are sorted here (as the rows SQLite returns,
        by the positions of the fields named): an ORDER BY on all four columns would first sort every claim of the
        database in a temporary B-tree.
        """
        where, params = claim_filter(flt)
        sql = f"SELECT {columns(ClaimRow, 'c')} FROM claims c WHERE {where} ORDER BY c.article_id"
        fields = names(ClaimRow)
        in_text_order = itemgetter(*(fields.index(name) for name in ("start", "end", "id")))
        rows = self.db.conn.execute(sql, params)
        for article_id, claims in groupby(rows, key=itemgetter(fields.index("article_id"))):
            yield article_id, list(named(ClaimRow, sorted(claims, key=in_text_order)))

    def progress(self, flt: SpanFilter) -> Iterator[ProgressMark]:
        """Stream the progress rows that record work, by article and annotator.

        A row records work when the article is marked done or carries another tool's answer (Prodigy fields).
        """
        where, params = _progress_filter(flt)
        sql = (
            f"SELECT {columns(ProgressMark, 'p')} FROM progress p"
            f" WHERE (p.done = 1 OR p.meta IS NOT NULL) AND {where} ORDER BY p.article_id, p.annotator"
        )
        return named(ProgressMark, self.db.conn.execute(sql, params))

    def count(self, flt: SpanFilter) -> int:
        """Count the articles an export will walk, so a progress bar can show a total."""
        sql, params = "SELECT count(*) FROM articles", list(flt.articles)
        if flt.articles:
            sql += f" WHERE id IN ({', '.join('?' * len(flt.articles))})"
        return self.db.conn.execute(sql, params).fetchone()[0]

    def training(self) -> Iterator[TrainingRow]:
        """Stream every article with a claim, a done mark or a rejected suggestion, in corpus order: the learned
        suggester's training data. Gold claims stand alone where they exist (the article then counts as done);
        elsewhere everyone's claims count, and any done mark makes it done. A rejected suggestion says its sentence
        is not a claim of that label (unless someone claimed it). Each row carries the article's `unit` meta."""
        gold = "EXISTS (SELECT 1 FROM claims g WHERE g.article_id = a.id AND g.annotator = ?)"
        rejected = "FROM suggestion_decisions d WHERE d.article_id = a.id AND d.decision = 'rejected'"
        sql = f"""
            SELECT a.id, a.text, a.sentences,
              {gold} OR EXISTS (SELECT 1 FROM progress p WHERE p.article_id = a.id AND p.done = 1),
              (SELECT json_group_array(json_array(c.start, c."end", c.label)) FROM claims c
                 WHERE c.article_id = a.id AND (c.annotator = ? OR NOT {gold})),
              (SELECT json_group_array(json_array(d.start, d."end", d.label)) {rejected}),
              json_extract(a.meta, '$.unit')
            FROM articles a
            WHERE EXISTS (SELECT 1 FROM claims c WHERE c.article_id = a.id)
               OR EXISTS (SELECT 1 FROM progress p WHERE p.article_id = a.id AND p.done = 1)
               OR EXISTS (SELECT 1 {rejected})
            ORDER BY a.rowid"""
        return named(TrainingRow, self.db.conn.execute(sql, [GOLD, GOLD, GOLD]))


def owner_filter(flt: SpanFilter, alias: str) -> tuple[list[str], list[Any]]:
    """The conditions on article and annotator shared by the claim and progress filters of an export."""
    clauses: list[str] = []
    params: list[Any] = []
    for column, values in ((f"{alias}.article_id", flt.articles), (f"{alias}.annotator", flt.annotators)):
        if values:
            clause, more = in_list(column, values)
            clauses.append(clause)
            params += more
    if flt.gold:
        clauses.append(f"{alias}.annotator = ?")
        params.append(GOLD)
    return clauses, params


def claim_filter(flt: SpanFilter) -> tuple[str, list[Any]]:
    """Turn an export filter into a WHERE clause over `claims c`."""
    clauses, params = owner_filter(flt, "c")
    if flt.labels:
        clause, more = in_list("c.label", flt.labels)
        clauses.append(clause)
        params += more
    if flt.min_confidence is not None:
        clauses.append("c.confidence >= ?")
        params.append(flt.min_confidence)
    if flt.done_only:
        clauses.append(
            "EXISTS (SELECT 1 FROM progress p WHERE p.article_id = c.article_id"
            " AND p.annotator = c.annotator AND p.done = 1)"
        )
    return " AND ".join(clauses) or "1", params


def _progress_filter(flt: SpanFilter) -> tuple[str, list[Any]]:
    """Turn an export filter into a WHERE clause over `progress p` (labels and confidence do not apply)."""
    clauses, params = owner_filter(flt, "p")
    if flt.done_only:
        clauses.append("p.done = 1")
    return " AND ".join(clauses) or "1", params
