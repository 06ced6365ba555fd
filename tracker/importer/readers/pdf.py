"""Reader for .pdf files with a text layer (pdfplumber): page text as lines, ruled tables as Tables.

A Document "line" is a running line number over the whole document (page 2's first line
follows page 1's last), so warnings point somewhere a reader can find. A table cell covered by
a merge from above repeats its origin's text with `merged=True`; a horizontal merge is one Cell
with `span`. A table continued on the next page (same number of columns) stays one Table, its
repeated header row dropped. Scans (no text layer) are refused: there is no OCR here.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from ...errors import ImportFailed
from ...i18n import msg
from ...text import clean, fold, nfc
from .text import unwrap
from ..document import Cell, Document, Line, LineWarning, Table

NAME = "pdf"
DESCRIPTIONS = {"vi": "PDF có lớp chữ", "en": "a PDF with a text layer"}
SUFFIXES = (".pdf",)

MAX_PAGES = 500
_JUNK = 1024            # bytes of junk allowed before "%PDF" (some mail gateways prepend headers)
_TEXT_SETTINGS = {"vertical_strategy": "text", "horizontal_strategy": "text"}
# Words of a task table's header: a page with three of them and no ruled table gets the text strategy.
_TABLE_WORDS = [re.compile(rf"\b{word}\b") for word in ("chu tri", "phoi hop", "thoi gian", "noi dung", "stt", "tt")]
_EPSILON = 0.5


def sniff(data: bytes) -> bool:
    return data.find(b"%PDF", 0, _JUNK + 4) != -1


def read(data: bytes, path: Path, digest: str) -> Document:
    file = path.name
    try:
        import pdfplumber
        from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    except ImportError:   # pragma: no cover - pdfplumber is a dependency
        raise ImportFailed(msg("{file}: reading .pdf needs pdfplumber.", file=file), "pip install pdfplumber") from None
    resave = msg("Open it in a PDF viewer and print it to a new PDF (or ask the sender for the .docx), then import "
                 "that file.")
    pdf = None
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        pages = pdf.pages
    except Exception as exc:
        if pdf is not None:
            pdf.close()     # pdfplumber wraps pdfminer's errors in PdfminerException(original)
        cause = _cause(exc)
        if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)):
            raise ImportFailed(msg("{file}: the PDF is protected by a password; it cannot be read.", file=file),
                               msg("Open it with the password and save a copy without one, or ask the sender for the "
                                   ".docx, then import that file.")) from None
        # PDFSyntaxError, PSEOF, broken xref tables, …
        raise ImportFailed(msg("{file}: the PDF is damaged; it cannot be read ({error}).", file=file,
                               error=cause.__class__.__name__), resave) from None
    try:
        if len(pages) > MAX_PAGES:
            raise ImportFailed(msg("{file}: {pages} pages, more than {most}; this is not one plan document.", file=file,
                                   pages=len(pages), most=MAX_PAGES),
                               msg("Split the document (for example the appendix with the task table on its own) "
                                   "and import the parts."))
        try:
            return _read_pages(pages, file, digest)
        except ImportFailed:
            raise
        except Exception as exc:   # a page whose content stream is broken
            raise ImportFailed(msg("{file}: the PDF is damaged; a page cannot be read ({error}).", file=file,
                                   error=_cause(exc).__class__.__name__), resave) from None
    finally:
        pdf.close()


def _cause(exc: Exception) -> Exception:
    """pdfplumber raises PdfminerException(original): the original names what is wrong."""
    return exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc


def _read_pages(pages, file: str, digest: str) -> Document:
    doc = Document(name=file, format="pdf", sha256=digest, lines=[])
    number = 0                              # running line number of the last line so far
    previous: tuple[int, Table, int] | None = None   # (page number, last table on it, its width)
    any_text = False
    for page_number, page in enumerate(pages, start=1):
        page_lines = page.extract_text_lines(strip=True)   # the lines of page.extract_text(), with positions
        first = number + 1
        tops = [line["top"] for line in page_lines]
        for line in page_lines:
            number += 1
            text = nfc(line["text"]).strip()
            if text:
                any_text = True
                doc.lines.append(Line(text, number))
        if not page_lines and page.chars:
            any_text = True

        # Bound as defaults: the line numbers of this page, not of the loop's last one.
        def line_at(top: float, tops: list[float] = tops, first: int = first) -> int:
            above = sum(1 for value in tops if value < top - 1)
            return first + min(above, max(len(tops) - 1, 0))

        found = page.find_tables()
        if not found and page_lines:
            folded = fold(" ".join(line["text"] for line in page_lines))
            if sum(1 for word in _TABLE_WORDS if word.search(folded)) >= 3:
                found = page.find_tables(table_settings=_TEXT_SETTINGS)
                if found:
                    doc.warnings.append(LineWarning(first, msg("page {page}: the table has no ruling lines; its "
                                                               "columns were guessed from where the text sits",
                                                               page=page_number)))
        for index, found_table in enumerate(found):
            rows, width = _rows(found_table, line_at)
            if not rows:
                continue
            if index == 0 and previous is not None and previous[0] == page_number - 1 and previous[2] == width:
                table = previous[1]
                if _texts(rows[0]) == _texts(table.rows[0]):
                    rows = rows[1:]          # the header repeated on the new page
                table.rows.extend(rows)
            else:
                table = Table(rows, line=rows[0][0].line, form="pdf", name=msg("page {page}", page=page_number))
                doc.tables.append(table)
            previous = (page_number, table, width)
    if not any_text:
        raise ImportFailed(msg("{file}: the PDF has no text layer (a scan); the importer cannot read images.", file=file),
                           msg("Run OCR on it (for example ocrmypdf -l vie in.pdf out.pdf) or ask the sender for the "
                               ".docx, then import that file."))
    return doc


def _texts(row: list[Cell]) -> list[str]:
    return [clean(cell.text) for cell in row]


def _rows(found_table, line_at) -> tuple[list[list[Cell]], int]:
    """The table's rows as Cells, and its width in grid columns.

    pdfplumber puts a grid position that no cell starts at to None. Which cell covers it is read
    from the cells' boxes: the cell to its left (a horizontal merge) or the one above it (a
    vertical merge) — a merged area is a rectangle, so it is always one of the two.
    """
    boxes = found_table.cells
    if not boxes:
        return [], 0
    xs = sorted({box[0] for box in boxes})
    tops = sorted({box[1] for box in boxes})
    texts = found_table.extract()
    grid = [row.cells for row in found_table.rows]
    width = len(xs)

    def covers(box, i: int, j: int) -> bool:
        x, y = xs[j] + _EPSILON, tops[i] + _EPSILON
        return box[0] <= x < box[2] and box[1] <= y < box[3]

    owner: list[list[tuple[int, int] | None]] = []
    for i in range(len(grid)):
        owner.append([None] * width)
        for j in range(width):
            if grid[i][j] is not None:
                owner[i][j] = (i, j)
                continue
            for candidate in (owner[i][j - 1] if j else None, owner[i - 1][j] if i else None):
                if candidate is not None and covers(grid[candidate[0]][candidate[1]], i, j):
                    owner[i][j] = candidate
                    break

    rows: list[list[Cell]] = []
    for i in range(len(grid)):
        line = line_at(tops[i])
        cells: list[Cell] = []
        last_owner = None
        for j in range(width):
            origin = owner[i][j]
            if origin is not None and origin == last_owner:
                cells[-1].span += 1          # right of the origin (or of its covered cell below)
                continue
            last_owner = origin
            if origin is None:
                cells.append(Cell("", line))
            else:
                # pdfplumber breaks a cell's text where the PDF wrapped it: join it back (items keep their lines).
                text = unwrap(nfc(texts[origin[0]][origin[1]] or "").split("\n"))
                cells.append(Cell(text, line, merged=origin[0] < i))
        if any(cell.text for cell in cells):
            rows.append(cells)
    return rows, width
