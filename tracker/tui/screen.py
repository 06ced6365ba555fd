"""The board screen: filter bar, three Line-API columns, search input and footer; cursor, marks and order.

The keys that change cards are tui/card_actions.py, the filter keys tui/filter_actions.py, the key
table and footer tui/footer.py, the filter bar's text tui/filter_bar.py.
"""

from __future__ import annotations

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Input, Static

from ..i18n import said
from ..inert import printable
from . import memory
from .board import Board
from .card_actions import CardActions
from .column import CARD_HEIGHT, CardColumn
from .filter_actions import FilterActions, SearchInput
from .filter_bar import bar_text
from .footer import BoardFooter, bindings, fit_hints, help_rows, hints, refit_on_resize
from .labels import labels
from .session import Session

__all__ = ["BoardFooter", "BoardScreen", "fit_hints"]

MIN_WIDTH, MIN_HEIGHT = 60, 15


class BoardScreen(CardActions, FilterActions, Screen):
    """Three columns of cards with the filters shown on top."""

    AUTO_FOCUS = ""   # nothing takes focus by itself: keys belong to the board until `/`

    def __init__(self, board: Board, lang: str, session: Session | None = None):
        super().__init__()
        self.board, self.lang, self.t = board, lang, labels(lang)
        self.session = session if session is not None else Session()
        self._shown_once = False
        # Bindings are built per instance so that the footer speaks the board's language.
        self._bindings = bindings(self.t)
        self.hints = hints(self.t)

    def help_rows(self) -> list[tuple[str, str]]:
        return help_rows(self.t)

    def compose(self) -> ComposeResult:
        yield Static(id="filter-bar")
        with Horizontal(id="columns"):
            for index in range(3):
                yield CardColumn(self.board, index, self.lang, id=f"column-{index}")
        yield SearchInput(placeholder=self.t["search_placeholder"], id="search")
        yield Static(self.t["empty"], id="empty", classes="notice")
        yield Static("", id="message", classes="notice")
        yield BoardFooter(self.hints, compact=True)   # twenty keys: fitted to the width, help and quit always shown

    def on_mount(self) -> None:
        error = self.session.error
        if error is not None:
            self.add_class("-error")
            self.query_one("#message", Static).update(
                f"{self.t['error']}\n\n" + said(error, self.lang, "\n\n"))
        self.refresh_board()

    def on_screen_resume(self) -> None:
        # A closed dialog (picker, help, details) leaves its widgets behind as cyclic garbage:
        # collect it right after the frame that shows the board again, not inside a later keystroke.
        if self._shown_once:
            self.call_after_refresh(memory.collect_young)
        self._shown_once = True

    @property
    def columns(self) -> list[CardColumn]:
        return list(self.query(CardColumn))

    def current_column(self) -> CardColumn:
        return self.query_one(f"#column-{self.board.focus}", CardColumn)

    def activate(self) -> None:
        """Mark the board's focused column (a class, not widget focus: see CardColumn)."""
        for column in self.columns:
            column.set_active(column.index == self.board.focus)

    def refresh_board(self) -> None:
        """Redraw every column and the filter bar after the board model changed."""
        self.set_class(self.board.total == 0 and self.session.error is None and not self.board.archive, "-empty")
        if self.has_class("-archive") != self.board.archive:
            self.set_class(self.board.archive, "-archive")
            self.refresh_bindings()   # R shows in the footer only in the archive view
        for column in self.columns:
            column.rows_changed()
        self.update_filter_bar()
        self.activate()

    def update_filter_bar(self) -> None:
        bits = self.filter_bits()
        bar = self.query_one("#filter-bar", Static)
        # A Text, not a string: "[/" or "[@click=app.quit]" typed into a filter is shown, never parsed.
        text = Text(printable(bar_text(self.board, self.session, self.t, self.lang, bits)), no_wrap=True)
        bar.update(text, layout=False)   # one line: no new layout needed
        bar.set_class(bool(bits), "-active")

    def on_resize(self, event: events.Resize) -> None:
        width, height = event.size
        refit_on_resize(self.query_one(BoardFooter), width)
        small = width < MIN_WIDTH or height < MIN_HEIGHT
        self.set_class(small, "-too-small")
        if small:
            self.query_one("#message", Static).update(self.t["too_small"].format(w=width, h=height))
        elif self.session.error is None:
            self.query_one("#message", Static).update("")

    # -- cursor and focus --------------------------------------------------------------------
    def action_focus_column(self, delta: int) -> None:
        self.board.focus_column(self.board.focus + delta)
        self.activate()

    def action_cursor(self, delta: int) -> None:
        self.board.move_cursor(delta)
        self.current_column().cursor_changed()

    def action_page(self, delta: int) -> None:
        self.action_cursor(delta * self.current_column().page_size())

    def action_edge(self, end: int) -> None:
        self.board.set_cursor(self.board.focus, len(self.board.columns[self.board.focus]) if end else 0)
        self.current_column().cursor_changed()

    @on(CardColumn.Clicked)
    def _clicked(self, event: CardColumn.Clicked) -> None:
        self.board.focus_column(event.column)
        self.board.set_cursor(event.column, event.index)
        self.activate()
        self.current_column().cursor_changed()
        if event.chain >= 2:
            self.action_details()

    @on(Input.Submitted, "#search")
    def _search_done(self) -> None:
        if not self.board.filters.search:
            self.remove_class("-searching")
        self.set_focus(None)

    # -- marks and order -----------------------------------------------------------------------
    def _redraw_focused(self) -> None:
        column = self.current_column()
        column.refresh_lines(self.board.cursor[self.board.focus] * CARD_HEIGHT, CARD_HEIGHT)

    def action_mark(self) -> None:
        """space: mark or unmark the focused card; the move keys then move every marked card."""
        if self.board.toggle_mark() is None:
            self.notify(self.t["no_card"], severity="warning")
            return
        self._redraw_focused()
        self.update_filter_bar()

    def clear_marks(self) -> int:
        count = self.board.clear_marks()
        if count:
            for column in self.columns:
                column.refresh()
            self.update_filter_bar()
        return count

    def action_sort(self) -> None:
        """S: the focused column by deadline → by agency → in import order (the plan's numbers)."""
        self.board.cycle_sort()
        column = self.current_column()
        column.rows_changed()
        self.update_filter_bar()
