"""Read a .docx plan (python-docx) into lines and real tables, merged cells included.

A .docx has no line numbers, so a Document "line" is the position of a block in the body:
each paragraph counts one, each table row counts one. Warnings point at those positions.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from ..errors import ImportFailed
from ..text import nfc
from .document import Cell, Document, Line, Table


def read_docx(data: bytes, path: Path, digest: str) -> Document:
    try:
        import docx
        from docx.table import Table as DocxTable
        from docx.text.paragraph import Paragraph
    except ImportError:   # pragma: no cover - python-docx is a dependency
        raise ImportFailed(f"{path.name}: reading .docx needs python-docx.", "pip install python-docx") from None
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ImportFailed(f"{path.name}: not a readable .docx file ({exc.__class__.__name__}).",
                           "Open it in Word and save it again as .docx, or save the plan as UTF-8 text.") from None
    except Exception as exc:  # lxml errors and friends: a damaged package
        raise ImportFailed(f"{path.name}: the .docx file is damaged ({exc.__class__.__name__}).",
                           "Open it in Word and save it again as .docx.") from None

    lines: list[Line] = []
    tables: list[Table] = []
    position = 0
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            position += 1
            text = nfc(Paragraph(child, document).text)
            for part in text.split("\n"):
                if part.strip():
                    lines.append(Line(part, position))
        elif tag == "tbl":
            table = DocxTable(child, document)
            rows: list[list[Cell]] = []
            first = position + 1
            for row in table.rows:
                position += 1
                cells: list[Cell] = []
                previous = None
                for cell in row.cells:
                    # python-docx repeats a merged cell once per grid column it covers.
                    if previous is not None and cell._tc is previous._tc:
                        cells[-1].span += 1
                        continue
                    text = nfc("\n".join(p.text for p in cell.paragraphs)).strip()
                    cells.append(Cell(text, position))
                    previous = cell
                    for part in text.split("\n"):
                        if part.strip():
                            lines.append(Line(part, position))
                rows.append(cells)
            if rows:
                tables.append(Table(rows=rows, line=first))
    return Document(name=path.name, format="docx", sha256=digest, lines=lines, tables=tables)
