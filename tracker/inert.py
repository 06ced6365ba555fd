"""Text from documents and users made inert for each place it goes (DESIGN §8: hostile until escaped).

- `printable`: C0/C1 control characters and escape sequences removed (terminals, every store
  write), newlines kept only where asked (notes);
- `spreadsheet_cell`: the OWASP formula guard for CSV and xlsx cells ("=HYPERLINK(…)" stays text);
- `xml_safe`: characters XML 1.0 forbids dropped (docx/xlsx would refuse the whole file);
- `markdown_cell`: HTML escaped and pipes escaped, so a Markdown viewer shows the text;
- Rich/Textual markup is escaped where text meets them (`rich.markup.escape`, in the CLI and TUI).
"""

from __future__ import annotations

import re
from typing import Any

# ESC [ … final byte (CSI), ESC ] … BEL/ST (OSC: window titles, hyperlinks), other ESC pairs, then any
# remaining C0 (but tab and newline) and C1 character, and DEL.
_SEQUENCES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-_]?|\x9b[0-?]*[ -/]*[@-~]")
# Controls but tab and newline, DEL and C1, and the bidi overrides that reorder what a terminal shows.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def printable(text: str, *, newlines: bool = False) -> str:
    """`text` without escape sequences and control characters; tabs become spaces, newlines too unless kept."""
    if not text or text.isprintable():
        return text
    text = _SEQUENCES.sub("", text).replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return _CONTROLS.sub("", text if newlines else text.replace("\n", " "))


def spreadsheet_cell(value: Any) -> Any:
    """A value for a CSV or xlsx cell: numbers stay numbers, text that a spreadsheet would run gets a "'"."""
    if not isinstance(value, str):
        return value
    value = xml_safe(value)
    return "'" + value if value.startswith(_FORMULA_START) else value


def xml_safe(text: str) -> str:
    """`text` without the characters XML 1.0 cannot hold (a docx or xlsx with one is refused whole)."""
    return _XML_ILLEGAL.sub("", text) if text else text


def markdown_cell(text: str) -> str:
    """One Markdown table cell: single line, HTML escaped, pipes and backslashes escaped."""
    from html import escape

    value = " ".join(printable(str(text)).split())
    return escape(value, quote=False).replace("\\", "\\\\").replace("|", "\\|") or " "
