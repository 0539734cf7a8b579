"""A keyboard list of fixed-height rows on the Line API, shared by the library table and the claim sidebar, so
thousands of rows cost only what is on screen."""

from __future__ import annotations

from collections.abc import Hashable
from typing import TYPE_CHECKING

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style as RichStyle
from textual import events
from textual.cache import LRUCache
from textual.color import Color
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.scrollbar import ScrollBar
from textual.strip import Strip

from reader.text import visible
from reader.tui.keys.registry import LIST_KEYS

if TYPE_CHECKING:
    from reader.schema import Schema

Line = list[tuple[str, RichStyle | None]]


def fit(text: str, width: int) -> str:
    """Untrusted text made visible and cut (with an ellipsis) or padded to exactly `width` cells."""
    text = visible(text.replace("\n", " "))
    if width <= 0:
        return ""
    if cell_len(text) > width:
        return set_cell_size(text, width - 1) + "…"
    return set_cell_size(text, width)


def label_chips(schema: Schema) -> dict[str, RichStyle]:
    """Each label's chip style (its colour, text in the contrasting colour), so every list shows a label alike."""
    chips = {}
    for label in schema.labels:
        fill = Color.parse(label.color)
        chips[label.name] = RichStyle(bgcolor=fill.rich_color, color=fill.get_contrast_text(1.0).rich_color, bold=True)
    return chips


class RowList(ScrollView, can_focus=True):
    """Rows drawn by `row_lines`, one highlighted; posts Highlighted on moves and Selected on Enter or click."""

    ROW_HEIGHT = 1
    EMPTY: tuple[str, ...] = ()
    """Lines shown, dimmed, while there are no rows: what the list is for and how to fill it."""
    COMPONENT_CLASSES = {"row-list--cursor", "row-list--dim"}
    DEFAULT_CSS = """
    RowList { background: $surface; overflow-x: hidden; }
    RowList > .row-list--cursor { background: $panel-lighten-1; text-style: bold; }
    RowList:focus > .row-list--cursor { background: $primary 60%; color: $text; }
    RowList > .row-list--dim { color: $text-muted; }
    """
    BINDINGS = LIST_KEYS

    class RowMessage(Message):
        """Something happened to one row; screens learn which list and which row."""

        def __init__(self, row_list: RowList, index: int) -> None:
            super().__init__()
            self.row_list = row_list
            self.index = index

        @property
        def control(self) -> RowList:
            return self.row_list

    class Highlighted(RowMessage):
        """The highlighted row changed."""

    class Selected(RowMessage):
        """A row was chosen (Enter or click)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.count = 0
        self.index: int | None = None
        self._version = 0
        self._strips: LRUCache[tuple[object, ...], Strip] = LRUCache(512)
        self._style_cache: dict[str, RichStyle] = {}
        self.held = False
        """While True (the screen waits for an answer to a question), the list's keys do nothing."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keys move and choose unless the list is held."""
        return not self.held

    def row_lines(self, index: int, width: int) -> list[Line]:
        """The ROW_HEIGHT lines of row `index`, as (text, style) runs; subclasses draw their rows here."""
        raise NotImplementedError

    def row_key(self, index: int) -> Hashable:
        """What row `index` shows, for the strip cache: rows that merely moved are not drawn again."""
        return index

    def set_count(self, count: int, index: int | None = None, first_changed: int = 0) -> None:
        """Show `count` rows (the data changed from row `first_changed` on) with `index` highlighted."""
        old_count, self.count = self.count, count
        old_index = self.index
        self.index = None if count == 0 or index is None else min(max(index, 0), count - 1)
        if self.index != old_index:
            for row in (old_index, self.index):
                if row is not None and row < first_changed:
                    self.refresh_row(row)
        self._set_virtual_size(Size(self.scrollable_content_region.width, count * self.ROW_HEIGHT))
        if not self._anchor_rows(first_changed, count - old_count):
            top = max(first_changed, int(self.scroll_y) // self.ROW_HEIGHT)
            lines = max(self._drawn_lines(count), self._drawn_lines(old_count))
            self.refresh_lines(top * self.ROW_HEIGHT, lines - top * self.ROW_HEIGHT)
        self._scroll_to_index()

    def refresh_row(self, index: int) -> None:
        """Repaint one row's lines, leaving the rest of the list as drawn."""
        self.refresh_lines(index * self.ROW_HEIGHT, self.ROW_HEIGHT)

    def _drawn_lines(self, count: int) -> int:
        """How many lines `count` rows cover on screen: with none, the EMPTY hint's (which the first row must erase)."""
        return count * self.ROW_HEIGHT if count else len(self.EMPTY)

    def _anchor_rows(self, first_changed: int, delta: int) -> bool:
        """After one row was inserted or removed, scroll along with it when fewer rows move that way.

        Rows below the change then keep their place on screen and only those above it are repainted (an insert above
        the view repaints nothing); the scroll is set silently, since ScrollView repaints everything on a scroll."""
        height = self.ROW_HEIGHT
        view_rows = self.scrollable_content_region.height // height
        top = int(self.scroll_y) // height
        new_top = top + delta
        last_top = max(self.count - view_rows, 0)
        if abs(delta) != 1 or not self.is_mounted or first_changed >= top + view_rows or not 0 <= new_top <= last_top:
            return False
        end = first_changed + (1 if delta > 0 else 0)
        if end - new_top >= top + view_rows - first_changed:
            return False
        offset = float(new_top * height)
        self.set_reactive(ScrollView.scroll_y, offset)
        self.set_reactive(ScrollView.scroll_target_y, offset)
        if self._vertical_scrollbar is not None:
            self._vertical_scrollbar.set_reactive(ScrollBar.position, offset)
        if end > new_top:
            self.refresh_lines(new_top * height, (end - new_top) * height)
        return True

    def _set_virtual_size(self, size: Size) -> None:
        """Resize the scroll area; when the scrollbars stay as they are, skip the screen-wide layout
        that assigning `virtual_size` triggers (a tag cost a full relayout), repainting only the bar, and only when
        its thumb grows or shrinks by a cell (a repaint of the bar spans the list's height: a long list's thumb may
        lag by a cell until the next scroll repaints it)."""
        height = self.scrollable_content_region.height
        old = self.virtual_size
        bars_stay = self.styles.overflow_y != "auto" or (old.height > height) == (size.height > height)
        if self.is_mounted and old.width == size.width and bars_stay:
            self.set_reactive(ScrollView.virtual_size, size)
            bar = self._vertical_scrollbar
            if bar is not None:
                bar.set_reactive(ScrollBar.window_virtual_size, size.height)
                if self.show_vertical_scrollbar and _thumb(height, old.height) != _thumb(height, size.height):
                    bar.refresh()
        else:
            self.virtual_size = size

    def redraw(self) -> None:
        """Forget drawn rows, after the rows' data or styles changed."""
        self._version += 1
        self.refresh()

    def highlight(self, index: int | None, *, announce: bool = False) -> None:
        """Highlight a row and scroll to it; post Highlighted only when asked (user moves)."""
        if index is not None:
            index = min(max(index, 0), self.count - 1) if self.count else None
        if index == self.index:
            return
        for row in (self.index, index):
            if row is not None:
                self.refresh_row(row)
        self.index = index
        self._scroll_to_index()
        if announce and index is not None:
            self.post_message(self.Highlighted(self, index))

    def _scroll_to_index(self) -> None:
        """Keep the highlighted row on screen; when it leaves, turn the page so it lands one row from the edge it
        came in at (every scroll repaints the whole list, so following a moving cursor must scroll rarely)."""
        if self.index is None:
            return
        height = self.ROW_HEIGHT
        view_rows = max(self.scrollable_content_region.height // height, 1)
        top = int(self.scroll_y) // height
        margin = 1 if view_rows > 3 else 0
        if self.index < top:
            self.scroll_to(y=max(self.index - view_rows + 1 + margin, 0) * height, animate=False, immediate=True)
        elif self.index >= top + view_rows:
            self.scroll_to(y=max(self.index - margin, 0) * height, animate=False, immediate=True)

    def action_move(self, step: int) -> None:
        """Highlight the next or previous row."""
        self.highlight((self.index or 0) + step if self.index is not None else 0, announce=True)

    def action_page(self, step: int) -> None:
        """Highlight a page further or back."""
        rows = max(self.scrollable_content_region.height // self.ROW_HEIGHT - 1, 1)
        self.highlight((self.index or 0) + step * rows, announce=True)

    def action_jump(self, index: int) -> None:
        """Highlight the first or (-1) the last row."""
        self.highlight(index if index >= 0 else self.count - 1, announce=True)

    def action_select(self) -> None:
        """Choose the highlighted row."""
        if self.index is not None:
            self.post_message(self.Selected(self, self.index))

    async def _on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        index = (int(self.scroll_y) + offset.y) // self.ROW_HEIGHT
        if index < self.count:
            self.highlight(index, announce=True)
            self.post_message(self.Selected(self, index))

    def on_resize(self, event: events.Resize) -> None:
        self._set_virtual_size(Size(self.scrollable_content_region.width, self.count * self.ROW_HEIGHT))
        self._scroll_to_index()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._style_cache.clear()
        self.redraw()

    @property
    def base_style(self) -> RichStyle:
        """The widget's rich style, cached until the theme or CSS changes."""
        return self.component_style("")

    def component_style(self, name: str) -> RichStyle:
        """A component class's rich style ("" for the widget's own), cached until the theme or CSS changes."""
        style = self._style_cache.get(name)
        if style is None:
            style = self.get_component_rich_style(name) if name else self.rich_style
            self._style_cache[name] = style
        return style

    def render_line(self, y: int) -> Strip:
        line = int(self.scroll_y) + y
        width = self.scrollable_content_region.width
        index, part = divmod(line, self.ROW_HEIGHT)
        base = self.base_style
        if index >= self.count:
            if self.count or line >= len(self.EMPTY):
                return Strip.blank(width, base)
            dim = base + self.component_style("row-list--dim")
            return Strip([Segment(fit(" " + self.EMPTY[line], width), dim)])
        highlighted = index == self.index
        row = (self.row_key(index), width, self._version, highlighted, self.has_focus)
        strip = self._strips.get((part, *row))
        if strip is None:
            # A row's lines are made together (they share their wrapping), so each is kept for when it is drawn.
            under = base + self.component_style("row-list--cursor") if highlighted else base
            for n, runs in enumerate(self.row_lines(index, width)):
                segments = [Segment(text, under + style if style else under) for text, style in runs]
                self._strips[(n, *row)] = Strip(segments).crop_extend(0, width, under)
            strip = self._strips[(part, *row)]
        return strip


def _thumb(window: int, virtual: int) -> int:
    """About how many cells a scrollbar's thumb covers: none when everything fits the window."""
    return window * window // virtual if virtual > window else 0
