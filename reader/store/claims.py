"""Claims: one annotator's spans on an article, each change checked against the article and the schema and logged."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from reader.errors import InputError
from reader.segment import strip_span
from reader.store.part import Part
from reader.store.rows import CLAIM_COLUMNS, ClaimRow, columns, models, rows_in

if TYPE_CHECKING:
    from reader.store import Store

SELECT_CLAIMS = f"SELECT {columns(ClaimRow)} FROM claims"
TEXTS_KEPT = 8
"""Article texts a store remembers for checking claims: the articles an annotator has open, not the corpus."""


class Claims(Part):
    """Creating, changing and reading claims; only a claim's owner changes it, and every change is one transaction."""

    def __init__(self, store: Store) -> None:
        super().__init__(store)
        self._texts: dict[str, str] = {}

    def get(self, claim_id: str) -> models.Claim:
        """Return one claim; raise InputError if there is none with that id."""
        row = self.db.conn.execute(f"{SELECT_CLAIMS} WHERE id = ?", [claim_id]).fetchone()
        if row is None:
            raise InputError(f"no claim with id {claim_id}")
        return claim_from_row(row)

    def of_article(self, article_id: str, annotators: Iterable[str] | None = None) -> list[models.Claim]:
        """Claims of one article in text order, optionally only those of some annotators."""
        sql = f"{SELECT_CLAIMS} WHERE article_id = ?"
        params: list[Any] = [article_id]
        if annotators is not None:
            names = list(annotators)
            sql += f" AND annotator IN ({', '.join('?' * len(names))})"
            params += names
        sql += ' ORDER BY start, "end", id'
        return [claim_from_row(r) for r in self.db.conn.execute(sql, params)]

    def by_ids(self, claim_ids: Sequence[str]) -> dict[str, models.Claim]:
        """Claims by id (those that exist), read in one statement per 500 ids."""
        rows = rows_in(self.db.conn, f"{SELECT_CLAIMS} WHERE {{where}}", "id", claim_ids)
        return {row[0]: claim_from_row(row) for row in rows}

    def with_articles(self, article_ids: Sequence[str]) -> list[tuple[models.Article, list[models.Claim]]]:
        """These articles, in the order given, each with every annotator's claims in text order: what Related compares
        a claim against, read in two statements per 500 articles rather than two per article."""
        articles = self.store.articles.many(article_ids)
        claims: dict[str, list[models.Claim]] = {article_id: [] for article_id in articles}
        sql = f'{SELECT_CLAIMS} WHERE {{where}} ORDER BY article_id, start, "end", id'
        for claim in map(claim_from_row, rows_in(self.db.conn, sql, "article_id", articles)):
            claims[claim.article_id].append(claim)
        return [
            (articles[article_id], claims[article_id])
            for article_id in dict.fromkeys(article_ids)
            if article_id in articles
        ]

    def validate(self, claim: models.Claim) -> models.Claim:
        """Check a claim against its article and the schema, raising InputError saying what is wrong; return it with
        the whitespace at its edges trimmed (the one rule for claim edges, so every format writes the same span).

        A second claim of the same annotator with the same span and label is a duplicate, refused."""
        text = self._text(claim.article_id)
        if claim.end > len(text):
            raise InputError(f"span {claim.start}-{claim.end} is outside the text (length {len(text)})")
        start, end = strip_span(text, claim.start, claim.end)
        if start == end:
            raise InputError(f"span {claim.start}-{claim.end} holds only whitespace")
        if (start, end) != (claim.start, claim.end):
            claim = claim.model_copy(update={"start": start, "end": end})
        schema = self.store.schema
        if claim.label not in schema.label_names:
            raise InputError(f"unknown label {claim.label!r} (schema has {', '.join(schema.label_names)})")
        if claim.confidence not in schema.confidence_values:
            raise InputError(f"confidence {claim.confidence} is not on the scale {schema.confidence_values}")
        same = self.duplicate_of(claim)
        if same is not None:
            raise InputError(
                f"{claim.annotator} already has a {claim.label} claim on {start}-{end} {text[start:end]!r} ({same})"
            )
        return claim

    def duplicate_of(self, claim: models.Claim) -> str | None:
        """The id of another claim of the same annotator with the same span and label, or None."""
        row = self.db.conn.execute(
            'SELECT id FROM claims WHERE article_id = ? AND annotator = ? AND start = ? AND "end" = ? AND label = ?'
            " AND id != ? LIMIT 1",
            [claim.article_id, claim.annotator, claim.start, claim.end, claim.label, claim.id],
        ).fetchone()
        return row[0] if row else None

    def _text(self, article_id: str) -> str:
        """An article's text, remembered for the few articles being worked on: the id is a hash of the text, so it
        never changes, and reading a 50,000-word text on every write costs a third of a tag."""
        text = self._texts.get(article_id)
        if text is None:
            if len(self._texts) >= TEXTS_KEPT:
                self._texts.clear()
            row = self.db.conn.execute("SELECT text FROM articles WHERE id = ?", [article_id]).fetchone()
            if row is None:
                raise InputError(f"no article with id {article_id}")
            text = self._texts[article_id] = row[0]
        return text

    def create(
        self,
        article_id: str,
        annotator: str,
        start: int,
        end: int,
        fields: models.ClaimFields,
        *,
        origin: str = "manual",
        adjudicated_by: str | None = None,
    ) -> models.Claim:
        """Create a claim and log it, in one transaction."""
        claim = models.Claim(
            article_id=article_id,
            annotator=annotator,
            start=start,
            end=end,
            origin=origin,
            adjudicated_by=adjudicated_by,
            **fields.model_dump(),
        )
        claim = self.validate(claim)
        with self.db.write():
            self.add(claim, annotator)
        return claim

    def add(self, claim: models.Claim, actor: str, action: str | None = None) -> None:
        """Insert a validated claim and log its creation by `actor` (inside the caller's write); `action` groups it
        with the other events of one undo step."""
        row = claim_row(claim)
        self.insert(row)
        self.store.history.log(
            models.Event(
                annotator=actor, kind="create", article_id=claim.article_id, claim_id=claim.id, after=row, target=action
            ),
            "reader",
        )

    def update(self, claim_id: str, annotator: str, **changes: Any) -> models.Claim:
        """Change a claim's fields or bounds (only its owner may) and log before and after."""
        return self.rewrite(self.owned(claim_id, annotator), annotator, changes)

    def rewrite(self, old: models.Claim, actor: str, changes: dict[str, Any]) -> models.Claim:
        """Apply `changes` to a claim and log the update under `actor`, in one transaction."""
        new = self.validate(models.Claim.model_validate({**old.model_dump(), **changes, "updated_at": models.now()}))
        before, after = claim_row(old), claim_row(new)
        with self.db.write():
            self.remove(old.id)
            self.insert(after)
            self.store.history.log(
                models.Event(
                    annotator=actor,
                    kind="update",
                    article_id=old.article_id,
                    claim_id=old.id,
                    before=before,
                    after=after,
                ),
                "reader",
            )
        return new

    def delete(self, claim_id: str, annotator: str) -> models.Claim:
        """Delete a claim (only its owner may) and log what it was."""
        old = self.owned(claim_id, annotator)
        with self.db.write():
            self.remove(claim_id)
            self.store.history.log(
                models.Event(
                    annotator=annotator,
                    kind="delete",
                    article_id=old.article_id,
                    claim_id=claim_id,
                    before=claim_row(old),
                ),
                "reader",
            )
        return old

    def owned(self, claim_id: str, annotator: str) -> models.Claim:
        """Fetch a claim and make sure `annotator` owns it: nobody edits another annotator's work."""
        claim = self.get(claim_id)
        if claim.annotator != annotator:
            raise InputError(f"claim {claim_id} belongs to {claim.annotator}, not {annotator}")
        return claim

    def row(self, claim_id: str) -> dict[str, Any] | None:
        """One claims row as a dict keyed by column (the shape the event log records), or None."""
        row = self.db.conn.execute(f"{SELECT_CLAIMS} WHERE id = ?", [claim_id]).fetchone()
        return dict(zip(CLAIM_COLUMNS, row, strict=True)) if row else None

    def rows(self) -> dict[str, dict[str, Any]]:
        """Every claims row as a dict keyed by column, by id: what checking the database against its log compares."""
        return {row[0]: dict(zip(CLAIM_COLUMNS, row, strict=True)) for row in self.db.conn.execute(SELECT_CLAIMS)}

    def insert(self, row: dict[str, Any], *, ignore: bool = False) -> bool:
        """Insert one claims row given as a dict (inside the caller's write); return whether a row was added."""
        cursor = self.db.conn.execute(
            f"INSERT {'OR IGNORE ' if ignore else ''}INTO claims ({columns(ClaimRow)})"
            f" VALUES ({', '.join('?' * len(CLAIM_COLUMNS))})",
            [row[c] for c in CLAIM_COLUMNS],
        )
        return cursor.rowcount > 0

    def remove(self, claim_id: str) -> None:
        """Delete one claims row, unlogged (inside the caller's write, which logs what it does)."""
        self.db.conn.execute("DELETE FROM claims WHERE id = ?", [claim_id])

    def labels_in_use(self) -> tuple[set[str], set[int]]:
        """The labels and the confidence levels stored claims use, which a new schema must keep."""
        labels = {r[0] for r in self.db.conn.execute("SELECT DISTINCT label FROM claims")}
        levels = {r[0] for r in self.db.conn.execute("SELECT DISTINCT confidence FROM claims")}
        return labels, levels


def claim_row(claim: models.Claim) -> dict[str, Any]:
    """Turn a Claim into its table row, as the event log records it."""
    row = claim.model_dump()
    row["checkworthy"] = int(claim.checkworthy)
    row["hedged"] = int(claim.hedged)
    return row


def claim_from_row(row: Sequence[Any]) -> models.Claim:
    """Turn a claims row selected by `SELECT_CLAIMS` back into a Claim, trusting what the store wrote."""
    data = dict(zip(CLAIM_COLUMNS, row, strict=True))
    data["checkworthy"] = bool(data["checkworthy"])
    data["hedged"] = bool(data["hedged"])
    return models.Claim.model_construct(**data)
