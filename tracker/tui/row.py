"""One card as the board holds it: read straight from the stored record, drawn from, filtered by tracker.filters."""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache
from typing import Any

import orjson

from ..deadline_dates import next_due as _next_due
from ..card_view import StoredCard
from ..filters import FilterKeys
from ..inert import printable
from ..model import Card, Deadline, Status

STATUSES = (Status.NOT_STARTED, Status.IN_PROGRESS, Status.DONE)
SOON_DAYS = 14
# Kinds whose next due date is simply the stored `due`, so no Deadline object is needed.
ONE_OFF_KINDS = frozenset({"quarter", "month", "year", "date", "range", "ongoing", "conditional", "unknown"})
_STATUS_OF = {status.value: status for status in Status}   # Enum lookup by value is slow at 20,000
MARKERS = {"recurring": "↻", "ongoing": "∞", "conditional": "?", "unknown": "?"}


def _shown(text: str) -> str:
    return text if text.isprintable() else printable(text)


# Agency names repeat on thousands of cards; each is checked once.
_NAMES: dict[str, str] = {}


def _shown_name(name: str) -> str:
    shown = _NAMES.get(name)
    if shown is None:
        shown = _NAMES[name] = _shown(name)
    return shown


def _shown_names(names: list[str]) -> list[str]:
    # The record's own list (shared by every card that names the same agencies) when it is clean.
    shown = [_shown_name(name) for name in names]
    return names if all(a is b for a, b in zip(shown, names)) else shown


@lru_cache(maxsize=8192)
def _day(iso: str) -> date:
    return date.fromisoformat(iso)


# (today, the stored deadline's JSON) → its next due date. 21,000 recurring and multi-part cards of
# 100,000 share a few dozen deadlines; building each one's Deadline cost 0.12 s of the launch.
_NEXT_DUES: dict[tuple[date, bytes], date | None] = {}


def _next_due_of(deadline: dict[str, Any], today: date) -> date | None:
    """deadline_dates.next_due of a stored deadline record, worked out once per distinct one."""
    try:
        key = (today, orjson.dumps(deadline))
    except orjson.JSONEncodeError:    # not JSON (cannot come from a file): no key, work it out
        return _next_due(Deadline.from_dict(deadline), today)
    try:
        return _NEXT_DUES[key]
    except KeyError:
        if len(_NEXT_DUES) > 10_000:
            _NEXT_DUES.clear()
        due = _NEXT_DUES[key] = _next_due(Deadline.from_dict(deadline), today)
        return due


class Row(StoredCard):
    """One card as the board needs it, built straight from the stored document (cheap).

    It has every field `tracker.filters.Filterable` names, so the board filters with the same
    `Matcher` as the CLI; `filter_keys` (folded agencies, search text, due dates) is worked out
    once by `Board.ensure_keys`, after the first frame.
    """

    __slots__ = ("id", "order", "plan", "kind", "due", "status", "sequence", "filter_keys", "_card",
                 "_lead", "_support")

    def __init__(self, doc: dict[str, Any], order: int, today: date):
        # Only what sorting and the columns need for every card is worked out here (100,000 rows
        # at launch); the texts drawn on a card face are read from the record when it is drawn.
        self.doc = doc
        self.order = order
        self.id: str = doc["id"]
        self.plan: str = doc.get("plan", "")
        self.status = _STATUS_OF[doc.get("status", "not-started")]
        self.sequence: int = doc.get("sequence", 0)
        deadline = doc.get("deadline") or {}
        self.kind: str = deadline.get("kind", "unknown")
        # The date drawn on the card face and sorted by (the filters use their own keys' `due`,
        # deadlines.next_due of the same deadline, which for these kinds is this stored date).
        if self.kind in ONE_OFF_KINDS:
            due = deadline.get("due")
            self.due = _day(due) if due else None
        else:
            self.due = _next_due_of(deadline, today)
        self.filter_keys: FilterKeys | None = None
        self._card: Card | None = None
        self._lead: list[str] | None = None
        self._support: list[str] | None = None

    # What the board draws goes to the terminal as it is: no control character or escape sequence
    # (stored before the store stripped them) may reach it.
    @property
    def number(self) -> str:
        return _shown(self.doc.get("number") or "")

    @property
    def content(self) -> str:
        return _shown(self.doc.get("content") or "")

    @property
    def time_text(self) -> str:
        return _shown(self.doc.get("time_text") or "")

    @property
    def note(self) -> str:
        return self.doc.get("note") or ""

    @property
    def lead(self) -> list[str]:
        if self._lead is None:
            self._lead = _shown_names(self.doc.get("lead") or [])
        return self._lead

    @property
    def support(self) -> list[str]:
        if self._support is None:
            self._support = _shown_names(self.doc.get("support") or [])
        return self._support

    # The rest of Filterable (archived, deadline, section, the agency texts): StoredCard's, read from
    # the stored record when a filter or the fold asks.

    # `agencies` is StoredCard's (Card's own method over this row's lead and support).

    def card(self) -> Card:
        """The full model Card (built on demand: details, export)."""
        if self._card is None:
            self._card = Card.from_dict(self.doc)
            self._card.status = self.status
        return self._card

    def fold(self, today: date, fold_name: Any) -> FilterKeys:
        """Work out the filters' keys once (agency names folded through the board's cache)."""
        keys = self.filter_keys
        if keys is None:
            keys = self.filter_keys = FilterKeys(self, today, fold_name)
        return keys

    def urgency(self, today: date) -> str:
        """'overdue', 'soon' (within 14 days) or '' — done cards are never late."""
        if self.due is None or self.status == Status.DONE:
            return ""
        if self.due < today:
            return "overdue"
        if self.due <= today + timedelta(days=SOON_DAYS):
            return "soon"
        return ""
