"""Which tables of a document are task tables, and their rows read into TaskRows.

Every reader's tables arrive here in one model. For each: find the header rows (two-row headers
combined, a header glued after other cells split off, repeated headers skipped and never a remap
of the columns), map columns by meaning, tell a task table from a list of procedures, procedure
steps or forms (classify.py), and read its rows (rows.py). Cell streams are tried only when no
table of the document is a task table.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..i18n import msg
from .align import align, cell_kind, fill
from .classify import header_reason, rows_reason
from .columns import Columns, combine_headers, find_header, is_sub_header, map_titles
from .document import Cell, CellStream, Document, LineWarning, Table
from .flat import find_header as find_stream_header, rebuild_rows
from .rows import GridReader, TaskRow, cell_text

_HEADER_SCAN = 12       # a real table's header is in its first rows; a flattened page is one long table


@dataclass
class Segment:
    """One header and the rows under it, before they are read as tasks."""

    columns: Columns
    line: int
    form: str
    lost_merges: bool
    rows: list[list[Cell]] = field(default_factory=list)
    name: str = ""


@dataclass
class FoundTable:
    """A table the importer looked at: its columns, its tasks, or why it was skipped."""

    line: int
    form: str
    columns: Columns
    rows: list[TaskRow] = field(default_factory=list)
    reason: str = ""            # empty for a task table
    name: str = ""

    @property
    def is_tasks(self) -> bool:
        return not self.reason


def expand(row: list[Cell]) -> list[Cell]:
    """One Cell per grid column: a merged cell keeps its text in its first column."""
    out: list[Cell] = []
    for cell in row:
        out.append(cell)
        out.extend(Cell("", cell.line, merged=cell.merged) for _ in range(cell.span - 1))
    return out


def _header_key(columns: Columns) -> tuple:
    return tuple(sorted(columns.index.items()))


def segments(table: Table) -> list[Segment]:
    """The header-led parts of one table (a flattened page can hold several tables in one)."""
    found: list[Segment] = []
    current: Segment | None = None
    rows = table.rows
    skip_next = False
    for position, row in enumerate(rows):
        if skip_next:
            skip_next = False
            continue
        cells = row if table.lost_merges else expand(row)
        texts = [c.text for c in cells]
        # A real table's header is in its first rows; under a header every row may repeat it.
        header = find_header(texts) if table.lost_merges or current is not None or position < _HEADER_SCAN else None
        if header is None:
            if current is not None:
                if table.lost_merges:
                    cells = _give_back_empties(current.rows, cells, current.columns.width)
                if table.lost_merges and len(cells) > current.columns.width:
                    current.rows.append(cells[:current.columns.width])
                    current = None          # text glued after the last row: the table ended
                    continue
                current.rows.append(cells if table.lost_merges else row)
            continue
        offset, _width, columns = header
        if current is not None and offset:
            current.rows.append(cells[:offset][:current.columns.width])   # lost_merges rows only split this way
        titles = texts[offset:]
        following = rows[position + 1] if position + 1 < len(rows) else None
        if following is not None and is_sub_header([c.text for c in following]):
            merged = None if table.lost_merges else [c.merged for c in expand(following)]
            titles = combine_headers(titles, [c.text for c in (following if table.lost_merges else expand(following))],
                                     merged)
            columns = map_titles(titles)
            skip_next = True
        if current is not None and _header_key(current.columns) == _header_key(columns) \
                and current.columns.width == columns.width:
            continue                        # the header repeated on a new page
        current = Segment(columns, cells[offset].line, table.form, table.lost_merges, name=table.name)
        found.append(current)
    return found


def stream_segments(stream: CellStream, warnings: list[LineWarning]) -> list[Segment]:
    """Headers and rows rebuilt from a cell-per-line stream (flat.py)."""
    found: list[Segment] = []
    position = 0
    cells = stream.cells
    while (header := find_stream_header(cells, position)) is not None:
        start, columns = header
        rows, position = rebuild_rows(cells, start + columns.width, columns, warnings)
        found.append(Segment(columns, cells[start].line, stream.form, False, rows=rows))
        position = max(position, start + columns.width)
    return found


def read_segment(segment: Segment, warnings: list[LineWarning]) -> FoundTable:
    """Read one segment's rows as tasks, or say why it is not a task table."""
    result = FoundTable(segment.line, segment.form, segment.columns, name=segment.name)
    reason = header_reason(segment.columns)
    if reason:
        result.reason = reason
        return result
    found: list[LineWarning] = []
    reader = GridReader(segment.columns, found)
    width = segment.columns.width
    above: list[Cell] | None = None
    number_printed = False
    number_at = segment.columns.index.get("number")
    rows = join_split_rows(segment.rows, segment.columns) if segment.lost_merges else segment.rows
    for cells in rows:
        texts = [cell_text(c.text) for c in cells]
        if not any(texts):
            continue
        if segment.form in ("markdown", "tab") and not segment.lost_merges and _misfit(cells, number_at):
            # "Luật Quản lý thuế | Chính phủ | … | |": the row left out its number cell and closed
            # with an empty one; without the trailing empties it is a short row to align.
            filled = [c for c in cells if cell_text(c.text)]
            if len(filled) == 1:
                reader.add_section(filled[0].text, filled[0].line)     # "| **I. CẢI CÁCH THỂ CHẾ** | | |"
                continue
            while cells and not cell_text(cells[-1].text):
                cells = cells[:-1]
            cells = fill(cells, segment.columns, None, False) if len(cells) < width else cells
        if segment.lost_merges:
            if _is_section(texts):
                reader.add_section(" ".join(t for t in texts if t), cells[0].line)
                above, number_printed = None, False
                continue
            if len(cells) < width:
                aligned = fill(cells, segment.columns, above, number_printed)
                if above is not None:
                    inherited = [segment.columns.titles[j] for j, c in enumerate(aligned) if c.merged and c.text]
                    if inherited:
                        found.append(LineWarning(cells[0].line, msg("the row lost merged cells in the export; taken "
                                                                    "from the row above: {columns}",
                                                                    columns=", ".join(inherited))))
                cells = aligned
            elif len(cells) > width:
                while len(cells) > width and not cell_text(cells[0].text):
                    cells = cells[1:]      # "| b | |" + "| c |": the empty last cell read as the next row's first
                cells = cells[:width]
        else:
            spanning = _spanning(cells, width, texts)
            if spanning or len(cells) < width and _is_section(texts):
                # One cell across the table, or "A." beside the title merged over the other columns.
                reader.add_section(spanning or " ".join(t for t in texts if t), cells[0].line)
                continue
            cells = expand(cells)
            if len(cells) < width:
                cells = cells + [Cell("", cells[-1].line) for _ in range(width - len(cells))]
            if len(cells) > width:
                extra = [c.text for c in cells[width:] if cell_text(c.text)]
                if extra:
                    found.append(LineWarning(cells[0].line, msg("the row has {cells} cells, the header has {width}; "
                                                                "the extra cells were joined to the last one",
                                                                cells=len(cells), width=width)))
                    last = cells[width - 1]
                    cells = [*cells[:width - 1], Cell("\n".join([last.text, *extra]), last.line)]
                else:
                    cells = cells[:width]
        reader.add(cells)
        if number_at is not None and number_at < len(cells) and not cells[number_at].merged:
            number_printed = bool(cell_text(cells[number_at].text))
        above = cells
    result.rows = reader.finish()
    result.reason = rows_reason(segment.columns, result.rows)
    if not result.reason:
        warnings.extend(found)
    return result


def _give_back_empties(rows: list[list[Cell]], cells: list[Cell], width: int) -> list[Cell]:
    """`cells` without its leading empty cells; those the row above is short of are its last cells.

    A run of "|" lines is the end of one row, the start of the next and the empty cells between,
    which may close the row above ("… | Sở Nội vụ | |") or open this one ("| | Bộ Y tế | …").
    """
    rest = _without_leading_empties(cells)
    empties = cells[:len(cells) - len(rest)]
    if empties and rows and 0 < width - len(rows[-1]) <= len(empties):
        rows[-1] = rows[-1] + empties[:width - len(rows[-1])]
    return rest


def _without_leading_empties(row: list[Cell]) -> list[Cell]:
    return row[next((i for i, c in enumerate(row) if cell_text(c.text)), len(row)):]


def join_split_rows(rows: list[list[Cell]], columns: Columns) -> list[list[Cell]]:
    """Rows of a flattened table with rows that an empty cell cut in two joined again.

    An empty cell inside a row is written "|" "|", like the end of a row: "1 | Nội dung" then
    "Sở Tư pháp | Quý IV/2025". When a short row is followed by a short row without a number
    whose cells all belong right of the first one's, they are one row with an empty cell between.
    """
    width = columns.width
    number_at = columns.index.get("number")
    # Leading empty cells are the empty last cells of the row above or an empty number cell;
    # either way the cells' content, not their count, says where they go.
    rows = [_without_leading_empties(row) for row in rows]
    out: list[list[Cell]] = []
    position = 0
    while position < len(rows):
        row = rows[position]
        following = rows[position + 1] if position + 1 < len(rows) else None
        if following is not None and len(row) < width and len(following) < width \
                and len(row) + len(following) < width and not _is_section([cell_text(c.text) for c in following]):
            first, second = align(row, columns, lead_first=True), align(following, columns)
            if min(second) > max(first) and second[0] != number_at:
                joined = [Cell("", row[0].line) for _ in range(width)]
                for cell, at in [*zip(row, first), *zip(following, second)]:
                    joined[at] = cell
                out.append(joined)
                position += 2
                continue
        out.append(row)
        position += 1
    return out


def _misfit(cells: list[Cell], number_at: int | None) -> bool:
    """Task text where the row's number should be."""
    return number_at is not None and number_at < len(cells) and cell_kind(cells[number_at].text) in ("text", "agency")


def _is_section(texts: list[str]) -> bool:
    """A flattened row that is a section heading: "A." | "BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG", "I" | "CẢI CÁCH THỂ CHẾ"."""
    from ..text import fold
    from .numbering import kind_of, tidy
    filled = [t for t in texts if t]
    if len(filled) == 1:
        text = filled[0]
        letters = [ch for ch in text if ch.isalpha()]
        if len(text) >= 200 or not letters:
            return False
        head = text.split(" ", 1)[0]
        numbered = kind_of(tidy(head)) in ("roman", "upper") and head.endswith((".", ")")) or \
            fold(text).startswith(("phan ", "nhom ", "linh vuc ", "muc "))
        return numbered or sum(ch.isupper() for ch in letters) > 0.8 * len(letters)
    return len(filled) == 2 and kind_of(tidy(filled[0])) in ("roman", "upper") and len(filled[1]) < 200


def _spanning(cells: list[Cell], width: int, texts: list[str]) -> str:
    """The title of a row whose one cell spans the table (or repeats across it), else ""."""
    distinct = {t for t in texts if t}
    if len(cells) == 1 and width > 1 and texts[0]:
        return texts[0]
    if len(cells) > 1 and len(distinct) == 1 and len(set(texts)) == 1:
        return texts[0]
    return ""


def task_tables(doc: Document, warnings: list[LineWarning]) -> list[FoundTable]:
    """Every table looked at, in document order: task tables with rows, others with their reason."""
    looked: list[FoundTable] = []
    for table in doc.tables:
        parts = segments(table)
        looked += [read_segment(segment, warnings) for segment in parts]
        if not parts and table.rows:
            first = [c.text for c in expand(table.rows[0])][:12]
            looked.append(FoundTable(table.line, table.form, map_titles(first), name=table.name,
                                     reason=msg("no task-table header (a content column beside a lead or time "
                                                "column)")))
    if any(found.is_tasks for found in looked):
        return looked
    for stream in doc.streams:
        stream_warnings: list[LineWarning] = []
        found = [read_segment(segment, stream_warnings) for segment in stream_segments(stream, stream_warnings)]
        looked += found
        if any(table.is_tasks for table in found):
            warnings += stream_warnings
            break
    return looked
