"""Row numbers as printed in plans: Roman sections, arabic groups, lettered tasks, and their ids."""

from __future__ import annotations

import re

from ..text import fold

# "I", "IV", "XII" (section rows of Sóc Trăng: "I ⏎ CẢI CÁCH THỂ CHẾ").
_ROMAN = re.compile(r"^(?=[IVXLC])(C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")
# "1", "13", "1.2" (Nam Định "1.1." in the body), with an optional closing "." or ")".
_DIGITS = re.compile(r"^\d{1,5}(\.\d{1,3})*$")
# Vietnamese letters used for items: a b c d đ e g h i k l m n o p q r s t u v x y (and f, j, w in some plans).
_LETTER = re.compile(r"^[a-zđ]$")
_UPPER = re.compile(r"^[A-ZĐ]$")
_VI_LETTERS = "abcdđeghiklmnopqrstuvxy"


def tidy(number: str) -> str:
    """The number cell without spaces, trailing "." or ")" and wrapping parentheses: "2." → "2", "(a)" → "a"."""
    value = "".join(number.split())
    value = value.strip("()").rstrip(".)").lstrip("(")
    return value


def kind_of(number: str) -> str:
    """`roman`, `digit`, `letter`, `upper`, `empty` or `other` for a tidied number."""
    if not number:
        return "empty"
    if _ROMAN.match(number):
        return "roman"
    if _DIGITS.match(number):
        return "digit"
    if _LETTER.match(number):
        return "letter"
    if _UPPER.match(number):
        return "upper"
    return "other"


def roman_value(number: str) -> int:
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
    total = 0
    for char, following in zip(number, number[1:] + " "):
        value = values[char]
        total += -value if following in values and values[following] > value else value
    return total


def next_numbers(number: str) -> set[str]:
    """Numbers that may follow `number` at the same level (both Vietnamese and Latin letter orders)."""
    kind = kind_of(number)
    if kind == "digit":
        head, _, last = number.rpartition(".")
        return {f"{head}.{int(last) + 1}" if head else str(int(last) + 1)}
    if kind == "letter":
        found = set()
        if number in _VI_LETTERS and number != _VI_LETTERS[-1]:
            found.add(_VI_LETTERS[_VI_LETTERS.index(number) + 1])
        if number != "đ" and number != "z":
            found.add(chr(ord(number) + 1))
        if number == "d":
            found.add("đ")
        return found
    if kind == "roman":
        return {to_roman(roman_value(number) + 1)}
    if kind == "upper" and number not in ("Z", "Đ"):
        return {chr(ord(number) + 1)}
    return set()


def to_roman(value: int) -> str:
    out = ""
    for arabic, letters in ((100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"),
                            (5, "V"), (4, "IV"), (1, "I")):
        while value >= arabic:
            out += letters
            value -= arabic
    return out


def id_part(number: str) -> str:
    """ASCII form of one number part for card ids: "đ" → "dd", "I" stays "I", others folded."""
    value = number.replace("đ", "dd").replace("Đ", "DD")
    value = "".join(ch for ch in fold(value) if ch.isalnum() or ch in ".-") if not value.isascii() else value
    value = re.sub(r"[^A-Za-z0-9.-]+", "-", value).strip("-")
    return value or "x"


# "1. Năm 2013", "a) Triển khai …", "đ) Chỉ đạo …", "IV. LỘ TRÌNH …" — numbered lines in a plan body.
BODY_ROMAN = re.compile(r"^\s*([IVX]{1,5})\s*[.:)]\s*(.*)$")
BODY_DIGIT = re.compile(r"^\s*(\d{1,2})\s*[.)]\s*(?!\d)(.*)$")
BODY_LETTER = re.compile(r"^\s*([a-zđ])\s*\)\s*(.*)$")
BODY_BULLET = re.compile(r"^\s*[-–—+•*]\s+(.*)$")
