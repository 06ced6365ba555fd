"""One board column as a Line-API ScrollView: draws only the visible lines of fixed-height cards."""

from __future__ import annotations

import textwrap
from datetime import date

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from .board import Board
from .compat import update_scrollbars
from .row import MARKERS, STATUSES, Row
from .labels import labels

CONTENT_LINES = 3
MARK = "●"          # drawn before the number of a marked card (space)
# number/deadline line, content lines, lead agency line, one blank separator line
CARD_HEIGHT = CONTENT_LINES + 3


def fit(text: str, width: int) -> str:
    """Cut `text` to `width` cells, ending with … when cut."""
    if width <= 0:
        return ""
    if cell_len(text) <= width:
        return text
    return set_cell_size(text, width - 1).rstrip() + "…"


def wrap_content(text: str, width: int, lines: int = CONTENT_LINES) -> list[str]:
    """The first `lines` wrapped lines of `text`, the last ending with … when the text goes on."""
    width = max(width, 1)
    # Long tasks run to thousands of characters; only the start can ever be shown.
    head = text[: width * (lines + 1)]
    wrapped = textwrap.wrap(head, width, break_long_words=True, break_on_hyphens=False) or [""]
    if len(wrapped) > lines or len(head) < len(text):
        wrapped = wrapped[:lines]
        last = wrapped[-1]
        wrapped[-1] = fit(last + " …", width) if cell_len(last) + 2 <= width else fit(last + "……", width)
    return wrapped + [""] * (lines - len(wrapped))


def due_label(row: Row, today: date) -> str:
    """The deadline as a date with a marker: '31/12/2013', '! 31/12/2013', '↻ 31/12/2014', '∞'."""
    marker = MARKERS.get(row.kind, "")
    when = row.due.strftime("%d/%m/%Y") if row.due else ""
    if row.urgency(today) == "overdue":
        marker = "!" + marker
    return " ".join(part for part in (marker, when) if part)


class CardColumn(ScrollView, can_focus=False):
    """Cards of one status; the board model owns the rows and the cursor.

    Columns never take keyboard focus: a focus change makes the Footer recompose (~0.5 s
    measured), so the active column is a CSS class and the screen handles the keys.
    """

    COMPONENT_CLASSES = {
        "card--cursor", "card--cursor-blur", "card--number", "card--time", "card--date",
        "card--overdue", "card--soon", "card--special", "card--agency", "card--content",
        "card--plan", "card--mark",
    }

    class Clicked(Message):
        """A card was clicked (chain 2 = double click)."""

        def __init__(self, column: int, index: int, chain: int):
            super().__init__()
            self.column, self.index, self.chain = column, index, chain

    def __init__(self, board: Board, index: int, lang: str, **kwargs):
        super().__init__(**kwargs)
        self.board = board
        self.index = index
        self.lang = lang
        # Card lines as plain (text, style name) parts, not Strips: a Strip owns seven small
        # caches, so 1,024 cached cards per column kept ~300,000 objects alive for the garbage
        # collector to walk; each full collection then took 30-60 ms inside a keystroke's frame.
        # Tuples of strings are untracked by the collector, and styles are applied at paint time.
        self._cache: LRUCache[tuple, tuple[tuple[tuple[tuple[str, str], ...], int], ...]] = LRUCache(1024)
        self._palettes: dict[int, dict[str, Style]] = {}
        self._drawn_cursor = 0
        self._width = 0

    @property
    def status(self):
        return STATUSES[self.index]

    @property
    def rows(self) -> list[Row]:
        return self.board.columns[self.index]

    # -- data changes (called by the app) ---------------------------------------------------
    def rows_changed(self) -> None:
        """The column's rows were replaced (filter, reload, move, sort): resize and redraw."""
        self._set_virtual_height()
        self.update_title()
        self._drawn_cursor = self.board.cursor[self.index]
        self.refresh()
        self.show_cursor()

    def _set_virtual_height(self) -> None:
        # Assigning virtual_size triggers a layout of the whole screen (it is a layout reactive);
        # the scrollbar is always shown (overflow-y: scroll), so no region changes and updating
        # the scrollbars is enough. Measured: this halves the frame after a filter at 20,000 cards.
        size = Size(self.size.width, len(self.rows) * CARD_HEIGHT)
        if size != self.virtual_size:
            self.set_reactive(CardColumn.virtual_size, size)
            update_scrollbars(self, size)
            if self.scroll_y > self.max_scroll_y:
                self.scroll_to(y=self.max_scroll_y, animate=False, immediate=True)

    def update_title(self) -> None:
        """'Chưa bắt đầu (3)', with the column's order when it is not the import order."""
        order = self.board.sort[self.index]
        suffix = f" {labels(self.lang)['sort_title_' + order]}" if order != "order" else ""
        self.border_title = f"{self.status.label(self.lang)} ({len(self.rows)}){suffix}"

    def cursor_changed(self) -> None:
        """Redraw only the two cards whose highlight changed and bring the cursor into view."""
        old, new = self._drawn_cursor, self.board.cursor[self.index]
        self._drawn_cursor = new
        self.refresh_lines(old * CARD_HEIGHT, CARD_HEIGHT)
        self.refresh_lines(new * CARD_HEIGHT, CARD_HEIGHT)
        self.show_cursor()

    def show_cursor(self) -> None:
        if not self.rows:
            return
        top = self.board.cursor[self.index] * CARD_HEIGHT
        self.scroll_to_region(Region(0, top, 1, CARD_HEIGHT), animate=False, immediate=True)

    def page_size(self) -> int:
        return max(1, self.scrollable_content_region.height // CARD_HEIGHT)

    # -- Textual hooks ------------------------------------------------------------------------
    def on_resize(self, event: events.Resize) -> None:
        # scrollable_content_region is recomputed on every access: keep the width for render_line.
        self._width = self.scrollable_content_region.width
        self.virtual_size = Size(event.size.width, len(self.rows) * CARD_HEIGHT)
        self.show_cursor()

    def set_active(self, active: bool) -> None:
        if active != self.has_class("-active"):
            self.set_class(active, "-active")
            self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        # Hover and class changes land here too; strips stay cached unless the styles really changed
        # (the palette's base style is part of the strip cache key).
        self._palettes.clear()

    def palette(self, highlight: int) -> dict[str, Style]:
        """Rich styles of every card part for one highlight level, computed once per style change."""
        palette = self._palettes.get(highlight)
        if palette is None:
            base = self.rich_style
            if highlight:
                base = base + self.get_component_rich_style(
                    "card--cursor" if highlight == 2 else "card--cursor-blur", partial=True)
            palette = {name: base + self.get_component_rich_style(name, partial=True)
                       for name in self.COMPONENT_CLASSES}
            palette["base"], palette["plain"] = base, self.rich_style
            self._palettes[highlight] = palette
        return palette

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        index = (offset.y + int(self.scroll_offset.y)) // CARD_HEIGHT
        if index < len(self.rows):
            self.post_message(self.Clicked(self.index, index, event.chain))

    def render_line(self, y: int) -> Strip:
        width = self._width
        card_index, line = divmod(y + int(self.scroll_offset.y), CARD_HEIGHT)
        rows = self.rows
        if card_index >= len(rows) or width <= 0 or line == CARD_HEIGHT - 1:
            return Strip.blank(width, self.palette(0)["plain"])   # past the cards, or the gap below one
        row = rows[card_index]
        highlight = 0
        if card_index == self.board.cursor[self.index]:
            highlight = 2 if self.has_class("-active") else 1
        board = self.board
        plan = board.plan_label(row) if board.multi_plan else ""
        marked = row.id in board.marked
        key = (row.id, row.sequence, row.status, width, plan, marked)
        lines = self._cache.get(key)
        if lines is None:
            lines = self._cache[key] = self._card_lines(row, width, plan, marked)
        parts, length = lines[line]
        palette = self.palette(highlight)
        base = palette["base"]
        # The cursor bar (or a marked card's bar), the parts, one cell of margin, then padding.
        gutter = Segment("▌", base) if highlight == 2 else Segment("┃", palette["card--mark"]) if marked \
            else Segment(" ", base)
        segments = [gutter,
                    *[Segment(text, palette[name]) for text, name in parts], Segment(" ", base)]
        if length > width:
            return Strip(segments).adjust_cell_length(width, base)
        if length < width:
            segments.append(Segment(" " * (width - length), base))
        return Strip(segments, width)

    # -- drawing ------------------------------------------------------------------------------
    def _card_lines(self, row: Row, width: int, plan: str = "",
                    marked: bool = False) -> tuple[tuple[tuple[tuple[str, str], ...], int], ...]:
        """The text lines of one card at `width` cells (all but the blank last line).

        Each line is ((text, palette name), ...) with its cell length counting the cursor bar
        and the margin cell that render_line adds. `plan` (several plans shown) goes beside the
        number; a marked card starts with MARK. Room goes to the date, the mark and number, the
        plan, then the time as written.
        """
        today = self.board.today
        inner = max(width - 2, 1)   # one cell of gutter (the cursor bar) and one of margin
        urgency = row.urgency(today)
        date_style = f"card--{urgency}" if urgency else ("card--special" if row.kind in MARKERS else "card--date")
        right = fit(due_label(row, today), inner)
        mark = MARK + " " if marked else ""
        number = fit(row.number, max(inner - cell_len(right) - cell_len(mark) - 1, 1))
        left = [(mark, "card--mark")] if mark else []
        left.append((number, "card--number"))
        used = cell_len(mark) + cell_len(number)
        if plan:
            room = inner - used - cell_len(right) - 2
            if room >= 4:
                plan_text = fit(plan, room)
                left += [(" ", "base"), (plan_text, "card--plan")]
                used += 1 + cell_len(plan_text)
        room = inner - used - cell_len(right) - 2
        time_text = fit(row.time_text, room) if room >= 4 else ""
        gap = max(inner - used - cell_len(time_text) - cell_len(right) - (1 if time_text else 0), 0)
        header = left
        if time_text:
            header += [(" ", "base"), (time_text, "card--time")]
        header += [(" " * gap, "base"), (right, date_style)]
        lead = ", ".join(row.lead) or row.doc.get("lead_text") or "—"
        lines = [header, *([(text, "card--content")] for text in wrap_content(row.content, inner)),
                 [(fit("◆ " + lead, inner), "card--agency")]]
        return tuple((tuple(parts), 2 + sum(cell_len(text) for text, _ in parts)) for parts in lines)
