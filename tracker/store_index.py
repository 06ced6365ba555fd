"""What a change needs to know about every card without reading the card files: each card's
status and archived flag (a `state` string in the head, one letter per card of a plan), and
which agencies each card names (the index file, rewritten only when a card file changes).

Why (README "Storage", measured at 100,000 cards): a bulk move by agency read all 5,000 card
files (1.2 s) to find 4,949 cards and their statuses. With the state and the index it reads none:
the filters that only look at agency, plan, status and archiving are answered here, the others
still read the records.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from .errors import StoreCorrupt
from .i18n import msg
from .model import Status
from .nogc import no_gc
from .text import fold

if TYPE_CHECKING:
    from .filters import Filters

# A card's letter in its plan's `state`: the status, upper case when archived.
LETTER_OF = {Status.NOT_STARTED.value: "n", Status.IN_PROGRESS.value: "p", Status.DONE.value: "d"}
STATUS_OF_LETTER = {"n": Status.NOT_STARTED, "p": Status.IN_PROGRESS, "d": Status.DONE}
for _letter, _status in list(STATUS_OF_LETTER.items()):
    STATUS_OF_LETTER[_letter.upper()] = _status
ARCHIVED = frozenset("NPD")

# One plan's index entry: its distinct agency names, then per card (in the head's id order) the
# positions of its lead names and of its support names in that list.
IndexEntry = list[Any]
Index = dict[str, IndexEntry]


def index_file_name(tx: int) -> str:
    return f"index.{tx}.json"


def letter(status: str, archived: bool) -> str:
    code = LETTER_OF.get(status, "n")
    return code.upper() if archived else code


def state_of(docs: Iterable[dict[str, Any]]) -> str:
    """The state string of a plan's records, in their order."""
    return "".join(letter(doc.get("status") or "not-started", bool(doc.get("archived"))) for doc in docs)


def index_entry(docs: Iterable[dict[str, Any]]) -> IndexEntry:
    names: dict[str, int] = {}
    leads: list[list[int]] = []
    supports: list[list[int]] = []
    for doc in docs:
        leads.append([names.setdefault(name, len(names)) for name in doc.get("lead") or ()])
        supports.append([names.setdefault(name, len(names)) for name in doc.get("support") or ()])
    return [list(names), leads, supports]


def index_bytes(tx: int, index: Index) -> bytes:
    return orjson.dumps({"_meta": {"1": {"tx": tx}}, "plans": index})


def parse_index(data: bytes, path: Path) -> Index:
    """Parse the index file, or raise StoreCorrupt naming the fix (it can be rebuilt)."""
    try:
        with no_gc():
            raw = orjson.loads(data)
        index = raw["plans"]
        healthy = isinstance(index, dict) and {
            (type(entry), len(entry), type(entry[0]), type(entry[1]), type(entry[2]))
            for entry in index.values()} <= {(list, 3, list, list, list)}
    except (orjson.JSONDecodeError, KeyError, TypeError, IndexError):
        healthy = False
    if not healthy:
        raise StoreCorrupt(msg("The agency index {path} is damaged.", path=path),
                           msg("Run `tracker db compact`: it rebuilds the index from the card files."))
    return index


def distinct_agencies(index: Index) -> set[str]:
    """Every agency name some card names (archived cards included)."""
    return {name for entry in index.values() for name in entry[0]}


def answers(filters: Filters) -> bool:
    """Whether the state and the index alone decide these filters (no dates, no search)."""
    return not (filters.quarter or filters.due_before or filters.due_after or filters.overdue
                or filters.due_this_quarter or filters.search)


def select_ids(entries: Iterable[dict[str, Any]], index: Index, filters: Filters) -> list[str]:
    """The ids `filters` match, in the records' order, from the head's entries and the index.

    The same meaning as `filters.Matcher` (tests hold the two together): archived cards only
    with include_archived, any of the statuses, the plan key or its start, any agency word inside
    one of the card's lead (or lead and support) names, folded.
    """
    statuses = {LETTER_OF[status.value] for status in filters.statuses()}
    plan_start = filters.plan.lower() if filters.plan else None
    wanted = [fold(name).strip() for name in filters.agency_names()]
    lead_only, include_archived = filters.lead_only, filters.include_archived
    found: list[str] = []
    verdicts: dict[str, bool] = {}       # agency name → whether a wanted word is in it
    for entry in entries:
        if plan_start is not None and not entry["plan"].lower().startswith(plan_start):
            continue
        ids, state = entry["ids"], entry["state"]
        if wanted:
            names, leads, supports = index.get(entry["plan"]) or ([], [], [])
            hits = set()
            for position, name in enumerate(names):
                verdict = verdicts.get(name)
                if verdict is None:
                    folded = fold(name)
                    verdict = verdicts[name] = any(word in folded for word in wanted)
                if verdict:
                    hits.add(position)
            if not hits:
                continue
            candidates = [n for n, lead in enumerate(leads) if not hits.isdisjoint(lead)
                          or (not lead_only and not hits.isdisjoint(supports[n]))]
        else:
            candidates = list(range(len(ids)))
        for position in candidates:
            code = state[position]
            if (code in ARCHIVED and not include_archived) or (statuses and code.lower() not in statuses):
                continue
            found.append(ids[position])
    return found
