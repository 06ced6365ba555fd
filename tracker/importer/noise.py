"""Scrape noise from legal-document websites and editors, which must never reach a card."""

from __future__ import annotations

import re
from functools import lru_cache

from ..text import fold

# Whole lines that are page furniture, not plan text (folded; seen at the top of the Sóc Trăng
# scrape: "Hệ thống pháp luật", "Đang tải nội dung, vui lòng chờ giây lát...").
_NOISE_LINES = {
    "he thong phap luat", "dang tai noi dung, vui long cho giay lat...", "dang tai noi dung, vui long cho giay lat",
    "thu vien phap luat", "luat vietnam", "tai ve", "tai van ban", "in trang", "chia se", "dang nhap",
    "dang ky", "trang chu", "lien he", "tim kiem", "xem them", "van ban lien quan", "luoc do",
    "tieng anh", "thuoc tinh", "hieu luc", "bao loi", "ghi chu", "menu", "skip to content",
}
_NOISE_START = ("dang tai noi dung", "vui long cho giay lat", "ban dang xem", "ban phai dang nhap",
                "copyright", "© ", "ban quyen thuoc")
# Inline marks left by converters and reviewers: "~~▼~~", "✓", markdown bold "**" (Bình Định body),
# zero-width characters.
_INLINE = re.compile(r"~~[^~\n]{0,6}~~|[▼▲►◄✓✔✗✘■□◆◇●○•]|\*\*|__|[\u200b\u200c\u200d\ufeff]")


@lru_cache(maxsize=4096)
def is_noise_line(text: str) -> bool:
    if len(text) > 60:
        return False      # page furniture is short; plan sentences are not (and folding costs)
    key = fold(text).strip(" .:|*#")
    if not key:
        return False
    return key in _NOISE_LINES or key.rstrip(".") in _NOISE_LINES or key.startswith(_NOISE_START)


def strip_noise(text: str) -> str:
    """`text` without inline marks; whole noise lines become empty."""
    if "\n" in text:
        return "\n".join(strip_noise(part) for part in text.split("\n"))
    if is_noise_line(text):
        return ""
    return _INLINE.sub("", text)
