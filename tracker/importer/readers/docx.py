"""Reader for .docx (python-docx): paragraphs as lines, Word tables as Tables, merges resolved.

A .docx has no line numbers, so a Document "line" is the position of a block in the body:
each paragraph counts one, each table row counts one. Warnings point at those positions.
A horizontal merge (gridSpan) is one Cell with `span`; a vertical merge (vMerge) repeats the
origin's text in the rows it covers, with `merged=True`.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from ...errors import ImportFailed
from ...i18n import msg
from ...text import nfc
from ..document import Cell, Document, Line, Table

NAME = "docx"
DESCRIPTIONS = {"vi": "văn bản Word (.docx)", "en": "a Word document (.docx)"}
SUFFIXES = (".docx",)
# A 1 MB .docx can inflate to gigabytes; a real plan is a few MB unpacked.
MAX_UNPACKED = 200 * 1024 * 1024
MAX_PARAGRAPHS = 200_000


def sniff(data: bytes) -> bool:
    return data.startswith(b"PK\x03\x04") and _has_member(data, "word/document.xml")


def _has_member(data: bytes, name: str) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return name in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def check_unpacked_size(data: bytes, file: str, fix: str, kind: str = ".docx") -> None:
    """Refuse an archive that would unpack to more than MAX_UNPACKED (a zip bomb or not a plan)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            total = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ImportFailed(msg("{file}: not a readable {kind} file ({error}).", file=file, kind=kind,
                               error=exc.__class__.__name__), fix) from None
    if total > MAX_UNPACKED:
        raise ImportFailed(msg("{file}: the file unpacks to {size} MB, far more than a plan document; it was not read.",
                               file=file, size=total // (1024 * 1024)),
                           msg("Check that this is the plan itself; save it again from Word."))


def read(data: bytes, path: Path, digest: str) -> Document:
    fix = msg("Open it in Word and save it again as .docx, or save the plan as UTF-8 text.")
    check_unpacked_size(data, path.name, fix)
    try:
        import docx
        from docx.table import Table as DocxTable
        from docx.text.paragraph import Paragraph
    except ImportError:   # pragma: no cover - python-docx is a dependency
        raise ImportFailed(msg("{file}: reading .docx needs python-docx.", file=path.name),
                           "pip install python-docx") from None
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ImportFailed(msg("{file}: not a readable .docx file ({error}).", file=path.name,
                               error=exc.__class__.__name__), fix) from None
    except Exception as exc:  # lxml errors and friends: a damaged package
        raise ImportFailed(msg("{file}: the .docx file is damaged ({error}).", file=path.name,
                               error=exc.__class__.__name__),
                           msg("Open it in Word and save it again as .docx.")) from None

    lines: list[Line] = []
    tables: list[Table] = []
    position = 0
    for child in document.element.body.iterchildren():
        if position > MAX_PARAGRAPHS:
            raise ImportFailed(msg("{file}: more than {count} paragraphs; this is not one plan document.",
                                   file=path.name, count=f"{MAX_PARAGRAPHS:,}"),
                               msg("Split the document, or import the appendix on its own."))
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            position += 1
            text = nfc(Paragraph(child, document).text)
            lines.extend(Line(part, position) for part in text.split("\n") if part.strip())
        elif tag == "tbl":
            rows, position = _table_rows(DocxTable(child, document), position, lines)
            if rows:
                tables.append(Table(rows=rows, line=rows[0][0].line, form="table"))
    return Document(name=path.name, format="docx", sha256=digest, lines=lines, tables=tables)


def _table_rows(table, position: int, lines: list[Line]) -> tuple[list[list[Cell]], int]:
    """The table's rows; python-docx repeats a merged cell once per grid column and row it covers."""
    rows: list[list[Cell]] = []
    above: list = []                      # the _tc of each grid column in the previous row
    for row in table.rows:
        position += 1
        cells: list[Cell] = []
        current: list = []
        previous = None
        for cell in row.cells:
            column = len(current)
            current.append(cell._tc)
            if previous is not None and cell._tc is previous:
                cells[-1].span += 1
                continue
            previous = cell._tc
            text = nfc("\n".join(p.text for p in cell.paragraphs)).strip()
            merged = column < len(above) and above[column] is cell._tc
            cells.append(Cell(text, position, merged=merged))
            if not merged:
                lines.extend(Line(part, position) for part in text.split("\n") if part.strip())
        above = current
        rows.append(cells)
    return rows, position
