"""One renderer for every listing: rich tables for people, JSON / JSON lines / CSV for scripts."""

from __future__ import annotations

import csv
import io
import os
import sys
from typing import Any, overload
from collections.abc import Callable, Sequence

import click

from ..i18n import Msg, localize, msg
from ..inert import printable, spreadsheet_cell
from ..nogc import no_gc
from ..json_text import dumps_json   # the commands' one JSON writer, shared with the core's JSON documents
from ..model import Card
from ..text import shorten
from .words import status_text

# (key, header, value getter): the header is English and said in the run's language; CSV heads its
# columns with the keys, machine names in every language.
Column = tuple[str, str, Callable[[dict[str, Any]], Any] | None]


def _cell(value: Any, *, people: bool = True) -> str:
    """A value as one line of terminal text: no escape sequence or control character gets through.

    For people a message or a yes/no is said in the run's language; for scripts (CSV) it stays English.
    """
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "; ".join(_cell(v, people=people) for v in value)
    if isinstance(value, bool):
        answer = msg("yes") if value else msg("no")
        return localize(answer) if people else str(answer)
    if people and isinstance(value, Msg):
        return printable(localize(value))
    return printable(str(value))


def _headers(columns: Sequence[Column]) -> list[str]:
    return [printable(localize(header)) for _, header, _ in columns]


def emit(rows: Sequence[dict[str, Any]], fmt: str, columns: Sequence[Column], *, title: str | None = None,
         plain: bool = False) -> None:
    """Write `rows` to stdout in `fmt`; json/jsonl keep whole rows, table/csv show `columns`."""
    out = sys.stdout
    if fmt == "json":
        out.write(dumps_json(list(rows)) + "\n")
    elif fmt == "jsonl":
        for row in rows:
            out.write(dumps_json(row, indent=False) + "\n")
    elif fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow([key for key, _, _ in columns])
        for row in rows:
            writer.writerow([spreadsheet_cell(_cell(get(row) if get else row.get(key), people=False))
                             for key, _, get in columns])
        out.write(buffer.getvalue())
    elif plain:
        _plain_table(rows, columns)
    else:
        _table(rows, columns, title)


# Rich lays out every cell of a table before printing (4.5 s for 5,000 rows): long listings get a plain grid.
RICH_ROW_LIMIT = 300


def _plain_table(rows: Sequence[dict[str, Any]], columns: Sequence[Column]) -> None:
    cells = [[_cell(get(row) if get else row.get(key)) for key, _, get in columns] for row in rows]
    headers = _headers(columns)
    widths = [max([len(headers[i]), *(len(line[i]) for line in cells)]) for i in range(len(columns))]
    write = sys.stdout.write
    write("  ".join(h.ljust(w) for h, w in zip(headers, widths)).rstrip() + "\n")
    write("  ".join("-" * w for w in widths) + "\n")
    for line in cells:
        write("  ".join(c.ljust(w) for c, w in zip(line, widths)).rstrip() + "\n")


def _table(rows: Sequence[dict[str, Any]], columns: Sequence[Column], title: str | None) -> None:
    if len(rows) > RICH_ROW_LIMIT:
        _plain_table(rows, columns)
        return
    from rich.console import Console   # rich costs start-up time: only tables pay for it
    from rich.markup import escape
    from rich.table import Table

    table = Table(title=escape(localize(title)) if title else None, show_lines=False, header_style="bold",
                  expand=False)
    for index, ((key, _, get), header) in enumerate(zip(columns, _headers(columns))):
        if index == 0:
            # The first column names the row (an id, an agency): keep it readable in narrow terminals.
            longest = max((len(_cell(get(row) if get else row.get(key))) for row in rows), default=len(header))
            table.add_column(escape(header), overflow="fold", min_width=min(max(longest, len(header)), 28))
        else:
            table.add_column(escape(header), overflow="fold")
    for row in rows:
        # Card text is data, never Rich markup: "[link=file:///etc/passwd]" must print as it is.
        table.add_row(*(escape(_cell(get(row) if get else row.get(key))) for key, _, get in columns))
    # Piped into a file or a mail, nothing limits the width: do not squeeze or crop to 80 columns.
    wide = None if sys.stdout.isatty() or os.environ.get("COLUMNS") else 160
    Console(soft_wrap=False, width=wide).print(table)


def emit_one(row: dict[str, Any], fmt: str, fields: Sequence[tuple[str, str]]) -> None:
    """A single record: key/value lines for people, an object for scripts."""
    if fmt in ("json", "jsonl"):
        sys.stdout.write(dumps_json(row, indent=fmt == "json") + "\n")
        return
    labels = [printable(localize(label)) for _, label in fields]
    width = max(len(label) for label in labels)
    for (key, _), label in zip(fields, labels):
        value = row.get(key)
        if value in (None, "", []):
            continue
        click.echo(f"{label.ljust(width)}  {_cell(value)}")


CARD_COLUMNS: list[Column] = [
    ("id", "ID", None),
    ("status", "Status", lambda row: status_text(row.get("status"))),
    ("due", "Due", lambda row: (row.get("deadline") or {}).get("due")),
    ("time_text", "Time", lambda row: shorten(row.get("time_text") or "", 28)),
    ("lead", "Lead", lambda row: shorten("; ".join(row.get("lead") or []), 36)),
    ("content", "Content", lambda row: shorten(row.get("content") or "", 70)),
]
CARD_CSV_COLUMNS: list[Column] = [
    ("id", "id", None), ("plan", "plan", None), ("number", "number", None), ("section", "section", None),
    ("status", "status", None), ("due", "due", lambda row: (row.get("deadline") or {}).get("due")),
    ("deadline_kind", "deadline_kind", lambda row: (row.get("deadline") or {}).get("kind")),
    ("time_text", "time_text", None), ("lead", "lead", None), ("support", "support", None),
    ("content", "content", None), ("note", "note", None), ("updated_at", "updated_at", None),
]


class RecordsOf(Sequence[dict[str, Any]]):
    """The stored records of `ids`, read from the snapshot only when asked for (a sliced table
    reads its rows' plans, not every moved card's)."""

    def __init__(self, snapshot: Any, ids: Sequence[str]):
        self.snapshot, self.ids = snapshot, ids

    def __len__(self) -> int:
        return len(self.ids)

    @overload
    def __getitem__(self, index: int) -> dict[str, Any]: ...
    @overload
    def __getitem__(self, index: slice) -> list[dict[str, Any]]: ...

    def __getitem__(self, index: int | slice) -> dict[str, Any] | list[dict[str, Any]]:
        if isinstance(index, slice):
            return [self.snapshot.doc(card_id) for card_id in self.ids[index]]
        return self.snapshot.doc(self.ids[index])


def emit_cards(cards: Sequence[Card | dict[str, Any]], fmt: str, *, title: str | None = None,
               table_limit: int | None = None) -> None:
    """Cards (or their stored records) in `fmt`; with `table_limit` a people's table shows only that many."""
    shown = cards
    if fmt == "table" and table_limit is not None and len(cards) > table_limit:
        shown = cards[:table_limit]
    with no_gc():       # thousands of records read or built, all kept: collections would only walk them
        rows = [card if isinstance(card, dict) else card.to_dict() for card in shown]
    # After a change the table only confirms it: a plain grid, so the command does not pay rich's start-up.
    emit(rows, fmt, CARD_CSV_COLUMNS if fmt == "csv" else CARD_COLUMNS, title=title, plain=table_limit is not None)
    if len(shown) < len(cards):
        click.echo(localize(msg("… and {count} more (--format json|jsonl|csv lists them all).",
                                count=len(cards) - len(shown))), err=True)
