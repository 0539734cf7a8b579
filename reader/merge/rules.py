"""What a merge refuses from another database file, whoever wrote it: the rules, apart from the code applying them."""

from __future__ import annotations

from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from datetime import UTC, datetime, timedelta
from typing import Any

from reader.identity import GOLD

CLOCK_SKEW = timedelta(minutes=5)
"""How far ahead of this machine's clock another machine's event may be: more is a forged or broken clock, and would
win every later merge (the latest event decides)."""
REVIEW = "review"
"""Owner given to review decisions: like gold, leads' business."""


def article_refusal(article_id: str, text: str) -> str | None:
    """Why an article may not be merged (None if it may): its id must be the hash of its text, as every import makes
    it."""
    from reader.models import (
        article_id_for,  # the models (pydantic) stay off the reader's start-up path
    )

    return None if article_id_for(text) == article_id else "the id is not the hash of its text"


def time_refusal(ts: Any) -> str | None:
    """Why an event's timestamp is refused (None if it is fine): an ISO time no further ahead of this clock than the
    skew."""
    try:
        when = datetime.fromisoformat(ts)
    except (TypeError, ValueError):
        return f"timestamp {ts!r} is not an ISO 8601 time"
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return f"timestamp {ts} is in the future" if when > datetime.now(UTC) + CLOCK_SKEW else None


def owner_refusal(
    actor: str, event: dict[str, Any], leads: Sequence[str], current_owners: AbstractSet[str]
) -> str | None:
    """Why `actor` may not make this event's change (None if they may): each annotator changes only their own claims,
    links, decisions and verifications (also as this database holds them: `current_owners`), and gold and review
    decisions only a lead (once leads are set)."""
    states = [state for state in (event["before"], event["after"]) if state]
    claim_id = event["claim_id"]
    if claim_id:
        if any(state.get("id") != claim_id for state in states):
            return f"the event on claim {claim_id} carries the rows of another claim"
        owned = {str(state.get("annotator")) for state in states} | current_owners
        what = f"claim {claim_id}"
    elif any("body" in state for state in states):
        owned = {str(state.get("annotator")) for state in states} | current_owners
        what = "verification"
    elif any("verdict" in state for state in states):
        owned, what = {REVIEW}, "review decision"
    else:
        owned = {str(state["annotator"]) for state in states if "annotator" in state} | current_owners
        what = "link" if any("relation" in state for state in states) else "suggestion decision"
    for owner in sorted(owned):
        if owner in (GOLD, REVIEW):
            if leads and actor not in leads:
                return f"{actor} may not change {'gold ' * (owner == GOLD)}{what} (only leads: {', '.join(leads)})"
        elif owner != actor:
            return f"{actor} may not change {owner}'s {what}"
    return None


def columns_refusal(table: str, states: Sequence[dict[str, Any]], columns: Sequence[str]) -> str | None:
    """Why a link or decision event's rows may not be replayed into `table` (None if they may): each must carry exactly
    the table's columns, spelled as it spells them, so no key of another file reaches SQL or slips past the owner
    check."""
    if any(set(state) != set(columns) for state in states):
        return f"its {table} row does not have exactly the columns {', '.join(columns)}"
    return None


def span_refusal(state: dict[str, Any], length: int | None) -> str | None:
    """Why a claim row may not be merged (None if it may): its article must exist and hold the whole span."""
    claim = state.get("id")
    if length is None:
        return f"claim {claim} is on article {state.get('article_id')}, which is in neither database"
    start, end = state.get("start"), state.get("end")
    if type(start) is not int or type(end) is not int or not 0 <= start < end <= length:
        return f"span {start}-{end} of claim {claim} is outside its article (length {length})"
    return None
