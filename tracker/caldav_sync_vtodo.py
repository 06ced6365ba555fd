"""One card as one CalDAV VTODO resource, and the synced fields (status, note) read back from one."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timezone
import icalendar

from .model import Card, Plan, Status, parse_utc
from .text import clean, shorten, slug

# Same UID scheme and look as the calendar export (tracker/ical.py), so a calendar that imported
# the export and the CalDAV collection name one task by one UID.
UID_DOMAIN = "tracker"
PRODID = "-//tracker//Plan tracker CalDAV sync//VI"
SUMMARY_WIDTH = 80
FALLBACK_STAMP = datetime(2000, 1, 1, tzinfo=timezone.utc)
TODO_STATUS = {Status.NOT_STARTED: "NEEDS-ACTION", Status.IN_PROGRESS: "IN-PROCESS", Status.DONE: "COMPLETED"}
# The note is the part of DESCRIPTION below this line; phones edit it in place. Bilingual and
# fixed (not --lang) so every coordinator's tracker parses what any other one wrote.
NOTE_MARKER = "--- Ghi chú / Note ---"
LABELS = {
    "vi": {"plan": "Kế hoạch", "lead": "Chủ trì", "support": "Phối hợp", "time": "Thời gian", "id": "Mã thẻ"},
    "en": {"plan": "Plan", "lead": "Lead", "support": "Support", "time": "Time", "id": "Card"},
}


def todo_uid(card: Card) -> str:
    """The export's VTODO UID for this card (`<uid>-todo@tracker`)."""
    return f"{card.uid or slug(card.id, 200)}-todo@{UID_DOMAIN}"


def resource_name(card_id: str) -> str:
    """The resource's file name, from the card id: every coordinator's tracker picks the same one.

    Not from `uid`: two machines that imported the same plan have the same ids but different
    uids, and must meet at one resource instead of pushing duplicates.
    """
    return card_id.replace("/", "_") + ".ics"       # unquoted like every stored href; quoted on the wire


def _stamp(card: Card) -> datetime:
    try:
        return parse_utc(card.updated_at) if card.updated_at else FALLBACK_STAMP
    except ValueError:
        return FALLBACK_STAMP


def summary(card: Card) -> str:
    return shorten(clean(f"{card.number}. {card.content}" if card.number else card.content), SUMMARY_WIDTH)


def description(card: Card, plan: Plan | None, lang: str = "vi") -> str:
    """Content, agencies, time text, plan and id; then the note below NOTE_MARKER."""
    labels = LABELS.get(lang, LABELS["vi"])
    lines = [card.content.strip(), ""]
    lines.append(f"{labels['lead']}: {'; '.join(card.lead) or card.lead_text}")
    if card.support or card.support_text:
        lines.append(f"{labels['support']}: {'; '.join(card.support) or card.support_text}")
    lines.append(f"{labels['time']}: {card.time_text}")
    lines += [f"{title}: {value}" for title, value in card.extras.items()]
    lines.append(f"{labels['plan']}: {(plan.number if plan and plan.number else card.plan)}")
    lines.append(f"{labels['id']}: {card.id}")
    lines += ["", NOTE_MARKER, card.note or ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def fingerprint(card: Card, plan: Plan | None, lang: str = "vi") -> str:
    """A hash of everything pushed except status and note: tells a local content edit apart."""
    parts = [summary(card), description(card.copy(note=""), plan, lang), str(card.deadline.due or ""),
             "|".join(card.agencies()), card.plan]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


def build_vtodo(card: Card, plan: Plan | None, *, uid: str, sequence: int | None = None, lang: str = "vi") -> bytes:
    """The VCALENDAR bytes of one card's VTODO (icalendar folds and escapes Vietnamese correctly)."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    todo = icalendar.Todo()
    stamp = _stamp(card)
    todo.add("uid", uid)
    todo.add("dtstamp", stamp)          # aware datetimes: a date here writes invalid output (DESIGN §10)
    todo.add("last-modified", stamp)
    todo.add("sequence", max(int(card.sequence or 0), int(sequence or 0)))
    if card.deadline.due:
        todo.add("due", card.deadline.due)
    todo.add("summary", summary(card))
    todo.add("description", description(card, plan, lang))
    agencies = [name for name in card.agencies() if name]
    if agencies:
        todo.add("categories", agencies)
    todo.add("status", TODO_STATUS[card.status])
    if card.status == Status.DONE:
        todo.add("completed", stamp)
        todo.add("percent-complete", 100)
    todo.add("x-tracker-card-id", card.id)
    todo.add("x-tracker-plan", card.plan)
    calendar.add_component(todo)
    return calendar.to_ical()


@dataclass
class ServerTodo:
    """What sync reads from a server resource; None means the resource does not say."""

    href: str
    etag: str | None
    uid: str | None
    card_id: str | None
    status: Status | None
    note: str | None
    sequence: int = 0


def _status_of(todo: icalendar.Todo) -> Status | None:
    # STATUS first: a client that re-opens a task sets NEEDS-ACTION but may leave COMPLETED behind.
    value = str(todo.get("status", "")).strip().upper()
    if value == "COMPLETED":
        return Status.DONE
    if value == "IN-PROCESS":
        return Status.IN_PROGRESS
    if value == "NEEDS-ACTION":
        percent = int(todo.get("percent-complete", 0) or 0)
        return Status.IN_PROGRESS if 0 < percent < 100 else Status.NOT_STARTED
    if value == "CANCELLED":
        return None      # no column means cancelled: keep the card's own status
    if todo.get("completed") is not None or int(todo.get("percent-complete", 0) or 0) >= 100:
        return Status.DONE
    if int(todo.get("percent-complete", 0) or 0) > 0:
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


def parse_vtodo(href: str, etag: str | None, data: str | bytes) -> ServerTodo | None:
    """The first VTODO of a resource, or None for events, journals and unparsable data."""
    try:
        calendar = icalendar.Calendar.from_ical(data)
    except (ValueError, KeyError, IndexError):
        return None
    for todo in calendar.walk("VTODO"):
        card_id = todo.get("x-tracker-card-id")
        try:
            sequence = int(todo.get("sequence", 0) or 0)
        except (TypeError, ValueError):
            sequence = 0
        return ServerTodo(href=href, etag=etag, uid=str(todo.get("uid")) if todo.get("uid") else None,
                          card_id=str(card_id) if card_id else None, status=_status_of(todo),
                          note=note_of(todo.get("description")), sequence=sequence)
    return None
