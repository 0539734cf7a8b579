"""What `claim-reader merge` shows: one line per merged database."""

from __future__ import annotations

from reader.console.terminal import say
from reader.models import MergeSummary


def print_merge_summary(summary: MergeSummary) -> None:
    """Say in one line what merging one database did."""
    say(
        f"merged {summary.source}: {summary.articles} articles added; claims {summary.claims_added} added,"
        f" {summary.claims_updated} updated, {summary.claims_deleted} deleted; {summary.events} events added;"
        f" {summary.done_changed} done flags changed"
    )
