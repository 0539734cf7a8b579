"""What `claim-reader suggest` shows: the pending suggestions as a table, then where they came from; with --evaluate,
the cross-validation table and the learning curve as text bars."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from rich.table import Table
from rich.text import Text

from reader.console.terminal import cell, out
from reader.learn.evaluate import RANKED, SYSTEMS, Counts, Evaluation

if TYPE_CHECKING:
    from reader.models import Article

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


def print_evaluation(result: Evaluation, articles: dict[str, Article] | None = None) -> None:
    """Print precision/recall/F1 per label and overall for each system, the ranking measures averaged and per
    article, then the learning curve."""
    if result.split.get("kind") == "fixed":
        what = (
            f"fixed split: trained on {result.split['train']} articles, scored on {result.articles} test articles,"
            f" {result.sentences:,} sentences"
        )
    else:
        what = f"{result.folds} folds of whole articles: {result.articles} done, {result.sentences:,} sentences"
    table = Table(title=f"{what}; precision/recall/F1 (shown: precision/recall)")
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
    print_rankings(result, articles or {})
    if result.curve:
        out.print(curve_text(result.curve))


def print_rankings(result: Evaluation, articles: dict[str, Article]) -> None:
    """The ranking measures of the systems that score sentences, averaged per label, then per held-out article for
    the combined suggester."""
    ranked = {label: [result.ranking(system, label) for system in RANKED] for label in result.labels}
    if not any(any(row) for row in ranked.values()):
        out.print("ranking: no label has a model yet (too few claims), so nothing is ranked")
        return
    table = Table(title="ranking, as CheckThat! measures it: MAP/R-precision/P@5/P@10 over held-out articles")
    table.add_column("label", overflow="fold")
    table.add_column("articles", justify="right", no_wrap=True)
    for system in RANKED:
        table.add_column(system, justify="right", no_wrap=True)
    for label, measured in ranked.items():
        if any(measured):
            count = next(m["articles"] for m in measured if m)
            table.add_row(cell(label), str(count), *(_ranks(m, "map") for m in measured))
    out.print(table)
    per = Table(title="combined, per held-out article: AP/R-precision/P@5/P@10", show_header=True)
    for name in ("article", "label", "claims", "sentences", "AP/R-P/P@5/P@10"):
        per.add_column(name, justify="left" if name in ("article", "label") else "right", overflow="fold")
    for label, rankings in result.rankings["combined"].items():
        for ranking in rankings:
            measures = ranking.measures
            if measures is None:
                continue
            article = articles.get(ranking.article_id)
            name = f"{ranking.article_id[:8]} {article.title}" if article else ranking.article_id
            per.add_row(
                cell(name), cell(label), str(sum(ranking.relevant)), str(len(ranking.scores)), _ranks(measures, "ap")
            )
    out.print(per)


def _ranks(measures: dict[str, Any] | None, first: str) -> str:
    """Average precision (or MAP), R-precision, P@5 and P@10 in two decimals, or a dash where nothing was ranked."""
    if not measures:
        return "-"
    return "/".join(_rate(measures[key]) for key in (first, "r_precision", "p@5", "p@10"))


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
