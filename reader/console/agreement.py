"""What `claim-reader stats` shows: every table of the agreement report defined once, printed with rich or written as
CSV."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from pydantic import BaseModel
from rich.console import Console
from rich.table import Table
from rich.text import Text

from reader.agreement.report_tables import (
    THRESHOLDS,
    AnnotatorStats,
    ArticleStats,
    GoldCoverage,
    LabelStats,
    Overall,
    PairMetrics,
    Report,
    verdict,
)
from reader.console.terminal import cell, out, say
from reader.errors import ReaderError

Cell = str | int | float | bool | list[str] | None
HARDEST = 10
ALPHAS = ("char_alpha", "char_alpha_labeled", "alpha_u", "label_alpha", "confidence_alpha")
VERDICT_STYLE = {"reliable": "green", "tentative": "yellow", "unreliable": "red"}
THRESHOLD_NOTE = (
    f"Krippendorff: alpha >= {THRESHOLDS['reliable']:.3f} reliable, "
    f"{THRESHOLDS['tentative']:.3f}-{THRESHOLDS['reliable']:.3f} tentative, below: unreliable"
)


class Sheet(NamedTuple):
    """One table of the report: a file name for CSV, a title for the terminal, columns and rows."""

    name: str
    title: str
    columns: list[str]
    rows: Sequence[Sequence[Cell]]


def _sheet(name: str, title: str, items: Sequence[BaseModel], columns: list[str]) -> Sheet:
    """Lay out a list of report rows, one column per named field."""
    return Sheet(name, title, columns, [[getattr(item, c) for c in columns] for item in items])


def _matrix(report: Report) -> Sheet:
    """The annotator x annotator matrix of span F1 (IoU >= 0.5, labeled)."""
    f1 = {frozenset((p.a, p.b)): p.f1_iou50_labeled for p in report.pairs}
    rows = [[a, *("" if a == b else f1[frozenset((a, b))] for b in report.annotators)] for a in report.annotators]
    return Sheet("pair_matrix", "span F1 per pair (IoU >= 0.5, labeled)", ["annotator", *report.annotators], rows)


def _overall(overall: Overall) -> Sheet:
    """The overall figures as rows, with Krippendorff's verdict on each alpha."""
    rows: list[list[Cell]] = [
        [name, value, verdict(value) if name in ALPHAS else ""] for name, value in overall.model_dump().items()
    ]
    return Sheet("overall", "overall (pair figures are means over pairs)", ["figure", "value", "verdict"], rows)


def _confusion(report: Report) -> Sheet:
    """The label confusion matrix on matched spans (each pair counted in both directions)."""
    labels = list(report.confusion)
    rows: list[list[Cell]] = [[x, *(report.confusion[x][y] for y in labels)] for x in labels]
    return Sheet("confusion", "label confusion on matched spans (IoU >= 0.5)", ["label", *labels], rows)


def verdict_sheets(report: Report) -> list[Sheet]:
    """The verdict agreement's tables: overall, per pair, and the verdict confusion matrix."""
    found = report.verdicts
    overall: list[list[Cell]] = [
        ["claims with two or more verdicts", found.claims, ""],
        ["verdicts on them", found.verdicts, ""],
        ["verdict_alpha (nominal)", found.alpha, verdict(found.alpha) or ""],
        ["verdict_agreement (pairwise)", found.agreement, ""],
    ]
    names = list(found.confusion)
    return [
        Sheet("verdict_overall", "verdict agreement", ["figure", "value", "verdict"], overall),
        _sheet("verdict_pairs", "verdicts per annotator pair", found.pairs, ["a", "b", "claims", "agreement", "kappa"]),
        Sheet(
            "verdict_confusion",
            "verdict confusion (each pair counted in both directions)",
            ["verdict", *names],
            [[x, *(found.confusion[x][y] for y in names)] for x in names],
        ),
    ]


def sheets(report: Report) -> list[Sheet]:
    """Return every table of the report, in printing order."""
    return [
        _matrix(report),
        _sheet("pairs", "annotator pairs", report.pairs, ["a", "b", "articles", *PairMetrics.model_fields]),
        _overall(report.overall),
        _sheet(
            "by_label",
            "per label (F1 restricted to the label, mean over pairs)",
            report.by_label,
            list(LabelStats.model_fields),
        ),
        _sheet("by_article", "articles, hardest first", report.by_article, list(ArticleStats.model_fields)),
        _sheet(
            "by_annotator",
            "per annotator (gold: IoU >= 0.5, labeled"
            + (
                f"; gold covers {report.gold_coverage.rows_reviewed} of {report.gold_coverage.rows} rows)"
                if report.gold_coverage
                else ")"
            ),
            report.by_annotator,
            list(AnnotatorStats.model_fields),
        ),
        _confusion(report),
        *verdict_sheets(report),
    ]


def _csv_cell(value: Cell) -> str | int | float:
    """Render a cell for CSV: empty for undefined, lists joined."""
    if value is None:
        return ""
    return ", ".join(value) if isinstance(value, list) else value


def write_csv(report: Report, folder: Path) -> list[Path]:
    """Write one CSV file per table into folder (created if needed); return the paths."""
    paths = []
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for sheet in sheets(report):
            path = folder / f"{sheet.name}.csv"
            with path.open("w", newline="", encoding="utf-8") as handle:
                writer = csv.writer(handle)
                writer.writerow(sheet.columns)
                writer.writerows([_csv_cell(v) for v in row] for row in sheet.rows)
            paths.append(path)
    except OSError as exc:
        raise ReaderError(f"{folder}: cannot write the CSV files: {exc.strerror or exc}") from None
    return paths


def _text(value: Cell, column: str) -> Text:
    """Render a cell as inert rich Text (never markup): 3 decimals, n/a for undefined, verdicts coloured."""
    if value is None:
        return Text("n/a", style="dim")
    if isinstance(value, bool):
        return Text("yes" if value else "no")
    if isinstance(value, float):
        return Text(f"{value:.3f}")
    if isinstance(value, list):
        return cell(", ".join(value))
    return cell(value, VERDICT_STYLE.get(str(value), "") if column == "verdict" else "")


def _table(sheet: Sheet, limit: int | None = None, caption: str | None = None) -> Table:
    """Build a rich table of a sheet, numbers right-aligned, at most ``limit`` rows."""
    table = Table(title=sheet.title, caption=THRESHOLD_NOTE if sheet.name == "overall" else caption)
    numeric = [
        any(isinstance(row[k], int | float) and not isinstance(row[k], bool) for row in sheet.rows)
        for k in range(len(sheet.columns))
    ]
    for column, right in zip(sheet.columns, numeric, strict=True):
        table.add_column(cell(column), justify="right" if right else "left")
    for row in sheet.rows[:limit]:
        table.add_row(*(_text(v, c) for v, c in zip(row, sheet.columns, strict=True)))
    return table


def print_report(report: Report, console: Console | None = None) -> None:
    """Print the report as rich tables: pair matrix, pairs, overall with thresholds, labels, hardest articles,
    annotators."""
    console = console or out
    console.print(
        cell(
            f"{report.articles_compared} articles marked done by two or more annotators are compared"
            f" ({', '.join(report.annotators) or 'no annotators'})."
        )
    )
    if report.articles_compared:
        coverage = report.gold_coverage
        if coverage is not None:
            console.print(cell(gold_coverage_line(coverage)))
    for sheet in sheets(report) if report.articles_compared else []:
        if sheet.rows and not sheet.name.startswith("verdict_"):
            console.print(_table(sheet, HARDEST if sheet.name == "by_article" else None))
    console.print(cell(f"{report.verdicts.claims} claims have verdicts from two or more annotators."))
    if report.verdicts.claims:
        for sheet in verdict_sheets(report):
            console.print(_table(sheet, caption=THRESHOLD_NOTE if sheet.name == "verdict_overall" else None))


def print_csv_written(report: Report, paths: Sequence[Path], folder: Path) -> None:
    """Say in one line how many articles were compared and where the CSV files went."""
    say(f"{report.articles_compared} articles compared; wrote {len(paths)} CSV files to {folder}")


def gold_coverage_line(coverage: GoldCoverage) -> str:
    """How much gold there is to compare against, in one line: figures against gold are only as wide as it is."""
    return (
        f"gold covers {coverage.rows_reviewed} of {coverage.rows} review rows"
        f" ({coverage.articles_reviewed} of {coverage.articles} articles fully reviewed); figures against gold count"
        f" the {coverage.articles_with_gold} article{'s' * (coverage.articles_with_gold != 1)} with gold claims"
    )
