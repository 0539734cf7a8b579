"""Articles: import, look-up, full-text search and the one query behind the library and `claim-reader articles`."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import orjson
from reader import identity
from reader.errors import InputError
from reader.identity import GOLD
from reader.segment import pack_spans, sentence_spans, unpack_spans
from reader.store.rows import CLAIM_COLUMNS, SEP, _claim_row, _dumps, _fts_query, _rows_in, batched, models
from reader.store.tables import Tables

IMPORT_BATCH = 500

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
        return hash((self.id, self.title, self.source, self.published, self.words, self.mine, self.claims,
                     tuple(self.done_by), self.done, self.position))

    @property
    def done_count(self) -> int:
        """How many annotators marked the article done."""
        return len(self.done_by)


class Articles(Tables):
    """The corpus: importing articles, reading them back and finding them."""

    def count_articles(self) -> int:
        """How many articles the corpus holds."""
        return self.conn.execute("SELECT count(*) FROM articles").fetchone()[0]

    def import_records(self, records: Iterable[models.ImportRecord], via: str = "import",
                       on_record: Callable[[models.ImportRecord], None] | None = None) -> models.ImportSummary:
        """Write records in one transaction, in batches: articles by content hash, claims by id, done marks."""
        summary = models.ImportSummary()
        with self.write():
            for batch in batched(records, IMPORT_BATCH):
                self._import_batch(batch, via, summary)
                if on_record:
                    for record in batch:
                        on_record(record)
        return summary

    def _import_batch(self, batch: tuple[models.ImportRecord, ...], via: str, summary: models.ImportSummary) -> None:
        """Insert a batch of records' articles, claims, events and progress rows with executemany."""
        stamp = models.now()
        last = self.conn.execute("SELECT coalesce(max(rowid), 0) FROM articles").fetchone()[0]
        self.conn.executemany(
            "INSERT OR IGNORE INTO articles (id, title, text, meta, source, published, source_file, source_line,"
            " words, imported_at, sentences) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(a.id, a.title, a.text, _dumps(a.meta), a.meta.get("source"), a.meta.get("published"), a.source_file,
              a.source_line, a.words, stamp, pack_spans(sentence_spans(a.text)))
             for a in (record.article for record in batch)],
        )
        added = self.conn.execute("SELECT count(*) FROM articles WHERE rowid > ?", [last]).fetchone()[0]
        summary.records += len(batch)
        summary.added += added
        summary.duplicates += len(batch) - added
        summary.skipped += sum(
            any(a.get("answer") in ("reject", "ignore") for a in record.annotations.values()) for record in batch
        )
        for record in batch:
            for claim in record.claims:
                row = _claim_row(claim)
                if self._insert_claim_row(row, ignore=True):
                    summary.spans += 1
                    actor = identity.os_user() if claim.annotator == GOLD else claim.annotator
                    self._log(models.Event(ts=claim.created_at, annotator=actor, kind="create",
                                    article_id=claim.article_id, claim_id=claim.id, after=row), via)
                elif self._differs_from_stored(row):
                    summary.differing += 1
            for link in record.links:
                row = link.model_dump()
                if self.conn.execute("SELECT 1 FROM links WHERE id = ?", [link.id]).fetchone() is None:
                    self._put_row("links", link.id, row)
                    self._log(models.Event(ts=link.created_at, annotator=link.annotator, kind="link",
                                    article_id=record.article.id, after=row), via)
            for annotator in sorted(set(record.done_by) | set(record.annotations)):
                done = annotator in record.done_by
                if done and not self._done(record.article.id, annotator):
                    self._log(models.Event(annotator=annotator, kind="done", article_id=record.article.id,
                                           before={"done": False}, after={"done": True}), via)
                self._upsert_progress(record.article.id, annotator, done=done,
                                      meta=record.annotations.get(annotator))

    def _done(self, article_id: str, annotator: str) -> bool:
        """Whether the annotator's done mark is already set, so an import logs only the marks it adds."""
        row = self.conn.execute("SELECT done FROM progress WHERE article_id = ? AND annotator = ?",
                                [article_id, annotator]).fetchone()
        return bool(row and row[0])

    def _differs_from_stored(self, row: dict[str, Any]) -> bool:
        """Whether the stored claim with this row's id has another span or other fields (its times and origin aside)."""
        stored = self._claim_row_by_id(row["id"])
        return stored is not None and any(stored[key] != row[key] for key in CLAIM_COLUMNS
                                          if key not in ("origin", "created_at", "updated_at"))

    def article(self, article_id: str) -> models.Article:
        """Return one article; raise InputError if there is none with that id."""
        row = self.conn.execute(f"SELECT {ARTICLE_COLUMNS} FROM articles WHERE id = ?", [article_id]).fetchone()
        if row is None:
            raise InputError(f"no article with id {article_id}")
        return _article_from_row(row)

    def articles(self, article_ids: Sequence[str]) -> dict[str, models.Article]:
        """The articles with these ids (those that exist), by id, in one statement per 500 ids."""
        rows = _rows_in(self.conn, f"SELECT {ARTICLE_COLUMNS} FROM articles WHERE {{where}}", "id", article_ids)
        return {row[0]: _article_from_row(row) for row in rows}

    def resolve_articles(self, refs: Sequence[str]) -> list[str]:
        """Full ids for article ids or unique prefixes of them (`6bf25d` for 6bf25d566756c469); raise InputError naming
        one that matches no article or several, so a mistyped --article is an error, not an empty export."""
        found = []
        for ref in refs:
            rows = [r[0] for r in self.conn.execute("SELECT id FROM articles WHERE id >= ? AND id < ? ORDER BY id LIMIT 3",
                                                     [ref, ref + "\uffff"])]
            if ref in rows or len(rows) == 1:
                found.append(ref if ref in rows else rows[0])
            elif rows:
                raise InputError(f"article id {ref} is ambiguous: it starts {', '.join(rows[:2])}, ...")
            else:
                raise InputError(f"no article with id {ref} (claim-reader articles lists them)")
        return found

    def sentences(self, article_id: str) -> list[tuple[int, int]]:
        """The article's sentence spans, computed once at import."""
        row = self.conn.execute("SELECT sentences FROM articles WHERE id = ?", [article_id]).fetchone()
        if row is None:
            raise InputError(f"no article with id {article_id}")
        return unpack_spans(row[0])

    def article_ids(self) -> list[str]:
        """All article ids in corpus order (import order)."""
        return [r[0] for r in self.conn.execute("SELECT id FROM articles ORDER BY rowid")]

    def article_rows(self, annotator: str, *, query: str | None = None, limit: int | None = None) -> list[ArticleRow]:
        """The library's rows for one annotator in corpus order, optionally only the articles matching a full-text
        query; fast enough for 10,000 articles, and `limit` gives the first page at once.

        A page uses per-row index look-ups; the whole list aggregates claims and progress once instead. "All claims"
        leaves gold out.
        """
        params: list[Any] = [annotator, GOLD, annotator, annotator]
        where = ""
        if query:
            where = "WHERE a.rowid IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)"
            params.append(_fts_query(query))
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
            rows = self.conn.execute(sql, params).fetchall()
        except sqlite3.OperationalError as exc:
            raise InputError(f"search: {exc}") from None
        return [ArticleRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6], sorted(r[7].split(SEP)) if r[7] else [],
                           bool(r[8]), r[9] or 0) for r in rows]

    def search(self, query: str) -> list[str]:
        """Article ids matching a full-text query over title and text, best match first."""
        try:
            rows = self.conn.execute(
                "SELECT a.id FROM articles_fts f JOIN articles a ON a.rowid = f.rowid"
                " WHERE articles_fts MATCH ? ORDER BY rank",
                [_fts_query(query)],
            ).fetchall()
        except sqlite3.OperationalError as exc:
            raise InputError(f"search: {exc}") from None
        return [r[0] for r in rows]

    def articles_sharing(self, terms: Sequence[str], *, exclude: str, limit: int) -> list[str]:
        """Ids of the articles that best match any of `terms` (full-text rank), to narrow a Related search on a big corpus."""
        if not terms:
            return []
        query = " OR ".join(f'"{term.replace(chr(34), chr(34) * 2)}"' for term in terms)
        rows = self.conn.execute(
            "SELECT a.id FROM articles_fts f JOIN articles a ON a.rowid = f.rowid"
            " WHERE articles_fts MATCH ? AND a.id != ? ORDER BY rank LIMIT ?",
            [query, exclude, limit],
        )
        return [r[0] for r in rows]


def _article_from_row(row: tuple[Any, ...]) -> models.Article:
    """Turn an articles row (in ARTICLE_COLUMNS order) into an Article, trusting what the store wrote."""
    return models.Article.model_construct(id=row[0], title=row[1], text=row[2], meta=orjson.loads(row[3]),
                                          source_file=row[4], source_line=row[5], words=row[6])
