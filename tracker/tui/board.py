"""The board's state in plain Python: rows per column after filters, cursors, marks, sorting and moves."""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Iterable
from dataclasses import replace
from datetime import date
from typing import Any

from ..filters import Filters, KeyColumns, Matcher
from ..inert import printable
from ..model import Status
from ..store import Snapshot
from ..text import fold
from .row import MARKERS, SOON_DAYS, STATUSES, Row

__all__ = ["MARKERS", "SOON_DAYS", "STATUSES", "SORTS", "Board", "Row", "quarter_key"]

SORTS = ("order", "deadline", "agency")   # `S` cycles a column through these; "order" is import order
_LAST = "\U0010ffff"                      # sorts after every real agency name


def _order(row: Row) -> int:
    return row.order


def quarter_key(year: int, quarter: int) -> str:
    """(2014, 1) → '2014Q1', the form Filters.quarter takes."""
    return f"{year}Q{quarter}"


class Board:
    """Rows by column after filters, a cursor per column and the focused column."""

    def __init__(self, docs: Iterable[dict[str, Any]], today: date, filters: Filters | None = None):
        self.today = today
        self.filters = filters or Filters()
        self._folds: dict[str, str] = {}
        self._keys_ready: list[Row] | None = None   # the rows list whose keys are folded and warm
        self.rows: list[Row] = []
        self.by_id: dict[str, Row] = {}
        self._load(docs)
        self.columns: list[list[Row]] = [[], [], []]
        self.cursor = [0, 0, 0]
        self.focus = 0
        self._anchor: list[str | None] = [None, None, None]   # card id under each cursor
        self._last_match: tuple | None = None   # (filters without search, search, rows, columns)
        self._grouped: tuple[list[Row], list[list[Row]]] | None = None   # (rows, rows by status)
        self._group_keys: list[KeyColumns | None] = [None, None, None]    # each group's keys as columns
        self._group_version = 0                  # bumped whenever the groups change (see search_columns)
        self.sort = ["order", "order", "order"]              # each column's order (SORTS)
        self.marked: dict[str, None] = {}                    # marked card ids, in marking order
        self.plan_labels: dict[str, str] = {}                # plan key → short name on card faces
        self.multi_plan = False                              # the cards shown come from several plans
        self.archive = False                                 # showing archived cards only
        self._quarters: tuple[list[Row], dict[str, int]] | None = None
        self.refilter()

    @classmethod
    def from_snapshot(cls, snapshot: Snapshot, today: date, filters: Filters | None = None) -> Board:
        return cls(snapshot.docs(archived=False), today, filters)

    def _fold_name(self, name: str) -> str:
        folded = self._folds.get(name)
        if folded is None:
            folded = self._folds[name] = fold(name)
        return folded

    def _load(self, docs: Iterable[dict[str, Any]]) -> None:
        self.rows, self.by_id = self.prepare(docs, with_keys=False)

    def prepare(self, docs: Iterable[dict[str, Any]], with_keys: bool | None = None) -> tuple[list[Row], dict[str, Row]]:
        """Build rows for reloaded data without touching the board (runs in a worker thread)."""
        today = self.today
        rows = [Row(doc, i, today) for i, doc in enumerate(docs)]
        if with_keys if with_keys is not None else self.has_keys:
            for row in rows:
                row.fold(today, self._fold_name)
        return rows, {row.id: row for row in rows}

    @property
    def has_keys(self) -> bool:
        return bool(self.rows) and self.rows[-1].filter_keys is not None

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def shown(self) -> int:
        return sum(len(col) for col in self.columns)

    def ensure_keys(self) -> None:
        """Work out every row's filter keys once (safe to call from a worker thread)."""
        rows = self.rows
        if self._keys_ready is rows:
            return   # every keystroke of a search calls this: a walk of 20,000 rows costs ~6 ms
        fold_name, today = self._fold_name, self.today
        for row in rows:
            if row.filter_keys is None:
                row.fold(today, fold_name)
        self._keys_ready = rows

    # -- filtering ---------------------------------------------------------------------------
    def matcher(self, filters: Filters) -> Matcher:
        # The rows are already the view's (active cards, or the archive view's archived ones):
        # which of them are archived is not the filters' business here.
        return replace(filters, include_archived=True).compile(self.today)

    def _groups(self) -> list[list[Row]]:
        """Every row by status, in import order: worked out once per rows list and kept in step
        by moves, so a filter or a keystroke selects within each column instead of regrouping
        100,000 rows (15 ms)."""
        cached = self._grouped
        if cached is None or cached[0] is not self.rows:
            by_status: dict[Status, list[Row]] = {status: [] for status in STATUSES}
            for row in self.rows:
                by_status[row.status].append(row)
            cached = self._grouped = (self.rows, [by_status[status] for status in STATUSES])
            self._group_keys = [None, None, None]
            self._group_version += 1
        return cached[1]

    def search_columns(self) -> tuple[int, Any, list[KeyColumns]] | None:
        """Every group's key columns with their letters, worked out from copies of the groups
        (safe in a worker thread: the main thread may move cards meanwhile, and then
        `adopt_search_columns` drops them). None when the groups changed while copying."""
        version, grouped = self._group_version, self._grouped
        if grouped is None or grouped[0] is not self.rows:
            return None
        copies = [list(group) for group in grouped[1]]
        if version != self._group_version or any(row.filter_keys is None for group in copies for row in group[-1:]):
            return None
        return version, grouped, [KeyColumns.of(group).with_letters() for group in copies]

    def adopt_search_columns(self, prepared: tuple[int, Any, list[KeyColumns]] | None) -> None:
        """Take the columns `search_columns` worked out, if the groups are still the ones copied."""
        if prepared is None:
            return
        version, grouped, columns = prepared
        if grouped is self._grouped and version == self._group_version:
            self._group_keys = list(columns)

    def _keys_of_group(self, index: int) -> KeyColumns:
        """The filter keys of one status group's rows as columns (Matcher.select's fast path)."""
        keys = self._group_keys[index]
        if keys is None:
            keys = self._group_keys[index] = KeyColumns.of(self._groups()[index])
        return keys

    def _regroup(self, row: Row, old: Status) -> None:
        """Move one row between the status groups, in import order, with its key columns."""
        if self._grouped is None or self._grouped[0] is not self.rows:
            return
        self._group_version += 1
        groups = self._grouped[1]
        for status, step in ((old, -1), (row.status, 1)):
            index = STATUSES.index(status)
            group = groups[index]
            at = bisect.bisect_left(group, row.order, key=_order)
            if step < 0:
                if at < len(group) and group[at] is row:
                    del group[at]
                else:                       # not where import order says: regroup from scratch
                    self._grouped = None
                    return
            else:
                group.insert(at, row)
            keys = self._group_keys[index]
            if keys is not None and row.filter_keys is None:
                self._group_keys[index] = None      # worked out again when a filter needs them
            elif keys is not None:
                if step < 0:
                    keys.remove(at)
                else:
                    keys.insert(at, row)

    def matching(self) -> list[list[Row]]:
        """Each column's rows that pass the current filters, in import order: tracker.filters'
        Matcher, one list comprehension per filter over the rows' precomputed keys (Matcher.select)."""
        f = self.filters
        # Typing one more letter only narrows the last result: search that instead of every card.
        base, narrowed = replace(f, search=None), self._last_match
        # (The first letter searches the status groups: their key columns make that scan fast.)
        if (f.search and narrowed and narrowed[1] and narrowed[0] == base and narrowed[2] is self.rows
                and f.search.startswith(narrowed[1])):
            self.ensure_keys()
            matcher = self.matcher(Filters(search=f.search))
            columns = [matcher.select(column) for column in narrowed[3]]
        else:
            matcher = self.matcher(f)
            if matcher.needs_keys:
                self.ensure_keys()
            groups = self._groups()
            if not matcher.clauses:
                columns = [list(g) for g in groups]
            elif matcher.needs_keys:
                columns = [matcher.select(group, self._keys_of_group(i)) for i, group in enumerate(groups)]
            else:
                columns = [matcher.select(group) for group in groups]
        self._last_match = (base, f.search or "", self.rows, columns)
        return columns

    def quarter_counts(self) -> dict[str, int]:
        """Cards with a milestone in each quarter ('2014Q1' → count), over every card of the board.

        Worked out once per loaded rows list (a reload or a move does not change deadlines).
        """
        cached = self._quarters
        if cached is not None and cached[0] is self.rows:
            return cached[1]
        self.ensure_keys()
        counts: dict[str, int] = {}
        for row in self.rows:
            for key in {f"{day.year}Q{(day.month - 1) // 3 + 1}" for day in row.filter_keys.milestones}:  # type: ignore[union-attr]
                counts[key] = counts.get(key, 0) + 1
        self._quarters = (self.rows, counts)
        return counts

    def refilter(self) -> None:
        """Recompute the columns, keeping each column's card under the cursor when it still shows."""
        columns = [list(column) for column in self.matching()]   # copies: moves edit the columns in place
        for i, column in enumerate(columns):
            if self.sort[i] != "order":
                column.sort(key=self.sort_key(i))
        self.columns = columns
        shown = [row for column in columns for row in column[:1]]
        first = shown[0].plan if shown else None
        self.multi_plan = any(row.plan != first for column in columns for row in column)   # stops at the first other plan
        for i, column in enumerate(columns):
            anchor = self._anchor[i]
            position = self.index_of(i, anchor) if anchor else None
            self.cursor[i] = position if position is not None else min(self.cursor[i], max(len(column) - 1, 0))
            self._remember(i)

    def set_filters(self, **changes: Any) -> None:
        self.filters = replace(self.filters, **changes)
        self.refilter()

    def cycle_due_filter(self) -> str:
        """off → overdue → due this quarter → off; returns the new mode."""
        f = self.filters
        if not f.overdue and not f.due_this_quarter:
            self.set_filters(overdue=True, due_this_quarter=False)
            return "overdue"
        if f.overdue:
            self.set_filters(overdue=False, due_this_quarter=True)
            return "quarter"
        self.set_filters(overdue=False, due_this_quarter=False)
        return "off"

    def adopt(self, prepared: tuple[list[Row], dict[str, Row]]) -> None:
        """Swap in reloaded rows, keeping filters, marks, the focused card and every cursor's card."""
        self.rows, self.by_id = prepared
        if self.marked:    # a mark on a card that left the board (archived elsewhere) goes with it
            self.marked = {card_id: None for card_id in self.marked if card_id in self.by_id}
        self.refilter()

    # -- card faces ----------------------------------------------------------------------------
    def plan_label(self, row: Row) -> str:
        """The short plan name drawn beside a card's number, only while several plans are shown."""
        if not self.multi_plan:
            return ""
        return self.plan_labels.get(row.plan) or row.plan

    def set_plans(self, plans: dict[str, Any]) -> None:
        """Short plan names: the plan's number ('55/KH-UBND') when no other plan has it, else its key."""
        numbers = [printable(getattr(plan, "number", "") or "") for plan in plans.values()]
        # Counted once: list.count per plan was quadratic (0.45 s of the launch at 5,000 plans).
        uses = Counter(numbers)
        self.plan_labels = {key: number if number and uses[number] == 1 else printable(key)
                            for (key, plan), number in zip(plans.items(), numbers)}

    # -- sorting -------------------------------------------------------------------------------
    def sort_key(self, column: int):
        """The key the column's rows are ordered by (every key ends with the import order)."""
        mode = self.sort[column]
        if mode == "deadline":
            return lambda r: (r.due is None, r.due or date.max, r.order)
        if mode == "agency":
            fold_name = self._fold_name

            def by_agency(r: Row) -> tuple[str, int]:
                lead = r.lead[0] if r.lead else r.doc.get("lead_text") or ""
                return (fold_name(lead) if lead else _LAST, r.order)
            return by_agency
        return lambda r: r.order

    def cycle_sort(self, column: int | None = None) -> str:
        """order → deadline → agency → order for one column (the focused one); returns the new order."""
        column = self.focus if column is None else column
        self.sort[column] = SORTS[(SORTS.index(self.sort[column]) + 1) % len(SORTS)]
        rows = self.columns[column]
        rows.sort(key=self.sort_key(column))
        anchor = self._anchor[column]
        position = self.index_of(column, anchor) if anchor else None
        self.set_cursor(column, position if position is not None else 0)
        return self.sort[column]

    # -- marks ---------------------------------------------------------------------------------
    def toggle_mark(self, row: Row | None = None) -> bool | None:
        """Mark or unmark a card (the focused one); True when it is now marked, None without a card."""
        row = row or self.focused()
        if row is None:
            return None
        if row.id in self.marked:
            del self.marked[row.id]
            return False
        self.marked[row.id] = None
        return True

    def clear_marks(self) -> int:
        count = len(self.marked)
        self.marked = {}
        return count

    def marked_rows(self) -> list[Row]:
        return [self.by_id[card_id] for card_id in self.marked if card_id in self.by_id]

    # -- cursor ------------------------------------------------------------------------------
    def index_of(self, column: int, card_id: str | None) -> int | None:
        rows = self.columns[column]
        row = self.by_id.get(card_id) if card_id else None
        if row is None or row.status != STATUSES[column]:
            return None
        key = self.sort_key(column)
        i = bisect.bisect_left(rows, key(row), key=key)
        return i if i < len(rows) and rows[i] is row else None

    def _remember(self, column: int) -> None:
        rows = self.columns[column]
        self._anchor[column] = rows[self.cursor[column]].id if rows else None

    def focused(self) -> Row | None:
        rows = self.columns[self.focus]
        return rows[self.cursor[self.focus]] if rows else None

    def set_cursor(self, column: int, index: int) -> None:
        rows = self.columns[column]
        self.cursor[column] = max(0, min(index, len(rows) - 1)) if rows else 0
        self._remember(column)

    def move_cursor(self, delta: int) -> None:
        self.set_cursor(self.focus, self.cursor[self.focus] + delta)

    def focus_column(self, column: int) -> None:
        self.focus = max(0, min(column, len(STATUSES) - 1))

    def visible_rows(self) -> list[Row]:
        return [row for column in self.columns for row in column]

    # -- moving ------------------------------------------------------------------------------
    def move_focused(self, delta: int) -> tuple[Row, Status, Status] | None:
        """Move the focused card one column left/right at once (the store follows in a worker).

        Returns (row, old status, new status), or None when there is no card or no neighbour.
        Focus follows the card so that `>` `>` takes a card from not started to done.
        """
        row = self.focused()
        target = self.focus + delta
        if row is None or not 0 <= target < len(STATUSES):
            return None
        old = row.status
        self._last_match = None   # the new status: refilter (overdue) from the regrouped rows
        source = self.columns[self.focus]
        del source[self.cursor[self.focus]]
        self.set_cursor(self.focus, self.cursor[self.focus])
        row.status = STATUSES[target]
        if row._card is not None:
            row._card.status = row.status
        self._regroup(row, old)
        rows = self.columns[target]
        key = self.sort_key(target)
        position = bisect.bisect_left(rows, key(row), key=key)
        rows.insert(position, row)
        self.focus = target
        self.set_cursor(target, position)
        return row, old, row.status

    def move_marked(self, delta: int) -> tuple[list[Row], Status] | None:
        """Move every marked card to the column left/right of the focused one, at once.

        Returns (the rows whose status changed, the new status), or None when there is no such
        column. Focus goes to that column, on the focused card when it was marked, else on the
        first moved card. Marks are left for the caller to clear once the store has the change.
        """
        target = self.focus + delta
        if not 0 <= target < len(STATUSES):
            return None
        status = STATUSES[target]
        focused = self.focused()
        moved = [row for row in self.marked_rows() if row.status is not status]
        for row in moved:
            old, row.status = row.status, status
            if row._card is not None:
                row._card.status = status
            self._regroup(row, old)
        if moved:
            self._last_match = None   # new statuses: refilter (overdue) from the regrouped rows
            follow = focused if focused is not None and focused.id in self.marked else moved[0]
            self._anchor[target] = follow.id
            self.refilter()
            self.focus = target
        return moved, status
