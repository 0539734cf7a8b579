"""Timestamps as stored: one canonical UTC form, so text order is time order and "the latest event wins" cannot be
won by a stamp written in another form; every stamp a file or another database brings is parsed into it or refused."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

CLOCK_SKEW = timedelta(minutes=5)
"""How far ahead of this machine's clock a stamp may be: more is a forged or broken clock, and would win every later
merge (the latest event decides)."""
EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
"""No stamp is older than Unix time itself: an earlier one is a broken clock or a forged year."""
_EXTENDED = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?(?:Z|[+-]\d{2}:\d{2})", re.ASCII)
"""The forms accepted on the way in: ISO 8601 extended calendar date and time, with seconds and an explicit offset
(basic forms such as 20260101T000000+0000, week and ordinal dates, and times without an offset are refused)."""


def now() -> str:
    """The current time in the canonical form."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


def canonical(value: Any) -> str:
    """The canonical UTC form of a stamp given as ISO 8601 text (`2024-11-24T22:33:00Z`,
    `2024-11-24T23:33:00.5+01:00`); ValueError saying what is wrong with any other form or an absurd time."""
    if not isinstance(value, str) or not _EXTENDED.fullmatch(value):
        raise ValueError(
            f"timestamp {value!r} is not an ISO 8601 time such as 2024-11-24T22:33:00Z"
            " (date, time with seconds and a UTC offset)"
        )
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as exc:
        raise ValueError(f"timestamp {value!r} is not a valid time ({exc})") from None
    return _checked(when, value)


def from_unix(value: Any) -> str:
    """The canonical form of a Unix time in seconds (Prodigy's `_timestamp`); ValueError for a non-number or an absurd
    time."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"timestamp {value!r} is not a number of seconds")
    try:
        when = datetime.fromtimestamp(value, UTC)
    except (OverflowError, OSError, ValueError):
        raise ValueError(f"timestamp {value!r} is out of range (seconds since 1970)") from None
    return _checked(when, repr(value))


def _checked(when: datetime, shown: str) -> str:
    """The canonical form of a parsed time, refusing one before Unix time or further ahead than the clock skew."""
    if when < EARLIEST:
        raise ValueError(f"timestamp {shown} is before 1970")
    if when > datetime.now(UTC) + CLOCK_SKEW:
        raise ValueError(f"timestamp {shown} is in the future")
    return when.astimezone(UTC).isoformat(timespec="microseconds")
