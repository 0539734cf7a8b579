"""One tokenization for every token-based format (spaCy's English rules, stored per article), claims placed on it under
the misaligned policy, and the windows of whole sentences that sequence models read."""

from __future__ import annotations

import itertools
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import groupby

from reader.export.overlap import resolve
from reader.export.records import Bundle, Job, by_annotator
from reader.export.writer import ExportError, ExportReport, span_text
from reader.segment import unpack_spans
from reader.store.rows import ClaimRow
from reader.tokenizer import word_spans


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
    def of(cls, bundle: Bundle) -> Tokens:
        """The article's own token table (a Prodigy import's), else its stored tokens, else spaCy's English rules
        applied now (a read-only database, whose exports store nothing): the same rules made the stored ones."""
        given = bundle.meta.get("tokens")
        if given:
            return cls.covering(bundle.text, [(int(start), int(end)) for start, end in given])
        if bundle.packed_tokens is not None:
            return cls.covering(bundle.text, unpack_spans(bundle.packed_tokens))
        return cls.covering(bundle.text, word_spans(bundle.text))

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


@dataclass(frozen=True, slots=True)
class Placed:
    """A claim on token boundaries: its first and last + 1 token, and the characters those tokens cover (the claim's
    own offsets unless the misaligned policy widened them)."""

    claim: ClaimRow
    first: int
    stop: int
    start: int
    end: int
    text: str


class Aligner:
    """Places character spans on the non-whitespace tokens: the tokens they touch, widened to whole tokens where an
    edge falls inside one (spaCy's `alignment_mode="expand"`)."""

    def __init__(self, tokens: Tokens) -> None:
        self.tokens = tokens
        self.content = tokens.content()
        self.starts = [tokens.spans[i][0] for i in self.content]
        self.ends = [tokens.spans[i][1] for i in self.content]

    def align(self, start: int, end: int) -> tuple[int, int] | None:
        """(first token, last token + 1) of the non-whitespace tokens the span touches, or None if it touches none."""
        first = bisect_right(self.ends, start)
        last = bisect_left(self.starts, end) - 1
        if first > last:
            return None
        return self.content[first], self.content[last] + 1


def place(
    bundle: Bundle, claims: Iterable[ClaimRow], aligner: Aligner, policy: str, report: ExportReport
) -> list[Placed]:
    """Each claim on token boundaries under the misaligned policy: `expand` widens it to the tokens it touches,
    `skip` leaves it out, `error` refuses the export; every claim moved or left out is counted in the report."""
    placed = []
    spans = aligner.tokens.spans
    for claim in claims:
        start, end = claim.start, claim.end
        text = span_text(bundle.text, start, end, claim.id)
        found = aligner.align(start, end)
        where = f"{bundle.id}:{start}-{end} {claim.label} {text!r}"
        if found is None:
            report.misaligned.append(where)
            continue
        first, stop = found
        new_start, new_end = spans[first][0], spans[stop - 1][1]
        if (new_start, new_end) != (start, end):
            if policy == "error":
                raise ExportError(
                    f"{where} does not fall on token boundaries"
                    f" (the tokens around it: {bundle.text[new_start:new_end]!r}); choose --misaligned expand or skip"
                )
            if policy == "skip":
                report.misaligned.append(where)
                continue
            report.moved.append(where)
        placed.append(Placed(claim, first, stop, new_start, new_end, bundle.text[new_start:new_end]))
    return placed


@dataclass(frozen=True, slots=True)
class TokenDoc:
    """An article tokenized, with every claim the misaligned policy kept placed on its tokens."""

    bundle: Bundle
    tokens: Tokens
    placed: list[Placed]

    def kept(self, placed: Sequence[Placed], policy: str, report: ExportReport) -> list[tuple[int, int, str]]:
        """(first token, last token + 1, label) of the claims the overlap policy keeps of `placed`, in text order."""
        kept, dropped = resolve([(p.start, p.end, p.claim.label) for p in placed], policy, self.bundle.id)
        report.overlaps_dropped += dropped
        where = {(p.start, p.end): (p.first, p.stop) for p in placed}
        return [(*where[start, end], label) for start, end, label in kept]

    def groups(self, pooled: bool) -> Iterator[tuple[str | None, list[Placed]]]:
        """The placed claims per annotator, sorted by name (None: everyone's pooled), so no one's labels are merged
        with another's unless asked; an annotator who only marked the article done has an empty group."""
        if pooled:
            yield None, self.placed
            return
        names = sorted({mark.annotator for mark in self.bundle.progress if mark.done})
        claims = {name: list(rows) for name, rows in groupby(sorted(self.placed, key=_placed_owner), _placed_owner)}
        for name in sorted(claims.keys() | set(names)):
            yield name, claims.get(name, [])


def _placed_owner(placed: Placed) -> str:
    """The annotator of a placed claim, the key claims are grouped by."""
    return by_annotator(placed.claim)


def token_docs(job: Job, report: ExportReport) -> Iterator[TokenDoc]:
    """Every annotated article as a TokenDoc, claims moved or left out by the misaligned policy counted."""
    for bundle in job.bundles(annotated_only=True):
        tokens = Tokens.of(bundle)
        yield TokenDoc(bundle, tokens, place(bundle, bundle.claims, Aligner(tokens), job.misaligned, report))


def windows(
    doc: TokenDoc, kept: Sequence[tuple[int, int, str]], limit: int, report: ExportReport, *, pack: bool
) -> list[list[int]]:
    """The non-whitespace token numbers cut into windows of whole sentences of at most `limit` tokens: sentences a kept
    claim runs across stay together, `pack` fills each window with as many sentences as fit (else one each), and a
    run longer than the limit is cut between claims where it can be (a claim longer than the limit is cut, and the
    report says so)."""
    tokens = doc.tokens
    content = tokens.content()
    if not content:
        return []
    inside = [False] * len(content)
    """Whether cutting before this token would split a kept claim."""
    for first, stop, _ in kept:
        for n in range(bisect_right(content, first), bisect_left(content, stop)):
            inside[n] = True
    sentence_starts = [start for start, _ in unpack_spans(doc.bundle.packed_sentences)]
    sentence = [bisect_right(sentence_starts, tokens.spans[i][0]) for i in content]
    cuts = [n for n in range(1, len(content)) if sentence[n] != sentence[n - 1] and not inside[n]]
    out: list[list[int]] = []
    for begin, end in itertools.pairwise([0, *cuts, len(content)]):
        for low, high in _within(begin, end, inside, limit, report):
            if pack and out and len(out[-1]) + high - low <= limit:
                out[-1].extend(content[low:high])
            else:
                out.append(content[low:high])
    return out


def _within(begin: int, end: int, inside: list[bool], limit: int, report: ExportReport) -> Iterator[tuple[int, int]]:
    """A run of tokens in pieces of at most `limit`, each cut before the latest token that starts no claim's inside;
    where a claim alone is longer than the limit it is cut, and counted."""
    while end - begin > limit:
        cut = begin + limit
        while cut > begin + 1 and inside[cut]:
            cut -= 1
        if inside[cut]:
            cut = begin + limit
            report.claims_cut += 1
        yield begin, cut
        begin = cut
    yield begin, end


def iob_tags(count: int, ranges: Sequence[tuple[int, int, str]]) -> list[str]:
    """IOB2 tags for `count` tokens from non-overlapping token ranges (first, last + 1, label)."""
    tags = ["O"] * count
    for first, stop, label in ranges:
        tags[first] = f"B-{label}"
        for i in range(first + 1, stop):
            tags[i] = f"I-{label}"
    return tags


def window_tags(tags: list[str], window: list[int]) -> list[str]:
    """The tags of a window's tokens, a claim cut at the window's start beginning again with `B-` (valid IOB2)."""
    out = [tags[i] for i in window]
    if out and out[0].startswith("I-"):
        out[0] = "B-" + out[0][2:]
    return out


def tag_names(labels: Sequence[str]) -> list[str]:
    """Every IOB2 tag of a schema in a fixed order: O, then B- and I- per label in schema order."""
    return ["O", *(f"{prefix}-{label}" for label in labels for prefix in ("B", "I"))]
