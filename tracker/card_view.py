"""`StoredCard`: a card read straight from its stored record, for filtering without building a `Card`.

A bulk change at 100,000 cards filtered `Card` objects and spent most of its time building them
(`Card.from_dict`, 30 µs each, 3 s) for the few thousand it moves. `StoredCard` has the fields
`tracker.filters.Filterable` names, read from the record when a filter asks; `select_ids` runs
the CLI's one `Matcher` over records and answers ids, and the caller builds only those cards.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from functools import lru_cache
from typing import Any

from .filters import FilterKeys, Filters
from .model import Deadline, Status, agencies_of
from .text import fold

_STATUS_OF = {status.value: status for status in Status}

# Agency names repeat across every card (a few hundred names, 100,000 cards): fold each once.
fold_name = lru_cache(maxsize=65536)(fold)


class StoredCard:
    """The read-only view of one stored card record."""

    __slots__ = ("doc",)

    def __init__(self, doc: dict[str, Any]):
        self.doc = doc

    @property
    def id(self) -> str:
        return self.doc["id"]

    @property
    def plan(self) -> str:
        return self.doc.get("plan") or ""

    @property
    def status(self) -> Status:
        return _STATUS_OF[self.doc.get("status", "not-started")]

    @property
    def archived(self) -> bool:
        return bool(self.doc.get("archived"))

    @property
    def deadline(self) -> Deadline:
        return Deadline.from_dict(self.doc.get("deadline"))

    @property
    def lead(self) -> list[str]:
        return self.doc.get("lead") or []

    @property
    def support(self) -> list[str]:
        return self.doc.get("support") or []

    @property
    def number(self) -> str:
        return self.doc.get("number") or ""

    @property
    def content(self) -> str:
        return self.doc.get("content") or ""

    @property
    def section(self) -> str | None:
        return self.doc.get("section")

    @property
    def lead_text(self) -> str:
        return self.doc.get("lead_text") or ""

    @property
    def support_text(self) -> str:
        return self.doc.get("support_text") or ""

    @property
    def time_text(self) -> str:
        return self.doc.get("time_text") or ""

    @property
    def note(self) -> str:
        return self.doc.get("note") or ""

    def agencies(self) -> list[str]:
        """Lead then support agencies without repeats, as `Card.agencies` (services.agency_counts
        counts records, board rows and cards alike)."""
        return agencies_of(self.lead, self.support)


def select_docs(docs: Iterable[dict[str, Any]], filters: Filters, today: date) -> list[dict[str, Any]]:
    """The stored records `filters` match, in their order (the one Matcher of the CLI)."""
    matcher = filters.compile(today)
    found = []
    for doc in docs:
        card = StoredCard(doc)
        if matcher(card, FilterKeys(card, today, fold_name, lazy=True)):
            found.append(doc)
    return found


def select_ids(docs: Iterable[dict[str, Any]], filters: Filters, today: date) -> list[str]:
    return [doc["id"] for doc in select_docs(docs, filters, today)]
