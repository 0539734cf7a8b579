"""What `claim-reader suggest` shows: the pending suggestions as a table, then where they came from; with --evaluate,
the cross-validation table and the learning curve as text bars."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.table import Table
from rich.text import Text

from reader.console.terminal import cell, out
from reader.learn.evaluate import SYSTEMS, Counts, Evaluation

PREVIEW = 90


def print_suggestions(records: Sequence[dict[str, Any]], notes: Sequence[str] = ()) -> None:
    """Print suggestions as a table, then notes on their source (the model's state, the schema's cue rules); every
    cell is inert text, so article text is never read as markup or controls."""
    table = Table(title=f"{len(records)} suggestions", show_header=True)
    for name in ("article", "span", "label", "score"):
        table.add_column(name, no_wrap=True)
    table.add_column("cue", overflow="fold")
    table.add_column("text", overflow="fold")
    for r in records:
        preview = r["text"] if len(r["text"]) <= PREVIEW else r["text"][:PREVIEW] + "…"
        score = "" if r["score"] is None else f"{r['score']:.2f}"
        table.add_row(
            cell(r["article_id"]),
            cell(f"{r['start']}-{r['end']}"),
            cell(r["label"]),
            cell(score),
            cell(r["cue"]),
            cell(preview),
        )
    out.print(table)
    for note in notes:
        out.print(cell(note), soft_wrap=True)


BAR_WIDTH = 40


def print_evaluation(result: Evaluation) -> None:
    """Print precision/recall/F1 per label and overall for each system, then the learning curve."""
    table = Table(
        title=f"{result.folds} folds of whole articles: {result.articles} done, {result.sentences:,} sentences;"
        " precision/recall/F1 (shown: precision/recall)"
    )
    table.add_column("label", overflow="fold")
    table.add_column("claims", justify="right", no_wrap=True)
    for system in SYSTEMS[:-1]:
        table.add_column(system, justify="right", no_wrap=True)
    table.add_column("shown", justify="right", no_wrap=True)
    for label in result.labels:
        counts = [result.counts[system][label] for system in SYSTEMS]
        table.add_row(
            cell(label), str(counts[0].tp + counts[0].fn), *(_cell(c) for c in counts[:-1]), _shown(counts[-1])
        )
    overall = [result.overall(system) for system in SYSTEMS]
    table.add_row(
        Text("overall", style="bold"),
        str(overall[0].tp + overall[0].fn),
        *(_cell(c) for c in overall[:-1]),
        _shown(overall[-1]),
        end_section=True,
    )
    out.print(table)
    out.print("combined: every suggestion (suggest --all); shown: those precise enough to show by default")
    if result.curve:
        out.print(curve_text(result.curve))


def _cell(counts: Counts) -> str:
    """One system's precision, recall and F1 for one row, without leading zeros (.69/.75/.72) to fit 80 columns."""
    return "/".join(_rate(value) for value in (counts.precision, counts.recall, counts.f1))


def _rate(value: float) -> str:
    """A rate in two decimals without its leading zero."""
    return f"{value:.2f}".removeprefix("0")


def _shown(counts: Counts) -> str:
    """The default view's precision and recall (its F1 says little: it trades recall for precision on purpose)."""
    return f"{_rate(counts.precision)}/{_rate(counts.recall)}"


def curve_text(curve: list[tuple[int, float]]) -> Text:
    """The learning curve: the combined suggester's F1 on held-out articles after N labelled sentences, one bar each."""
    text = Text("learning curve: combined F1 on held-out articles after N labelled sentences\n")
    for size, f1 in curve:
        filled = round(f1 * BAR_WIDTH)
        text.append(f"{size:>7} ")
        text.append("█" * filled + "·" * (BAR_WIDTH - filled), style="green")
        text.append(f" {f1:.2f}\n")
    return text
