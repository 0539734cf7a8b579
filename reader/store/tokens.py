"""Stored tokens: each article is tokenized once, on its first token export, so the same database gives the same
tokens on every machine and after any upgrade of the rules."""

from __future__ import annotations

from collections.abc import Sequence

from reader.segment import pack_spans
from reader.store.part import Part
from reader.store.rows import batched, in_list, rows_in

FILL_BATCH = 200
"""Articles tokenized per write transaction, so a first export of a big corpus never holds the writers' lock long."""


class Tokens(Part):
    """The `tokens` table: an article's non-whitespace tokens as packed spans, and the rules that made them."""

    def packed(self, article_id: str) -> str | None:
        """An article's stored tokens (packed spans), or None when it has none yet."""
        row = self.db.conn.execute("SELECT spans FROM tokens WHERE article_id = ?", [article_id]).fetchone()
        return row[0] if row else None

    def missing(self, article_ids: Sequence[str] = ()) -> list[str]:
        """The ids of the articles a token export writes (a claim, a done mark or another tool's answer) that have
        neither stored tokens nor a token table of their own (a Prodigy import's, in meta)."""
        sql = (
            "SELECT a.id FROM articles a"
            " WHERE NOT EXISTS (SELECT 1 FROM tokens t WHERE t.article_id = a.id)"
            " AND json_type(a.meta, '$.tokens') IS NULL"
            " AND (EXISTS (SELECT 1 FROM claims c WHERE c.article_id = a.id)"
            " OR EXISTS (SELECT 1 FROM progress p WHERE p.article_id = a.id AND (p.done = 1 OR p.meta IS NOT NULL)))"
        )
        params: list[str] = []
        if article_ids:
            clause, params = in_list("a.id", article_ids)
            sql += f" AND {clause}"
        return [row[0] for row in self.db.conn.execute(sql + " ORDER BY a.id", params)]

    def fill(self, article_ids: Sequence[str] = ()) -> int:
        """Tokenize and store the articles a token export needs that have no tokens yet, a batch per transaction;
        return how many. A read-only store stores nothing (its exports tokenize in memory, with the same rules)."""
        if self.store.readonly:
            return 0
        from reader.tokenizer import TOKENIZER, word_spans

        filled = 0
        for batch in batched(self.missing(article_ids), FILL_BATCH):
            texts = rows_in(self.db.conn, "SELECT id, text FROM articles WHERE {where}", "id", batch)
            rows = [(article_id, TOKENIZER, pack_spans(word_spans(text))) for article_id, text in texts]
            with self.db.write():
                self.db.conn.executemany(
                    "INSERT OR IGNORE INTO tokens (article_id, tokenizer, spans) VALUES (?, ?, ?)", rows
                )
            filled += len(rows)
        return filled
