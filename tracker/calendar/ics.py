"""iCalendar export files: the calendar of the chosen cards, per-agency files and their index.

Every card's components come from `components.py` (the one writer shared with CalDAV sync);
archived cards are left out. Cards without a date (ongoing, conditional, unknown) exist only as
a VTODO without DUE, and those undated VTODOs are written for kind=events too, so an export
never drops a task (event-only apps simply ignore them). No METHOD: a published file is not an
iTIP message, and METHOD:PUBLISH without ORGANIZER fails strict iTIP checks (libical).
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any
from collections.abc import Iterable

from ..errors import UsageError
from ..i18n import msg
from ..files import write_atomic
from ..model import Card, Plan
from ..nogc import no_gc
from ..text import clean, fold, slug
from .components import event_lines, milestones, todo_lines
from .lines import escape, fold_lines

KINDS = ("events", "todos", "both")
PRODID = "-//tracker//Plan tracker calendar export//VI"
TTL = "PT12H"                       # how often subscribed apps should re-read the file
DEFAULT_FOLDER = Path("exports")

LABELS = {
    "vi": {"name": "Kế hoạch cải cách – hạn nhiệm vụ", "agency": "Cơ quan", "file": "Tệp",
           "events": "Sự kiện", "todos": "Việc cần làm", "unassigned": "Thẻ không có cơ quan"},
    "en": {"name": "Reform plans – task deadlines", "agency": "Agency", "file": "File",
           "events": "Events", "todos": "To-dos", "unassigned": "Cards without an agency"},
}
# Windows refuses these as file names whatever the extension; government offices run Windows.
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
_DIGITS = re.compile(r"(\d+)")


def natural_key(card_id: str) -> tuple[Any, ...]:
    """Card ids in reading order: '….2' before '….10'."""
    return tuple((0, int(bit), "") if bit.isdigit() else (1, 0, bit) for bit in _DIGITS.split(card_id))


def calendar_name(name: str | None, lang: str = "vi") -> str:
    """One line in every app, and no comma: two parsers show an escaped comma as '\\,'."""
    text = clean(name or "") or default_name(lang)
    return re.sub(r"\s*,\s*", " – ", text).strip(" –") or default_name(lang)


def _card_lines(card: Card, plan: Plan | None, kind: str, alarm_days: int | None, lang: str) -> list[str]:
    """The content lines of one card's VEVENTs and VTODO."""
    dates = milestones(card, plan)
    lines = event_lines(card, plan, lang, alarm_days, dates) if kind != "todos" else []
    if kind != "events" or not dates:
        lines += todo_lines(card, plan, lang, alarm_days=alarm_days)
    return lines


def default_name(lang: str = "vi") -> str:
    return LABELS.get(lang, LABELS["vi"])["name"]


def build_calendar(cards: Iterable[Card], plans: dict[str, Plan], *, kind: str = "events",
                   name: str | None = None, alarm_days: int | None = None, lang: str = "vi") -> bytes:
    """The .ics bytes for `cards` (archived ones skipped), ordered by card id then milestone."""
    if kind not in KINDS:
        raise UsageError(msg("Unknown calendar kind {kind}.", kind=repr(kind)), msg("Use --kind events, todos or both."))
    if alarm_days is not None and not 0 <= alarm_days <= 3650:
        raise UsageError(msg("--alarm {days} is not a number of days before the deadline.", days=alarm_days),
                         msg("Give a whole number of days from 0 to 3650, e.g. --alarm 14."))
    name = calendar_name(name, lang)
    head = fold_lines(["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN",
                       f"NAME:{escape(name)}", f"X-WR-CALNAME:{escape(name)}",
                       f"REFRESH-INTERVAL;VALUE=DURATION:{TTL}", f"X-PUBLISHED-TTL:{TTL}"])
    live = sorted((c for c in cards if not c.archived), key=lambda c: (natural_key(c.id), c.id, c.uid))
    return b"".join([head, *_components(live, plans, kind, alarm_days, lang), b"END:VCALENDAR\r\n"])


# From here a second process builds half the calendar: 100,000 cards took 7.8 s in one process.
PARALLEL_FROM = 20_000
_BLOCK = 2_000          # cards folded together: small enough to stay in cache, large enough to be cheap
_job: tuple[Any, ...] = ()       # what a forked worker builds from; set just before the fork


def _component_bytes(live: list[Card], plans: dict[str, Plan], kind: str, alarm_days: int | None,
                     lang: str) -> bytes:
    """The folded components of `live`, block by block (one 120 MB string cost three slow passes)."""
    blocks = []
    with no_gc():       # millions of short-lived lists and tuples, no cycles: collections only slow them
        for start in range(0, len(live), _BLOCK):
            lines: list[str] = []
            for card in live[start:start + _BLOCK]:
                lines += _card_lines(card, plans.get(card.plan), kind, alarm_days, lang)
            if lines:
                blocks.append(fold_lines(lines))
    return b"".join(blocks)


def _second_half() -> bytes:
    live, plans, kind, alarm_days, lang = _job
    return _component_bytes(live[len(live) // 2:], plans, kind, alarm_days, lang)


def _components(live: list[Card], plans: dict[str, Plan], kind: str, alarm_days: int | None,
                lang: str) -> list[bytes]:
    """The cards' components in order; a large calendar is built by two processes at once."""
    global _job
    if len(live) < PARALLEL_FROM or (os.cpu_count() or 1) < 2:
        return [_component_bytes(live, plans, kind, alarm_days, lang)]
    import multiprocessing
    from concurrent.futures import Future, ProcessPoolExecutor

    _job = (live, plans, kind, alarm_days, lang)
    try:
        # fork: the worker inherits the cards instead of receiving 100,000 of them pickled.
        with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork")) as pool:
            try:
                second: Future[bytes] | None = pool.submit(_second_half)
            except (OSError, RuntimeError):     # no fork here (memory, process limits): one process
                second = None
            first = _component_bytes(live[:len(live) // 2], plans, kind, alarm_days, lang)
            try:
                rest = second.result() if second else None
            except Exception:               # the worker died (memory, a signal): its half is built here
                rest = None
            return [first, rest if rest is not None else _second_half()]
    finally:
        _job = ()


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
    bits: list[object]        # the words of the name; None and empty ones are left out
    if filters is None or isinstance(filters, str):
        bits = [filters] if filters and filters != "all cards" else []
    else:
        bits = [filters.agency_text(), getattr(filters, "plan", None)]
        bits += ["-".join(sorted(status.value for status in filters.statuses())), getattr(filters, "quarter", None)]
        bits += [f"{word}-{value.isoformat()}" for word, value in
                 (("after", getattr(filters, "due_after", None)), ("before", getattr(filters, "due_before", None)))
                 if value]
        bits += [word for word in ("overdue", "due_this_quarter") if getattr(filters, word, False)]
        bits.append(getattr(filters, "search", None))
    text = " ".join(str(bit) for bit in bits if bit)
    return Path(folder) / f"{safe_stem(text) if text else 'tracker'}.ics"


def export_per_agency(cards: Iterable[Card], plans: dict[str, Plan], folder: str | os.PathLike[str], *,
                      lead_only: bool = False, agency_filter: str | Iterable[str] | None = None,
                      **options: Any) -> list[tuple[str, Path, int]]:
    """One calendar per canonical agency (lead or support) plus index.json/index.txt.

    `agency_filter` (folded substring, as --agency) limits which agencies get a file, so
    `--agency "so noi vu" --per-agency DIR` does not also write files for every partner agency.
    Returns (agency, path, events) in file order. `options` go to build_calendar.
    """
    from ..agencies import agency_key

    folder = Path(folder)
    lang = options.get("lang", "vi")
    labels = LABELS.get(lang, LABELS["vi"])
    base_name = options.pop("name", None) or default_name(lang)
    groups: dict[str, tuple[str, dict[str, Card]]] = {}
    wanted = [fold(agency_filter)] if isinstance(agency_filter, str) else [fold(a) for a in agency_filter or ()]
    unassigned = 0
    for card in cards:
        if card.archived:
            continue
        names = card.lead if lead_only else card.agencies()
        unassigned += not names
        for agency in names:
            if wanted and not any(word in fold(agency) for word in wanted):
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
            raise UsageError(msg("Refusing to write outside {folder}: {path}", folder=folder, path=path))
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
