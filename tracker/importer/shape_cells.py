"""Shape "cells": a table flattened to one cell per paragraph (Sóc Trăng with sections, Nam Định without).

    STT ⏎⏎ NỘI DUNG CÔNG VIỆC ⏎⏎ Cơ quan chủ trì ⏎⏎ Cơ quan phối hợp ⏎⏎ Thời gian thực hiện
    I ⏎⏎ CẢI CÁCH THỂ CHẾ ⏎⏎ (no-break space) ⏎⏎ (no-break space) ⏎⏎ (no-break space)
    1 ⏎⏎ Tuân thủ chặt chẽ quy trình … ⏎⏎ Sở Tư pháp ⏎⏎ Sở, ban ngành tỉnh, UBND cấp huyện, xã ⏎⏎ Thường xuyên
"""

from __future__ import annotations

from .document import Cell, Document, LineWarning
from .flat import find_header, paragraph_cells, rebuild_rows
from .rows import GridReader, TaskRow

NAME = "cells"
INFERRED = False


def _streams(doc: Document) -> list[list[Cell]]:
    # Cells separated by blank lines (the scrapes seen) or, failing that, one cell per line.
    return [paragraph_cells(doc.lines), [Cell(l.text, l.number) for l in doc.lines if l.text.strip(" \t")]]


def sniff(doc: Document) -> bool:
    return any(find_header(stream) is not None for stream in _streams(doc))


def read(doc: Document, warnings: list[LineWarning]) -> list[TaskRow]:
    for stream in _streams(doc):
        if find_header(stream) is not None:
            return read_stream(stream, warnings)
    return []


def read_stream(cells: list[Cell], warnings: list[LineWarning]) -> list[TaskRow]:
    """Every flattened table in `cells` (a header starts each one)."""
    rows: list[TaskRow] = []
    position = 0
    while (found := find_header(cells, position)) is not None:
        start, columns = found
        grid, position = rebuild_rows(cells, start + columns.width, columns, warnings)
        reader = GridReader(columns, warnings)
        for row in grid:
            reader.add(row)
        rows += reader.finish()
        position = max(position, start + columns.width)
    return rows
