"""The cue rules: surface patterns that make a sentence a likely claim of one label, found without any model."""

from __future__ import annotations

import re
from dataclasses import dataclass

_PARTICIPLES = "sent|been|made|taken|begun|grown|shown|given|held|led|lost|paid|won|seen|done|run|put|met|brought"


@dataclass(frozen=True, slots=True)
class Cue:
    """One rule: a label, the name shown to the annotator, and the pattern that fires it."""

    label: str
    name: str
    pattern: re.Pattern[str]

    def find(self, text: str) -> re.Match[str] | None:
        """The first place the cue fires in `text`, or None."""
        return self.pattern.search(text)


def _cue(label: str, name: str, words: str) -> Cue:
    """Build a case-insensitive whole-word cue."""
    return Cue(label, name, re.compile(rf"(?<![\w’'])(?:{words})(?![\w’'])", re.IGNORECASE))


FUTURE = _cue(
    "PREDICTION",
    "future",
    r"will|won[’']t|\w+[’']ll|shall|going to|plans? to|planned to|plans for|expects? to|expected to|intends? to|"
    r"considering|could|may|might|would|likely to|unlikely to|forecast\w*|set to|within days|in the coming|"
    r"over the course of|anticipat\w+",
)
CAUSAL = _cue(
    "CAUSAL",
    "causal",
    r"because|due to|leads? to|led to|lead to|result(?:ed|s)? in|as a result|caus(?:e|es|ed|ing)|"
    r"prevent(?:s|ed|ing)?|enabl(?:e|es|ed|ing)|stem(?:s|med)? from|owing to|thanks to|making them|which meant|"
    r"increasing their|contribut(?:e|es|ed) to|so is|allowing it",
)
RULE = _cue(
    "RULE",
    "rule",
    r"laws?|sanctions?|bans?|banned|banning|ruled|rules?|regulations?|polic(?:y|ies)|decree|treaty|illegal|"
    r"not allowed|prohibit\w*|requires?|required|approval|doctrine|lockdown|mandat\w+|enforced",
)
STANCE = _cue(
    "POSITION",
    "stance",
    r"believes?|believed|I think|thinks?|argues?|argued|warn(?:s|ed)?|urg(?:es|ed)|worr(?:y|ies|ied)|"
    r"concerns?|described|describes|views?|viewed|hails|hailed|touted|should|must|speculate\w*|question|doubts?|"
    r"posits?|regards?|assert\w*|remarks?|lamented|appears to",
)
ATTRIBUTION = _cue(
    "EVENT",
    "attribution",
    r"said|says|according to|told|reported(?:ly)?|reports?|stated|confirmed|revealed|noted|disclosed|announced|"
    r"indicates?|indicated",
)
PERFECT = Cue(
    "EVENT",
    "event",
    re.compile(rf"\b(?:has|have|had)\s+(?:not\s+)?(?:\w+ly\s+)?(?:been\s+)?(?:\w+ed|{_PARTICIPLES})\b", re.IGNORECASE),
)
QUOTE = re.compile(r"[“\"](?P<quote>[^”\"]{12,})[”\"]?")

LABEL_CUES: tuple[Cue, ...] = (FUTURE, CAUSAL, RULE, STANCE)
"""Cues that decide a label on their own, in the order their suggestions are listed."""


@dataclass(frozen=True, slots=True)
class CueRule:
    """One row of the cue table: a rule's name, the default label it suggests, and what it looks for."""

    name: str
    label: str
    looks_for: str


RULES: tuple[CueRule, ...] = (
    CueRule("quantity", "QUANTITY", "a figure stated as fact"),
    CueRule("forecast", "PREDICTION", "a figure under a future cue"),
    CueRule(FUTURE.name, FUTURE.label, "will, could, plans to..."),
    CueRule(CAUSAL.name, CAUSAL.label, "because, leads to, due to..."),
    CueRule(RULE.name, RULE.label, "law, sanctions, ban..."),
    CueRule(STANCE.name, STANCE.label, "believes, warns, should..."),
    CueRule("quote", "POSITION", "a quotation with no other cue"),
    CueRule(ATTRIBUTION.name, ATTRIBUTION.label, "said, according to..."),
    CueRule(PERFECT.name, PERFECT.label, "a perfect-tense event"),
    CueRule("statement", "EVENT", "a cue-less statement of 8+ words"),
)
"""Every cue rule, keyed by name; a schema label takes the rules of its own name unless it lists others."""
RULE_NAMES: tuple[str, ...] = tuple(rule.name for rule in RULES)
ESTABLISHED: frozenset[str] = frozenset({"quantity"})
"""The cue rules shown before any model has learned a label: those whose precision is established on two sets, the
lower end of a one-sided 95% Wilson interval clearing 70% on both the bundled seeds' gold (a suggestion of the rule's
label on a sentence the gold gives that label: quantity 23 of 23) and ClaimBuster (a sentence the rule fires on is a
factual claim, UFS or CFS: quantity 1,718 of 2,137, 80%). `python -m bench cold_start` measures every rule; the next
best, forecast, has 3 of 3 on the seeds and 66% on ClaimBuster."""
RULE_LABEL: dict[str, str] = {rule.name: rule.label for rule in RULES}


def rules_for(label: str, listed: list[str] | None = None) -> tuple[str, ...]:
    """The cue rules a schema label takes: the ones its schema entry lists, else those keyed by its name."""
    if listed is not None:
        return tuple(listed)
    return tuple(rule.name for rule in RULES if rule.label == label)
