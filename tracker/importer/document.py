"""The neutral document every reader produces: numbered text lines, tables of cells, cell streams.

Every reader (.txt/.md in their flattened forms, .html, .docx, .xlsx, .pdf) ends here, so the
rest of the importer never knows which format a table came from:

- a `Table` has rows of `Cell`s in grid order; merges the format knows (rowspan/colspan,
  vMerge/gridSpan, merged ranges) are resolved: a cell covered by a merge from above carries
  the text of its origin and `merged=True`;
- a table from a flattened export that lost its merges has `lost_merges=True`: its rows may be
  shorter than the header, and the row logic aligns them by what their cells hold;
- a `CellStream` is a table flattened to one cell per line or paragraph, with no row marks at
  all: its rows are rebuilt from the header's width (flat.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Line:
    """One line (or paragraph) of text and where it starts in the source (1-based)."""

    text: str
    number: int


@dataclass
class Cell:
    """One table cell: its text (paragraphs kept apart by "\\n") and its source line span."""

    text: str
    line: int
    span: int = 1          # how many grid columns it covers (colspan / gridSpan), before expansion
    end: int = 0           # last source line of the cell (0: the same as `line`)
    merged: bool = False   # covered by a merge from the row above: the text is the origin's

    @property
    def last_line(self) -> int:
        return self.end or self.line


@dataclass
class Table:
    """Rows of cells; `form` names how the table was written (the import report's "shape")."""

    rows: list[list[Cell]]
    line: int
    form: str = "table"            # table (html/docx), sheet (xlsx), pdf, tab, markdown
    lost_merges: bool = False      # flattened export: short rows lost merged or empty cells
    name: str = ""                 # a sheet's name, "page 3" of a PDF: where the table is


@dataclass
class CellStream:
    """A table flattened to one cell per line or paragraph, without row marks."""

    cells: list[Cell]
    form: str = "cells"


@dataclass
class LineWarning:
    """Something the importer could not read exactly, and where."""

    line: int | None
    message: str

    def to_dict(self) -> dict:
        return {"line": self.line, "message": self.message}

    def where(self, file: str) -> str:
        return f"{file}:{self.line}" if self.line else file


@dataclass
class Document:
    """A plan file as lines and tables; `format` is txt, md, html, docx, xlsx or pdf."""

    name: str                 # basename of the source file
    format: str
    sha256: str
    lines: list[Line]
    tables: list[Table] = field(default_factory=list)
    streams: list[CellStream] = field(default_factory=list)
    warnings: list[LineWarning] = field(default_factory=list)
    reader: str = ""          # the reader module that read it ("text", "html", "docx", "xlsx", "pdf")
