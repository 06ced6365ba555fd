"""iCalendar export of card deadlines: all-day VEVENTs, VTODO twins, per-agency files (DESIGN §10).

Decisions: every dated deadline is an all-day VEVENT (one per milestone of a multi deadline, one
RRULE:FREQ=YEARLY;UNTIL=<period end> event for a yearly task); every card also has a VTODO twin
when kind is todos/both. Cards without a date (ongoing, conditional, unknown) exist only as a
VTODO without DUE, and those undated VTODOs are written for kind=events too, so an export never
drops a task (event-only apps simply ignore them). DTSTAMP and LAST-MODIFIED come from the card's
`updated_at` (or a constant taken from the plan), never the clock: same data, same bytes.
The content lines are written here rather than by icalendar, which took ~14 s for 40,000
components (target: 20,000 cards in 3 s) and can split an escaped backslash across a fold.
"""

from __future__ import annotations

import json
import os
import re
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Iterable

from .errors import UsageError
from .files import write_atomic
from .model import Card, Deadline, Plan, Status, parse_utc
from .text import clean, fold, shorten, slug

KINDS = ("events", "todos", "both")
UID_DOMAIN = "tracker"
PRODID = "-//tracker//Plan tracker calendar export//VI"
TTL = "PT12H"                       # how often subscribed apps should re-read the file
SUMMARY_WIDTH = 80
# Used when neither the card nor its plan has a date: a constant keeps output byte-identical.
FALLBACK_STAMP = datetime(2000, 1, 1, tzinfo=timezone.utc)
DEFAULT_FOLDER = Path("exports")

LABELS = {
    "vi": {"name": "Kế hoạch cải cách – hạn nhiệm vụ", "plan": "Kế hoạch", "lead": "Chủ trì",
           "support": "Phối hợp", "time": "Thời gian", "milestone": "Mốc", "status": "Trạng thái",
           "id": "Mã thẻ", "alarm": "Sắp đến hạn", "agency": "Cơ quan", "file": "Tệp",
           "events": "Sự kiện", "todos": "Việc cần làm", "unassigned": "Thẻ không có cơ quan"},
    "en": {"name": "Reform plans – task deadlines", "plan": "Plan", "lead": "Lead",
           "support": "Support", "time": "Time", "milestone": "Milestone", "status": "Status",
           "id": "Card", "alarm": "Deadline coming", "agency": "Agency", "file": "File",
           "events": "Events", "todos": "To-dos", "unassigned": "Cards without an agency"},
}
TODO_STATUS = {Status.NOT_STARTED: "NEEDS-ACTION", Status.IN_PROGRESS: "IN-PROCESS", Status.DONE: "COMPLETED"}
# Windows refuses these as file names whatever the extension; government offices run Windows.
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}

# TEXT escaping (RFC 5545 §3.3.11). Control characters are not allowed in TEXT; CR and the Unicode
# line separators become \n because parsers that use str.splitlines() would break a line on them.
_ODD = re.compile("[\x00-\x08\x0b-\x1f\x7f\x85\u2028\u2029]")


def _odd(match: re.Match[str]) -> str:
    return "\n" if match.group() in "\r\x85\u2028\u2029" else ""


_DIGITS = re.compile(r"(\d+)")


def escape(text: Any) -> str:
    """A value as iCalendar TEXT: nothing in it can end the line or the property."""
    text = str(text)
    if _ODD.search(text):                # rare, so the common case stays on fast str.replace
        text = _ODD.sub(_odd, text.replace("\r\n", "\n"))
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(data: bytes) -> bytes:
    """Fold one encoded content line: ≤ 75 octets per physical line, UTF-8 never split.

    Never cuts between a backslash and the character it escapes either: some parsers unescape
    before unfolding (the icalendar trap of DESIGN §10).
    """
    pieces, pos, width, size = [], 0, 75, len(data)
    while size - pos > width:
        cut = pos + width
        while data[cut] & 0xC0 == 0x80:          # a UTF-8 continuation byte: back off to the lead
            cut -= 1
        run = cut
        while run > pos and data[run - 1] == 0x5C:
            run -= 1
        if (cut - run) % 2:                      # odd backslashes before the cut: one escapes past it
            cut -= 1
        pieces.append(data[pos:cut])
        pos, width = cut, 74                     # continuation lines spend one octet on the space
    pieces.append(data[pos:])
    return b"\r\n ".join(pieces)


def fold_lines(lines: list[str]) -> bytes:
    """Content lines as CRLF bytes; encoding once and folding only long lines keeps 20,000 cards fast."""
    data = "\r\n".join(lines).encode("utf-8", "replace")
    return b"\r\n".join([_fold(line) if len(line) > 75 else line for line in data.split(b"\r\n")]) + b"\r\n"


def fold_line(line: str) -> bytes:
    return fold_lines([line])


def _d(day: date) -> str:
    return f"{day.year:04d}{day.month:02d}{day.day:02d}"


def _dt(moment: datetime) -> str:
    m = moment.astimezone(timezone.utc)
    return f"{m.year:04d}{m.month:02d}{m.day:02d}T{m.hour:02d}{m.minute:02d}{m.second:02d}Z"


def _trigger(days: int) -> str:
    """09:00 local `days` days before an all-day start (00:00), as a duration: 14 → -P13DT15H."""
    if days == 0:
        return "PT9H"
    whole, hours = divmod(days * 24 - 9, 24)
    return "-P" + (f"{whole}D" if whole else "") + f"T{hours}H"


def natural_key(card_id: str) -> tuple[Any, ...]:
    """Card ids in reading order: '….2' before '….10'."""
    return tuple((0, int(bit), "") if bit.isdigit() else (1, 0, bit) for bit in _DIGITS.split(card_id))


def _stamp(card: Card, plan: Plan | None) -> datetime:
    """The card's last change; failing that a date of its plan; failing that a constant."""
    for text in (card.updated_at, plan and plan.date, plan and plan.period.get("start")):
        if text:
            try:
                moment = parse_utc(text) if "T" in str(text) else datetime.fromisoformat(str(text))
                return moment.replace(tzinfo=moment.tzinfo or timezone.utc)
            except ValueError:
                continue
    return FALLBACK_STAMP


def _yearly_rule(deadline: Deadline, first: date, until: date) -> str:
    # "End of February" moves between the 28th and the 29th; a plain yearly rule from 28/2 would
    # miss 29/2 in leap years, and one from 29/2 would fire only in leap years.
    if first.month == 2 and first.day >= 28 and (deadline.day is None or deadline.day >= 29):
        return f"FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1;UNTIL={_d(until)}"
    return f"FREQ=YEARLY;UNTIL={_d(until)}"


def _schedule(deadline: Deadline, plan: Plan | None) -> tuple[date, str | None] | None:
    """(first day, RRULE or None) of one non-multi deadline, or None when it has no date."""
    if deadline.kind == "recurring":
        from .deadlines import occurrences      # local: deadlines is only needed for recurring tasks

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


def _uid(card: Card, suffix: str) -> str:
    return f"{card.uid or slug(card.id, 200)}-{suffix}@{UID_DOMAIN}"


def _plan_label(card: Card, plan: Plan | None) -> str:
    return (plan.number or plan.key) if plan else card.plan


def _description(card: Card, plan: Plan | None, labels: dict[str, str], lang: str, part: Deadline | None) -> str:
    lines = [card.content.strip()]
    plan_line = " – ".join(bit for bit in ((plan.number if plan else card.plan), plan.title if plan else "") if bit)
    lines.append("")
    lines.append(f"{labels['plan']}: {plan_line or card.plan}")
    lines.append(f"{labels['lead']}: {'; '.join(card.lead) or card.lead_text}")
    if card.support or card.support_text:
        lines.append(f"{labels['support']}: {'; '.join(card.support) or card.support_text}")
    lines.append(f"{labels['time']}: {card.time_text}")
    lines += [f"{title}: {value}" for title, value in card.extras.items()]
    if part is not None and part.text:
        lines.append(f"{labels['milestone']}: {part.text}")
    lines.append(f"{labels['status']}: {card.status.label(lang)}")
    lines.append(f"{labels['id']}: {card.id}")
    return "\n".join(lines)


def _alarm(summary: str, days: int, related_end: bool) -> list[str]:
    related = ";RELATED=END" if related_end else ""
    return ["BEGIN:VALARM", "ACTION:DISPLAY", f"DESCRIPTION:{escape(summary)}",
            f"TRIGGER{related};VALUE=DURATION:{_trigger(days)}", "END:VALARM"]


def _card_lines(card: Card, plan: Plan | None, kind: str, alarm_days: int | None, lang: str) -> list[str]:
    """The content lines of one card's VEVENTs and VTODO."""
    labels = LABELS.get(lang, LABELS["vi"])
    stamp = _dt(_stamp(card, plan))
    head = [f"DTSTAMP:{stamp}", f"LAST-MODIFIED:{stamp}", f"SEQUENCE:{max(int(card.sequence or 0), 0)}"]
    # Only the start of the content can reach the summary: cleaning all of it costs time at 20,000 cards.
    head_text = card.content[:4 * SUMMARY_WIDTH]
    base_summary = clean(f"{card.number}. {head_text}" if card.number else head_text)
    categories = ",".join(escape(name) for name in dict.fromkeys([*card.agencies(), _plan_label(card, plan)]) if name)
    tail = [f"CATEGORIES:{categories}"] if categories else []
    dates = milestones(card, plan)
    lines: list[str] = []
    if kind != "todos":
        parts = card.deadline.parts if card.deadline.kind == "multi" else ()
        for position, (index, day, rule) in enumerate(dates, 1):
            part = parts[index] if index < len(parts) else None
            summary = shorten(base_summary, SUMMARY_WIDTH)
            if len(dates) > 1:
                summary += f" ({position}/{len(dates)})"
            # The first milestone keeps the plain "-due" UID so a date that becomes multi updates in place.
            uid = _uid(card, "due" if index == 0 else f"due-{index + 1}")
            lines += ["BEGIN:VEVENT", f"UID:{escape(uid)}", *head,
                      f"DTSTART;VALUE=DATE:{_d(day)}", f"DTEND;VALUE=DATE:{_d(day + timedelta(days=1))}"]
            if rule:
                lines.append(f"RRULE:{rule}")
            lines += [f"SUMMARY:{escape(summary)}",
                      f"DESCRIPTION:{escape(_description(card, plan, labels, lang, part))}",
                      *tail, "TRANSP:TRANSPARENT"]
            if alarm_days is not None:
                lines += _alarm(f"{labels['alarm']}: {summary}", alarm_days, False)
            lines.append("END:VEVENT")
    if kind != "events" or not dates:
        due = card.deadline.due or (dates[-1][1] if dates else None)
        summary = shorten(base_summary, SUMMARY_WIDTH)
        lines += ["BEGIN:VTODO", f"UID:{escape(_uid(card, 'todo'))}", *head]
        if due:
            lines.append(f"DUE;VALUE=DATE:{_d(due)}")
        lines += [f"SUMMARY:{escape(summary)}",
                  f"DESCRIPTION:{escape(_description(card, plan, labels, lang, None))}", *tail,
                  f"STATUS:{TODO_STATUS[card.status]}"]
        if card.status == Status.DONE:
            lines += [f"COMPLETED:{stamp}", "PERCENT-COMPLETE:100"]
        if alarm_days is not None and due:
            lines += _alarm(f"{labels['alarm']}: {summary}", alarm_days, True)
        lines.append("END:VTODO")
    return lines


def default_name(lang: str = "vi") -> str:
    return LABELS.get(lang, LABELS["vi"])["name"]


def build_calendar(cards: Iterable[Card], plans: dict[str, Plan], *, kind: str = "events",
                   name: str | None = None, alarm_days: int | None = None, lang: str = "vi") -> bytes:
    """The .ics bytes for `cards` (archived ones skipped), ordered by card id then milestone."""
    if kind not in KINDS:
        raise UsageError(f"Unknown calendar kind {kind!r}.", "Use --kind events, todos or both.")
    if alarm_days is not None and not 0 <= alarm_days <= 3650:
        raise UsageError(f"--alarm {alarm_days} is not a number of days before the deadline.",
                         "Give a whole number of days from 0 to 3650, e.g. --alarm 14.")
    name = clean(name or "") or default_name(lang)     # a calendar name is one line in every app
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
             f"NAME:{escape(name)}", f"X-WR-CALNAME:{escape(name)}",
             f"REFRESH-INTERVAL;VALUE=DURATION:{TTL}", f"X-PUBLISHED-TTL:{TTL}"]
    live = sorted((c for c in cards if not c.archived), key=lambda c: (natural_key(c.id), c.id, c.uid))
    for card in live:
        lines += _card_lines(card, plans.get(card.plan), kind, alarm_days, lang)
    lines.append("END:VCALENDAR")
    return fold_lines(lines)


def count_components(data: bytes) -> tuple[int, int]:
    """(VEVENTs, VTODOs) in calendar bytes; escaped text can never start a line, so this is exact."""
    return data.count(b"\r\nBEGIN:VEVENT\r\n"), data.count(b"\r\nBEGIN:VTODO\r\n")


def write_calendar(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write a calendar file atomically (tracker.files), its folder created."""
    return write_atomic(path, data)


def safe_stem(name: str) -> str:
    """An ASCII file stem for an agency: [a-z0-9-] only, so no '/', '..' or device names."""
    stem = slug(name)
    return f"{stem}-agency" if stem in _RESERVED else stem


def default_export_path(filters: Any = None, folder: str | os.PathLike[str] = DEFAULT_FOLDER) -> Path:
    """exports/tracker.ics for everything, exports/<slug>.ics for a filtered export.

    `filters` is a Filters object (its agency, plan and other values name the file) or a string.
    """
    if filters is None or isinstance(filters, str):
        bits = [filters] if filters and filters != "all cards" else []
    else:
        bits = [getattr(filters, "agency", None), getattr(filters, "plan", None)]
        status = getattr(filters, "status", None)
        bits += [getattr(status, "value", status), getattr(filters, "quarter", None)]
        bits += [f"{word}-{value.isoformat()}" for word, value in
                 (("after", getattr(filters, "due_after", None)), ("before", getattr(filters, "due_before", None)))
                 if value]
        bits += [word for word in ("overdue", "due_this_quarter") if getattr(filters, word, False)]
        bits.append(getattr(filters, "search", None))
    text = " ".join(str(bit) for bit in bits if bit)
    return Path(folder) / f"{safe_stem(text) if text else 'tracker'}.ics"


def export_per_agency(cards: Iterable[Card], plans: dict[str, Plan], folder: str | os.PathLike[str], *,
                      lead_only: bool = False, agency_filter: str | None = None,
                      **options: Any) -> list[tuple[str, Path, int]]:
    """One calendar per canonical agency (lead or support) plus index.json/index.txt.

    `agency_filter` (folded substring, as --agency) limits which agencies get a file, so
    `--agency "so noi vu" --per-agency DIR` does not also write files for every partner agency.
    Returns (agency, path, events) in file order. `options` go to build_calendar.
    """
    from .agencies import agency_key

    folder = Path(folder)
    lang = options.get("lang", "vi")
    labels = LABELS.get(lang, LABELS["vi"])
    base_name = options.pop("name", None) or default_name(lang)
    groups: dict[str, tuple[str, dict[str, Card]]] = {}
    wanted = fold(agency_filter) if agency_filter else None
    unassigned = 0
    for card in cards:
        if card.archived:
            continue
        names = card.lead if lead_only else card.agencies()
        unassigned += not names
        for agency in names:
            if wanted and wanted not in fold(agency):
                continue
            groups.setdefault(agency_key(agency), (agency, {}))[1][card.id] = card
    results: list[tuple[str, Path, int]] = []
    rows: list[dict[str, Any]] = []
    used: set[str] = set()
    for agency, members in sorted(groups.values(), key=lambda g: (fold(g[0]), g[0])):
        stem = base = safe_stem(agency)
        counter = 2
        while stem in used:                       # "Sở A/B" and "Sở A-B" fold to one slug
            stem, counter = f"{base}-{counter}", counter + 1
        used.add(stem)
        path = folder / f"{stem}.ics"
        if path.resolve().parent != folder.resolve():       # cannot happen with a slug; checked anyway
            raise UsageError(f"Refusing to write outside {folder}: {path}")
        data = build_calendar(members.values(), plans, name=f"{base_name} – {agency}", **options)
        write_calendar(path, data)
        events, todos = count_components(data)
        results.append((agency, path, events))
        rows.append({"agency": agency, "file": path.name, "cards": len(members), "events": events, "todos": todos})
    index = {"calendar": base_name, "files": rows, "unassigned_cards": unassigned}
    write_calendar(folder / "index.json",
                   (json.dumps(index, ensure_ascii=False, sort_keys=True, indent=2) + "\n").encode("utf-8"))
    text = [f"{labels['agency']}\t{labels['file']}\t{labels['events']}\t{labels['todos']}"]
    text += [f"{row['agency']}\t{row['file']}\t{row['events']}\t{row['todos']}" for row in rows]
    if unassigned:
        text.append(f"{labels['unassigned']}: {unassigned}")
    write_calendar(folder / "index.txt", ("\n".join(text) + "\n").encode("utf-8"))
    return results


def export_visible(cards: Iterable[Card], plans: dict[str, Plan], folder: str | os.PathLike[str] = DEFAULT_FOLDER,
                   lang: str = "vi", *, filters: Any = None, kind: str = "events", name: str | None = None,
                   alarm_days: int | None = None) -> Path:
    """The board's `x`: write the cards on screen to exports/<filter>.ics and return the path."""
    path = default_export_path(filters, folder)
    write_calendar(path, build_calendar(cards, plans, kind=kind, name=name, alarm_days=alarm_days, lang=lang))
    return path
