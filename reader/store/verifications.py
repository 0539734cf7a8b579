"""Verifications: each annotator's verdict, record and evidence on a claim, logged whole so undo, redo and merge
replay them as links are; the streams exports and agreement read; leads take one into gold."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, NamedTuple

from reader import identity
from reader.errors import InputError
from reader.identity import GOLD
from reader.lazy import lazy_module
from reader.store.exports import SpanFilter, claim_filter, owner_filter
from reader.store.replayed import ReplayedRows
from reader.store.rows import in_list, models, named, rows_in
from reader.verify.vocab import VERIFICATION_COLUMNS

if TYPE_CHECKING:
    from reader.schema import Schema
    from reader.verify import models as verify
    from reader.verify.models import Verification
else:
    verify = lazy_module("reader.verify.models")
    """The verification models (pydantic), loaded on first use so that opening the reader needs none of them."""

SELECT = f"SELECT {', '.join(f'v.{c}' for c in VERIFICATION_COLUMNS)} FROM verifications v"
IN_ORDER = "ORDER BY v.position IS NULL, v.source, v.position, v.created_at, v.id"


class Target(NamedTuple):
    """What is attached as evidence: a span of another article, with the claim on it if there is one."""

    article_id: str
    start: int
    end: int
    claim_id: str | None


class Mark(NamedTuple):
    """How one claim stands: my verdict (None: not given), how many annotators gave one, and gold's."""

    mine: str | None
    annotators: int
    gold: str | None


@dataclass(slots=True)
class ExportVerification:
    """A verification (or, with no id, a claim nobody verified) as the verification formats walk them, in order."""

    id: str | None
    claim_id: str
    article_id: str
    annotator: str
    verdict: str | None
    body: str | None
    source: str | None
    position: int | None
    label: str
    start: int
    end: int
    speaker: str | None


@dataclass(slots=True)
class QueuedClaim:
    """A claim as the list of claims to verify shows it: where it is, whose it is, and who verified it how."""

    claim_id: str
    article_id: str
    title: str
    annotator: str
    label: str
    start: int
    end: int
    text: str
    mine: str | None
    verdicts: int


class Verifications(ReplayedRows):
    """Creating, changing and reading verifications; only the owner changes one, and leads the gold ones."""

    table = "verifications"

    # -- reading ---------------------------------------------------------------------------------------------------

    def get(self, verification_id: str) -> Verification:
        """Return one verification; raise InputError if there is none with that id."""
        row = self.row(verification_id)
        if row is None:
            raise InputError(f"no verification with id {verification_id}")
        return verify.verification_from_row(row)

    def of_claim(self, claim_id: str) -> list[Verification]:
        """Every verification of one claim (imported records first, in their file's order; then oldest first)."""
        return self._many(f"{SELECT} WHERE v.claim_id = ? {IN_ORDER}", [claim_id])

    def of_claims(self, claim_ids: Sequence[str]) -> list[Verification]:
        """Every verification of these claims, as `of_claim` orders them."""
        rows = rows_in(self.db.conn, f"{SELECT} WHERE {{where}} {IN_ORDER}", "v.claim_id", claim_ids)
        return [verify.verification_from_row(dict(zip(VERIFICATION_COLUMNS, row, strict=True))) for row in rows]

    def mine(self, annotator: str, claim_id: str) -> list[Verification]:
        """The annotator's verifications of one claim: one made in the reader, or the records an import brought."""
        return self._many(f"{SELECT} WHERE v.claim_id = ? AND v.annotator = ? {IN_ORDER}", [claim_id, annotator])

    def _many(self, sql: str, params: list[Any]) -> list[Verification]:
        """The verifications a query selects, validated."""
        return [
            verify.verification_from_row(dict(zip(VERIFICATION_COLUMNS, row, strict=True)))
            for row in self.db.conn.execute(sql, params)
        ]

    def verdicts_in_use(self) -> set[str]:
        """The verdicts stored verifications give, which a new schema must keep."""
        return {row[0] for row in self.db.conn.execute("SELECT DISTINCT verdict FROM verifications") if row[0]}

    def marks(self, article_id: str, annotator: str) -> dict[str, Mark]:
        """How each claim of one article stands: what the sidebar shows beside it."""
        rows = self.db.conn.execute(
            "SELECT claim_id, max(CASE WHEN annotator = ? THEN verdict END),"
            " count(DISTINCT CASE WHEN annotator != ? AND verdict IS NOT NULL THEN annotator END),"
            " max(CASE WHEN annotator = ? THEN verdict END)"
            " FROM verifications WHERE article_id = ? GROUP BY claim_id",
            [annotator, GOLD, GOLD, article_id],
        )
        return {row[0]: Mark(row[1], row[2], row[3]) for row in rows}

    def by_article(self, annotator: str) -> dict[str, tuple[int, int, int]]:
        """Per article: claims with a verdict, annotators who gave one, and claims I verified: the library's column."""
        rows = self.db.conn.execute(
            "SELECT v.article_id, count(DISTINCT v.claim_id), count(DISTINCT v.annotator),"
            " count(DISTINCT CASE WHEN v.annotator = ? THEN v.claim_id END)"
            " FROM verifications v JOIN claims c ON c.id = v.claim_id"
            " WHERE v.verdict IS NOT NULL AND v.annotator != ? GROUP BY v.article_id",
            [annotator, GOLD],
        )
        return {row[0]: (row[1], row[2], row[3]) for row in rows}

    def queue(self, annotator: str) -> list[QueuedClaim]:
        """Every claim but gold's, in corpus and text order, with my verdict and how many gave one: the list the
        annotator filters to what is left to verify."""
        sql = """
            SELECT c.id, c.article_id, a.title, c.annotator, c.label, c.start, c."end",
                   substr(a.text, c.start + 1, min(c."end" - c.start, 300)),
                   (SELECT max(v.verdict) FROM verifications v WHERE v.claim_id = c.id AND v.annotator = ?),
                   (SELECT count(DISTINCT v.annotator) FROM verifications v
                     WHERE v.claim_id = c.id AND v.verdict IS NOT NULL AND v.annotator != ?)
            FROM claims c JOIN articles a ON a.id = c.article_id
            WHERE c.annotator != ? ORDER BY a.rowid, c.start, c."end", c.id"""
        return list(named(QueuedClaim, self.db.conn.execute(sql, [annotator, GOLD, GOLD])))

    def compared(
        self, articles: Sequence[str] = (), annotators: Sequence[str] = (), labels: Sequence[str] = ()
    ) -> list[tuple[str, int, int, int | None, str, str]]:
        """Every verdict but gold's on a live claim, with the claim's span and the record's position, oldest change
        first: verdict agreement's units are a span (and, for imported records, a position), whoever's claim it is on.
        The filters are those of `stats`."""
        where, params = ["v.verdict IS NOT NULL", "v.annotator != ?"], [GOLD]
        for column, values in (("c.article_id", articles), ("v.annotator", annotators), ("c.label", labels)):
            if values:
                clause, more = in_list(column, values)
                where.append(clause)
                params += more
        rows = self.db.conn.execute(
            'SELECT c.article_id, c.start, c."end", v.position, v.annotator, v.verdict'
            f" FROM verifications v JOIN claims c ON c.id = v.claim_id WHERE {' AND '.join(where)}"
            " ORDER BY v.updated_at, v.id",
            params,
        )
        return [(r[0], r[1], r[2], r[3], r[4], r[5]) for r in rows]

    def stream(self, flt: SpanFilter, *, unverified: bool) -> Iterator[ExportVerification]:
        """The verifications an export keeps, in export order: imported records in their file's order, then by article
        and text; with `unverified`, also the verifications without a verdict and the claims nobody kept verified."""
        sql, params = _stream(flt, unverified)
        order = 'position IS NULL, source, position, article_id, start, "end", claim_id, annotator, id'
        return named(ExportVerification, self.db.conn.execute(f"SELECT * FROM ({sql}) ORDER BY {order}", params))

    def count(self, flt: SpanFilter, *, unverified: bool) -> int:
        """How many records `stream` yields, for a progress bar."""
        sql, params = _stream(flt, unverified)
        return int(self.db.conn.execute(f"SELECT count(*) FROM ({sql})", params).fetchone()[0])

    def of_articles(self, flt: SpanFilter) -> Iterator[tuple[str, list[dict[str, Any]]]]:
        """Stream (article id, its kept verifications as rows, by id), by article id: what a native export carries."""
        where, params = claim_filter(replace(flt, annotators=(), gold=False))
        owners, more = owner_filter(flt, "v")
        sql = (
            f"{SELECT} JOIN claims c ON c.id = v.claim_id WHERE {' AND '.join([where, *owners])}"
            " ORDER BY v.article_id, v.id"
        )
        article: str | None = None
        rows: list[dict[str, Any]] = []
        for row in self.db.conn.execute(sql, [*params, *more]):
            found = dict(zip(VERIFICATION_COLUMNS, row, strict=True))
            if found["article_id"] != article and rows:
                yield article or "", rows
                rows = []
            article = found["article_id"]
            rows.append(found)
        if rows:
            yield article or "", rows

    # -- writing ---------------------------------------------------------------------------------------------------

    def save(self, actor: str, verification: Verification) -> Verification:
        """Create or change a verification (only its owner may; gold only a lead), checked against the schema and the
        corpus, and log it: one transaction."""
        new, before = self._checked(actor, verification)
        with self.db.write():
            self._put(actor, before, new)
        return new

    def delete(self, actor: str, verification_id: str) -> Verification:
        """Delete a verification (only its owner may) and log what it was."""
        old = self.get(verification_id)
        self._owner(actor, old)
        with self.db.write():
            self._put(actor, verify.verification_row(old), None)
        return old

    def attach(
        self, actor: str, verification: Verification, target: Target, relation: str, confidence: int
    ) -> Verification:
        """Attach a span of another article as evidence, reusing the link between the two claims or drawing one (and,
        for a sentence nobody claimed, making it the annotator's claim first, as Related does): one transaction and
        one undo step."""
        claims, links = self.store.claims, self.store.links
        source = claims.get(verification.claim_id)
        made = None
        if target.claim_id is None:
            made = links.sentence_claim(actor, source, target.article_id, target.start, target.end, confidence)
        other = target.claim_id or (made.id if made else "")
        link = links.between(source.id, other) if made is None else None
        if link is None:
            link = new_link = links.checked(actor, source.id, other, relation)
        else:
            new_link = None
        item = verify.CorpusEvidence(
            article_id=target.article_id,
            start=target.start,
            end=target.end,
            sentence=self.sentence_of(target.article_id, target.start),
            claim_id=other,
            link_id=link.id,
        )
        record = verification.record
        if any(_same_span(item, old) for old in record.evidence):
            raise InputError("that span is already evidence of this verification")
        updated = verification.model_copy(
            update={"record": record.model_copy(update={"evidence": [*record.evidence, item]})}
        )
        new, before = self._checked(actor, updated)
        action = models.new_id()
        with self.db.write():
            if made is not None:
                claims.add(made, actor, action)
            if new_link is not None:
                links.add_checked(new_link, source.article_id, action)
            self._put(actor, before, new, action)
        return new

    def accept(self, lead: str, verification_id: str, row_key: str | None = None) -> Verification:
        """Take one annotator's verification into gold: as the verification of the gold claim of its span (made from
        its claim when there is none yet, settling the review row `row_key`), replacing gold's earlier one; leads only,
        one undo step."""
        refusal = self.store.schema.lead_refusal(lead)
        if refusal:
            raise InputError(refusal)
        chosen = self.get(verification_id)
        if chosen.annotator == GOLD:
            raise InputError("that verification is gold already")
        claims = self.store.claims
        claim = claims.get(chosen.claim_id)
        gold = next(
            (c for c in claims.of_article(claim.article_id, [GOLD]) if (c.start, c.end) == (claim.start, claim.end)),
            None,
        )
        made = None
        if gold is None:
            made = gold = models.Claim(
                **{
                    **claim.model_dump(exclude={"id", "created_at", "updated_at"}),
                    "annotator": GOLD,
                    "origin": "adjudicated",
                    "adjudicated_by": lead,
                }
            )
            claims.validate(made)
        earlier = next((v for v in self.mine(GOLD, gold.id) if v.position == chosen.position), None)
        stamp = models.now()
        new = chosen.model_copy(
            update={
                "id": earlier.id if earlier else models.new_id(),
                "claim_id": gold.id,
                "annotator": GOLD,
                "adjudicated_by": lead,
                "created_at": earlier.created_at if earlier else stamp,
                "updated_at": stamp,
            }
        )
        action = models.new_id()
        with self.db.write():
            if made is not None:
                claims.add(made, lead, action)
                if row_key is not None:
                    self.store.gold.settle(lead, claim.article_id, row_key, action)
            self._put(lead, verify.verification_row(earlier) if earlier else None, new, action)
        return new

    def add_imported(self, verification: Verification, via: str) -> bool:
        """Store an imported verification this database lacks, logged as its import (inside the caller's write, its
        claim already stored); return whether it was added."""
        if self.row(verification.id) is not None:
            return False
        self.check(verification)
        actor = identity.os_user() if verification.annotator == GOLD else verification.annotator
        self._put(actor, None, verification, via=via, ts=verification.created_at)
        return True

    def _checked(self, actor: str, verification: Verification) -> tuple[Verification, dict[str, Any] | None]:
        """The verification to store (stamped now) and the row it replaces, once the actor may write it and it fits
        the schema and the corpus."""
        before = self.row(verification.id)
        stored = verify.verification_from_row(before) if before else None
        self._owner(actor, stored or verification)
        if before is not None and before["annotator"] != verification.annotator:
            raise InputError("a verification keeps its owner")
        if before is None and verification.position is None and verification.annotator != GOLD:
            taken = [v for v in self.mine(verification.annotator, verification.claim_id) if v.position is None]
            if taken:
                raise InputError(
                    f"{verification.annotator} has verified that claim already (verification {taken[0].id})"
                )
        new = verification.model_copy(update={"updated_at": models.now()})
        self.check(new, stored)
        return new, before

    def _owner(self, actor: str, verification: Verification) -> None:
        """Refuse an actor who may not change this verification: its owner only, and leads for gold."""
        if verification.annotator == GOLD:
            refusal = self.store.schema.lead_refusal(actor)
            if refusal:
                raise InputError(refusal)
        elif verification.annotator != actor:
            raise InputError(f"that verification belongs to {verification.annotator}, not {actor}")

    def check(self, verification: Verification, stored: Verification | None = None) -> None:
        """Refuse a verification that does not fit this database: a verdict the schema lacks, a claim of another
        article, evidence outside its article or naming the wrong sentence (what it shares with the version `stored`
        passed then: claims never move and an article's text never changes)."""
        problem = self.problem(verification, self.store.schema, stored)
        if problem:
            raise InputError(problem)

    def problem(self, verification: Verification, schema: Schema, stored: Verification | None = None) -> str | None:
        """What is wrong with a verification here (None: nothing), in one line; what it shares with the version
        `stored` is not checked again."""
        if verification.verdict is not None and schema.verdict(verification.verdict) is None:
            names_ = ", ".join(verdict.name for verdict in schema.verdicts)
            return f"unknown verdict {verification.verdict!r} (the schema has {names_})"
        placed = stored is not None and (stored.claim_id, stored.article_id) == (
            verification.claim_id,
            verification.article_id,
        )
        claim = None if placed else self.store.claims.row(verification.claim_id)
        if claim is not None and claim["article_id"] != verification.article_id:
            return f"claim {verification.claim_id} is not on article {verification.article_id}"
        if not placed and self.store.articles.length(verification.article_id) is None:
            return f"no article with id {verification.article_id}"
        checked = stored.record.evidence if stored is not None else []
        for item in verification.record.evidence:
            if isinstance(item, verify.CorpusEvidence) and item not in checked:
                length = self.store.articles.length(item.article_id)
                if length is None:
                    return f"evidence names article {item.article_id}, which this database lacks"
                if item.end > length:
                    return f"evidence span {item.start}-{item.end} is outside its article (length {length})"
                if item.sentence != self.sentence_of(item.article_id, item.start):
                    return f"evidence at {item.article_id}:{item.start} names sentence {item.sentence}, not its own"
        return None

    def refusal(self, state: dict[str, Any]) -> str | None:
        """Why another file's verification row may not be replayed here (None if it may): it must be a valid
        verification that fits this database."""
        try:
            verification = verify.verification_from_row(state)
        except ValueError as exc:  # pydantic's ValidationError is a ValueError
            return f"its verification row is invalid ({str(exc).splitlines()[0]})"
        return self.problem(verification, self.store.schema)

    def sentence_of(self, article_id: str, offset: int) -> int:
        """The index, in the article's stored sentence split, of the sentence holding `offset` (or the last before)."""
        starts = [start for start, _ in self.store.articles.sentences(article_id)]
        return max(bisect_right(starts, offset) - 1, 0)

    def _put(
        self,
        actor: str,
        before: dict[str, Any] | None,
        after: Verification | None,
        action: str | None = None,
        *,
        via: str = "reader",
        ts: str | None = None,
    ) -> None:
        """Make one verification row `after` (None: gone) and log the change (inside the caller's write)."""
        row = verify.verification_row(after) if after is not None else None
        state = row or before or {}
        self.put(state["id"], row)
        event = models.Event(
            annotator=actor, kind="verify", article_id=state["article_id"], before=before, after=row, target=action
        )
        self.store.history.log(event if ts is None else event.model_copy(update={"ts": ts}), via)


def _same_span(item: verify.CorpusEvidence, other: Any) -> bool:
    """Whether an evidence item already covers exactly this span."""
    return isinstance(other, verify.CorpusEvidence) and (other.article_id, other.start, other.end) == (
        item.article_id,
        item.start,
        item.end,
    )


def _stream(flt: SpanFilter, unverified: bool) -> tuple[str, list[Any]]:
    """The query of an export's verifications (unordered) and its parameters."""
    where, params = claim_filter(replace(flt, annotators=(), gold=False))
    owners, owner_params = owner_filter(flt, "v")
    claim = 'c.label AS label, c.start AS start, c."end" AS "end", c.speaker AS speaker'
    sql = (
        "SELECT v.id AS id, c.id AS claim_id, c.article_id AS article_id, v.annotator AS annotator,"
        " v.verdict AS verdict, v.body AS body, v.source AS source, v.position AS position,"
        f" {claim} FROM verifications v JOIN claims c ON c.id = v.claim_id"
        f" WHERE {' AND '.join([where, *owners])}{'' if unverified else ' AND v.verdict IS NOT NULL'}"
    )
    params = [*params, *owner_params]
    if unverified:
        claims_where, claims_params = claim_filter(flt)
        sql += (
            " UNION ALL SELECT NULL, c.id, c.article_id, c.annotator, NULL, NULL, NULL, NULL,"
            f" {claim} FROM claims c WHERE {claims_where} AND NOT EXISTS"
            f" (SELECT 1 FROM verifications v WHERE {' AND '.join(['v.claim_id = c.id', *owners])})"
        )
        params += [*claims_params, *owner_params]
    return sql, params
