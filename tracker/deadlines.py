"""Time cells of plan tables ("Quý IV năm 2013", "Hàng năm", …) parsed into Deadlines; plan periods.

What a parsed deadline's dates are (occurrences, next due, a description) is in deadline_dates.py.

Choices DESIGN §5 leaves open: "6 tháng đầu/cuối năm 2014" is a `range` (1/1–30/6, 1/7–31/12); an invalid
day ("31/9/2013") gives `month` (due 30/9/2013) with a warning; a day or quarter with no year anywhere
("trước ngày 25 tháng 11") is yearly `recurring` with a warning; "Hàng quý"/"hằng tháng" are `unknown`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from .clock import end_of_month, iso_day
from .deadline_dates import QUARTER_NUMERALS, describe, next_due, occurrences
from .model import Deadline
from .text import clean, fold_aligned

# next_due, occurrences and describe live in deadline_dates; filters.py and the board still import them here.
__all__ = ["parse_deadline", "parse_period", "next_due", "occurrences", "describe"]

_MAX_CELL = 2000      # a real time cell is a few words; longer text is a mis-read column


# ---- patterns; they run on fold_aligned() text: lower case, no diacritics, đ → d -------------
def _y(name: str = "y") -> str:
    return rf"(?P<{name}>(?:19|20)\d{{2}})(?![/\d])"


def _roman(name: str) -> str:
    return rf"(?P<{name}>iv|iii|ii|i|[1-4])\b"


_YSEP = r"\s*(?:nam|/|-|\.)?\s*"
_QUY = r"(?:quy|qui)"                      # "Quý", "Quí" (old spelling), any case
_ROMAN_VALUE = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_D, _M = r"(?P<d>\d{1,2})", r"(?P<m>\d{1,2})"

# (token kind, pattern); at the same position the earlier pattern wins.
_SCANNERS: list[tuple[str, re.Pattern[str]]] = [(kind, re.compile(rx)) for kind, rx in [
    # "trước ngày 01 tháng 3 năm 2014" (Bình Định 4078, body)
    ("date", rf"\bngay\s*{_D}\s*thang\s*{_M}\s*(?:nam|/)\s*{_y()}"),
    # "Trước ngày 30/11/2025"; "31/9/2013" (an invalid date from a seed)
    ("date", rf"(?<![\d/.]){_D}\s*[/.-]\s*{_M}\s*[/.-]\s*{_y()}"),
    # "trước ngày 01 tháng 12 hàng năm" (Bình Định 4078), "trước ngày 25 tháng 11" (An Giang 2050)
    ("date", rf"\bngay\s*{_D}\s*thang\s*{_M}\b"),
    # "Quý III-IV/2014"
    ("qrange", rf"\b{_QUY}\s*{_roman('q')}\s*[-–]\s*(?:{_QUY}\s*)?{_roman('q2')}(?:{_YSEP}{_y()})?"),
    # "Quý I, II năm 2012" (Sóc Trăng 09, I.6), "Quý I và II/2014"
    ("qlist", rf"\b{_QUY}\s*{_roman('q')}(?P<qs>(?:\s*(?:,|va|&)\s*(?:{_QUY}\s*)?(?:iv|iii|ii|i|[1-4])\b)+)"
              rf"(?:{_YSEP}{_y()})?"),
    # "Quý IV năm 2013", "Quý IV/2013", "Quí IV-2025", "quý 4 năm 2013", "Q4/2014", "Quý IV hàng năm"
    ("quarter", rf"\b(?:{_QUY}|q(?=\s*[1-4]))\.?\s*{_roman('q')}(?:{_YSEP}{_y()})?"),
    # "6 tháng đầu năm 2014", "6 tháng cuối năm 2014", "nửa đầu năm 2014"
    ("half", rf"\b(?:6\s*thang|nua)\s*(?P<half>dau|cuoi)\s*(?:nam)?(?:\s*{_y()})?"),
    # "Tháng 12/2013", "Tháng 12 năm 2013", "Tháng 12 hàng năm"
    ("month", rf"\bthang\s*{_M}\b(?:{_YSEP}{_y()})?"),
    # "12/2013"
    ("month", rf"(?<![\d/.]){_M}\s*[/.-]\s*{_y()}"),
    # "trước ngày 15/12 hàng năm"
    ("date", rf"(?<![\d/.]){_D}\s*/\s*{_M}(?![\d/])"),
    # "Năm 2012 - 2015" (Sóc Trăng 09, V.3), "2014 - 2015", "năm 2013 đến năm 2015"
    ("yrange", rf"(?:\bnam\s*)?(?<![\d/.]){_y()}\s*(?:-|–|—|den|toi)\s*(?:nam\s*)?{_y('y2')}"),
    # "Năm 2014", "2013", "2012, 2015" (Sóc Trăng 09, III.4)
    ("year", rf"(?:\bnam\s*)?(?<![\d/.]){_y()}"),
]]

# "Hàng năm", "Hằng năm", "Quý IV hàng năm", "Kế hoạch hàng năm" (hàng/hằng both fold to "hang")
_RECURRING = re.compile(r"\b(?:hang|moi)\s*nam\b")
# "Hàng quý", "hằng tháng": repeats we do not model (DESIGN §5 knows yearly only)
_OTHER_FREQ = re.compile(r"\b(?:hang|moi)\s*(quy|qui|thang|tuan)\b")
# "Thường xuyên" (Sóc Trăng 09, Nam Định 55), "Liên tục"
_ONGOING = re.compile(r"\b(?:thuong\s*xuyen|lien\s*tuc)\b")
# "Sau khi có hướng dẫn của Bộ Nội vụ", "Theo quy định của Chính phủ" (Bình Định 4078)
_CONDITIONAL = re.compile(r"^\W*(?:sau\s*khi|khi\s*co|theo|tuy\s*theo|can\s*cu|phu\s*thuoc)\b")
# between two milestones: "Quý IV/2025 - Quý II/2026", "tháng 8 năm 2013 đến tháng 10 năm 2015"
_RANGE_GAP = re.compile(r"\s*(?:-|–|—|den|toi)\s*(?:het\s*)?")
# words around a date that add nothing: "Trước ngày 30/11/2025", "Hoàn thành trong quý IV/2014"
_FILLER = re.compile(r"(?:\b(?:truoc|ngay|vao|trong|den|toi|het|han|hoan\s*thanh|thoi\s*gian|thuc\s*hien"
                     r"|tu|cuoi|cham\s*nhat|nam|quy|qui|thang)\b|[\s\-–—:,;.()/])*")
_TRIM = " ,;:.-–—()"
# the connector left at the end of a multi part: "Tháng 11 và tháng 12/2013" → "Tháng 11"
_PART_END = re.compile(r"(?:[\s,;:]|\b(?:và|hoặc|and)\b)+$", re.IGNORECASE)


@dataclass
class _Tok:
    kind: str
    start: int
    end: int
    y: int | None = None
    y2: int | None = None
    q: int | None = None
    q2: int | None = None
    m: int | None = None
    d: int | None = None
    label: str | None = None


def _scan(folded: str) -> list[_Tok]:
    """Every date-like milestone, left to right, without overlaps; earlier scanners win ties."""
    found = sorted(((m.start(), rank, kind, m) for rank, (kind, rx) in enumerate(_SCANNERS)
                    for m in rx.finditer(folded)), key=lambda item: item[:2])
    tokens: list[_Tok] = []
    last_end = -1
    for start, _, kind, m in found:
        if start < last_end:
            continue
        last_end = m.end()
        g = {k: v for k, v in m.groupdict().items() if v}
        values: dict[str, int] = {k: int(g[k]) for k in ("y", "y2", "m", "d") if k in g}
        values.update({k: _ROMAN_VALUE[g[k]] for k in ("q", "q2") if k in g})
        if "half" in g:
            values["m"] = 6 if g["half"] == "dau" else 12
        if kind != "qlist":
            tokens.append(_token(kind, start, m.end(), values))
            continue
        for roman in [g["q"], *re.findall(r"(iv|iii|ii|i|[1-4])\b", g["qs"])]:
            label = f"Quý {QUARTER_NUMERALS[_ROMAN_VALUE[roman]]}" + (f" năm {g['y']}" if "y" in g else "")
            tokens.append(_token("quarter", start, m.end(), {**values, "q": _ROMAN_VALUE[roman]}, label))
    return tokens


def _token(kind: str, start: int, end: int, values: dict[str, int], label: str | None = None) -> _Tok:
    return _Tok(kind, start, end, y=values.get("y"), y2=values.get("y2"), q=values.get("q"), q2=values.get("q2"),
                m=values.get("m"), d=values.get("d"), label=label)


def _tok_deadline(tok: _Tok, raw: str) -> Deadline:
    """The deadline one milestone stands for; `tok.y` is set. Invalid dates become warnings."""
    y = tok.y
    if y is None:     # the callers give every milestone a year first; a yearless one repeats (_recurring)
        return Deadline("unknown", text=raw, warning=f"no year in {raw!r}")
    # Each kind's pattern captures the fields it uses: a date has d and m, a month m, a quarter q, ...
    m, d, q = tok.m or 0, tok.d or 0, tok.q or 0
    if tok.kind == "date":
        if not 1 <= m <= 12:
            return Deadline("unknown", text=raw, warning=f"invalid date {d}/{m}/{y}: there is no month {m}")
        try:
            return Deadline("date", date(y, m, d))
        except ValueError:
            return Deadline("month", end_of_month(y, m), month=m,
                            warning=f"invalid date {d}/{m}/{y}: month {m}/{y} has no day {d};"
                                    f" used the end of the month")
    if tok.kind == "month":
        if not 1 <= m <= 12:
            return Deadline("unknown", text=raw, warning=f"invalid month {m}/{y} in {raw!r}")
        return Deadline("month", end_of_month(y, m), month=m)
    if tok.kind == "quarter":
        return Deadline("quarter", end_of_month(y, q * 3), quarter=q)
    if tok.kind == "qrange":
        q1, q2 = sorted((q, tok.q2 or q))
        return Deadline("range", end_of_month(y, q2 * 3), start=date(y, q1 * 3 - 2, 1))
    if tok.kind == "half":
        return Deadline("range", end_of_month(y, m), start=date(y, m - 5, 1))
    if tok.kind == "yrange":
        later = tok.y2 if tok.y2 is not None else y
        y1, y2 = sorted((y, later))
        warning = None if y <= later else f"years reversed in {raw!r}"
        return Deadline("range", date(y2, 12, 31), start=date(y1, 1, 1), warning=warning)
    return Deadline("year", date(y, 12, 31))


def _tok_start(dl: Deadline, due: date) -> date:
    """The first day a milestone due on `due` covers: a range's start, a quarter's, month's or year's first day."""
    if dl.start:
        return dl.start
    first_month = {"quarter": (dl.quarter or 1) * 3 - 2, "month": due.month, "year": 1}.get(dl.kind)
    return date(due.year, first_month, 1) if first_month else due


def _qualifier(raw: str, folded: str, start: int, end: int | None = None) -> str | None:
    """Words before (or else after) the date that say more than "trước ngày": "Trình HĐND tỉnh vào"."""
    spans = [(0, start)] + ([(end, len(raw))] if end is not None else [])
    texts = [raw[lo:hi].strip(_TRIM) for lo, hi in spans if lo < hi and not _FILLER.fullmatch(folded[lo:hi])]
    return next((t for t in texts if t), None)


def parse_deadline(text: str, *, period_start: date | None = None, period_end: date | None = None) -> Deadline:
    """Parse one time cell (DESIGN §5). Never raises: what cannot be read is `unknown` with a warning."""
    try:
        raw = clean(text if isinstance(text, str) else "" if text is None else str(text))
        return _parse(raw, _as_date(period_start), _as_date(period_end))
    except Exception as exc:  # the importer must never stop on a cell; the warning says it went wrong
        return Deadline("unknown", text=str(text)[:200], warning=f"internal error parsing time cell: {exc!r}")


def _as_date(value: object) -> date | None:
    """A period bound given as a date or an ISO string; anything else is no bound."""
    try:
        return iso_day(value) if isinstance(value, (str, date)) else None
    except ValueError:
        return None


def _parse(raw: str, ps: date | None, pe: date | None) -> Deadline:
    if not raw:
        return Deadline("unknown", warning="empty time cell")
    if len(raw) > _MAX_CELL:
        return Deadline("unknown", text=raw[:200], warning=f"time cell too long ({len(raw)} characters)")
    folded = fold_aligned(raw)
    tokens = _scan(folded)
    recurring = _RECURRING.search(folded)
    if recurring:
        return _recurring(raw, folded, tokens, recurring, ps, pe)
    if not tokens:
        other = _OTHER_FREQ.search(folded)
        return (Deadline("ongoing") if _ONGOING.search(folded) else
                Deadline("conditional", text=raw) if _CONDITIONAL.search(folded) else
                Deadline("unknown", text=raw, warning=f"repeats every {raw[other.start(1):other.end(1)]} in {raw!r};"
                                                      " only yearly repeats are tracked") if other else
                Deadline("unknown", text=raw, warning=f"no date found in {raw!r}"))
    # A year written once serves the milestones before it: "tháng 11 và tháng 12/2013".
    for i, tok in enumerate(tokens):
        if tok.y is None:
            tok.y = (next((t.y for t in tokens[i + 1:] if t.y), None)
                     or next((t.y for t in reversed(tokens[:i]) if t.y), None))
    if tokens[0].y is None:   # no year anywhere: "trước ngày 25 tháng 11" repeats every year
        dl = _recurring(raw, folded, tokens, None, ps, pe)
        return _with(dl, warning=f"no year in {raw!r}; treated as every year")
    qualifier = _qualifier(raw, folded, tokens[0].start, tokens[-1].end)
    if len(tokens) == 1:
        return _with(_tok_deadline(tokens[0], raw), qualifier=qualifier)
    first, last = tokens[0], tokens[-1]
    if len(tokens) == 2 and first.end < last.start and _RANGE_GAP.fullmatch(folded[first.end:last.start]):
        a, b = _tok_deadline(first, raw), _tok_deadline(last, raw)
        warnings = [w for w in (a.warning, b.warning) if w]
        if not (a.due and b.due):
            return Deadline("unknown", text=raw, warning="; ".join(warnings) or None)
        start = _tok_start(a, a.due)
        if b.due < start:
            warnings.append(f"range in {raw!r} ends before it starts")
        return Deadline("range", b.due, start=start, qualifier=_qualifier(raw, folded, first.start, last.end),
                        warning="; ".join(warnings) or None)
    parts = []
    for i, tok in enumerate(tokens):
        nxt = next((t.start for t in tokens[i + 1:] if t.start > tok.start), len(raw))
        part_text = tok.label or _PART_END.sub("", raw[tok.start:nxt])
        parts.append(replace(_tok_deadline(tok, raw), text=part_text))
    dues = [p.due for p in parts if p.due]
    warnings = [p.warning for p in parts if p.warning]
    if not dues:
        return Deadline("unknown", text=raw, warning="; ".join(warnings) or None)
    return Deadline("multi", max(dues), parts=tuple(parts),
                    qualifier=_qualifier(raw, folded, tokens[0].start),
                    warning="; ".join(warnings) or None)


def _with(dl: Deadline, **changes) -> Deadline:
    values = {k: v for k, v in changes.items() if v is not None and getattr(dl, k) is None}
    if "warning" in changes and changes["warning"] and dl.warning:
        values["warning"] = f"{dl.warning}; {changes['warning']}"
    return replace(dl, **values) if values else dl


def _recurring(raw: str, folded: str, tokens: list[_Tok], marker: re.Match | None,
               ps: date | None, pe: date | None) -> Deadline:
    """A yearly task: the repeating day comes from a yearless milestone, the bounds from dated ones."""
    quarter: int | None = None
    month: int | None = None
    day: int | None = None
    warnings = []
    yearless = [t for t in tokens if t.y is None]
    if yearless:
        t = yearless[0]
        if t.q:
            quarter = max(t.q, t.q2 or 0)
        elif t.m is not None and 1 <= t.m <= 12:      # "Tháng 12 hàng năm", "15/12 hàng năm", "6 tháng đầu năm"
            month, day = t.m, t.d
            if day is not None and not 1 <= day <= end_of_month(2000, month).day:
                warnings.append(f"invalid date {day}/{month} in {raw!r}; used the end of the month")
                day = None
        else:
            warnings.append(f"invalid month {t.m} in {raw!r}")
        if len(yearless) > 1:
            warnings.append(f"several dates a year in {raw!r}; only the first is tracked")
    dated = [(d, d.due) for d in (_tok_deadline(t, raw) for t in tokens if t.y is not None) if d.due]
    start, until = ps, pe
    if dated:   # "Hàng năm (2013 - 2015)": the cell's own years bound it
        start = min(_tok_start(d, due) for d, due in dated)
        if len(dated) > 1 or dated[0][0].kind == "range":
            until = max(due for _, due in dated)
    first = min([t.start for t in tokens] + ([marker.start()] if marker else []))
    dl = Deadline("recurring", None, freq="yearly", quarter=quarter, month=month, day=day, start=start, until=until,
                  qualifier=_qualifier(raw, folded, first), warning="; ".join(warnings) or None)
    occ = occurrences(dl)
    return _with(dl, due=occ[0] if occ else None)


# ---- plan period -----------------------------------------------------------------------------

# "Từ tháng 8 năm 2013 đến tháng 10 năm 2015" (An Giang 2050), "Từ tháng 12 năm 2013 đến tháng 10 năm 2015"
_PERIOD_MONTHS = re.compile(rf"\btu\s*thang\s*(\d{{1,2}})\s*(?:nam|/)\s*{_y('y1')}"
                            rf"\s*(?:den|toi)\s*(?:het\s*)?thang\s*(\d{{1,2}})\s*(?:nam|/)\s*{_y('y2')}")
# "giai đoạn 2011 - 2015" (An Giang 930), "GIAI ĐOẠN 2013-2015" (Bình Định 4078)
_PERIOD_STAGE = re.compile(rf"\bgiai\s*doan\s*{_y('y1')}\s*(?:-|–|—|den|toi)\s*(?:nam\s*)?{_y('y2')}")
# "đến năm 2015", "từ nay đến năm 2015", "TỪ NAY ĐẾNNĂM 2015" (scrape-glued, An Giang 2050)
_PERIOD_UNTIL = re.compile(rf"(?:\btu\s*(?:nay|nam\s*{_y('y1')})\s*)?\bden\s*(?:het\s*)?nam\s*{_y('y2')}")


def parse_period(text: str) -> dict | None:
    """The plan period in a title or body: {"text", "start", "end"} (ISO dates; start may be None).

    An explicit "Từ tháng … đến tháng …" anywhere wins (it is the plan's own "Thời gian thực hiện");
    otherwise the first "giai đoạn …" or "đến năm …", so pass the title before the body.
    """
    try:
        raw = clean(text if isinstance(text, str) else "")
        folded = fold_aligned(raw)
        for m in _PERIOD_MONTHS.finditer(folded):
            m1, y1, m2, y2 = (int(g) for g in m.groups())
            if 1 <= m1 <= 12 and 1 <= m2 <= 12:
                return _period(raw, m, date(y1, m1, 1), end_of_month(y2, m2))
        # both patterns name their years y1 (optional for "đến năm 2015") and y2
        # The first match of each (the earliest of all its matches): a whole body is searched once.
        found = [first for rx in (_PERIOD_STAGE, _PERIOD_UNTIL) if (first := rx.search(folded)) is not None]
        if not found:
            return None
        m = min(found, key=lambda match: match.start())
        return _period(raw, m, date(int(m["y1"]), 1, 1) if m["y1"] else None, date(int(m["y2"]), 12, 31))
    except Exception:  # a period is optional; never stop an import for it
        return None


def _period(raw: str, m: re.Match, start: date | None, end: date) -> dict:
    return {"text": raw[m.start():m.end()].strip(_TRIM), "start": start.isoformat() if start else None,
            "end": end.isoformat()}
