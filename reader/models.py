"""Pydantic models that every boundary (import, store, export, UI) speaks, so bad data is caught where it enters."""

from __future__ import annotations

import hashlib
import uuid
from typing import Any, Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, Field, model_validator

from reader.identity import GOLD  # noqa: F401  (re-exported: importers take it from here)
from reader.timestamps import now  # the one timestamp form stored
from reader.tool_data import SPAN_PROVENANCE, SPAN_SOURCES  # noqa: F401  (re-exported: importers take them from here)


def new_id() -> str:
    """Return a fresh UUID4 hex id, so claims and events from different databases never collide."""
    return uuid.uuid4().hex


_CLAIM_NS = uuid.UUID("6f1c1c2e-3b5e-4e55-9f39-7f2a0f0c1a11")


def derived_claim_id(article_id: str, annotator: str, start: int, end: int, label: str, n: int = 1) -> str:
    """A claim id derived from its content, so importing the same spans twice adds them once; the `n`th is for when
    the first is already taken by another annotator's claim (ids are public, anyone can compute one)."""
    suffix = "" if n == 1 else f"|{n}"
    return uuid.uuid5(_CLAIM_NS, f"{article_id}|{annotator}|{start}|{end}|{label}{suffix}").hex


def article_id_for(text: str) -> str:
    """Return the stable article id: the first 16 hex digits of the SHA-256 of the normalized text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


class Model(BaseModel):
    """Base of the core's models: schemas are built on first use, not at import, to keep start-up fast."""

    model_config = ConfigDict(defer_build=True)


class Article(Model):
    """An article as stored: normalized text plus everything the input carried about it."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    id: str
    title: str
    text: str
    meta: dict[str, Any] = Field(default_factory=dict)
    source_file: str | None = None
    source_line: int | None = None
    words: int = 0


class ClaimFields(Model):
    """The editable attributes of a claim, shared by creation and updates."""

    label: str
    confidence: int
    note: str | None = None
    speaker: str | None = None
    checkworthy: bool = False
    hedged: bool = False


class Claim(ClaimFields):
    """A claim span as stored: code-point offsets into the article's normalized text, end exclusive."""

    id: str = Field(default_factory=new_id)
    article_id: str
    annotator: str
    start: int = Field(ge=0)
    end: int
    origin: str = "manual"
    adjudicated_by: str | None = None
    created_at: str = Field(default_factory=now)
    updated_at: str = Field(default_factory=now)

    @model_validator(mode="after")
    def _ordered(self) -> Claim:
        if not self.start < self.end:
            raise ValueError(f"span start {self.start} must be before end {self.end}")
        return self


class GoldItem(NamedTuple):
    """One claim a lead takes into gold: the review row it settles, its span and its fields."""

    row_key: str
    start: int
    end: int
    fields: ClaimFields


class Progress(Model):
    """Per (article, annotator) state: whether it is done and where reading stopped."""

    article_id: str
    annotator: str
    done: bool = False
    position: int = 0
    updated_at: str = Field(default_factory=now)


EventKind = Literal[
    "create",
    "update",
    "delete",
    "done",
    "undone",
    "undo",
    "redo",
    "link",
    "unlink",
    "accept",
    "reject",
    "review",
    "verify",
]


class Event(Model):
    """One entry of the append-only change log that backs undo/redo, merging and the audit trail."""

    id: str = Field(default_factory=new_id)
    ts: str = Field(default_factory=now)
    annotator: str
    kind: EventKind
    article_id: str
    claim_id: str | None = None
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None
    target: str | None = None


class ImportSummary(Model):
    """What one import did, for the summary table and for tests."""

    files: int = 0
    records: int = 0
    added: int = 0
    duplicates: int = 0
    spans: int = 0
    skipped: int = 0
    differing: int = 0
    """Spans not imported because a stored claim has their id but another span or other fields."""
    verifications: int = 0
    """Verifications added (an AVeriTeC record's, a native line's)."""
    refused: int = 0
    """Spans not imported because the annotator already has a claim with the same span and label."""
    notes: list[str] = Field(default_factory=list)
    """One line per span refused, naming its file and line."""
    marked_done: dict[str, int] = Field(default_factory=dict)
    """Articles this import marked done, by annotator (done marks count in agreement, training and assignment)."""


class MergeSummary(Model):
    """What merging one other database did, for the command's report and for tests."""

    source: str
    articles: int = 0
    claims_added: int = 0
    claims_updated: int = 0
    claims_deleted: int = 0
    events: int = 0
    done_changed: int = 0
    by_annotator: dict[str, int] = Field(default_factory=dict)
    """Events added, per annotator they name (the merging lead vouches for them; a non-lead merges only their own)."""
    left_out: dict[str, int] = Field(default_factory=dict)
    """Events not merged because `--only` left their annotator out, per annotator."""


class AssignmentLoad(Model):
    """One annotator's share of the assignment plan and how much of it they have marked done."""

    annotator: str
    assigned: int
    done: int


class AssignmentChange(Model):
    """One change to the assignment plan, as its log keeps it: who made it and what it asked for."""

    ts: str
    os_user: str
    annotators: list[str]
    overlap: int
    query: str | None
    added: int
    removed: int


Relation = Literal["same", "supports", "conflicts", "refines", "quote-variant"]
RELATIONS: tuple[str, ...] = ("same", "supports", "conflicts", "refines", "quote-variant")
"""How two claims from different sources relate; `refines` covers a subset or a forecast of the other."""


class Link(Model):
    """A relation one annotator drew between two claims, usually in different articles."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    id: str = Field(default_factory=new_id)
    claim_a: str
    claim_b: str
    relation: Relation
    annotator: str
    created_at: str = Field(default_factory=now)

    def other(self, claim_id: str) -> str:
        """The claim at the other end of the link from `claim_id`."""
        return self.claim_b if claim_id == self.claim_a else self.claim_a


class LinkCluster(Model):
    """Claims joined by links, directly or through others: one row of the Claim map."""

    claims: list[Claim]
    links: list[Link]


NATIVE_FORMAT = "claim-reader native"
"""The `format` of a native export's first line, the header that carries the label schema the export was made with."""


class ImportRecord(Model):
    """One article read from an input file, with the claims and done marks that came with it."""

    article: Article
    claims: list[Claim] = Field(default_factory=list)
    done_by: list[str] = Field(default_factory=list)
    annotations: dict[str, dict[str, Any]] = Field(default_factory=dict)
    links: list[Link] = Field(default_factory=list)
    verifications: list[Any] = Field(default_factory=list)
    """The verifications (reader.verify.models.Verification) that came with it: an AVeriTeC record's, native ones."""
    line: int | None = None
