"""Task rows to cards: ids, agencies split, deadlines parsed against the plan period."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from ..clock import iso_day
from ..i18n import msg
from ..deadlines import parse_deadline
from ..model import Card, Deadline, Plan
from ..text import clean
from .document import LineWarning
from .numbering import id_part
from .rows import TaskRow

_YEAR = re.compile(r"(?<!\d)(19\d\d|20\d\d)(?!\d)")


@dataclass
class ImportResult:
    """What one plan file gives: the plan, its cards, and what could not be read exactly."""

    plan: Plan
    cards: list[Card]
    warnings: list[LineWarning] = field(default_factory=list)
    shape: str = ""
    inferred: bool = False
    file: str = ""
    reader: str = ""                                   # the reader module: text, html, docx, xlsx, pdf
    tables: list = field(default_factory=list)         # every FoundTable looked at (for --explain)

    def to_dict(self) -> dict:
        return {"plan": self.plan.to_dict(), "shape": self.shape, "inferred": self.inferred, "file": self.file,
                "cards": [card.to_dict() for card in self.cards],
                "warnings": [w.to_dict() for w in self.warnings]}


def years_named(rows: list[TaskRow]) -> list[int]:
    return [int(y) for row in rows for y in _YEAR.findall(row.time_text)]


def _date(value: str | None) -> date | None:
    try:
        return iso_day(value) if value else None
    except ValueError:
        return None


def extras_of(row: TaskRow) -> dict[str, str]:
    """The row's other columns by title ("Sản phẩm dự kiến", "Kinh phí"); a repeated title is joined."""
    out: dict[str, str] = {}
    for title, value in row.extras:
        out[title] = clean(f"{out[title]} {value}") if title in out else value
    return out


def build_cards(plan: Plan, rows: list[TaskRow], file: str, warnings: list[LineWarning]) -> list[Card]:
    from ..agencies import split_agencies   # imported here: the importer must load without it for tests of readers

    start, end = _date(plan.period.get("start")), _date(plan.period.get("end"))
    cards: list[Card] = []
    used: set[str] = set()
    # Plans repeat the same agency and time cells many times; parse each distinct cell once.
    agencies = lru_cache(maxsize=None)(split_agencies)
    deadlines: dict[str, Deadline] = {}
    for row in rows:
        card_id = f"{plan.key}." + ".".join(id_part(part) for part in row.parts)
        if card_id in used:
            suffix = 2
            while f"{card_id}-{suffix}" in used:
                suffix += 1
            warnings.append(LineWarning(row.line, msg("row number {number} appears twice; this one got the id {id}",
                                                      number=row.number, id=f"{card_id}-{suffix}")))
            card_id = f"{card_id}-{suffix}"
        used.add(card_id)
        lead, support = agencies(row.lead_text), agencies(row.support_text)
        if row.time_text not in deadlines:
            deadlines[row.time_text] = parse_deadline(row.time_text, period_start=start, period_end=end)
        deadline = deadlines[row.time_text]
        if row.time_text and deadline.warning:
            warnings.append(LineWarning(row.line, msg("row {number}: time '{time}': {warning}", number=row.number,
                                                      time=row.time_text, warning=deadline.warning)))
        notes = [*lead.notes, *(note for note in support.notes if note not in lead.notes)]
        cards.append(Card(
            id=card_id, plan=plan.key, number=row.number, content=clean(row.content), extras=extras_of(row), section=row.section,
            lead=list(lead.names), support=list(support.names),
            lead_text=row.lead_text, support_text=row.support_text, time_text=row.time_text,
            deadline=deadline, source={"file": file, "line": row.line}, notes=notes, inferred=row.inferred,
        ))
    return cards
