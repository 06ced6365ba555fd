"""The dates a parsed Deadline falls on (every yearly occurrence, the next one due) and its short description.

Kept apart from the time-cell parser (deadlines.py): the board, filters, reports and calendars use these on
every card, and they need no regular expressions.
"""

from __future__ import annotations

import calendar
from datetime import date

from .clock import end_of_month
from .model import Deadline
from .text import fold

__all__ = ["QUARTER_NUMERALS", "describe", "next_due", "occurrences"]

QUARTER_NUMERALS = {1: "I", 2: "II", 3: "III", 4: "IV"}     # "Quý IV năm 2013"


# ---- using a parsed deadline ---------------------------------------------------------------------

def _occurrence(dl: Deadline, year: int) -> date | None:
    """The date a yearly deadline falls on in `year`."""
    if not 1 <= year <= 9999:
        return None
    try:
        if dl.month:
            if dl.day:
                return date(year, dl.month, min(dl.day, calendar.monthrange(year, dl.month)[1]))
            return end_of_month(year, dl.month)
        if dl.quarter:
            return end_of_month(year, dl.quarter * 3)
        return date(year, 12, 31)
    except (ValueError, TypeError):
        return None


def _last_occurrence(dl: Deadline, until: date) -> date | None:
    """The last date a yearly deadline falls on by `until` (its last day)."""
    for year in (until.year, until.year - 1):
        occ = _occurrence(dl, year)
        if occ and occ <= until and (not dl.start or occ >= dl.start):
            return occ
    return None


def occurrences(deadline: Deadline) -> list[date]:
    """Every dated milestone: parts of a multi, each yearly date of a recurring deadline, or [due]."""
    dl = deadline
    if dl.kind == "recurring":
        if dl.start and dl.until:
            dates = [_occurrence(dl, y) for y in range(dl.start.year, min(dl.until.year, 9999) + 1)]
            return [d for d in dates if d and dl.start <= d <= dl.until]
        if dl.start:   # open-ended: only the first occurrence is certain
            return [d for d in (_occurrence(dl, y) for y in (dl.start.year, dl.start.year + 1)) if d and d >= dl.start][:1]
        if dl.until:   # "đến năm 2015" with no start: the last occurrence is the one certainly inside
            last = _last_occurrence(dl, dl.until)
            return [last] if last else []
        return []
    if dl.kind == "multi" and dl.parts:
        return sorted({p.due for p in dl.parts if p.due})
    return [dl.due] if dl.due else []


def next_due(deadline: Deadline, today: date) -> date | None:
    """The date that decides "overdue"/"due soon" as of `today` (DESIGN §5)."""
    dl = deadline
    if dl.kind == "recurring":
        lo = max(today, dl.start) if dl.start else today
        if dl.until and lo > dl.until:
            return _last_occurrence(dl, dl.until) or dl.due
        for year in (lo.year, lo.year + 1):
            occ = _occurrence(dl, year)
            if occ and occ >= lo and (not dl.until or occ <= dl.until):
                return occ
        return (_last_occurrence(dl, dl.until) if dl.until else None) or dl.due
    if dl.kind == "multi" and dl.parts:
        dues = sorted(p.due for p in dl.parts if p.due)
        return next((d for d in dues if d >= today), dues[-1] if dues else dl.due)
    return dl.due


# ---- descriptions for the board and exports ---------------------------------------------------

_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _day(d: date, lang: str) -> str:
    return f"{d.day} {_MONTHS_EN[d.month - 1]} {d.year}" if lang == "en" else d.strftime("%d/%m/%Y")


def describe(deadline: Deadline, lang: str = "vi") -> str:
    """A short human description: "31/12/2013 (quý IV/2013)", "hằng năm, 31/12"; English with lang="en"."""
    dl, en = deadline, lang == "en"
    try:
        if dl.kind in ("ongoing", "conditional"):
            folded = fold(dl.text or "")
            return (dl.kind if en else "thường xuyên" if dl.kind == "ongoing" else "khi có hướng dẫn"
                    if "huong dan" in folded else "theo quy định" if "quy dinh" in folded else "có điều kiện")
        if dl.kind == "recurring":
            yearly = _occurrence(dl, 2001)    # a non-leap year: only the day and month matter
            if yearly is None:                # a hand-edited month such as 13
                return "no date" if en else "không rõ hạn"
            when = f"{yearly.day} {_MONTHS_EN[yearly.month - 1]}" if en else yearly.strftime("%d/%m")
            if dl.quarter and not dl.month:
                when = f"Q{dl.quarter} ({when})" if en else f"quý {QUARTER_NUMERALS.get(dl.quarter)} ({when})"
            return f"yearly, {when}" if en else f"hằng năm, {when}"
        if dl.kind == "multi" and dl.parts:
            return "; ".join(describe(p, lang) for p in dl.parts)
        d = dl.due
        if d and dl.kind == "range" and dl.start:
            return f"{_day(dl.start, lang)} – {_day(d, lang)}"
        if d:
            numeral = QUARTER_NUMERALS.get(dl.quarter or 0)
            label = {"quarter": (f"Q{dl.quarter} {d.year}", f"quý {numeral}/{d.year}"),
                     "month": (f"{_MONTHS_EN[d.month - 1]} {d.year}", f"tháng {d.month}/{d.year}"),
                     "year": (str(d.year), f"năm {d.year}")}.get(dl.kind)
            return f"{_day(d, lang)} ({label[0 if en else 1]})" if label else _day(d, lang)
    except Exception:  # a hand-edited deadline must still show something on the board
        pass
    return "no date" if en else "không rõ hạn"
