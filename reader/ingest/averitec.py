"""AVeriTeC files (a JSON array as its data/dev.json): each record an article of its claim text, one claim spanning it
and that claim's verification by the importing annotator, every field kept and the record's position remembered."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
from pydantic import ValidationError

from reader import identity
from reader.errors import InputError
from reader.identity import GOLD
from reader.ingest.articles import make_article
from reader.models import Claim, ImportRecord, derived_claim_id
from reader.schema import Schema
from reader.text import normalize
from reader.verify.averitec import FileRecord, record_of
from reader.verify.models import Verification, parse_claim_date
from reader.verify.vocab import TYPE_LABELS

_VERIFICATION_NS = uuid.UUID("0c5b3e4e-8f0e-4d43-9d55-2b6f1d2a7c31")
META_KEYS = (
    "speaker",
    "claim_date",
    "original_claim_url",
    "cached_original_claim_url",
    "reporting_source",
    "location_ISO_code",
    "fact_checking_article",
)
"""The record's fields an article keeps in its meta (the first record's, when several share a claim text)."""


class AveritecReader:
    """Reads one AVeriTeC file into import records, refusing its first bad record with its position and what is
    wrong."""

    def __init__(self, path: Path, schema: Schema, annotator: str) -> None:
        self.path = path
        self.schema = schema
        self.annotator = annotator
        self.claims: dict[str, Claim] = {}
        """The claim made for each claim text, so records that share one verify one claim."""

    def fail(self, index: int, message: str) -> InputError:
        """The one-line error for a bad record (records are numbered from 0, as AVeriTeC's positions are)."""
        return InputError(f"{self.path}: record {index}: {message}")

    def read(self, raw: str) -> Iterator[ImportRecord]:
        """Yield one record per element of the file's array."""
        refusal = self.schema.gold_refusal(identity.os_user()) if self.annotator == GOLD else None
        if refusal:
            raise InputError(f"{self.path}: {refusal}")
        try:
            data = orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            raise InputError(f"{self.path}: malformed JSON ({exc})") from None
        if not isinstance(data, list):
            raise InputError(f"{self.path}: an AVeriTeC file is a JSON array of records")
        for index, item in enumerate(data):
            yield self.record(item, index)

    def record(self, item: Any, index: int) -> ImportRecord:
        """Turn one AVeriTeC record into an article, its claim and the claim's verification."""
        if not isinstance(item, dict):
            raise self.fail(index, "a record is a JSON object")
        try:
            found = FileRecord.model_validate(item)
        except ValidationError as exc:
            err = exc.errors()[0]
            where = ".".join(map(str, err["loc"]))
            raise self.fail(index, f"{where}: {err['msg']}" if where else err["msg"]) from None
        text = normalize(found.claim)
        if not text:
            raise self.fail(index, "the claim is empty")
        verdict = self._verdict(found.label, index)
        meta: dict[str, Any] = {key: getattr(found, key) for key in META_KEYS}
        meta.update(source=found.reporting_source, url=found.original_claim_url, published=self._iso(found, index))
        try:
            article = make_article(text, meta, self.path, None)
            record = record_of(found, list(item))
        except ValidationError as exc:
            raise self.fail(index, exc.errors()[0]["msg"]) from None
        claim = self.claims.get(text) or self._claim(article.id, text, found)
        self.claims[text] = claim
        verification = Verification(
            id=uuid.uuid5(_VERIFICATION_NS, f"{self.path.name}|{index}|{self.annotator}|{article.id}").hex,
            claim_id=claim.id,
            article_id=article.id,
            annotator=self.annotator,
            verdict=verdict,
            record=record,
            source=self.path.name,
            position=index,
        )
        return ImportRecord(
            article=article, claims=[claim], done_by=[self.annotator], verifications=[verification], line=index
        )

    def _verdict(self, label: str | None, index: int) -> str | None:
        """The schema's verdict for an AVeriTeC label (its first verdict mapped to it); None for no label."""
        if label is None:
            return None
        verdict = next((verdict for verdict in self.schema.verdicts if verdict.averitec == label), None)
        if verdict is None:
            names = ", ".join(sorted({verdict.averitec for verdict in self.schema.verdicts}))
            raise self.fail(index, f"label {label!r} has no verdict in the schema (it maps {names})")
        return verdict.name

    def _iso(self, found: FileRecord, index: int) -> str | None:
        """The claim date as ISO, the article's publication date."""
        if found.claim_date is None:
            return None
        try:
            return parse_claim_date(found.claim_date).isoformat()
        except ValueError as exc:
            raise self.fail(index, f"claim_date: {exc}") from None

    def _claim(self, article_id: str, text: str, found: FileRecord) -> Claim:
        """The importing annotator's claim over the whole text, labelled by its first AVeriTeC type that names one of
        the schema's labels (else OTHER, else the schema's first label)."""
        names = self.schema.label_names
        mapped = (TYPE_LABELS.get(kind) for kind in found.claim_types)
        label = next((name for name in mapped if name in names), None) or ("OTHER" if "OTHER" in names else names[0])
        return Claim(
            id=derived_claim_id(article_id, self.annotator, 0, len(text), label),
            article_id=article_id,
            annotator=self.annotator,
            start=0,
            end=len(text),
            label=label,
            confidence=self.schema.default_confidence,
            speaker=found.speaker or None,
            origin="import",
        )
