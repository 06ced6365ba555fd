"""The one writer of a card as iCalendar components: its all-day VEVENTs and its VTODO.

Export files (`ics.py`) and CalDAV sync (`sync.py`) both take a card's VTODO from `todo_lines`,
so UID, status map, description, categories, dates and recurrence mean the same everywhere.
Decisions (DESIGN §10): every dated deadline is an all-day VEVENT (one per milestone of a multi
deadline, one RRULE:FREQ=YEARLY;UNTIL=<period end> event for a yearly task); the VTODO has DUE,
a DTSTART for ranges and yearly tasks (with the same RRULE), and a status that every task app
reads: STATUS plus PERCENT-COMPLETE (50 for in progress unless the server holds another 1-99)
and COMPLETED for done. DTSTAMP and LAST-MODIFIED come from the card's `updated_at` (or a date
of its plan, or a constant), never the clock: same data, same bytes.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, UTC

from ..clock import iso_day
from ..deadline_dates import occurrences
from ..model import Card, Deadline, Plan, Status, parse_utc
from ..text import clean, shorten, slug
from .lines import escape, ical_date, ical_utc

UID_DOMAIN = "tracker"
SUMMARY_WIDTH = 80
IN_PROGRESS_PERCENT = 50
# Used when neither the card nor its plan has a date: a constant keeps output byte-identical.
FALLBACK_STAMP = datetime(2000, 1, 1, tzinfo=UTC)
TODO_STATUS = {Status.NOT_STARTED: "NEEDS-ACTION", Status.IN_PROGRESS: "IN-PROCESS", Status.DONE: "COMPLETED"}
CANCELLED = "CANCELLED"             # an archived card: off every task list, still on the server
# The note is the part of a VTODO's DESCRIPTION below this line; phones edit it in place.
# Bilingual and fixed (not --lang) so every coordinator's tracker parses what any other one wrote.
NOTE_MARKER = "--- Ghi chú / Note ---"
CARD_ID_PROPERTY = "X-TRACKER-CARD-ID"
PLAN_PROPERTY = "X-TRACKER-PLAN"
REMOVED_PROPERTY = "X-TRACKER-REMOVED"      # card ids deleted from a shared calendar (sync.py)

LABELS = {
    "vi": {"plan": "Kế hoạch", "lead": "Chủ trì", "support": "Phối hợp", "time": "Thời gian",
           "milestone": "Mốc", "status": "Trạng thái", "id": "Mã thẻ", "alarm": "Sắp đến hạn"},
    "en": {"plan": "Plan", "lead": "Lead", "support": "Support", "time": "Time",
           "milestone": "Milestone", "status": "Status", "id": "Card", "alarm": "Deadline coming"},
}


def uid(card: Card, suffix: str) -> str:
    return f"{card.uid or slug(card.id, 200)}-{suffix}@{UID_DOMAIN}"


def todo_uid(card: Card) -> str:
    """The UID of a card's VTODO, in export files and on CalDAV servers alike."""
    return uid(card, "todo")


def stamp(card: Card, plan: Plan | None) -> datetime:
    """The card's last change; failing that a date of its plan; failing that a constant."""
    for text in (card.updated_at, plan and plan.date, plan and plan.period.get("start")):
        if text:
            try:
                moment = parse_utc(text) if "T" in str(text) else datetime.combine(iso_day(str(text)), time())
                return moment.replace(tzinfo=moment.tzinfo or UTC)
            except ValueError:
                continue
    return FALLBACK_STAMP


def _yearly_rule(deadline: Deadline, first: date, until: date) -> str:
    # "End of February" moves between the 28th and the 29th; a plain yearly rule from 28/2 would
    # miss 29/2 in leap years, and one from 29/2 would fire only in leap years.
    if first.month == 2 and first.day >= 28 and (deadline.day is None or deadline.day >= 29):
        return f"FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1;UNTIL={ical_date(until)}"
    return f"FREQ=YEARLY;UNTIL={ical_date(until)}"


def _schedule(deadline: Deadline, plan: Plan | None) -> tuple[date, str | None] | None:
    """(first day, RRULE or None) of one non-multi deadline, or None when it has no date."""
    if deadline.kind == "recurring":
        days = sorted(set(occurrences(deadline))) or ([deadline.due] if deadline.due else [])
        if not days:
            return None
        end = deadline.until or (plan.period_end if plan else None) or days[-1]
        if (deadline.freq or "yearly") == "yearly" and end >= days[0]:
            return days[0], _yearly_rule(deadline, days[0], end)
        return days[0], None
    return (deadline.due, None) if deadline.due else None


def milestones(card: Card, plan: Plan | None) -> list[tuple[int, date, str | None]]:
    """(part index, day, RRULE) of every VEVENT a card gets; empty for undated cards."""
    deadline = card.deadline
    if deadline.kind == "multi" and deadline.parts:
        seen: set[date] = set()
        found = []
        for index, part in enumerate(deadline.parts):
            item = _schedule(part, plan)
            if item and item[0] not in seen:     # the same day twice would be a visible duplicate
                seen.add(item[0])
                found.append((index, *item))
        if found:
            return found
    item = _schedule(deadline, plan)
    return [(0, *item)] if item else []


def summary(card: Card) -> str:
    # Only the start of the content can reach the summary: cleaning all of it costs time at 20,000 cards.
    head = card.content[:4 * SUMMARY_WIDTH]
    return shorten(clean(f"{card.number}. {head}" if card.number else head), SUMMARY_WIDTH)


def plan_label(card: Card, plan: Plan | None) -> str:
    return (plan.number or plan.key) if plan else card.plan


def description(card: Card, plan: Plan | None, lang: str, *, part: Deadline | None = None,
                todo: bool = False) -> str:
    """Content, plan, agencies, time text and id; a VEVENT adds its status (event-only apps show
    nothing else), a VTODO ends with the note below NOTE_MARKER (its STATUS says the rest)."""
    labels = LABELS.get(lang, LABELS["vi"])
    plan_line = " – ".join(bit for bit in ((plan.number if plan else card.plan), plan.title if plan else "") if bit)
    lines = [card.content.strip(), "", f"{labels['plan']}: {plan_line or card.plan}",
             f"{labels['lead']}: {'; '.join(card.lead) or card.lead_text}"]
    if card.support or card.support_text:
        lines.append(f"{labels['support']}: {'; '.join(card.support) or card.support_text}")
    lines.append(f"{labels['time']}: {card.time_text}")
    lines += [f"{title}: {value}" for title, value in card.extras.items()]
    if part is not None and part.text:
        lines.append(f"{labels['milestone']}: {part.text}")
    if not todo:
        lines.append(f"{labels['status']}: {card.status.label(lang)}")
    lines.append(f"{labels['id']}: {card.id}")
    if todo:
        lines += ["", NOTE_MARKER, (card.note or "").strip()]
    return "\n".join(lines).rstrip("\n")


def categories(card: Card, plan: Plan | None) -> list[str]:
    """The card's agencies and its plan: what task apps filter by."""
    return [name for name in dict.fromkeys([*card.agencies(), plan_label(card, plan)]) if name]


def _categories_line(card: Card, plan: Plan | None) -> list[str]:
    names = categories(card, plan)
    return [f"CATEGORIES:{','.join(escape(name) for name in names)}"] if names else []


def _head(card: Card, plan: Plan | None, sequence: int | None) -> tuple[str, list[str]]:
    moment = ical_utc(stamp(card, plan))
    return moment, [f"DTSTAMP:{moment}", f"LAST-MODIFIED:{moment}",
                    f"SEQUENCE:{max(int(card.sequence or 0), int(sequence or 0), 0)}"]


def _alarm(text: str, days: int, related_end: bool) -> list[str]:
    related = ";RELATED=END" if related_end else ""
    return ["BEGIN:VALARM", "ACTION:DISPLAY", f"DESCRIPTION:{escape(text)}",
            f"TRIGGER{related};VALUE=DURATION:{_trigger(days)}", "END:VALARM"]


def _trigger(days: int) -> str:
    """09:00 local `days` days before an all-day start (00:00), as a duration: 14 → -P13DT15H."""
    if days == 0:
        return "PT9H"
    whole, hours = divmod(days * 24 - 9, 24)
    return "-P" + (f"{whole}D" if whole else "") + f"T{hours}H"


def event_lines(card: Card, plan: Plan | None, lang: str, alarm_days: int | None = None,
                dates: list[tuple[int, date, str | None]] | None = None) -> list[str]:
    """One all-day VEVENT per milestone of the card's deadline (none for undated cards).

    `dates` are the card's milestones when the caller has them already (export at 20,000 cards).
    """
    if dates is None:
        dates = milestones(card, plan)
    if not dates:
        return []
    labels = LABELS.get(lang, LABELS["vi"])
    _, head = _head(card, plan, None)
    tail = _categories_line(card, plan)
    parts = card.deadline.parts if card.deadline.kind == "multi" else ()
    base_summary = summary(card)
    lines: list[str] = []
    for position, (index, day, rule) in enumerate(dates, 1):
        part = parts[index] if index < len(parts) else None
        text = base_summary + (f" ({position}/{len(dates)})" if len(dates) > 1 else "")
        # The first milestone keeps the plain "-due" UID so a date that becomes multi updates in place.
        lines += ["BEGIN:VEVENT", f"UID:{escape(uid(card, 'due' if index == 0 else f'due-{index + 1}'))}", *head,
                  f"DTSTART;VALUE=DATE:{ical_date(day)}", f"DTEND;VALUE=DATE:{ical_date(day + timedelta(days=1))}"]
        if rule:
            lines.append(f"RRULE:{rule}")
        lines += [f"SUMMARY:{escape(text)}", f"DESCRIPTION:{escape(description(card, plan, lang, part=part))}",
                  *tail, "TRANSP:TRANSPARENT"]
        if alarm_days is not None:
            lines += _alarm(f"{labels['alarm']}: {text}", alarm_days, False)
        lines.append("END:VEVENT")
    return lines


def _todo_dates(card: Card, plan: Plan | None) -> list[str]:
    """DTSTART/DUE/RRULE of a VTODO: a range starts on its first day; a yearly task repeats."""
    dates = milestones(card, plan)
    due = card.deadline.due or (dates[-1][1] if dates else None)
    if not due:
        return []
    deadline = card.deadline
    start, rule = None, None
    if len(dates) == 1 and dates[0][2]:
        due, rule = dates[0][1], dates[0][2]
        # Each year's task opens the day after the previous year's deadline, or with the year.
        opening = deadline.start if deadline.start and due - timedelta(days=366) < deadline.start < due else None
        start = opening or (date(due.year, 1, 1) if (due.month, due.day) != (1, 1) else due - timedelta(days=1))
    elif deadline.kind == "range" and deadline.start and deadline.start < due:
        start = deadline.start
    lines = [f"DTSTART;VALUE=DATE:{ical_date(start)}"] if start else []
    lines.append(f"DUE;VALUE=DATE:{ical_date(due)}")
    if rule:
        lines.append(f"RRULE:{rule}")
    return lines


def status_lines(card: Card, moment: str, *, percent: int | None = None) -> list[str]:
    """STATUS with what percent-only and date-only apps read: PERCENT-COMPLETE, COMPLETED."""
    if card.archived:
        return [f"STATUS:{CANCELLED}"]
    lines = [f"STATUS:{TODO_STATUS[card.status]}"]
    if card.status == Status.IN_PROGRESS:
        lines.append(f"PERCENT-COMPLETE:{percent if percent and 0 < percent < 100 else IN_PROGRESS_PERCENT}")
    elif card.status == Status.DONE:
        lines += [f"COMPLETED:{moment}", "PERCENT-COMPLETE:100"]
    return lines


def todo_lines(card: Card, plan: Plan | None, lang: str, *, alarm_days: int | None = None,
               percent: int | None = None, sequence: int | None = None,
               removed: list[str] | None = None) -> list[str]:
    """The card's VTODO, BEGIN to END: the one writer behind export files and CalDAV sync.

    `percent` keeps a server's own 1-99 for an in-progress card, `sequence` never lets SEQUENCE
    fall below the server's, `removed` lists deleted card ids this resource carries (sync.py).
    """
    labels = LABELS.get(lang, LABELS["vi"])
    moment, head = _head(card, plan, sequence)
    text = summary(card)
    dates = _todo_dates(card, plan)
    lines = ["BEGIN:VTODO", f"UID:{escape(todo_uid(card))}", *head, *dates, f"SUMMARY:{escape(text)}",
             f"DESCRIPTION:{escape(description(card, plan, lang, todo=True))}", *_categories_line(card, plan),
             *status_lines(card, moment, percent=percent),
             f"{CARD_ID_PROPERTY}:{escape(card.id)}", f"{PLAN_PROPERTY}:{escape(card.plan)}"]
    if removed:
        lines.append(f"{REMOVED_PROPERTY}:{','.join(escape(card_id) for card_id in removed)}")
    if alarm_days is not None and dates:
        lines += _alarm(f"{labels['alarm']}: {text}", alarm_days, True)
    lines.append("END:VTODO")
    return lines
