"""Hostile and broken plan files: each gets a clear error or warning, never a crash or mojibake cards."""

from __future__ import annotations

import codecs
import io
import zipfile
import time
import unicodedata
from pathlib import Path

import docx
import pytest

from tracker.errors import ImportFailed
from tracker.importer import read_plan

FIXTURES = Path(__file__).resolve().parent / "fixtures"
PLANS = Path(__file__).resolve().parent.parent / "plans"
NAM_DINH = (PLANS / "nam-dinh-55-kh-ubnd-2013.txt").read_text(encoding="utf-8")


def to_cp1258(text: str) -> bytes:
    """Text as legacy Vietnamese Windows saves it: base letters with separate tone-mark bytes."""
    tones = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
    out = []
    for char in text:
        parts = unicodedata.normalize("NFD", char)
        out.append(unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones)) + "".join(c for c in parts if c in tones))
    return "".join(out).encode("cp1258")


def small_plan(rows: list[str], header: str = "TT\tNội dung\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian") -> str:
    return "\n".join(["Số: 55/KH-UBND", "Nam Định, ngày 14 tháng 08 năm 2013", "KẾ HOẠCH",
                      "ĐẨY MẠNH CẢI CÁCH CHẾ ĐỘ CÔNG VỤ, CÔNG CHỨC TỈNH NAM ĐỊNH, GIAI ĐOẠN 2013 - 2015", "", header, *rows])


def test_empty_file(tmp_path: Path) -> None:
    for name, data in (("empty.txt", b""), ("blank.md", b" \n\n\t\n"), ("bom-only.txt", codecs.BOM_UTF8)):
        (tmp_path / name).write_bytes(data)
        with pytest.raises(ImportFailed, match=rf"^{name}: the file is empty\.") as info:
            read_plan(tmp_path / name)
        assert info.value.exit_code == 4


def test_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "scan.txt"
    path.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(ImportFailed, match=r"^scan.txt: the file is binary data, not a text plan document\."):
        read_plan(path)
    pdf = tmp_path / "plan.txt"
    pdf.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    with pytest.raises(ImportFailed, match="the PDF is damaged"):     # read as a PDF whatever its name
        read_plan(pdf)
    old_word = tmp_path / "plan.doc"
    old_word.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    with pytest.raises(ImportFailed, match=r"^plan.doc: the file is an old Word \(.doc\) or Excel \(.xls\) file") as info:
        read_plan(old_word)
    assert "save it as .docx or .xlsx" in info.value.hint
    fake = tmp_path / "plan.docx"
    fake.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(ImportFailed, match=r"^plan.docx: not a readable .docx file"):
        read_plan(fake)


def test_utf16_file_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "nam-dinh.txt"
    path.write_bytes(NAM_DINH.encode("utf-16"))      # with BOM, as Windows Notepad saves "Unicode"
    result = read_plan(path)
    assert len(result.cards) == 22 and result.cards[12].id == "nam-dinh-55-2013.13"
    assert result.cards[0].content == read_plan(PLANS / "nam-dinh-55-kh-ubnd-2013.txt").cards[0].content


def test_utf8_bom_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "nam-dinh.txt"
    path.write_bytes(codecs.BOM_UTF8 + NAM_DINH.encode("utf-8"))
    result = read_plan(path)
    assert result.plan.key == "nam-dinh-55-2013" and len(result.cards) == 22
    assert result.plan.source["sha256"] != read_plan(PLANS / "nam-dinh-55-kh-ubnd-2013.txt").plan.source["sha256"]


def test_cp1258_file_is_refused_with_the_fix(tmp_path: Path) -> None:
    path = tmp_path / "legacy.txt"
    path.write_bytes(to_cp1258(small_plan(["1\tRà soát thủ tục\tSở Nội vụ\tSở Tư pháp\tQuý IV năm 2013"])))
    with pytest.raises(ImportFailed) as info:
        read_plan(path)
    message = str(info.value)
    assert message.startswith("legacy.txt: not UTF-8; save it as UTF-8 (undecodable byte 0x")
    assert "Windows-1258" in message and "save it as UTF-8" in info.value.hint


def test_mojibake_text_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "garbled.txt"
    path.write_bytes(NAM_DINH.encode("utf-8").decode("latin-1").encode("utf-8"))
    with pytest.raises(ImportFailed, match=r"^garbled.txt: the text is garbled"):
        read_plan(path)


def test_html_page_with_no_table_reports_no_tasks() -> None:
    with pytest.raises(ImportFailed) as info:
        read_plan(FIXTURES / "news-no-table.html")
    assert str(info.value).startswith("news-no-table.html: not a plan with tasks: the web page has no task table")
    assert "it is not a Kế hoạch or Chương trình, so its body is not read for tasks" in str(info.value)
    assert "--explain" in info.value.hint


def test_ten_thousand_rows(tmp_path: Path) -> None:
    agencies = ["Sở Nội vụ", "Sở Tài chính", "Sở Tư pháp; Văn phòng UBND tỉnh", "Các sở, ban, ngành, UBND cấp huyện"]
    times = ["Quý IV năm 2014", "Năm 2015", "Hàng năm", "Thường xuyên", "Tháng 12/2014", "Trước ngày 30/11/2015"]
    rows = [f"{i}\tNhiệm vụ số {i}: rà soát thủ tục hành chính lĩnh vực {i % 37}\t{agencies[i % 4]}\t"
            f"{agencies[(i + 1) % 4]}\t{times[i % 6]}" for i in range(1, 10_001)]
    path = tmp_path / "big.txt"
    path.write_text(small_plan(rows), encoding="utf-8")
    start = time.perf_counter()
    result = read_plan(path)
    elapsed = time.perf_counter() - start
    assert len(result.cards) == 10_000 and result.warnings == []
    assert result.cards[-1].id == "nam-dinh-55-2013.10000" and result.cards[-1].source["line"] == 10_006
    assert elapsed < 5.0, elapsed


def test_missing_column_warns_and_leaves_the_field_empty(tmp_path: Path) -> None:
    path = tmp_path / "no-support.txt"
    path.write_text(small_plan(["1\tRà soát thủ tục\tSở Nội vụ\tQuý IV năm 2013"],
                               header="TT\tNội dung\tCơ quan chủ trì\tThời gian"), encoding="utf-8")
    result = read_plan(path)
    assert [(w.line, w.message) for w in result.warnings] == \
        [(7, "the table has no 'Cơ quan phối hợp' column; that field is left empty on every card")]
    card = result.cards[0]
    assert (card.lead, card.support, card.support_text, card.time_text) == (["Sở Nội vụ"], [], "", "Quý IV năm 2013")


def test_unparseable_deadline_and_invalid_date_are_warnings_and_the_cards_stay(tmp_path: Path) -> None:
    path = tmp_path / "dates.txt"
    path.write_text(small_plan(["1\tXây dựng kế hoạch\tSở Nội vụ\tSở Tư pháp\tSớm nhất có thể",
                                "2\tBáo cáo UBND tỉnh\tSở Nội vụ\tCác sở, ban, ngành\tTrước ngày 31/9/2013",
                                "3\tTổng kết\tSở Nội vụ\t\tQuý IV năm 2015"]), encoding="utf-8")
    result = read_plan(path)
    assert [c.number for c in result.cards] == ["1", "2", "3"]
    assert [(w.line, w.message) for w in result.warnings] == [
        (7, "row 1: time 'Sớm nhất có thể': no date found in 'Sớm nhất có thể'"),
        (8, "row 2: time 'Trước ngày 31/9/2013': invalid date 31/9/2013: month 9/2013 has no day 31; used the end of the month"),
    ]
    assert result.cards[0].deadline.kind == "unknown" and result.cards[0].deadline.due is None
    # The deadline parser's decision for an impossible day: the end of that month, with the warning kept.
    assert result.cards[1].deadline.kind == "month" and str(result.cards[1].deadline.due) == "2013-09-30"
    assert result.cards[1].deadline.warning


def test_body_date_31_9_2013_of_nam_dinh_is_not_a_task() -> None:
    result = read_plan(PLANS / "nam-dinh-55-kh-ubnd-2013.txt")
    assert not any("31/9/2013" in c.content or "31/9/2013" in c.time_text for c in result.cards)


def test_unreadable_rows_are_reported_not_dropped(tmp_path: Path) -> None:
    path = tmp_path / "orphan.txt"
    path.write_text(small_plan(["\tdòng không có số thứ tự\tSở Nội vụ\t\t",
                                "1\tNhiệm vụ một\t\t\t",
                                "2\tNhiệm vụ hai\tSở Nội vụ\t\tNăm 2014"]), encoding="utf-8")
    result = read_plan(path)
    assert [c.number for c in result.cards] == ["1", "2"]
    assert [(w.line, w.message) for w in result.warnings] == [
        (7, "a row without a number has no row above to continue; it was not imported: dòng không có số thứ tự"),
        (8, "row 1 has no lead agency, partners or time; imported with those fields empty"),
    ]


def test_missing_file_and_folder() -> None:
    with pytest.raises(ImportFailed, match="no such file"):
        read_plan(PLANS / "does-not-exist.txt")
    with pytest.raises(ImportFailed, match="is a folder"):
        read_plan(PLANS)


def _docx_with_body(path: Path, body: bytes, *, compress: int = zipfile.ZIP_DEFLATED) -> Path:
    """A real .docx (python-docx's blank document) whose document.xml is replaced by `body`."""
    blank = io.BytesIO()
    docx.Document().save(blank)
    with zipfile.ZipFile(blank) as source, zipfile.ZipFile(path, "w", compress) as target:
        for item in source.infolist():
            data = body if item.filename == "word/document.xml" else source.read(item.filename)
            target.writestr(item.filename, data)
    return path


def test_a_docx_that_inflates_to_gigabytes_is_refused_at_once(tmp_path: Path) -> None:
    head = b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
    bomb = _docx_with_body(tmp_path / "bomb.docx", head + b" " * (300 * 1024 * 1024) + b"</w:body></w:document>")
    assert bomb.stat().st_size < 2 * 1024 * 1024
    started = time.perf_counter()
    with pytest.raises(ImportFailed, match=r"unpacks to 300 MB, far more than a plan document"):
        read_plan(bomb)
    assert time.perf_counter() - started < 5


def test_a_docx_with_a_million_paragraphs_is_refused_quickly(tmp_path: Path) -> None:
    head = b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
    many = _docx_with_body(tmp_path / "many.docx", head + b"<w:p/>" * 1_000_000 + b"</w:body></w:document>")
    started = time.perf_counter()
    with pytest.raises(ImportFailed, match=r"more than 200,000 paragraphs"):
        read_plan(many)
    assert time.perf_counter() - started < 10
