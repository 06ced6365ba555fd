"""A server's VTODO: what it says about a card (status, note, archived) and the merge that updates it.

Reading accepts every way task apps say "done" or "in progress" (STATUS, PERCENT-COMPLETE, a
COMPLETED date); CANCELLED means archived. Writing never replaces a resource: `merge_todo`
starts from the server's current data and swaps only the properties the tracker owns, so
PRIORITY, LOCATION, RELATED-TO, alarms, X- properties and anything else a phone set survive.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import icalendar

from ..model import Status
from .components import CANCELLED, CARD_ID_PROPERTY, NOTE_MARKER, REMOVED_PROPERTY
from .lines import fold_lines, property_name, unfold

PRODID = "-//tracker//Plan tracker CalDAV sync//VI"
# Always the tracker's: a stale COMPLETED or PERCENT-COMPLETE would say the wrong column.
OWNED = frozenset({"DTSTAMP", "LAST-MODIFIED", "SEQUENCE", "SUMMARY", "DESCRIPTION", "STATUS",
                   "PERCENT-COMPLETE", "COMPLETED", "CATEGORIES", CARD_ID_PROPERTY, "X-TRACKER-PLAN"})
# The tracker's when it writes them, or wrote them last time; otherwise a phone's date stays.
DATED = frozenset({"DUE", "DTSTART", "RRULE"})


@dataclass
class ServerTodo:
    """What sync reads from a server resource; None means the resource does not say."""

    href: str
    etag: str | None
    uid: str | None
    card_id: str | None
    status: Status | None
    note: str | None
    archived: bool = False
    sequence: int = 0
    percent: int | None = None
    dated: tuple[str, ...] = ()                       # which of DUE/DTSTART/RRULE it has
    removed: frozenset[str] = field(default_factory=frozenset)   # REMOVED_PROPERTY card ids
    data: str = ""


def _percent(todo: icalendar.Todo) -> int:
    try:
        return int(str(todo.get("percent-complete", 0) or 0).strip())
    except ValueError:
        return 0


def status_of(todo: icalendar.Todo) -> Status | None:
    """The column a VTODO says, in any encoding; None for CANCELLED (that is `archived`)."""
    value = str(todo.get("status", "")).strip().upper()
    percent = _percent(todo)
    if value == CANCELLED:
        return None
    if value == "COMPLETED" or percent >= 100 or todo.get("completed") is not None:
        return Status.DONE
    if value == "IN-PROCESS" or 0 < percent < 100:
        return Status.IN_PROGRESS
    return Status.NOT_STARTED


def note_of(text: str | None) -> str | None:
    """The note part of a DESCRIPTION, or None when the marker is gone (then the note is kept)."""
    if not text:
        return None
    lines = str(text).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for index in range(len(lines) - 1, -1, -1):
        if lines[index].strip() == NOTE_MARKER:
            return "\n".join(lines[index + 1:]).strip()
    return None


def _removed_ids(todo: icalendar.Todo) -> frozenset[str]:
    value = todo.get(REMOVED_PROPERTY.lower())
    if value is None:
        return frozenset()
    values = value if isinstance(value, list) else [value]
    ids: set[str] = set()
    for item in values:
        text = item.to_ical().decode() if hasattr(item, "to_ical") else str(item)
        ids.update(bit.replace("\\,", ",").strip() for bit in text.split(",") if bit.strip())
    return frozenset(ids)


def parse_vtodo(href: str, etag: str | None, data: str | bytes) -> ServerTodo | None:
    """The master VTODO of a resource, or None for events, journals and unparsable data."""
    try:
        calendar = icalendar.Calendar.from_ical(data)
    except (ValueError, KeyError, IndexError, TypeError):
        return None
    todos = [todo for todo in calendar.walk("VTODO") if isinstance(todo, icalendar.Todo)]
    todo = next((t for t in todos if t.get("recurrence-id") is None), todos[0] if todos else None)
    if todo is None:
        return None
    card_id = todo.get(CARD_ID_PROPERTY.lower())
    try:
        sequence = int(todo.get("sequence", 0) or 0)
    except (TypeError, ValueError):
        sequence = 0
    text = data.decode("utf-8", "replace") if isinstance(data, bytes) else data
    return ServerTodo(href=href, etag=etag, uid=str(todo.get("uid")) if todo.get("uid") else None,
                      card_id=str(card_id) if card_id else None, status=status_of(todo),
                      note=note_of(todo.get("description")),
                      archived=str(todo.get("status", "")).strip().upper() == CANCELLED,
                      sequence=sequence, percent=_percent(todo) or None,
                      dated=tuple(sorted(name for name in DATED if todo.get(name.lower()) is not None)),
                      removed=_removed_ids(todo), data=text)


def calendar_bytes(todo: list[str]) -> bytes:
    """A new resource: one VCALENDAR around the tracker's VTODO lines."""
    return fold_lines(["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", *todo, "END:VCALENDAR"])


def merge_todo(server_data: str, todo: list[str], *, dated_before: tuple[str, ...] = (),
               carrier: bool = False) -> bytes:
    """The server's resource with the tracker's properties from `todo` (VTODO lines) swapped in.

    Only top-level properties of the master VTODO change; its VALARMs, recurrence overrides, the
    calendar's own properties and every property the tracker does not own are kept as they were.
    A DUE/DTSTART/RRULE the tracker does not write stays unless it wrote it before
    (`dated_before`); REMOVED_PROPERTY is replaced only on the resource that `carrier`s it.
    """
    ours = [line for line in todo[1:-1]]
    names = {property_name(line) for line in ours}
    replaced = OWNED | (DATED & (names | set(dated_before))) | ({REMOVED_PROPERTY} if carrier else set())
    lines = unfold(server_data)
    span = _master_span(lines)
    if span is None:                                   # no VTODO at all: ours, inside their calendar
        end = next((i for i in range(len(lines) - 1, -1, -1) if lines[i].upper() == "END:VCALENDAR"), len(lines))
        lines[end:end] = todo
        return fold_lines(lines)
    begin, end = span
    own, subs = _split(lines[begin + 1:end])
    uid = [line for line in own if property_name(line) == "UID"][:1] or [ours[0]]
    kept = [line for line in own if property_name(line) not in replaced and property_name(line) != "UID"]
    lines[begin + 1:end] = [*uid, *kept, *(line for line in ours if property_name(line) != "UID"), *subs]
    return fold_lines(lines)


def _master_span(lines: list[str]) -> tuple[int, int] | None:
    """(BEGIN, END) line indexes of the first VTODO without RECURRENCE-ID (the series itself)."""
    depth, start, override = 0, None, False
    for index, line in enumerate(lines):
        name = property_name(line)
        if name == "BEGIN":
            depth += 1
            if depth == 2 and line[6:].strip().upper() == "VTODO":
                start, override = index, False
        elif name == "END":
            if depth == 2 and start is not None:
                if not override:
                    return start, index
                start = None
            depth -= 1
        elif depth == 2 and start is not None and name == "RECURRENCE-ID":
            override = True
    return None


def _split(lines: list[str]) -> tuple[list[str], list[str]]:
    """(top-level properties, sub-component lines such as VALARMs) of a VTODO's body."""
    own: list[str] = []
    subs: list[str] = []
    depth = 0
    for line in lines:
        name = property_name(line)
        if name == "BEGIN":
            depth += 1
        (subs if depth else own).append(line)
        if name == "END":
            depth -= 1
    return own, subs
