"""One clock: every date the tracker shows, compares or records is a day in the plans' time zone.

Vietnam's plans, deadlines and reports count days in Vietnam (Asia/Ho_Chi_Minh, UTC+7) whatever
the machine's own zone: a card moved to done at 06:00 on 2 December in Hà Nội is done on the 2nd
even on a server that still says 1 December in UTC. History keeps UTC instants; days come from
here. The zone is configurable (TRACKER_TZ, `timezone` in the config file, `--tz`).
"""

from __future__ import annotations

import os
from datetime import date, datetime, timedelta, timezone, tzinfo, UTC

DEFAULT_ZONE = "Asia/Ho_Chi_Minh"      # the one place the plans' zone is named
ZONE_ENV = "TRACKER_TZ"
_FIXED = {DEFAULT_ZONE: timezone(timedelta(hours=7), "ICT"), "UTC": UTC}
_zone: tzinfo | None = None
_zone_name = ""


def zone_by_name(name: str) -> tzinfo:
    """The tzinfo of an IANA name ("Asia/Ho_Chi_Minh") or a fixed offset ("+07:00"); ValueError if unknown."""
    text = name.strip()
    if text[:1] in "+-" and ":" in text:
        hours, minutes = text[1:].split(":", 1)
        offset = timedelta(hours=int(hours), minutes=int(minutes))
        return timezone(offset if text[0] == "+" else -offset)
    try:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            return ZoneInfo(text)
        except (ZoneInfoNotFoundError, ValueError):
            pass
    except ImportError:      # pragma: no cover - zoneinfo is in the standard library since 3.9
        pass
    if text in _FIXED:       # a machine without tzdata still knows Vietnam (no daylight saving since 1975)
        return _FIXED[text]
    raise ValueError(f"unknown time zone {name!r}")


def set_zone(name: str | None) -> None:
    """Use this zone for the rest of the run (None: TRACKER_TZ, else Vietnam)."""
    global _zone, _zone_name
    _zone_name = name or os.environ.get(ZONE_ENV) or DEFAULT_ZONE
    _zone = zone_by_name(_zone_name)


def zone() -> tzinfo:
    if _zone is None:
        set_zone(None)
    return _zone  # type: ignore[return-value]


def zone_name() -> str:
    zone()
    return _zone_name


def now() -> datetime:
    """This instant in the plans' zone."""
    return datetime.now(zone())


def today() -> date:
    """Today in the plans' zone, not the machine's."""
    return now().date()


def local(moment: datetime) -> datetime:
    return moment.astimezone(zone())


def iso_day(value: str | date) -> date:
    """A day stored or exchanged as ISO text ("2014-06-30"); a date is returned as it is. ValueError otherwise.

    The one reader of ISO days (cards, plans, deadlines, calendars); what people type goes through parse_day.
    """
    if isinstance(value, date):
        return value
    return date.fromisoformat(value)


def day_of(iso_utc: str) -> date:
    """The day (plans' zone) of a stored UTC instant such as '2026-12-01T23:30:00Z'."""
    return datetime.fromisoformat(iso_utc.replace("Z", "+00:00")).astimezone(zone()).date()


_RELATIVE_WORDS = {"today": 0, "hôm nay": 0, "homnay": 0, "hom nay": 0, "yesterday": -1, "hôm qua": -1,
                   "hom qua": -1, "tomorrow": 1, "ngày mai": 1, "ngay mai": 1}


def end_of_month(year: int, month: int) -> date:
    """The last day of a month: what "Tháng 12/2013", "Quý IV" and "eom" are due on. ValueError for no such month."""
    if not 1 <= month <= 12:
        raise ValueError(f"month must be in 1..12, not {month}")
    first_next = date(year + month // 12, month % 12 + 1, 1)
    return first_next - timedelta(days=1)


def parse_day(text: str, today_is: date | None = None) -> date:
    """A day as people type it: 2014-06-30, 30/06/2014, today, yesterday, eom, eoq, eoy, +14d, -2w, +1m.

    Relative words count from `today_is` (default: today in the plans' zone). ValueError otherwise.
    """
    value = " ".join(str(text).strip().lower().split())
    base = today_is or today()
    try:
        return iso_day(value)
    except ValueError:
        pass
    # people also write the ISO form unpadded (2014-6-3), and the Vietnamese day-first forms
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    if value in _RELATIVE_WORDS:
        return base + timedelta(days=_RELATIVE_WORDS[value])
    if value in ("eom", "cuối tháng", "cuoi thang"):
        return end_of_month(base.year, base.month)
    if value in ("eoq", "cuối quý", "cuoi quy"):
        return end_of_month(base.year, (base.month - 1) // 3 * 3 + 3)
    if value in ("eoy", "cuối năm", "cuoi nam"):
        return date(base.year, 12, 31)
    if len(value) >= 3 and value[0] in "+-" and value[1:-1].isdigit() and value[-1] in "dwm":
        amount = int(value[1:-1]) * (1 if value[0] == "+" else -1)
        if value[-1] == "d":
            return base + timedelta(days=amount)
        if value[-1] == "w":
            return base + timedelta(weeks=amount)
        months = base.year * 12 + base.month - 1 + amount
        year, month = divmod(months, 12)
        return min(date(year, month + 1, 1) + timedelta(days=base.day - 1), end_of_month(year, month + 1))
    raise ValueError(f"{text!r} is not a date")
