"""Import: records read from files written in one transaction, articles by content hash, claims by id, done marks."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from reader import identity
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
            self._add_claims(record, via, summary)
            self._add_links(record, via)
            self._add_marks(record, via, summary)

    def _add_claims(self, record: models.ImportRecord, via: str, summary: models.ImportSummary) -> None:
        """Insert the record's claims this database lacks, each logged; count those stored differently."""
        for claim in record.claims:
            row = claim_row(claim)
            if self.store.claims.insert(row, ignore=True):
                summary.spans += 1
                actor = identity.os_user() if claim.annotator == GOLD else claim.annotator
                self.store.history.log(
                    models.Event(
                        ts=claim.created_at,
                        annotator=actor,
                        kind="create",
                        article_id=claim.article_id,
                        claim_id=claim.id,
                        after=row,
                    ),
                    via,
                )
            elif self._differs_from_stored(row):
                summary.differing += 1

    def _add_links(self, record: models.ImportRecord, via: str) -> None:
        """Insert the record's links this database lacks, each logged on the record's article."""
        links = self.store.links
        for link in record.links:
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
        """Set each annotator's done mark and imported answer; a done mark the database lacks is logged as a done
        event, so it travels through merge, which takes done only from events, and counted for the report."""
        progress, article_id = self.store.progress, record.article.id
        for annotator in sorted(set(record.done_by) | set(record.annotations)):
            done = annotator in record.done_by
            if done and not progress.is_done(article_id, annotator):
                summary.marked_done[annotator] = summary.marked_done.get(annotator, 0) + 1
                self.store.history.log(
                    models.Event(
                        annotator=annotator,
                        kind="done",
                        article_id=article_id,
                        before={"done": False},
                        after={"done": True},
                    ),
                    via,
                )
            progress.put(article_id, annotator, done=done, meta=record.annotations.get(annotator))

    def _differs_from_stored(self, row: dict[str, Any]) -> bool:
        """Whether the stored claim with this row's id has another span or other fields (its times and origin aside)."""
        stored = self.store.claims.row(row["id"])
        return stored is not None and any(
            stored[key] != row[key] for key in CLAIM_COLUMNS if key not in KEPT_ON_REIMPORT
        )
