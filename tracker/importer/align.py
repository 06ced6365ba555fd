"""Short rows of flattened tables put back under their columns, by what their cells hold.

A web export loses cells merged across rows (and empty cells), so a row of the 7-column table

    STT | Cơ quan chủ trì | Cơ quan phối hợp | Thuộc nhóm nhiệm vụ | Nội dung nhiệm vụ | Chỉ tiêu | Thời hạn
    (merged)                                                      | - Rà soát, cập nhật … | - Bộ công cụ … | Giai đoạn 2026 - 2027

arrives as three cells. Each cell is scored against each column's field (a number, a time phrase,
agency names, task text) and an order-keeping assignment with the best total is chosen; on a tie
the missing columns are the leftmost (merges run down the left of a table). The missing cells
are then taken from the row above and marked `merged`, as a real merge would have been.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..text import clean, fold
from .columns import Columns
from .document import Cell
from .numbering import kind_of, tidy

# A time phrase: "Quý IV/2025", "Tháng 12 năm 2025", "năm 2026", "Thường xuyên", "Hằng năm", "Giai đoạn 2026 - 2030".
_TIME = re.compile(r"\b(qu[yi] (?:[ivx]+|[1-4])\b|thang \d|nam (?:19|20)\d\d|(?:19|20)\d\d|thuong xuyen|hang nam|hang quy"
                   r"|hang thang|dinh ky|giai doan|truoc ngay|den ngay|ngay \d)")
# How a time cell starts ("Ban hành trong quý I năm 2026", "Hoàn thành trước năm 2027", "Trình HĐND tỉnh vào …").
_TIME_START = re.compile(r"^(qu[yi]|thang|nam|hang|hang nam|thuong xuyen|giai doan|truoc|trong|hoan thanh|tu |den |dinh ky"
                         r"|ban hanh|trinh|sau khi|theo|(?:19|20)\d\d|\d{1,2}/|kip thoi|lien tuc|phien hop)")
_AGENCY_HEAD = re.compile(
    r"^(cac |mot so )?(so|bo|ubnd|uy ban|van phong|ban(?! hanh)|cong an|thanh tra|dai|bao|hoi|lien doan|mat tran|tinh uy|thanh uy"
    r"|hdnd|hoi dong|chinh phu|thu tuong|vien|truong|trung tam|cuc|tong cuc|chi cuc|ngan hang|kho bac|bao hiem|doan"
    r"|quoc hoi|toa an|vien kiem sat|bo chi huy|doanh nghiep|co quan|don vi|dia phuong|phong|thong tan xa"
    r"|tap doan|tong cong ty|cong ty|hiep hoi|nganh|chu tich|giam doc|lanh dao)\b(?! chong)")


@lru_cache(maxsize=16384)
def cell_kind(text: str) -> str:
    """`empty`, `number`, `time`, `timeish`, `agency` or `text`: what a cell most looks like."""
    value = clean(text.replace("*", ""))
    if not value:
        return "empty"
    if len(value) <= 8 and kind_of(tidy(value)) in ("digit", "roman", "letter", "upper"):
        return "number"
    folded = fold(value)
    pieces = [p.strip(" -+•.;,") for p in re.split(r"[\n;]|(?:^|\s)- ", text) if p.strip(" -+•.;,")]
    if pieces and all(_AGENCY_HEAD.match(fold(p)) and len(p.split()) <= 14 for p in pieces):
        return "agency"
    words = len(value.split())
    if _TIME.search(folded) and (words <= 6 or words <= 30 and _TIME_START.match(folded)):
        return "time"
    if _TIME.search(folded) and words <= 40:
        return "timeish"      # "Thí điểm trong giai đoạn 2026 - 2027 và …": a time, or task text naming years
    return "text"


_SCORES: dict[str, dict[str, float]] = {
    # column field -> score of a cell of each kind
    "number": {"number": 4, "empty": 0.3, "time": -6, "agency": -6, "text": -6, "timeish": -6},
    "time": {"time": 3, "empty": 0, "number": -3, "agency": -3, "text": -2, "timeish": 1.5},
    "end": {"time": 3, "empty": 0, "number": -3, "agency": -3, "text": -2, "timeish": 1.5},
    "start": {"time": 3, "empty": 0, "number": -3, "agency": -3, "text": -2, "timeish": 1.5},
    "lead": {"agency": 3, "empty": 0, "number": -4, "time": -3, "text": -2, "timeish": -3},
    "support": {"agency": 3, "empty": 0, "number": -4, "time": -3, "text": -2, "timeish": -3},
    "content": {"text": 2, "empty": -1, "number": -4, "time": -1, "agency": -0.5, "timeish": 1},
    "extra": {"text": 1, "empty": 0, "number": -3, "time": 0, "agency": 0, "timeish": 0.5},
    "blank": {"text": 0, "empty": 0, "number": -3, "time": 0, "agency": 0, "timeish": 0},
}


def align(cells: list[Cell], columns: Columns, *, lead_first: bool = False) -> list[int]:
    """The column of each cell: strictly increasing, best total score, missing columns leftmost on ties.

    `lead_first`: the row has its own number, so one agency cell is its lead rather than its
    partners (in a continuation row the lead is the merged cell, and the agency left is support).
    """
    n, m = columns.width, len(cells)
    fields = [columns.field_at(j) for j in range(n)]
    kinds = [cell_kind(c.text) for c in cells]
    bonus = {"lead": 0.1} if lead_first else {}
    # best[i][j]: best score placing cells[i:] into columns[j:]
    neg = float("-inf")
    best = [[neg] * (n + 1) for _ in range(m + 1)]
    for j in range(n + 1):
        best[m][j] = 0.0
    for i in range(m - 1, -1, -1):
        for j in range(n - 1, -1, -1):
            place = _SCORES[fields[j]][kinds[i]] + bonus.get(fields[j], 0) * (kinds[i] == "agency") + best[i + 1][j + 1]
            best[i][j] = max(best[i][j + 1], place)
    # Walk back: skip a column whenever skipping is as good, so on a tie the gap is on the left.
    out, j = [], 0
    for i in range(m):
        while j < n - 1 and best[i][j + 1] >= best[i][j] - 1e-9:
            j += 1
        out.append(j)
        j += 1
    return out


def fill(cells: list[Cell], columns: Columns, above: list[Cell] | None, number_printed: bool) -> list[Cell]:
    """A full-width row: `cells` where `align` puts them, the rest inherited from `above` (merged)."""
    positions = align(cells, columns)
    line = cells[0].line if cells else 0
    row: list[Cell | None] = [None] * columns.width
    for cell, position in zip(cells, positions):
        if position < columns.width:
            row[position] = cell
    number_at = columns.index.get("number")
    out: list[Cell] = []
    for j, placed in enumerate(row):
        if placed is not None:
            out.append(placed)
        elif above is not None and j < len(above) and (j != number_at or number_printed):
            out.append(Cell(above[j].text, line, merged=True))
        else:
            out.append(Cell("", line))
    return out
