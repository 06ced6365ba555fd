"""The report as the files offices exchange: an Excel workbook (openpyxl) and a Word document (python-docx).

Both libraries are imported when a document is rendered, so listing the formats costs nothing."""

from __future__ import annotations

import io
from datetime import date, UTC

from ..inert import spreadsheet_cell, xml_safe
from ..monitoring import Tally
from .docs import completed_heading, table_body, table_header, task_header, task_rows
from .model import Renderer, Report, text


def render_xlsx(report: Report) -> bytes:
    """Three sheets: the official table (numbers as numbers), the overdue tasks, the completed tasks."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    t = text(report.lang)
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="EEEEEE")
    book = Workbook()
    sheet = book.active
    sheet.title = t["sheet_table"]
    title, *rest = report.title_lines()
    _append(sheet, [title])
    sheet["A1"].font = Font(bold=True, size=14)
    for line in rest:
        _append(sheet, [line])
    _append(sheet, [])
    _append(sheet, [report.summary()])
    _append(sheet, [])
    header = [t["stt"], t["group"][report.by], t["total"]]
    for key in report.table_keys():
        header += [report.label(key), f"{report.label(key)} (%)"]
    header += [report.label("rate-due"), report.label("rate-all")]
    _append(sheet, header)
    header_row = sheet.max_row
    tallies: list[tuple[int | None, str, Tally]] = [(number, tally.label or tally.group, tally)
                                                    for number, tally in enumerate(report.groups, 1)]
    tallies.append((None, t["total_row"], report.total))
    for number, name, tally in tallies:
        row: list = [number, name, tally.total]
        for key in report.table_keys():
            share = tally.percent(key)
            row += [tally.count(key), None if share is None else share / 100]
        row += [None if tally.rate_due is None else tally.rate_due / 100,
                None if tally.rate_all is None else tally.rate_all / 100]
        _append(sheet, row)
    for cells in sheet.iter_rows(min_row=header_row, max_row=header_row):
        for cell in cells:
            cell.font, cell.fill = bold, fill
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    percent_columns = [4 + 2 * i for i in range(len(report.table_keys()))] + [len(header) - 1, len(header)]
    for column in percent_columns:
        for (cell,) in sheet.iter_rows(min_row=header_row + 1, min_col=column, max_col=column):
            cell.number_format = "0.0%"
    sheet.column_dimensions["B"].width = 42
    for column in range(3, len(header) + 1):
        sheet.column_dimensions[get_column_letter(column)].width = 14
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=3)

    _task_sheet(book, t["sheet_overdue"], t["overdue"], task_header(report),
                task_rows(report, report.overdue), bold, fill, number_columns=(0, 5))
    _task_sheet(book, t["sheet_completed"], completed_heading(report), task_header(report, True),
                task_rows(report, report.completed, True), bold, fill, number_columns=(0,))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _task_sheet(book, name: str, heading: str, header: list[str], rows: list[list[str]], bold, fill,
                number_columns: tuple[int, ...]) -> None:
    from openpyxl.styles import Alignment

    sheet = book.create_sheet(name)
    _append(sheet, [heading])
    sheet["A1"].font = bold
    _append(sheet, header)
    for cell in sheet[2]:
        cell.font, cell.fill = bold, fill
    for row in rows:
        # numbers stay numbers so a coordinator can sort and sum them in Excel
        _append(sheet, [int(value) if i in number_columns and value.isdigit() else value
                      for i, value in enumerate(row)])
    widths = {"A": 6, "B": 26, "C": 70, "D": 30, "E": 24, "F": 14, "G": 50}
    for letter, width in widths.items():
        sheet.column_dimensions[letter].width = width
    for cells in sheet.iter_rows(min_row=3):
        for cell in cells:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def _append(sheet, row: list) -> None:
    """One row of cells: text that Excel would run as a formula is kept as text, numbers stay numbers."""
    sheet.append([spreadsheet_cell(value) for value in row])


def render_docx(report: Report) -> bytes:
    """A landscape Word document: title, summary, the official table, overdue and completed tasks."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    t = text(report.lang)
    document = Document()
    section = document.sections[0]
    # the official table has eleven columns: it only fits across a landscape page
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.5))
    style = document.styles["Normal"]
    style.font.name, style.font.size = "Times New Roman", Pt(12)

    title, *rest = report.title_lines()
    heading = document.add_heading(xml_safe(title), level=0)
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for line in rest:
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run(xml_safe(line)).italic = True
    document.add_paragraph(xml_safe(report.summary()))

    document.add_heading(t["table"].format(group=t["group"][report.by].lower()), level=1)
    _word_table(document, table_header(report), table_body(report), Pt(9), bold_last=True)
    document.add_heading(t["overdue"], level=1)
    if report.overdue:
        _word_table(document, task_header(report), task_rows(report, report.overdue), Pt(10))
    else:
        document.add_paragraph(t["none"])
    if report.since:
        document.add_heading(completed_heading(report), level=1)
        if report.completed:
            _word_table(document, task_header(report, True), task_rows(report, report.completed, True), Pt(10))
        else:
            document.add_paragraph(t["none"])
    document.core_properties.title = xml_safe(title)
    document.core_properties.created = _midnight(report.as_of)   # same data, same metadata
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _word_table(document, header: list[str], rows: list[list[str]], size, bold_last: bool = False) -> None:
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, value in zip(table.rows[0].cells, header):
        cell.text = ""
        run = cell.paragraphs[0].add_run(xml_safe(value))
        run.bold, run.font.size = True, size
    for index, row in enumerate(rows):
        cells = table.add_row().cells
        for cell, value in zip(cells, row):
            run = cell.paragraphs[0].add_run(xml_safe(value))
            run.font.size = size
            run.bold = bold_last and index == len(rows) - 1


def _midnight(day: date):
    from datetime import datetime

    return datetime(day.year, day.month, day.day, tzinfo=UTC)


FORMATS = (
    Renderer("xlsx", render_xlsx, binary=True, suffix="xlsx"),
    Renderer("docx", render_docx, binary=True, suffix="docx"),
)
