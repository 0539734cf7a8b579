"""Inter-annotator agreement for claim spans: span F1, character-level kappa and alpha, alpha_U, matched-span agreement.

A pure numeric core (numpy and ``krippendorff`` only) so it can be tested against published values.
"""

from .alpha import LEVELS, Level, alpha, alpha_u, alpha_u_pooled, fast_nominal_alpha, fleiss_kappa
from .chars import ArticleSpans, char_alpha, char_labels, cohen_kappa, reliability_matrix
from .matched import ConfidenceAgreement, LabelAgreement, confidence_agreement, label_agreement, match_groups
from .spans import PRF, RULES, Rule, Span, f1, iou, match, match_all, prf

__all__ = [
    "LEVELS",
    "PRF",
    "RULES",
    "ArticleSpans",
    "ConfidenceAgreement",
    "LabelAgreement",
    "Level",
    "Rule",
    "Span",
    "alpha",
    "alpha_u",
    "alpha_u_pooled",
    "char_alpha",
    "char_labels",
    "cohen_kappa",
    "confidence_agreement",
    "f1",
    "fast_nominal_alpha",
    "fleiss_kappa",
    "iou",
    "label_agreement",
    "match",
    "match_all",
    "match_groups",
    "prf",
    "reliability_matrix",
]
