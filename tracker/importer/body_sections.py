"""Body shape "sections": no table; tasks are the items of the numbered content sections (An Giang 930).

    IV. NỘI DUNG:
    1. Cải cách thể chế:                              ← section of its items
    a) Xây dựng kế hoạch thực hiện các văn bản …      ← card 1.a, deadline = the plan period
    6. Hiện đại hóa nền hành chính:
    a) Ứng dụng công nghệ thông tin:
    - Xây dựng và triển khai …                        ← part of 6.a's content

A numbered section without lettered items is one task itself. Cards are marked inferred.
"""

from __future__ import annotations

from ..i18n import msg
from .body import body_lines, headings_in, item_rows, named_lead, section_span
from .document import Document, LineWarning
from .rows import TaskRow

NAME = "sections"
INFERRED = True
DESCRIPTION = msg("numbered content sections in the plan body")
DEADLINE_IS_PERIOD = True    # items have no time of their own: the plan period ("giai đoạn 2011 - 2015") is it

# Preferred first: a section called exactly "NỘI DUNG", then the usual names of task sections.
_TITLES = (
    lambda t: t == "noi dung",
    lambda t: t.startswith(("noi dung", "nhiem vu", "cac nhiem vu", "cac noi dung", "nhiem vu va giai phap")),
)


def _span(doc: Document):
    lines = body_lines(doc)
    for predicate in _TITLES:
        span = section_span(lines, predicate)
        if span is not None and headings_in(lines, span[1], span[2]):
            return lines, span
    return lines, None


def sniff(doc: Document) -> bool:
    return _span(doc)[1] is not None


def read(doc: Document, warnings: list[LineWarning]) -> list[TaskRow]:
    lines, span = _span(doc)
    if span is None:
        return []
    rows: list[TaskRow] = []
    for heading in headings_in(lines, span[1], span[2]):
        title = heading.title.rstrip(" :.")
        if not heading.items:
            content = " ".join([heading.title, *heading.more])
            rows.append(TaskRow([heading.number], content, heading.line, lead_text=named_lead(content), inferred=True))
            continue
        rows += item_rows(heading, title, warnings, section=title)
    return rows
