"""Find a task table's header row by its column titles and map columns to card fields."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..text import fold

# Folded column titles seen in real appendices, most specific first:
#   "TT | Nội dung | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành"       (Bình Định)
#   "STT | NỘI DUNG CÔNG VIỆC | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian thực hiện" (Sóc Trăng)
#   "TT | Nội dung | Chủ trì thực hiện | Phối hợp thực hiện | Thời gian"                 (Nam Định)
_FIELD_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("number", re.compile(r"^(s\.?\s?tt|tt|so\s?tt|so thu tu|stt\.?|#|no\.?)$")),
    ("lead", re.compile(r"chu tri|don vi thuc hien chinh|co quan thuc hien chinh|lead")),
    ("support", re.compile(r"phoi hop|support")),
    ("time", re.compile(r"thoi gian|thoi han|tien do|han hoan thanh|moc thoi gian|deadline|^time")),
    ("product", re.compile(r"san pham|ket qua dau ra|hinh thuc van ban")),
    ("remark", re.compile(r"^ghi chu$|^note")),
    ("content", re.compile(r"noi dung|nhiem vu|cong viec|ten de an|hoat dong|content|task")),
]
REQUIRED = ("number", "content")
LABELS = {"number": "TT", "content": "Nội dung", "lead": "Cơ quan chủ trì",
          "support": "Cơ quan phối hợp", "time": "Thời gian"}


@lru_cache(maxsize=8192)
def field_of(title: str) -> str | None:
    """The card field a column title stands for, or None (cached: a big table repeats its cells)."""
    if len(title) > 80:
        return None
    key = fold(title).strip(" :.*|")
    # A title is short and unnumbered: "1. Thời gian thực hiện:" is a body heading, not a column.
    if not key or len(key) > 45 or key[0].isdigit() and key not in ("#",) or key[0] in "-+(":
        return None
    for name, pattern in _FIELD_PATTERNS:
        if pattern.search(key):
            return name
    return None


@dataclass
class Columns:
    """Which grid column holds which field; `extras` are other titled columns kept by title."""

    index: dict[str, int]
    titles: list[str]
    extras: dict[int, str] = field(default_factory=dict)

    @property
    def width(self) -> int:
        return len(self.titles)

    def missing(self) -> list[str]:
        return [name for name in ("lead", "support", "time") if name not in self.index]


def match_header(cells: list[str]) -> Columns | None:
    """Columns for a row of titles, or None when the row is not a task-table header.

    A header needs a content column plus at least two of number/lead/support/time, so a
    sentence that happens to say "nội dung" is never taken for a header.
    """
    if len(cells) < 2 or any(len(cell) > 80 for cell in cells):
        return None          # column titles are short; this also keeps big tables fast
    index: dict[str, int] = {}
    extras: dict[int, str] = {}
    for position, title in enumerate(cells):
        name = field_of(title)
        if name is None or name in index:
            if title.strip():
                extras[position] = " ".join(title.split())
            continue
        index[name] = position
    if "content" not in index:
        return None
    if sum(1 for name in ("number", "lead", "support", "time") if name in index) < 2:
        return None
    for name in ("product", "remark"):
        if name in index:
            position = index.pop(name)
            extras[position] = " ".join(cells[position].split())
    return Columns(index=index, titles=[" ".join(c.split()) for c in cells], extras=extras)

