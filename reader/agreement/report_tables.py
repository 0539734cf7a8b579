"""The tables of the `claim-reader stats` report as pydantic models, defined once for JSON, console and screen."""

from __future__ import annotations

from pydantic import BaseModel, Field

from reader.verify.agreement import VerdictAgreement

from .spans import Rule

THRESHOLDS = {"reliable": 0.800, "tentative": 0.667}
"""Krippendorff's (2004) thresholds for alpha: reliable at or above 0.800, tentative from 0.667."""


def f1_name(rule: Rule, labeled: bool) -> str:
    """Return the report's name of an F1 figure, e.g. ``f1_iou50_labeled``."""
    return f"f1_{rule}_labeled" if labeled else f"f1_{rule}"


def verdict(value: float | None) -> str | None:
    """Read an alpha against Krippendorff's thresholds: reliable, tentative or unreliable (None if undefined)."""
    if value is None:
        return None
    if value >= THRESHOLDS["reliable"]:
        return "reliable"
    return "tentative" if value >= THRESHOLDS["tentative"] else "unreliable"


class PairMetrics(BaseModel):
    """The figures computed per annotator pair (and averaged over pairs in ``overall``)."""

    f1_exact: float | None = None
    f1_exact_labeled: float | None = None
    f1_iou50: float | None = None
    f1_iou50_labeled: float | None = None
    f1_overlap: float | None = None
    f1_overlap_labeled: float | None = None
    char_kappa: float | None = None
    char_kappa_labeled: float | None = None


class PairStats(PairMetrics):
    """One annotator pair over the articles both marked done."""

    a: str
    b: str
    articles: int


class Overall(PairMetrics):
    """Means over pairs plus the coefficients taken across all annotators at once."""

    char_alpha: float | None = None
    char_alpha_labeled: float | None = None
    alpha_u: float | None = None
    label_alpha: float | None = None
    label_percent: float | None = None
    confidence_alpha: float | None = None
    confidence_mad: float | None = None
    matched_groups: int = 0


class LabelStats(BaseModel):
    """One label: how often it was used, span F1 restricted to it (mean over pairs) and its alpha_U."""

    label: str
    spans: int
    articles: int
    f1_exact: float | None
    f1_iou50: float | None
    f1_overlap: float | None
    alpha_u: float | None


class ArticleStats(BaseModel):
    """One compared article, to find the hard ones: mean pair F1 (IoU >= 0.5) and character alpha."""

    id: str
    title: str
    annotators: list[str]
    spans: int
    f1_iou50: float | None
    f1_iou50_labeled: float | None
    char_alpha: float | None
    char_alpha_labeled: float | None
    gold: bool


class AnnotatorStats(BaseModel):
    """One annotator: work done, mean F1 against the others, and precision/recall/F1 against gold (IoU >= 0.5,
    labeled)."""

    annotator: str
    spans: int
    done_articles: int
    compared_articles: int
    f1_iou50: float | None
    f1_iou50_labeled: float | None
    gold_articles: int
    gold_precision: float | None
    gold_recall: float | None
    gold_f1: float | None


class GoldCoverage(BaseModel):
    """How much of the compared work leads have adjudicated: figures against gold stand only for what gold covers."""

    rows_reviewed: int
    """Review rows (claims grouped across annotators) accepted into gold or rejected."""
    rows: int
    articles_reviewed: int
    """Compared articles whose every review row is reviewed."""
    articles_with_gold: int
    """Compared articles with at least one gold claim: those the figures against gold count."""
    articles: int


class Report(BaseModel):
    """Everything `claim-reader stats` prints, as one JSON-ready object."""

    articles_compared: int
    annotators: list[str]
    pairs: list[PairStats]
    overall: Overall
    by_label: list[LabelStats]
    by_article: list[ArticleStats]
    by_annotator: list[AnnotatorStats]
    confusion: dict[str, dict[str, int]]
    gold_coverage: GoldCoverage | None = None
    """None when no compared article has been reviewed at all."""
    thresholds: dict[str, float] = THRESHOLDS
    verdicts: VerdictAgreement = Field(default_factory=VerdictAgreement)
    """Verdict agreement over the claims two or more annotators verified (any article, done or not)."""
