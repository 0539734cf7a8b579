"""What `claim-reader merge` shows: one line per merged database, and whose events it brought in."""

from __future__ import annotations

from reader.console.terminal import say
from reader.models import MergeSummary


def print_merge_summary(summary: MergeSummary) -> None:
    """Say in one line what merging one database did, then whose events came in (and whose `--only` left out)."""
    say(
        f"merged {summary.source}: {summary.articles} articles added; claims {summary.claims_added} added,"
        f" {summary.claims_updated} updated, {summary.claims_deleted} deleted; {summary.events} events added;"
        f" {summary.done_changed} done flags changed"
    )
    if summary.by_annotator:
        say(f"  events by annotator: {_counts(summary.by_annotator)}")
    if summary.left_out:
        say(f"  left out (not in --only): {_counts(summary.left_out)}")


def _counts(counts: dict[str, int]) -> str:
    """Counts per annotator as `ana 12, ben 3`."""
    return ", ".join(f"{name} {count:,}" for name, count in counts.items())
