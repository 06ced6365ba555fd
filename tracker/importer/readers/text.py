"""Reader for .txt and .md: every way a web page or an editor flattens a table into text.

    TT ⇥ Nội dung ⇥ Cơ quan chủ trì …                     tabs, one row per line (Bình Định)
    | TT | Nội dung | Cơ quan chủ trì | … |                 pipe rows, with or without the edge "|"
    STT | Tên dự án | Cơ quan trình | … |                    (a web page's table copied as markdown)
    |  ⏎ **STT** ⏎ |  ⏎ **Cơ quan chủ trì** ⏎ |  ⏎ |  ⏎ 1   separator-only "|" lines, wrapped cell
                                                         text between them; "|" "|" ends a row
    | TT ⏎ | Nội dung ⏎ |---                               one "| cell" per line, "|---" ends a row
    STT ⏎⏎ NỘI DUNG CÔNG VIỆC ⏎⏎ Cơ quan chủ trì           one cell per paragraph or per line

The first three become Tables (rows known; the separator form lost its merged and empty cells,
so it is marked `lost_merges`); the last two become CellStreams whose rows flat.py rebuilds from
the header's width. Which of them is a task table is decided later, never here.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..decode import decode
from ..document import Cell, CellStream, Document, Line, Table

NAME = "text"
DESCRIPTIONS = {"vi": "văn bản (.txt, .md) chép từ trang web hoặc trình soạn thảo",
                "en": "text (.txt, .md) copied from a web page or an editor"}
SUFFIXES = (".txt", ".text", ".md", ".markdown")

_SPLIT = re.compile(r"(?<!\\)\|")
_RULE_CELL = re.compile(r"^\s*:?-{2,}:?\s*$")
_BR = re.compile(r"\s*<br\s*/?>\s*", re.IGNORECASE)
_BARE = re.compile(r"^[ \t]*\|[ \t]*$")   # a line holding "|" and a no-break space is an empty cell


def sniff(data: bytes) -> bool:
    return False      # text is what is left when no other reader claims a file


def read(data: bytes, path: Path, digest: str) -> Document:
    text = decode(data, path)
    head = text.lstrip()[:500].lower()
    if head.startswith(("<!doctype html", "<html")) or "<body" in head:
        from . import html   # a page saved as .txt is still a page
        return html.read_text(text, path, digest)
    lines = split_lines(text)
    doc = Document(name=path.name, format=path.suffix.lower().lstrip(".") or "txt", sha256=digest, lines=lines)
    if doc.format not in ("txt", "md"):
        doc.format = "md" if doc.format in ("markdown",) else "txt"
    doc.tables = [*tab_tables(lines), *pipe_row_tables(lines), *bare_pipe_tables(lines), *ruled_tables(lines)]
    doc.tables.sort(key=lambda table: table.line)
    doc.streams = cell_streams(lines)
    return doc


def split_lines(text: str) -> list[Line]:
    """Physical lines numbered from 1, as an editor shows them (only \\n, \\r\\n and \\r break lines)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return [Line(part, number) for number, part in enumerate(text.split("\n"), start=1)]


def _blank(text: str) -> bool:
    """A blank line; one holding only a no-break space is an empty *cell* in the cell forms."""
    return not text.strip(" \t\r\n\ufeff")


def tab_tables(lines: list[Line]) -> list[Table]:
    """Runs of lines with two tabs or more; blank lines inside a run are page breaks, not ends."""
    tables: list[Table] = []
    rows: list[list[Cell]] = []
    for line in [*lines, Line("end", 0)]:
        if line.text.count("\t") >= 2:
            rows.append([Cell(part, line.number) for part in line.text.rstrip("\r\n").split("\t")])
        elif not _blank(line.text) or not line.number:
            if len(rows) >= 2:
                tables.append(Table(rows, rows[0][0].line, form="tab"))
            rows = []
    return tables


def _pipe_row(text: str) -> list[str] | None:
    """The cells of a "| a | b |" or "a | b |" line, or None when the line is not a pipe row."""
    stripped = text.strip()
    if stripped.count("|") - stripped.count("\\|") < 2 or _BARE.match(stripped):
        return None
    # Converters write a line break inside a cell as "<br>": it is one in the cell's text.
    parts = [_BR.sub("\n", part.replace("\\|", "|")).strip() for part in _SPLIT.split(stripped)]
    if stripped.startswith("|"):
        parts = parts[1:]
    if stripped.endswith("|") and not stripped.endswith("\\|"):
        parts = parts[:-1]
    return parts if len(parts) >= 2 else None


def pipe_row_tables(lines: list[Line]) -> list[Table]:
    """Markdown pipe tables, one row per line; "|---|" rules are dropped, a text line ends a table."""
    tables: list[Table] = []
    rows: list[list[Cell]] = []
    for line in [*lines, Line("end", 0)]:
        parts = _pipe_row(line.text) if line.number else None
        if parts is not None:
            if not all(_RULE_CELL.match(part) or not part for part in parts):
                rows.append([Cell(part, line.number) for part in parts])
            continue
        if _blank(line.text) and line.number:
            continue
        if len(rows) >= 2:
            tables.append(Table(rows, rows[0][0].line, form="markdown"))
        rows = []
    return tables


def bare_pipe_tables(lines: list[Line]) -> list[Table]:
    """The separator-line form: text between lines holding only "|" is a cell.

    Two separator lines with nothing between them end one row and start the next; every further
    one is an empty cell at the start of the new row (an empty STT cell). Rows are never longer
    than they were written, but merged and empty cells inside them were lost: `lost_merges`.
    """
    bars = [index for index, line in enumerate(lines) if _BARE.match(line.text)]
    if len(bars) < 6:
        return []
    rows: list[list[Cell]] = []
    row: list[Cell] = []
    empty_run = 0
    for before, after in zip(bars, bars[1:]):
        body = [line for line in lines[before + 1:after] if not _blank(line.text)]
        if not body:
            empty_run += 1
            continue
        if empty_run:
            if row:
                rows.append(row)
            row = [Cell("", body[0].number) for _ in range(empty_run - 1)]
            empty_run = 0
        row.append(Cell(unwrap(line.text for line in body), body[0].number, end=body[-1].number))
    if row:
        rows.append(row)
    if len(rows) < 2:
        return []
    return [Table(rows, rows[0][0].line, form="markdown", lost_merges=True)]


_ITEM = re.compile(r"^\s*(?:[-–+•]\s|\d{1,2}[.)]\s|[a-zđ]\)\s)")


def unwrap(lines) -> str:
    """A hard-wrapped cell's lines as its text: wrapping becomes a space, a new item ("- …") a new line."""
    out = ""
    for text in lines:
        text = text.strip()
        out = text if not out else f"{out}\n{text}" if _ITEM.match(text) else f"{out} {text}"
    return out


def ruled_tables(lines: list[Line]) -> list[Table]:
    """One "| cell" per line with a "|---" line closing every row (a converter's flattened table)."""
    rows: list[list[Cell]] = []
    row: list[Cell] = []
    ruled = False
    for line in lines:
        stripped = line.text.strip()
        if not stripped.startswith("|") or _BARE.match(stripped) or _pipe_row(stripped) is not None:
            continue
        body = stripped[1:].strip()
        if _RULE_CELL.match(body):
            ruled = True
            if row:
                rows.append(row)
            row = []
        else:
            row.append(Cell(body, line.number))
    if row:
        rows.append(row)
    return [Table(rows, rows[0][0].line, form="markdown")] if ruled and len(rows) >= 2 else []


def paragraph_cells(lines: list[Line]) -> list[Cell]:
    """Consecutive non-blank lines form one cell (text joined by "\\n"), numbered by its first line."""
    cells: list[Cell] = []
    current: list[Line] = []
    for line in [*lines, Line("", 0)]:
        if _blank(line.text):
            if current:
                cells.append(Cell("\n".join(line.text for line in current), current[0].number, end=current[-1].number))
                current = []
        else:
            current.append(line)
    return cells


def _single_pipe_text(text: str) -> str:
    body = text.strip()[1:]
    return (body[:-1] if body.endswith("|") and not body.endswith("\\|") else body).strip()


def cell_streams(lines: list[Line]) -> list[CellStream]:
    """The cell-per-paragraph, cell-per-line and cell-per-"| line" readings of the whole text."""
    single_pipe = [Cell(_single_pipe_text(line.text), line.number) for line in lines
                   if line.text.strip().startswith("|") and _pipe_row(line.text) is None and not _RULE_CELL.match(line.text.strip()[1:])]
    streams = [CellStream(paragraph_cells(lines), form="cells"),
               CellStream([Cell(line.text, line.number) for line in lines if line.text.strip(" \t")], form="cells")]
    if len(single_pipe) >= 6:
        streams.insert(0, CellStream(single_pipe, form="markdown"))
    return streams
