"""Build tests/realplans/qd-2530-2025-pl1.{xlsx,pdf,docx} from the hand-checked labels (run once).

The source is the first 20 tasks of table 1 (PHỤ LỤC I, sections A and B) of Quyết định
2530/QĐ-TTg (19/11/2025), as labelled in tests/corpus_labels/646f0a00d4174382.tasks.json. The
same table is written as an Excel workbook, a PDF with a text layer and a Word document, each
with the original's real merged cells: a task group's STT, lead, coordinating-agency and group
cells span the rows of its sub-tasks, and a section row is "A." plus a title merged across the
six other columns.

    .venv/bin/python tests/make_realplan_files.py

Needs openpyxl, python-docx (project dependencies) and reportlab with the DejaVuSans font
(fonts-dejavu-core) for the PDF; the tests only read the generated files.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
LABELS = HERE / "corpus_labels" / "646f0a00d4174382.tasks.json"
OUT = HERE / "realplans"
STEM = "qd-2530-2025-pl1"
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
FONT_BOLD = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")
TASKS = 20
GROUP = "Thuộc nhóm nhiệm vụ, hành động"
INDICATOR = "Chỉ tiêu đạt được"

HEADERS = ["STT", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thuộc nhóm nhiệm vụ, hành động",
           "Nội dung nhiệm vụ", "Chỉ tiêu đạt được", "Thời hạn hoàn thành"]
WIDTHS_CM = [1.0, 3.0, 4.2, 4.0, 6.0, 6.0, 3.6]        # landscape A4 leaves 27.7 cm
TITLE_BLOCK = [
    "THỦ TƯỚNG CHÍNH PHỦ",
    "Số: 2530/QĐ-TTg",
    "Hà Nội, ngày 19 tháng 11 năm 2025",
]
APPENDIX = "PHỤ LỤC I"
APPENDIX_TITLE = ("BẢNG PHÂN CÔNG THỰC HIỆN CÁC NHIỆM VỤ, GIẢI PHÁP TẠI KẾ HOẠCH HÀNH ĐỘNG QUỐC GIA VỀ KHẮC "
                  "PHỤC Ô NHIỄM VÀ QUẢN LÝ CHẤT LƯỢNG MÔI TRƯỜNG KHÔNG KHÍ GIAI ĐOẠN 2026 - 2030, TẦM NHÌN ĐẾN "
                  "NĂM 2045")
APPENDIX_NOTE = "(Kèm theo Quyết định số 2530/QĐ-TTg ngày 19 tháng 11 năm 2025 của Thủ tướng Chính phủ)"
SOURCE = {
    "derived_from": "../shared/corpus/646f0a00d4174382.md (Thư viện Pháp luật export of Quyết định 2530/QĐ-TTg "
                    "of 19/11/2025)",
    "labels": "tests/corpus_labels/646f0a00d4174382.tasks.json, tasks 1-20",
    "made_by": "tests/make_realplan_files.py",
    "why": "the same real table as a workbook, a PDF with a text layer and a Word document with real merged cells",
}
# "- a. - b." in one label is two paragraphs of the printed cell: give them back their line breaks.
_ITEM = re.compile(r"(?<=[.;]) (?=- )")


def paragraphs(text: str) -> str:
    return _ITEM.sub("\n", text)


@dataclass
class Group:
    """A numbered task and the sub-tasks that share its STT, lead, support and group cells."""

    number: str
    lead: str
    support: str
    group: str
    subrows: list[tuple[str, str, str]] = field(default_factory=list)   # content, indicator, deadline


@dataclass
class Section:
    letter: str
    title: str
    groups: list[Group] = field(default_factory=list)


def load_sections() -> list[Section]:
    tasks = [task for task in json.loads(LABELS.read_text(encoding="utf-8")) if task["table"] == 1][:TASKS]
    sections: list[Section] = []
    for task in tasks:
        letter, _, title = task["section"].partition(" ")
        if not sections or sections[-1].letter != letter:
            sections.append(Section(letter, title))
        section = sections[-1]
        extras = task["extras"]
        if task["number"]:
            section.groups.append(Group(task["number"], paragraphs(task["lead_text"]),
                                        paragraphs(task["support_text"]), paragraphs(extras[GROUP])))
        else:   # a sub-task inherits the merged cells of the numbered row above
            assert set(task["inherited"]) == {"lead_text", "support_text", f"extras.{GROUP}"}, task
        section.groups[-1].subrows.append((paragraphs(task["content"]), paragraphs(extras[INDICATOR]),
                                           paragraphs(task["time_text"])))
    return sections


# -- xlsx -------------------------------------------------------------------------------------

def make_xlsx(sections: list[Section], target: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Phụ lục I"
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="top")
    centre = Alignment(wrap_text=True, vertical="center", horizontal="center")
    for column, width in enumerate(WIDTHS_CM, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width * 5

    # The head of the decision, then the appendix title (rows 4 and 7 stay empty).
    sheet["A1"] = TITLE_BLOCK[0]
    sheet.merge_cells("A1:C1")
    sheet["A2"] = TITLE_BLOCK[1]
    sheet.merge_cells("A2:C2")
    sheet["E3"] = TITLE_BLOCK[2]
    sheet.merge_cells("E3:G3")
    sheet["A5"] = APPENDIX
    sheet.merge_cells("A5:G5")
    sheet["A6"] = f"{APPENDIX_TITLE}\n{APPENDIX_NOTE}"
    sheet.merge_cells("A6:G6")
    sheet.row_dimensions[6].height = 48
    for ref in ("A1", "A2", "E3", "A5", "A6"):
        sheet[ref].alignment = centre
        sheet[ref].font = Font(bold=ref != "E3", italic=ref == "E3")

    row = 8
    for column, title in enumerate(HEADERS, start=1):
        cell = sheet.cell(row, column, title)
        cell.font, cell.alignment, cell.border = Font(bold=True), centre, border
    for section in sections:
        row += 1
        sheet.cell(row, 1, section.letter).font = Font(bold=True)
        sheet.cell(row, 2, section.title).font = Font(bold=True)
        sheet.merge_cells(start_row=row, start_column=2, end_row=row, end_column=7)
        for column in range(1, 8):
            sheet.cell(row, column).border = border
        for group in section.groups:
            first = row + 1
            for content, indicator, deadline in group.subrows:
                row += 1
                for column, value in ((5, content), (6, indicator), (7, deadline)):
                    sheet.cell(row, column, value)
            # STT as a number, as Excel users type it; the reader gives "1" back.
            for column, value in ((1, int(group.number)), (2, group.lead), (3, group.support), (4, group.group)):
                sheet.cell(first, column, value)
                if row > first:
                    sheet.merge_cells(start_row=first, start_column=column, end_row=row, end_column=column)
            for r in range(first, row + 1):
                for column in range(1, 8):
                    sheet.cell(r, column).border = border
                    sheet.cell(r, column).alignment = wrap
    sheet.freeze_panes = "A9"
    workbook.properties.creator = "tests/make_realplan_files.py"
    workbook.save(target)


# -- pdf --------------------------------------------------------------------------------------

def make_pdf(sections: list[Section], target: Path) -> None:
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    pdfmetrics.registerFont(TTFont("DejaVuSans", str(FONT)))
    pdfmetrics.registerFont(TTFont("DejaVuSans-Bold", str(FONT_BOLD)))
    body = ParagraphStyle("body", fontName="DejaVuSans", fontSize=7.5, leading=9.5)
    bold = ParagraphStyle("bold", parent=body, fontName="DejaVuSans-Bold")
    head = ParagraphStyle("head", parent=bold, alignment=TA_CENTER)
    title = ParagraphStyle("title", fontName="DejaVuSans-Bold", fontSize=11, leading=14, alignment=TA_CENTER)
    plain = ParagraphStyle("plain", fontName="DejaVuSans", fontSize=10, leading=13, alignment=TA_CENTER)

    def cell(text: str, style=body) -> Paragraph:
        escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        return Paragraph(escaped.replace("\n", "<br/>"), style)

    data = [[cell(text, head) for text in HEADERS]]
    spans: list[tuple] = []
    for section in sections:
        data.append([cell(section.letter, bold), cell(section.title, bold), "", "", "", "", ""])
        spans.append(("SPAN", (1, len(data) - 1), (6, len(data) - 1)))
        for group in section.groups:
            first = len(data)
            for index, (content, indicator, deadline) in enumerate(group.subrows):
                left = [cell(group.number), cell(group.lead), cell(group.support), cell(group.group)] \
                    if index == 0 else ["", "", "", ""]
                data.append([*left, cell(content), cell(indicator), cell(deadline)])
            if len(data) - 1 > first:
                spans += [("SPAN", (column, first), (column, len(data) - 1)) for column in range(4)]
    table = Table(data, colWidths=[width * cm for width in WIDTHS_CM], repeatRows=1)
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")),
        *spans,
    ]))
    story = [cell(TITLE_BLOCK[0], title), cell(TITLE_BLOCK[1], plain), cell(TITLE_BLOCK[2], plain),
             Spacer(1, 0.4 * cm), cell(APPENDIX, title), cell(APPENDIX_TITLE, title), cell(APPENDIX_NOTE, plain),
             Spacer(1, 0.4 * cm), table]
    document = SimpleDocTemplate(str(target), pagesize=landscape(A4), leftMargin=1 * cm, rightMargin=1 * cm,
                                 topMargin=1.2 * cm, bottomMargin=1.2 * cm, title="Quyết định 2530/QĐ-TTg — Phụ lục I",
                                 author="tests/make_realplan_files.py", invariant=1)
    document.build(story)


# -- docx -------------------------------------------------------------------------------------

def make_docx(sections: list[Section], target: Path) -> None:
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    document = docx.Document()
    page = document.sections[0]
    page.orientation = WD_ORIENT.LANDSCAPE
    page.page_width, page.page_height = Cm(29.7), Cm(21.0)
    page.left_margin = page.right_margin = Cm(1.0)
    style = document.styles["Normal"]
    style.font.name, style.font.size = "Times New Roman", Pt(10)

    def paragraph(text: str, bold: bool = False, italic: bool = False, centre: bool = True) -> None:
        para = document.add_paragraph()
        run = para.add_run(text)
        run.bold, run.italic = bold, italic
        if centre:
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER

    paragraph(TITLE_BLOCK[0], bold=True, centre=False)
    paragraph(TITLE_BLOCK[1], centre=False)
    paragraph(TITLE_BLOCK[2], italic=True)
    paragraph(APPENDIX, bold=True)
    paragraph(APPENDIX_TITLE, bold=True)
    paragraph(APPENDIX_NOTE, italic=True)

    rows = 1 + sum(1 + sum(len(group.subrows) for group in section.groups) for section in sections)
    table = document.add_table(rows=rows, cols=len(HEADERS))
    table.style = "Table Grid"
    for row_cells in table.rows:          # widths first: a merge adds up the widths it covers
        for column, width in enumerate(WIDTHS_CM):
            row_cells.cells[column].width = Cm(width)

    def put(target_cell, text: str, bold: bool = False) -> None:
        parts = text.split("\n")
        target_cell.text = parts[0]
        for part in parts[1:]:
            target_cell.add_paragraph(part)
        if bold:
            for para in target_cell.paragraphs:
                for run in para.runs:
                    run.bold = True

    for column, text in enumerate(HEADERS):
        put(table.cell(0, column), text, bold=True)
    row = 0
    for section in sections:
        row += 1
        put(table.cell(row, 0), section.letter, bold=True)
        merged = table.cell(row, 1).merge(table.cell(row, 6))
        put(merged, section.title, bold=True)
        for group in section.groups:
            first = row + 1
            for content, indicator, deadline in group.subrows:
                row += 1
                for column, value in ((4, content), (5, indicator), (6, deadline)):
                    put(table.cell(row, column), value)
            for column, value in ((0, group.number), (1, group.lead), (2, group.support), (3, group.group)):
                origin = table.cell(first, column)
                if row > first:
                    origin = origin.merge(table.cell(row, column))     # a vertical merge (vMerge)
                put(origin, value)
    document.core_properties.author = "tests/make_realplan_files.py"
    document.save(target)


def main() -> None:
    sections = load_sections()
    assert [s.letter for s in sections] == ["A.", "B."], sections
    assert sum(len(g.subrows) for s in sections for g in s.groups) == TASKS
    OUT.mkdir(exist_ok=True)
    make_xlsx(sections, OUT / f"{STEM}.xlsx")
    make_pdf(sections, OUT / f"{STEM}.pdf")
    make_docx(sections, OUT / f"{STEM}.docx")
    (OUT / f"{STEM}.source.json").write_text(json.dumps(SOURCE, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    for suffix in ("xlsx", "pdf", "docx", "source.json"):
        path = OUT / f"{STEM}.{suffix}"
        print(f"{path.relative_to(HERE.parent)}  {path.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
