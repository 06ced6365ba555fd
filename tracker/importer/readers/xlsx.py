"""Reader for .xlsx/.xlsm (openpyxl): each visible worksheet becomes one Table, merges resolved.

A sheet has real row numbers, so a Document "line" is the Excel row number (numbering starts
again on every sheet). Values are the cached results Excel saved (`data_only`); nothing is ever
evaluated. A merged range is one Cell with `span` = its width in every row it covers; in the
rows below its origin that Cell repeats the origin's text with `merged=True`.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

from ...errors import ImportFailed
from ...i18n import msg
from ...text import nfc
from ..document import Cell, Document, Line, LineWarning, Table

if TYPE_CHECKING:
    from openpyxl.worksheet.cell_range import CellRange

NAME = "xlsx"
DESCRIPTIONS = {"vi": "bảng tính Excel (.xlsx)", "en": "an Excel workbook (.xlsx)"}
SUFFIXES = (".xlsx", ".xlsm")

# A real plan workbook is a few MB unpacked; a zip bomb is not.
MAX_UNPACKED = 200 * 1024 * 1024
MAX_RATIO = 100
RATIO_FLOOR = 50 * 1024 * 1024     # the ratio rule applies above this unpacked size only
MAX_ROWS = 20_000
MAX_COLUMNS = 60

_RESAVE = msg("Open it in Excel and save it again as .xlsx (File > Save As > Excel Workbook), then import it again.")
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTION_INFO = "EncryptionInfo".encode("utf-16-le")


def sniff(data: bytes) -> bool:
    """A zip package holding xl/workbook.xml (only the zip's central directory is read)."""
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "xl/workbook.xml" in archive.namelist()
    except Exception:      # BadZipFile, truncated central directory, …: not ours to judge here
        return False


def _check_package(data: bytes, file: str) -> None:
    """Refuse what is not a readable, reasonably sized, unencrypted .xlsx package."""
    if data.startswith(_OLE):
        if _ENCRYPTION_INFO in data:
            raise ImportFailed(msg("{file}: the workbook is protected by a password (encrypted); it cannot be read.",
                                   file=file),
                               msg("Open it in Excel, remove the password (File > Info > Protect Workbook > "
                                   "Encrypt with Password, clear the box) and save it again as .xlsx."))
        raise ImportFailed(msg("{file}: this is an old binary Excel file (.xls), not an .xlsx workbook.", file=file),
                           _RESAVE)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except Exception as exc:
        raise ImportFailed(msg("{file}: not a readable .xlsx file; it is damaged or incomplete ({error}).", file=file,
                               error=exc.__class__.__name__), _RESAVE) from None
    if any(info.flag_bits & 0x1 for info in infos):
        raise ImportFailed(msg("{file}: the workbook's parts are encrypted; it cannot be read.", file=file),
                           msg("Open it in Excel, remove the password and save it again as .xlsx."))
    unpacked = sum(info.file_size for info in infos)
    packed = sum(info.compress_size for info in infos) or 1
    if unpacked > MAX_UNPACKED or (unpacked > RATIO_FLOOR and unpacked / packed > MAX_RATIO):
        raise ImportFailed(msg("{file}: the workbook unpacks to {size} MB from {packed} KB, far more than a plan "
                               "document; it was not read.", file=file, size=unpacked // (1024 * 1024),
                               packed=len(data) // 1024),
                           msg("Check that this is the plan itself; if it is, copy the task table into a new workbook "
                               "and save that as .xlsx."))


def value_text(value) -> str:
    """A cell value as the text a reader sees: whole numbers without ".0", dates as dd/mm/yyyy."""
    if value is None:
        return ""
    if isinstance(value, str):
        return nfc(value.replace("\r\n", "\n").replace("\r", "\n")).strip()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (dt.datetime, dt.date)):      # datetime is a date: the day is what a plan means
        return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"
    if isinstance(value, dt.time):
        return f"{value.hour:02d}:{value.minute:02d}"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return f"{value:.15g}"      # 0.1 + 0.2 shows as 0.3, as Excel shows it
    return nfc(str(value)).strip()


def read(data: bytes, path: Path, digest: str) -> Document:
    file = path.name
    _check_package(data, file)
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=False, data_only=True)
    except MemoryError:
        raise ImportFailed(msg("{file}: the workbook is too large to read.", file=file),
                           msg("Copy the task table into a new workbook and save that as .xlsx.")) from None
    except Exception as exc:     # BadZipFile, KeyError for a missing part, lxml parse errors, …
        raise ImportFailed(msg("{file}: the .xlsx file is damaged ({error}); it cannot be read.", file=file,
                               error=exc.__class__.__name__), _RESAVE) from None

    doc = Document(name=file, format="xlsx", sha256=digest, lines=[])
    try:
        for sheet in workbook.worksheets:
            if sheet.sheet_state != "visible":
                if any(cell.value is not None for cell in _stored_cells(sheet)):
                    doc.warnings.append(LineWarning(None, msg("sheet '{sheet}' is hidden; it was not read",
                                                              sheet=sheet.title)))
                continue
            table = _sheet_table(sheet, doc.warnings)
            if table is None:
                continue
            doc.tables.append(table)
            for row in table.rows:
                texts = [cell.text for cell in row if cell.text and not cell.merged]
                if texts:
                    doc.lines.append(Line(" ".join(" ".join(texts).split("\n")), row[0].line))
    finally:
        workbook.close()
    return doc


def _stored_cells(sheet):
    # The cells the file holds; iter_rows() would create every empty cell up to max_row × max_column.
    return sheet._cells.values()


def _sheet_table(sheet, warnings: list[LineWarning]) -> Table | None:
    values: dict[tuple[int, int], str] = {}
    cut_columns_at: int | None = None
    for cell in _stored_cells(sheet):
        text = value_text(cell.value)
        if not text:
            continue
        if cell.column > MAX_COLUMNS:
            cut_columns_at = min(cut_columns_at or cell.row, cell.row)
            continue
        values[(cell.row, cell.column)] = text
    if cut_columns_at is not None:
        warnings.append(LineWarning(cut_columns_at, msg("sheet '{sheet}': only the first {count} columns were read; "
                                                        "the columns after them were left out", sheet=sheet.title,
                                                        count=MAX_COLUMNS)))
    if not values:
        return None
    width = max(column for _, column in values)
    kept = sorted({row for row, _ in values})      # a row with no value of its own is dropped
    if len(kept) > MAX_ROWS:
        warnings.append(LineWarning(kept[MAX_ROWS], msg("sheet '{sheet}': only the first {count} rows were read; the "
                                                        "rows from here on were left out", sheet=sheet.title,
                                                        count=f"{MAX_ROWS:,}")))
        kept = kept[:MAX_ROWS]
    kept_set, last = set(kept), kept[-1]

    owner: dict[tuple[int, int], CellRange] = {}       # grid position -> the merged range covering it
    for merged in sheet.merged_cells.ranges:
        if merged.min_col > width or merged.min_row > last:
            continue
        for row in range(merged.min_row, min(merged.max_row, last) + 1):
            if row in kept_set:
                for column in range(merged.min_col, min(merged.max_col, width) + 1):
                    owner[(row, column)] = merged

    rows: list[list[Cell]] = []
    for row in kept:
        cells: list[Cell] = []
        column = 1
        while column <= width:
            merged = owner.get((row, column))
            if merged is None:
                cells.append(Cell(values.get((row, column), ""), row))
                column += 1
                continue
            span = min(merged.max_col, width) - column + 1
            text = values.get((merged.min_row, merged.min_col), "")
            cells.append(Cell(text, row, span=span, merged=row > merged.min_row))
            column += span
        rows.append(cells)
    return Table(rows, line=kept[0], form="sheet", name=sheet.title)
