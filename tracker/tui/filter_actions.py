"""The board keys that filter: overdue and quarter (`o`), agency (`a`), plan (`p`), search (`/`) and escape."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from textual.widgets import Input

from .. import services
from ..filters import quarter_of
from ..text import nfc
from .board import quarter_key
from .compat import LayoutFreeInput
from .dialogs import AgencyPicker, PlanPicker, QuarterPicker
from .filter_bar import filter_bits

if TYPE_CHECKING:
    from .board import Board
    from .session import Session


class SearchInput(LayoutFreeInput):
    """The `/` box; it filters the board as the value changes, in the same frame as the keystroke
    (see compat.LayoutFreeInput: no layout per keystroke, no wait for Input.Changed)."""

    def value_changed(self, value: str) -> None:
        screen = self.screen
        if isinstance(screen, FilterActions):
            screen.search_typed(self, value)


class FilterActions:
    """Mixed into BoardScreen: every filter key, and the redraw after a filter changed."""

    board: Board
    session: Session
    t: dict[str, str]
    lang: str

    def filter_bits(self) -> list[str]:
        """The active filters in words, as the filter bar shows them."""
        return filter_bits(self.board, self.t, self.lang)

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
        plans = [(plan, per_plan.get(key, 0)) for key, plan in self.session.plans.items()]

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
