"""Articles: the corpus, looked up by id or prefix, searched in full text, and listed for the library."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import orjson

from reader.errors import InputError
from reader.identity import GOLD
from reader.segment import pack_spans, sentence_spans, unpack_spans
from reader.store.part import Part
from reader.store.rows import SEP, StoredArticle, columns, fts_query, models, rows_in

ARTICLE_COLUMNS = "id, title, text, meta, source_file, source_line, words"


@dataclass(slots=True)
class ArticleRow:
    """One line of the library and of `claim-reader articles`: an article with its counts for one annotator.

    A plain dataclass rather than a model: it is built from trusted rows, 10,000 at a time, and orjson serializes it
    natively. Not frozen, because a frozen dataclass's __init__ costs four times as much; nothing changes a row.
    """

    id: str
    title: str
    source: str | None
    published: str | None
    words: int
    mine: int
    claims: int
    done_by: list[str]
    done: bool
    position: int = 0

    def __hash__(self) -> int:
        """Hash by value, as equality compares, so the library's line cache can key on a row."""
        return hash(
            (
                self.id,
                self.title,
                self.source,
                self.published,
                self.words,
                self.mine,
                self.claims,
                tuple(self.done_by),
                self.done,
                self.position,
            )
        )

    @property
    def done_count(self) -> int:
        """How many annotators marked the article done."""
        return len(self.done_by)


class Articles(Part):
    """The corpus: reading articles back, finding them, and adding them (import and merge do)."""

    def count(self) -> int:
        """How many articles the corpus holds."""
        return self.db.conn.execute("SELECT count(*) FROM articles").fetchone()[0]

    def get(self, article_id: str) -> models.Article:
        """Return one article; raise InputError if there is none with that id."""
        row = self.db.conn.execute(f"SELECT {ARTICLE_COLUMNS} FROM articles WHERE id = ?", [article_id]).fetchone()
        if row is None:
            raise InputError(f"no article with id {article_id}")
        return _article_from_row(row)

    def many(self, article_ids: Sequence[str]) -> dict[str, models.Article]:
        """The articles with these ids (those that exist), by id, in one statement per 500 ids."""
        rows = rows_in(self.db.conn, f"SELECT {ARTICLE_COLUMNS} FROM articles WHERE {{where}}", "id", article_ids)
        return {row[0]: _article_from_row(row) for row in rows}

    def ids(self) -> list[str]:
        """All article ids in corpus order (import order)."""
        return [r[0] for r in self.db.conn.execute("SELECT id FROM articles ORDER BY rowid")]

    def meta_values(self, key: str) -> dict[str, object]:
        """Every article's value of one meta key (the articles that have it), by id: what splits a corpus by meta."""
        rows = self.db.conn.execute("SELECT id, meta FROM articles ORDER BY rowid")
        return {article_id: meta[key] for article_id, packed in rows if key in (meta := orjson.loads(packed or "{}"))}

    def length(self, article_id: str) -> int | None:
        """An article's length in code points, or None when the database does not hold it."""
        row = self.db.conn.execute("SELECT length(text) FROM articles WHERE id = ?", [article_id]).fetchone()
        return row[0] if row else None

    def sentences(self, article_id: str) -> list[tuple[int, int]]:
        """The article's sentence spans, computed once at import."""
        row = self.db.conn.execute("SELECT sentences FROM articles WHERE id = ?", [article_id]).fetchone()
        if row is None:
            raise InputError(f"no article with id {article_id}")
        return unpack_spans(row[0])

    def resolve(self, refs: Sequence[str]) -> list[str]:
        """Full ids for article ids or unique prefixes of them (`6bf25d` for 6bf25d566756c469); raise InputError naming
        one that matches no article or several, so a mistyped --article is an error, not an empty export."""
        found = []
        for ref in refs:
            rows = [
                r[0]
                for r in self.db.conn.execute(
                    "SELECT id FROM articles WHERE id >= ? AND id < ? ORDER BY id LIMIT 3", [ref, ref + "\uffff"]
                )
            ]
            if ref in rows or len(rows) == 1:
                found.append(ref if ref in rows else rows[0])
            elif rows:
                raise InputError(f"article id {ref} is ambiguous: it starts {', '.join(rows[:2])}, ...")
            else:
                raise InputError(f"no article with id {ref} (claim-reader articles lists them)")
        return found

    def library(self, annotator: str, *, query: str | None = None, limit: int | None = None) -> list[ArticleRow]:
        """The library's rows for one annotator in corpus order, optionally only the articles matching a full-text
        query; fast enough for 10,000 articles, and `limit` gives the first page at once.

        A page uses per-row index look-ups; the whole list aggregates claims and progress once instead. "All claims"
        leaves gold out.
        """
        params: list[Any] = [annotator, GOLD, annotator, annotator]
        where = ""
        if query:
            where = "WHERE a.rowid IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)"
            params.append(fts_query(query))
        if limit is not None:
            sql = f"""
                SELECT a.id, a.title, a.source, a.published, a.words,
                  (SELECT count(*) FROM claims c WHERE c.article_id = a.id AND c.annotator = ?),
                  (SELECT count(*) FROM claims c WHERE c.article_id = a.id AND c.annotator != ?),
                  (SELECT group_concat(p.annotator, char(31)) FROM progress p WHERE p.article_id = a.id AND p.done = 1),
                  (SELECT p.done FROM progress p WHERE p.article_id = a.id AND p.annotator = ?),
                  (SELECT p.position FROM progress p WHERE p.article_id = a.id AND p.annotator = ?)
                FROM articles a {where} ORDER BY a.rowid LIMIT ?"""
            params.append(limit)
        else:
            sql = f"""
                WITH c AS (SELECT article_id, sum(annotator = ?) AS mine, sum(annotator != ?) AS total
                           FROM claims GROUP BY article_id),
                     p AS (SELECT article_id, group_concat(CASE WHEN done = 1 THEN annotator END, char(31)) AS done_by,
                                  max(CASE WHEN annotator = ? THEN done END) AS done,
                                  max(CASE WHEN annotator = ? THEN position END) AS position
                           FROM progress GROUP BY article_id)
                SELECT a.id, a.title, a.source, a.published, a.words, coalesce(c.mine, 0), coalesce(c.total, 0),
                       p.done_by, p.done, p.position
                FROM articles a LEFT JOIN c ON c.article_id = a.id LEFT JOIN p ON p.article_id = a.id
                {where} ORDER BY a.rowid"""
        try:
            rows = self.db.conn.execute(sql, params).fetchall()
        except sqlite3.OperationalError as exc:
            raise InputError(f"search: {exc}") from None
        return [
            ArticleRow(
                r[0], r[1], r[2], r[3], r[4], r[5], r[6], sorted(r[7].split(SEP)) if r[7] else [], bool(r[8]), r[9] or 0
            )
            for r in rows
        ]

    def search(self, query: str) -> list[str]:
        """Article ids matching a full-text query over title and text, best match first."""
        try:
            rows = self.db.conn.execute(
                "SELECT a.id FROM articles_fts f JOIN articles a ON a.rowid = f.rowid"
                " WHERE articles_fts MATCH ? ORDER BY rank",
                [fts_query(query)],
            ).fetchall()
        except sqlite3.OperationalError as exc:
            raise InputError(f"search: {exc}") from None
        return [r[0] for r in rows]

    def sharing(self, terms: Sequence[str], *, exclude: str, limit: int) -> list[str]:
        """Ids of the articles that best match any of `terms` (full-text rank), to narrow a Related search on a big
        corpus."""
        if not terms:
            return []
        query = " OR ".join(f'"{term.replace(chr(34), chr(34) * 2)}"' for term in terms)
        rows = self.db.conn.execute(
            "SELECT a.id FROM articles_fts f JOIN articles a ON a.rowid = f.rowid"
            " WHERE articles_fts MATCH ? AND a.id != ? ORDER BY rank LIMIT ?",
            [query, exclude, limit],
        )
        return [r[0] for r in rows]

    def insert(self, rows: Sequence[StoredArticle], *, ignore: bool = False) -> int:
        """Insert articles, each segmented into sentences once (inside the caller's write); `ignore` skips those
        already stored; return how many were added."""
        cursor = self.db.conn.executemany(
            f"INSERT {'OR IGNORE ' if ignore else ''}INTO articles ({columns(StoredArticle)}, sentences)"
            f" VALUES ({', '.join('?' * (len(StoredArticle._fields) + 1))})",
            [(*row, pack_spans(sentence_spans(row.text))) for row in rows],
        )
        return cursor.rowcount


def _article_from_row(row: tuple[Any, ...]) -> models.Article:
    """Turn an articles row (in ARTICLE_COLUMNS order) into an Article, trusting what the store wrote."""
    return models.Article.model_construct(
        id=row[0],
        title=row[1],
        text=row[2],
        meta=orjson.loads(row[3]),
        source_file=row[4],
        source_line=row[5],
        words=row[6],
    )
