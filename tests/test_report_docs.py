"""The report documents: HTML parsed back (SVG, tables, escaping), Markdown tables, xlsx and docx reopened."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from datetime import date
from html.parser import HTMLParser

import pytest
from docx import Document
from openpyxl import load_workbook

from tracker.model import Card, Deadline, Plan, Status
from tracker.reports.model import ProgressNote, build_report
from tracker.reports.docs import render_html, render_md
from tracker.reports.office import render_docx, render_xlsx

AS_OF = date(2014, 7, 15)
PLANS = {"p": Plan("p", number="55/KH-UBND", kind="Kế hoạch", province="Nam Định", date="2013-08-14",
                   period={"text": "giai đoạn 2013 - 2015"})}
HOSTILE = "Rà soát <script>alert(1)</script> | thủ tục & \"hồ sơ\"\nmột cửa"


def card(card_id, status, due, lead=("Sở Nội vụ",), content=None):
    return Card(id=card_id, plan="p", number=card_id[2:], content=content or f"Nhiệm vụ {card_id}", lead=list(lead),
                time_text="Quý II/2014" if due else "Thường xuyên", status=status,
                deadline=Deadline("quarter" if due else "ongoing", due))


CARDS = [
    card("p.1", Status.DONE, date(2014, 6, 30)),
    card("p.2", Status.IN_PROGRESS, date(2014, 6, 30), lead=("Sở Tư pháp <b>",), content=HOSTILE),
    card("p.3", Status.NOT_STARTED, date(2014, 12, 31)),
    card("p.4", Status.NOT_STARTED, None, lead=("Sở Tư pháp <b>",)),
]
DONE = {"p.1": date(2014, 7, 1)}
NOTES = {"p.2": [ProgressNote(date(2014, 7, 10), "Chờ ý kiến | Bộ <Nội vụ>")]}


@pytest.fixture(params=["vi", "en"])
def report(request):
    return build_report(CARDS, PLANS, DONE, NOTES, as_of=AS_OF, since=date(2014, 7, 1), lang=request.param)


class Collector(HTMLParser):
    """Every start tag, the text of each table's rows, and the text outside tags."""

    def __init__(self):
        super().__init__()
        self.tags, self.tables, self.text, self._cell = [], [], [], None

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th"):
            self.tables[-1][-1].append("".join(self._cell))
            self._cell = None

    def handle_data(self, data):
        self.text.append(data)
        if self._cell is not None:
            self._cell.append(data)


def parse(page: str) -> Collector:
    parser = Collector()
    parser.feed(page)
    parser.close()
    return parser


def test_html_is_self_contained_with_svg_charts_and_escaped_text(report):
    page = render_html(report)
    parsed = parse(page)
    assert parsed.tags.count("svg") == 2                     # bars per agency, timeline per quarter
    assert "rect" in parsed.tags and "script" not in parsed.tags and "b" not in parsed.tags
    for svg in re.findall(r"<svg.*?</svg>", page, re.S):
        ET.fromstring(svg)                                   # each chart is well-formed XML on its own
    assert "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "") and "https://" not in page
    text = "".join(parsed.text)
    assert "<script>alert(1)</script>" in text and "Sở Tư pháp <b>" in text   # shown as text, not markup
    assert "55/KH-UBND" in text and ("15/07/2014" in text or "2014-07-15" in text)
    summary, overdue, completed = parsed.tables
    assert all(len(row) == len(summary[0]) for row in summary)
    assert [row[1] for row in summary[1:]] == ["Sở Nội vụ", "Sở Tư pháp <b>",
                                               "Tổng cộng" if report.lang == "vi" else "Total"]
    assert summary[-1][2] == "4"
    assert [row[1] for row in overdue[1:]] == ["p.2"]
    assert overdue[1][6].startswith("Chờ ý kiến | Bộ <Nội vụ>")
    assert [row[1] for row in completed[1:]] == ["p.1"]


def test_html_header_has_the_official_columns():
    page = render_html(build_report(CARDS, PLANS, DONE, NOTES, as_of=AS_OF))
    header = parse(page).tables[0][0]
    assert header[:3] == ["STT", "Đơn vị", "Tổng số"]
    assert header[3:7] == ["Đã hoàn thành đúng hạn", "Đã hoàn thành quá hạn", "Đang/chưa thực hiện trong hạn",
                           "Đang/chưa thực hiện quá hạn"]
    assert header[-2] == "Tỷ lệ hoàn thành (trên số nhiệm vụ đến hạn)"


def md_tables(text: str) -> list[list[str]]:
    tables, current = [], None
    for line in text.splitlines():
        if line.startswith("|"):
            if current is None:
                current = []
                tables.append(current)
            current.append(line)
        else:
            current = None
    return tables


def cells(line: str) -> list[str]:
    # split on pipes that are not escaped
    parts, cell, escaped = [], "", False
    for ch in line.strip()[1:-1]:
        if ch == "|" and not escaped:
            parts.append(cell)
            cell = ""
        else:
            cell += ch
        escaped = ch == "\\" and not escaped
    return [*parts, cell]


def test_markdown_tables_are_well_formed(report):
    text = render_md(report)
    tables = md_tables(text)
    assert len(tables) == 3
    for table in tables:
        widths = {len(cells(line)) for line in table}
        assert len(widths) == 1, table
        assert set(table[1].replace("|", "").replace("-", "").replace(":", "")) <= {""}
    assert "\\|" in text and "\n\n" in text
    assert text.startswith("# ")


def test_xlsx_reopens_with_numbers_in_cells(report):
    book = load_workbook(io.BytesIO(render_xlsx(report)))
    assert len(book.sheetnames) == 3
    sheet = book[book.sheetnames[0]]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    header_index = next(i for i, row in enumerate(rows) if row[0] in ("STT", "No."))
    header, body = rows[header_index], rows[header_index + 1:]
    assert header[1] in ("Đơn vị", "Agency") and header[2] in ("Tổng số", "Total")
    by_name = {row[1]: row for row in body}
    noi_vu = by_name["Sở Nội vụ"]
    assert noi_vu[2] == 2 and noi_vu[3] == 0 and noi_vu[5] == 1 and noi_vu[6] == 0.5     # 1 done late = 50 %
    total = body[-1]
    assert total[0] is None and total[2] == 4
    overdue = [[c.value for c in row] for row in book[book.sheetnames[1]].iter_rows()]
    assert overdue[2][:2] == [1, "p.2"] and overdue[2][2] == HOSTILE and overdue[2][5] == 15
    completed = [[c.value for c in row] for row in book[book.sheetnames[2]].iter_rows()]
    assert completed[2][1] == "p.1"


def test_docx_reopens_with_real_tables(report):
    document = Document(io.BytesIO(render_docx(report)))
    paragraphs = [p.text for p in document.paragraphs]
    assert paragraphs[0] in ("Báo cáo tình hình thực hiện nhiệm vụ", "Progress report on the plan tasks")
    assert any("55/KH-UBND" in p for p in paragraphs)
    assert any(p.startswith(("Tổng số 4 nhiệm vụ", "4 tasks in all")) for p in paragraphs)
    summary, overdue, completed = document.tables
    grid = [[cell.text for cell in row.cells] for row in summary.rows]
    assert grid[0][0] in ("STT", "No.") and len(grid) == 4
    assert grid[1][1] == "Sở Nội vụ" and grid[1][2] == "2"
    assert grid[1][4] in ("1 (50%)",)
    assert [[cell.text for cell in row.cells][1] for row in overdue.rows][1:] == ["p.2"]
    assert completed.rows[1].cells[1].text == "p.1"


def test_documents_are_deterministic(report):
    assert render_html(report) == render_html(report)
    assert render_md(report) == render_md(report)
