"""`RecordPool`: one copy of each value that repeats across stored card records.

A parsed card file gives every record its own copy of the plan key, the status, the agency
names, the deadline and so on, though a hundred thousand cards share a few thousand distinct
values. Read records are never modified (they are replaced, and `Card.from_dict` copies what it
changes), so records may share one copy: measured at 100,000 cards, 425 → 253 MiB for 0.19 s.
"""

from __future__ import annotations

import sys
from typing import Any

_TEXTS = ("plan", "section", "status", "time_text", "lead_text", "support_text")
_LISTS = ("lead", "support", "notes", "edited")
_DICTS = ("deadline", "extras")


class RecordPool:
    """The values shared so far; `share(docs)` makes freshly parsed records use them."""

    def __init__(self) -> None:
        self._lists: dict[tuple[Any, ...], list[Any]] = {}
        self._dicts: dict[tuple[Any, ...], dict[str, Any]] = {}

    def share(self, docs: dict[str, dict[str, Any]]) -> None:
        intern, lists, dicts = sys.intern, self._lists, self._dicts
        for doc in docs.values():
            for name in _TEXTS:
                value = doc.get(name)
                if value.__class__ is str:
                    doc[name] = intern(value)
            for name in _LISTS:
                value = doc.get(name)
                if value.__class__ is list:
                    try:
                        doc[name] = lists.setdefault((name, *value), value)
                    except TypeError:     # an unhashable item: keep the record's own
                        pass
            for name in _DICTS:
                value = doc.get(name)
                if value.__class__ is dict:
                    try:
                        doc[name] = dicts.setdefault((name, *value.items()), value)
                    except TypeError:     # milestones and other lists inside: keep its own
                        pass
            source = doc.get("source")
            if source.__class__ is dict and source.get("file").__class__ is str:
                source["file"] = intern(source["file"])
