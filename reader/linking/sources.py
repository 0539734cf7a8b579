"""Which sources share quotes: agreement between them is likely one upstream report, not independent confirmation."""

from __future__ import annotations

import re
from itertools import combinations
from typing import TYPE_CHECKING

from rapidfuzz import fuzz, utils

if TYPE_CHECKING:
    from collections.abc import Mapping

    from reader.models import LinkCluster

QUOTE_MATCH = 75
"""token_set_ratio at or above which two quotes count as one (on the seeds: 80-81 for shared quotes, at most 68
else)."""
MIN_QUOTE_WORDS = 5
_QUOTE = re.compile(r"“([^”\n]+)”?|^([^“”\n]+)”|\"([^\"\n]+)\"?")
"""A quote ends at its closing mark, else at the end of its paragraph (news leaves a quote open when it goes on in the
next paragraph) or of the text; a text that starts inside a quote holds its end (a trimmed span loses the marks)."""


def quotes(text: str) -> list[str]:
    """The direct quotes of a text long enough to be telling (five words or more)."""
    found = (m.group(1) or m.group(2) or m.group(3) for m in _QUOTE.finditer(text))
    return [quote for quote in found if len(quote.split()) >= MIN_QUOTE_WORDS]


def likeness(quote_a: str, quote_b: str) -> float:
    """How alike two quotes are worded, 0-100 (rapidfuzz's token set ratio, so "won't likely" / "are unlikely" stay
    close)."""
    return fuzz.token_set_ratio(quote_a, quote_b, processor=utils.default_process)


def shared_quotes(text_a: str, text_b: str) -> list[tuple[str, str]]:
    """Pairs of quotes, one from each text, worded alike, even when reworded."""
    return [(a, b) for a in quotes(text_a) for b in quotes(text_b) if likeness(a, b) >= QUOTE_MATCH]


def dependent_sources(texts: Mapping[str, str], cluster: LinkCluster) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """The pairs of a cluster's articles (texts by article id) that share quotes, with those quotes, for the Claim
    map."""
    article_ids = sorted({claim.article_id for claim in cluster.claims})
    pairs = ((a, b, shared_quotes(texts[a], texts[b])) for a, b in combinations(article_ids, 2))
    return [(a, b, shared) for a, b, shared in pairs if shared]
