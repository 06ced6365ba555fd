"""Schema 1 → 2: one file holding cards and all their history becomes a head, one card file per
plan and an append-only journal (DESIGN §7 in README: "Storage"). Pure: it splits the parsed old
file; the store writes the parts (or, for a file it may not write, reads them from memory)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .journal import encode_block
from .store_commit import Docs
from .store_file import empty_head


@dataclass
class Split:
    """A schema-1 database as schema 2's parts."""

    meta: dict[str, Any]                     # the new head's `_meta` (journal size set by the writer)
    plans: dict[str, dict[str, Any]]         # plan key → record
    cards: dict[str, Docs]                   # plan key → its cards, id → record, in the old order
    journal: bytes                           # every change set with its events, oldest first
    sync: dict[str, Any]


def split_v1(raw: dict[str, dict[str, Any]]) -> Split:
    old = raw["_meta"]["1"]
    meta = empty_head()["_meta"]["1"]
    for name in ("counter", "next_event", "next_change_set"):
        meta[name] = old.get(name, meta[name])
    plans = {doc["key"]: doc for doc in raw["plans"].values()}
    cards: dict[str, Docs] = {}
    for doc in raw["cards"].values():
        cards.setdefault(doc.get("plan") or "", {})[doc["id"]] = doc
    events_by_set: dict[int, list[dict[str, Any]]] = {}
    for event in sorted(raw["events"].values(), key=lambda event: event["id"]):
        events_by_set.setdefault(event["change_set"], []).append(event)
    sets = {doc["id"]: doc for doc in raw["change_sets"].values()}
    for orphan in events_by_set.keys() - sets.keys():
        # Events whose change set record was lost still belong to history: keep them under one.
        first = events_by_set[orphan][0]
        sets[orphan] = {"id": orphan, "at": first.get("at", ""), "action": "unknown", "by": first.get("by", ""),
                        "via": first.get("via", "cli"), "summary": "", "cards": 0, "undoes": None,
                        "undone_by": None}
    journal = b"".join(encode_block(sets[number], events_by_set.get(number, [])) for number in sorted(sets))
    return Split(meta=meta, plans=plans, cards=cards, journal=journal, sync=raw["sync"].get("1", {}))
