"""Body shape "roadmap": no table; tasks are the lettered items of a roadmap by year (An Giang 2050).

    IV. LỘ TRÌNH THỰC HIỆN KẾ HOẠCH …
    1. Năm 2013
    a) Triển khai xác định vị trí việc làm …:        ← card 1.a, deadline "Năm 2013"
    - Tham gia Hội nghị tập huấn …                   ← part of 1.a's content
    đ) Chỉ đạo thực hiện nghiêm túc …                ← card 1.đ (id …1.dd)
    2. Năm 2014 …

The cards are marked inferred: the plan never put them in a table.
"""

from __future__ import annotations

import re

from ..i18n import msg
from .body import body_lines, headings_in, item_rows, named_lead, section_span
from .document import Document, LineWarning
from .rows import TaskRow

NAME = "roadmap"
INFERRED = True
DESCRIPTION = msg("a roadmap by year in the plan body")
_YEAR = re.compile(r"\b(19|20)\d\d\b")


def _span(doc: Document):
    lines = body_lines(doc)
    span = section_span(lines, lambda title: title.startswith(("lo trinh", "tien do thuc hien")) or " lo trinh " in f" {title} "[:40])
    return lines, span


def _year_headings(lines, span):
    _index, start, end = span
    return [h for h in headings_in(lines, start, end) if _YEAR.search(h.title) and len(h.title) < 60]


def sniff(doc: Document) -> bool:
    lines, span = _span(doc)
    return span is not None and bool(_year_headings(lines, span))


def read(doc: Document, warnings: list[LineWarning]) -> list[TaskRow]:
    lines, span = _span(doc)
    if span is None:
        return []
    rows: list[TaskRow] = []
    for heading in _year_headings(lines, span):
        period = heading.title.rstrip(" :.")
        if not heading.items:
            text = " ".join(heading.more)
            if text:
                rows.append(TaskRow([heading.number], text, heading.line, section=None, time_text=period,
                                    lead_text=named_lead(text), inferred=True))
            else:
                warnings.append(LineWarning(heading.line, msg("the roadmap step '{title}' has no items; nothing "
                                                              "imported from it", title=heading.title)))
            continue
        rows += item_rows(heading, heading.title, warnings, section=period, time_text=period)
    return rows

