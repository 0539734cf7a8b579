"""Import: records read from files written in one transaction, articles by content hash, claims by id, done marks."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from reader import identity
from reader.errors import InputError
from reader.identity import GOLD
from reader.store.claims import claim_row
from reader.store.part import Part
from reader.store.rows import CLAIM_COLUMNS, StoredArticle, batched, dumps, models

IMPORT_BATCH = 500
KEPT_ON_REIMPORT = ("origin", "created_at", "updated_at")
"""Claim columns that may differ between a file and the stored claim of the same id without the claim differing."""


class Imports(Part):
    """Adding import records through the parts that own their rows, all of them or none."""

    def add(
        self,
        records: Iterable[models.ImportRecord],
        via: str = "import",
        on_record: Callable[[models.ImportRecord], None] | None = None,
    ) -> models.ImportSummary:
        """Write records in one transaction, in batches: articles by content hash, claims by id, links, done marks."""
        summary = models.ImportSummary()
        with self.db.write():
            for batch in batched(records, IMPORT_BATCH):
                self._add_batch(batch, via, summary)
                if on_record:
                    for record in batch:
                        on_record(record)
        return summary

    def _add_batch(self, batch: tuple[models.ImportRecord, ...], via: str, summary: models.ImportSummary) -> None:
        """Insert a batch of records' articles at once, then their claims, links, events and progress rows."""
        stamp = models.now()
        added = self.store.articles.insert(
            [
                StoredArticle(
                    a.id,
                    a.title,
                    a.text,
                    dumps(a.meta),
                    a.meta.get("source"),
                    a.meta.get("published"),
                    a.source_file,
                    a.source_line,
                    a.words,
                    stamp,
                )
                for a in (record.article for record in batch)
            ],
            ignore=True,
        )
        summary.records += len(batch)
        summary.added += added
        summary.duplicates += len(batch) - added
        summary.skipped += sum(
            any(a.get("answer") in ("reject", "ignore") for a in record.annotations.values()) for record in batch
        )
        for record in batch:
            moved = self._add_claims(record, via, summary)
            self._add_links(record, via, moved)
            self._add_marks(record, via, summary)
            for verification in record.verifications:
                summary.verifications += self.store.verifications.add_imported(verification, via)

    def _add_claims(self, record: models.ImportRecord, via: str, summary: models.ImportSummary) -> dict[str, str]:
        """Insert the record's claims this database lacks, each logged; count those stored differently; refuse (one
        line each) a claim that duplicates another of the same annotator, span and label; return the derived ids that
        moved because another annotator's claim held them (old id: new id).

        Ids are public, so another annotator can take the id a claim's content derives: the claim then takes the next
        id derived from the same content, never skipped. An id the file gives explicitly is refused instead when
        another annotator's claim has it.
        """
        claims = self.store.claims
        moved: dict[str, str] = {}
        seen: set[str] = set()
        for claim in record.claims:
            same = claim.id if claim.id in seen else None if claims.row(claim.id) else claims.duplicate_of(claim)
            seen.add(claim.id)
            if same is not None:
                summary.refused += 1
                summary.notes.append(
                    f"{record.article.source_file}:{record.line}: duplicate claim not imported: {claim.annotator}"
                    f" already has a {claim.label} claim on {claim.start}-{claim.end} of article {claim.article_id}"
                )
                continue
            row = claim_row(claim)
            n = 1
            while not claims.insert(row, ignore=True):
                owner = self._owner(row["id"])
                if owner == claim.annotator:
                    summary.differing += self._differs_from_stored(row)
                    break
                if row["id"] != models.derived_claim_id(
                    claim.article_id, claim.annotator, claim.start, claim.end, claim.label, n
                ):
                    where = f"{record.article.source_file}:{record.line}" if record.line else record.article.source_file
                    raise InputError(
                        f"{where}: claim {row['id']} is {owner}'s in this database; a file cannot give one of"
                        f" {claim.annotator}'s claims that id (nothing was imported)"
                    )
                n += 1
                row["id"] = models.derived_claim_id(
                    claim.article_id, claim.annotator, claim.start, claim.end, claim.label, n
                )
                moved[claim.id] = row["id"]
            else:
                summary.spans += 1
                actor = identity.os_user() if claim.annotator == GOLD else claim.annotator
                self.store.history.log(
                    models.Event(
                        ts=claim.created_at,
                        annotator=actor,
                        kind="create",
                        article_id=claim.article_id,
                        claim_id=row["id"],
                        after=row,
                    ),
                    via,
                )
        return moved

    def _owner(self, claim_id: str) -> str:
        """The annotator of a stored claim."""
        stored = self.store.claims.row(claim_id)
        return str(stored["annotator"]) if stored else ""

    def _add_links(self, record: models.ImportRecord, via: str, moved: dict[str, str]) -> None:
        """Insert the record's links this database lacks (to the claims' ids as stored), each logged on the record's
        article."""
        links = self.store.links
        for found in record.links:
            link = found.model_copy(
                update={
                    "claim_a": moved.get(found.claim_a, found.claim_a),
                    "claim_b": moved.get(found.claim_b, found.claim_b),
                }
            )
            row = link.model_dump()
            if links.row(link.id) is None:
                links.put(link.id, row)
                self.store.history.log(
                    models.Event(
                        ts=link.created_at,
                        annotator=link.annotator,
                        kind="link",
                        article_id=record.article.id,
                        after=row,
                    ),
                    via,
                )

    def _add_marks(self, record: models.ImportRecord, via: str, summary: models.ImportSummary) -> None:
        """Set each annotator's done mark and kept answer, each change logged as a done (or undone) event carrying
        the answer, so it travels through merge, which takes progress only from events; count the done marks added,
        for the report."""
        progress, article_id = self.store.progress, record.article.id
        for annotator in sorted(set(record.done_by) | set(record.annotations)):
            done = annotator in record.done_by
            answer = record.annotations.get(annotator)
            stored = progress.row(article_id, annotator)
            was_done = bool(stored and stored.done)
            stamp = models.now()
            if done and not was_done:
                summary.marked_done[annotator] = summary.marked_done.get(annotator, 0) + 1
            if done != was_done or (answer and dumps(answer) != (stored.meta if stored else None)):
                self.store.history.log(
                    models.Event(
                        ts=stamp,
                        annotator=annotator,
                        kind="done" if done else "undone",
                        article_id=article_id,
                        before={"done": was_done},
                        after={"done": done, "meta": answer} if answer else {"done": done},
                    ),
                    via,
                )
            progress.put(article_id, annotator, done=done, meta=answer, stamp=stamp)

    def _differs_from_stored(self, row: dict[str, Any]) -> bool:
        """Whether the stored claim with this row's id has another span or other fields (its times and origin aside)."""
        stored = self.store.claims.row(row["id"])
        return stored is not None and any(
            stored[key] != row[key] for key in CLAIM_COLUMNS if key not in KEPT_ON_REIMPORT
        )
