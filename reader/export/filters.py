"""What an export keeps: the filters of `claim-reader export`, as one value the store turns into SQL."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SpanFilter:
    """Which articles, annotators and claims go out; empty means no restriction."""

    annotators: tuple[str, ...] = ()
    labels: tuple[str, ...] = ()
    min_confidence: int | None = None
    done_only: bool = False
    gold: bool = False
    articles: tuple[str, ...] = ()
