"""Body shape "labelled": no table; each task is written out with labels in the plan body.

    **2. Tăng cường tuyên truyền, phổ biến …**            ← heading: the task's title
    - Thường xuyên tuyên truyền, phổ biến, quán triệt …    ← its content
    *Đơn vị chủ trì thực hiện: *Các Sở, ngành, đơn vị, UBND cấp xã.
    *Đơn vị phối hợp: *Sở Tư pháp.
    *Thời gian thực hiện: *Thường xuyên.

also "a) Nhiệm vụ: … b) Cơ quan thực hiện: - Đơn vị chủ trì: … c) Thời gian thực hiện: …" and
"- Nội dung thực hiện: … - Cơ quan chủ trì: … - Thời gian thực hiện: …". A task needs a lead or
a time label; the cards are marked inferred.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..i18n import msg
from ..text import clean, fold_aligned
from .body import named_lead
from .document import Document, LineWarning
from .readers.text import paragraph_cells
from .rows import TaskRow

NAME = "labelled"
INFERRED = True
DESCRIPTION = msg("tasks labelled in the body (Cơ quan chủ trì: …, Thời gian thực hiện: …)")

_PREFIX = r"^(?:[-–+•]\s*|[a-zđ]\)\s*)?"
# Folded labels, each with the field it fills.
_LABELS = [
    ("support", re.compile(_PREFIX + r"(?:co quan|don vi)(?: [a-z]+){0,2} phoi hop(?: thuc hien)?\s*:")),
    ("lead", re.compile(_PREFIX + r"(?:co quan|don vi)(?: [a-z]+){0,1} (?:chu tri|thuc hien|tham muu)(?: thuc hien| tham muu)?\s*:")),
    ("lead", re.compile(_PREFIX + r"chu tri(?: thuc hien)?\s*:")),
    ("support", re.compile(_PREFIX + r"phoi hop(?: thuc hien)?\s*:")),
    ("time", re.compile(_PREFIX + r"(?:thoi gian|thoi han|tien do)(?: thuc hien| hoan thanh| trien khai)?\s*:")),
    ("content", re.compile(_PREFIX + r"(?:noi dung(?: thuc hien| cong viec)?|nhiem vu(?: cu the)?)\s*:")),
    ("product", re.compile(_PREFIX + r"(?:san pham(?: du kien)?|ket qua(?: dau ra)?)\s*:")),
]
# "2. Tăng cường …", "1.2. Triển khai …", "II. NHIỆM VỤ": a numbered heading and its number.
_HEADING = re.compile(r"^((?:\d{1,2}\.){1,3}\d{0,2}|[IVX]{1,5}\.)\s*(.+)$")
_MARKS = re.compile(r"\*+|_{2,}")


@dataclass
class _Task:
    number: str
    title: str
    line: int
    content: list[str] = field(default_factory=list)
    values: dict[str, str] = field(default_factory=dict)

    @property
    def labelled(self) -> bool:
        return bool(self.values.get("lead") or self.values.get("time"))


def _paragraphs(doc: Document) -> list[tuple[str, int]]:
    return [(clean(_MARKS.sub("", cell.text)), cell.line) for cell in paragraph_cells(doc.lines)
            if clean(_MARKS.sub("", cell.text))]


def _label(text: str) -> tuple[str, str] | None:
    folded = fold_aligned(text)       # one character per character: the match cuts the original text
    for name, pattern in _LABELS:
        match = pattern.match(folded)
        if match:
            return name, clean(text[match.end():])
    return None


def _tasks(doc: Document) -> list[_Task]:
    tasks: list[_Task] = []
    heading: tuple[str, str, int] | None = None
    current: _Task | None = None
    for text, line in _paragraphs(doc):
        label = _label(text)
        if label is not None:
            name, value = label
            if current is None:
                number, title, at = heading or ("", "", line)
                current = _Task(number, title, at)
            if current.values.get(name) and name != "content" and current.labelled:
                tasks.append(current)                      # a second set of labels: the next task
                number, title, _at = heading or ("", "", line)
                current = _Task(number, title, line)
            if value:
                current.values[name] = f"{current.values[name]} {value}".strip() if name in current.values else value
            continue
        match = _HEADING.match(text)
        if match and len(text) < 400:
            if current is not None and current.labelled:
                tasks.append(current)
            heading = (match.group(1).rstrip("."), clean(match.group(2)), line)
            current = None
            continue
        if current is not None and current.labelled:
            tasks.append(current)
            number, title, _at = heading or ("", "", line)
            current = _Task(number, title, line)
        if current is None:
            number, title, at = heading or ("", "", line)
            current = _Task(number, title, at if heading else line)
        current.content.append(text)
    if current is not None and current.labelled:
        tasks.append(current)
    return tasks


def sniff(doc: Document) -> bool:
    return sum(1 for task in _tasks(doc) if task.values.get("lead")) >= 2


def read(doc: Document, warnings: list[LineWarning]) -> list[TaskRow]:
    rows: list[TaskRow] = []
    per_heading: dict[str, int] = {}
    counted = 0
    for task in _tasks(doc):
        content = task.values.get("content") or " ".join(task.content) or task.title
        section = task.title if content != task.title else None
        lead = task.values.get("lead", "")
        if len(lead.split()) > 25:
            lead = named_lead(lead) or lead     # "Sở Nội vụ chủ trì tham mưu …; Sở Tư pháp … chủ động …"
        if task.number:
            per_heading[task.number] = per_heading.get(task.number, 0) + 1
            parts = task.number.split(".")
            if per_heading[task.number] > 1:
                parts.append(str(per_heading[task.number]))
        else:
            counted += 1
            parts = [str(counted)]
        extras = [("Sản phẩm", task.values["product"])] if task.values.get("product") else []
        rows.append(TaskRow(parts=parts, content=content, line=task.line, section=section, lead_text=lead,
                            support_text=task.values.get("support", ""), time_text=task.values.get("time", ""),
                            extras=extras, inferred=True))
    return rows
