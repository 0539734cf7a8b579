"""Text normalization and clean-up done once at import, before any offset exists, so offsets stay stable."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

TERMINAL_CONTROLS = frozenset(
    [*range(0x20), *range(0x7F, 0xA0), 0xFEFF, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
)
"""What a terminal acts on instead of showing: C0 and C1 controls, DEL, the BOM, bidi overrides and isolates."""

_NEWLINES = re.compile(r"\r\n|\r|\u2028|\u2029|\x85")
# Import removes every terminal control but tab and the newlines (turned into spaces and `\n` first).
_CONTROLS = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(TERMINAL_CONTROLS - {0x09, 0x0A, 0x85})) + "]")
# Display shows them one for one: C0 as their Unicode control pictures (ESC as ␛), DEL as ␡, the rest as �.
_ONE_LINE = {c: 0x2400 + c if c < 0x20 else 0x2421 if c == 0x7F else 0xFFFD for c in TERMINAL_CONTROLS}
_MULTI_LINE = {c: shown for c, shown in _ONE_LINE.items() if c != 0x0A}


def _utf8_pattern(codes: list[int]) -> re.Pattern[bytes]:
    """Match the UTF-8 form of any of the code points, grouped by leading bytes."""
    last_bytes: dict[bytes, bytes] = {}
    for code in codes:
        encoded = chr(code).encode()
        last_bytes[encoded[:-1]] = last_bytes.get(encoded[:-1], b"") + encoded[-1:]
    return re.compile(b"|".join(re.escape(lead) + b"[" + re.escape(last) + b"]" for lead, last in last_bytes.items()))


# orjson escapes C0 controls itself but writes DEL, C1 controls, the BOM and bidi characters raw (valid JSON, live on a
# terminal). Their UTF-8 forms start with a lead byte or are ASCII, so a match never starts inside another character.
_RAW_IN_JSON = _utf8_pattern(sorted(c for c in TERMINAL_CONTROLS if c >= 0x7F))
_TRAILING = re.compile(r"[ \t\u00a0]+$", re.MULTILINE)
_BLANK_RUNS = re.compile(r"\n{3,}")


def normalize(raw: str) -> str:
    """Return the canonical form of article text: `\\n` newlines, NFC, no control characters, no trailing spaces."""
    text = raw
    if "\r" in text or "\u2028" in text or "\u2029" in text or "\x85" in text:
        text = _NEWLINES.sub("\n", text)
    if "\t" in text:
        text = text.replace("\t", " ")
    if not text.replace("\n", " ").isprintable():
        text = _CONTROLS.sub("", text)
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    if " \n" in text or "\u00a0\n" in text:
        text = _TRAILING.sub("", text)
    if "\n\n\n" in text:
        text = _BLANK_RUNS.sub("\n\n", text)
    return text.strip()


def visible(text: str, *, one_line: bool = False) -> str:
    """Make untrusted text inert for a terminal, one character for one so offsets hold: nothing it holds acts as a
    control.

    ``one_line`` also shows newlines (as ␊), for table cells and one-line messages that a newline would break.
    """
    return text.translate(_ONE_LINE if one_line else _MULTI_LINE)


def inert_json(data: bytes) -> bytes:
    """JSON (UTF-8) with every terminal control JSON allows raw written as a \\u escape: the same data to a parser,
    nothing a terminal acts on (an ASCII line, the common case, is checked at C speed)."""
    if data.isascii() and b"\x7f" not in data:
        return data
    if _RAW_IN_JSON.search(data) is None:
        return data
    return _RAW_IN_JSON.sub(lambda m: b"\\u%04x" % ord(m.group().decode()), data)


_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_DATELINE = re.compile(
    rf"^(?:(?P<month>{_MONTHS})\.? (?P<day>\d{{1,2}}), (?P<year>\d{{4}})"
    rf"(?:,? (?P<hour>\d{{1,2}}):(?P<minute>\d{{2}}))?"
    rf"|(?P<iso>\d{{4}}-\d{{2}}-\d{{2}}(?:[T ]\d{{2}}:\d{{2}}(?::\d{{2}})?)?))$"
)

# Whole lines that sites wrap around articles: navigation, widgets, newsletter prompts, captions.
_BOILERPLATE: list[tuple[str, re.Pattern[str]]] = [
    (
        "navigation",
        re.compile(
            r"^(log ?in|log ?out|sign ?in|sign ?up|register|menu|search|share|"
            r"skip to (main )?content|advertisement|read more|comments?)$",
            re.I,
        ),
    ),
    ("widget", re.compile(r"^most (popular|read|viewed|shared)\b.{0,30}$", re.I)),
    ("banner", re.compile(r"^(breaking|breaking news|live|live updates|exclusive)$", re.I)),
    (
        "newsletter",
        re.compile(
            r"^(discover more from .{1,80}|subscribe to get the latest posts.{0,80}|"
            r"subscribe( now| to our newsletter)?\.?|sign up for our newsletter.{0,80})$",
            re.I,
        ),
    ),
    ("caption", re.compile(r"^.{0,400}\((picture|photo|image|video)( source| credit)?s?: [^)]{1,80}\)$", re.I)),
]
_AUTHOR_BIO = re.compile(
    r"^(an?|the) [^.]{0,80}\b(writer|journalist|reporter|editor|correspondent|columnist|author|"
    r"contributor|speaker|analyst)\b[^.]{0,60}\.?$",
    re.I,
)
_FOOTER_LINES = 4
_HEADER_LINES = 5
TITLE_MAX = 150


@dataclass
class Cleaned:
    """An article body after clean-up, with what was taken out kept for the metadata."""

    text: str
    title: str
    meta: dict[str, Any] = field(default_factory=dict)


class BadDateline(ValueError):
    """A line shaped like a dateline whose date or time does not exist ("February 30, 2024", "24:10")."""

    def __init__(self, line: str, reason: str) -> None:
        super().__init__(f"dateline {line!r} is not a real date and time ({reason})")
        self.line = line


def _parse_dateline(line: str) -> str | None:
    """Return an ISO date(-time) if the line is a dateline such as "November 24, 2024 22:33"; BadDateline if it is
    shaped like one but names no real time."""
    m = _DATELINE.match(line)
    if not m:
        return None
    try:
        if m["iso"]:
            stamp = m["iso"].replace(" ", "T")
            datetime.fromisoformat(stamp)
            return stamp
        when = datetime.strptime(f"{m['month']} {m['day']} {m['year']}", "%B %d %Y")
        if m["hour"]:
            when = when.replace(hour=int(m["hour"]), minute=int(m["minute"]))
            return when.isoformat(timespec="minutes")
        return when.date().isoformat()
    except ValueError as exc:
        raise BadDateline(line, str(exc)) from None


def _classify(line: str, index: int, total: int) -> str | None:
    """Say why a line is site furniture rather than article body, or None if it is body."""
    stripped = line.strip()
    for reason, pattern in _BOILERPLATE:
        if pattern.match(stripped):
            return reason
    if index >= total - _FOOTER_LINES and len(stripped) <= 120 and _AUTHOR_BIO.match(stripped):
        return "author bio"
    return None


def make_title(text: str) -> str:
    """Return a title from the first line, shortened at a word boundary when the line is a paragraph."""
    first = text.split("\n", 1)[0].strip()
    if len(first) <= TITLE_MAX:
        return first
    cut = first[:80].rsplit(" ", 1)[0]
    return cut.rstrip(",;:-") + "…"


def clean_article(raw: str) -> Cleaned:
    """Normalize a plain-text article and move datelines and boilerplate lines out of the body into meta."""
    lines = normalize(raw).split("\n")
    content = [i for i, line in enumerate(lines) if line.strip()]
    rank_of = {line_index: rank for rank, line_index in enumerate(content)}
    removed: list[dict[str, Any]] = []
    meta: dict[str, Any] = {}
    keep: list[str] = []
    for i, line in enumerate(lines):
        if not line.strip():
            keep.append(line)
            continue
        rank = rank_of[i]
        published = _parse_dateline(line.strip()) if rank < _HEADER_LINES else None
        if published and "published" not in meta:
            meta["published"] = published
            removed.append({"line": i + 1, "text": line, "reason": "dateline"})
            continue
        reason = _classify(line, rank, len(content))
        if reason:
            removed.append({"line": i + 1, "text": line, "reason": reason})
            continue
        keep.append(line)
    if removed:
        meta["boilerplate"] = removed
    text = normalize("\n".join(keep))
    return Cleaned(text=text, title=make_title(text), meta=meta)


def word_count(text: str) -> int:
    """Count whitespace-separated words, the figure shown in the library."""
    return len(text.split())


_SAME_AFTER_NORMALIZE = {"\t": " ", "\r": "\n", "\u2028": "\n", "\u2029": "\n", "\x85": "\n"}


def offset_map(raw: str, normalized: str) -> list[int]:
    """Map every offset of `raw` (0..len) to the matching offset of `normalize(raw)`, so spans survive normalization.

    Normalization only deletes characters, replaces one by one, or composes a few into one (NFC),
    so a greedy left-to-right walk aligns the two texts exactly.
    """
    mapping = [0] * (len(raw) + 1)
    i = j = 0
    while i < len(raw):
        mapping[i] = j
        ch = raw[i]
        if j < len(normalized) and _SAME_AFTER_NORMALIZE.get(ch, ch) == normalized[j]:
            i, j = i + 1, j + 1
            continue
        width = next(
            (
                k
                for k in range(2, 5)
                if j < len(normalized) and unicodedata.normalize("NFC", raw[i : i + k]) == normalized[j]
            ),
            0,
        )
        for k in range(1, width):
            mapping[i + k] = j
        i, j = (i + width, j + 1) if width else (i + 1, j)
    mapping[len(raw)] = j
    return mapping


class Utf16:
    """Code-point offsets into a text and the UTF-16 offsets that doccano, INCEpTION and browsers count, where a
    character beyond the Basic Multilingual Plane (an emoji) takes two units."""

    def __init__(self, text: str) -> None:
        self.units: list[int] | None = None
        """The UTF-16 offset of every code-point offset 0..len, or None when the two agree (no astral character)."""
        if text and max(text) > "\uffff":
            units = [0] * (len(text) + 1)
            for i, ch in enumerate(text):
                units[i + 1] = units[i] + (2 if ch > "\uffff" else 1)
            self.units = units
        self._points: dict[int, int] | None = None

    def unit(self, point: int) -> int:
        """The UTF-16 offset of a code-point offset."""
        return point if self.units is None else self.units[point]

    def point(self, unit: int) -> int | None:
        """The code-point offset of a UTF-16 offset, or None when it falls between the two halves of a character."""
        if self.units is None:
            return unit
        if self._points is None:
            self._points = {u: i for i, u in enumerate(self.units)}
        return self._points.get(unit)
