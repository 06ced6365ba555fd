"""Read an HTML page (as saved from a legal-document website) into lines and tables.

Only the standard library's html.parser is used and nothing is fetched: scripts, styles, forms
and site navigation are dropped; every other block of text becomes a line numbered by where it
starts in the file, and each <table> becomes a Table of cells (colspan kept as `span`).
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from .document import Cell, Document, Line, Table

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
            span = _int(dict(attrs).get("colspan"))
            self._cell[-1] = Cell("", line, span)

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


def read_html(text: str, path: Path, digest: str) -> Document:
    reader = _Reader()
    reader.feed(text)
    reader.close()
    # Tables were closed innermost first; keep them in document order.
    tables = sorted(reader.tables, key=lambda table: table.line)
    return Document(name=path.name, format="html", sha256=digest, lines=reader.lines, tables=tables)
