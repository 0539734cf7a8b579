"""Review rows for adjudication: one article's claims grouped across annotators, with agreement, gold status and
consensus.

Free of SQL and Textual, so the review screen, the agreement screen's progress column and tests share it.

- Rows: the reviewers' claims are grouped with ``match_groups`` (IoU >= 0.5, unlabeled, at most one claim per
  annotator per row). Within a row, claims with the same span and label form a variant; the variant most
  annotators gave comes first.
- Agreement is on span and label: unanimous when every reviewer gave the first variant, majority when more
  than half did, else a disagreement (a claim only one of two annotators made is a disagreement).
- A gold claim belongs to the first row (text order) with a variant of exactly its span; else (a lead moved its
  ends in review) to the row without gold whose variants it overlaps most, at IoU >= 0.5 as rows are matched;
  gold claims that belong to no row are rows of their own.
- A row's key is a hash of its claims' (annotator, start, end, label): a rejection holds until one of those
  claims changes, when the row needs review again.
- A row is reviewed when it holds gold or was rejected.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from statistics import median_low
from typing import Generic, Literal, NamedTuple, Protocol, TypeVar

from reader.agreement.matched import ScoredSpan, match_groups
from reader.agreement.spans import iou, match_many
from reader.models import GOLD, Claim, ClaimFields

Mode = Literal["unanimous", "majority"]
Status = Literal["unanimous", "majority", "disagree", "gold"]
MODES: tuple[Mode, ...] = ("unanimous", "majority")
PairMatches = dict[tuple[str, str], list[tuple[int, int]]]
MIN_IOU = 0.5
"""How much a gold claim whose ends a lead moved must overlap a row to settle it: the IoU rows are matched at."""


class Unit(Protocol):
    """What review needs of a claim: who made it, where and with which label."""

    @property
    def annotator(self) -> str: ...

    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...

    @property
    def label(self) -> str: ...


class SpanUnit(NamedTuple):
    """A claim reduced to what review compares, for the agreement screen's counts."""

    annotator: str
    start: int
    end: int
    label: str


U = TypeVar("U", bound=Unit)


@dataclass(frozen=True)
class Variant(Generic[U]):
    """One span and label of a row, with the claims that gave exactly it."""

    start: int
    end: int
    label: str
    units: tuple[U, ...]

    @property
    def annotators(self) -> list[str]:
        """Who gave this variant."""
        return [unit.annotator for unit in self.units]


@dataclass(frozen=True)
class ReviewRow(Generic[U]):
    """One aligned row of a review: the reviewers' matching claims as variants, its gold claims and decision."""

    key: str
    variants: tuple[Variant[U], ...]
    reviewers: int
    gold: tuple[U, ...]
    rejected: bool

    @property
    def start(self) -> int:
        """Where the row begins in the text."""
        return min([*(unit.start for unit in self.gold), *(variant.start for variant in self.variants)])

    @property
    def support(self) -> int:
        """How many reviewers gave the first (most given) variant."""
        return len(self.variants[0].units) if self.variants else 0

    @property
    def status(self) -> Status:
        """Agreement on span and label among the reviewers; "gold" for a gold claim no reviewer matched."""
        if not self.variants:
            return "gold"
        if self.reviewers >= 2 and self.support == self.reviewers:
            return "unanimous"
        return "majority" if self.reviewers >= 2 and 2 * self.support > self.reviewers else "disagree"

    @property
    def reviewed(self) -> bool:
        """Whether a lead has settled the row: taken into gold or rejected."""
        return bool(self.gold) or self.rejected

    def agreed(self, mode: Mode) -> bool:
        """Whether the row counts as agreed under `mode` (unanimous, or majority which includes unanimous)."""
        return self.status == "unanimous" or (mode == "majority" and self.status == "majority")


def row_key(units: Iterable[Unit]) -> str:
    """A row's stable key: a hash of its claims' annotators, spans and labels."""
    parts = sorted(f"{u.annotator}\x1f{u.start}\x1f{u.end}\x1f{u.label}" for u in units)
    return hashlib.sha256("\x1e".join(parts).encode()).hexdigest()[:32]


def reviewers_of(done_by: Sequence[str], annotators: Iterable[str]) -> list[str]:
    """Whose claims a review compares: those who marked the article done if two or more did, else everyone with
    claims."""
    if len(done_by) >= 2:
        return sorted(done_by)
    return sorted({name for name in annotators if name != GOLD})


def _variants(units: Sequence[U]) -> tuple[Variant[U], ...]:
    """Split a row's claims by span and label, the most given first, then in text order."""
    by_span: dict[tuple[int, int, str], list[U]] = {}
    for unit in units:
        by_span.setdefault((unit.start, unit.end, unit.label), []).append(unit)
    ordered = sorted(by_span.items(), key=lambda item: (-len(item[1]), item[0]))
    return tuple(Variant(start, end, label, tuple(found)) for (start, end, label), found in ordered)


def build_rows(
    units: Iterable[U], reviewers: Sequence[str], rejected: Collection[str] = (), matches: PairMatches | None = None
) -> list[ReviewRow[U]]:
    """Group one article's claims into review rows in text order (see the module docstring); other annotators' claims
    are left out.

    ``matches`` may give each reviewer pair's IoU >= 0.5 unlabeled matches over their spans sorted by (start, end,
    label), when computed in a batch.
    """
    by_name: dict[str, list[U]] = {name: [] for name in reviewers}
    gold: list[U] = []
    for unit in units:
        if unit.annotator == GOLD:
            gold.append(unit)
        elif unit.annotator in by_name:
            by_name[unit.annotator].append(unit)
    for found in by_name.values():
        found.sort(key=lambda u: (u.start, u.end, u.label))
    groups = match_groups(
        {name: [(u.start, u.end, u.label) for u in found] for name, found in by_name.items()}, matches
    )
    variants = [_variants([by_name[name][i] for name, i in group.items()]) for group in groups]
    owner: dict[tuple[int, int], int] = {}
    for index, group_variants in enumerate(variants):
        for variant in group_variants:
            owner.setdefault((variant.start, variant.end), index)
    attached: list[list[U]] = [[] for _ in variants]
    moved: list[U] = []
    for unit in sorted(gold, key=lambda u: (u.start, u.end, u.label)):
        owned = owner.get((unit.start, unit.end))
        (moved if owned is None else attached[owned]).append(unit)
    alone: list[U] = []
    for unit in moved:
        closest = _closest_open_row(unit, variants, attached)
        (alone if closest is None else attached[closest]).append(unit)
    rows = [_row(found, tuple(attached[i]), len(reviewers), rejected) for i, found in enumerate(variants)]
    rows += [_row((), (unit,), len(reviewers), rejected) for unit in alone]
    return sorted(rows, key=lambda row: (row.start, row.key))


def _closest_open_row(unit: U, rows: Sequence[tuple[Variant[U], ...]], attached: Sequence[list[U]]) -> int | None:
    """The row without gold whose variants a gold claim overlaps most, at IoU >= 0.5 (None: no such row)."""
    scored = [
        (iou((unit.start, unit.end, unit.label), (variant.start, variant.end, variant.label)), -row)
        for row, variants in enumerate(rows)
        if not attached[row]
        for variant in variants
    ]
    best, row = max(scored, default=(0.0, 0))
    return -row if best >= MIN_IOU else None


def _row(
    variants: tuple[Variant[U], ...], gold: tuple[U, ...], reviewers: int, rejected: Collection[str]
) -> ReviewRow[U]:
    """Make one row, keyed on its reviewers' claims (or, for a gold-only row, its gold claim)."""
    key = row_key([u for v in variants for u in v.units] or gold)
    return ReviewRow(key, variants, reviewers, gold, key in rejected)


def consensus(variant: Variant[Claim]) -> ClaimFields:
    """The fields gold takes from a variant: its label, the lower median confidence, flags most of its claims set,
    and a speaker or note only when all its claims give the same one."""
    units = variant.units

    def shared(name: str) -> str | None:
        values = {getattr(u, name) for u in units}
        return values.pop() if len(values) == 1 else None

    return ClaimFields(
        label=variant.label,
        confidence=median_low(u.confidence for u in units),
        note=shared("note"),
        speaker=shared("speaker"),
        checkworthy=2 * sum(u.checkworthy for u in units) > len(units),
        hedged=2 * sum(u.hedged for u in units) > len(units),
    )


def progress(rows: Sequence[ReviewRow]) -> tuple[int, int]:
    """(reviewed rows, all rows) of an article."""
    return sum(row.reviewed for row in rows), len(rows)


def review_progress(
    articles: Iterable[tuple[str, Mapping[str, Sequence[ScoredSpan]], Sequence[ScoredSpan]]],
    rejected: Mapping[str, Collection[str]],
) -> dict[str, tuple[int, int]]:
    """Review progress of each compared article from its done annotators' spans and gold spans, as the agreement report
    holds them."""
    listed = [
        (article_id, {name: sorted(s[:3] for s in spans) for name, spans in done.items()}, gold)
        for article_id, done, gold in articles
    ]
    keys = [(k, a, b) for k, (_, done, _) in enumerate(listed) for a, b in combinations(sorted(done), 2)]
    batch = match_many([(listed[k][1][a], listed[k][1][b]) for k, a, b in keys], [("iou50", False)])
    matches: list[PairMatches] = [{} for _ in listed]
    for (k, a, b), found in zip(keys, batch, strict=True):
        matches[k][a, b] = found["iou50", False]
    result = {}
    for (article_id, done, gold), pairs in zip(listed, matches, strict=True):
        if not gold and not rejected.get(article_id):
            # Nothing reviewed yet: one row per group of matched claims, and no row to key.
            result[article_id] = (0, len(match_groups(done, pairs)))
            continue
        units = [SpanUnit(name, *span) for name, spans in done.items() for span in spans]
        units += [SpanUnit(GOLD, s[0], s[1], s[2]) for s in gold]
        result[article_id] = progress(build_rows(units, sorted(done), rejected.get(article_id, ()), pairs))
    return result
