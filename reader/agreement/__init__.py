"""Inter-annotator agreement for claim spans: span F1, character-level kappa and alpha, alpha_U, matched-span agreement.

A pure numeric core (numpy and ``krippendorff`` only) so it can be tested against published values;
``reader.agreement.report`` builds the `claim-reader stats` report on it (no SQL, no terminal).
"""

from .alpha import LEVELS, Level, alpha, fleiss_kappa
from .chars import (
    ArticleSpans,
    char_alpha,
    char_labels,
    char_patterns,
    cohen_kappa,
    kappa_of,
    reliability_matrix,
)
from .matched import (
    ConfidenceAgreement,
    LabelAgreement,
    confidence_agreement,
    label_agreement,
    match_groups,
    matched_units,
)
from .patterns import (
    Patterns,
    coincidences,
    fast_nominal_alpha,
    merge_values,
    nominal_alpha_of,
    packed_patterns,
    patterns,
)
from .pooled_unitizing import alpha_u_pooled
from .spans import PRF, RULES, Rule, Span, f1, iou, match, match_many, prf
from .unitizing import alpha_u

__all__ = [
    "LEVELS",
    "PRF",
    "RULES",
    "ArticleSpans",
    "ConfidenceAgreement",
    "LabelAgreement",
    "Level",
    "Patterns",
    "Rule",
    "Span",
    "alpha",
    "alpha_u",
    "alpha_u_pooled",
    "char_alpha",
    "char_labels",
    "char_patterns",
    "cohen_kappa",
    "coincidences",
    "confidence_agreement",
    "f1",
    "fast_nominal_alpha",
    "fleiss_kappa",
    "iou",
    "kappa_of",
    "label_agreement",
    "match",
    "match_groups",
    "match_many",
    "matched_units",
    "merge_values",
    "nominal_alpha_of",
    "packed_patterns",
    "patterns",
    "prf",
    "reliability_matrix",
]
