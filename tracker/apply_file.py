"""Read the rows of an `apply` file: CSV (, ; or tab) with a header (id,status[,note][,by][,date]) or JSON lines."""

from __future__ import annotations

import csv
import io

import orjson

from .errors import UsageError, joined
from .i18n import msg
from .services import ApplyRow
from .text import nfc

REQUIRED = ("id", "status")
OPTIONAL = ("note", "by", "date")   # date: the day it really happened (YYYY-MM-DD)


def decode(data: bytes, name: str) -> str:
    """UTF-8 with or without a BOM (Excel writes one); anything else is named, not guessed."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UsageError(msg("{name} is UTF-16 encoded.", name=name),
                         msg("Save it as UTF-8 (CSV UTF-8 in Excel) and run apply again."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UsageError(msg("{name} is not UTF-8 (byte {byte} cannot be decoded).", name=name, byte=exc.start),
                         msg("Save it as UTF-8 (CSV UTF-8 in Excel) and run apply again.")) from None
    if "\x00" in text:
        raise UsageError(msg("{name} is a binary file, not CSV or JSON lines.", name=name),
                         msg("Give a CSV or JSON lines file."))
    return nfc(text.replace("\r\n", "\n").replace("\r", "\n"))


def read_rows(data: bytes, name: str = "input") -> tuple[list[ApplyRow], list[str]]:
    """Parse every row; returns the rows and notices (skipped empty lines). Raises on a bad file."""
    text = decode(data, name)
    if not text.strip():
        raise UsageError(msg("{name} is empty.", name=name),
                         msg("Give a CSV with the header id,status[,note][,by][,date] or JSON lines."))
    first = next(line for line in text.split("\n") if line.strip())
    if first.lstrip().startswith("{"):
        return _json_lines(text, name)
    return _csv(text, name)


def _json_lines(text: str, name: str) -> tuple[list[ApplyRow], list[str]]:
    rows: list[ApplyRow] = []
    notices: list[str] = []      # messages (Msg), said in the run's language
    problems: list[str] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            if number < len(text.split("\n")):
                notices.append(msg("{name} line {line} is empty; skipped.", name=name, line=number))
            continue
        try:
            value = orjson.loads(line)
        except orjson.JSONDecodeError as exc:
            problems.append(msg("line {line}: not valid JSON ({detail}).", line=number, detail=exc))
            continue
        if not isinstance(value, dict):
            problems.append(msg('line {line}: expected an object like {{"id": …, "status": …}}.', line=number))
            continue
        missing = [key for key in REQUIRED if not str(value.get(key) or "").strip()]
        if missing:
            problems.append(msg("line {line}: missing {fields}.", line=number, fields=", ".join(missing)))
            continue
        rows.append(ApplyRow(line=number, id=str(value["id"]).strip(), status=str(value["status"]).strip(),
                             note=str(value.get("note") or ""), by=str(value.get("by") or ""),
                             on=str(value.get("date") or "")))
    _raise_if(problems, name)
    return rows, notices


def delimiter_of(header_line: str) -> str:
    """",", ";" (what Excel writes in a Vietnamese locale) or a tab: the one the header is split by."""
    counts = {sep: header_line.count(sep) for sep in (",", ";", "\t")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] else ","


def _csv(text: str, name: str) -> tuple[list[ApplyRow], list[str]]:
    lines = text.split("\n")
    delimiter = delimiter_of(next(line for line in lines if line.strip()))
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    rows: list[ApplyRow] = []
    notices: list[str] = []      # messages (Msg), said in the run's language
    problems: list[str] = []
    header: list[str] | None = None
    for record in reader:
        number = reader.line_num
        if not any(cell.strip() for cell in record):
            if number < len(lines) and header is not None:
                notices.append(msg("{name} line {line} is empty; skipped.", name=name, line=number))
            continue
        if header is None:
            header = [cell.strip().lower() for cell in record]
            unknown = [cell for cell in header if cell not in REQUIRED + OPTIONAL]
            if [cell for cell in header if cell in REQUIRED] != list(REQUIRED) or unknown or len(set(header)) != len(header):
                raise UsageError(
                    msg("{name} has the header {header}; expected id,status[,note][,by][,date].", name=name,
                        header=repr(delimiter.join(record))),
                    msg("Put the header id,status (optionally note, by and date) on the first line, separated by "
                        "commas, semicolons or tabs."))
            continue
        if len(record) > len(header):
            problems.append(msg("line {line}: {cells} cells but the header has {width} (quote cells that contain "
                                "commas).", line=number, cells=len(record), width=len(header)))
            continue
        values = dict(zip(header, (cell.strip() for cell in record)))
        missing = [key for key in REQUIRED if not values.get(key)]
        if missing:
            problems.append(msg("line {line}: missing {fields}.", line=number, fields=", ".join(missing)))
            continue
        rows.append(ApplyRow(line=number, id=values["id"], status=values["status"],
                             note=values.get("note", ""), by=values.get("by", ""), on=values.get("date", "")))
    if header is None:
        raise UsageError(msg("{name} has no header.", name=name),
                         msg("Put the header id,status[,note][,by][,date] on the first line."))
    _raise_if(problems, name)
    if delimiter == ";":
        notices.append(msg("{name} was read as CSV separated by semicolons.", name=name))
    elif delimiter != ",":
        notices.append(msg("{name} was read as CSV separated by tabs.", name=name))
    return rows, notices


def _raise_if(problems: list[str], name: str) -> None:
    if problems:
        raise UsageError(msg("{name}: {count} rows cannot be read; nothing was changed:\n  {problems}", name=name,
                             count=len(problems), problems=joined(problems, "\n  ")),
                         msg("Fix these rows and run apply again."))
