"""Task rows, and the reading of a table grid (any shape) into them.

Every table shape (tab, flattened cells, markdown, docx/html) ends here, so group rows, Roman
section rows, lettered tasks and rows continued after a page break are handled one way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..i18n import msg
from ..text import clean
from .columns import LABELS, Columns
from .document import Cell, LineWarning
from .numbering import kind_of, tidy
from .noise import strip_noise


@dataclass
class TaskRow:
    """One task as read from a document, before agencies and deadlines are parsed."""

    parts: list[str]                 # number parts: ["I", "3"], ["2", "d"], ["13"]
    content: str
    line: int
    section: str | None = None
    lead_text: str = ""
    support_text: str = ""
    time_text: str = ""
    extras: list[tuple[str, str]] = field(default_factory=list)   # (column title, value)
    inferred: bool = False
    drop: bool = False               # a group row that turned out to be only a heading

    @property
    def number(self) -> str:
        return ".".join(self.parts)

    def has_fields(self) -> bool:
        return bool(self.lead_text or self.support_text or self.time_text)


_FOOTNOTE = re.compile(r"\s*\[\d{1,2}\]")


@lru_cache(maxsize=16384)
def cell_text(text: str) -> str:
    """A cell's text as stored: NFC, scrape noise dropped, whitespace normalised (lines joined by spaces)."""
    return clean(strip_noise(text))


def _joined(first: str, second: str) -> str:
    return f"{first} {second}".strip() if first and second else first or second


@dataclass
class _Section:
    number: str | None
    title: str


class GridReader:
    """Turn header-aligned rows of cells into TaskRows, with warnings for what it cannot place."""

    def __init__(self, columns: Columns, warnings: list[LineWarning]):
        self.columns = columns
        self.warnings = warnings
        self.rows: list[TaskRow] = []
        self._section: _Section | None = None
        self._group: TaskRow | None = None
        self._pending: TaskRow | None = None     # a numbered row that may be a group heading
        self._last: TaskRow | None = None
        self._unnamed_sections = 0
        self._missing_reported = False
        self._head: TaskRow | None = None        # the last row with a number of its own (printed or counted)
        self._subtasks = 0                       # rows under `_head` that lost its merged number cell
        self._counted = 0                        # the last number at the top level of this section

    def _value(self, cells: list[Cell], name: str) -> str:
        position = self.columns.index.get(name)
        if position is None or position >= len(cells):
            return ""
        return cell_text(cells[position].text)

    def _raw(self, cells: list[Cell], name: str) -> str:
        """Agency and time cells: several paragraphs in one cell (docx/html) are several agencies."""
        position = self.columns.index.get(name)
        if position is None or position >= len(cells):
            return ""
        parts = [cell_text(part) for part in cells[position].text.split("\n")]
        parts = [part for part in parts if part]
        if name in ("lead", "support") and len(parts) > 1:
            joined = parts[0]
            for part in parts[1:]:
                # A "(Thường trực …)" line belongs to the agency above it; other lines are agencies of their own.
                joined += f" {part}" if part.startswith("(") or joined.endswith((";", ",")) else f"; {part}"
            return clean(joined)
        return clean(" ".join(parts))

    def add_section(self, text: str, line: int) -> None:
        """A row that spans the table (merged cells) or a Roman-numbered row without fields."""
        from .numbering import BODY_ROMAN
        text = cell_text(text)
        match = BODY_ROMAN.match(text)
        number = match.group(1) if match else None
        title = match.group(2).strip() if match else text
        if number is None:
            head, _, rest = text.partition(" ")
            if kind_of(tidy(head)) in ("roman", "upper") and rest:
                number, title = tidy(head), rest.strip()
        if number is None:
            self._unnamed_sections += 1
            number = f"S{self._unnamed_sections}"
        self._resolve_pending(None)
        self._section = _Section(number, title or text)
        self._group = None
        self._last = None
        self._head = None
        self._counted = 0

    def add(self, cells: list[Cell]) -> None:
        if not self._missing_reported:
            self._missing_reported = True
            for name in self.columns.missing():
                self.warnings.append(LineWarning(cells[0].line if cells else None,
                                                 msg("the table has no '{column}' column; that field is left empty on "
                                                     "every card", column=LABELS[name])))
        line = cells[0].line if cells else 0
        number_cell = self._value(cells, "number") if "number" in self.columns.index else ""
        number = tidy(number_cell)
        content = self._value(cells, "content")
        lead, support, time = self._raw(cells, "lead"), self._raw(cells, "support"), self._time(cells)
        extras = [(title, cell_text(cells[i].text)) for i, title in self.columns.extras.items()
                  if i < len(cells) and cell_text(cells[i].text)]
        if not (number or content or lead or support or time or extras):
            return
        if number == "1" and len(cells) > 2 and [cell_text(c.text).strip("()") for c in cells] == \
                [str(i) for i in range(1, len(cells) + 1)]:
            return      # the "(1) (2) (3) …" row under a header numbers the columns, not a task
        if "number" in self.columns.index and self.columns.index["number"] < len(cells):
            line = cells[self.columns.index["number"]].line
        if not content and not self._merged(cells, "content") and self._first_own(cells):
            line = self._first_own(cells)
        if self._merged(cells, "number") and number:
            # The number cell was merged over several rows: a row with its own content is a sub-task
            # of that number ("1" over five rows: 1.1 … 1.5), one without continues the task above.
            if content and not self._merged(cells, "content") and self._head is not None:
                self._add_subtask(line, content, lead, support, time, extras)
            else:
                self._continue(line, *self._own_values(cells, content, lead, support, time))
            return
        kind = kind_of(number)
        if kind == "empty":
            if "number" not in self.columns.index:
                kind, number = "digit", str(sum(1 for row in self.rows if len(row.parts) == 1) + 1)
            elif self._own_task(cells, content, lead, time):
                kind, number = "digit", str(self._counted + 1)
            else:
                self._continue(line, *self._own_values(cells, content, lead, support, time))
                return
        if kind in ("roman", "upper") and not (lead or support or time):
            self.add_section(f"{number}. {content}", line)
            return
        row = TaskRow(parts=[], content=content, line=line, lead_text=lead, support_text=support,
                      time_text=time, extras=extras)
        if kind in ("roman", "upper"):
            self.add_section(f"{number}. {content}", line)
            row.parts, row.section = [number], None
        elif kind == "letter":
            if self._pending is not None:
                self._group, self._pending = self._pending, None
                if not self._group.has_fields():
                    self._group.drop = True
            prefix = self._section_parts()
            if self._group is not None:
                row.parts, row.section = [*self._group.parts, number], self._group.content
            else:
                row.parts = [*prefix, number]
                row.section = self._section.title if self._section else None
        else:
            if kind == "other":
                self.warnings.append(LineWarning(line, msg("row number '{number}' is not a usual plan number; imported "
                                                           "as given", number=number_cell)))
            self._resolve_pending(row)
            row.parts = [*self._section_parts(), number]
            row.section = self._section.title if self._section else None
            self._group = None
            self._pending = row
            if kind == "digit" and number.isdigit():
                self._counted = int(number)
        self.rows.append(row)
        self._last = row
        self._head, self._subtasks = row, 0

    def _merged(self, cells: list[Cell], name: str) -> bool:
        position = self.columns.index.get(name)
        return position is not None and position < len(cells) and cells[position].merged

    def _first_own(self, cells: list[Cell]) -> int:
        return next((c.line for c in cells if not c.merged and c.text.strip()), 0)

    def _own_task(self, cells: list[Cell], content: str, lead: str, time: str) -> bool:
        """An unnumbered row that is a task of its own, not the rest of the row above after a page break.

        It starts like a task (a capital, a bullet or a digit) and has its own lead or time.
        """
        if not content or self._merged(cells, "content"):
            return False
        first = content.lstrip("-–+•* ")[:1]
        starts = content[:1] in "-–+•" or first.isupper() or first.isdigit()
        own_lead = bool(lead) and not self._merged(cells, "lead")
        own_time = bool(time) and not self._merged(cells, "time") and not self._merged(cells, "end")
        return starts and (own_lead or own_time)

    def _own_values(self, cells: list[Cell], content: str, lead: str, support: str, time: str,
                    ) -> tuple[str, str, str, str, list[tuple[str, str]]]:
        """The values of a continuation row without those merged from above (they are there already)."""
        merged = {name for name in ("content", "lead", "support", "time", "end") if self._merged(cells, name)}
        own_extras = [(title, cell_text(cells[i].text)) for i, title in self.columns.extras.items()
                      if i < len(cells) and cell_text(cells[i].text) and not cells[i].merged]
        return ("" if "content" in merged else content, "" if "lead" in merged else lead,
                "" if "support" in merged else support, "" if merged & {"time", "end"} else time, own_extras)

    def _add_subtask(self, line: int, content: str, lead: str, support: str, time: str,
                     extras: list[tuple[str, str]]) -> None:
        head = self._head
        assert head is not None
        if self._subtasks == 0:
            base = list(head.parts)
            head.parts.append("1")
        else:
            base = head.parts[:-1]
        self._subtasks += 1
        row = TaskRow(parts=[*base, str(self._subtasks + 1)], content=content, line=line, section=head.section,
                      lead_text=lead, support_text=support, time_text=time, extras=extras)
        self.rows.append(row)
        self._last = row

    def _time(self, cells: list[Cell]) -> str:
        """The time cell, or "start - end" from a header split into Bắt đầu | Hoàn thành.

        A footnote mark glued to it ("Quý IV/2025[1]") is the page's, not the deadline's.
        """
        if "time" in self.columns.index:
            return _FOOTNOTE.sub("", self._raw(cells, "time")).strip()
        start, end = (_FOOTNOTE.sub("", self._raw(cells, name)).strip() for name in ("start", "end"))
        return f"{start} - {end}" if start and end else end or start

    def _section_parts(self) -> list[str]:
        return [self._section.number] if self._section and self._section.number else []

    def _resolve_pending(self, following: TaskRow | None) -> None:
        """A numbered row not followed by lettered rows is a task even without agencies."""
        pending, self._pending = self._pending, None
        if pending is not None and not pending.has_fields():
            self.warnings.append(LineWarning(pending.line, msg("row {number} has no lead agency, partners or time; "
                                                               "imported with those fields empty",
                                                               number=pending.number)))

    def _continue(self, line: int, content: str, lead: str, support: str, time: str,
                  extras: list[tuple[str, str]]) -> None:
        """A row with an empty number cell continues the row above (a page break split it)."""
        target = self._last
        if target is None:
            self.warnings.append(LineWarning(line, msg("a row without a number has no row above to continue; it was "
                                                       "not imported: {text}",
                                                       text=(content or lead or support or time)[:80])))
            return
        target.content = _joined(target.content, content)
        target.lead_text = _joined(target.lead_text, lead)
        target.support_text = _joined(target.support_text, support)
        target.time_text = _joined(target.time_text, time)
        for title, value in extras:
            for i, (old_title, old_value) in enumerate(target.extras):
                if old_title == title:
                    target.extras[i] = (title, _joined(old_value, value))
                    break
            else:
                target.extras.append((title, value))

    def finish(self) -> list[TaskRow]:
        self._resolve_pending(None)
        return [row for row in self.rows if not row.drop]
