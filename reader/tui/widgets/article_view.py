"""The article text as a Line-API scroll view: wrapped once per width, painted per row from cached strips, so a
50,000-word text stays instant; where the cursor and selection are lives in `reader.tui.text_cursor`."""

from __future__ import annotations

import itertools
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style as RichStyle
from textual import events
from textual.cache import LRUCache
from textual.color import Color
from textual.geometry import Size
from textual.reactive import var
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reader.segment import Segments
from reader.tui.keys.registry import TEXT_KEYS
from reader.tui.layout import Layers, Mark, Rows, flatten, offset_at_cell, wrap
from reader.tui.text_cursor import TextCursor

Span = tuple[int, int]


@dataclass(frozen=True)
class _Paint:
    """What decides the look of one run of text; the key of the style cache."""

    label: str | None = None
    mine: bool = True
    depth: int = 0
    suggested: str | None = None
    current: bool = False
    find: bool = False
    find_current: bool = False
    selected: bool = False
    cursor: bool = False


def _clip(span: Span | None, start: int, end: int) -> Span | None:
    """The part of `span` inside [start, end), or None."""
    if span is None or span[1] <= start or span[0] >= end:
        return None
    return max(span[0], start), min(span[1], end)


class ArticleView(ScrollView, can_focus=True):
    """Shows an article with its claims, a word cursor, a selection and find hits; keys move and select, the screen
    acts."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {
        "article-view--cursor",
        "article-view--selection",
        "article-view--find",
        "article-view--find-current",
    }
    DEFAULT_CSS = """
    ArticleView {
        background: $surface; color: $foreground; padding: 0 1; overflow-x: hidden; scrollbar-gutter: stable;
    }
    ArticleView > .article-view--cursor { background: $foreground; color: $background; }
    ArticleView > .article-view--selection { background: $primary 70%; color: $text; text-style: bold; }
    ArticleView > .article-view--find { background: $warning 45%; }
    ArticleView > .article-view--find-current { background: $warning; color: $background; }
    """
    BINDINGS = TEXT_KEYS

    focused_claim: var[str | None] = var(None, init=False, always_update=True)
    """The claim the cursor entered or was put on (None: no claim); set on every move that changes it."""
    selected: var[Span | None] = var(None, init=False)
    """The selection as it is now (None: nothing selected); set whenever it changes."""
    focused_suggestion: var[Span | None] = var(None, init=False, always_update=True)
    """The suggestion span under the cursor (None: none); set when it changes and when suggestions are repainted.

    Screens watch these rather than receive messages: a watcher runs in the same step as the key, so the sidebar
    and status line repaint in the frame the text does, where a bubbling message costs every keystroke a second
    frame."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.caret = TextCursor()
        self.rows = Rows([], [], 0)
        self.paint = Layers([], [])
        self._by_id: dict[str, Mark] = {}
        self.label_colors: dict[str, Color] = {}
        self.current: str | None = None
        self.suggestions: list[tuple[int, int, str]] = []
        self._suggestion_starts: list[int] = []
        self.suggestion: Span | None = None
        self.hits: list[Span] = []
        self._hit_starts: list[int] = []
        self.hit_index: int | None = None
        self._last_overlay: list[Span | None] = []
        self._center_on_wrap = False
        self._row_versions: dict[int, int] = {}
        self._base: RichStyle | None = None
        self._drag_from: int | None = None
        self._version = 0
        self._strips: LRUCache[tuple[object, ...], Strip] = LRUCache(1024)
        self._styles: dict[_Paint, RichStyle] = {}
        self.held = False
        """While True (the screen waits for an answer to a question), the view's keys do nothing."""
        self.pending: Span | None = None
        """The span a tag waiting for its confidence will claim, painted as a selection until it is answered."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keys move and select unless the view is held."""
        return not self.held

    # -- model ------------------------------------------------------------------------------------

    def load(self, text: str, segments: Segments, marks: list[Mark], colors: dict[str, str], cursor: int = 0) -> None:
        """Show a new text with its claims, the cursor at `cursor` (a remembered reading position)."""
        self.caret.load(text, segments, cursor)
        self.label_colors = {name: Color.parse(colour) for name, colour in colors.items()}
        self.current = None
        self.hits, self._hit_starts, self.hit_index = [], [], None
        self.rows = Rows([], [], 0)
        self.set_marks(marks)
        self._center_on_wrap = True
        self._rewrap()
        self._cursor_changed(center=True)
        self.call_after_refresh(self._prepare)

    @property
    def text(self) -> str:
        """The article's text."""
        return self.caret.text

    @property
    def segments(self) -> Segments:
        """The text's word, sentence and paragraph boundaries."""
        return self.caret.segments

    @property
    def cursor(self) -> int:
        """The cursor's offset: the start of the word it is on."""
        return self.caret.position

    def _prepare(self) -> None:
        """Build the sentence and paragraph arrays after the first frame, so the first tag or `)` is not slow."""
        self.segments.sentence_starts  # noqa: B018 - computed and cached for later
        self.segments.paragraph_starts  # noqa: B018

    def set_marks(self, marks: list[Mark], current: str | None = None) -> None:
        """Replace the painted claims (after a write, undo or the `a` toggle) and keep or set the current claim."""
        self.paint = flatten(marks)
        self._by_id = {mark.claim_id: mark for mark in marks}
        ids = self._by_id
        self.current = current if current in ids else (self.current if self.current in ids else None)
        if self.current is None and self.text:
            self.current = self.claim_under_cursor()
        self._bump()

    @property
    def marks(self) -> list[Mark]:
        """The painted claims."""
        return list(self._by_id.values())

    def add_mark(self, mark: Mark) -> None:
        """Paint one new claim (after a tag, an undo or a redo) and make it current."""
        self._by_id[mark.claim_id] = mark
        self.paint.add(mark)
        self.current = self.focused_claim = mark.claim_id
        self._repaint_span(mark.start, mark.end)

    def remove_mark(self, claim_id: str) -> None:
        """Stop painting a claim (after a delete, an undo or a redo)."""
        mark = self._by_id.pop(claim_id, None)
        if mark is None:
            return
        self.paint.remove(mark)
        if self.current == claim_id:
            self.current = self.claim_under_cursor()  # the cursor may still sit inside another claim
            self.focused_claim = self.current
        self._repaint_span(mark.start, mark.end)

    def set_suggestions(self, marks: list[tuple[int, int, str]], changed: Span | None = None) -> None:
        """Paint suggestion spans (start, end, label; disjoint, in text order); `changed` repaints only that span."""
        self.suggestions = marks
        self._suggestion_starts = [start for start, _, _ in marks]
        self.suggestion = self.suggestion_at(self.cursor)
        if changed is None:
            self._bump()
        else:
            self._repaint_span(*changed)
        self.focused_suggestion = self.suggestion

    def suggestion_at(self, offset: int) -> Span | None:
        """The suggestion span holding `offset`, or None."""
        index = bisect_right(self._suggestion_starts, offset) - 1
        if index < 0 or offset >= self.suggestions[index][1]:
            return None
        return self.suggestions[index][:2]

    def set_hits(self, hits: list[Span], index: int | None) -> None:
        """Mark find hits in the text; `index` is the current one, which is scrolled into view."""
        self.hits = hits
        self._hit_starts = [start for start, _ in hits]
        self.hit_index = index
        self._bump()
        if index is not None:
            self.go_to(hits[index][0])

    @property
    def selection(self) -> Span | None:
        """The selected span, snapped to whole words and trimmed, or None."""
        return self.caret.selection

    def show_pending(self, span: Span | None) -> None:
        """Paint the span a tag waits to claim (None: the wait is over)."""
        self.pending = span
        self._repaint_overlay()

    def clear_selection(self) -> bool:
        """Drop the selection; tell whether there was one."""
        had = self.caret.clear_selection()
        if had:
            self._repaint_overlay()
        return had

    def focus_claim(self, claim_id: str) -> None:
        """Move the cursor to a claim's start and mark it as the current claim (from the sidebar or n/N)."""
        mark = self._by_id.get(claim_id)
        if mark is None:
            return
        self.current = claim_id
        self.caret.focus(mark.start)
        self._cursor_changed(center=True, keep_current=True)

    def go_to(self, offset: int) -> None:
        """Move the cursor to the word at an offset, the selection left as it is, centred (back from a search)."""
        self.caret.jump(offset)
        self._cursor_changed(center=True)

    def focus_offset(self, offset: int) -> None:
        """Move the cursor to the word at an offset with nothing selected, centred (a suggestion chosen by rank)."""
        self.caret.focus(offset)
        self._cursor_changed(center=True)

    def claim_under_cursor(self) -> str | None:
        """The innermost claim covering the cursor, the annotator's own first."""
        layer = self.paint.at(self.cursor)
        if not layer:
            return None
        own = [mark for mark in layer if mark.mine]
        return (own or list(layer))[-1].claim_id

    def sentence_span(self) -> Span | None:
        """The sentence under the cursor, trimmed like a selection."""
        return self.caret.sentence_span()

    # -- movement: the caret moves, the view repaints and reports -------------------------------------

    def _moved(self, moved: bool) -> None:
        """Scroll to the cursor, repaint and report the claim under it, if it moved."""
        if moved:
            self._cursor_changed()

    def action_word(self, step: int, extend: bool = False) -> None:
        """Move to the next or previous word."""
        self._moved(self.caret.word(step, extend))

    def action_sentence(self, step: int) -> None:
        """Move to the next sentence, or to the start of this (else the previous) one."""
        self._moved(self.caret.sentence(step))

    def action_paragraph(self, step: int) -> None:
        """Move to the next paragraph, or to the start of this (else the previous) one."""
        self._moved(self.caret.paragraph(step))

    def action_line(self, step: int, extend: bool = False) -> None:
        """Move to the word at the same column on the next or previous text row."""
        self._moved(self.caret.line(self.rows, step, extend))

    def action_page(self, step: int) -> None:
        """Scroll a page and move the cursor with it."""
        page = max(self.scrollable_content_region.height - 1, 1)
        self.scroll_to(y=self.scroll_y + step * page, animate=False, immediate=True)
        self._moved(self.caret.line(self.rows, step * page))

    def action_edge(self, step: int) -> None:
        """Go to the first or the last word of the article."""
        self._moved(self.caret.edge(step))

    def action_select_sentence(self) -> None:
        """Select the sentence under the cursor."""
        self._moved(self.caret.select_sentence())

    def action_clause(self, step: int) -> None:
        """Move to the next or previous clause edge; a selection's moving end goes there."""
        self._moved(self.caret.clause(step))

    def action_swap_ends(self) -> None:
        """Make the selection's other end the one that moves."""
        self._moved(self.caret.swap_ends())

    def action_toggle_anchor(self) -> None:
        """Start a selection anchored here that movement extends, or drop it."""
        self.caret.toggle_anchor()
        self._repaint_overlay()

    def _overlay(self, selection: Span | None) -> list[Span | None]:
        """The spans painted over the claims: cursor word, selection (or a tag's pending span), current claim, current
        find hit."""
        mark = self._current_mark()
        return [
            self.caret.word_span(self.cursor),
            self.pending or selection,
            (mark.start, mark.end) if mark else None,
            self.hits[self.hit_index] if self.hit_index is not None and self.hits else None,
        ]

    def _repaint_overlay(self) -> None:
        """Refresh only the rows where the cursor, selection, current claim or hit changed.

        A span that grew or shrank repaints just the rows between its old and new ends (extending a long selection
        stays cheap); a span that moved repaints both its old and its new rows."""
        selection = self.selection
        overlay = self._overlay(selection)
        changed: set[tuple[int, int]] = set()
        for old, new in zip(self._last_overlay or [None] * len(overlay), overlay, strict=False):
            if old == new:
                continue
            if old is not None and new is not None and old[0] < new[1] and new[0] < old[1]:
                changed.update(
                    (min(pair), max(pair)) for pair in ((old[0], new[0]), (old[1], new[1])) if pair[0] != pair[1]
                )
            else:
                changed.update(span for span in (old, new) if span is not None)
        rows = self.rows
        if len(rows):
            for start, end in changed:
                first, last = rows.row_of(start), rows.row_of(max(end - 1, start))
                self.refresh_lines(first, last - first + 1)
        self._last_overlay = overlay
        if selection != self.selected:
            self.selected = selection

    def _cursor_changed(self, *, center: bool = False, keep_current: bool = False) -> None:
        """Scroll the cursor into view, repaint, and report the claim now under it."""
        self._scroll_to_cursor(center)
        if not keep_current:
            claim = self.claim_under_cursor()
            if claim != self.current:
                self.current = claim
                self.focused_claim = claim
        else:
            self.focused_claim = self.current
        suggestion = self.suggestion_at(self.cursor) if self.suggestions else None
        if suggestion != self.suggestion:
            self.suggestion = suggestion
            self.focused_suggestion = suggestion
        self._repaint_overlay()

    def _scroll_to_cursor(self, center: bool) -> None:
        """Scroll just enough to show the cursor row (or centre it after a jump)."""
        if not len(self.rows):
            return
        row = self.rows.row_of(self.cursor)
        height = self.scrollable_content_region.height or 1
        top = self.scroll_y
        step = max(height // 4, 1)  # scroll in steps: every scroll repaints the whole view
        if center and not top <= row < top + height:
            self.scroll_to(y=max(row - height // 3, 0), animate=False, immediate=True)
        elif row < top:
            self.scroll_to(y=max(row - step + 1, 0), animate=False, immediate=True)
        elif row >= top + height:
            self.scroll_to(y=row - height + step, animate=False, immediate=True)

    # -- mouse ------------------------------------------------------------------------------------

    def _offset_at(self, x: int, y: int) -> int:
        """The text offset under a content-region cell (clamped to the text)."""
        if not len(self.rows):
            return 0
        row = min(max(int(self.scroll_y) + y, 0), len(self.rows) - 1)
        start, end = self.rows.starts[row], self.rows.ends[row]
        return offset_at_cell(self.caret.shown, start, end, x + int(self.scroll_x))

    async def _on_mouse_down(self, event: events.MouseDown) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        self.focus()
        self._drag_from = self._offset_at(offset.x, offset.y)
        self.capture_mouse()
        self._moved(self.caret.go(self.caret.word_start(self._drag_from)))

    def _on_mouse_move(self, event: events.MouseMove) -> None:
        if self._drag_from is None:
            return
        offset = event.get_content_offset_capture(self)
        self._moved(self.caret.drag(self._drag_from, self._offset_at(offset.x, offset.y)))

    async def _on_mouse_up(self, event: events.MouseUp) -> None:
        self._drag_from = None
        self.release_mouse()

    async def _on_click(self, event: events.Click) -> None:
        if event.chain == 2:
            self.caret.anchor_here()
            self._cursor_changed()
        elif event.chain >= 3:
            self.action_select_sentence()

    # -- layout and painting ----------------------------------------------------------------------

    def _bump(self) -> None:
        """Invalidate every painted row, after the claims, hits or styles changed wholesale."""
        self._version += 1
        self._row_versions.clear()
        self.refresh()

    def _repaint_span(self, start: int, end: int) -> None:
        """Invalidate and refresh only the rows of one claim that was added or removed, plus the overlay."""
        if len(self.rows):
            first, last = self.rows.row_of(start), self.rows.row_of(max(end - 1, start))
            for row in range(first, last + 1):
                self._row_versions[row] = self._row_versions.get(row, 0) + 1
            self.refresh_lines(first, last - first + 1)
        self._repaint_overlay()

    def _rewrap(self) -> None:
        """Wrap the text to the current width and size the scroll area to it."""
        width = self.scrollable_content_region.width
        if width <= 0 or width == self.rows.width:
            return
        self.rows = wrap(self.caret.shown, width)
        self.virtual_size = Size(width, len(self.rows))
        self._bump()
        if self._center_on_wrap:
            self._center_on_wrap = False
            self.call_after_refresh(self._scroll_to_cursor, True)  # once the new virtual size is laid out

    def on_resize(self, event: events.Resize) -> None:
        self._rewrap()
        self._scroll_to_cursor(center=False)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()
        self._base = None
        self._bump()

    @property
    def base_style(self) -> RichStyle:
        """The widget's own rich style, cached until the theme or CSS changes (reading it is not free)."""
        if self._base is None:
            self._base = self.rich_style
        return self._base

    def _style(self, paint: _Paint) -> RichStyle:
        """The rich style of one kind of run, built once per theme."""
        style = self._styles.get(paint)
        if style is not None:
            return style
        base = self.base_style
        style = base
        if paint.label is not None:
            background = Color.from_rich_color(base.bgcolor) if base.bgcolor else Color(0, 0, 0)
            label = self.label_colors.get(paint.label, Color(128, 128, 128))
            fill = label if paint.current else background.blend(label, 0.55 if paint.mine else 0.25)
            style += RichStyle(
                color=fill.get_contrast_text(1.0).rich_color,
                bgcolor=fill.rich_color,
                underline=paint.depth >= 2,
                bold=paint.current or paint.depth >= 3,
                italic=not paint.mine,
            )
        if paint.suggested is not None:
            colour = self.label_colors.get(paint.suggested, Color(128, 128, 128))
            style += (
                RichStyle(underline=True)
                if paint.label
                else RichStyle(color=colour.rich_color, underline=True, dim=True)
            )
        for flag, name in (
            (paint.find, "find"),
            (paint.find_current, "find-current"),
            (paint.selected, "selection"),
            (paint.cursor, "cursor"),
        ):
            if flag:
                style += self.get_component_rich_style(f"article-view--{name}")
        self._styles[paint] = style
        return style

    def _current_mark(self) -> Mark | None:
        """The mark of the current claim, if any."""
        if self.current is None:
            return None
        return self._by_id.get(self.current)

    def render_line(self, y: int) -> Strip:
        row = int(self.scroll_y) + y
        width = self.scrollable_content_region.width
        if row >= len(self.rows):
            return Strip.blank(width, self.base_style)
        start, end = self.rows.starts[row], self.rows.ends[row]
        cursor = _clip(self.caret.word_span(self.cursor), start, end)
        selected = _clip(self.pending or self.selection, start, end)
        mark = self._current_mark()
        current = _clip((mark.start, mark.end) if mark else None, start, end)
        found = _clip(self.hits[self.hit_index], start, end) if self.hit_index is not None and self.hits else None
        key = (row, width, self._version, self._row_versions.get(row, 0), cursor, selected, current, found)
        strip = self._strips.get(key)
        if strip is None:
            strip = self._paint_row(start, end, cursor, selected, current, found).crop_extend(0, width, self.base_style)
            self._strips[key] = strip
        return strip

    def _row_hits(self, start: int, end: int) -> list[Span]:
        """Find hits overlapping [start, end)."""
        first = max(bisect_right(self._hit_starts, start) - 1, 0)
        last = bisect_left(self._hit_starts, end)
        return [hit for hit in self.hits[first:last] if hit[1] > start and hit[0] < end]

    def _row_suggestions(self, start: int, end: int) -> list[tuple[int, int, str]]:
        """Suggestion spans overlapping [start, end)."""
        first = max(bisect_right(self._suggestion_starts, start) - 1, 0)
        last = bisect_left(self._suggestion_starts, end)
        return [mark for mark in self.suggestions[first:last] if mark[1] > start]

    def _paint_row(
        self, start: int, end: int, cursor: Span | None, selected: Span | None, current: Span | None, found: Span | None
    ) -> Strip:
        """Cut one row at every claim, hit, selection and cursor boundary and style each run."""
        if start == end:
            return Strip.blank(0)
        hits = self._row_hits(start, end)
        suggested = self._row_suggestions(start, end)
        cuts = {start, end, *self.paint.cuts(start, end)}
        cuts.update(p for s, e, _ in suggested for p in (s, e) if start < p < end)
        for span in (cursor, selected, current, found, *hits):
            if span is not None:
                cuts.update(p for p in span if start < p < end)
        points = sorted(cuts)
        current_mark = self._current_mark() if current else None
        segments = []
        for a, b in itertools.pairwise(points):
            layer = self.paint.at(a)
            in_current = current is not None and current[0] <= a < current[1]
            inner = current_mark if in_current else (layer[-1] if layer else None)
            paint = _Paint(
                label=inner.label if inner else None,
                mine=inner.mine if inner else True,
                depth=len(layer),
                suggested=next((label for s, e, label in suggested if s <= a < e), None),
                current=in_current,
                find=any(h[0] <= a < h[1] for h in hits),
                find_current=found is not None and found[0] <= a < found[1],
                selected=selected is not None and selected[0] <= a < selected[1],
                cursor=cursor is not None and cursor[0] <= a < cursor[1],
            )
            segments.append(Segment(self.caret.shown[a:b], self._style(paint)))
        return Strip(segments)
