"""The label schema (claim types, confidence scale, flags, leads): defaults, TOML loading and validation."""

from __future__ import annotations

from collections import Counter
from itertools import cycle
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field, ValidationError, field_validator, model_validator

from reader.verify.vocab import AVERITEC_TO_FEVER, FEVER_TO_AVERITEC

HEX_COLOUR = r"^#[0-9a-fA-F]{6}$"
FLAGS = ("checkworthy", "hedged")
PALETTE = (
    "#4e9ae6",
    "#e6a23c",
    "#b07ee8",
    "#e8607a",
    "#52c27c",
    "#3cc4c4",
    "#c9a06a",
    "#9aa0a6",
    "#d67bc1",
    "#8fbf3f",
    "#e07b39",
    "#6c8ebf",
)
"""Label colours, readable on dark and light terminals, handed out in order to labels a schema file gives none."""
STANDARD_SCALE = ((1, "unsure"), (2, "probably"), (3, "sure"))
"""The confidence scale a schema file that names none gets: 1 unsure, 2 probably, 3 sure (keys 1-3)."""
CUE_RULES = ("quantity", "forecast", "future", "causal", "rule", "stance", "quote", "attribution", "event", "statement")
"""The cue rules a label may list, in the order reader/suggest/cues.py defines them: the vocabulary of schema files,
which the suggester implements (a test keeps the two in step), so a schema never loads the suggester."""


class LabelDef(BaseModel):
    """One claim type: its name, the key that tags it, its colour and its one-line definition."""

    name: str = Field(pattern=r"^[A-Za-z][A-Za-z0-9_-]*$")
    key: str = Field(min_length=1, max_length=1)
    color: str = Field(pattern=HEX_COLOUR)
    definition: str = ""
    cues: list[str] | None = None
    """The cue rules (names from CUE_RULES) that suggest this label; reader/suggest decides which apply when unset."""

    @field_validator("cues")
    @classmethod
    def _known_cues(cls, cues: list[str] | None) -> list[str] | None:
        unknown = sorted(set(cues or ()) - set(CUE_RULES))
        if unknown:
            raise ValueError(f"unknown cue rule(s) {', '.join(unknown)}; known: {', '.join(CUE_RULES)}")
        return cues


class VerdictDef(BaseModel):
    """One verdict of the verification set: its name, key, definition, and the AVeriTeC label and FEVER class the
    exports write for it."""

    name: str = Field(min_length=1, max_length=60)
    key: str = Field(pattern=r"^[1-9]$")
    definition: str = ""
    averitec: Literal["Supported", "Refuted", "Not Enough Evidence", "Conflicting Evidence/Cherrypicking"]
    fever: str = Field(pattern=r"^[A-Z][A-Z /-]*$")
    """SUPPORTS, REFUTES or NOT ENOUGH INFO; another upper-case class (e.g. CONFLICTING EVIDENCE/CHERRYPICKING) is
    written as it is, which FEVER's scorer accepts as a fourth label."""

    @model_validator(mode="before")
    @classmethod
    def _mapped(cls, data: Any) -> Any:
        """A verdict named after an AVeriTeC label or a FEVER class needs no mapping written out."""
        if not isinstance(data, dict):
            return data
        name = data.get("name")
        defaults: dict[str, Any] = {}
        if name in AVERITEC_TO_FEVER:
            defaults = {"averitec": name}
        elif name in FEVER_TO_AVERITEC:
            defaults = {"averitec": FEVER_TO_AVERITEC[name], "fever": name}
        averitec = data.get("averitec", defaults.get("averitec"))
        if averitec in AVERITEC_TO_FEVER:
            defaults.setdefault("fever", AVERITEC_TO_FEVER[averitec])
        return {**defaults, **data}


DEFAULT_VERDICTS = (
    ("Supported", "The evidence supports the claim."),
    ("Refuted", "The evidence refutes the claim."),
    ("Not Enough Evidence", "The evidence found neither supports nor refutes the claim."),
    (
        "Conflicting Evidence/Cherrypicking",
        "The evidence both supports and refutes it, or the claim is true but misleading (cherry-picked).",
    ),
)
"""AVeriTeC's four verdicts with its annotators' definitions, keys 1-4."""


def default_verdicts() -> list[VerdictDef]:
    """The default verdict set: AVeriTeC's four; Conflicting Evidence/Cherrypicking is NOT ENOUGH INFO in FEVER."""
    return [
        VerdictDef.model_validate({"name": name, "key": str(n), "definition": definition})
        for n, (name, definition) in enumerate(DEFAULT_VERDICTS, 1)
    ]


class ConfidenceLevel(BaseModel):
    """One step of the annotator's confidence scale."""

    value: int
    name: str
    key: str = Field(min_length=1, max_length=1)


class Schema(BaseModel):
    """The whole annotation schema in force; stored in the database so exports carry it."""

    labels: list[LabelDef] = Field(min_length=1)
    confidence: list[ConfidenceLevel] = Field(
        default_factory=lambda: [ConfidenceLevel(value=v, name=n, key=str(v)) for v, n in STANDARD_SCALE], min_length=1
    )
    default_confidence: int
    flags: list[str] = Field(default_factory=lambda: list(FLAGS))
    leads: list[str] = Field(default_factory=list)
    auto_accept: Literal["unanimous", "majority"] = "unanimous"
    """Which rows review's accept-all takes into gold at first: all annotators agree, or more than half do."""
    verdicts: list[VerdictDef] = Field(default_factory=default_verdicts, min_length=1)
    """The verdicts a verification may give, in key order; AVeriTeC's four unless the schema file names others."""

    @model_validator(mode="before")
    @classmethod
    def _defaults(cls, data: Any) -> Any:
        """Fill in what a hand-written schema may leave out: free palette colours, and the most sure level as
        default."""
        if not isinstance(data, dict):
            return data
        data = dict(data)
        labels = data.get("labels")
        if isinstance(labels, list):
            taken = {label.get("color") for label in labels if isinstance(label, dict)}
            free = cycle([colour for colour in PALETTE if colour not in taken] or PALETTE)
            data["labels"] = [
                {**label, "color": next(free)} if isinstance(label, dict) and "color" not in label else label
                for label in labels
            ]
        if "default_confidence" not in data:
            levels = data.get("confidence")
            values = (
                [level.get("value") for level in levels if isinstance(level, dict)]
                if isinstance(levels, list)
                else [v for v, _ in STANDARD_SCALE]
            )
            numbers = [v for v in values if isinstance(v, int)]
            if numbers and len(numbers) == len(values):
                data["default_confidence"] = max(numbers)
        return data

    @field_validator("flags")
    @classmethod
    def _known_flags(cls, flags: list[str]) -> list[str]:
        unknown = sorted(set(flags) - set(FLAGS))
        if unknown:
            raise ValueError(f"unknown flag(s) {', '.join(unknown)}; known: {', '.join(FLAGS)}")
        return flags

    @model_validator(mode="after")
    def _unique(self) -> Schema:
        for what, values in (
            ("label name", [label.name for label in self.labels]),
            ("label key", [label.key for label in self.labels]),
            ("confidence value", [level.value for level in self.confidence]),
            ("confidence key", [level.key for level in self.confidence]),
            ("verdict name", [verdict.name for verdict in self.verdicts]),
            ("verdict key", [verdict.key for verdict in self.verdicts]),
        ):
            dupes = sorted(str(v) for v, n in Counter(values).items() if n > 1)
            if dupes:
                raise ValueError(f"duplicate {what}: {', '.join(dupes)}")
        if self.default_confidence not in self.confidence_values:
            raise ValueError(f"default_confidence {self.default_confidence} is not a confidence value")
        return self

    @property
    def label_names(self) -> list[str]:
        """Label names in schema order."""
        return [label.name for label in self.labels]

    @property
    def confidence_values(self) -> list[int]:
        """Confidence values in schema order."""
        return [level.value for level in self.confidence]

    def lead_refusal(self, name: str) -> str | None:
        """Why `name` may not adjudicate (None if they may): one line the store raises and the reader shows."""
        if name in self.leads:
            return None
        if not self.leads:
            return f'{name} is not a lead: no leads are set (add leads = ["{name}"] to the schema file)'
        return f"{name} is not a lead: only {', '.join(self.leads)} may adjudicate; nothing was changed"

    def gold_refusal(self, user: str) -> str | None:
        """Why OS account `user` may not bring gold claims in by import (None if they may): leads only, once leads are
        set."""
        if not self.leads or user in self.leads:
            return None
        return f"gold claims are written only by leads ({', '.join(self.leads)}); you are {user}"

    def verdict(self, name: str) -> VerdictDef | None:
        """Return the verdict called `name`, if the set has one."""
        return next((verdict for verdict in self.verdicts if verdict.name == name), None)

    def verdict_for_key(self, key: str) -> VerdictDef | None:
        """Return the verdict given by `key`, if any."""
        return next((verdict for verdict in self.verdicts if verdict.key == key), None)

    def label(self, name: str) -> LabelDef:
        """Return the label called `name`."""
        return next(label for label in self.labels if label.name == name)

    def label_for_key(self, key: str) -> LabelDef | None:
        """Return the label tagged by `key`, if any."""
        return next((label for label in self.labels if label.key == key), None)

    def confidence_for_key(self, key: str) -> ConfidenceLevel | None:
        """Return the confidence level chosen by `key`, if any."""
        return next((level for level in self.confidence if level.key == key), None)


DEFAULT_SCHEMA = Schema.model_validate(
    {
        "labels": [
            {
                "name": "EVENT",
                "key": "1",
                "definition": (
                    "Something happened or is the case: an action, event or property, without a number at its core."
                ),
            },
            {
                "name": "QUANTITY",
                "key": "2",
                "definition": "A count, amount, rate, comparison or ranking, past or present.",
            },
            {"name": "PREDICTION", "key": "3", "definition": "The future, a hypothetical, a plan, a could/may."},
            {
                "name": "CAUSAL",
                "key": "4",
                "definition": "X causes, leads to or prevents Y, or X correlates (or not) with Y.",
            },
            {"name": "POSITION", "key": "5", "definition": "An opinion, evaluation, stance, support or promise."},
            {"name": "RULE", "key": "6", "definition": "A law, sanction, policy or official procedure."},
            {
                "name": "PERSONAL",
                "key": "7",
                "definition": "Personal experience or testimony not checkable from public information.",
            },
            {"name": "OTHER", "key": "8", "definition": "A claim that fits none of the above."},
        ]
    }
)
"""The claim types of the claim-types research, palette colours in order and the standard 1-3 scale, default 3."""


def load_schema(path: Path) -> Schema:
    """Read a TOML schema file over the default schema: what the file leaves out (a label's definition, colour or
    cues, the confidence scale, leads) is the default's (see reader.schema_file)."""
    from reader.schema_file import read_schema_file

    return read_schema_file(path).over(DEFAULT_SCHEMA)


def first_problem(exc: ValidationError) -> str:
    """The first thing wrong with a schema as "where: what", for a one-line error."""
    err = exc.errors()[0]
    return f"{'.'.join(str(part) for part in err['loc']) or 'schema'}: {err['msg']}"


def orphaned_by(new: Schema, labels_in_use: set[str], confidences_in_use: set[int]) -> list[str]:
    """List what existing claims use that `new` would no longer define, so a schema change can be refused."""
    problems = [f"label {name}" for name in sorted(labels_in_use - set(new.label_names))]
    problems += [f"confidence {value}" for value in sorted(confidences_in_use - set(new.confidence_values))]
    return problems
