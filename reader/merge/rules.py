"""What a merge refuses from another database file, whoever wrote it: the rules, apart from the code applying them."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from collections.abc import Set as AbstractSet
from typing import Any, get_args

import orjson

from reader import timestamps
from reader.identity import GOLD
from reader.models import EventKind
from reader.tool_data import answer_refusal, tokens_refusal

REVIEW = "review"
"""Owner given to review decisions: like gold, leads' business."""
EVENT_KINDS = frozenset(get_args(EventKind))


def author_refusal(annotator: Any, me: str, leads: Sequence[str]) -> str | None:
    """Why the OS account `me` may not bring in an event made in `annotator`'s name (None if they may): the other file's
    word for who made an event is never taken alone, so once leads are named only a lead vouches for anyone else's
    work; everyone merges their own."""
    if not isinstance(annotator, str) or not annotator:
        return f"its annotator {annotator!r} is not a name"
    if annotator == me or not leads or me in leads:
        return None
    return (
        f"it is {annotator}'s work, and only leads ({', '.join(leads)}) may merge others' work;"
        f" merge --only {me} takes only yours"
    )


def hash_refusal(article_id: str, text: Any) -> str | None:
    """Why an article's id is refused (None if it is fine): it must be the hash of its text, as every import makes it
    (then an article this database holds under that id has the same text)."""
    from reader.models import article_id_for  # the models (pydantic) stay off the reader's start-up path

    return (
        None if isinstance(text, str) and article_id_for(text) == article_id else "the id is not the hash of its text"
    )


def article_refusal(text: str, title: Any, meta: str) -> str | None:
    """Why an article new to this database may not be merged (None if it may): its text as import leaves it
    (normalized, no longer than one article may be), its title a string and its meta a JSON object whose token table
    lies inside the text."""
    from reader.ingest.articles import MAX_ARTICLE_CHARS
    from reader.text import normalize

    if normalize(text) != text or not text:
        return "its text is not normalized as import leaves every text (control characters, newlines, NFC)"
    if len(text) > MAX_ARTICLE_CHARS:
        return f"its text is {len(text):,} characters, more than the {MAX_ARTICLE_CHARS:,} one article may hold"
    if not isinstance(title, str):
        return "its title is not a string"
    try:
        fields = orjson.loads(meta)
    except (orjson.JSONDecodeError, TypeError):
        return "its meta is not JSON"
    if not isinstance(fields, dict):
        return "its meta is not a JSON object"
    return tokens_refusal(fields["tokens"], len(text)) if "tokens" in fields else None


def event_refusal(event: dict[str, Any]) -> str | None:
    """Why an event's own fields are refused (None if they are fine): a known kind, ids that are strings."""
    if event["kind"] not in EVENT_KINDS:
        return f"its kind {event['kind']!r} is not one claim-reader logs"
    for key in ("id", "article_id"):
        if not isinstance(event[key], str) or not event[key]:
            return f"its {key} {event[key]!r} is not an id"
    for key in ("claim_id", "target"):
        if event[key] is not None and not isinstance(event[key], str):
            return f"its {key} {event[key]!r} is not an id"
    return None


def _whole(value: Any) -> bool:
    return type(value) is int and -(2**63) <= value < 2**63


def _flag(value: Any) -> bool:
    return type(value) is int and value in (0, 1)


def _text(value: Any) -> bool:
    return isinstance(value, str)


def _text_or_none(value: Any) -> bool:
    return value is None or isinstance(value, str)


def _stamp(value: Any) -> bool:
    try:
        return timestamps.canonical(value) == value
    except ValueError:
        return False


ROW_FIELDS: dict[str, dict[str, Callable[[Any], bool]]] = {
    "claims": {
        "id": _text,
        "article_id": _text,
        "annotator": _text,
        "start": _whole,
        "end": _whole,
        "label": _text,
        "confidence": _whole,
        "note": _text_or_none,
        "speaker": _text_or_none,
        "checkworthy": _flag,
        "hedged": _flag,
        "origin": _text,
        "adjudicated_by": _text_or_none,
        "created_at": _stamp,
        "updated_at": _stamp,
    },
    "links": {
        "id": _text,
        "claim_a": _text,
        "claim_b": _text,
        "relation": lambda value: value in ("same", "supports", "conflicts", "refines", "quote-variant"),
        "annotator": _text,
        "created_at": _stamp,
    },
    "suggestion_decisions": {
        "id": _text,
        "annotator": _text,
        "article_id": _text,
        "start": _whole,
        "end": _whole,
        "label": _text,
        "decision": lambda value: value in ("accepted", "rejected"),
        "ts": _stamp,
    },
    "verifications": {
        "id": _text,
        "claim_id": _text,
        "article_id": _text,
        "annotator": _text,
        "verdict": _text_or_none,
        "body": _text,
        "source": _text_or_none,
        "position": lambda value: value is None or _whole(value),
        "adjudicated_by": _text_or_none,
        "created_at": _stamp,
        "updated_at": _stamp,
    },
    "review_decisions": {
        "id": _text,
        "article_id": _text,
        "row_key": _text,
        "verdict": _text,
        "lead": _text,
        "ts": _stamp,
    },
}
"""Every column of the rows events carry whole, with what its value must be (times in the one stored form)."""


def row_refusal(table: str, state: dict[str, Any]) -> str | None:
    """Why a row an event carries may not be written into `table` (None if it may): exactly the table's columns, each
    value of its type; a missing column is refused here, not met later as a crash."""
    fields = ROW_FIELDS[table]
    if set(state) != set(fields):
        return f"its {table} row does not have exactly the columns {', '.join(fields)}"
    wrong = next((name for name, valid in fields.items() if not valid(state[name])), None)
    if wrong is not None:
        return f"its {table} row has an invalid {wrong}: {state[wrong]!r}"
    return None


def progress_refusal(states: Sequence[dict[str, Any]], length: int | None) -> str | None:
    """Why a done event's rows are refused (None if they are fine): a done flag, and an answer another tool kept
    that is valid on its article."""
    for state in states:
        if not set(state) <= {"done", "meta"} or not isinstance(state.get("done"), bool):
            return "its progress row is not a done flag (and a kept answer)"
        if "meta" in state:
            if length is None:
                return "its article is in neither database"
            refusal = answer_refusal(state["meta"], length)
            if refusal:
                return refusal
    return None


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
        if any(state.get("lead") != actor for state in states):
            return f"{actor}'s event carries a review decision in another lead's name"
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


def span_refusal(state: dict[str, Any], length: int | None) -> str | None:
    """Why a claim row may not be merged (None if it may): its article must exist and hold the whole span."""
    claim = state.get("id")
    if length is None:
        return f"claim {claim} is on article {state.get('article_id')}, which is in neither database"
    start, end = state.get("start"), state.get("end")
    if type(start) is not int or type(end) is not int or not 0 <= start < end <= length:
        return f"span {start}-{end} of claim {claim} is outside its article (length {length})"
    return None
