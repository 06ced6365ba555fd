"""Tables flattened to one cell per paragraph (or per "|" line): find the header, rebuild the rows.

Sóc Trăng and Nam Định were scraped this way: every cell on its own line, blank lines between,
empty cells holding only a no-break space. Rows are rebuilt by the header's width, checked
against the numbering so that a missing or extra cell is reported instead of shifting every
later row.
"""

from __future__ import annotations

from ..i18n import msg
from ..text import clean
from .columns import Columns, field_of, match_header
from .document import Cell, LineWarning
from .numbering import kind_of, next_numbers, tidy

MAX_COLUMNS = 9


def find_header(cells: list[Cell], start: int = 0) -> tuple[int, Columns] | None:
    """Position and columns of the first run of column titles ("TT", "Nội dung", "chủ trì", …)."""
    for i in range(start, len(cells)):
        if field_of(cells[i].text) not in ("number", "content"):
            continue
        width = 0
        seen: set[str] = set()
        while i + width < len(cells) and width < MAX_COLUMNS:
            name = field_of(cells[i + width].text)
            if name is None or name in seen:
                break
            seen.add(name)
            width += 1
        columns = match_header([cells[j].text for j in range(i, i + width)]) if width >= 3 else None
        if columns is not None:
            return i, columns
    return None


class _Numbers:
    """What row numbers may come next, given the rows read so far."""

    def __init__(self) -> None:
        self.roman: str | None = None
        self.digit: str | None = None
        self.letter: str | None = None

    def expected(self) -> set[str]:
        found: set[str] = set()
        found |= next_numbers(self.roman) if self.roman else {"I", "A"}
        found |= next_numbers(self.digit) if self.digit else {"1"}
        if self.roman and not self.digit:
            found.add("1")
        if self.digit or self.roman:
            found |= next_numbers(self.letter) if self.letter else {"a"}
        return found

    def advance(self, number: str) -> None:
        kind = kind_of(number)
        if kind in ("roman", "upper"):
            self.roman, self.digit, self.letter = number, None, None
        elif kind == "digit":
            self.digit, self.letter = number, None
        elif kind == "letter":
            self.letter = number


def _number(cell: Cell) -> str:
    return tidy(clean(cell.text))


def rebuild_rows(cells: list[Cell], start: int, columns: Columns,
                 warnings: list[LineWarning]) -> tuple[list[list[Cell]], int]:
    """Rows of `columns.width` cells from `cells[start:]`, and where the table ended."""
    width = columns.width
    numbered = columns.index.get("number") == 0
    if not numbered:
        return [cells[i:i + width] for i in range(start, len(cells), width)], len(cells)
    numbers = _Numbers()
    rows: list[list[Cell]] = []
    i = start
    while i < len(cells):
        number = _number(cells[i])
        if kind_of(number) == "other" or not number and not rows:
            # Not a row start: the table ended, or cells went astray. Look a little further.
            ahead = next((j for j in range(i + 1, min(i + width + 1, len(cells)))
                          if _number(cells[j]) in numbers.expected()), None)
            if ahead is None:
                break
            warnings.append(LineWarning(cells[i].line, msg("{count} cell(s) outside any row were skipped: {text}",
                                                           count=ahead - i, text=clean(cells[i].text)[:60])))
            i = ahead
            continue
        end = min(i + width, len(cells))
        if end < len(cells):
            boundary = _number(cells[end])
            following = _Numbers()
            following.__dict__.update(numbers.__dict__)
            if number:
                following.advance(number)
            if boundary not in following.expected() and boundary != "":
                short = next((p for p in range(i + 2, end) if _number(cells[p]) in following.expected()), None)
                if short is not None:
                    said = (msg("row {number} has {cells} cells, the header has {width}; the missing cells are left "
                                "empty", number=number, cells=short - i, width=width) if number else
                            msg("row (continued) has {cells} cells, the header has {width}; the missing cells are "
                                "left empty", cells=short - i, width=width))
                    warnings.append(LineWarning(cells[i].line, said))
                    end = short
                else:
                    extra = next((p for p in range(end + 1, min(end + 4, len(cells)))
                                  if _number(cells[p]) in following.expected()), None)
                    if extra is not None:
                        warnings.append(LineWarning(cells[end].line, msg(
                            "row {number} has {cells} cells, the header has {width}; the extra text was joined to its "
                            "last cell", number=number, cells=extra - i, width=width)))
                        row = cells[i:end]
                        last = row[-1]
                        row[-1] = Cell("\n".join([last.text, *(c.text for c in cells[end:extra])]), last.line)
                        rows.append(row)
                        numbers.advance(number)
                        i = extra
                        continue
        rows.append(cells[i:end])
        if number:
            numbers.advance(number)
        i = end
    return rows, i
