"""Overlap policies for formats that cannot hold overlapping spans (IOB tags, spaCy ents)."""

from __future__ import annotations

from collections.abc import Sequence

from reader.export.writer import ExportError

Span = tuple[int, int, str]


def resolve(spans: Sequence[Span], policy: str, where: str) -> tuple[list[Span], int]:
    """Keep a non-overlapping subset of (start, end, label) character spans; return it in text order, and the dropped
    count.

    Identical spans (two annotators agreeing) count once. `longest` keeps longer spans first (ties: earlier,
    then label); `first` keeps spans in text order; `error` refuses any overlap.
    """
    unique = sorted(set(spans))
    order = sorted(unique, key=lambda s: (s[0] - s[1], s[0], s[2])) if policy == "longest" else unique
    kept: list[Span] = []
    taken: list[tuple[int, int]] = []
    for span in order:
        if any(span[0] < end and start < span[1] for start, end in taken):
            if policy == "error":
                raise ExportError(
                    f"{where}:{span[0]}-{span[1]} {span[2]} overlaps another span; choose --overlap longest or first"
                )
            continue
        kept.append(span)
        taken.append((span[0], span[1]))
    kept.sort()
    return kept, len(unique) - len(kept)
