"""Shape "tab": an appendix table with one row per line and cells separated by tabs (Bình Định).

    TT ⇥ Nội dung ⇥ Cơ quan chủ trì ⇥ Cơ quan phối hợp ⇥ Thời gian hoàn thành
    2 ⇥ Triển khai xác định vị trí việc làm, … ⇥ ⇥ ⇥            (a group row: a section, not a card)
    d ⇥ Triển khai thực hiện việc xác định … ⇥ Các Sở, Ban ngành; UBND ⇥ … ⇥ Năm 2014
     ⇥ theo ngạch theo Nghị định số 36/2013/NĐ-CP … ⇥ các huyện, thị xã, thành phố ⇥ Tỉnh ủy ⇥
                                                                (page break: joined cell by cell)
"""

from __future__ import annotations

from .columns import match_header
from .document import Cell, Document, LineWarning
from .flat import is_blank
from .numbering import kind_of, tidy
from .rows import GridReader, TaskRow

NAME = "tab"
INFERRED = False


def _cells(text: str, line: int) -> list[Cell]:
    return [Cell(part, line) for part in text.rstrip("\r\n").split("\t")]


def sniff(doc: Document) -> bool:
    return any(line.text.count("\t") >= 2 and match_header([c.text for c in _cells(line.text, 0)])
               for line in doc.lines if "\t" in line.text)


def read(doc: Document, warnings: list[LineWarning]) -> list[TaskRow]:
    rows: list[TaskRow] = []
    reader: GridReader | None = None
    for line in doc.lines:
        if "\t" not in line.text:
            if reader is not None and not is_blank(line.text):
                rows += reader.finish()       # a line without tabs ends the table
                reader = None
            continue
        cells = _cells(line.text, line.number)
        # A numbered row is never a header: skip the title matching for it (big tables stay fast).
        numbered = kind_of(tidy(cells[0].text)) not in ("other", "empty")
        columns = None if numbered else match_header([c.text for c in cells])
        if columns is not None:
            if reader is not None:
                rows += reader.finish()
            reader = GridReader(columns, warnings)
            continue
        if reader is None:
            continue
        width = reader.columns.width
        if len(cells) > width:
            extra = [c.text for c in cells[width:] if c.text.strip()]
            if extra:
                warnings.append(LineWarning(line.number, f"the row has {len(cells)} cells, the header has {width}; "
                                            "the extra cells were joined to the last one"))
                cells = [*cells[:width - 1], Cell(" ".join([cells[width - 1].text, *extra]), line.number)]
            else:
                cells = cells[:width]
        reader.add(cells)
    if reader is not None:
        rows += reader.finish()
    return rows
