"""Verdict agreement: how far annotators who verified the same claim gave it the same verdict (Cohen's kappa per pair,
Krippendorff's alpha nominal over all, the confusion matrix), over claims with two or more verdicts.

A unit is a claimed span (article, start, end) and, for imported records, their position: the verdicts given on
claims of exactly that span, whoever's claim each is on. An annotator with two verdicts on one unit counts with the
latest. Gold is not an annotator here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import combinations

import numpy as np
from pydantic import BaseModel, Field

from reader.agreement.alpha import alpha
from reader.agreement.chars import cohen_kappa

Unit = tuple[str, int, int, int | None]
VerdictRow = tuple[str, int, int, int | None, str, str]
"""(article id, start, end, position, annotator, verdict), oldest first."""


class VerdictPair(BaseModel):
    """Two annotators over the claims both gave a verdict."""

    a: str
    b: str
    claims: int
    agreement: float | None
    kappa: float | None


class VerdictAgreement(BaseModel):
    """Verdict agreement over the claims with two or more verdicts."""

    claims: int = 0
    verdicts: int = 0
    annotators: list[str] = Field(default_factory=list)
    alpha: float | None = None
    agreement: float | None = None
    """Pairwise percent agreement: the share of pairs of verdicts on one claim that are equal."""
    pairs: list[VerdictPair] = Field(default_factory=list)
    confusion: dict[str, dict[str, int]] = Field(default_factory=dict)
    """Verdict x verdict over every pair of verdicts on one claim, counted in both directions (so it is symmetric and
    an agreeing pair adds 2 to its diagonal cell), as the label confusion is."""


def verdict_agreement(rows: Iterable[VerdictRow], order: Sequence[str] = ()) -> VerdictAgreement:
    """Compute every figure from the verdict rows; `order` lists the verdicts first in the schema's order."""
    units: dict[Unit, dict[str, str]] = {}
    for article_id, start, end, position, annotator, verdict in rows:
        units.setdefault((article_id, start, end, position), {})[annotator] = verdict
    compared = [given for given in units.values() if len(given) >= 2]
    if not compared:
        return VerdictAgreement()
    annotators = sorted({name for given in compared for name in given})
    used = {verdict for given in compared for verdict in given.values()}
    names = [name for name in order if name in used] + sorted(used - set(order))
    code = {name: n for n, name in enumerate(names)}
    matrix = np.full((len(annotators), len(compared)), np.nan)
    for column, given in enumerate(compared):
        for name, verdict in given.items():
            matrix[annotators.index(name), column] = code[verdict]
    confusion = {x: dict.fromkeys(names, 0) for x in names}
    agreeing = total = 0
    for given in compared:
        for a, b in combinations(sorted(given), 2):
            confusion[given[a]][given[b]] += 1
            confusion[given[b]][given[a]] += 1
            agreeing += given[a] == given[b]
            total += 1
    return VerdictAgreement(
        claims=len(compared),
        verdicts=sum(len(given) for given in compared),
        annotators=annotators,
        alpha=alpha(matrix, "nominal"),
        agreement=agreeing / total,
        pairs=[_pair(a, b, compared) for a, b in combinations(annotators, 2)],
        confusion=confusion,
    )


def _pair(a: str, b: str, compared: Sequence[dict[str, str]]) -> VerdictPair:
    """One pair's figures over the claims both verified."""
    both = [(given[a], given[b]) for given in compared if a in given and b in given]
    return VerdictPair(
        a=a,
        b=b,
        claims=len(both),
        agreement=sum(x == y for x, y in both) / len(both) if both else None,
        kappa=cohen_kappa(np.array([x for x, _ in both]), np.array([y for _, y in both])) if both else None,
    )
