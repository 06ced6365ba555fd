"""The .xlsx and .pdf readers on a real plan's table (tests/realplans/qd-2530-2025-pl1.*) and on bad files.

The files are made by tests/make_realplan_files.py from the first 20 hand-checked tasks of
Quyết định 2530/QĐ-TTg, PHỤ LỤC I: section A (9 numbered groups, 18 tasks; group 1 has 5
sub-rows, group 2 has 3, group 3 has 4) and section B (2 tasks).
"""

from __future__ import annotations

import io
import json
import time
import zipfile
from pathlib import Path

import pytest

from tracker.errors import ImportFailed
from tracker.importer.document import Cell, Table
from tracker.importer.readers import pdf, xlsx
from tracker.text import clean

REALPLANS = Path(__file__).resolve().parent / "realplans"
XLSX = REALPLANS / "qd-2530-2025-pl1.xlsx"
PDF = REALPLANS / "qd-2530-2025-pl1.pdf"
LABELS = Path(__file__).resolve().parent / "corpus_labels" / "646f0a00d4174382.tasks.json"
HEADERS = ["STT", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thuộc nhóm nhiệm vụ, hành động",
           "Nội dung nhiệm vụ", "Chỉ tiêu đạt được", "Thời hạn hoàn thành"]
LEAD_A = "Bộ Nông nghiệp và Môi trường"


def _read(module, path: Path):
    data = path.read_bytes()
    return module.read(data, path, "digest")


def _texts(row: list[Cell]) -> list[str]:
    return [clean(cell.text) for cell in row]


def _header_index(table: Table) -> int:
    return next(i for i, row in enumerate(table.rows) if _texts(row) == HEADERS)


def _labels() -> list[dict]:
    return json.loads(LABELS.read_text(encoding="utf-8"))[:20]


@pytest.fixture(scope="module")
def xlsx_doc():
    return _read(xlsx, XLSX)


@pytest.fixture(scope="module")
def pdf_doc():
    return _read(pdf, PDF)


# -- the workbook -----------------------------------------------------------------------------

def test_xlsx_is_sniffed_and_read_as_one_sheet(xlsx_doc):
    assert xlsx.sniff(XLSX.read_bytes())
    assert not xlsx.sniff(PDF.read_bytes())
    assert xlsx_doc.format == "xlsx"
    assert [(t.form, t.name) for t in xlsx_doc.tables] == [("sheet", "Phụ lục I")]
    table = xlsx_doc.tables[0]
    # 5 title rows (rows 4 and 7 are empty and dropped), the header, 2 section rows, 20 task rows.
    assert len(table.rows) == 28
    assert table.line == 1
    assert [row[0].line for row in table.rows][:7] == [1, 2, 3, 5, 6, 8, 9]


def test_xlsx_header_and_title_lines(xlsx_doc):
    table = xlsx_doc.tables[0]
    assert _header_index(table) == 5
    assert [cell.span for cell in table.rows[5]] == [1] * 7
    lines = {line.number: line.text for line in xlsx_doc.lines}
    assert lines[2] == "Số: 2530/QĐ-TTg"
    assert lines[3] == "Hà Nội, ngày 19 tháng 11 năm 2025"
    assert lines[5] == "PHỤ LỤC I"
    assert 4 not in lines and 7 not in lines
    assert "\n" not in lines[6] and lines[6].endswith("của Thủ tướng Chính phủ)")
    # The title row merged A1:C1 is one cell of span 3, then 4 empty cells: 7 grid columns.
    assert [(c.text, c.span) for c in table.rows[0]][:2] == [("THỦ TƯỚNG CHÍNH PHỦ", 3), ("", 1)]
    assert sum(c.span for c in table.rows[0]) == 7


def test_xlsx_section_row_is_letter_and_one_cell_of_span_6(xlsx_doc):
    table = xlsx_doc.tables[0]
    section_a, section_b = table.rows[6], table.rows[25]
    assert [(c.text, c.span, c.merged) for c in section_a] == [("A.", 1, False), ("BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG", 6, False)]
    assert [(c.text, c.span) for c in section_b] == [("B.", 1), ("BỘ XÂY DỰNG", 6)]


def test_xlsx_vertical_merges_repeat_the_origin(xlsx_doc):
    table = xlsx_doc.tables[0]
    labels = _labels()
    head, subrows = table.rows[7], table.rows[8:12]          # A.1 and its 4 sub-tasks (5 rows merged)
    assert [c.merged for c in head] == [False] * 7
    assert head[0].text == "1" and head[1].text == LEAD_A
    for row, label in zip(subrows, labels[1:5]):
        assert [c.merged for c in row] == [True, True, True, True, False, False, False]
        assert [c.text for c in row[:4]] == [c.text for c in head[:4]]
        assert [c.span for c in row] == [1] * 7
        assert clean(row[4].text) == label["content"]
    # A.2 starts a new merge: "2", not merged, and its sub-rows carry "2".
    assert (table.rows[12][0].text, table.rows[12][0].merged) == ("2", False)
    assert [(r[0].text, r[0].merged) for r in table.rows[13:15]] == [("2", True), ("2", True)]
    # A.4 has no sub-rows: nothing merged.
    assert [c.merged for c in table.rows[19]] == [False] * 7
    # The lines of covered rows do not repeat the merged texts.
    line = next(line for line in xlsx_doc.lines if line.number == table.rows[8][0].line)
    assert LEAD_A not in line.text and line.text.startswith("- Rà soát")


def test_xlsx_task_texts_match_the_labels(xlsx_doc):
    table = xlsx_doc.tables[0]
    task_rows = [row for row in table.rows[6:] if len(row) == 7]
    assert len(task_rows) == 20
    for row, label in zip(task_rows, _labels()):
        assert clean(row[4].text) == label["content"]
        assert clean(row[6].text) == label["time_text"]
        assert clean(row[1].text) == label["lead_text"]
    # Multi-item cells keep their paragraphs apart.
    assert table.rows[7][2].text.startswith("- Bộ Khoa học và Công nghệ;\n- Bộ Xây dựng;")


def test_xlsx_value_texts():
    import datetime as dt
    assert xlsx.value_text(3.0) == "3"
    assert xlsx.value_text(12) == "12"
    assert xlsx.value_text(0.1 + 0.2) == "0.3"
    assert xlsx.value_text(2.5) == "2.5"
    assert xlsx.value_text(dt.datetime(2026, 3, 31, 0, 0)) == "31/03/2026"
    assert xlsx.value_text(dt.date(2026, 1, 5)) == "05/01/2026"
    assert xlsx.value_text(None) == ""
    assert xlsx.value_text("  Quy\u0301 I\r\nnăm 2026 ") == "Quý I\nnăm 2026"


def test_xlsx_cuts_columns_and_drops_empty_rows_and_hidden_sheets(tmp_path):
    from openpyxl import Workbook
    workbook = Workbook()
    sheet = workbook.active
    sheet.cell(1, 1, "STT")
    sheet.cell(3, 2, "x")
    sheet.cell(3, 70, "far right")      # beyond the 60-column cap
    sheet.cell(9, 1, None)              # an empty cell stored in the file
    hidden = workbook.create_sheet("Ẩn")
    hidden["A1"] = "secret"
    hidden.sheet_state = "hidden"
    workbook.create_sheet("Trống")     # a sheet with no value at all
    path = tmp_path / "cap.xlsx"
    workbook.save(path)
    doc = _read(xlsx, path)
    assert len(doc.tables) == 1
    table = doc.tables[0]
    assert [[c.text for c in row] for row in table.rows] == [["STT", ""], ["", "x"]]
    assert [row[0].line for row in table.rows] == [1, 3]
    messages = [(w.line, w.message) for w in doc.warnings]
    assert any(line == 3 and "60 columns" in message for line, message in messages), messages
    assert any("'Ẩn' is hidden" in message for _, message in messages), messages


def test_truncated_xlsx_is_refused_with_a_hint(tmp_path):
    data = XLSX.read_bytes()[:500]
    with pytest.raises(ImportFailed) as info:
        xlsx.read(data, tmp_path / "cut.xlsx", "d")
    assert "cut.xlsx" in info.value.message
    assert "save it again as .xlsx" in info.value.hint
    assert not xlsx.sniff(data)


def test_encrypted_xlsx_is_refused(tmp_path):
    # An encrypted workbook is an OLE container with an EncryptionInfo stream, not a zip.
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "EncryptionInfo".encode("utf-16-le") + b"\x00" * 100
    assert not xlsx.sniff(data)
    with pytest.raises(ImportFailed) as info:
        xlsx.read(data, tmp_path / "locked.xlsx", "d")
    assert "password" in info.value.message
    assert info.value.hint


@pytest.mark.parametrize("megabytes", [300, 60])
def test_zip_bomb_is_refused_before_loading(tmp_path, megabytes):
    path = tmp_path / "bomb.xlsx"
    chunk = b"\x00" * (1024 * 1024)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            for _ in range(megabytes):
                member.write(chunk)
    data = path.read_bytes()
    assert len(data) < 2 * 1024 * 1024
    assert xlsx.sniff(data)
    started = time.monotonic()
    with pytest.raises(ImportFailed) as info:
        xlsx.read(data, path, "d")
    assert time.monotonic() - started < 2
    assert f"{megabytes} MB" in info.value.message
    assert info.value.hint


# -- the PDF ----------------------------------------------------------------------------------

def test_pdf_is_sniffed_with_leading_junk_but_not_by_name():
    data = PDF.read_bytes()
    assert pdf.sniff(data)
    assert pdf.sniff(b"X" * 1000 + data)
    assert not pdf.sniff(b"X" * 2000 + data)
    assert not pdf.sniff("Kế hoạch số 12/KH-UBND, saved as plan.pdf but plain text\n".encode() * 40)
    assert not pdf.sniff(XLSX.read_bytes())


def test_pdf_table_over_three_pages_is_one_table(pdf_doc):
    import pdfplumber
    with pdfplumber.open(PDF) as document:
        pages = len(document.pages)
        per_page = [len(page.find_tables()) for page in document.pages]
    assert pages == 3 and per_page == [1, 1, 1]     # the file really runs over pages
    assert pdf_doc.format == "pdf"
    assert len(pdf_doc.tables) == 1
    table = pdf_doc.tables[0]
    assert (table.form, table.name) == ("pdf", "page 1")
    # The header once (its repeats on pages 2 and 3 dropped), 2 section rows, 20 task rows.
    assert len(table.rows) == 23
    assert [i for i, row in enumerate(table.rows) if _texts(row) == HEADERS] == [0]
    lines = [row[0].line for row in table.rows]
    assert lines == sorted(lines) and len(set(lines)) == len(lines)


def test_pdf_header_and_lines(pdf_doc):
    table = pdf_doc.tables[0]
    assert _texts(table.rows[0]) == HEADERS
    assert table.rows[0][3].text == "Thuộc nhóm nhiệm vụ, hành động"     # the PDF's line wrap joined back
    texts = [line.text for line in pdf_doc.lines]
    assert texts[:4] == ["THỦ TƯỚNG CHÍNH PHỦ", "Số: 2530/QĐ-TTg", "Hà Nội, ngày 19 tháng 11 năm 2025", "PHỤ LỤC I"]
    assert [line.number for line in pdf_doc.lines] == list(range(1, len(pdf_doc.lines) + 1))
    assert table.rows[0][0].line == texts.index("STT Cơ quan chủ trì Cơ quan phối hợp Thuộc nhóm nhiệm vụ, Nội dung nhiệm vụ "
                                                "Chỉ tiêu đạt được Thời hạn hoàn thành") + 1


def test_pdf_section_row_is_letter_and_one_cell_of_span_6(pdf_doc):
    table = pdf_doc.tables[0]
    assert [(c.text, c.span, c.merged) for c in table.rows[1]] == [("A.", 1, False), ("BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG", 6, False)]
    assert [(c.text, c.span) for c in table.rows[20]] == [("B.", 1), ("BỘ XÂY DỰNG", 6)]


def test_pdf_vertical_merges_repeat_the_origin(pdf_doc):
    table = pdf_doc.tables[0]
    labels = _labels()
    head, subrows = table.rows[2], table.rows[3:7]
    assert [c.merged for c in head] == [False] * 7
    assert head[0].text == "1" and clean(head[1].text) == LEAD_A
    for row, label in zip(subrows, labels[1:5]):
        assert [c.merged for c in row] == [True, True, True, True, False, False, False]
        assert [c.text for c in row[:4]] == [c.text for c in head[:4]]
        assert clean(row[4].text) == label["content"]
    # A.2 (page 1 → 2) and A.3: new origins, then merged copies.
    assert [(r[0].text, r[0].merged) for r in table.rows[7:14]] == \
        [("2", False), ("2", True), ("2", True), ("3", False), ("3", True), ("3", True), ("3", True)]
    task_rows = [row for row in table.rows[1:] if len(row) == 7]
    assert [clean(row[6].text) for row in task_rows] == [label["time_text"] for label in labels]


def _pdf(pages: int = 1, trailer_extra: bytes = b"") -> bytes:
    """A minimal PDF of blank pages, written by hand (no text layer at all)."""
    kids = b" ".join(b"%d 0 R" % (3 + i) for i in range(pages))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages)]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"] * pages
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, trailer_extra, xref)
    return out


def test_blank_pdf_is_refused_as_a_scan(tmp_path):
    data = _pdf()
    assert pdf.sniff(data)
    import pdfplumber
    with pdfplumber.open(io.BytesIO(data)) as document:
        assert len(document.pages) == 1                      # a valid PDF, just without text
    with pytest.raises(ImportFailed) as info:
        pdf.read(data, tmp_path / "scan.pdf", "d")
    assert info.value.message == "scan.pdf: the PDF has no text layer (a scan); the importer cannot read images."
    assert "OCR" in info.value.hint and "ocrmypdf -l vie" in info.value.hint


def test_pdf_with_too_many_pages_is_refused(tmp_path):
    with pytest.raises(ImportFailed) as info:
        pdf.read(_pdf(pages=501), tmp_path / "big.pdf", "d")
    assert "501 pages" in info.value.message
    assert "Split the document" in info.value.hint


def test_damaged_and_encrypted_pdfs_are_refused(tmp_path):
    with pytest.raises(ImportFailed) as info:
        pdf.read(PDF.read_bytes()[:2000], tmp_path / "cut.pdf", "d")
    assert "damaged" in info.value.message and info.value.hint
    # An /Encrypt dictionary whose empty user password does not open it.
    encrypt = (b"/Encrypt << /Filter /Standard /V 1 /R 2 /O <" + b"11" * 32 + b"> /U <" + b"22" * 32
               + b"> /P -4 >> /ID [<" + b"33" * 16 + b"> <" + b"33" * 16 + b">] ")
    with pytest.raises(ImportFailed) as info:
        pdf.read(_pdf(trailer_extra=encrypt), tmp_path / "locked.pdf", "d")
    assert "password" in info.value.message
    assert info.value.hint
