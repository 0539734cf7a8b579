"""spaCy's English tokenizer rules applied in pure Python, so token output never depends on whether spaCy is installed.

The rules (`spacy_en.json`: the prefix, suffix, infix and URL patterns and the special cases of spaCy's blank English
tokenizer, exported from spaCy 3.8 and unchanged since 3.7; MIT, see `LICENSE-spacy`) are data; this module follows
`spacy/tokenizer.pyx` step by step: whitespace runs, affixes, special cases, infixes, and the pass that re-joins special
cases affix rules split. Tests compare it with spaCy on the seeds, the peer data and random strings.
"""

from __future__ import annotations

import hashlib
import re
from functools import cache
from importlib import resources
from typing import Any

import orjson

RULES_FILE = "spacy_en.json"
RULES_SHA256 = "7c0bac06d5981a43b98616f7624f06ec2e2392a16149525df22f048cc20c7046"
"""The rules' hash: a change to them changes every token export, so it is a deliberate change with a new name."""
TOKENIZER = "spacy-en-3.8"
"""The name stored beside each article's tokens: which rules made them."""
_RUNS = re.compile(r"\S+|\s+")
_MEMO_LIMIT = 100_000


class Tokenizer:
    """One spaCy tokenizer's rules, applied without spaCy; call it on a text for its tokens' (start, end) offsets."""

    def __init__(self, rules: dict[str, Any]) -> None:
        self.prefix = _compiled(rules["prefix_search"], "search")
        self.suffix = _compiled(rules["suffix_search"], "search")
        self.infix = _compiled(rules["infix_finditer"], "finditer")
        self.token_match = _compiled(rules["token_match"], "match")
        self.url_match = _compiled(rules["url_match"], "match")
        self.specials: dict[str, list[str]] = rules["specials"]
        self._memo: tuple[dict[str, list[str]], dict[str, list[str]]] = ({}, {})
        self.patterns: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        """Special cases that affix rules would split (or that hold a space), by their first piece as split without
        special cases: spaCy's special-case matcher re-joins them after tokenizing."""
        for key in sorted(self.specials):
            if (
                not rules["faster_heuristics"]
                or self._prefix_len(key)
                or self._suffix_len(key)
                or self._infixes(key)
                or " " in key
            ):
                pieces = tuple(self._words(key, special=False)[0])
                if pieces:
                    self.patterns.setdefault(pieces[0], []).append((pieces, key))

    def __call__(self, text: str) -> list[tuple[int, int]]:
        """The (start, end) code-point offsets of every token spaCy makes of `text`, whitespace tokens included."""
        words, spaces = self._rejoin_specials(*self._words(text, special=True))
        offsets = []
        position = 0
        for word, space in zip(words, spaces, strict=True):
            offsets.append((position, position + len(word)))
            position += len(word) + space
        if position != len(text):
            raise AssertionError(f"tokens do not cover the text ({position} of {len(text)})")
        return offsets

    def _prefix_len(self, text: str) -> int:
        found = self.prefix(text) if self.prefix else None
        return found.end() - found.start() if found else 0

    def _suffix_len(self, text: str) -> int:
        found = self.suffix(text) if self.suffix else None
        return found.end() - found.start() if found else 0

    def _infixes(self, text: str) -> list[re.Match[str]]:
        return list(self.infix(text)) if self.infix else []

    def _words(self, text: str, *, special: bool) -> tuple[list[str], list[bool]]:
        """spaCy's `_tokenize_affixes`: split at whitespace runs; a single space after a token becomes its flag, any
        other run of whitespace a token of its own; each run is tokenized as one chunk."""
        words: list[str] = []
        spaces: list[bool] = []
        for run in _RUNS.finditer(text):
            chunk = run.group()
            if chunk[0] == " " and words:
                spaces[-1] = True
                chunk = chunk[1:]
                if not chunk:
                    continue
            self._chunk(chunk, words, special)
            spaces.extend([False] * (len(words) - len(spaces)))
        return words, spaces

    def _chunk(self, chunk: str, out: list[str], special: bool) -> None:
        """Tokenize one run without whitespace (or of whitespace), remembered as spaCy's cache does."""
        memo = self._memo[special]
        found = memo.get(chunk)
        if found is None:
            found = []
            if special and chunk in self.specials:
                found.extend(self.specials[chunk])
            else:
                prefixes: list[str] = []
                suffixes: list[str] = []
                rest = self._split_affixes(chunk, prefixes, suffixes, special)
                self._attach(rest, prefixes, suffixes, found, special)
            if len(memo) < _MEMO_LIMIT:
                memo[chunk] = found
        out.extend(found)

    def _split_affixes(self, string: str, prefixes: list[str], suffixes: list[str], special: bool) -> str:
        """spaCy's `_split_affixes`: peel prefixes and suffixes off until none is left or a special case remains."""
        last_size = 0
        while string and len(string) != last_size:
            if self.token_match and self.token_match(string):
                break
            if special and string in self.specials:
                break
            last_size = len(string)
            pre_len = self._prefix_len(string)
            if pre_len:
                prefix, minus_pre = string[:pre_len], string[pre_len:]
                if minus_pre and special and minus_pre in self.specials:
                    prefixes.append(prefix)
                    string = minus_pre
                    break
            suf_len = self._suffix_len(string[pre_len:])
            if suf_len:
                suffix, minus_suf = string[-suf_len:], string[:-suf_len]
                if minus_suf and special and minus_suf in self.specials:
                    suffixes.append(suffix)
                    string = minus_suf
                    break
            if pre_len and suf_len and pre_len + suf_len <= len(string):
                string = string[pre_len:-suf_len]
                prefixes.append(prefix)
                suffixes.append(suffix)
            elif pre_len:
                string = minus_pre
                prefixes.append(prefix)
            elif suf_len:
                string = minus_suf
                suffixes.append(suffix)
        return string

    def _attach(self, string: str, prefixes: list[str], suffixes: list[str], out: list[str], special: bool) -> None:
        """spaCy's `_attach_tokens`: the prefixes, the middle (a special case, a token or URL match, or split at
        infixes), then the suffixes in reverse."""
        out.extend(prefixes)
        if string:
            if special and string in self.specials:
                out.extend(self.specials[string])
            elif (self.token_match and self.token_match(string)) or (self.url_match and self.url_match(string)):
                out.append(string)
            else:
                start = 0
                for infix in self._infixes(string):
                    if infix.start() == 0:
                        continue
                    if infix.start() != start:
                        out.append(string[start : infix.start()])
                    if infix.start() != infix.end():
                        out.append(string[infix.start() : infix.end()])
                    start = infix.end()
                if string[start:]:
                    out.append(string[start:])
        out.extend(reversed(suffixes))

    def _rejoin_specials(self, words: list[str], spaces: list[bool]) -> tuple[list[str], list[bool]]:
        """spaCy's `_apply_special_cases`: special cases the affix rules split are found again (longest first, ties to
        the earliest) and replaced by their own pieces."""
        matches = [
            (i, i + len(pieces), key)
            for i, word in enumerate(words)
            for pieces, key in self.patterns.get(word, ())
            if tuple(words[i : i + len(pieces)]) == pieces
        ]
        if not matches:
            return words, spaces
        matches.sort(key=lambda m: (m[1] - m[0], -m[0]))
        seen: set[int] = set()
        kept: dict[int, int] = {}
        for start, end, _ in reversed(matches):
            if start not in seen and end - 1 not in seen:
                kept[start] = end
            seen.update(range(start, end))
        out_words: list[str] = []
        out_spaces: list[bool] = []
        i = 0
        while i < len(words):
            stop = kept.get(i)
            if stop is None:
                out_words.append(words[i])
                out_spaces.append(spaces[i])
                i += 1
                continue
            joined = "".join(w + " " * s for w, s in zip(words[i:stop], spaces[i:stop], strict=True))
            rule = self.specials.get(joined[:-1] if spaces[stop - 1] else joined)
            if rule is None:
                out_words.extend(words[i:stop])
                out_spaces.extend(spaces[i:stop])
            else:
                out_words.extend(rule)
                out_spaces.extend([False] * (len(rule) - 1) + [spaces[stop - 1]])
            i = stop
        return out_words, out_spaces


def _compiled(pattern: str | None, method: str) -> Any:
    """The bound search, match or finditer of a rule's regex, or None where spaCy has no such rule."""
    return getattr(re.compile(pattern), method) if pattern else None


@cache
def english() -> Tokenizer:
    """The English tokenizer every token format uses, its rules read once and checked against their pinned hash."""
    data = resources.files(__package__).joinpath(RULES_FILE).read_bytes()
    if hashlib.sha256(data).hexdigest() != RULES_SHA256:
        raise RuntimeError(f"{RULES_FILE}: the tokenizer rules differ from the ones this version was built with")
    return Tokenizer(orjson.loads(data))


def word_spans(text: str) -> list[tuple[int, int]]:
    """The tokens of `text` that are not whitespace: what an article's stored token table holds."""
    return [(start, end) for start, end in english()(text) if not text[start:end].isspace()]
