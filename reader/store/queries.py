"""The streams exports and agreement read, and `SpanFilter`, the export filter they turn into SQL."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import groupby
from operator import itemgetter
from typing import Any

from reader.identity import GOLD
from reader.store.rows import CLAIM_COLUMNS, SEP, _in
from reader.store.tables import Tables

_ID, _ARTICLE, _START, _END = (CLAIM_COLUMNS.index(name) for name in ("id", "article_id", "start", "end"))


@dataclass(frozen=True)
class SpanFilter:
    """Which articles, annotators and claims an export keeps; empty means no restriction."""

    annotators: tuple[str, ...] = ()
    labels: tuple[str, ...] = ()
    min_confidence: int | None = None
    done_only: bool = False
    gold: bool = False
    articles: tuple[str, ...] = ()


class Queries(Tables):
    """Read-only streams over one snapshot, for exports and agreement."""

    @contextmanager
    def read_snapshot(self) -> Iterator[None]:
        """Hold one read transaction, so the several cursors of an export see the same committed state."""
        self.conn.execute("BEGIN")
        try:
            yield
        finally:
            if self.conn.in_transaction:
                self.conn.execute("COMMIT")

    def export_articles(self, article_ids: Sequence[str] = ()) -> Iterator[tuple[str, str, str, str, str]]:
        """Stream (id, title, text, meta JSON, packed sentences) in id order, the order every export writes."""
        sql = "SELECT id, title, text, meta, sentences FROM articles"
        if article_ids:
            sql += f" WHERE id IN ({', '.join('?' * len(article_ids))})"
        return self.conn.execute(sql + " ORDER BY id", list(article_ids))

    def export_claims(self, flt: SpanFilter) -> Iterator[tuple[str, list[tuple[Any, ...]]]]:
        """Stream (article id, its kept claim rows in CLAIM_COLUMNS order sorted by start, end, id), by article id.

        SQLite walks the article index and each article's few claims are sorted here: an ORDER BY on all four
        columns would first sort every claim of the database in a temporary B-tree.
        """
        where, params = _claim_filter(flt)
        sql = (f"SELECT {', '.join(f'c.{name}' for name in CLAIM_COLUMNS)} FROM claims c WHERE {where}"
               " ORDER BY c.article_id")
        in_text_order = itemgetter(_START, _END, _ID)
        for article_id, rows in groupby(self.conn.execute(sql, params), key=itemgetter(_ARTICLE)):
            yield article_id, sorted(rows, key=in_text_order)

    def export_progress(self, flt: SpanFilter) -> Iterator[tuple[str, str, int, str | None, str | None]]:
        """Stream (article_id, annotator, done, meta JSON, updated_at) of rows that record work, by article and annotator.

        A row records work when the article is marked done or carries another tool's answer (Prodigy fields).
        """
        where, params = _progress_filter(flt)
        sql = ("SELECT p.article_id, p.annotator, p.done, p.meta, p.updated_at FROM progress p"
               f" WHERE (p.done = 1 OR p.meta IS NOT NULL) AND {where} ORDER BY p.article_id, p.annotator")
        return self.conn.execute(sql, params)

    def training_rows(self) -> Iterator[tuple[str, str, str, int, str, str]]:
        """Stream (id, text, packed sentences, done, claims JSON [[start, end, label]...], rejected suggestions JSON
        [[start, end, label]...]) of every article with a claim, a done mark or a rejected suggestion, in corpus order:
        the learned suggester's training data. Gold claims stand alone where they exist (the article then counts as
        done); elsewhere everyone's claims count, and any done mark makes it done. A rejected suggestion says its
        sentence is not a claim of that label (unless someone claimed it)."""
        gold = "EXISTS (SELECT 1 FROM claims g WHERE g.article_id = a.id AND g.annotator = ?)"
        rejected = "FROM suggestion_decisions d WHERE d.article_id = a.id AND d.decision = 'rejected'"
        sql = f"""
            SELECT a.id, a.text, a.sentences,
              {gold} OR EXISTS (SELECT 1 FROM progress p WHERE p.article_id = a.id AND p.done = 1),
              (SELECT json_group_array(json_array(c.start, c."end", c.label)) FROM claims c
                 WHERE c.article_id = a.id AND (c.annotator = ? OR NOT {gold})),
              (SELECT json_group_array(json_array(d.start, d."end", d.label)) {rejected})
            FROM articles a
            WHERE EXISTS (SELECT 1 FROM claims c WHERE c.article_id = a.id)
               OR EXISTS (SELECT 1 FROM progress p WHERE p.article_id = a.id AND p.done = 1)
               OR EXISTS (SELECT 1 {rejected})
            ORDER BY a.rowid"""
        return self.conn.execute(sql, [GOLD, GOLD, GOLD])

    def export_count(self, flt: SpanFilter) -> int:
        """Count the articles an export will walk, so a progress bar can show a total."""
        sql, params = "SELECT count(*) FROM articles", list(flt.articles)
        if flt.articles:
            sql += f" WHERE id IN ({', '.join('?' * len(flt.articles))})"
        return self.conn.execute(sql, params).fetchone()[0]

    def agreement_articles(self, articles: Sequence[str] = (),
                           annotators: Sequence[str] = ()) -> list[tuple[str, str, int, list[str]]]:
        """Return (id, title, length in code points, done annotators) of each article two or more annotators marked done, the only ones agreement can compare.

        ``articles`` and ``annotators`` narrow the comparison (empty: all); gold never counts as an annotator.
        """
        cte, params = _compared_cte(articles, annotators)
        rows = self.conn.execute(
            f"{cte} SELECT a.id, a.title, length(a.text), k.done_by FROM compared k JOIN articles a ON a.id = k.article_id"
            " ORDER BY a.rowid",
            params,
        )
        return [(r[0], r[1], r[2], sorted(r[3].split(SEP))) for r in rows]

    def agreement_claims(self, articles: Sequence[str] = (), annotators: Sequence[str] = (),
                         labels: Sequence[str] = ()) -> Iterator[tuple[str, str, int, int, str, int]]:
        """Stream (article id, annotator, start, end, label, confidence) of the compared articles' claims, in no set order.

        Only the claims of annotators who marked the article done, plus gold claims; the filters are those of
        ``agreement_articles`` and, when given, ``labels``.
        """
        cte, params = _compared_cte(articles, annotators)
        where = "(c.annotator = ? OR p.done = 1)"
        params.append(GOLD)
        if annotators:
            clause, more = _in("c.annotator", [*annotators, GOLD])
            where += f" AND {clause}"
            params += more
        if labels:
            clause, more = _in("c.label", labels)
            where += f" AND {clause}"
            params += more
        return self.conn.execute(
            f'{cte} SELECT c.article_id, c.annotator, c.start, c."end", c.label, c.confidence'
            " FROM compared k JOIN claims c ON c.article_id = k.article_id"
            " LEFT JOIN progress p ON p.article_id = c.article_id AND p.annotator = c.annotator"
            f" WHERE {where}",
            params,
        )

    def done_counts(self, annotators: Sequence[str] = ()) -> dict[str, int]:
        """How many articles each annotator (gold aside) marked done in all, compared or not, for the per-annotator breakdown."""
        sql = "SELECT annotator, count(*) FROM progress WHERE done = 1 AND annotator != ?"
        params: list[Any] = [GOLD]
        if annotators:
            clause, more = _in("annotator", annotators)
            sql += f" AND {clause}"
            params += more
        return dict(self.conn.execute(sql + " GROUP BY annotator ORDER BY annotator", params).fetchall())



def _owner_filter(flt: SpanFilter, alias: str) -> tuple[list[str], list[Any]]:
    """The conditions on article and annotator shared by the claim and progress filters of an export."""
    clauses: list[str] = []
    params: list[Any] = []
    for column, values in ((f"{alias}.article_id", flt.articles), (f"{alias}.annotator", flt.annotators)):
        if values:
            clause, more = _in(column, values)
            clauses.append(clause)
            params += more
    if flt.gold:
        clauses.append(f"{alias}.annotator = ?")
        params.append(GOLD)
    return clauses, params


def _claim_filter(flt: SpanFilter) -> tuple[str, list[Any]]:
    """Turn an export filter into a WHERE clause over `claims c`."""
    clauses, params = _owner_filter(flt, "c")
    if flt.labels:
        clause, more = _in("c.label", flt.labels)
        clauses.append(clause)
        params += more
    if flt.min_confidence is not None:
        clauses.append("c.confidence >= ?")
        params.append(flt.min_confidence)
    if flt.done_only:
        clauses.append("EXISTS (SELECT 1 FROM progress p WHERE p.article_id = c.article_id"
                       " AND p.annotator = c.annotator AND p.done = 1)")
    return " AND ".join(clauses) or "1", params


def _progress_filter(flt: SpanFilter) -> tuple[str, list[Any]]:
    """Turn an export filter into a WHERE clause over `progress p` (labels and confidence do not apply)."""
    clauses, params = _owner_filter(flt, "p")
    if flt.done_only:
        clauses.append("p.done = 1")
    return " AND ".join(clauses) or "1", params


def _compared_cte(articles: Sequence[str], annotators: Sequence[str]) -> tuple[str, list[Any]]:
    """Build the `compared (article_id, done_by)` CTE: articles done by two or more of the (filtered) annotators."""
    clauses, params = ["done = 1", "annotator != ?"], [GOLD]
    for column, values in (("article_id", articles), ("annotator", annotators)):
        if values:
            clause, more = _in(column, values)
            clauses.append(clause)
            params += more
    cte = ("WITH compared AS (SELECT article_id, group_concat(annotator, char(31)) AS done_by FROM progress"
           f" WHERE {' AND '.join(clauses)} GROUP BY article_id HAVING count(*) >= 2)")
    return cte, params
