"""Task tables told apart from the other tables of legal documents, each refusal with its reason.

Seen in the corpus and refused here: lists of administrative procedures ("TT | Tên thủ tục hành
chính | Thời hạn giải quyết | Phí, lệ phí | Căn cứ pháp lý"), procedure steps ("TT | Cơ quan, bộ
phận, người thực hiện | Nội dung công việc | Thời gian" with "0,5 ngày làm việc" in the time
column), forms and registers ("Họ và tên", "Số, ký hiệu văn bản") that have no task column.
"""

from __future__ import annotations

import re

from ..i18n import msg
from ..text import fold
from .columns import PROCEDURE_TITLES, STEP_TITLES, Columns
from .rows import TaskRow

# "0,25 ngày làm việc", "02 ngày", "8 giờ", "03 tháng" with no year: how long a step takes, not when.
_DURATION = re.compile(r"^(?:khong qua |trong (?:vong |thoi han )?|toi da )?\d+(?:[.,]\d+)?\s*(?:ngay|gio|phut|tuan|thang)\b")
_YEAR = re.compile(r"(19|20)\d\d")


def header_reason(columns: Columns) -> str:
    """Why a header is not a task table's, or ""."""
    titles = [fold(t) for t in columns.titles]
    if sum(1 for t in titles if PROCEDURE_TITLES.search(t)) >= 1 and any("thu tuc" in t for t in titles):
        return msg("a list of administrative procedures (Tên thủ tục hành chính …), not tasks")
    if sum(1 for t in titles if PROCEDURE_TITLES.search(t)) >= 2:
        return msg("a list of administrative procedures (Thời hạn giải quyết, Phí, lệ phí …), not tasks")
    if any(STEP_TITLES.search(t) for t in titles):
        return msg("the steps of a procedure (Bước, người thực hiện …), not tasks")
    return ""


def rows_reason(columns: Columns, rows: list[TaskRow]) -> str:
    """Why rows read under a task header are not tasks after all, or ""."""
    if not rows:
        return msg("no task rows under the header")
    empty = [row for row in rows if not row.content]
    if len(empty) * 2 >= len(rows):
        return msg("a form to fill in ({empty} of {rows} rows have no task text)", empty=len(empty), rows=len(rows))
    times = [fold(row.time_text) for row in rows if row.time_text]
    durations = [t for t in times if _DURATION.match(t) and not _YEAR.search(t)]
    if times and len(durations) * 2 >= len(times):
        return msg("the time column holds durations ({durations} of {rows} rows, e.g. '{example}'): the steps of a "
                   "procedure, not tasks", durations=len(durations), rows=len(times),
                   example=next(row.time_text for row in rows if fold(row.time_text) == durations[0]))
    steps = [row for row in rows if fold(row.content).startswith("buoc ") or fold(row.number).startswith("buoc")]
    if len(steps) * 2 > len(rows):
        return msg("the rows are numbered steps (Bước 1, Bước 2 …) of a procedure, not tasks")
    return ""
