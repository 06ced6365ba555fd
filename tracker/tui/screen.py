"""The board screen: filter bar, three Line-API columns, search input, footer and every board key."""

from __future__ import annotations

import gc
from collections import Counter
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingsMap
from textual.containers import Horizontal
from textual.geometry import Size
from textual.screen import Screen
from textual.widgets import Footer, Input, Static
from textual.widgets._footer import FooterKey

from .. import services
from ..filters import quarter_of
from ..i18n import said
from ..inert import printable
from ..text import nfc
from .board import STATUSES, Board, quarter_key
from .column import CARD_HEIGHT, MARK, CardColumn
from .dialogs import AgencyPicker, HelpScreen, PlanPicker, QuarterPicker, quarter_name
from .labels import labels

if TYPE_CHECKING:
    from .app import TrackerApp

MIN_WIDTH, MIN_HEIGHT = 60, 15

# (keys, action, label, shown in footer, footer key text); the help screen lists them all with
# `label`; the footer says labels[label + "_f"] (else `label`), or labels[label + "_s"] when short of room.
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
    ("space", "mark", "k_mark", True, "space"),
    ("enter", "details", "k_details", True, "enter"),
    ("a", "agency", "k_agency", True, "a"),
    ("slash", "search", "k_search", True, "/"),
    ("p", "plan", "k_plan", True, "p"),
    ("o", "due_filter", "k_overdue", True, "o"),
    ("S,shift+s", "sort", "k_sort", True, "S"),
    ("u", "undo", "k_undo", True, "u"),
    ("s", "stats", "k_stats", True, "s"),
    ("n", "new_card", "k_new", True, "n"),
    ("e", "edit_card", "k_edit", True, "e"),
    ("delete", "archive", "k_archive", True, "del"),
    ("A,shift+a", "archive_view", "k_archived", True, "A"),
    ("R,shift+r", "restore", "k_restore", True, "R"),
    ("x", "export", "k_export", True, "x"),
    ("y", "sync", "k_sync", True, "y"),
    ("r", "reload", "k_reload", True, "r"),
    ("question_mark", "help", "k_help", True, "?"),
    ("q", "quit", "k_quit", True, "q"),
    ("escape", "escape", "k_escape", False, "esc"),
]
ALWAYS = 1_000       # the footer priority of help and quit: never dropped
# Which footer hints give way first when the terminal is narrow (low first).
FOOTER_PRIORITY = {
    "restore": 95, "move(1)": 90, "details": 85, "search": 80, "agency": 75, "plan": 70, "due_filter": 65,
    "undo": 60, "mark": 55, "stats": 50, "edit_card": 45, "new_card": 44, "archive": 40, "archive_view": 35,
    "sort": 30, "export": 25, "sync": 20, "reload": 10, "help": ALWAYS, "quit": ALWAYS,
}
# Keys that change or export cards: not in the archive view, where a card must be restored first.
NOT_IN_ARCHIVE = frozenset({"move", "new_card", "edit_card", "archive", "export"})


def fit_hints(hints: list[tuple[str, str, str, int]], width: int) -> list[str | None]:
    """The label of each footer hint (key text, label, short label, priority) at `width` cells.

    All labels are long when they fit; otherwise the least important hints take their short
    label one by one; only when every label is short do hints disappear (None), least important
    first, and never one of priority ALWAYS. A compact footer key takes len(key) + 1 + len(label)
    cells and one cell of margin.
    """
    chosen: list[str | None] = [label for _, label, _, _ in hints]

    def total() -> int:
        return sum(cell_len(key) + 1 + cell_len(label) + 1
                   for (key, _, _, _), label in zip(hints, chosen) if label is not None)
    by_priority = sorted(range(len(hints)), key=lambda i: hints[i][3])
    for i in by_priority:
        if total() <= width:
            return chosen
        chosen[i] = hints[i][2]
    for i in by_priority:
        if total() <= width:
            break
        if hints[i][3] < ALWAYS:
            chosen[i] = None
    return chosen


class BoardFooter(Footer):
    """The board's key hints, fitted to the terminal's width (see fit_hints).

    Textual's Footer lets hints run off the right edge, which cut help and quit at 120 columns.
    """

    def __init__(self, hints: dict[str, tuple[str, str, int]], **kwargs):
        super().__init__(**kwargs)
        self.hints = hints      # action → (label, short label, priority)
        self.fitted_width = 0

    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
            return
        shown: dict[str, tuple] = {}
        for _, binding, enabled, tooltip in self.screen.active_bindings.values():
            if binding.show and binding.action not in shown:
                shown[binding.action] = (binding, enabled, tooltip)
        width = self.screen.size.width or self.app.size.width
        self.fitted_width = width
        items = list(shown.values())
        hints = []
        for binding, _, _ in items:
            label, short, priority = self.hints.get(binding.action, (binding.description, binding.description, 0))
            hints.append((self.app.get_key_display(binding), label, short, priority))
        for (binding, enabled, tooltip), label in zip(items, fit_hints(hints, width)):
            if label is not None:
                key = FooterKey(binding.key, self.app.get_key_display(binding), label, binding.action,
                                disabled=not enabled, tooltip=tooltip or binding.description)
                # Set, not data-bound: a recompose after a resize runs outside the footer's context.
                key.compact = self.compact
                yield key


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
        self._shown_once = False
        t = self.t
        # Bindings are built per instance so that the footer speaks the board's language.
        self._bindings = BindingsMap(
            Binding(keys, action, t.get(label + "_f", t[label]), show=shown, key_display=display or None)
            for keys, action, label, shown, display in KEYS)
        self.hints = {action: (t.get(label + "_f", t[label]), t.get(label + "_s", t[label]),
                               FOOTER_PRIORITY.get(action, 0))
                      for _, action, label, shown, _ in KEYS if shown}

    @property
    def tracker(self) -> TrackerApp:
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
        yield BoardFooter(self.hints, compact=True)   # twenty keys: fitted to the width, help and quit always shown

    def on_mount(self) -> None:
        error = self.tracker.error
        if error is not None:
            self.add_class("-error")
            self.query_one("#message", Static).update(
                f"{self.t['error']}\n\n" + said(error, self.lang, "\n\n"))
        self.refresh_board()

    def on_screen_resume(self) -> None:
        # A closed dialog (picker, help, details) leaves its widgets behind as cyclic garbage,
        # ~20,000 objects for the quarter picker. Collected whenever the collector next runs, it
        # added 40-70 ms to the following keystroke at 20,000 cards (measured on a search key);
        # collect it right after the frame that shows the board again instead.
        if self._shown_once:
            self.call_after_refresh(gc.collect, 1)
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
        self.set_class(self.board.total == 0 and self.tracker.error is None and not self.board.archive, "-empty")
        if self.has_class("-archive") != self.board.archive:
            self.set_class(self.board.archive, "-archive")
            self.refresh_bindings()   # R shows in the footer only in the archive view
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
        if f.quarter:
            bits.append(t["quarter_bit"].format(quarter=quarter_name(f.quarter, self.lang)))
        if f.search:
            bits.append(f"{t['search']}: “{f.search}”")
        return bits

    def order_bits(self) -> list[str]:
        """Columns not in import order, in words: 'Chưa bắt đầu xếp theo hạn'."""
        return [self.t["sort_bit"].format(column=status.label(self.lang), order=self.t["sort_" + order])
                for status, order in zip(STATUSES, self.board.sort) if order != "order"]

    def update_filter_bar(self) -> None:
        t, bits, board = self.t, self.filter_bits(), self.board
        shown = t["shown"].format(shown=board.shown, total=board.total)
        text = f"{t['filters']}: {' · '.join(bits) or t['no_filter']}  │  {shown}"
        if board.marked:
            text += f"  │  {MARK} {t['marked'].format(n=len(board.marked))}"
        for bit in self.order_bits():
            text += f"  │  {bit}"
        text += f"  │  {t['today']} {board.today.strftime('%d/%m/%Y')}"
        if self.tracker.move_day is not None:
            text += f"  │  {t['recorded_on'].format(day=self.tracker.move_day.strftime('%d/%m/%Y'))}"
        if self.tracker.store.view_only:
            text += f"  │  {t['view_only']}"
        elif self.tracker.read_only:
            text += f"  │  {t['read_only']}"
        if board.archive:              # first: a narrow terminal cuts the end of the line
            text = f"{t['archive_view']}  │  {text}"
        if self.tracker.sync.status:
            text = f"{self.tracker.sync.status}  │  {text}"
        bar = self.query_one("#filter-bar", Static)
        # A Text, not a string: "[/" or "[@click=app.quit]" typed into a filter is shown, never parsed.
        bar.update(Text(printable(text), no_wrap=True), layout=False)   # one line: no new layout needed
        bar.set_class(bool(bits), "-active")

    def on_resize(self, event: events.Resize) -> None:
        width, height = event.size
        footer = self.query_one(BoardFooter)
        if footer._bindings_ready and footer.fitted_width != width:
            footer.call_after_refresh(footer.recompose)   # the hints that fit change with the width
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

    # -- the archive view and what it allows --------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "restore":
            return self.board.archive    # R exists only in the archive view (hidden elsewhere)
        return True

    def _archive_refuses(self, action: str) -> bool:
        """In the archive view, cards are restored before they are changed: say so."""
        if self.board.archive and action in NOT_IN_ARCHIVE:
            self.notify(self.t["archive_only"], severity="warning")
            return True
        return False

    def action_archive_view(self) -> None:
        """A: the archived cards only (restore them with R); A again: back to the board."""
        self.board.clear_marks()
        self.tracker.switch_view(archive=not self.board.archive)

    def _chosen_ids(self) -> list[str]:
        """The marked cards, or else the focused one."""
        if self.board.marked:
            return [row.id for row in self.board.marked_rows()]
        row = self.board.focused()
        return [row.id] if row else []

    def action_restore(self) -> None:
        ids = self._chosen_ids()
        if not ids:
            self.notify(self.t["no_card"], severity="warning")
            return
        self.tracker.restore_cards(ids)

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

    # -- changes -----------------------------------------------------------------------------
    def action_move(self, delta: int) -> None:
        if self._archive_refuses("move"):
            return
        if self.board.marked:
            self._move_marked(delta)
            return
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

    def _move_marked(self, delta: int) -> None:
        """Every marked card to the column left/right of the focused one: one change set, one undo."""
        result = self.board.move_marked(delta)
        if result is None:
            return
        moved, status = result
        if not moved:
            self.notify(self.t["nothing_to_move"].format(to=status.label(self.lang)), severity="warning")
            return
        self.board.clear_marks()
        for column in self.columns:
            column.rows_changed()
        self.activate()
        self.update_filter_bar()
        self.tracker.move_cards([row.id for row in moved], status)
        self.notify(self.t["marked_moved"].format(n=len(moved), to=status.label(self.lang)))

    def action_undo(self) -> None:
        self.tracker.undo()

    def action_reload(self) -> None:
        self.tracker.reload(announce=True)

    def action_export(self) -> None:
        if self._archive_refuses("export"):
            return
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
        if self._archive_refuses("new_card"):
            return
        row = self.board.focused()
        # The new card goes to the focused card's plan by default, else the plan filtered on.
        self.tracker.open_card_form(plan_key=row.plan if row else self.board.filters.plan)

    def action_edit_card(self) -> None:
        if self._archive_refuses("edit_card"):
            return
        row = self.board.focused()
        if row is None:
            self.notify(self.t["no_card"], severity="warning")
            return
        self.tracker.open_card_form(row.id)

    def action_archive(self) -> None:
        """del: archive the focused card, or every marked card (one change set), after asking."""
        from .edit_form import ConfirmArchive
        if self._archive_refuses("archive"):
            return
        ids = self._chosen_ids()
        if not ids:
            self.notify(self.t["no_card"], severity="warning")
            return
        if len(ids) == 1:
            row = self.board.by_id[ids[0]]
            question = ConfirmArchive(row.id, row.content, self.lang)
        else:
            named = ", ".join(ids[:5]) + (", …" if len(ids) > 5 else "")
            question = ConfirmArchive(named, self.t["archive_confirm_many"].format(n=len(ids)), self.lang)

        def answered(yes: bool | None) -> None:
            if yes:
                self.tracker.archive_cards(ids)
        self.app.push_screen(question, answered)

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
        """o: off → overdue → a quarter picked from a list → off."""
        f = self.board.filters
        if f.quarter or f.due_this_quarter:
            self.board.set_filters(overdue=False, due_this_quarter=False, quarter=None)
        elif f.overdue:
            self._pick_quarter()
            return
        else:
            self.board.set_filters(overdue=True)
        self._filters_changed()

    def _pick_quarter(self) -> None:
        this_quarter = quarter_key(*quarter_of(self.board.today))

        def chosen(quarter: str | None) -> None:
            if quarter is not None:   # '' is "no quarter filter"; None is escape: nothing changes
                self.board.set_filters(overdue=False, due_this_quarter=False, quarter=quarter or None)
                self._filters_changed()
        self.app.push_screen(QuarterPicker(this_quarter, self.board.quarter_counts(), self.board.filters.quarter,
                                           self.lang), chosen)

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
        """Clear the search first; then every mark."""
        search = self.query_one("#search", Input)
        if self.has_class("-searching") or search.value:
            search.value = ""
            self.board.set_filters(search=None)
            self.remove_class("-searching")
            self._filters_changed()
            self.set_focus(None)
        elif self.board.marked:
            self.notify(self.t["marks_cleared"].format(n=self.clear_marks()))
