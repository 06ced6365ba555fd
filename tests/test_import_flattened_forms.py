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


def test_two_row_header_and_mixed_case_section_rows_in_a_bare_pipe_export(tmp_path: Path) -> None:
    """"Thời gian thực hiện" over "Bắt đầu | Hoàn thành"; a section row "I. Cải cách thể chế" in one cell."""
    cells = [["TT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian thực hiện", "Sản phẩm"],
             ["Bắt đầu", "Hoàn thành"],
             ["I. Cải cách thể chế"],
             ["1", "Rà soát văn bản quy phạm pháp luật của tỉnh", "Sở Tư pháp", "Các sở, ban, ngành", "Quý I/2025",
              "Quý IV/2025", "Báo cáo rà soát"],
             ["2", "Xây dựng quy chế phối hợp", "Sở Nội vụ", "", "Tháng 3/2025", "Tháng 6/2025", "Quyết định của UBND tỉnh"],
             ["II. Cải cách thủ tục hành chính"],
             ["1", "Công bố danh mục thủ tục hành chính", "Văn phòng UBND tỉnh", "Các sở, ngành", "Năm 2025", "Năm 2025", ""]]
    lines = ["**ỦY BAN NHÂN DÂN TỈNH LÀO CAI**", "|", "Số: 12/KH-UBND", "|", "*Lào Cai, ngày 05 tháng 01 năm 2025*",
             "|", "**KẾ HOẠCH**", "Cải cách hành chính năm 2025", "|"]
    for row in cells:
        lines.append("|")
        for cell in row:
            lines += [f"**{cell}**" if row is cells[0] or row is cells[1] else cell] if cell else []
            lines.append("|")
    path = tmp_path / "lao-cai.md"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = read_plan(path)
    assert [(c.number, c.section, c.time_text, c.support_text, c.extras) for c in result.cards] == [
        ("I.1", "Cải cách thể chế", "Quý I/2025 - Quý IV/2025", "Các sở, ban, ngành", {"Sản phẩm": "Báo cáo rà soát"}),
        ("I.2", "Cải cách thể chế", "Tháng 3/2025 - Tháng 6/2025", "", {"Sản phẩm": "Quyết định của UBND tỉnh"}),
        ("II.1", "Cải cách thủ tục hành chính", "Năm 2025 - Năm 2025", "Các sở, ngành", {}),
    ]
    assert result.cards[0].deadline.due.isoformat() == "2025-12-31"
    assert result.plan.key == "lao-cai-12-2025"


def bare_pipe(rows: list[list[str]], head: list[str]) -> str:
    lines = [*head, "|"]
    for row in rows:
        lines.append("|")
        for cell in row:
            lines += [cell] if cell else []
            lines.append("|")
    return "\n".join(lines) + "\n"


def test_agency_sub_header_goes_under_its_own_parent(tmp_path: Path) -> None:
    """"Cơ quan thực hiện" over "Chủ trì | Phối hợp", beside a "Thời gian" that has no sub-titles."""
    rows = [["**TT**", "**Nội dung**", "**Cơ quan thực hiện**", "**Thời gian**", "**Sản phẩm**"],
            ["**Chủ trì**", "**Phối hợp**"],
            ["1", "Tổ chức hội nghị triển khai kế hoạch", "Sở Nội vụ", "Văn phòng UBND tỉnh", "Tháng 02/2025", "Hội nghị"],
            ["2", "Kiểm tra công tác cải cách hành chính", "Sở Nội vụ", "Các sở, ban, ngành", "Quý III/2025", "Báo cáo"]]
    head = ["**ỦY BAN NHÂN DÂN TỈNH HÀ TĨNH**", "|", "Số: 45/KH-UBND", "|",
            "*Hà Tĩnh, ngày 10 tháng 01 năm 2025*", "|", "**KẾ HOẠCH**", "Kiểm tra cải cách hành chính năm 2025"]
    path = tmp_path / "ha-tinh.md"
    path.write_text(bare_pipe(rows, head), encoding="utf-8")
    result = read_plan(path)
    mapping = [t.columns.mapping() for t in result.tables if t.is_tasks][0]
    assert [field for _title, field in mapping] == ["number", "content", "lead", "support", "time", "extra"]
    assert [(c.lead_text, c.support_text, c.time_text, c.extras) for c in result.cards] == [
        ("Sở Nội vụ", "Văn phòng UBND tỉnh", "Tháng 02/2025", {"Sản phẩm": "Hội nghị"}),
        ("Sở Nội vụ", "Các sở, ban, ngành", "Quý III/2025", {"Sản phẩm": "Báo cáo"})]


def test_markdown_pipe_rows_with_br_line_breaks(tmp_path: Path) -> None:
    path = tmp_path / "plan.md"
    path.write_text("Số: 7/KH-UBND\n\nHuế, ngày 03 tháng 3 năm 2025\n\nKẾ HOẠCH\n\nChuyển đổi số năm 2025\n\n"
                    "| STT | Nhiệm vụ | Đơn vị chủ trì | Đơn vị phối hợp | Thời hạn |\n|---|---|---|---|---|\n"
                    "| 1 | Số hóa hồ sơ | Sở Nội vụ<br>Sở Tư pháp | Các sở, ngành | Quý II/2025 |\n", encoding="utf-8")
    card = read_plan(path).cards[0]
    assert card.lead == ["Sở Nội vụ", "Sở Tư pháp"] and card.lead_text == "Sở Nội vụ; Sở Tư pháp"
