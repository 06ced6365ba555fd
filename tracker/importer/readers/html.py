"""Reader for .html/.htm: a page as saved from a legal-document website, into lines and tables.

Only the standard library's html.parser is used and nothing is fetched: scripts, styles, forms
and site navigation are dropped; every other block of text becomes a line numbered by where it
starts in the file, and each <table> becomes a Table of cells: colspan kept as `span`, a cell
covered by a rowspan from above repeated in its column with `merged=True`.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from ..decode import decode
from ..document import Cell, Document, Line, Table

NAME = "html"
DESCRIPTIONS = {"vi": "trang web (.html)", "en": "a web page (.html)"}
SUFFIXES = (".html", ".htm")

# Text inside these never reaches a card.
_SKIP = {"script", "style", "noscript", "template", "svg", "head", "nav", "aside", "footer", "header",
         "form", "button", "select", "option", "iframe", "object", "canvas", "map"}
_BLOCK = {"p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "tr", "table", "section",
          "article", "blockquote", "pre", "dd", "dt", "dl", "caption", "hr", "main", "center", "tbody", "thead"}
_VOID = {"br", "hr", "img", "meta", "link", "input", "col", "area", "base", "wbr", "source"}


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[Line] = []
        self.tables: list[Table] = []
        self._skip = 0                      # depth inside skipped elements
        self._buffer: list[str] = []
        self._buffer_line = 0
        self._tables: list[Table] = []      # open tables, innermost last
        self._row: list[list[Cell]] = []    # open row per open table
        self._cell: list[Cell | None] = []  # open cell per open table
        self._rowspans: dict[int, int] = {}  # id(cell) -> rowspan, resolved when the table closes

    # -- text blocks ---------------------------------------------------------------------------
    def _flush(self) -> None:
        text = "".join(self._buffer)
        self._buffer = []
        if text.strip():
            for offset, part in enumerate(text.split("\n")):
                if part.strip():
                    self.lines.append(Line(part.strip(), self._buffer_line + offset))
            if self._cell and self._cell[-1] is not None:
                cell = self._cell[-1]
                cell.text = f"{cell.text}\n{text.strip()}" if cell.text else text.strip()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._skip:
            if tag in _SKIP and tag not in _VOID:
                self._skip += 1
            return
        if tag in _SKIP:
            self._flush()
            self._skip = 1
            return
        if tag in _BLOCK or tag in ("td", "th"):
            self._flush()
        line = self.getpos()[0]
        if tag == "table":
            self._tables.append(Table(rows=[], line=line))
            self._row.append([])
            self._cell.append(None)
        elif tag == "tr" and self._tables:
            self._close_cell()
            self._close_row()
        elif tag in ("td", "th") and self._tables:
            self._close_cell()
            values = dict(attrs)
            self._cell[-1] = Cell("", line, _int(values.get("colspan")))
            self._rowspans[id(self._cell[-1])] = _int(values.get("rowspan"))

    def handle_endtag(self, tag: str) -> None:
        if self._skip:
            if tag in _SKIP:
                self._skip -= 1
            return
        if tag in _BLOCK or tag in ("td", "th"):
            self._flush()
        if tag in ("td", "th") and self._tables:
            self._close_cell()
        elif tag == "tr" and self._tables:
            self._close_cell()
            self._close_row()
        elif tag == "table" and self._tables:
            self._close_cell()
            self._close_row()
            table = self._tables.pop()
            self._row.pop()
            self._cell.pop()
            if table.rows:
                table.rows = _resolve_rowspans(table.rows, self._rowspans)
                self.tables.append(table)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not self._skip and tag in _BLOCK:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        # Source newlines inside a paragraph are wrapping, not structure.
        data = data.replace("\r", " ").replace("\n", " ")
        if not self._buffer:
            if not data.strip():
                return
            self._buffer_line = self.getpos()[0]
        self._buffer.append(data)

    def _close_cell(self) -> None:
        if self._cell and self._cell[-1] is not None:
            self._row[-1].append(self._cell[-1])
            self._cell[-1] = None

    def _close_row(self) -> None:
        if self._row and self._row[-1]:
            self._tables[-1].rows.append(self._row[-1])
            self._row[-1] = []

    def close(self) -> None:
        super().close()
        self._flush()
        while self._tables:
            self.handle_endtag("table")


def _int(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), 50))
    except ValueError:
        return 1


def _resolve_rowspans(rows: list[list[Cell]], rowspans: dict[int, int]) -> list[list[Cell]]:
    """Rows in grid order, a rowspan cell repeated (merged=True) in the rows it covers below."""
    pending: dict[int, tuple[Cell, int]] = {}     # grid column -> (origin cell, rows still covered)
    out: list[list[Cell]] = []
    for row in rows:
        cells: list[Cell] = []
        column = 0
        queue = list(row)
        while queue or any(col >= column for col in pending):
            if column in pending:
                origin, left = pending.pop(column)
                cells.append(Cell(origin.text, queue[0].line if queue else origin.line, origin.span, merged=True))
                if left > 1:
                    pending[column] = (origin, left - 1)
                column += origin.span
                continue
            if not queue:
                column = min(col for col in pending if col >= column)
                continue
            cell = queue.pop(0)
            if rowspans.get(id(cell), 1) > 1:
                pending[column] = (cell, rowspans[id(cell)] - 1)
            cells.append(cell)
            column += cell.span
        out.append(cells)
    return out


def read(data: bytes, path: Path, digest: str) -> Document:
    return read_text(decode(data, path), path, digest)


def sniff(data: bytes) -> bool:
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html"))


def read_text(text: str, path: Path, digest: str) -> Document:
    reader = _Reader()
    reader.feed(text)
    reader.close()
    # Tables were closed innermost first; keep them in document order.
    tables = sorted(reader.tables, key=lambda table: table.line)
    return Document(name=path.name, format="html", sha256=digest, lines=reader.lines, tables=tables)
