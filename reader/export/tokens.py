"""One tokenization for every token-based format (spaCy's English one where spaCy is installed), and spans placed on
it."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from reader.export.overlap import resolve
from reader.export.records import Bundle, Job
from reader.export.writer import ExportReport, span_text
from reader.segment import token_spans
from reader.store.rows import ClaimRow


@dataclass(frozen=True, slots=True)
class Tokens:
    """An article's tokens as spaCy keeps them: words and whitespace tokens covering the text, each with a
    trailing-space flag.

    `words` plus `ws` rebuild the text exactly (spaCy's `Doc(words=..., spaces=...)`, Prodigy's `ws`): a single
    space after a token is its flag, any other gap (a newline, a second space) is a whitespace token of its own.
    """

    text: str
    spans: list[tuple[int, int]]
    ws: list[bool]

    @classmethod
    def of(cls, text: str, meta: dict[str, Any]) -> Tokens:
        """Use the token table that came with the article (Prodigy's), else spaCy's English tokenizer, else ours."""
        given = meta.get("tokens")
        if given:
            return cls.covering(text, [(int(start), int(end)) for start, end in given])
        return cls.covering(text, word_spans(text))

    @classmethod
    def covering(cls, text: str, pieces: Iterable[tuple[int, int]]) -> Tokens:
        """Fill the gaps between tokens the way spaCy does: one space becomes the flag, the rest a whitespace token."""
        spans: list[tuple[int, int]] = []
        ws: list[bool] = []
        position = 0
        for start, end in [*pieces, (len(text), len(text))]:
            if start < position:
                continue
            gap = position
            if gap < start and text[gap] == " " and spans and not ws[-1]:
                ws[-1], gap = True, gap + 1
            if gap < start:
                spans.append((gap, start))
                ws.append(False)
            if start < end:
                spans.append((start, end))
                ws.append(False)
                position = end
        return cls(text, spans, ws)

    def word(self, i: int) -> str:
        """The text of token `i`."""
        start, end = self.spans[i]
        return self.text[start:end]

    def words(self) -> list[str]:
        """Every token's text, whitespace tokens included (spaCy's `words`)."""
        return [self.text[start:end] for start, end in self.spans]

    def content(self) -> list[int]:
        """Numbers of the tokens that are not whitespace (Prodigy and spaCy keep whitespace tokens; CoNLL cannot)."""
        return [i for i, (start, end) in enumerate(self.spans) if not self.text[start:end].isspace()]


def word_spans(text: str) -> list[tuple[int, int]]:
    """Token offsets from spaCy's English tokenizer when spaCy is installed, else from the reader's own regex."""
    tokenizer = _spacy_tokenizer()
    if tokenizer is None:
        return token_spans(text)
    return [(token.idx, token.idx + len(token)) for token in tokenizer(text)]


@cache
def _spacy_tokenizer() -> Any:
    """spaCy's rule-based English tokenizer (no model needed), loaded once; None without spaCy."""
    try:
        import spacy
    except ImportError:
        return None
    return spacy.blank("en").tokenizer


class Aligner:
    """Turns character spans into inclusive ranges of content tokens, so no span begins or ends on a whitespace
    token."""

    def __init__(self, tokens: Tokens) -> None:
        self.text = tokens.text
        content = [(i, tokens.spans[i]) for i in tokens.content()]
        self.starts = {start: i for i, (start, _) in content}
        self.ends = {end: i for i, (_, end) in content}

    def align(self, start: int, end: int) -> tuple[int, int] | None:
        """Return (token_start, token_end) inclusive of the span's words (its edge whitespace left out, where CoNLL and
        hf drop it and IOB2 would lose the `B-`), or None when a word edge falls inside a token or there is no word."""
        piece = self.text[start:end]
        start, end = start + len(piece) - len(piece.lstrip()), end - len(piece) + len(piece.rstrip())
        first, last = self.starts.get(start), self.ends.get(end)
        if first is None or last is None or first > last:
            return None
        return first, last


def aligned(
    bundle: Bundle, claims: Iterable[ClaimRow], aligner: Aligner, report: ExportReport
) -> Iterator[tuple[ClaimRow, str, int, int]]:
    """Each claim on token boundaries, with its text and inclusive token range; the others are reported, not moved."""
    for claim in claims:
        start, end = claim.start, claim.end
        text = span_text(bundle.text, start, end, claim.id)
        found = aligner.align(start, end)
        if found is None:
            report.misaligned.append(f"{bundle.id}:{start}-{end} {text!r}")
        else:
            yield claim, text, found[0], found[1]


@dataclass(frozen=True, slots=True)
class TokenDoc:
    """An article tokenized, its claims placed on the tokens, and the non-overlapping ones the policy keeps."""

    tokens: Tokens
    placed: list[tuple[ClaimRow, int, int]]
    """Every claim on token boundaries: (claim, first token, last token + 1)."""
    kept: list[tuple[int, int, str]]
    """(first token, last token + 1, label) of the claims the overlap policy keeps, in text order."""

    def tags(self) -> list[str]:
        """The IOB2 tag of every token (whitespace tokens included) from the kept claims."""
        return iob_tags(len(self.tokens.spans), self.kept)


def token_docs(job: Job, report: ExportReport) -> Iterator[tuple[Bundle, TokenDoc]]:
    """Every annotated article as a TokenDoc, misaligned claims and dropped overlaps counted in the report."""
    for bundle in job.bundles(annotated_only=True):
        tokens = Tokens.of(bundle.text, bundle.meta)
        placed = [
            (claim, first, last + 1)
            for claim, _, first, last in aligned(bundle, bundle.claims, Aligner(tokens), report)
        ]
        kept, dropped = resolve(
            [(claim.start, claim.end, claim.label) for claim, _, _ in placed], job.overlap, bundle.id
        )
        report.overlaps_dropped += dropped
        where = {(claim.start, claim.end): (first, stop) for claim, first, stop in placed}
        yield bundle, TokenDoc(tokens, placed, [(*where[start, end], label) for start, end, label in kept])


def iob_tags(count: int, ranges: Sequence[tuple[int, int, str]]) -> list[str]:
    """IOB2 tags for `count` tokens from non-overlapping token ranges (first, last + 1, label)."""
    tags = ["O"] * count
    for first, stop, label in ranges:
        tags[first] = f"B-{label}"
        for i in range(first + 1, stop):
            tags[i] = f"I-{label}"
    return tags


def tag_names(labels: Sequence[str]) -> list[str]:
    """Every IOB2 tag of a schema in a fixed order: O, then B- and I- per label in schema order."""
    return ["O", *(f"{prefix}-{label}" for label in labels for prefix in ("B", "I"))]
