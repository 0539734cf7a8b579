"""Claims and progress: one annotator's spans on an article, and where they are and whether they are done with it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from reader.errors import InputError
from reader.store.articles import Articles
from reader.store.rows import CLAIM_COLUMNS, _claim_from_row, _claim_row, _rows_in, models


class Claims(Articles):
    """Creating, changing and reading claims, each change checked against the article and the schema and logged."""

    def claims(self, article_id: str, annotators: Iterable[str] | None = None) -> list[models.Claim]:
        """Claims of one article in text order, optionally only those of some annotators."""
        sql = f"SELECT {', '.join(CLAIM_COLUMNS)} FROM claims WHERE article_id = ?"
        params: list[Any] = [article_id]
        if annotators is not None:
            names = list(annotators)
            sql += f" AND annotator IN ({', '.join('?' * len(names))})"
            params += names
        sql += ' ORDER BY start, "end", id'
        return [_claim_from_row(r) for r in self.conn.execute(sql, params)]

    def articles_with_claims(self, article_ids: Sequence[str]) -> list[tuple[models.Article, list[models.Claim]]]:
        """These articles, in the order given, each with every annotator's claims in text order: what Related compares
        a claim against, read in two statements per 500 articles rather than two per article."""
        articles = self.articles(article_ids)
        claims: dict[str, list[models.Claim]] = {article_id: [] for article_id in articles}
        sql = f'SELECT {", ".join(CLAIM_COLUMNS)} FROM claims WHERE {{where}} ORDER BY article_id, start, "end", id'
        for row in _rows_in(self.conn, sql, "article_id", articles):
            claims[row[1]].append(_claim_from_row(row))
        return [(articles[article_id], claims[article_id]) for article_id in dict.fromkeys(article_ids)
                if article_id in articles]

    def claims_by_id(self, claim_ids: Sequence[str]) -> dict[str, models.Claim]:
        """Claims by id (those that exist), read in one statement per 500 ids."""
        rows = _rows_in(self.conn, f"SELECT {', '.join(CLAIM_COLUMNS)} FROM claims WHERE {{where}}", "id", claim_ids)
        return {row[0]: _claim_from_row(row) for row in rows}

    def claim(self, claim_id: str) -> models.Claim:
        """Return one claim; raise InputError if there is none with that id."""
        row = self.conn.execute(f"SELECT {', '.join(CLAIM_COLUMNS)} FROM claims WHERE id = ?", [claim_id]).fetchone()
        if row is None:
            raise InputError(f"no claim with id {claim_id}")
        return _claim_from_row(row)

    def validate_claim(self, claim: models.Claim) -> None:
        """Check a claim against its article's length and the schema; raise InputError saying what is wrong."""
        length = self._text_length(claim.article_id)
        if claim.end > length:
            raise InputError(f"span {claim.start}-{claim.end} is outside the text (length {length})")
        if claim.label not in self.schema.label_names:
            raise InputError(f"unknown label {claim.label!r} (schema has {', '.join(self.schema.label_names)})")
        if claim.confidence not in self.schema.confidence_values:
            raise InputError(f"confidence {claim.confidence} is not on the scale {self.schema.confidence_values}")

    def _text_length(self, article_id: str) -> int:
        """An article's length in code points, remembered: the id is a hash of the text, so it never changes, and
        counting a 50,000-word text on every write costs a third of a tag."""
        length = self._lengths.get(article_id)
        if length is None:
            row = self.conn.execute("SELECT length(text) FROM articles WHERE id = ?", [article_id]).fetchone()
            if row is None:
                raise InputError(f"no article with id {article_id}")
            length = self._lengths[article_id] = row[0]
        return length

    def create_claim(self, article_id: str, annotator: str, start: int, end: int, fields: models.ClaimFields,
                     *, origin: str = "manual", adjudicated_by: str | None = None) -> models.Claim:
        """Create a claim and log it, in one transaction."""
        claim = models.Claim(article_id=article_id, annotator=annotator, start=start, end=end, origin=origin,
                      adjudicated_by=adjudicated_by, **fields.model_dump())
        self.validate_claim(claim)
        with self.write():
            self._add_claim(claim, annotator)
        return claim

    def _add_claim(self, claim: models.Claim, actor: str, action: str | None = None) -> None:
        """Insert a validated claim and log its creation by `actor` (inside the caller's transaction); `action` groups
        it with the other events of one undo step."""
        row = _claim_row(claim)
        self._insert_claim_row(row)
        self._log(models.Event(annotator=actor, kind="create", article_id=claim.article_id, claim_id=claim.id, after=row,
                               target=action), "reader")

    def update_claim(self, claim_id: str, annotator: str, **changes: Any) -> models.Claim:
        """Change a claim's fields or bounds (only its owner may) and log before and after."""
        return self._rewrite_claim(self._own_claim(claim_id, annotator), annotator, changes)

    def _rewrite_claim(self, old: models.Claim, actor: str, changes: dict[str, Any]) -> models.Claim:
        """Apply `changes` to a claim and log the update under `actor`, in one transaction."""
        new = models.Claim.model_validate({**old.model_dump(), **changes, "updated_at": models.now()})
        self.validate_claim(new)
        before, after = _claim_row(old), _claim_row(new)
        with self.write():
            self.conn.execute("DELETE FROM claims WHERE id = ?", [old.id])
            self._insert_claim_row(after)
            self._log(models.Event(annotator=actor, kind="update", article_id=old.article_id, claim_id=old.id,
                            before=before, after=after), "reader")
        return new

    def delete_claim(self, claim_id: str, annotator: str) -> models.Claim:
        """Delete a claim (only its owner may) and log what it was."""
        old = self._own_claim(claim_id, annotator)
        with self.write():
            self.conn.execute("DELETE FROM claims WHERE id = ?", [claim_id])
            self._log(models.Event(annotator=annotator, kind="delete", article_id=old.article_id, claim_id=claim_id,
                            before=_claim_row(old)), "reader")
        return old

    def _own_claim(self, claim_id: str, annotator: str) -> models.Claim:
        """Fetch a claim and make sure `annotator` owns it: nobody edits another annotator's work."""
        claim = self.claim(claim_id)
        if claim.annotator != annotator:
            raise InputError(f"claim {claim_id} belongs to {claim.annotator}, not {annotator}")
        return claim

    def progress(self, article_id: str, annotator: str) -> models.Progress:
        """Done flag and reading position of one annotator on one article."""
        row = self.conn.execute(
            "SELECT done, position, updated_at FROM progress WHERE article_id = ? AND annotator = ?",
            [article_id, annotator],
        ).fetchone()
        if row is None:
            return models.Progress(article_id=article_id, annotator=annotator)
        return models.Progress(article_id=article_id, annotator=annotator, done=bool(row[0]), position=row[1] or 0,
                        updated_at=row[2])

    def done_by(self, article_id: str) -> list[str]:
        """Annotators who marked an article done, sorted."""
        rows = self.conn.execute(
            "SELECT annotator FROM progress WHERE article_id = ? AND done = 1 ORDER BY annotator", [article_id]
        )
        return [r[0] for r in rows]

    def set_done(self, article_id: str, annotator: str, done: bool) -> models.Progress:
        """Mark an article done (or not) for an annotator and log it."""
        self.article(article_id)
        before = self.progress(article_id, annotator)
        with self.write():
            self._upsert_progress(article_id, annotator, done=done)
            self._log(models.Event(annotator=annotator, kind="done" if done else "undone", article_id=article_id,
                            before={"done": before.done}, after={"done": done}), "reader")
        return self.progress(article_id, annotator)

    def set_position(self, article_id: str, annotator: str, position: int) -> None:
        """Remember where an annotator is reading (not an undoable change, so not logged)."""
        if self.readonly:
            return
        with self.write():
            self._upsert_progress(article_id, annotator, position=position)
