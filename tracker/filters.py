"""The card filters shared by the CLI, the board, exports and reports (one meaning everywhere)."""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from datetime import date
from collections.abc import Iterable

from .errors import UsageError, joined
from .i18n import msg
from .model import Card, Status
from .text import fold

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


def search_key(card: Card) -> str:
    """Everything free-text search looks at, folded once so typing is cheap."""
    parts = [card.id, card.number, card.content, card.section or "", *card.lead, *card.support,
             card.lead_text, card.support_text, card.time_text, card.note]
    return fold(" ".join(parts))


def agency_matches(card: Card, query_folded: str, lead_only: bool = False) -> bool:
    """Whether a folded agency query names one of the card's agencies (whole name or part of it)."""
    names = card.lead if lead_only else [*card.lead, *card.support]
    return any(query_folded in fold(name) for name in names)


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

    def compile(self, today: date) -> _Compiled:
        return _Compiled(self, today)

    def matches(self, card: Card, today: date, key: str | None = None) -> bool:
        return self.compile(today).matches(card, key)


# A status inside a description: the word typed after --status, its label in Vietnamese.
_STATUS_WORDS = {Status.NOT_STARTED: msg("not-started"), Status.IN_PROGRESS: msg("in-progress"), Status.DONE: msg("done")}


class _Compiled:
    """Filters with their folded strings and date bounds worked out once, for tight loops."""

    def __init__(self, filters: Filters, today: date):
        from .deadlines import next_due, occurrences  # local: keeps `import tracker.filters` light

        self.f = filters
        self.today = today
        self._next_due = next_due
        self._occurrences = occurrences
        self.agencies = [fold(name) for name in filters.agency_names()]
        self.statuses = filters.statuses()
        self.plan = filters.plan.lower() if filters.plan else None
        self.words = fold(filters.search).split() if filters.search else []
        self.quarter = quarter_bounds(*parse_quarter(filters.quarter)) if filters.quarter else None
        self.this_quarter = quarter_bounds(*quarter_of(today)) if filters.due_this_quarter else None

    def matches(self, card: Card, key: str | None = None) -> bool:
        f = self.f
        if card.archived and not f.include_archived:
            return False
        if self.statuses and card.status not in self.statuses:
            return False
        if self.plan and card.plan.lower() != self.plan and not card.plan.lower().startswith(self.plan):
            return False
        if self.agencies and not any(agency_matches(card, name, f.lead_only) for name in self.agencies):
            return False
        if self.words:
            haystack = key if key is not None else search_key(card)
            if not all(word in haystack for word in self.words):
                return False
        if self.quarter or self.this_quarter or f.due_before or f.due_after or f.overdue:
            if not self._dates_match(card):
                return False
        return True

    def _dates_match(self, card: Card) -> bool:
        f = self.f
        due = self._next_due(card.deadline, self.today)
        if f.overdue and not (due and due < self.today and card.status != Status.DONE):
            return False
        if f.due_before and not (due and due <= f.due_before):
            return False
        if f.due_after and not (due and due >= f.due_after):
            return False
        for bounds in (self.quarter, self.this_quarter):
            if bounds:
                first, last = bounds
                if not any(first <= day <= last for day in self._occurrences(card.deadline)):
                    return False
        return True


def apply_filters(cards: Iterable[Card], filters: Filters, today: date) -> list[Card]:
    compiled = filters.compile(today)
    return [card for card in cards if compiled.matches(card)]
