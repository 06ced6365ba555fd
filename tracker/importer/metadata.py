"""The plan record: number, kind, province, date, title, period, key, read from the document head."""

from __future__ import annotations

import re
from functools import lru_cache
from datetime import date

from ..i18n import msg
from ..deadlines import parse_period
from ..model import Plan
from ..text import clean, fold, slug
from .document import Document, Line, LineWarning
from .noise import strip_noise

# "Số: 55/KH-UBND", "Số 4078/QĐ-UBND"
_NUMBER_LINE = re.compile(r"^\s*Số\s*:?\s*(\d+[\w.]*/[\wĐđ.&-]+(?:-[\wĐđ.&]+)*)", re.IGNORECASE)
# "(Ban hành kèm theo Quyết định số 930/QĐ-UBND ngày 15 tháng 6 năm 2012 …)" (An Giang 930)
_NUMBER_ANY = re.compile(r"\bsố\s*:?\s*(\d+[\w.]*/(?:KH|QĐ|QD|CTr|CT|NQ|KHPH|TB)[\wĐđ.&-]*)", re.IGNORECASE)
# "Nam Định, ngày 14 tháng 08 năm 2013", "Sóc Trăng, ngày 20 tháng 02 năm 2012"
_PLACE_DATE = re.compile(r"^\s*([^\d,()]{2,40}),\s*ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.IGNORECASE)
_DATE = re.compile(r"ngày\s+(\d{1,2})\s*(?:tháng\s*|/)\s*(\d{1,2})\s*(?:năm\s*|/)\s*(\d{4})", re.IGNORECASE)
_PROVINCE_HEAD = re.compile(r"^\s*(?:TỈNH|THÀNH PHỐ)\s+(.{2,30}?)\s*$")
_PROVINCE_ANY = re.compile(r"\b(?:tỉnh|thành phố)\s+((?:[^\W\d_]+\s?){1,4})")
_KINDS = {"ke hoach": "Kế hoạch", "quyet dinh": "Quyết định", "chuong trinh": "Chương trình"}
_KIND_CODES = {"KH": "Kế hoạch", "QĐ": "Quyết định", "QD": "Quyết định", "CTR": "Chương trình", "CT": "Chương trình"}
_HEAD_LINES = 80        # metadata lives in the first lines of a plan (after the page's chrome)
_SCAN_LINES = 250       # the page chrome before it is at most a hundred or so lines
# A web export's markup around header text: "**KẾ HOẠCH**", "*Hà Nội, ngày 19*", lines holding "|".
_MARKUP = re.compile(r"\*+|_{2,}|^\s*#+\s*|^\s*\|\s*|\s*\|\s*$")
# Thư viện Pháp luật's own record of the document: "**Số hiệu:**" | "2530/QĐ-TTg".
_RECORD_NUMBER = re.compile(r"^Số hiệu\s*:?$", re.IGNORECASE)


def _iso(day: str, month: str, year: str) -> str | None:
    try:
        return date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def _text(line: Line) -> str:
    return _plain_text(line.text)


# read_metadata looks at each head line up to a dozen times (number, date, province, kind, title):
# the cleaned text is worked out once per distinct line.
@lru_cache(maxsize=4096)
def _plain_text(raw: str) -> str:
    text = strip_noise(raw)
    return clean(_MARKUP.sub("", text) if any(mark in text for mark in "*_#|") else text)


def _head(doc: Document) -> list[Line]:
    """The document's first text lines without markup, hard-wrapped lines joined back.

    "*Thành phố Hồ Chí" + "Minh, ngày 18 tháng 11 năm 2025*" is one line of the original; a line
    is joined to the next when the next starts in lower case or the two make a number or a date.
    """
    lines = [Line(text, line.number) for line in doc.lines[:_SCAN_LINES] if (text := _text(line))]
    out: list[Line] = []
    for line in lines:
        if out and _continues(out[-1].text, line.text):
            out[-1] = Line(f"{out[-1].text} {line.text}", out[-1].number)
        else:
            out.append(line)
    return out


def _from_document(lines: list[Line]) -> list[Line]:
    """The page chrome before the document proper dropped: from a little before its "Số:" or motto."""
    start = next((i for i, line in enumerate(lines)
                  if _NUMBER_LINE.match(line.text) or line.text.startswith("CỘNG HÒA")), 0)
    return lines[max(0, start - 6):]


def _continues(first: str, second: str) -> bool:
    if _PLACE_DATE.match(first) or _NUMBER_LINE.match(first):
        return False
    joined = f"{first} {second}"
    if _PLACE_DATE.match(second):
        # "*Thành phố Hồ Chí" + "Minh, ngày 18 …": a place name cut short, capitalised, not a heading.
        words = first.split()
        return len(words) <= 5 and not first.isupper() and first[:1].isupper() and not first.endswith((".", ";", ":")) \
            and not any(ch.isdigit() for ch in first)
    return bool(_PLACE_DATE.match(joined) or _NUMBER_LINE.match(joined))


def read_metadata(doc: Document, warnings: list[LineWarning]) -> Plan:
    """Everything but the period and the source shape, which the caller completes."""
    lines = _head(doc)
    head = _from_document(lines)[:_HEAD_LINES]
    number = province = plan_date = ""
    kind = title = ""
    record = [line.text for line in lines[:60]]
    for index, text in enumerate(record[:-1]):
        if _RECORD_NUMBER.match(text) and re.match(r"^\d+[\w.]*/[\wĐđ.&-]+$", record[index + 1]):
            number = record[index + 1]
            break
    for line in head:
        text = _text(line)
        if not number and (m := _NUMBER_LINE.match(text)):
            number = m.group(1)
        if not plan_date and (m := _PLACE_DATE.match(text)):
            province = province or clean(m.group(1))
            plan_date = _iso(m.group(2), m.group(3), m.group(4)) or ""
    if not number:
        for line in head:
            if m := _NUMBER_ANY.search(_text(line)):
                number = m.group(1)
                if not plan_date and (d := _DATE.search(_text(line)[m.end():])):
                    plan_date = _iso(*d.groups()) or ""
                break
    if not province:
        for line in head[:12]:
            if m := _PROVINCE_HEAD.match(_text(line)):
                province = " ".join(word.capitalize() for word in m.group(1).split())
                break
    if not province:
        for line in head:
            for m in _PROVINCE_ANY.finditer(_text(line)):
                words = []
                for word in m.group(1).split():
                    if not word[0].isupper():
                        break
                    words.append(word)
                if words and not all(w.isupper() for w in words):
                    province = " ".join(words)
                    break
            if province:
                break
    for index, line in enumerate(head):
        folded = fold(_text(line)).strip(" :.")
        if folded in _KINDS and _text(line).isupper():
            kind = _KINDS[folded]
            title = _title_after(head, index)
            break
    if not kind and number:
        code = number.partition("/")[2].split("-")[0].upper()
        kind = _KIND_CODES.get(code, "")
    if not number:
        warnings.append(LineWarning(None, msg("no plan number ('Số: …/KH-UBND') found; the key uses the file name")))
    if not plan_date:
        warnings.append(LineWarning(None, msg("no plan date ('…, ngày … tháng … năm …') found")))
    if not province:
        warnings.append(LineWarning(None, msg("no province found in the plan header")))
    return Plan(key=plan_key(province, number, plan_date, doc.name), number=number, kind=kind,
                province=province, date=plan_date or None, title=title)


def _title_after(head: list[Line], index: int) -> str:
    """The title paragraph after "KẾ HOẠCH"/"QUYẾT ĐỊNH": the next lines up to a blank or a "(…)" line."""
    from .numbering import BODY_BULLET, BODY_DIGIT, BODY_LETTER, BODY_ROMAN
    parts: list[str] = []
    previous = head[index].number
    for line in head[index + 1:index + 6]:
        text = _text(line)
        if parts and line.number > previous + 1 or text.startswith(("(", "Căn cứ", "Kính gửi", "Thực hiện")):
            break
        if any(p.match(text) for p in (BODY_ROMAN, BODY_DIGIT, BODY_LETTER, BODY_BULLET)) or len(text) > 250:
            break
        if not text or fold(text).startswith(("chu tich", "uy ban nhan dan", "thu tuong", "bo truong", "hoi dong nhan dan",
                                              "ban chap hanh", "giam doc")) and text.isupper():
            break
        parts.append(text)
        previous = line.number
    return clean(" ".join(parts))


def plan_key(province: str, number: str, plan_date: str, file_name: str) -> str:
    """`nam-dinh-55-2013`: province slug, the number before "/", the year of the plan date."""
    if not number:
        return slug(file_name.rsplit(".", 1)[0])
    pieces = [slug(province) if province else "", slug(number.partition("/")[0]), plan_date[:4]]
    return "-".join(piece for piece in pieces if piece)


def plan_period(plan: Plan, doc: Document, years: list[int]) -> dict:
    """The plan period from the title and body (parse_period), else the years the tasks name."""
    # The period is stated in the title or body text; a huge appendix adds nothing but time.
    body = "\n".join(line.text for line in doc.lines[:3000])[:200_000]
    period = parse_period(f"{plan.title}\n{body}")
    if period is None:
        first = int(plan.date[:4]) if plan.date else min(years, default=0)
        if not first:
            return {"text": "", "start": None, "end": None}
        last = max([*years, first])
        return {"text": "", "start": plan.date or f"{first}-01-01", "end": f"{last}-12-31"}
    if not period.get("start"):
        period = {**period, "start": plan.date}
    return period
