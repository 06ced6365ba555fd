"""Columns by meaning: map a header row's titles to card fields, keep every other column as an extra.

Each field has a set of scored title phrases (folded), and the header is mapped as a whole: the
best-scoring column wins each field, so "Thuộc nhóm nhiệm vụ" loses "content" to "Nội dung
nhiệm vụ" beside it, and "Cơ quan trình" loses "lead" to "Cơ quan chủ trì thẩm tra". Titles seen:
    TT | Nội dung | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành          (Bình Định)
    STT | Cơ quan chủ trì | Cơ quan phối hợp | Thuộc nhóm nhiệm vụ, hành động[1] |
        Nội dung nhiệm vụ | Chỉ tiêu đạt được | Thời hạn hoàn thành              (QĐ 2530/QĐ-TTg)
    STT | Tên dự án | Cơ quan trình | Cơ quan chủ trì thẩm tra | Cơ quan tham gia thẩm tra |
        Tiến độ trình UBTVQH                                                     (NQ 92/2025)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..text import clean, fold

# (field, score, pattern on the folded title), most specific first within a field.
_SYNONYMS: list[tuple[str, float, re.Pattern[str]]] = [
    ("number", 5, re.compile(r"^(s\.?\s?tt|tt|so\s?tt|so thu tu|stt\.?|#|no\.?)$")),
    ("content", 4, re.compile(r"\bnoi dung (cong viec|nhiem vu|cong tac|hoat dong)|\bten (nhiem vu|de an|du an|van ban"
                              r"|de tai|chuong trinh|hoat dong|cong viec|san pham|ke hoach)")),
    ("content", 3, re.compile(r"^noi dung\b|^nhiem vu\b|^cac nhiem vu|^nhiem vu,? giai phap|^giai phap\b|^hoat dong\b"
                              r"|^cong viec\b|^content|^task")),
    ("content", 2, re.compile(r"noi dung|nhiem vu|cong viec|hoat dong|giai phap|de an|du an")),
    ("lead", 4, re.compile(r"chu tri")),
    ("lead", 3, re.compile(r"^(co quan|don vi) (thuc hien|tham muu)( chinh)?$|^(co quan|don vi) (thuc hien|tham muu)\b"
                           r"|don vi thuc hien chinh|^lead")),
    ("lead", 1, re.compile(r"^co quan (trinh|soan thao)|^trach nhiem thuc hien")),
    ("support", 4, re.compile(r"phoi hop")),
    ("support", 3, re.compile(r"tham gia|^support")),
    ("time", 4, re.compile(r"thoi han|han hoan thanh|tien do|thoi gian (hoan thanh|thuc hien|trinh|ban hanh)")),
    ("time", 3, re.compile(r"^thoi gian|moc thoi gian|thoi diem|^deadline|^time|^nam thuc hien")),
    ("start", 3, re.compile(r"bat dau|^tu\b")),
    ("end", 3, re.compile(r"ket thuc|hoan thanh|^den\b")),
]
# Titles that make a table something else than a task list (the classifier names them).
PROCEDURE_TITLES = re.compile(r"thu tuc|linh vuc|muc do|le phi|can cu phap ly|ma (so|tthc|ho so)|cach thuc thuc hien"
                              r"|dia diem thuc hien|thoi han giai quyet|thanh phan ho so")
STEP_TITLES = re.compile(r"^buoc\b|nguoi thuc hien|bo phan|trinh tu")
# A title under a parent ("Thời gian" over "Bắt đầu | Hoàn thành"): what the pair means.
_SUB_TITLES = re.compile(r"^(bat dau|ket thuc|hoan thanh|tu|den|chu tri|phoi hop|co quan chu tri|co quan phoi hop"
                         r"|don vi chu tri|don vi phoi hop|thuc hien)$")
_PARENTS = re.compile(r"^(thoi gian|thoi gian thuc hien|tien do|tien do thuc hien|co quan thuc hien|don vi thuc hien"
                      r"|trach nhiem|trach nhiem thuc hien|to chuc thuc hien|phan cong)$")
FIELDS = ("number", "content", "lead", "support", "time")
LABELS = {"number": "TT", "content": "Nội dung", "lead": "Cơ quan chủ trì",
          "support": "Cơ quan phối hợp", "time": "Thời gian", "start": "Bắt đầu", "end": "Hoàn thành"}
_MARKS = re.compile(r"\*\*|__|(?<!\w)[*_](?!\w)|\[\d{1,2}\]|\(\d{1,2}\)$")


def title_text(title: str) -> str:
    """A header cell as printed, without bold marks, footnote marks ("[1]") or wrapping."""
    return clean(_MARKS.sub("", title.replace("*", "")))


@lru_cache(maxsize=8192)
def scores(title: str) -> tuple[tuple[str, float], ...]:
    """(field, score) pairs a title could stand for, best first; empty for a non-title."""
    if len(title) > 100:
        return ()
    key = fold(title_text(title)).strip(" :.|")
    if not key or len(key) > 60 or (key[0].isdigit() and key != "#") or key[0] in "-+":
        return ()
    found: dict[str, float] = {}
    for name, score, pattern in _SYNONYMS:
        if name not in found and pattern.search(key):
            found[name] = score
    if " - " in key:                 # "Thời gian - Bắt đầu": the sub-title says what the column is
        for name in ("start", "end"):
            if name in found:
                found[name] = 5
    if "content" in found and re.search(r"thuoc nhom|nhom nhiem vu|^nhom\b|linh vuc", key):
        found["content"] = 0.5       # the group a task belongs to, beside the task itself
    if "content" in found and ("lead" in found or "support" in found):
        del found["content"]         # "Nhiệm vụ chủ trì" names the agency's role, not the task
    return tuple(sorted(found.items(), key=lambda item: -item[1]))


def field_of(title: str) -> str | None:
    """The field a title stands for on its own (its best score), or None."""
    found = scores(title)
    return found[0][0] if found else None


@dataclass
class Columns:
    """Which grid column holds which field; `extras` are the other titled columns, kept by title."""

    index: dict[str, int]
    titles: list[str]
    extras: dict[int, str] = field(default_factory=dict)

    @property
    def width(self) -> int:
        return len(self.titles)

    def missing(self) -> list[str]:
        return [name for name in ("lead", "support", "time") if name not in self.index
                and not (name == "time" and "end" in self.index)]

    def field_at(self, position: int) -> str:
        for name, where in self.index.items():
            if where == position:
                return name
        return "extra" if position in self.extras else "blank"

    def mapping(self) -> list[tuple[str, str]]:
        """(title, field) per column, for --explain."""
        return [(title, self.field_at(i)) for i, title in enumerate(self.titles)]


def map_titles(titles: list[str]) -> Columns:
    """Assign fields to columns by score, the best first; every other titled column is an extra."""
    texts = [title_text(t) for t in titles]
    candidates = sorted(((score, -position, name, position) for position, title in enumerate(texts)
                         for name, score in scores(title)), reverse=True)
    index: dict[str, int] = {}
    taken: set[int] = set()
    for _score, _order, name, position in candidates:
        if name in index or position in taken:
            continue
        if name in ("start", "end") and not re.search(r"thoi gian|tien do|bat dau|ket thuc|hoan thanh|^tu|^den",
                                                      fold(texts[position])):
            continue
        index[name] = position
        taken.add(position)
    if "end" in index and "time" not in index:
        pass                          # "Hoàn thành" alone under "Thời gian": the deadline is its cell
    elif "end" in index and "time" in index:
        del index["end"]              # "Thời hạn hoàn thành" beside a start column is the time itself
    extras = {position: text for position, text in enumerate(texts) if position not in taken and text}
    return Columns(index=index, titles=texts, extras=extras)


def match_header(cells: list[str]) -> Columns | None:
    """Columns for a row of titles, or None when the row is not a task-table header.

    A header is short titles with a content column, a lead or time column, and three recognised
    fields at least, so a sentence that happens to say "nội dung" is never taken for a header.
    """
    if len(cells) < 3 or any(len(cell) > 100 for cell in cells):
        return None          # column titles are short; this also keeps big tables fast
    if sum(1 for cell in cells if scores(cell)) < 3:
        return None
    columns = map_titles(cells)
    index = columns.index
    if "content" not in index or not ({"lead", "time", "end"} & set(index)):
        return None
    if sum(1 for name in ("number", "content", "lead", "support", "time", "end") if name in index) < 3:
        return None
    return columns


def find_header(cells: list[str], start: int = 0) -> tuple[int, int, Columns] | None:
    """(offset, width, columns) of the first run of titles in one row that makes a header.

    A flattened export can glue the appendix title to the header row ("PHỤ LỤC I … | STT | …"),
    so the header may start after other cells; it runs to the end of the row.
    """
    for offset in range(start, max(len(cells) - 2, start)):
        if not scores(cells[offset]):
            continue
        columns = match_header(cells[offset:])
        if columns is not None:
            return offset, len(cells) - offset, columns
    return None


def is_sub_header(cells: list[str]) -> bool:
    """A second header row of sub-titles only ("Bắt đầu | Hoàn thành", "Chủ trì | Phối hợp")."""
    texts = [fold(title_text(c)).strip(" :.") for c in cells if c.strip()]
    return bool(texts) and all(_SUB_TITLES.match(t) for t in texts)


def combine_headers(top: list[str], sub: list[str], sub_merged: list[bool] | None = None) -> list[str]:
    """One title per column from a two-row header: the parent title over each of its sub-titles.

    With real merges (`sub_merged`: which sub-row cells are the top cells repeated), columns line
    up; in a flattened export the sub-row holds only the sub-titles, shared out to the parents.
    """
    if sub_merged is not None and len(sub) == len(top):
        out, parent = [], ""
        for title, under, merged in zip(top, sub, sub_merged):
            parent = title if title.strip() else parent
            out.append(title if merged or not under.strip() else f"{parent} - {under}")
        return out
    parents = [i for i, t in enumerate(top) if _PARENTS.match(fold(title_text(t)).strip(" :."))]
    subs = [sub_title for sub_title in sub if sub_title.strip()]
    if not parents or not subs:
        return top
    # Each sub-title goes under the parent of its kind: "Chủ trì | Phối hợp" under "Cơ quan thực hiện",
    # "Bắt đầu | Hoàn thành" under "Thời gian"; in the order they were written.
    shared: dict[int, list[str]] = {i: [] for i in parents}
    for sub_title in subs:
        agency = bool(re.search(r"chu tri|phoi hop|thuc hien", fold(title_text(sub_title))))
        fitting = [i for i in parents if _is_agency_parent(top[i]) == agency] or parents
        # the first parent of that kind still short of titles (two per parent), else the last one
        target = next((i for i in fitting if len(shared[i]) < 2), fitting[-1])
        shared[target].append(sub_title)
    out = []
    for i, title in enumerate(top):
        if shared.get(i):
            out.extend(f"{title_text(title)} - {title_text(s)}" for s in shared[i])
        else:
            out.append(title)
    return out


def _is_agency_parent(title: str) -> bool:
    return bool(re.search(r"co quan|don vi|trach nhiem|to chuc|phan cong", fold(title_text(title))))
