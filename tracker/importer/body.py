"""Plans without an appendix table: numbered headings and lettered items in the body text."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..i18n import msg
from ..text import clean, fold
from .document import Document, Line
from .noise import is_noise_line, strip_noise
from .document import LineWarning
from .numbering import BODY_BULLET, BODY_DIGIT, BODY_LETTER, BODY_ROMAN
from .rows import TaskRow


@dataclass
class Item:
    """A lettered item ("a) …") with the bullets and paragraphs under it."""

    letter: str
    text: str
    line: int
    more: list[str] = field(default_factory=list)

    @property
    def content(self) -> str:
        return clean(" ".join([self.text, *self.more]))


@dataclass
class Heading:
    """A numbered heading ("1. Năm 2013", "2. Cải cách thủ tục hành chính:") and its items."""

    number: str
    title: str
    line: int
    items: list[Item] = field(default_factory=list)
    more: list[str] = field(default_factory=list)     # text under the heading before any item


def body_lines(doc: Document) -> list[Line]:
    out = []
    for line in doc.lines:
        if not line.text.strip() or is_noise_line(line.text):
            continue
        text = clean(strip_noise(line.text))
        if text:
            out.append(Line(text, line.number))
    return out


def roman_sections(lines: list[Line]) -> list[tuple[int, str, str]]:
    """(index, numeral, folded title) of every "IV. LỘ TRÌNH …" heading line."""
    found = []
    for index, line in enumerate(lines):
        match = BODY_ROMAN.match(line.text)
        if match and match.group(2) and len(match.group(2)) < 200:
            found.append((index, match.group(1), fold(match.group(2)).strip(" :.")))
    return found


def section_span(lines: list[Line], predicate) -> tuple[int, int, int] | None:
    """(heading index, first line, end) of the first Roman section whose folded title satisfies `predicate`."""
    headings = roman_sections(lines)
    for position, (index, _numeral, title) in enumerate(headings):
        if predicate(title):
            end = headings[position + 1][0] if position + 1 < len(headings) else len(lines)
            return index, index + 1, end
    return None


def headings_in(lines: list[Line], start: int, end: int) -> list[Heading]:
    """Numbered headings with their lettered items, bullets and loose paragraphs, in order."""
    headings: list[Heading] = []
    for line in lines[start:end]:
        digit = BODY_DIGIT.match(line.text)
        letter = BODY_LETTER.match(line.text)
        if digit and not letter:
            headings.append(Heading(digit.group(1), digit.group(2).strip(), line.number))
            continue
        if not headings:
            continue
        current = headings[-1]
        if letter:
            current.items.append(Item(letter.group(1), letter.group(2).strip(), line.number))
            continue
        bullet = BODY_BULLET.match(line.text)
        text = f"- {bullet.group(1)}" if bullet else line.text
        if current.items:
            current.items[-1].more.append(text)
        else:
            current.more.append(text)
    return headings


# "Sở Tư pháp chủ trì, phối hợp với …", "Giao Sở Nội vụ chủ trì …": the item names its own lead.
_LEAD = re.compile(
    r"((?:Sở|Văn phòng|Thanh tra|Công an|Bộ Chỉ huy|Đài|Báo|Kho bạc|Cục|Chi cục|UBND|Ủy ban nhân dân|Uỷ ban nhân dân"
    r"|Ban(?=\s+[A-ZĐ]))(?:\s+[^\s,;:.()]+){0,8}?)\s+(?:là cơ quan\s+)?chủ trì")


def named_lead(text: str) -> str:
    """The agency an item names as its lead ("Sở X chủ trì …"), or ""."""
    match = _LEAD.search(text)
    return clean(match.group(1)) if match else ""


def item_rows(heading: Heading, title: str, warnings: list[LineWarning], *, section: str, time_text: str = ""):
    """The lettered items of a heading as inferred TaskRows ("1.a", "1.đ"); text before the first item is reported."""
    if heading.more:
        warnings.append(LineWarning(heading.line, msg("text under '{title}' before its first item was not imported: "
                                                      "{text}", title=title, text=" ".join(heading.more)[:80])))
    return [TaskRow([heading.number, item.letter], item.content, item.line, section=section, time_text=time_text,
                    lead_text=named_lead(item.content), inferred=True) for item in heading.items]
