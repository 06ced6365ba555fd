"""The board screen: filter bar, three Line-API columns, search input, footer and every board key."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingsMap
from textual.containers import Horizontal
from textual.geometry import Size
from textual.screen import Screen
from textual.widgets import Footer, Input, Static

from .. import services
from ..inert import printable
from ..text import nfc
from .board import Board
from .column import CardColumn
from .dialogs import AgencyPicker, HelpScreen, PlanPicker
from .labels import labels

if TYPE_CHECKING:
    from .app import TrackerApp

MIN_WIDTH, MIN_HEIGHT = 60, 15

# (keys, action, label, shown in footer, footer key text); the help screen lists them all.
KEYS = [
    ("left,h", "focus_column(-1)", "k_focus", False, "←→↑↓ hjkl"),
    ("right,l", "focus_column(1)", "k_focus", False, ""),
    ("up,k", "cursor(-1)", "k_focus", False, ""),
    ("down,j", "cursor(1)", "k_focus", False, ""),
    ("pageup", "page(-1)", "k_page", False, "PgUp PgDn Home End"),
    ("pagedown", "page(1)", "k_page", False, ""),
    ("home", "edge(0)", "k_page", False, ""),
    ("end", "edge(1)", "k_page", False, ""),
    ("shift+left,less_than_sign", "move(-1)", "k_move", False, "shift+←→ < >"),
    ("shift+right,greater_than_sign", "move(1)", "k_move", True, "< >"),
    ("enter", "details", "k_details", True, "enter"),
    ("a", "agency", "k_agency", True, "a"),
    ("slash", "search", "k_search", True, "/"),
    ("p", "plan", "k_plan", True, "p"),
    ("o", "due_filter", "k_overdue", True, "o"),
    ("u", "undo", "k_undo", True, "u"),
    ("s", "stats", "k_stats", True, "s"),
    ("n", "new_card", "k_new", True, "n"),
    ("e", "edit_card", "k_edit", True, "e"),
    ("delete", "archive", "k_archive", True, "del"),
    ("x", "export", "k_export", True, "x"),
    ("y", "sync", "k_sync", True, "y"),
    # The board reloads by itself, and help and quit are known keys: last, where 120 columns cut.
    ("r", "reload", "k_reload", True, "r"),
    ("question_mark", "help", "k_help", True, "?"),
    ("q", "quit", "k_quit", True, "q"),
    ("escape", "escape", "k_escape", False, "esc"),
]


class SearchInput(Input):
    """The `/` box; it filters the board as the value changes, in the same frame as the keystroke.

    Waiting for Input.Changed costs one extra frame (~30 ms measured at 20,000 cards).
    """

    def _watch_value(self, value: str) -> None:
        # Input sets virtual_size to the text's width on every change, and virtual_size is a
        # layout reactive: each keystroke laid out the whole screen, which resized the columns'
        # scrollbars and so caused a second frame after the keystroke's. The box has a fixed
        # size (width 100%, height 3), so layout cannot change; store the same value without
        # the layout refresh (scroll_to_region for the cursor reads virtual_size directly).
        self.set_reactive(Input.virtual_size, Size(self.content_width, 1))
        super()._watch_value(value)
        screen = self.screen
        if isinstance(screen, BoardScreen):
            screen.search_typed(self, value)


class BoardScreen(Screen):
    """Three columns of cards with the filters shown on top."""

    AUTO_FOCUS = ""   # nothing takes focus by itself: keys belong to the board until `/`

    def __init__(self, board: Board, lang: str):
        super().__init__()
        self.board, self.lang, self.t = board, lang, labels(lang)
        # Bindings are built per instance so that the footer speaks the board's language.
        self._bindings = BindingsMap(
            Binding(keys, action, self.t[label], show=shown, key_display=display or None)
            for keys, action, label, shown, display in KEYS)

    @property
    def tracker(self) -> "TrackerApp":
        return self.app  # type: ignore[return-value]

    def help_rows(self) -> list[tuple[str, str]]:
        rows = [(display, self.t[label]) for _, _, label, _, display in KEYS if display and display != "< >"]
        return rows + [("s › r", self.t["k_stats_role"]), ("click, 2×click", self.t["k_mouse"])]

    def compose(self) -> ComposeResult:
        yield Static(id="filter-bar")
        with Horizontal(id="columns"):
            for index in range(3):
                yield CardColumn(self.board, index, self.lang, id=f"column-{index}")
        yield SearchInput(placeholder=self.t["search_placeholder"], id="search")
        yield Static(self.t["empty"], id="empty", classes="notice")
        yield Static("", id="message", classes="notice")
        yield Footer(compact=True)   # sixteen keys: the roomy style cuts off help and quit at 120 columns

    def on_mount(self) -> None:
        error = self.tracker.error
        if error is not None:
            self.add_class("-error")
            self.query_one("#message", Static).update(
                f"{self.t['error']}\n\n{error.message}" + (f"\n\n{error.hint}" if error.hint else ""))
        self.refresh_board()

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
        self.set_class(self.board.total == 0 and self.tracker.error is None, "-empty")
        for column in self.columns:
            column.rows_changed()
        self.update_filter_bar()
        self.activate()

    def filter_bits(self) -> list[str]:
        """The active filters in words, as the filter bar shows them."""
        t, f = self.t, self.board.filters
        bits = []
        if f.agency:
            bits.append(f"{t['agency']}: {f.agency_text()}" + (f" ({t['lead_only']})" if f.lead_only else ""))
        if f.plan:
            bits.append(f"{t['plan']}: {f.plan}")
        if f.overdue:
            bits.append(t["overdue"])
        if f.due_this_quarter:
            bits.append(t["this_quarter"])
        if f.search:
            bits.append(f"{t['search']}: “{f.search}”")
        return bits

    def update_filter_bar(self) -> None:
        t, bits = self.t, self.filter_bits()
        shown = t["shown"].format(shown=self.board.shown, total=self.board.total)
        text = f"{t['filters']}: {' · '.join(bits) or t['no_filter']}  │  {shown}  │  {t['today']} " \
               f"{self.board.today.strftime('%d/%m/%Y')}" + (f"  │  {t['read_only']}" if self.tracker.read_only else "")
        if self.tracker.sync.status:   # first: a narrow terminal cuts the end of the line
            text = f"{self.tracker.sync.status}  │  {text}"
        bar = self.query_one("#filter-bar", Static)
        # A Text, not a string: "[/" or "[@click=app.quit]" typed into a filter is shown, never parsed.
        bar.update(Text(printable(text), no_wrap=True), layout=False)   # one line: no new layout needed
        bar.set_class(bool(bits), "-active")

    def on_resize(self, event: events.Resize) -> None:
        width, height = event.size
        small = width < MIN_WIDTH or height < MIN_HEIGHT
        self.set_class(small, "-too-small")
        if small:
            self.query_one("#message", Static).update(self.t["too_small"].format(w=width, h=height))
        elif self.tracker.error is None:
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

    # -- changes -----------------------------------------------------------------------------
    def action_move(self, delta: int) -> None:
        source = self.board.focus
        moved = self.board.move_focused(delta)
        if moved is None:
            return
        row, _old, new = moved
        for index in {source, self.board.focus}:
            self.query_one(f"#column-{index}", CardColumn).rows_changed()
        self.activate()
        self.update_filter_bar()
        self.tracker.move_card(row.id, new)

    def action_undo(self) -> None:
        self.tracker.undo()

    def action_reload(self) -> None:
        self.tracker.reload(announce=True)

    def action_export(self) -> None:
        self.tracker.export_visible(self.board.visible_rows())

    def action_details(self) -> None:
        row = self.board.focused()
        if row is None:
            self.notify(self.t["no_card"], severity="warning")
            return
        self.tracker.open_details(row.id)

    def action_stats(self) -> None:
        from .stats import StatsScreen
        described = " · ".join(self.filter_bits()) or self.t["no_filter"]
        self.app.push_screen(StatsScreen(self.board.visible_rows(), self.board.filters, described, self.lang,
                                         self.board.today))

    def action_new_card(self) -> None:
        row = self.board.focused()
        # The new card goes to the focused card's plan by default, else the plan filtered on.
        self.tracker.open_card_form(plan_key=row.plan if row else self.board.filters.plan)

    def action_edit_card(self) -> None:
        row = self.board.focused()
        if row is None:
            self.notify(self.t["no_card"], severity="warning")
            return
        self.tracker.open_card_form(row.id)

    def action_archive(self) -> None:
        from .edit_form import ConfirmArchive
        row = self.board.focused()
        if row is None:
            self.notify(self.t["no_card"], severity="warning")
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.tracker.archive_card(row.id)
        self.app.push_screen(ConfirmArchive(row.id, row.content, self.lang), answered)

    def action_sync(self) -> None:
        self.tracker.sync.start()

    def action_quit(self) -> None:
        self.tracker.request_quit()

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen(self.help_rows(), self.lang))

    # -- filters -----------------------------------------------------------------------------
    def _filters_changed(self) -> None:
        for column in self.columns:
            column.rows_changed()
        self.update_filter_bar()

    def action_due_filter(self) -> None:
        self.board.cycle_due_filter()
        self._filters_changed()

    def action_agency(self) -> None:
        rows = self.board.rows
        counts = {False: services.agency_counts(rows), True: services.agency_counts(rows, lead_only=True)}
        f = self.board.filters

        def chosen(result: tuple[str | None, bool] | None) -> None:
            if result is not None:
                agency, lead_only = result
                self.board.set_filters(agency=agency, lead_only=lead_only and agency is not None)
                self._filters_changed()
        self.app.push_screen(AgencyPicker(counts, f.agency, f.lead_only, self.lang), chosen)

    def action_plan(self) -> None:
        per_plan = Counter(row.plan for row in self.board.rows)
        plans = [(plan, per_plan.get(key, 0)) for key, plan in self.tracker.plans.items()]

        def chosen(key: str | None) -> None:
            if key is not None:
                self.board.set_filters(plan=key or None)
                self._filters_changed()
        self.app.push_screen(PlanPicker(plans, self.board.filters.plan, self.lang), chosen)

    def action_search(self) -> None:
        search = self.query_one("#search", Input)
        self.add_class("-searching")
        search.focus()

    def search_typed(self, search: Input, typed: str) -> None:
        value = nfc(typed)
        if value != typed:   # NFD from some Vietnamese keyboards: store and match NFC only
            search.value = value
            return
        if (value.strip() or None) != self.board.filters.search:
            self.board.set_filters(search=value.strip() or None)
            self._filters_changed()

    @on(Input.Submitted, "#search")
    def _search_done(self) -> None:
        if not self.board.filters.search:
            self.remove_class("-searching")
        self.set_focus(None)

    def action_escape(self) -> None:
        search = self.query_one("#search", Input)
        if self.has_class("-searching") or search.value:
            search.value = ""
            self.board.set_filters(search=None)
            self.remove_class("-searching")
            self._filters_changed()
            self.set_focus(None)
