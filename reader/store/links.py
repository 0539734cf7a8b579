"""Links between claims, within and across articles, and the clusters they form."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from reader.errors import InputError
from reader.store.replayed import ReplayedRows
from reader.store.rows import in_list, models

LINK_COLUMNS = ("id", "claim_a", "claim_b", "relation", "annotator", "created_at")


class Links(ReplayedRows):
    """Creating, removing and reading links; only links whose two claims exist count."""

    table = "links"

    def create(self, annotator: str, claim_a: str, claim_b: str, relation: str) -> models.Link:
        """Link two claims, logged on claim_a's article (the one being read) so that undo there takes it back."""
        claims = self.store.claims
        article_id = claims.get(claim_a).article_id
        claims.get(claim_b)
        link = self._new(annotator, claim_a, claim_b, relation)
        with self.db.write():
            self._add(link, article_id)
        return link

    def to_sentence(
        self, annotator: str, claim_a: str, article_id: str, start: int, end: int, relation: str, confidence: int
    ) -> tuple[models.Claim, models.Link]:
        """Make a span of another article (an unannotated sentence) the annotator's claim, with claim_a's label, and
        link the two: one transaction and one undo step, from either article."""
        claims = self.store.claims
        source = claims.get(claim_a)
        claim = self.sentence_claim(annotator, source, article_id, start, end, confidence)
        link = self._new(annotator, claim_a, claim.id, relation)
        action = models.new_id()
        with self.db.write():
            claims.add(claim, annotator, action)
            self._add(link, source.article_id, action)
        return claim, link

    def sentence_claim(
        self, annotator: str, source: models.Claim, article_id: str, start: int, end: int, confidence: int
    ) -> models.Claim:
        """The claim a link to an unannotated span makes there: the annotator's, with the source claim's label
        (checked, not yet stored)."""
        claim = models.Claim(
            article_id=article_id,
            annotator=annotator,
            start=start,
            end=end,
            label=source.label,
            confidence=confidence,
            origin="related",
        )
        return self.store.claims.validate(claim)

    def checked(self, annotator: str, claim_a: str, claim_b: str, relation: str) -> models.Link:
        """A new link checked for its relation and ends, for the caller to store with `add_checked`."""
        return self._new(annotator, claim_a, claim_b, relation)

    def add_checked(self, link: models.Link, article_id: str, action: str | None = None) -> None:
        """Store a checked link and log it on `article_id` as part of `action` (inside the caller's write)."""
        self._add(link, article_id, action)

    def between(self, claim_a: str, claim_b: str) -> models.Link | None:
        """A live link between two claims either way, whoever drew it (the oldest), or None."""
        return next((link for link in self.of_claim(claim_a) if link.other(claim_a) == claim_b), None)

    def _new(self, annotator: str, claim_a: str, claim_b: str, relation: str) -> models.Link:
        """A link checked for its relation, its ends and the annotator's own earlier link between the same claims."""
        if relation not in models.RELATIONS:
            raise InputError(f"unknown relation {relation!r} (one of {', '.join(models.RELATIONS)})")
        if claim_a == claim_b:
            raise InputError("a claim cannot be linked to itself")
        mine = [
            link for link in self.of_claim(claim_a) if link.other(claim_a) == claim_b and link.annotator == annotator
        ]
        if mine:
            raise InputError(f"{annotator} already linked these claims as {mine[0].relation}; unlink it first")
        return models.Link(
            claim_a=claim_a, claim_b=claim_b, relation=cast("models.Relation", relation), annotator=annotator
        )

    def _add(self, link: models.Link, article_id: str, action: str | None = None) -> None:
        """Store a link and log it on `article_id` (inside the caller's write)."""
        self.put(link.id, link.model_dump())
        self.store.history.log(
            models.Event(
                annotator=link.annotator, kind="link", article_id=article_id, after=link.model_dump(), target=action
            ),
            "reader",
        )

    def delete(self, link_id: str, annotator: str, *, article_id: str | None = None) -> models.Link:
        """Remove a link (only its author may), logged on `article_id` (default: claim_a's article) for undo there."""
        link = self.get(link_id)
        if link.annotator != annotator:
            raise InputError(f"link {link_id} belongs to {link.annotator}, not {annotator}")
        where = article_id or self.store.claims.get(link.claim_a).article_id
        with self.db.write():
            self.put(link.id, None)
            self.store.history.log(
                models.Event(annotator=annotator, kind="unlink", article_id=where, before=link.model_dump()), "reader"
            )
        return link

    def get(self, link_id: str) -> models.Link:
        """Return one link; raise InputError if there is none with that id."""
        row = self.row(link_id)
        if row is None:
            raise InputError(f"no link with id {link_id}")
        return models.Link.model_construct(**row)

    def of_articles(self, article_ids: Sequence[str] = ()) -> list[models.Link]:
        """Live links (both claims exist) touching these articles (all when empty), oldest first: what exports carry."""
        where, params = "1", []
        if article_ids:
            clause_a, params_a = in_list("a.article_id", article_ids)
            clause_b, params_b = in_list("b.article_id", article_ids)
            where, params = f"({clause_a} OR {clause_b})", params_a + params_b
        return self._live(where, params)

    def of_claim(self, claim_id: str) -> list[models.Link]:
        """Live links that have `claim_id` at either end, for the Related panel and the claim's record."""
        return self._live("(l.claim_a = ? OR l.claim_b = ?)", [claim_id, claim_id])

    def by_claim(self, article_ids: Sequence[str] = ()) -> dict[str, list[models.Link]]:
        """Claim id to its live links, for exports that attach related claims to each claim record."""
        found: dict[str, list[models.Link]] = {}
        for link in self.of_articles(article_ids):
            found.setdefault(link.claim_a, []).append(link)
            found.setdefault(link.claim_b, []).append(link)
        return found

    def with_claims(self) -> tuple[list[models.Link], dict[str, models.Claim], dict[str, models.Article]]:
        """Every live link (oldest first), the claims at their ends and those claims' articles, by id: all the Claim
        map needs, read in three statements however many clusters it has."""
        links = self.of_articles()
        claims = self.store.claims.by_ids([end for link in links for end in (link.claim_a, link.claim_b)])
        return links, claims, self.store.articles.many(sorted({claim.article_id for claim in claims.values()}))

    def _live(self, where: str, params: list[Any]) -> list[models.Link]:
        """Links matching `where` (over `links l`, `claims a`, `claims b`) whose two claims both still exist."""
        rows = self.db.conn.execute(
            f"SELECT {', '.join(f'l.{c}' for c in LINK_COLUMNS)} FROM links l"
            f" JOIN claims a ON a.id = l.claim_a JOIN claims b ON b.id = l.claim_b WHERE {where}"
            " ORDER BY l.created_at, l.id",
            params,
        )
        return [models.Link.model_construct(**dict(zip(LINK_COLUMNS, r, strict=True))) for r in rows]
