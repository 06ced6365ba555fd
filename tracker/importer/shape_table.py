"""Shape "table": real tables of .docx and .html files, merged section rows included.

A row whose one cell spans the whole table ("I. CẢI CÁCH THỂ CHẾ" merged across every column)
is a section. Columns beyond the five known ones ("Sản phẩm dự kiến", "Ghi chú") are kept in
the card content as "Title: value".
"""

from __future__ import annotations

from .columns import match_header
from .document import Cell, Document, LineWarning, Table
from .rows import GridReader, TaskRow, cell_text

NAME = "table"
INFERRED = False
_HEADER_ROWS = 6    # a header is looked for in the first rows of a table only


def _expand(row: list[Cell]) -> list[Cell]:
    """One Cell per grid column: a merged cell keeps its text in its first column."""
    out: list[Cell] = []
    for cell in row:
        out.append(cell)
        out.extend(Cell("", cell.line) for _ in range(cell.span - 1))
    return out


def _header(table: Table):
    for position, row in enumerate(table.rows[:_HEADER_ROWS]):
        columns = match_header([c.text for c in _expand(row)])
        if columns is not None:
            return position, columns
    return None


def sniff(doc: Document) -> bool:
    return any(_header(table) is not None for table in doc.tables)


def read(doc: Document, warnings: list[LineWarning]) -> list[TaskRow]:
    rows: list[TaskRow] = []
    for table in doc.tables:
        found = _header(table)
        if found is None:
            continue
        position, columns = found
        reader = GridReader(columns, warnings)
        for row in table.rows[position + 1:]:
            texts = [cell_text(c.text) for c in row]
            if not any(texts):
                continue
            cells = _expand(row)
            if match_header([c.text for c in cells]) is not None:
                continue                      # the header repeated on a new page
            distinct = {t for t in texts if t}
            spanning = len(row) == 1 and columns.width > 1 or (len(row) > 1 and len(distinct) == 1 and len(set(texts)) == 1)
            if spanning:
                reader.add_section(texts[0], row[0].line)
                continue
            if len(cells) < columns.width:
                cells += [Cell("", row[-1].line) for _ in range(columns.width - len(cells))]
            reader.add(cells)
        rows += reader.finish()
    return rows
