"""Rank likely counterparts of a claim in other articles, each with its reasons, so cross-source links are found, not
hunted."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from rapidfuzz import fuzz, utils

from reader.linking.numbers import Quantity, close_figure, find_quantities, same_figure
from reader.linking.sources import QUOTE_MATCH, likeness, quotes
from reader.models import Claim
from reader.segment import WORD_RE, Segments, trim_span

if TYPE_CHECKING:
    from reader.store import Store

EVIDENCE_WEIGHT, NAME_WEIGHT, WORDING_WEIGHT = 0.4, 0.3, 0.3
"""Evidence is the strongest of a shared figure, a shared quote and a shared first; names and wording add to it."""
CLOSE_NUMBER = 0.7
SHARED_FIRST, SIMILAR_FIRST = 0.7, 0.5
"""Two claims of a first likely state one fact, less surely than one figure does; less still when one says "first" and
the other "unprecedented"."""
SIMILAR_FLOOR = 0.3
SHOW_WORDING = 0.4
MIN_SCORE = 0.05
RARE_NAME_ARTICLES = 2
SCAN_ALL = 100
"""Up to this many articles Related compares against all of them; beyond, against the best full-text matches."""
_NAME = re.compile(r"\b[A-Z][\w’'-]*(?:\s+(?:[A-Z][\w’'-]*))+")
_NOT_NAMES = frozenset(
    [
        "the",
        "a",
        "an",
        "in",
        "on",
        "for",
        "as",
        "at",
        "and",
        "but",
        "if",
        "while",
        "with",
        "according",
        "however",
        "this",
        "these",
        "that",
        "his",
        "her",
        "their",
        "its",
        "it",
        "he",
        "she",
        "they",
        "we",
        "i",
        "mr",
        "ms",
        "dr",
        "president",
        "leader",
        "general",
        "chancellor",
        "secretary",
        "minister",
        "ambassador",
    ]
)
_STOPWORDS = frozenset(
    [
        "the",
        "a",
        "an",
        "of",
        "to",
        "in",
        "on",
        "and",
        "or",
        "but",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "has",
        "have",
        "had",
        "that",
        "this",
        "these",
        "those",
        "it",
        "its",
        "they",
        "them",
        "their",
        "he",
        "his",
        "she",
        "her",
        "as",
        "at",
        "by",
        "for",
        "with",
        "from",
        "which",
        "who",
        "will",
        "would",
        "could",
        "may",
        "might",
        "not",
        "than",
        "also",
        "said",
    ]
)
_FIRST = re.compile(
    r"\b(?:for the first time|first[- ](?:ever|time)|[\w-]+[’']s first"
    r"|(?:is|was|be|marks|marked) (?:the|its|their) first|first [\w-]+(?: [\w-]+)? since"
    r"|(?P<other>never before|unprecedented|historic))\b",
    re.IGNORECASE,
)
"""A claimed first: "the first time", "North Korea's first", "the first ... since"; or said otherwise ("unprecedented").
"As the first contingent" is an order, not a first, and does not count."""


@dataclass(frozen=True, slots=True)
class Candidate:
    """A possible counterpart: a claim (someone's annotation) or an unannotated sentence of another article."""

    article_id: str
    start: int
    end: int
    text: str
    claim: Claim | None = None


@dataclass(frozen=True, slots=True)
class Match:
    """One ranked counterpart, its score in 0..1, why it ranks (shown as is) and the link relation it hints at."""

    candidate: Candidate
    score: float
    reasons: tuple[str, ...]
    relation: str | None
    focus: tuple[int, int] | None = None
    """Where the evidence is in the candidate's text (the matching figure, the shared quote): what an excerpt shows."""


@dataclass(frozen=True, slots=True)
class Features:
    """What a text is compared by, computed once per text."""

    figures: tuple[Quantity, ...]
    names: frozenset[str]
    display: dict[str, str]
    quotes: tuple[str, ...]
    first: str | None
    terms: frozenset[str]


@lru_cache(maxsize=65_536)
def features(text: str) -> Features:
    """Figures (durations aside), names, quotes, a claimed first and content words of a text; cached, as panels ask
    again and again."""
    display = names(text)
    figures = tuple(q for q in find_quantities(text) if not q.is_duration)
    terms = frozenset(w for w in map(str.lower, WORD_RE.findall(text)) if len(w) > 2 and w not in _STOPWORDS)
    return Features(figures, frozenset(display), display, tuple(quotes(text)), _first(text), terms)


def _first(text: str) -> str | None:
    """The word a text claims a first with, lowered ("first", "unprecedented"), or None."""
    match = _FIRST.search(text)
    if match is None:
        return None
    return match.group("other").lower() if match.group("other") else "first"


def names(text: str) -> dict[str, str]:
    """Capitalized multiword names (Lee Woong-gil, Kim Jong Un), keyed so that Kim Jong Un = Kim Jong-un = Kim
    Jong-un’s."""
    found: dict[str, str] = {}
    for m in _NAME.finditer(text):
        words = m.group().split()
        while words and words[0].lower() in _NOT_NAMES:
            words.pop(0)
        if len(words) >= 2 or (words and "-" in words[0]):
            name = re.sub(r"[’']s?$", "", " ".join(words))
            found.setdefault(_name_key(name), name)
    return found


def _name_key(name: str) -> str:
    """Compare names case-, hyphen- and possessive-insensitively."""
    return " ".join(re.split(r"[\s\-]+", name.lower()))


def related(store: Store, article_id: str, start: int, end: int, *, limit: int = 10) -> list[Match]:
    """Counterparts of the span (a claim or a sentence) in other articles: claims first, then unannotated sentences."""
    text = store.articles.get(article_id).text[start:end]
    return rank(text, related_pool(store, article_id, text).candidates, limit=limit)


@dataclass(frozen=True, slots=True)
class Pool:
    """What a span is ranked against: the other articles' claims and free sentences, and those articles' titles."""

    candidates: list[Candidate]
    titles: dict[str, str]


def related_pool(store: Store, article_id: str, text: str) -> Pool:
    """Read the articles a span of `article_id` may have counterparts in, with their claims, in one call, and segment
    them into candidates; with big articles this is slow, so the reader calls it off the UI thread, as it does
    `rank`."""
    found = store.claims.with_articles(_other_articles(store, article_id, text))
    return Pool(
        [c for article, claims in found for c in candidates(article.id, article.text, claims)],
        {article.id: article.title for article, _ in found},
    )


def _other_articles(store: Store, article_id: str, text: str) -> list[str]:
    """Every other article in a small corpus; in a big one, those full-text search ranks best for the span's words."""
    if store.articles.count() <= SCAN_ALL:
        return [other for other in store.articles.ids() if other != article_id]
    found = features(text)
    terms = [*found.display.values(), *(q.text for q in found.figures), *sorted(found.terms)]
    return store.articles.sharing(terms, exclude=article_id, limit=SCAN_ALL)


def candidates(article_id: str, text: str, claims: Sequence[Claim]) -> list[Candidate]:
    """An article's claims (every annotator's) and the sentences no claim overlaps."""
    found = [Candidate(article_id, c.start, c.end, text[c.start : c.end], c) for c in claims]
    for s, e in Segments(text).sentences:
        if not any(c.start < e and s < c.end for c in claims):
            s, e = trim_span(text, s, e)
            if s < e:
                found.append(Candidate(article_id, s, e, text[s:e]))
    return found


def rank(text: str, pool: Sequence[Candidate], *, limit: int = 10) -> list[Match]:
    """Score every candidate against `text`; keep those above MIN_SCORE, claims before sentences, best first."""
    query = features(text)
    seen = [features(c.text) for c in pool]
    rarity = _name_rarity(pool, seen)
    weights = _term_weights([query, *seen])
    matches = [score(text, query, c, f, rarity, weights) for c, f in zip(pool, seen, strict=True)]
    kept = [m for m in matches if m.score >= MIN_SCORE]
    kept.sort(key=lambda m: (m.candidate.claim is None, -m.score, m.candidate.article_id, m.candidate.start))
    return kept[:limit]


def _name_rarity(pool: Sequence[Candidate], seen: Sequence[Features]) -> dict[str, float]:
    """Weight each name by how few articles mention it: a rare shared name (Lee Woong-gil) means more than North
    Korea."""
    articles: dict[str, set[str]] = {}
    for candidate, found in zip(pool, seen, strict=True):
        for name in found.names:
            articles.setdefault(name, set()).add(candidate.article_id)
    return {name: min(1.0, RARE_NAME_ARTICLES / len(ids)) ** 2 for name, ids in articles.items()}


def _term_weights(texts: Sequence[Features]) -> dict[str, float]:
    """Inverse document frequency of each content word over the compared texts, so shared rare words weigh most."""
    counts: dict[str, int] = {}
    for found in texts:
        for term in found.terms:
            counts[term] = counts.get(term, 0) + 1
    return {term: math.log(len(texts) / n) for term, n in counts.items()}


def _overlap(a: frozenset[str], b: frozenset[str], weights: dict[str, float]) -> float:
    """Cosine similarity of two texts' content words weighted by rarity (1 = the same rare words)."""
    norm = math.sqrt(sum(weights[t] ** 2 for t in a) * sum(weights[t] ** 2 for t in b))
    return sum(weights[t] ** 2 for t in a & b) / norm if norm else 0.0


def score(
    text: str,
    query: Features,
    candidate: Candidate,
    found: Features,
    rarity: dict[str, float],
    weights: dict[str, float],
) -> Match:
    """Combine the evidence (figures, quotes, a first), shared names and wording (rapidfuzz plus rare shared words)
    into one explained score."""
    number, reasons, relation, focus = _number_part(query.figures, found.figures)
    quote, quoted = _quote_part(query.quotes, found.quotes)
    if quote:
        reasons.append(f"same quote reworded {quote:.0%}" if quote < 1 else "same quote")
        relation = relation or "quote-variant"
        at = candidate.text.find(quoted)
        focus = focus or (at, at + len(quoted))
    first = 0.0 if not (query.first and found.first) else SHARED_FIRST if query.first == found.first else SIMILAR_FIRST
    if first:
        reasons.append(
            "both claim a first" + ("" if query.first == found.first else f" ({query.first} / {found.first})")
        )
    shared = sorted(query.names & found.names, key=lambda n: (-rarity.get(n, 1.0), n))
    name = min(1.0, sum(rarity.get(n, 1.0) for n in shared))
    fuzzy = fuzz.token_set_ratio(text, candidate.text, processor=utils.default_process) / 100
    similarity = (fuzzy + _overlap(query.terms, found.terms, weights)) / 2
    wording = max(0.0, (similarity - SIMILAR_FLOOR) / (1 - SIMILAR_FLOOR))
    reasons.extend(f"shared name {found.display[n]}" for n in shared if rarity.get(n, 1.0) >= 0.5)
    if similarity >= SHOW_WORDING:
        reasons.append(f"similar wording {similarity:.0%}")
    total = EVIDENCE_WEIGHT * max(number, quote, first) + NAME_WEIGHT * name + WORDING_WEIGHT * wording
    return Match(candidate, round(total, 4), tuple(reasons), relation, focus)


def _quote_part(mine: Sequence[str], theirs: Sequence[str]) -> tuple[float, str]:
    """How alike the most alike pair of quotes is (0 when no pair reaches QUOTE_MATCH: one quote in two wordings),
    and the candidate's quote of that pair."""
    best, quoted = max(((likeness(a, b), b) for a in mine for b in theirs), default=(0.0, ""))
    return (best / 100, quoted) if best >= QUOTE_MATCH else (0.0, "")


def _number_part(
    mine: Sequence[Quantity], theirs: Sequence[Quantity]
) -> tuple[float, list[str], str | None, tuple[int, int] | None]:
    """Score figures: the same amount of the same thing counts fully, a near one (10,000 vs 11,000) as a rival; and
    where the candidate's best matching figure is."""
    best, reasons, relation, focus = 0.0, [], None, None
    for a in mine:
        for b in theirs:
            if same_figure(a, b):
                qualifiers = "" if a.qualifier == b.qualifier else f" ({a.qualifier} / {b.qualifier})"
                reasons.append(f"shared number {_plain(b)}{qualifiers}")
                if best < 1.0:
                    focus = (b.start, b.end)
                best, relation = 1.0, relation or "same"
            elif close_figure(a, b):
                reasons.append(f"close number {a.label} vs {b.label}")
                if best < CLOSE_NUMBER:
                    focus = (b.start, b.end)
                best, relation = max(best, CLOSE_NUMBER), relation or "conflicts"
    return best, list(dict.fromkeys(reasons)), relation, focus


def _plain(figure: Quantity) -> str:
    """A figure's normalized reading without its qualifier, for "shared number 10,000 troops"."""
    return figure.label.removeprefix(f"{figure.qualifier} ") if figure.qualifier != "exact" else figure.label
