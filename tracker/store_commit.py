"""`Commit`: what one transaction hands the store to write (the new head's parts, the card files
that change, the journal block), and `plain`: a field value as it is stored."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .model import Event, Status

Docs = dict[str, dict[str, Any]]     # card id → stored record, in the plan file's order


@dataclass
class Commit:
    """One transaction's result, for the store to write: head parts, changed plans, history block."""

    meta: dict[str, Any]
    plans: dict[str, dict[str, Any]]          # plan key → record
    entries: dict[str, dict[str, Any]]        # plan key → its card file's index entry
    docs: dict[str, Docs]                     # the plans whose card files change → their records
    block: bytes                              # the journal block (empty: no history this time)
    sync: dict[str, Any] | None               # the new sync state, or None when unchanged
    plan_of: dict[str, str] | None = None     # card id → plan after the change (saves the next read)
    change: tuple[int, list[Event]] | None = None   # the change set id and its events, as recorded
    overlay: dict[str, dict[str, Any]] | None = None  # the new overlay (plan → id → patch), None: unchanged
    index: dict[str, list[Any]] | None = None       # the new agency index, None: unchanged

    def head(self) -> dict[str, dict[str, Any]]:
        return {"_meta": {"1": self.meta},
                "plans": {str(n): doc for n, doc in enumerate(self.plans.values(), start=1)},
                "shards": {str(n): entry for n, entry in enumerate(self.entries.values(), start=1)}}


def plain(value: Any) -> Any:
    """A field value as stored in JSON (and in history): enums by value, copies of lists and dicts."""
    if isinstance(value, Status):
        return value.value
    if hasattr(value, "to_dict"):
        return value.to_dict()
    if isinstance(value, list):
        return list(value)
    if isinstance(value, dict):
        return dict(value)
    return value
