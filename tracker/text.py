"""Text helpers: NFC normalisation, Vietnamese folding for search, ASCII slugs."""

from __future__ import annotations

import re
import unicodedata

# đ/Đ are letters of their own, not a d with a combining mark, so NFD leaves them alone.
_SPECIAL_FOLD = str.maketrans({"đ": "d", "Đ": "d", "ð": "d", "Ð": "d"})
_SPACES = re.compile(r"\s+")
_NON_SLUG = re.compile(r"[^a-z0-9]+")


def nfc(text: str) -> str:
    """Return `text` in Unicode NFC (what every stored string is)."""
    return unicodedata.normalize("NFC", text)


def clean(text: str) -> str:
    """NFC, no-break spaces made plain, runs of whitespace collapsed, ends trimmed."""
    return _SPACES.sub(" ", nfc(text).replace("\xa0", " ").replace("\u200b", "")).strip()


def fold(text: str) -> str:
    """Fold for matching: lower case, no diacritics, đ → d, single spaces.

    "SỞ NỘI VỤ", "Sở Nội vụ" and "so noi vu" all fold to "so noi vu".
    """
    decomposed = unicodedata.normalize("NFD", text.translate(_SPECIAL_FOLD))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped.lower()).strip()


class _FoldTable(dict):
    """str.translate table folding one character to exactly one character, filled on demand."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        folded = " " if ch.isspace() else fold(ch)
        value = folded if len(folded) == 1 else "#"   # keep indexes aligned with the original
        self[code] = value
        return value


_FOLD_TABLE = _FoldTable()


def fold_aligned(text: str) -> str:
    """fold() character by character, so position i of the result is character i of `text`.

    Regexes then run on plain ASCII-ish text while matches still cut the original phrase.
    """
    return text.translate(_FOLD_TABLE)


def slug(text: str, max_length: int = 60) -> str:
    """An ASCII, lower-case, hyphenated name safe for ids and file names."""
    value = _NON_SLUG.sub("-", fold(text)).strip("-")
    return value[:max_length].rstrip("-") or "x"


def shorten(text: str, width: int) -> str:
    """Cut `text` to `width` characters, ending with an ellipsis when cut."""
    if len(text) <= width:
        return text
    if width <= 1:
        return text[:width]
    return text[: width - 1].rstrip() + "…"
