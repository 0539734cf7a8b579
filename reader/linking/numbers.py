"""Quantities in running text, normalized (10,000 = 10k = ten thousand) so figures from different sources compare."""

from __future__ import annotations

import re
from dataclasses import dataclass

_WORD_VALUES = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
}
_SCALES = {
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "m": 1e6,
    "mn": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "b": 1e9,
    "trillion": 1e12,
}
QUALIFIERS = {
    "about": (
        "around",
        "about",
        "approximately",
        "roughly",
        "nearly",
        "almost",
        "some",
        "an estimated",
        "estimated",
        "approx.",
    ),
    "over": ("more than", "over", "at least", "upwards of", "in excess of", "above"),
    "up to": ("up to", "as many as", "at most"),
    "under": ("less than", "fewer than", "under", "below"),
}
# Unit words after a number, mapped to the unit they are compared by.
_UNIT_WORDS = {
    "troops": "troops",
    "soldiers": "troops",
    "men": "troops",
    "personnel": "troops",
    "forces": "troops",
    "fighters": "troops",
    "force": "troops",
    "mercenaries": "troops",
    "officers": "officers",
    "reservists": "reservists",
    "dollars": "USD",
    "per cent": "%",
    "percent": "%",
    "years": "years",
    "year": "years",
    "months": "months",
    "month": "months",
    "weeks": "weeks",
    "days": "days",
}
DURATIONS = frozenset({"years", "months", "weeks", "days"})
_CURRENCIES = {"$": "USD", "us$": "USD", "€": "EUR", "£": "GBP"}
_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£"}
_PERIODS = {
    "a month": "month",
    "per month": "month",
    "monthly": "month",
    "a year": "year",
    "per year": "year",
    "annually": "year",
    "annual": "year",
    "a day": "day",
    "per day": "day",
}
_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)

_QUALIFIER_RE = "|".join(sorted((re.escape(q) for qs in QUALIFIERS.values() for q in qs), key=len, reverse=True))
_WORD_RE = "|".join(sorted(_WORD_VALUES, key=len, reverse=True))
_SCALE_RE = r"thousand|million|billion|trillion|bn|mn|k|m|b"
NUMBER_RE = re.compile(
    rf"(?:\b(?P<qual>{_QUALIFIER_RE})\s+)?"
    rf"(?P<cur>US\$|\$|€|£)?"
    rf"(?:(?P<digits>(?<![\w.,-])\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|(?<![\w.,-])\d+(?:[.,]\d+)?)"
    rf"|\b(?P<words>(?:{_WORD_RE})(?:[\s-](?:{_WORD_RE}))*)\b)"
    rf"(?:\s?(?P<scale>{_SCALE_RE})\b)?"
    rf"(?P<pct>\s?%)?",
    re.IGNORECASE,
)
_ANY_NUMBER = re.compile(rf"\d|\b(?:{_WORD_RE})\b", re.IGNORECASE)
_YEAR_CONTEXT = re.compile(
    rf"(?:\b(?:in|since|of|until|by|from|during|before|after|{_MONTHS})\s+(?:the\s+)?$)", re.IGNORECASE
)
_UNIT_AFTER = re.compile(
    r"\s*(?:(?:north\s+)?korean\s+|russian\s+|active-duty\s+|more\s+|other\s+|additional\s+)*"
    r"(?P<unit>per cent|percent|\w+)",
    re.IGNORECASE,
)
_PERIOD_AFTER = re.compile(
    r"^\W{0,3}(?:\w+\W+){0,2}?(?P<period>a month|per month|a year|per year|annually|a day|"
    r"per day)\b",
    re.IGNORECASE,
)
_UNIT_BEFORE = re.compile(r"\b(?:force|army|contingent|deployment|troops|soldiers)\s+of\s+$", re.IGNORECASE)
_PERIOD_BEFORE = re.compile(r"\b(?P<period>monthly|annual)\b(?:\W+\w+){0,4}\W*$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Quantity:
    """One figure found in a text: its value, qualifier and unit, and where it is."""

    value: float
    qualifier: str
    unit: str | None
    start: int
    end: int
    text: str

    @property
    def label(self) -> str:
        """How the figure reads once normalized, for explanations: "about 10,000 troops"."""
        parts = [] if self.qualifier == "exact" else [self.qualifier]
        amount = format_value(self.value)
        if self.unit and self.unit[:3] in _SYMBOLS:
            currency, _, period = self.unit.partition("/")
            parts.append(_SYMBOLS[currency] + amount + (f" per {period}" if period else ""))
        elif self.unit == "%":
            parts.append(f"{amount}%")
        else:
            parts.append(amount + (f" {self.unit}" if self.unit else ""))
        return " ".join(parts)

    @property
    def is_duration(self) -> bool:
        """Whether the figure is a span of time ("two years"), which is context rather than a quantity claim."""
        return self.unit in DURATIONS


def format_value(value: float) -> str:
    """Write a value as people read figures: 10,000, 1.3 million, 2.29 billion, 98.3."""
    for scale, name in ((1e9, "billion"), (1e6, "million")):
        if value >= scale:
            return f"{value / scale:.3g} {name}"
    return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}".rstrip("0").rstrip(".")


def _digits_value(digits: str) -> float:
    """Parse 10,000 / 1.3 / 98,3 (a decimal comma when one or two digits follow it)."""
    if re.fullmatch(r"\d+,\d{1,2}", digits):
        return float(digits.replace(",", "."))
    return float(digits.replace(",", ""))


def _words_value(words: str) -> float:
    """Parse number words: "ten thousand" = 10,000, "twenty five" = 25, "three hundred" = 300."""
    total = 0.0
    for word in re.split(r"[\s-]+", words.lower()):
        value = _WORD_VALUES[word]
        total = total * value if value == 100 and total else total + value
    return total


def _qualifier(text: str | None) -> str:
    """Map a qualifier phrase to its normalized form (about, over, up to, under), or "exact"."""
    if not text:
        return "exact"
    wanted = " ".join(text.lower().split())
    return next(name for name, phrases in QUALIFIERS.items() if wanted in phrases)


def _unit(text: str, m: re.Match[str]) -> str | None:
    """Find the unit of a figure: currency (with a period such as "a month"), percent, or the counted noun."""
    after = text[m.end() : m.end() + 60]
    currency = _CURRENCIES.get((m["cur"] or "").lower())
    if currency or re.match(r"\s*(?:dollars|USD)\b", after, re.IGNORECASE):
        period = _PERIOD_AFTER.match(after) or _PERIOD_BEFORE.search(text[max(0, m.start() - 40) : m.start()])
        return f"{currency or 'USD'}/{_PERIODS[period['period'].lower()]}" if period else currency or "USD"
    if m["pct"]:
        return "%"
    unit = _UNIT_AFTER.match(after)
    named = _UNIT_WORDS.get(unit["unit"].lower()) if unit else None
    return named or ("troops" if _UNIT_BEFORE.search(text[max(0, m.start() - 30) : m.start()]) else None)


def _is_figure(text: str, m: re.Match[str], unit: str | None) -> bool:
    """Reject what only looks like a figure: years, dates, decades, ordinals, model names (AK-12, 60mm, G20)."""
    if re.match(r"(?:s\b|th\b|st\b|nd\b|rd\b|mm\b|[A-Za-z]{1,2}\d|[-:/]\w)", text[m.end() : m.end() + 3]):
        return False
    if m["digits"] and not (m["cur"] or m["scale"] or m["pct"] or unit):
        number = m["digits"]
        if re.fullmatch(r"1[5-9]\d\d|20\d\d", number):
            return False
        if _YEAR_CONTEXT.search(text[max(0, m.start() - 12) : m.start()]) and len(number) <= 2:
            return False
    return not (m["words"] and m["words"].lower() == "one" and not m["qual"])


def find_quantities(text: str) -> list[Quantity]:
    """All figures in a text, in order, each with its normalized value, qualifier and unit."""
    found: list[Quantity] = []
    if not _ANY_NUMBER.search(text):
        return found
    for m in NUMBER_RE.finditer(text):
        unit = _unit(text, m)
        if not _is_figure(text, m, unit):
            continue
        value = _digits_value(m["digits"]) if m["digits"] else _words_value(m["words"])
        if m["scale"]:
            value *= _SCALES[m["scale"].lower()]
        found.append(
            Quantity(
                value=value, qualifier=_qualifier(m["qual"]), unit=unit, start=m.start(), end=m.end(), text=m.group()
            )
        )
    return found


def same_figure(a: Quantity, b: Quantity) -> bool:
    """Whether two figures state the same amount of the same thing (qualifiers aside)."""
    return a.value == b.value and units_agree(a, b)


def close_figure(a: Quantity, b: Quantity, tolerance: float = 0.15) -> bool:
    """Whether two different figures of the same thing are near enough to be rival reports (10,000 vs 11,000)."""
    if a.value == b.value or not units_agree(a, b):
        return False
    return abs(a.value - b.value) <= tolerance * max(a.value, b.value)


def units_agree(a: Quantity, b: Quantity) -> bool:
    """Units match when both are known and equal; a figure with no unit only matches another with none."""
    return a.unit == b.unit
