"""The neutral document every reader produces: numbered text lines and tables of cells."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Line:
    """One line (or paragraph) of text and where it starts in the source (1-based)."""

    text: str
    number: int


@dataclass
class Cell:
    """One table cell: its text (paragraphs kept apart by "\\n") and its source line."""

    text: str
    line: int
    span: int = 1          # how many grid columns it covers (colspan / gridSpan)


@dataclass
class Table:
    """A real table (HTML <table>, .docx table): rows of cells in grid order."""

    rows: list[list[Cell]]
    line: int


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
    """A plan file as lines and tables; `format` is txt, md, html or docx."""

    name: str                 # basename of the source file
    format: str
    sha256: str
    lines: list[Line]
    tables: list[Table] = field(default_factory=list)
    warnings: list[LineWarning] = field(default_factory=list)

