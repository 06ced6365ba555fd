"""The card filters shared by the CLI, the board, exports and reports (one meaning everywhere)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, fields
from datetime import date
from itertools import compress, repeat
from operator import and_, contains, gt, is_not
from typing import Any, Protocol, TypeVar

from .deadline_dates import next_due, occurrences
from .errors import UsageError, joined
from .i18n import msg
from .model import Deadline, Status
from .text import fold

K = TypeVar("K")
C = TypeVar("C", bound="Filterable")

# "2014Q1", "2014-Q1", "Q1/2014", "q1 2014"
_QUARTER = re.compile(r"^\s*(?:(\d{4})\s*-?\s*q([1-4])|q([1-4])\s*[/ -]?\s*(\d{4}))\s*$", re.IGNORECASE)


def parse_quarter(text: str) -> tuple[int, int]:
    """'2014Q1' → (2014, 1)."""
    match = _QUARTER.match(text or "")
    if not match:
        raise UsageError(msg("Unknown quarter {text}.", text=repr(text)),
                         msg("Write it as YEAR + Q + 1-4, for example 2014Q1."))
    year, quarter = (match.group(1), match.group(2)) if match.group(1) else (match.group(4), match.group(3))
    return int(year), int(quarter)


def quarter_bounds(year: int, quarter: int) -> tuple[date, date]:
    first = date(year, 3 * quarter - 2, 1)
    last = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
    return first, date.fromordinal(last.toordinal() - 1)


def quarter_of(day: date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


class Filterable(Protocol):
    """The fields of a card that a filter reads.

    `model.Card` has them, and so has the board's `tui.row.Row` (read straight from the stored
    record): both go through the same `Matcher`, so the CLI and the board cannot disagree.
    """

    @property
    def id(self) -> str: ...
    @property
    def plan(self) -> str: ...
    @property
    def status(self) -> Status: ...
    @property
    def archived(self) -> bool: ...
    @property
    def deadline(self) -> Deadline: ...
    @property
    def lead(self) -> Sequence[str]: ...
    @property
    def support(self) -> Sequence[str]: ...
    # Free text: what search looks at besides the id and the agencies.
    @property
    def number(self) -> str: ...
    @property
    def content(self) -> str: ...
    @property
    def section(self) -> str | None: ...
    @property
    def lead_text(self) -> str: ...
    @property
    def support_text(self) -> str: ...
    @property
    def time_text(self) -> str: ...
    @property
    def note(self) -> str: ...


def search_key(card: Filterable) -> str:
    """Everything free-text search looks at, folded once so typing is cheap."""
    parts = [card.id, card.number, card.content, card.section or "", *card.lead, *card.support,
             card.lead_text, card.support_text, card.time_text, card.note]
    return fold(" ".join(parts))


def agency_matches(card: Filterable, query_folded: str, lead_only: bool = False) -> bool:
    """Whether a folded agency query names one of the card's agencies (whole name or part of it)."""
    names = card.lead if lead_only else [*card.lead, *card.support]
    return any(query_folded in fold(name) for name in names)


class FilterKeys:
    """What the filters work out from one card: folded agency names, folded search text, due dates.

    Made eagerly (`FilterKeys(card, today)`), every key is worked out at once: the board keeps one
    per card, folded in a worker after the first frame. Made lazily (`lazy=True`, the CLI's single
    pass), a key is worked out the first time a filter asks for it.
    """

    __slots__ = ("_card", "_today", "_fold", "lead", "agencies", "text", "due", "milestones")
    lead: tuple[str, ...]          # folded lead agency names
    agencies: tuple[str, ...]      # folded lead then support names
    text: str                      # search_key
    due: date | None               # the date that decides "overdue" as of today (deadlines.next_due)
    milestones: list[date]         # every dated milestone (deadlines.occurrences)

    def __init__(self, card: Filterable, today: date, fold_name: Callable[[str], str] = fold, *,
                 lazy: bool = False):
        self._card, self._today, self._fold = card, today, fold_name
        if not lazy:
            self.lead = tuple(fold_name(name) for name in card.lead)
            self.agencies = self.lead + tuple(fold_name(name) for name in card.support)
            self.text = search_key(card)
            self._dates(card.deadline)

    def _dates(self, deadline: Deadline) -> None:
        self.due = next_due(deadline, self._today)
        self.milestones = occurrences(deadline)

    def __getattr__(self, name: str) -> Any:
        # Only reached for a key not worked out yet (lazy keys): work it out, keep it.
        card = self._card
        if name == "lead":
            self.lead = tuple(self._fold(n) for n in card.lead)
        elif name == "agencies":
            self.agencies = self.lead + tuple(self._fold(n) for n in card.support)
        elif name == "text":
            self.text = search_key(card)
        elif name in ("due", "milestones"):
            self._dates(card.deadline)
        else:
            raise AttributeError(name)
        return getattr(self, name)


@dataclass(frozen=True)
class Filters:
    """Which cards to show or change; empty fields do not filter."""

    agency: str | tuple[str, ...] | None = None        # several: any of them (--agency A --agency B)
    lead_only: bool = False
    plan: str | None = None
    status: Status | tuple[Status, ...] | None = None  # several: any of them
    quarter: str | None = None            # "2014Q1": a milestone due inside that quarter
    due_before: date | None = None        # due on or before
    due_after: date | None = None         # due on or after
    overdue: bool = False
    due_this_quarter: bool = False        # relative to `today`
    search: str | None = None
    include_archived: bool = False

    def is_empty(self) -> bool:
        return all(not getattr(self, f.name) for f in fields(self))

    def agency_names(self) -> tuple[str, ...]:
        """The agency words asked for; a card matches when any one of them names one of its agencies."""
        if not self.agency:
            return ()
        return (self.agency,) if isinstance(self.agency, str) else tuple(self.agency)

    def statuses(self) -> frozenset[Status]:
        if not self.status:
            return frozenset()
        return frozenset((self.status,) if isinstance(self.status, Status) else self.status)

    def agency_text(self) -> str:
        """The agency filter as people read it: 'Sở Nội vụ' or 'Sở Nội vụ | Sở Tư pháp'."""
        return " | ".join(self.agency_names())

    def describe(self) -> str:
        """A short human summary, e.g. "agency 'Sở Nội vụ' (lead) · overdue".

        A message: its str() is English; say() or localize() gives the run's language.
        """
        bits = []
        if self.agency:
            agencies = joined([msg("agency '{name}'", name=name) for name in self.agency_names()], " or ")
            bits.append(msg("{agencies} (lead)", agencies=agencies) if self.lead_only else agencies)
        if self.plan:
            bits.append(msg("plan {plan}", plan=self.plan))
        if self.status:
            words = [_STATUS_WORDS[status] for status in sorted(self.statuses(), key=lambda status: status.value)]
            bits.append(msg("status {statuses}", statuses=joined(words, " or ")))
        if self.quarter:
            bits.append(msg("quarter {quarter}", quarter=self.quarter))
        if self.due_after:
            bits.append(msg("due ≥ {day}", day=self.due_after.isoformat()))
        if self.due_before:
            bits.append(msg("due ≤ {day}", day=self.due_before.isoformat()))
        if self.overdue:
            bits.append(msg("overdue"))
        if self.due_this_quarter:
            bits.append(msg("due this quarter"))
        if self.search:
            bits.append(msg("search '{text}'", text=self.search))
        return joined(bits, " · ") if bits else msg("all cards")

    def compile(self, today: date) -> Matcher:
        """These filters as a predicate over cards (see Matcher), worked out once for a tight loop."""
        return Matcher(self, today)

    def matches(self, card: Filterable, today: date, key: str | None = None) -> bool:
        return self.compile(today).matches(card, key)


# A status inside a description: the word typed after --status, its label in Vietnamese.
_STATUS_WORDS = {Status.NOT_STARTED: msg("not-started"), Status.IN_PROGRESS: msg("in-progress"), Status.DONE: msg("done")}


# One test of one filter: (card, its FilterKeys) → whether the card passes.
Clause = Callable[[Any, Any], bool]


class Matcher:
    """Filters with their folded strings and date bounds worked out once: one clause per filter.

    `matcher(card)` is the predicate every command uses. `matcher.select(rows)` runs the same
    clauses over items that carry their keys (`filter_keys`, the board's rows), one list
    comprehension per clause: at 20,000 cards a clause narrows what the next one looks at, and
    the board's search stays in budget (DESIGN §9).
    """

    def __init__(self, filters: Filters, today: date):
        self.filters, self.today = filters, today
        f = filters
        clauses: list[Clause] = []
        if not f.include_archived:
            clauses.append(lambda card, keys: not card.archived)
        statuses = f.statuses()
        if statuses:
            clauses.append(lambda card, keys: card.status in statuses)
        if f.plan:
            plan = f.plan.lower()    # the plan key or its start: "nam-dinh" is every Nam Định plan
            clauses.append(lambda card, keys: card.plan.lower().startswith(plan))
        # `select` runs a clause over many rows: where a plain comprehension can say it without
        # a call per row, `bulk` holds that form (100,000 rows: a search word 40 → 10 ms).
        bulk: dict[int, Callable[[list[Any]], list[Any]]] = {}
        # And where the clause can be read off the items' key columns (KeyColumns), `masks` holds
        # it as a map over them, run in C.
        masks: dict[int, Callable[[KeyColumns], Iterable[bool]]] = {}
        wanted = [fold(name).strip() for name in f.agency_names()]
        if wanted:
            names_of = "lead" if f.lead_only else "agencies"
            # Cards share their agency lists: each distinct list is tested once.
            verdicts: dict[tuple[str, ...], bool] = {}

            def names_match(card: Any, keys: Any) -> bool:
                names = getattr(keys, names_of)
                verdict = verdicts.get(names)
                if verdict is None:
                    verdict = verdicts[names] = any(a in name for a in wanted for name in names)
                return verdict
            clauses.append(names_match)
        for word in fold(f.search).split() if f.search else ():
            def has_word(card: Any, keys: Any, word: str = word) -> bool:
                return word in keys.text
            def rows_with_word(items: list[Any], word: str = word) -> list[Any]:
                return [item for item in items if word in item.filter_keys.text]
            def texts_with_word(columns: KeyColumns, word: str = word) -> Iterable[Any]:
                letter = columns.letters.get(word) if len(word) == 1 else None
                if letter is not None:      # the first letter typed: worked out before it was typed
                    return letter
                return map(contains, columns.text, repeat(word))
            bulk[len(clauses)], masks[len(clauses)] = rows_with_word, texts_with_word
            clauses.append(has_word)
        if f.overdue:
            done, today_number = Status.DONE, today.toordinal()
            def overdue_rows(items: list[Any]) -> list[Any]:
                return [item for item in items if (due := item.filter_keys.due) is not None and due < today
                        and item.status is not done]
            def overdue_mask(columns: KeyColumns) -> Iterable[bool]:
                past = map(gt, repeat(today_number), columns.due)
                return map(and_, past, map(is_not, columns.status, repeat(done)))
            bulk[len(clauses)], masks[len(clauses)] = overdue_rows, overdue_mask
            clauses.append(lambda card, keys: keys.due is not None and keys.due < today
                           and card.status is not Status.DONE)
        if f.due_before:
            before = f.due_before
            clauses.append(lambda card, keys: keys.due is not None and keys.due <= before)
        if f.due_after:
            after = f.due_after
            clauses.append(lambda card, keys: keys.due is not None and keys.due >= after)
        quarters = [quarter_bounds(*parse_quarter(f.quarter))] if f.quarter else []
        if f.due_this_quarter:
            quarters.append(quarter_bounds(*quarter_of(today)))
        for first, last in quarters:
            def in_quarter(card: Any, keys: Any, first: date = first, last: date = last) -> bool:
                return any(first <= day <= last for day in keys.milestones)
            clauses.append(in_quarter)
        self.clauses = clauses
        self._bulk, self._masks = bulk, masks
        # Archived, status and plan read the card itself; every other clause reads its keys.
        self.needs_keys = bool(wanted or f.search or f.overdue or f.due_before or f.due_after or quarters)

    def __call__(self, card: Filterable, keys: FilterKeys | None = None) -> bool:
        if keys is None:
            keys = FilterKeys(card, self.today, lazy=True)
        for clause in self.clauses:
            if not clause(card, keys):
                return False
        return True

    def matches(self, card: Filterable, key: str | None = None) -> bool:
        """The predicate; `key` is the card's search_key when the caller has it already."""
        keys = FilterKeys(card, self.today, lazy=True)
        if key is not None:
            keys.text = key
        return self(card, keys)

    def select(self, items: Sequence[K], columns: KeyColumns | None = None) -> list[K]:
        """The items that pass, in their order; each carries its keys as `filter_keys`.

        Items whose keys are not worked out yet (None) are fine while `needs_keys` is False.
        `columns`, the items' keys as columns, lets the clauses that read them run in C, the
        columns narrowed with the items (the board's status groups: 100,000 rows were scanned at
        about 450 ns a row, most of it fetching each row's keys from memory; over the columns the
        first search letter takes 16 ms instead of 46, the overdue filter 18 instead of 34).
        """
        selected = list(items)
        last = len(self.clauses) - 1
        for index, clause in enumerate(self.clauses):
            mask_of = self._masks.get(index)
            if columns is not None and mask_of is not None:
                mask = list(mask_of(columns))
                selected = list(compress(selected, mask))
                columns = columns.narrowed(mask) if index < last else None
                continue
            columns = None                  # a clause read from the items: the columns no longer match them
            fast = self._bulk.get(index)
            if fast is not None:
                selected = fast(selected)
            else:
                selected = [item for item in selected if clause(item, item.filter_keys)]  # type: ignore[attr-defined]
        return selected


_NO_DUE = date.max.toordinal()      # a card without a due day is never overdue


def _due_number(keys: FilterKeys) -> int:
    return _NO_DUE if keys.due is None else keys.due.toordinal()


# The letters a search usually starts with (search texts are folded: lower-case ASCII).
SEARCH_LETTERS = "abcdefghijklmnopqrstuvwxyz0123456789"


class KeyColumns:
    """The search texts, due days (date ordinals) and statuses of a list of items with keys, as
    lists in the items' order (whoever changes an item's status changes its column too), and,
    once `with_letters` worked them out, which texts hold each of SEARCH_LETTERS."""

    __slots__ = ("text", "due", "status", "letters")

    def __init__(self, text: list[str], due: list[int], status: list[Status]):
        self.text, self.due, self.status = text, due, status
        self.letters: dict[str, bytearray] = {}

    def with_letters(self) -> KeyColumns:
        """Work out each letter's texts (100,000 texts: about 0.2 s, for a board's background
        worker), so that the first letter of a search costs 1 ms instead of 16."""
        self.letters = {letter: bytearray(map(contains, self.text, repeat(letter))) for letter in SEARCH_LETTERS}
        return self

    @classmethod
    def of(cls, items: Sequence[Any]) -> KeyColumns:
        keys = [item.filter_keys for item in items]
        return cls([k.text for k in keys], [_due_number(k) for k in keys], [item.status for item in items])

    def insert(self, at: int, item: Any) -> None:
        keys = item.filter_keys
        self.text.insert(at, keys.text)
        self.due.insert(at, _due_number(keys))
        self.status.insert(at, item.status)
        for letter, holds in self.letters.items():
            holds.insert(at, letter in keys.text)

    def remove(self, at: int) -> None:
        del self.text[at], self.due[at], self.status[at]
        for holds in self.letters.values():
            del holds[at]

    def narrowed(self, mask: list[bool]) -> KeyColumns:
        """The columns of the items `mask` keeps."""
        return KeyColumns(list(compress(self.text, mask)), list(compress(self.due, mask)),
                          list(compress(self.status, mask)))


def apply_filters(cards: Iterable[C], filters: Filters, today: date) -> list[C]:
    matcher = filters.compile(today)
    return [card for card in cards if matcher(card)]
