"""The agreement screen's panels: overall figures with Krippendorff's verdicts, the pair matrix, per-label bars and the
article list.

Bars are drawn with block characters in each label's colour rather than with a plotting library: eight
short bars fit beside the tables at 100x30, follow the theme, and snapshot exactly.
"""

from __future__ import annotations

from collections.abc import Hashable

from rich.style import Style as RichStyle
from textual.content import Content
from textual.geometry import Size
from textual.widget import Widget

from reader.agreement.report import (
    THRESHOLDS,
    ArticleStats,
    LabelStats,
    Report,
    verdict,
)
from reader.schema import Schema
from reader.text import visible
from reader.tui.widgets.row_list import Line, RowList, fit

VERDICT_STYLE = {"reliable": "$success", "tentative": "$warning", "unreliable": "$error"}
OVERALL: list[tuple[str, str, bool]] = [
    ("char_alpha", "char alpha", True),
    ("char_alpha_labeled", "char alpha, labeled", True),
    ("alpha_u", "alpha_U", True),
    ("label_alpha", "label alpha (matched)", True),
    ("confidence_alpha", "confidence alpha", True),
    ("f1_iou50_labeled", "mean F1 IoU>=.5 lab.", False),
    ("char_kappa_labeled", "mean kappa, labeled", False),
    ("label_percent", "label agreement", False),
    ("confidence_mad", "confidence MAD", False),
]
"""(field of Overall, name shown, whether it is an alpha read against Krippendorff's thresholds)."""
MATRIX_FIGURES: list[tuple[str, str]] = [
    ("f1_iou50_labeled", "span F1, IoU>=.5, labeled"),
    ("f1_exact_labeled", "span F1, exact, labeled"),
    ("f1_iou50", "span F1, IoU>=.5"),
    ("char_kappa_labeled", "char kappa, labeled"),
]
"""The pair figures the matrix can show, cycled with a key."""
BLOCKS = " ▏▎▍▌▋▊▉█"
NAME_WIDTH = 7
CELL = 6


def number(value: float | None, digits: int = 3) -> str:
    """A figure as the screen shows it: fixed decimals, "n/a" when undefined."""
    return "n/a" if value is None else f"{value:.{digits}f}"


def overall_content(report: Report) -> Content:
    """The overall figures, each alpha with its verdict, then the thresholds."""
    parts: list[str | tuple[str, str]] = []
    values = report.overall.model_dump()
    for name, shown, is_alpha in OVERALL:
        value = values[name]
        parts += [f"{shown:<21}", (f"{number(value):>7}", "bold")]
        judged = verdict(value) if is_alpha else None
        parts += ["  ", (judged, VERDICT_STYLE[judged])] if judged else []
        parts.append("\n")
    found = report.verdicts
    judged = verdict(found.alpha)
    parts += [f"{'verdict alpha':<21}", (f"{number(found.alpha):>7}", "bold")]
    parts += ["  ", (judged, VERDICT_STYLE[judged])] if judged else []
    parts += ["\n", f"{'claims, 2+ verdicts':<21}", (f"{found.claims:>7}", "bold"), "\n"]
    parts.append((f">= {THRESHOLDS['reliable']:.3f} reliable, {THRESHOLDS['tentative']:.3f}+ tentative", "$text-muted"))
    return Content.assemble(*parts)


def matrix_content(report: Report, figure: str) -> Content:
    """The annotator x annotator matrix of one pair figure; names cut to fit, figures coloured from red to green."""
    names = report.annotators
    if len(names) < 2:
        return Content.styled("no annotator pairs yet", "$text-muted")
    value = {frozenset((p.a, p.b)): getattr(p, figure) for p in report.pairs}
    parts: list[str | tuple[str, str]] = [" " * (NAME_WIDTH + 1)]
    parts += [(f"{fit(name, CELL - 1).strip():>{CELL}}", "bold") for name in names]
    for a in names:
        parts += ["\n", (fit(a, NAME_WIDTH) + " ", "bold")]
        for b in names:
            if a == b:
                parts.append((f"{'-':>{CELL}}", "$text-muted"))
                continue
            figure_value = value.get(frozenset((a, b)))
            parts.append((f"{number(figure_value, 2):>{CELL}}", _heat(figure_value)))
    return Content.assemble(*parts)


def _heat(value: float | None) -> str:
    """A colour for a figure between 0 and 1: red low, yellow middle, green high (muted when undefined)."""
    if value is None:
        return "$text-muted"
    return "$success" if value >= THRESHOLDS["reliable"] else "$warning" if value >= 0.5 else "$error"


class LabelBars(Widget):
    """One bar per label: span F1 (IoU >= 0.5, restricted to the label, mean over pairs), with alpha_U and the span
    count."""

    DEFAULT_CSS = """
    LabelBars { height: auto; text-wrap: nowrap; text-overflow: ellipsis; }
    """
    MIN_BAR = 6
    """Narrower than this, the bar goes (the figures stay), so every label keeps one line on a narrow terminal."""

    def __init__(self, schema: Schema, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.label_colors = {label.name: label.color for label in schema.labels}
        self.rows: list[LabelStats] = []

    def show(self, rows: list[LabelStats]) -> None:
        """Draw these labels' rows."""
        self.rows = rows
        self.refresh(layout=True)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.rows) + 1

    def render(self) -> Content:
        if not self.rows:
            return Content.styled("no labels used yet", "$text-muted")
        width = self.content_region.width
        name_width = min(max(len(row.label) for row in self.rows), 12)
        bar_width = width - name_width - 22
        alpha = bar_width >= self.MIN_BAR or width - name_width >= 20
        bar_width = bar_width if bar_width >= self.MIN_BAR else 0
        heading = f"{'label':<{name_width}} " + (f"{'span F1, IoU>=.5':<{bar_width}} " if bar_width else "")
        heading += f"{'F1':>4}" + (f" {'alpha_U':>8}" if alpha else "") + f" {'spans':>5}"
        lines = [Content.styled(heading, "bold $text-muted")]
        for row in self.rows:
            color = self.label_colors.get(row.label, "$foreground")
            parts: list[str | tuple[str, str]] = [(fit(row.label, name_width), f"bold {color}"), " "]
            if bar_width:
                parts += [(_bar(row.f1_iou50, bar_width), color), " "]
            parts += [
                f"{number(row.f1_iou50, 2):>4}",
                (f" {number(row.alpha_u, 2):>8}" if alpha else "", "$text-muted"),
                (f" {row.spans:>5}", "$text-muted"),
            ]
            lines.append(Content.assemble(*parts))
        return Content("\n").join(lines)


def _bar(value: float | None, width: int) -> str:
    """A horizontal bar of `width` cells filled to `value` (0 to 1) in eighths of a cell."""
    if value is None:
        return " " * width
    eighths = round(max(0.0, min(value, 1.0)) * width * 8)
    full, part = divmod(eighths, 8)
    return ("█" * full + (BLOCKS[part] if part else "")).ljust(width)


class AgreementArticles(RowList):
    """The compared articles, hardest first, with their figures and review progress; the screen maps indices back to
    `rows`."""

    HEADING = f"{'F1 lab':>6} {'α lab':>6} {'spans':>5} {'reviewed':>8}  {'done by':<12} title"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: list[ArticleStats] = []
        self.progress: dict[str, tuple[int, int]] = {}

    def show(self, rows: list[ArticleStats], progress: dict[str, tuple[int, int]], index: int = 0) -> None:
        """List these articles with row `index` highlighted."""
        self.rows = rows
        self.progress = progress
        self.redraw()
        self.set_count(len(rows), index)

    def row_key(self, index: int) -> Hashable:
        row = self.rows[index]
        return row.id, row.f1_iou50_labeled, row.char_alpha_labeled, row.spans, self.progress.get(row.id)

    def row_lines(self, index: int, width: int) -> list[Line]:
        row = self.rows[index]
        done, total = self.progress.get(row.id, (0, 0))
        reviewed = f"{'✓ ' if total and done == total else ''}{done}/{total}"
        head = (
            f"{number(row.f1_iou50_labeled):>6} {number(row.char_alpha_labeled):>6} {row.spans:>5}"
            f" {reviewed:>8}  {fit(', '.join(row.annotators), 12)} "
        )
        style = RichStyle(dim=True) if total and done == total else None
        return [[(head + fit(row.title, max(width - len(head), 0)), style)]]


def header_content(report: Report) -> Content:
    """The screen's first line: how many articles are compared, and whose work."""
    who = ", ".join(report.annotators) or "nobody yet"
    return Content.assemble(
        ("Agreement", "bold"),
        f"  ·  {report.articles_compared} articles marked done by two or more annotators  ·  ",
        visible(who),
    )
