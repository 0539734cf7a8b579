"""Word-wrapping into visual rows and flattening of overlapping claims, kept free of Textual so both are fast and
testable."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache

from rich.cells import cell_len, get_character_cell_size

_CHUNK = re.compile(r"(\S+)\s*")


def _cells(text: str) -> int:
    """Terminal cell width of a string (CJK and emoji take two cells)."""
    return len(text) if text.isascii() else cell_len(text)


@dataclass(frozen=True)
class Rows:
    """The visual rows of a wrapped text: parallel start/end offsets; a row with start == end is a paragraph gap."""

    starts: list[int]
    ends: list[int]
    width: int

    def __len__(self) -> int:
        return len(self.starts)

    def row_of(self, offset: int) -> int:
        """The row holding text offset `offset` (the last row starting at or before it)."""
        return max(bisect_right(self.starts, offset) - 1, 0)


def wrap(text: str, width: int) -> Rows:
    """Wrap each paragraph (line) greedily at spaces into rows at most `width` cells wide, with a gap row between
    paragraphs."""
    width = max(width, 4)
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    for line in text.split("\n"):
        base = pos
        pos += len(line) + 1
        if not line.strip():
            continue
        if starts:
            starts.append(base)
            ends.append(base)
        _wrap_line(line, base, width, starts, ends)
    return Rows(starts, ends, width)


@lru_cache(maxsize=8)
def _ascii_rows(width: int) -> re.Pattern[str]:
    """A row of at most `width` characters ending before a space (or the end), else a hard cut of a longer word."""
    return re.compile(rf"(.{{1,{width}}})(?:\s+|$)|(\S{{{width}}})")


def _wrap_line(line: str, base: int, width: int, starts: list[int], ends: list[int]) -> None:
    """Append the rows of one paragraph; words wider than a row are cut by cells."""
    if _cells(line) <= width:
        starts.append(base)
        ends.append(base + len(line))
        return
    if line.isascii():  # one cell per character: let the regex engine find the rows
        for match in _ascii_rows(width).finditer(line):
            start, end = match.span(1) if match.group(1) is not None else match.span(2)
            while end > start and line[end - 1] == " ":
                end -= 1
            if end > start:
                starts.append(base + start)
                ends.append(base + end)
        return
    leading = len(line) - len(line.lstrip())
    row_start, col = (0, leading) if leading < width else (leading, 0)
    last_word_end = 0
    for match in _CHUNK.finditer(line):
        word_start, word_end, chunk_end = match.start(), match.end(1), match.end()
        word_cells = _cells(line[word_start:word_end])
        if col + word_cells > width and word_start > row_start:
            starts.append(base + row_start)
            ends.append(base + last_word_end)
            row_start, col = word_start, 0
        while word_cells > width:
            cut = _cut_at(line, word_start, width)
            starts.append(base + row_start)
            ends.append(base + cut)
            row_start = word_start = cut
            word_cells = _cells(line[word_start:word_end])
        col += _cells(line[word_start:chunk_end])
        last_word_end = word_end
    starts.append(base + row_start)
    ends.append(base + last_word_end)


def _cut_at(line: str, start: int, width: int) -> int:
    """The offset after the last character of `line[start:]` that still fits in `width` cells."""
    used = 0
    for index in range(start, len(line)):
        used += get_character_cell_size(line[index])
        if used > width:
            return max(index, start + 1)
    return len(line)


def offset_at_cell(text: str, start: int, end: int, x: int) -> int:
    """Map a cell column `x` within the row text[start:end] to a text offset, clamped to the row."""
    if text[start:end].isascii():
        return min(start + max(x, 0), end)
    used = 0
    for index in range(start, end):
        used += get_character_cell_size(text[index])
        if used > x:
            return index
    return end


def cell_of_offset(text: str, start: int, offset: int) -> int:
    """The cell column of `offset` within a row starting at `start`."""
    return _cells(text[start:offset])


@dataclass(frozen=True)
class Mark:
    """One claim as the view paints it: its span, label, owner flag and id."""

    start: int
    end: int
    label: str
    mine: bool
    claim_id: str


def _outer_first(mark: Mark) -> tuple[int, int, str]:
    """Order of marks within an interval: longest (outermost) first, so the last one is the innermost."""
    return mark.start - mark.end, mark.start, mark.claim_id


@dataclass
class Layers:
    """Claims flattened into non-overlapping intervals: bounds[i]..bounds[i+1] is covered by layers[i], outermost
    first."""

    bounds: list[int]
    layers: list[tuple[Mark, ...]]

    def cuts(self, start: int, end: int) -> list[int]:
        """Interval boundaries strictly inside (start, end)."""
        return self.bounds[bisect_right(self.bounds, start) : bisect_left(self.bounds, end)]

    def at(self, offset: int) -> tuple[Mark, ...]:
        """The marks covering `offset`, outermost first."""
        i = bisect_right(self.bounds, offset) - 1
        return self.layers[i] if 0 <= i < len(self.layers) else ()

    def _split(self, point: int) -> int:
        """Make `point` an interval boundary (copying the covering set) and return its index."""
        i = bisect_left(self.bounds, point)
        if i < len(self.bounds) and self.bounds[i] == point:
            return i
        self.bounds.insert(i, point)
        self.layers.insert(i, self.layers[i - 1] if i > 0 else ())
        return i

    def add(self, mark: Mark) -> None:
        """Paint one more mark without re-flattening the others (a tag must stay cheap on 2,000 claims)."""
        first, last = self._split(mark.start), self._split(mark.end)
        for i in range(first, last):
            self.layers[i] = tuple(sorted((*self.layers[i], mark), key=_outer_first))

    def remove(self, mark: Mark) -> None:
        """Stop painting one mark (its boundaries may stay: harmless empty cuts)."""
        first = bisect_left(self.bounds, mark.start)
        last = bisect_left(self.bounds, mark.end)
        for i in range(first, last):
            self.layers[i] = tuple(m for m in self.layers[i] if m is not mark)


def flatten(marks: list[Mark]) -> Layers:
    """Sweep the marks once into intervals with the set of marks covering each, longest (outermost) first."""
    points = sorted({m.start for m in marks} | {m.end for m in marks})
    starting: dict[int, list[Mark]] = {}
    ending: dict[int, list[Mark]] = {}
    for mark in marks:
        starting.setdefault(mark.start, []).append(mark)
        ending.setdefault(mark.end, []).append(mark)
    active: list[Mark] = []
    layers: list[tuple[Mark, ...]] = []
    for point in points:
        gone = ending.get(point)
        if gone:
            active = [m for m in active if m.end != point]
        new = starting.get(point)
        if new:
            active = sorted(active + new, key=_outer_first)
        layers.append(tuple(active))
    return Layers(points, layers)
