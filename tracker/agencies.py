"""Agency cells of plan tables split into canonical agency names, notes and collectives (DESIGN §6).

The canonical spellings and the variants that map to them are the `_CANONICAL` table below. Decisions:
"Các sở, ban, ngành", "Các Sở, Ban ngành", "Sở, ban ngành tỉnh" … all become "Các sở, ban, ngành tỉnh";
"Các sở, ngành liên quan" stays apart (only the relevant ones); "UBND các huyện, thị xã, thành phố" stays
apart from "UBND cấp huyện" (same bodies, but each plan's own wording is kept: one alias line merges them).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from .text import clean, fold, fold_aligned

__all__ = ["AgencyCell", "split_agencies", "canonical_agency", "is_collective", "agency_key",
           "KNOWN_AGENCIES", "closest_agencies"]


@dataclass(frozen=True)
class AgencyCell:
    """One lead/support cell: canonical names in order, parenthetical notes, and which names are collectives."""

    names: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    collectives: list[str] = field(default_factory=list)


# Canonical name → other spellings met in plans. Matched on a loose key (folded, no punctuation),
# so "Các sở, ban, ngành", "Các Sở, Ban ngành" and "Sở, ban ngành tỉnh" meet in one entry.
_CANONICAL: dict[str, tuple[str, ...]] = {
    "Sở Nội vụ": ("SNV", "Sở NV"),
    "Sở Tư pháp": ("STP",),
    "Sở Tài chính": ("STC",),
    "Sở Kế hoạch và Đầu tư": ("Sở KH&ĐT", "Sở KHĐT", "Sở Kế hoạch đầu tư", "Sở Kế hoạch - Đầu tư", "KH&ĐT", "Sở KH-ĐT"),
    "Sở Thông tin và Truyền thông": ("Sở TT&TT", "Sở TTTT", "TT&TT", "Sở Thông tin - Truyền thông"),
    "Sở Văn hóa, Thể thao và Du lịch": ("Sở VH,TT&DL", "Sở VHTTDL", "Sở VH-TT&DL", "Sở Văn hóa - Thể thao và Du lịch"),
    "Sở Khoa học và Công nghệ": ("Sở KH&CN", "Sở KHCN", "Sở Khoa học - Công nghệ"),
    "Sở Giáo dục và Đào tạo": ("Sở GD&ĐT", "Sở GDĐT"),
    "Sở Lao động - Thương binh và Xã hội": ("Sở LĐ-TB&XH", "Sở LĐTBXH", "Sở LĐTB&XH"),
    "Sở Y tế": (),
    "Sở Nông nghiệp và Môi trường": ("Sở NN&MT", "Sở NNMT", "Sở NN và MT"),
    "Sở Nông nghiệp và Phát triển nông thôn": ("Sở NN&PTNT", "Sở NNPTNT"),
    "Sở Tài nguyên và Môi trường": ("Sở TN&MT", "Sở TNMT"),
    "Sở Giao thông vận tải": ("Sở GTVT",),
    "Sở Xây dựng": ("Sở XD",),
    "Sở Công Thương": ("Sở CT",),
    "Sở Dân tộc và Tôn giáo": ("Sở DT&TG",),
    "Công an tỉnh": ("CA tỉnh",),
    "Bộ Chỉ huy Quân sự tỉnh": ("Bộ CHQS tỉnh",),
    "Bộ Văn hóa, Thể thao và Du lịch": ("Bộ VHTTDL", "Bộ VH,TT&DL", "Bộ VH-TT&DL"),
    "Bộ Khoa học và Công nghệ": ("Bộ KH&CN", "Bộ KHCN"),
    "Bộ Nông nghiệp và Môi trường": ("Bộ NN&MT", "Bộ NNMT"),
    "Bộ Giáo dục và Đào tạo": ("Bộ GD&ĐT", "Bộ GDĐT"),
    "Bộ Thông tin và Truyền thông": ("Bộ TT&TT", "Bộ TTTT"),
    "Văn phòng UBND tỉnh": ("VP UBND tỉnh", "VPUBND tỉnh", "VP. UBND tỉnh", "Văn phòng UBND"),
    "UBND tỉnh": (),
    "HĐND tỉnh": (),
    "Thanh tra tỉnh": (),
    "Ban Tổ chức Tỉnh ủy": ("BTC Tỉnh ủy",),
    "Đài Phát thanh và Truyền hình": ("Đài PTTH", "Đài PT-TH", "Đài PT và TH", "Đài PT&TH"),
    "Báo Sóc Trăng": (),
    "Bộ Nội vụ": (),
    "Bộ Tài chính": (), "Bộ Công an": (), "Bộ Xây dựng": (), "Bộ Y tế": (), "Bộ Tư pháp": (), "Bộ Ngoại giao": (),
    "Bộ Quốc phòng": (), "Bộ Công Thương": (), "Bộ Dân tộc và Tôn giáo": (), "Văn phòng Chính phủ": (),
    "Ngân hàng Nhà nước Việt Nam": (),
    "Báo An Giang": (),
    "Báo Nam Định": (),
    "Cổng thông tin điện tử tỉnh": (),
    # collectives
    "Các sở, ban, ngành tỉnh": ("Các sở, ban, ngành", "Các sở, ban ngành", "Các Sở, Ban ngành", "Sở, ban ngành tỉnh",
                                "Sở, ban, ngành tỉnh", "Sở, ban ngành", "Các sở, ban, ngành thuộc tỉnh"),
    "Các sở, ngành liên quan": ("Các sở, ngành có liên quan", "Sở, ngành liên quan"),
    "Các bộ, ngành liên quan": ("Các bộ, ngành có liên quan", "Bộ, ngành liên quan", "Các bộ ngành liên quan"),
    "Các bộ, ngành": ("Các bộ ngành", "Bộ, ngành"),
    "UBND các xã, phường, đặc khu": ("UBND xã, phường, đặc khu",),
    "UBND cấp huyện": (),
    "UBND cấp xã": (),
    "UBND các huyện, thị xã, thành phố": ("UBND các huyện, thành phố", "UBND huyện, thị xã, thành phố",
                                          "UBND các huyện, thị xã, TP", "UBND các huyện, TX, TP"),
    "Văn phòng UBND các cấp": (),
    "Các cơ quan liên quan": ("Các cơ quan có liên quan",),
    "Các cơ quan, đơn vị liên quan": ("Các cơ quan, đơn vị có liên quan",),
    "Các cơ quan truyền thông": (),
    "Các đơn vị sự nghiệp và doanh nghiệp": ("Các đơn vị sự nghiệp và DN",),
}

# The names the board's picker offers: every canonical name met in the five plans' tables and bodies.
KNOWN_AGENCIES: tuple[str, ...] = tuple(_CANONICAL)

# Collectives whose own text holds commas: never split inside them (DESIGN §6). On folded text.
_PROTECTED = [
    # "Các sở, ban, ngành", "Các Sở, Ban ngành", "Sở, ban ngành tỉnh" (Sóc Trăng 09)
    re.compile(r"\b(?:cac\s+)?so\s*,?\s*ban\s*,?\s*nganh(?:\s+(?:thuoc\s+)?tinh\b)?"),
    # "Các sở, ngành liên quan; UBND cấp huyện" (Nam Định 55, row 20)
    re.compile(r"\b(?:cac\s+)?so\s*,?\s*nganh(?:\s+(?:tinh|(?:co\s+)?lien\s+quan)\b)?"),
    # "UBND các huyện, thị xã, thành phố" (Bình Định 4078), "UBND các huyện, thành phố" (Nam Định 55)
    re.compile(r"\b(?:(?:ubnd|uy\s*ban\s+nhan\s+dan)\s+)?(?:cac\s+)?huyen\s*,?\s*(?:(?:thi\s+xa|tx)\s*,?\s*)?(?:thanh\s+pho|tp)\b"),
    # "Sở Văn hóa, Thể thao và Du lịch" (Nam Định 55, row 18), "Sở VH,TT&DL"
    re.compile(r"\bvan\s+hoa\s*[,-]?\s*the\s+thao\s*(?:va|&)\s*du\s+lich\b|\bvh\s*[,-]\s*tt\s*&\s*dl\b"),
    # "Sở Lao động - Thương binh và Xã hội" (Sóc Trăng 09), "Sở Lao động, Thương binh và Xã hội" (An Giang 930)
    re.compile(r"\blao\s+dong\s*[,-]?\s*thuong\s+binh\s*(?:va|&)\s*xa\s+hoi\b"),
    # "các cơ quan, đơn vị có liên quan"
    re.compile(r"\b(?:cac\s+)?co\s+quan\s*,\s*don\s+vi(?:\s+(?:co\s+)?lien\s+quan)?\b"),
    # "Các bộ, ngành liên quan" (QĐ 2530/QĐ-TTg, PL I), "các bộ, ngành Trung ương"
    re.compile(r"\b(?:cac\s+)?bo\s*,\s*nganh(?:\s+(?:(?:co\s+)?lien\s+quan|trung\s+uong))?\b"),
    # "UBND các xã, phường, đặc khu" (2025 plans), "xã, phường, thị trấn"
    re.compile(r"\b(?:cac\s+)?xa\s*,\s*phuong(?:\s*,\s*(?:dac\s+khu|thi\s+tran))?\b"),
    # "UBND các tỉnh, thành phố (trực thuộc Trung ương)"
    re.compile(r"\b(?:cac\s+)?tinh\s*,\s*thanh\s+pho(?:\s+truc\s+thuoc\s+trung\s+uong)?\b"),
    # "Ủy ban Quốc phòng, An ninh và Đối ngoại" (NQ 92/2025/UBTVQH15)
    re.compile(r"\bquoc\s+phong\s*,\s*an\s+ninh(?:\s+va\s+doi\s+ngoai)?\b"),
]
# After a comma these words continue a name, never start one: "Các sở, ban, ngành", "…, đặc khu".
_CONTINUES = re.compile(r"\s*(?:ban|nganh|phuong|thi\s+xa|thi\s+tran|dac\s+khu|dia\s+phuong|doan\s+the)\b")
_LEVEL_BEFORE = re.compile(r"cap\s+(?:huyen|tinh|xa)\s*$")
# "Sở Nội vụ và các cơ quan liên quan": "và" joins two agencies only before a word that starts one
_AND = re.compile(r"\s+va\s+(?=(?:so|ubnd|uy\s*ban|van\s+phong|ban|bo|dai|bao|thanh\s+tra|cong\s+an|cac"
                  r"|cap\s+(?:xa|huyen|tinh))\b)")
# "UBND cấp huyện, xã" (Sóc Trăng 09): a bare level after "UBND cấp …" is another UBND
_LEVEL = re.compile(r"(?:cap\s+)?(xa|huyen|tinh)")
# "Sở Nội vụ, Văn phòng, UBND tỉnh" (Sóc Trăng 09, I.2): the scrape's comma inside "Văn phòng UBND tỉnh"
_OFFICE = "van phong"

# spellings rewritten inside any name, on folded text: "Ủy ban nhân dân tỉnh" → "UBND tỉnh"
_REWRITES = [
    (re.compile(r"\buy\s*ban\s+nhan\s+dan\b"), "UBND"),                     # "Ủy ban nhân dân", "Ủyban nhân dân"
    (re.compile(r"\b(?:vp\s*\.?\s*ubnd|vpubnd)\b"), "Văn phòng UBND"),      # "VP UBND tỉnh", "VPUBND tỉnh"
    (re.compile(r"\bubnd\b"), "UBND"),                                      # "Ubnd tỉnh"
    (re.compile(r"\bhoi\s+dong\s+nhan\s+dan\b|\bhdnd\b"), "HĐND"),          # "Hội đồng nhân dân tỉnh"
    (re.compile(r"\bdai\s+(?:phat\s+thanh|pt)\s*(?:-|va|&)?\s*(?:truyen\s+hinh|th)\b|\bdai\s+ptth\b"),
     "Đài Phát thanh và Truyền hình"),                                      # "Đài Phát thanh Truyền hình"
]
_PAREN = re.compile(r"\(([^()]*)\)")
_SEPARATOR = re.compile(r"[;,]")
# Old-style tone placement on the last vowel of "oa", "oe", "uy" closing a syllable ("hoá", "Uỷ").
# Only a bare vowel with a tone mark counts: in "luật", "Thuận", "tuệ" the vowel also carries a
# circumflex (NFD: a + dot below + circumflex), and moving the tone there corrupted the word.
_OLD_TONE = re.compile(r"(?<![qQ])([oOuU])([aAeEyY])([\u0300\u0301\u0309\u0303\u0323])(?![\u0300-\u036f\w])")
_LOOSE = re.compile(r"[^a-z0-9 ]+")


def _new_tone_style(text: str) -> str:
    """"Uỷ" → "Ủy", "hoá" → "hóa": one tone placement, so one spelling per name."""
    decomposed = unicodedata.normalize("NFD", text)
    moved = _OLD_TONE.sub(lambda m: m.group(1) + m.group(3) + m.group(2), decomposed)
    return unicodedata.normalize("NFC", moved)


def _rewrite(text: str) -> str:
    for pattern, replacement in _REWRITES:
        folded = fold_aligned(text)
        parts, last = [], 0
        for m in pattern.finditer(folded):
            parts += [text[last:m.start()], replacement]
            last = m.end()
        text = "".join(parts) + text[last:]
    return text


def _prepare(name: str) -> str:
    """Spelling fixes shared by lookups and output: whitespace, tone marks, "&" → "và", abbreviations."""
    text = _new_tone_style(clean(name)).strip(" -–•*+.;,:")
    text = re.sub(r"\s*&\s*", " và ", text)
    text = re.sub(r"\s*/\s*", "/", text)             # "UBND các tỉnh/ thành phố" as "tỉnh/thành phố"
    return re.sub(r"\s+", " ", _rewrite(text)).strip()


def _loose_key(text: str) -> str:
    return " ".join(_LOOSE.sub(" ", fold(text)).split())


_ALIASES = {_loose_key(_prepare(variant)): canonical
            for canonical, variants in _CANONICAL.items() for variant in (canonical, *variants)}


def canonical_agency(name: str) -> str:
    """The one spelling of an agency: "Sở Kế hoạch&Đầu tư" → "Sở Kế hoạch và Đầu tư"."""
    try:
        text = _prepare(name if isinstance(name, str) else "")
    except Exception:  # never stop an import on a name; keep it readable instead
        return clean(str(name))
    known = _ALIASES.get(_loose_key(text))
    if known:
        return known
    return text[:1].upper() + text[1:]


def agency_key(name: str) -> str:
    """Case- and diacritic-free key: "so noi vu", "SỞ NỘI VỤ" and "Sở Nội vụ" all give "so noi vu"."""
    return fold(canonical_agency(name))


def is_collective(name: str) -> bool:
    """True for a group rather than one office: "Các sở, ban, ngành tỉnh", "UBND cấp huyện", "… liên quan"."""
    key = _loose_key(canonical_agency(name))
    return (key.startswith(("cac ", "so ban nganh", "so nganh", "bo nganh", "ubnd cap huyen", "ubnd cap xa",
                            "ubnd cac ", "ubnd huyen thi xa")) or key.endswith("cac cap") or key.endswith("lien quan"))


def split_agencies(cell: str) -> AgencyCell:
    """Split one agency cell (DESIGN §6). Never raises; unreadable input gives an empty cell."""
    try:
        names, notes, collectives = _split_cached(cell if isinstance(cell, str) else "")
    except Exception:  # the importer reports the raw cell text; an empty split must not stop it
        return AgencyCell()
    # Fresh lists each time: cards must never share (and so co-edit) one list object.
    return AgencyCell(names=list(names), notes=list(notes), collectives=list(collectives))


@lru_cache(maxsize=4096)
def _split_cached(cell: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    # Plans repeat the same agency cells row after row ("Sở Nội vụ", "Các sở, ban, ngành"…).
    result = _split(cell)
    return tuple(result.names), tuple(result.notes), tuple(result.collectives)


def _split(cell: str) -> AgencyCell:
    text = clean(cell)
    notes = [clean(n) for n in _PAREN.findall(text) if clean(n)]
    text = _PAREN.sub(" ", text).replace("(", " ").replace(")", " ")
    folded = fold_aligned(text)
    protected = [(m.start(), m.end()) for p in _PROTECTED for m in p.finditer(folded)]
    cuts = [(m.start(), m.end()) for m in _SEPARATOR.finditer(folded)
            if not any(lo <= m.start() < hi for lo, hi in protected)
            and not (m.group(0) == "," and _CONTINUES.match(folded, m.end())
                     and not _LEVEL_BEFORE.search(folded, 0, m.start()))]
    cuts += [(m.start(), m.end()) for m in _AND.finditer(folded)
             if not any(lo <= m.start() < hi for lo, hi in protected)]
    pieces, last = [], 0
    for lo, hi in sorted(cuts):
        pieces.append(text[last:lo])
        last = hi
    pieces.append(text[last:])
    names: list[str] = []
    keys: set[str] = set()
    pending_office = False
    for piece in (p.strip(" -–•*+.;,:") for p in pieces):
        if not piece:
            continue
        loose = _loose_key(piece)
        if loose == _OFFICE:            # "Văn phòng" cut off from the "UBND tỉnh" that follows
            pending_office = True
            continue
        if pending_office:
            if loose.startswith("ubnd"):
                piece = "Văn phòng " + piece
            elif "van phong" not in keys:
                keys.add("van phong")
                names.append("Văn phòng")
            pending_office = False
        level = _LEVEL.fullmatch(loose)
        if level and names and names[-1].startswith("UBND cấp "):
            piece = "UBND cấp " + {"xa": "xã", "huyen": "huyện", "tinh": "tỉnh"}[level.group(1)]
        name = canonical_agency(piece)
        key = fold(name)
        if name and key not in keys:
            keys.add(key)
            names.append(name)
    if pending_office and "van phong" not in keys:
        names.append("Văn phòng")
    return AgencyCell(names=names, notes=notes, collectives=[n for n in names if is_collective(n)])


def closest_agencies(name: str, candidates=KNOWN_AGENCIES, n: int = 3) -> list[str]:
    """Up to `n` candidates closest to `name` (folded): exact, then containing it, then difflib-similar."""
    try:
        query = agency_key(name)
        by_key: dict[str, str] = {}
        for candidate in candidates:
            by_key.setdefault(fold(candidate), candidate)
        found = [k for k in by_key if k == query]
        if found:
            return [by_key[found[0]]]     # the name itself: nothing closer to suggest
        found += [k for k in by_key if query and query in k and k not in found]
        found += [k for k in difflib.get_close_matches(query, list(by_key), n=n + len(found), cutoff=0.6)
                  if k not in found]
        return [by_key[k] for k in found[:max(n, 0)]]
    except Exception:  # a suggestion list is a nicety; never fail a command over it
        return []
