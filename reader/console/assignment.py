"""What `claim-reader assign` shows: what it changed, and the stored plan with each annotator's progress on it."""

from __future__ import annotations

from collections.abc import Sequence

from rich.table import Table

from reader.console.terminal import cell, out, say
from reader.models import AssignmentChange, AssignmentLoad


def print_assigned(articles: int, annotators: int, overlap: int, added: int, removed: int) -> None:
    """Say in one line what `assign` changed."""
    say(
        f"assigned {articles} articles to {annotators} annotators, {overlap} per article:"
        f" {added} assignments added, {removed} removed"
    )


def print_plan(
    rows: list[tuple[str, str, str, bool]], loads: list[AssignmentLoad], changes: Sequence[AssignmentChange] = ()
) -> None:
    """Print the assignment plan (one line per article, done marked), each annotator's progress on it, and who
    changed the plan last."""
    if not rows:
        say("no assignments yet: run claim-reader assign --annotators a,b,c")
        return
    plan_table = Table(title="assignments", show_header=True)
    for name in ("article", "title", "annotators (done ✓)"):
        plan_table.add_column(name)
    by_article: dict[str, tuple[str, list[str]]] = {}
    for article_id, title, annotator, done in rows:
        by_article.setdefault(article_id, (title, []))[1].append(annotator + (" ✓" if done else ""))
    for article_id, (title, names) in by_article.items():
        plan_table.add_row(cell(article_id), cell(title), cell(", ".join(names)))
    out.print(plan_table)
    load_table = Table(title="progress", show_header=True)
    for name in ("annotator", "assigned", "done", "left"):
        load_table.add_column(name, justify="right" if name != "annotator" else "left")
    for load in loads:
        load_table.add_row(cell(load.annotator), str(load.assigned), str(load.done), str(load.assigned - load.done))
    out.print(load_table)
    if changes:
        last = changes[-1]
        say(
            f"plan last changed {last.ts} by {last.os_user} ({', '.join(last.annotators)}, {last.overlap} per article"
            f"{f', articles matching {last.query}' if last.query else ''}): {last.added} added, {last.removed} removed;"
            f" {len(changes)} change(s) logged"
        )
