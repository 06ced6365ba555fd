"""`RecordPool`: one copy of the agency lists and deadlines that repeat across stored card records.

A parsed card file gives every record its own lead and support lists and its own deadline
object, though a hundred thousand cards share a few thousand distinct ones. Read records are
never modified (they are replaced, and `Card.from_dict` copies what it changes), so records may
share one copy. Measured at 100,000 cards: 430 → 346 MiB for 0.05 s. Sharing every repeated
text too (plan, status, section, agency texts) saved 90 MiB more but cost 0.5 s, a fifth of
the board's launch budget. The texts most records repeat (three statuses, one plan key per plan,
one time per import) and the containers most leave empty (notes, edited, extras) are shared:
the board's peak at 100,000 cards 510 → 472 MiB for about 0.1 s of its launch.
"""

from __future__ import annotations

from typing import Any

_LISTS = ("lead", "support")


class RecordPool:
    """The values shared so far; `share(docs)` makes freshly parsed records use them."""

    def __init__(self) -> None:
        self._lists: dict[tuple[Any, ...], list[Any]] = {}
        self._deadlines: dict[tuple[Any, ...], dict[str, Any]] = {}
        self._texts: dict[str, str] = {}
        self._empty: dict[type, Any] = {list: [], dict: {}}

    def share(self, docs: dict[str, dict[str, Any]]) -> None:
        # Written out field by field: this runs over every record the board reads (100,000 at
        # national scale), and loops over field names cost a third more.
        lists, deadlines = self._lists, self._deadlines
        text = self._texts.setdefault
        empty_list, empty_dict = self._empty[list], self._empty[dict]
        for doc in docs.values():
            get = doc.get
            for name in _LISTS:
                value = get(name)
                if value.__class__ is list:
                    try:
                        doc[name] = lists.setdefault((name, *value), value)
                    except TypeError:     # an unhashable item: keep the record's own
                        pass
            value = get("deadline")
            if value.__class__ is dict:
                try:
                    doc["deadline"] = deadlines.setdefault(tuple(value.items()), value)
                except TypeError:         # milestones and other lists inside: keep its own
                    pass
            value = get("status")
            if value.__class__ is str:
                doc["status"] = text(value, value)
            value = get("plan")
            if value.__class__ is str:
                doc["plan"] = text(value, value)
            value = get("updated_at")
            if value.__class__ is str:
                doc["updated_at"] = text(value, value)
            value = get("notes")
            if not value and value.__class__ is list:
                doc["notes"] = empty_list
            value = get("edited")
            if not value and value.__class__ is list:
                doc["edited"] = empty_list
            value = get("extras")
            if not value and value.__class__ is dict:
                doc["extras"] = empty_dict
