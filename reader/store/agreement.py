"""The rows agreement compares: articles two or more annotators marked done, and their claims."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from reader.identity import GOLD
from reader.store.part import Part
from reader.store.rows import SEP, ComparedArticle, ComparedClaim, in_list, named


class Agreement(Part):
    """Read-only queries for `claim-reader stats` and the agreement screen."""

    def articles(self, articles: Sequence[str] = (), annotators: Sequence[str] = ()) -> list[ComparedArticle]:
        """Each article two or more annotators marked done, the only ones agreement can compare, in corpus order.

        ``articles`` and ``annotators`` narrow the comparison (empty: all); gold never counts as an annotator.
        """
        cte, params = _compared_cte(articles, annotators)
        rows = self.db.conn.execute(
            f"{cte} SELECT a.id, a.title, length(a.text), k.done_by"
            " FROM compared k JOIN articles a ON a.id = k.article_id"
            " ORDER BY a.rowid",
            params,
        )
        return [ComparedArticle(r[0], r[1], r[2], sorted(r[3].split(SEP))) for r in rows]

    def claims(
        self, articles: Sequence[str] = (), annotators: Sequence[str] = (), labels: Sequence[str] = ()
    ) -> Iterator[ComparedClaim]:
        """Stream the compared articles' claims, in no set order.

        Only the claims of annotators who marked the article done, plus gold claims; the filters are those of
        ``articles`` and, when given, ``labels``.
        """
        cte, params = _compared_cte(articles, annotators)
        where = "(c.annotator = ? OR p.done = 1)"
        params.append(GOLD)
        if annotators:
            clause, more = in_list("c.annotator", [*annotators, GOLD])
            where += f" AND {clause}"
            params += more
        if labels:
            clause, more = in_list("c.label", labels)
            where += f" AND {clause}"
            params += more
        return named(
            ComparedClaim,
            self.db.conn.execute(
                f'{cte} SELECT c.article_id, c.annotator, c.start, c."end", c.label, c.confidence'
                " FROM compared k JOIN claims c ON c.article_id = k.article_id"
                " LEFT JOIN progress p ON p.article_id = c.article_id AND p.annotator = c.annotator"
                f" WHERE {where}",
                params,
            ),
        )


def _compared_cte(articles: Sequence[str], annotators: Sequence[str]) -> tuple[str, list[Any]]:
    """Build the `compared (article_id, done_by)` CTE: articles done by two or more of the (filtered) annotators."""
    clauses, params = ["done = 1", "annotator != ?"], [GOLD]
    for column, values in (("article_id", articles), ("annotator", annotators)):
        if values:
            clause, more = in_list(column, values)
            clauses.append(clause)
            params += more
    cte = (
        "WITH compared AS (SELECT article_id, group_concat(annotator, char(31)) AS done_by FROM progress"
        f" WHERE {' AND '.join(clauses)} GROUP BY article_id HAVING count(*) >= 2)"
    )
    return cte, params
