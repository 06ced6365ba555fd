"""Shape 5 and friends: markdown pipe tables, HTML pages, .docx tables, shape sniffing and --shape."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from tracker.errors import ImportFailed, UsageError
from tracker.importer import SHAPE_NAMES, read_plan

FIXTURES = Path(__file__).resolve().parent / "fixtures"
PLANS = Path(__file__).resolve().parent.parent / "plans"


def by_id(result) -> dict:
    return {card.id: card for card in result.cards}


def test_markdown_pipe_table_one_row_per_line() -> None:
    result = read_plan(FIXTURES / "nam-dinh-55-pipe.md")
    assert result.shape == "markdown" and not result.inferred and result.warnings == []
    assert result.plan.key == "nam-dinh-55-2013"
    assert [c.number for c in result.cards] == ["1", "2", "11", "13", "14"]
    card = by_id(result)["nam-dinh-55-2013.11"]
    assert card.time_text == "Trình HĐND tỉnh vào quý IV năm 2013"
    assert (card.deadline.kind, str(card.deadline.due), card.deadline.qualifier) == ("quarter", "2013-12-31", "Trình HĐND tỉnh vào")
    assert card.source == {"file": "nam-dinh-55-pipe.md", "line": 21}
    assert by_id(result)["nam-dinh-55-2013.14"].lead == ["Sở Kế hoạch và Đầu tư"]


def test_markdown_flattened_one_pipe_per_line_with_sections() -> None:
    result = read_plan(FIXTURES / "soc-trang-09-flat.md")
    assert result.shape == "markdown" and result.warnings == []
    assert [c.id for c in result.cards] == ["soc-trang-09-2012.I.1", "soc-trang-09-2012.I.2",
                                           "soc-trang-09-2012.II.1", "soc-trang-09-2012.II.2"]
    first = result.cards[0]
    assert first.section == "CẢI CÁCH THỂ CHẾ"          # markdown bold dropped
    assert (first.lead, first.time_text, first.source["line"]) == (["Sở Tư pháp"], "Thường xuyên", 21)
    assert result.cards[-1].time_text == "Quý II năm 2012"


def test_html_page_from_a_legal_website() -> None:
    result = read_plan(FIXTURES / "soc-trang-09-page.html")
    assert result.shape == "table" and result.warnings == []
    plan = result.plan
    assert (plan.key, plan.number, plan.kind, plan.province, plan.date) == \
        ("soc-trang-09-2012", "09/KH-UBND", "Kế hoạch", "Sóc Trăng", "2012-02-20")
    assert [c.id for c in result.cards] == ["soc-trang-09-2012.I.1", "soc-trang-09-2012.I.2",
                                           "soc-trang-09-2012.I.10", "soc-trang-09-2012.VI.2"]
    cards = by_id(result)
    one = cards["soc-trang-09-2012.I.1"]
    assert one.section == "CẢI CÁCH THỂ CHẾ"
    assert one.content.startswith("Tuân thủ chặt chẽ quy trình xây dựng và nâng cao chất lượng văn bản. Thực hiện việc rà soát, hệ thống hóa")
    ten = cards["soc-trang-09-2012.I.10"]
    assert ten.lead_text == "Sở Khoa học và Công nghệ (Thường trực Ban Chỉ đạo 144)"
    assert ten.lead == ["Sở Khoa học và Công nghệ"] and "Thường trực Ban Chỉ đạo 144" in ten.notes
    six = cards["soc-trang-09-2012.VI.2"]
    assert six.lead_text == "Đài Phát thanh Truyền hình; Báo Sóc Trăng"    # <br> between agencies splits them
    assert six.time_text == "Thường xuyên"
    everything = " ".join(f"{c.content} {c.lead_text} {c.support_text} {c.section}" for c in result.cards)
    for noise in ("dataLayer", "Đăng nhập", "Đang tải", "Bản quyền", "Tìm kiếm", "color"):
        assert noise not in everything


def test_html_without_table_falls_back_to_body_shapes() -> None:
    result = read_plan(FIXTURES / "an-giang-2050-roadmap.html")
    assert result.shape == "roadmap" and result.inferred
    assert [c.id for c in result.cards] == ["an-giang-2050-2013.1.a", "an-giang-2050-2013.1.b", "an-giang-2050-2013.2.a"]
    assert result.cards[0].content.endswith("cấp huyện: - Tham gia Hội nghị tập huấn do Bộ, ngành trung ương tổ chức để triển khai tại địa phương.")
    assert result.cards[1].lead == ["Sở Nội vụ"] and result.cards[1].lead_text == "Sở Nội vụ"   # "Sở Nội vụ chủ trì …"
    assert result.cards[0].lead == []
    assert result.plan.title == "VỀ VIỆC BAN HÀNH KẾ HOẠCH ĐẨY MẠNH CẢI CÁCH CHẾ ĐỘ CÔNG VỤ, CÔNG CHỨC TỈNH AN GIANG TỪ NAY ĐẾN NĂM 2015"


def build_docx(path: Path) -> Path:
    """A Bình Định-like plan with merged section rows, a merged lead cell and a "Sản phẩm dự kiến" column."""
    d = docx.Document()
    for text in ("ỦY BAN NHÂN DÂN TỈNH BÌNH ĐỊNH", "Số: 4078/QĐ-UBND", "Bình Định, ngày 30 tháng 12 năm 2013", "KẾ HOẠCH",
                 "Đẩy mạnh cải cách chế độ công vụ, công chức tỉnh Bình Định đến năm 2015", "",
                 "1. Thời gian thực hiện", "Từ tháng 12 năm 2013 đến tháng 10 năm 2015."):
        d.add_paragraph(text)
    table = d.add_table(rows=1, cols=6)
    titles = ["TT", "Nội dung", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành", "Sản phẩm dự kiến"]
    for cell, title in zip(table.rows[0].cells, titles):
        cell.text = title

    def row(*values):
        cells = table.add_row().cells
        for cell, value in zip(cells, values):
            cell.text = value
        return cells

    def section(text):
        cells = table.add_row().cells
        cells[0].merge(cells[-1]).text = text

    section("I. PHÂN CẤP QUẢN LÝ")
    row("1", "Tiếp tục thực hiện phân cấp quản lý và hoàn thiện việc tổ chức công vụ trong quản lý cán bộ, công chức.", "", "", "", "")
    row("a", "Sửa đổi, bổ sung Quyết định số 06/2009/QĐ-UBND ngày 17/3/2009 về việc ban hành Quy định về phân cấp quản lý",
        "Sở Nội vụ", "Các sở, ban ngành; UBND các huyện, thị xã, thành phố", "Quý III/2014", "Quyết định của UBND tỉnh")
    row("b", "Triển khai thực hiện thi nâng ngạch thuộc thẩm quyền theo nguyên tắc cạnh tranh", "Sở Nội vụ",
        "Các sở, ban ngành; UBND các huyện, thị xã, thành phố", "Quý IV/2014", "")
    section("II. VỊ TRÍ VIỆC LÀM")
    first = row("1", "Tổ chức thông tin, tuyên truyền về xác định vị trí việc làm và cơ cấu công chức theo ngạch",
                "", "Sở Nội vụ", "Năm 2014", "Tin, bài trên Báo Bình Định")
    second = row("2", "Tổ chức tập huấn nghiệp vụ xác định vị trí việc làm", "", "Ban Tổ chức Tỉnh ủy", "Quý I/2014", "")
    first[2].merge(second[2]).text = "Sở Thông tin và Truyền thông"      # one lead cell merged down two rows
    third = row("3", "Triển khai thực hiện chính sách tinh giản biên chế", "", "Sở Nội vụ", "Theo quy định của Chính phủ", "")
    third[2].paragraphs[0].text = "Các Sở, Ban ngành"
    third[2].add_paragraph("UBND các huyện, thị xã, thành phố")
    d.save(path)
    return path


def test_docx_with_merged_sections_and_extra_column(tmp_path: Path) -> None:
    result = read_plan(build_docx(tmp_path / "binh-dinh-4078.docx"))
    assert result.shape == "table" and result.warnings == []
    assert (result.plan.key, result.plan.kind, result.plan.period["end"]) == ("binh-dinh-4078-2013", "Kế hoạch", "2015-10-31")
    assert [c.id for c in result.cards] == ["binh-dinh-4078-2013.I.1.a", "binh-dinh-4078-2013.I.1.b", "binh-dinh-4078-2013.II.1",
                                           "binh-dinh-4078-2013.II.2", "binh-dinh-4078-2013.II.3"]
    cards = by_id(result)
    a = cards["binh-dinh-4078-2013.I.1.a"]
    assert a.section.startswith("Tiếp tục thực hiện phân cấp quản lý")
    # The extra column is kept by its title, never glued to the content.
    assert a.content.endswith("Quy định về phân cấp quản lý")
    assert a.extras == {"Sản phẩm dự kiến": "Quyết định của UBND tỉnh"}
    assert cards["binh-dinh-4078-2013.I.1.b"].content == "Triển khai thực hiện thi nâng ngạch thuộc thẩm quyền theo nguyên tắc cạnh tranh"
    assert cards["binh-dinh-4078-2013.II.1"].section == "VỊ TRÍ VIỆC LÀM"
    assert cards["binh-dinh-4078-2013.II.2"].lead == ["Sở Thông tin và Truyền thông"]      # vertical merge repeats the lead
    three = cards["binh-dinh-4078-2013.II.3"]
    assert three.lead_text == "Các Sở, Ban ngành; UBND các huyện, thị xã, thành phố"
    assert three.lead == ["Các sở, ban, ngành tỉnh", "UBND các huyện, thị xã, thành phố"]
    assert a.source == {"file": "binh-dinh-4078.docx", "line": 12}         # 8 paragraphs, header, section, group, row a


def test_shape_can_be_forced_and_unknown_shapes_are_usage_errors() -> None:
    assert SHAPE_NAMES == ("table", "sheet", "pdf", "tab", "markdown", "cells", "labelled", "roadmap", "sections")
    assert read_plan(PLANS / "nam-dinh-55-kh-ubnd-2013.txt", shape="cells").shape == "cells"
    with pytest.raises(ImportFailed, match="no task table as a tab-separated table"):
        read_plan(PLANS / "nam-dinh-55-kh-ubnd-2013.txt", shape="tab")
    with pytest.raises(UsageError, match="Unknown shape 'csv'"):
        read_plan(PLANS / "nam-dinh-55-kh-ubnd-2013.txt", shape="csv")
    # The 2050 plan also has numbered content sections; forcing that shape reads them instead of the roadmap.
    forced = read_plan(PLANS / "an-giang-2050-qd-ubnd-2013.txt", shape="sections")
    assert forced.shape == "sections" and forced.inferred and forced.cards


def test_markdown_pipe_table_without_a_column_warns(tmp_path: Path) -> None:
    path = tmp_path / "plan.md"
    path.write_text("Số: 12/KH-UBND\n\nHuế, ngày 02 tháng 3 năm 2020\n\n| STT | Nội dung | Cơ quan chủ trì | Thời gian |\n"
                    "|---|---|---|---|\n| 1 | Rà soát thủ tục hành chính | Sở Tư pháp | Quý II/2020 |\n"
                    "| 2 | Công khai thủ tục hành chính | Văn phòng UBND tỉnh | Năm 2020 | thừa |\n", encoding="utf-8")
    result = read_plan(path)
    assert [(w.line, w.message) for w in result.warnings] == [
        (7, "the table has no 'Cơ quan phối hợp' column; that field is left empty on every card"),
        (8, "the row has 5 cells, the header has 4; the extra cells were joined to the last one"),
    ]
    assert [c.support for c in result.cards] == [[], []]
    assert result.cards[1].time_text == "Năm 2020 thừa"
