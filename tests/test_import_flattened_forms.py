"""The real tables of the bundled plans, written out the way legal-document websites export them.

Each plan's hand-checked cards (tests/expected) are turned back into its appendix table, and
that table is flattened like a Thư viện Pháp luật markdown export: every cell separator a line
holding only "|", cell text hard-wrapped, header cells bold, empty cells written as one more "|"
(so an empty cell inside a row looks like the end of the row), page chrome around it. Importing
that must give the same cards, field for field: the importer reads the form, not one file.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from tracker.importer import read_plan

EXPECTED = Path(__file__).resolve().parent / "expected"
HEADER = ["TT", "Nội dung", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành"]
CHROME_TOP = ["|", "|", "Bản dịch này thuộc quyền sở hữu của **", "THƯ VIỆN PHÁP LUẬT**.", "|", "|", "|",
              "Đang tải văn bản...", "#", "**Số hiệu:**", "|", "{number}", "|", "|", "**Loại văn bản:**", "|", "Kế hoạch", "|"]
CHROME_BOTTOM = ["|", "Văn bản liên quan", "Lưu trữ", "Ghi chú", "550", "Thư Viện Pháp Luật"]


def table_rows(stem: str) -> tuple[dict, list[list[str]]]:
    """The plan record and its appendix rows (sections, groups, tasks) rebuilt from the expected cards."""
    expected = json.loads((EXPECTED / f"{stem}.json").read_text(encoding="utf-8"))
    rows: list[list[str]] = []
    section = group = None
    for card in expected["cards"]:
        parts = card["number"].split(".")
        if len(parts) == 2 and parts[0].isupper() and card["section"] != section:
            section = card["section"]
            rows.append([parts[0], section.upper(), "", "", ""])
        elif len(parts) == 2 and parts[1].isalpha() and card["section"] != group:
            group = card["section"]
            rows.append([parts[0], group, "", "", ""])
        rows.append([parts[-1], card["content"], card["lead_text"], card["support_text"], card["time_text"]])
    return expected, rows


def tvpl_export(plan: dict, rows: list[list[str]]) -> str:
    """A bare-pipe markdown export of the plan's head and appendix table."""
    out = [line.format(number=plan["number"]) for line in CHROME_TOP]
    out += ["**ỦY BAN NHÂN DÂN", f"TỈNH {plan['province'].upper()}**", "|", f"Số: {plan['number']}", "|"]
    day, month, year = plan["date"][8:], plan["date"][5:7], plan["date"][:4]
    out += [f"*{plan['province']}, ngày {day} tháng {month} năm {year}*", "|", "**KẾ HOẠCH**",
            plan["title"], "Nội dung của kế hoạch …", "**PHỤ LỤC**", "|"]
    for title in HEADER:
        out += [f"**{title}**", "|"]
    for row in rows:
        out.append("|")              # the end of the row above and the start of this one
        for cell in row:
            out += textwrap.wrap(cell, 70) if cell else []
            out.append("|")
    return "\n".join(out + CHROME_BOTTOM) + "\n"


@pytest.mark.parametrize("stem", ["soc-trang-09-kh-ubnd-2012", "nam-dinh-55-kh-ubnd-2013", "binh-dinh-4078-qd-ubnd-2013"])
def test_bare_pipe_export_of_a_real_table_gives_the_same_cards(stem: str, tmp_path: Path) -> None:
    expected, rows = table_rows(stem)
    path = tmp_path / f"{stem}.md"
    path.write_text(tvpl_export(expected["plan"], rows), encoding="utf-8")
    result = read_plan(path)
    assert result.shape == "markdown"
    got = [(c.number, c.content, c.lead_text, c.support_text, c.time_text) for c in result.cards]
    want = [(c["number"], c["content"], c["lead_text"], c["support_text"], c["time_text"]) for c in expected["cards"]]
    assert got == want
    assert [c.lead for c in result.cards] == [c["lead"] for c in expected["cards"]]
