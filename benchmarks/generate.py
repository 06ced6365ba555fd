"""Realistic generated plans for 63 provinces, and tracker databases of N cards built from them."""

from __future__ import annotations

import random
import re
import shutil
import sys
import unicodedata
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))   # `python benchmarks/run.py` from a checkout, without installing

PLANS = ROOT / "plans"

# The 63 provinces and centrally-run cities before the 2025 merger; the first five are cities.
CITIES = ["Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ"]
PROVINCES = CITIES + [
    "An Giang", "Bà Rịa - Vũng Tàu", "Bắc Giang", "Bắc Kạn", "Bạc Liêu", "Bắc Ninh", "Bến Tre",
    "Bình Định", "Bình Dương", "Bình Phước", "Bình Thuận", "Cà Mau", "Cao Bằng", "Đắk Lắk", "Đắk Nông",
    "Điện Biên", "Đồng Nai", "Đồng Tháp", "Gia Lai", "Hà Giang", "Hà Nam", "Hà Tĩnh", "Hải Dương",
    "Hậu Giang", "Hòa Bình", "Hưng Yên", "Khánh Hòa", "Kiên Giang", "Kon Tum", "Lai Châu", "Lâm Đồng",
    "Lạng Sơn", "Lào Cai", "Long An", "Nam Định", "Nghệ An", "Ninh Bình", "Ninh Thuận", "Phú Thọ",
    "Phú Yên", "Quảng Bình", "Quảng Nam", "Quảng Ngãi", "Quảng Ninh", "Quảng Trị", "Sóc Trăng", "Sơn La",
    "Tây Ninh", "Thái Bình", "Thái Nguyên", "Thanh Hóa", "Thừa Thiên Huế", "Tiền Giang", "Trà Vinh",
    "Tuyên Quang", "Vĩnh Long", "Vĩnh Phúc", "Yên Bái",
]
# Province names inside the real plans' texts ("Báo Sóc Trăng"), swapped for the generated province.
REAL_PROVINCES = ("An Giang", "Bình Định", "Nam Định", "Sóc Trăng")
SHAPES = ("tab", "cells-roman", "cells")
LETTERS = "abcdeghik"       # Vietnamese item letters without đ (ids stay ASCII-simple)
ROMANS = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]
STATUS_WEIGHTS = (("not-started", 45), ("in-progress", 35), ("done", 20))
_YEAR = re.compile(r"(?<!\d)(20\d\d)(?!\d)")


def slug(text: str) -> str:
    """The importer's plan-key slug (ASCII, lower case, hyphens), kept here so tests can predict ids."""
    folded = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "d"))
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch)).lower()
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")


@dataclass
class Pools:
    """Phrases taken from the real plans: task contents, agency cells, time cells, section titles."""

    contents: list[str]
    leads: list[str]
    supports: list[str]
    times: list[str]
    groups: list[str]
    sections: list[str]


@lru_cache(maxsize=1)
def pools() -> Pools:
    """Read plans/ once with the project's own importer and keep what the real tables say."""
    from tracker.importer import read_plan

    contents, leads, supports, times, groups, sections = [], [], [], [], [], []
    for path in sorted(PLANS.glob("*.txt")):
        result = read_plan(path)
        for card in result.cards:
            contents.append(card.content)
            if card.lead_text:
                leads.append(card.lead_text)
            if card.support_text:
                supports.append(card.support_text)
            if card.time_text and result.shape in ("tab", "cells"):
                times.append(card.time_text)
            if card.section:
                (sections if card.number[:1] in "IVX" else groups).append(card.section)
    # Tab cells cannot hold tabs or line breaks; dedupe keeps every phrase equally likely.
    def flat(items):
        return sorted({" ".join(item.split()) for item in items if item.strip()})
    return Pools(flat(contents), flat(leads), flat(supports), flat(times), flat(groups),
                 flat(s.upper() for s in sections))


@dataclass
class PlanSpec:
    """One generated plan: where it was written and the card ids the importer must give it."""

    file: Path
    key: str
    province: str
    shape: str
    ids: list[str] = field(default_factory=list)


def _localise(text: str, province: str) -> str:
    for real in REAL_PROVINCES:
        text = text.replace(real, province)
    return text


def _shift_years(text: str, shift: int) -> str:
    return _YEAR.sub(lambda m: str(int(m.group(1)) + shift), text)


class _Writer:
    """Builds one plan document; every random choice comes from the caller's seeded Random."""

    def __init__(self, rng: random.Random, province: str, number: int, year: int):
        self.rng, self.province, self.number, self.year = rng, province, number, year
        self.p = pools()

    def task(self) -> tuple[str, str, str, str]:
        rng, p = self.rng, self.p
        content = _localise(rng.choice(p.contents), self.province)
        lead = _localise(rng.choice(p.leads), self.province)
        support = _localise(rng.choice(p.supports), self.province) if rng.random() < 0.85 else ""
        time = _shift_years(rng.choice(p.times), self.year - 2013)   # the real plans are dated 2012-2013
        return content, lead, support, time

    def head(self) -> list[str]:
        rng, y = self.rng, self.year
        level = "THÀNH PHỐ" if self.province in CITIES else "TỈNH"
        day, month = rng.randint(1, 28), rng.randint(1, 12)
        code = rng.choice(["KH-UBND", "KH-UBND", "QĐ-UBND"])
        return [
            "ỦY BAN NHÂN DÂN", f"{level} {self.province.upper()}", "-------", "",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "---------------", "",
            f"Số: {self.number}/{code}", "", f"{self.province}, ngày {day:02d} tháng {month:02d} năm {y}", "",
            "KẾ HOẠCH", "",
            f"ĐẨY MẠNH CẢI CÁCH HÀNH CHÍNH {level} {self.province.upper()} GIAI ĐOẠN {y} - {y + 2}", "",
            "Căn cứ Nghị quyết số 30c/NQ-CP ngày 08/11/2011 của Chính phủ ban hành Chương trình tổng thể "
            "cải cách hành chính nhà nước giai đoạn 2011 - 2020;", "",
            f"Ủy ban nhân dân {level.lower()} ban hành Kế hoạch với các nội dung sau:", "",
            "(Có Phụ lục các nhiệm vụ cụ thể kèm theo)", "",
            "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "", "PHỤ LỤC", "",
            f"NHIỆM VỤ CỤ THỂ CỦA KẾ HOẠCH (Kèm theo Kế hoạch số {self.number}/{code})", "",
        ]

    def tab(self, n: int) -> tuple[list[str], list[str]]:
        """Bình Định's shape: numbered group rows, lettered task rows, one row per line."""
        lines = ["TT\tNội dung\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian hoàn thành"]
        ids, group = [], 0
        while len(ids) < n:
            group += 1
            title = _localise(self.rng.choice(self.p.groups), self.province)
            if self.rng.random() < 0.15:     # a numbered task without sub-items (Bình Định row 9)
                lines.append("\t".join([str(group), *self.task()]))
                ids.append(f"{group}")
                continue
            lines.append(f"{group}\t{title}\t\t\t")
            for letter in LETTERS[: min(self.rng.randint(2, len(LETTERS)), n - len(ids))]:
                lines.append("\t".join([letter, *self.task()]))
                ids.append(f"{group}.{letter}")
        return lines, ids

    def cells(self, n: int, roman: bool) -> tuple[list[str], list[str]]:
        """Sóc Trăng's (Roman sections) or Nam Định's shape: every cell a paragraph, blank lines between."""
        cells = ["STT", "NỘI DUNG CÔNG VIỆC", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian thực hiện"] \
            if roman else ["TT", "Nội dung", "Chủ trì thực hiện", "Phối hợp thực hiện", "Thời gian"]
        ids: list[str] = []
        section, row = 0, 0
        while len(ids) < n:
            if roman and (row == 0 or row >= self.rng.randint(3, 12)):
                section, row = section + 1, 0
                cells += [ROMANS[(section - 1) % len(ROMANS)], self.rng.choice(self.p.sections)] + ["\xa0"] * 3
            row += 1
            content, lead, support, time = self.task()
            number = row if roman else len(ids) + 1
            cells += [str(number), content, lead, support or "\xa0", time]
            ids.append(f"{ROMANS[(section - 1) % len(ROMANS)]}.{row}" if roman else str(number))
        return [line for cell in cells for line in (cell, "")], ids


def generate(folder: str | Path, n_plans: int, tasks_per_plan: int, seed: int = 1) -> list[PlanSpec]:
    """Write `n_plans` plan files into `folder` (same seed, same bytes) and return what each should import as."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    specs = []
    for i in range(n_plans):
        province = PROVINCES[i % len(PROVINCES)]
        shape = SHAPES[i % len(SHAPES)]
        number, year = 100 + i, rng.randint(2011, 2016)   # numbers unique, so every plan key is too
        writer = _Writer(rng, province, number, year)
        if shape == "tab":
            table, ids = writer.tab(tasks_per_plan)
        else:
            table, ids = writer.cells(tasks_per_plan, roman=shape == "cells-roman")
        key = f"{slug(province)}-{number}-{year}"
        path = folder / f"{key}-{shape}.txt"
        path.write_text("\n".join(writer.head() + table) + "\n", encoding="utf-8")
        specs.append(PlanSpec(path, key, province, shape, [f"{key}.{part}" for part in ids]))
    return specs


def _read(path: Path):
    from tracker.importer import read_plan

    return read_plan(path)


def read_plans(paths: list[Path], workers: int | None = None) -> list:
    """read_plan over many files, in parallel processes (parsing is the slow part of a big import)."""
    if workers == 1 or len(paths) < 8:
        return [_read(path) for path in paths]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(_read, paths, chunksize=8))


# Parsed plans by (seed, tasks per plan): generate() draws plan after plan from one Random, so the
# first k plans of a larger generation are exactly the plans of a smaller one and can be reused.
_PARSED: dict[tuple[int, int], list] = {}


def parsed_plans(n_plans: int, tasks_per_plan: int, seed: int, folder: Path) -> list:
    """ImportResults of the first `n_plans` generated plans, parsing only those not parsed before."""
    known = _PARSED.setdefault((seed, tasks_per_plan), [])
    if len(known) < n_plans:
        specs = generate(folder, n_plans, tasks_per_plan, seed)
        known += read_plans([spec.file for spec in specs[len(known):]])
        shutil.rmtree(folder)
    return known[:n_plans]


def build_database(path: str | Path, n_cards: int, seed: int = 1, *, tasks_per_plan: int = 20,
                   statuses: bool = True) -> Path:
    """A database of exactly `n_cards` cards from generated plans, written in one store transaction.

    The plans are parsed by the real importer (read_plan), in parallel; the cards are then put
    through one transaction instead of import_paths, which would parse them one after another.
    `statuses` spreads the cards over the three columns as a board in use would have them.
    """
    from tracker.model import Status
    from tracker.store import Store

    path = Path(path)
    results = parsed_plans(-(-n_cards // tasks_per_plan), tasks_per_plan, seed, path.parent / f"{path.stem}-plans")
    rng = random.Random(seed)
    names, weights = zip(*STATUS_WEIGHTS)
    store = Store(path)
    left = n_cards
    with store.transaction("import", via="import", summary=f"benchmark: {n_cards} generated cards") as tx:
        for result in results:
            tx.put_plan(result.plan)
            for card in result.cards[:left]:
                # A copy: the parsed cards are shared with later builds (see parsed_plans).
                status = Status(rng.choices(names, weights)[0]) if statuses else Status.NOT_STARTED
                tx.put_card(card.copy(status=status))
            left -= min(left, len(result.cards))
    return path


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folder")
    parser.add_argument("--plans", type=int, default=63)
    parser.add_argument("--tasks", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    written = generate(args.folder, args.plans, args.tasks, args.seed)
    print(f"wrote {len(written)} plans, {sum(len(s.ids) for s in written)} tasks to {args.folder}")
