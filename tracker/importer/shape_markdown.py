"""Shape "markdown": pipe tables, one row per line or flattened to one "|" cell per line.

    | TT | Nội dung | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian |
    |----|----------|-----------------|------------------|-----------|
    | 1  | Rà soát, đánh giá chất lượng … | Các sở, ban, ngành, UBND cấp huyện | … | Quý IV hàng năm |

or, flattened (a line of dashes may separate rows; without it rows are rebuilt by the header's width):

    | TT
    | Nội dung
    …
"""

from __future__ import annotations

import re

from .columns import match_header
from .document import Cell, Document, Line, LineWarning
from .flat import is_blank
from .rows import GridReader, TaskRow
from .shape_cells import read_stream

NAME = "markdown"
INFERRED = False

_SPLIT = re.compile(r"(?<!\\)\|")
_RULE = re.compile(r"^\s*:?-{2,}:?\s*$")


def _pipe_cells(line: Line) -> list[Cell] | None:
    text = line.text.strip()
    if not text.startswith("|"):
        return None
    body = text[1:-1] if text.endswith("|") and len(text) > 1 else text[1:]
    return [Cell(part.replace("\\|", "|").strip(), line.number) for part in _SPLIT.split(body)]


def _is_rule(cells: list[Cell]) -> bool:
    return all(_RULE.match(c.text) or not c.text.strip() for c in cells) and any(c.text.strip() for c in cells)


def sniff(doc: Document) -> bool:
    return bool(_row_tables(doc)) or _flattened(doc) is not None


def _row_tables(doc: Document) -> bool:
    return any(match_header([c.text for c in cells]) for line in doc.lines
               if (cells := _pipe_cells(line)) and len(cells) >= 3)


def _flattened(doc: Document) -> list[Cell] | None:
    """The single-cell pipe lines as a cell stream, or None when there are none."""
    stream: list[Cell] = []
    for line in doc.lines:
        cells = _pipe_cells(line)
        if cells is None or len(cells) != 1:
            continue
        stream.append(cells[0])
    if len(stream) < 6:
        return None
    from .flat import find_header
    return stream if find_header(stream) is not None else None


def read(doc: Document, warnings: list[LineWarning]) -> list[TaskRow]:
    if _row_tables(doc):
        return _read_rows(doc, warnings)
    stream = _flattened(doc) or []
    if any(_RULE.match(c.text) for c in stream):
        return _read_ruled(stream, warnings)
    return read_stream([c for c in stream if not _RULE.match(c.text)], warnings)


def _read_rows(doc: Document, warnings: list[LineWarning]) -> list[TaskRow]:
    rows: list[TaskRow] = []
    reader: GridReader | None = None
    for line in doc.lines:
        cells = _pipe_cells(line)
        if cells is None:
            if reader is not None and not is_blank(line.text):
                rows += reader.finish()
                reader = None
            continue
        if _is_rule(cells):
            continue
        columns = match_header([c.text for c in cells]) if len(cells) >= 3 else None
        if columns is not None:
            if reader is not None:
                rows += reader.finish()
            reader = GridReader(columns, warnings)
            continue
        if reader is None:
            continue
        width = reader.columns.width
        if len(cells) != width:
            warnings.append(LineWarning(line.number, f"the row has {len(cells)} cells, the header has {width}"
                                        + ("; the extra cells were joined to the last one" if len(cells) > width else "")))
            if len(cells) > width:
                cells = [*cells[:width - 1], Cell(" ".join(c.text for c in cells[width - 1:]), line.number)]
        reader.add(cells)
    if reader is not None:
        rows += reader.finish()
    return rows


def _read_ruled(stream: list[Cell], warnings: list[LineWarning]) -> list[TaskRow]:
    """Flattened cells with a "|---" line closing every row: no guessing by width needed."""
    groups: list[list[Cell]] = [[]]
    for cell in stream:
        if _RULE.match(cell.text):
            groups.append([])
        else:
            groups[-1].append(cell)
    reader: GridReader | None = None
    rows: list[TaskRow] = []
    for group in groups:
        if not group:
            continue
        columns = match_header([c.text for c in group])
        if columns is not None:
            if reader is not None:
                rows += reader.finish()
            reader = GridReader(columns, warnings)
        elif reader is not None:
            if len(group) != reader.columns.width:
                warnings.append(LineWarning(group[0].line, f"the row has {len(group)} cells, the header has {reader.columns.width}"))
            reader.add(group)
    if reader is not None:
        rows += reader.finish()
    return rows
