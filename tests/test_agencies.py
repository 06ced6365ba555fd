"""Agency splitter: every agency cell of the plans' tables, canonical names, collectives, fuzzing."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.agencies import (
    KNOWN_AGENCIES, AgencyCell, agency_key, canonical_agency, closest_agencies, is_collective, split_agencies,
)

SBN = "Các sở, ban, ngành tỉnh"          # the one canonical name of the provincial-departments collective
HTP = "UBND các huyện, thị xã, thành phố"

# Every distinct lead/support cell in the appendix tables: (cell, names, notes). Collectives checked below.
REAL_CELLS = [
    # Nam Định 55/KH-UBND
    ("Các sở, ban, ngành, UBND cấp huyện", [SBN, "UBND cấp huyện"], []),
    ("Sở Nội vụ", ["Sở Nội vụ"], []),
    ("Sở Nội vụ, các cơ quan liên quan", ["Sở Nội vụ", "Các cơ quan liên quan"], []),
    ("Sở Kế hoạch&Đầu tư", ["Sở Kế hoạch và Đầu tư"], []),
    ("Sở Thông tin và Truyền thông", ["Sở Thông tin và Truyền thông"], []),
    ("Sở Văn hóa, Thể thao và Du lịch", ["Sở Văn hóa, Thể thao và Du lịch"], []),
    ("Sở Khoa học&Công nghệ", ["Sở Khoa học và Công nghệ"], []),
    ("Các sở, ban, ngành, UBND cấp huyện, các đơn vị sự nghiệp và DN",
     [SBN, "UBND cấp huyện", "Các đơn vị sự nghiệp và doanh nghiệp"], []),
    ("Sở Y tế", ["Sở Y tế"], []),
    ("Các sở, ngành liên quan; UBND cấp huyện", ["Các sở, ngành liên quan", "UBND cấp huyện"], []),
    ("Sở Tài chính", ["Sở Tài chính"], []),
    # Sóc Trăng 09/KH-UBND
    ("Sở Tư pháp", ["Sở Tư pháp"], []),
    ("Sở, ban ngành tỉnh, UBND cấp huyện, xã", [SBN, "UBND cấp huyện", "UBND cấp xã"], []),
    ("Sở Nội vụ, Văn phòng, UBND tỉnh", ["Sở Nội vụ", "Văn phòng UBND tỉnh"], []),
    ("Văn phòng UBND tỉnh, Sở Tư pháp", ["Văn phòng UBND tỉnh", "Sở Tư pháp"], []),
    ("Sở, ban ngành tỉnh", [SBN], []),
    ("Sở, ban ngành tỉnh, UBND cấp huyện", [SBN, "UBND cấp huyện"], []),
    ("Sở Nội vụ, Văn phòng UBND tỉnh", ["Sở Nội vụ", "Văn phòng UBND tỉnh"], []),
    ("Sở Khoa học và Công nghệ (Thường trực Ban Chỉ đạo 144)", ["Sở Khoa học và Công nghệ"],
     ["Thường trực Ban Chỉ đạo 144"]),
    ("Sở, ban ngành tỉnh, UBND cấp huyện (theo phê duyệt của Chủ tịch UBND tỉnh)", [SBN, "UBND cấp huyện"],
     ["theo phê duyệt của Chủ tịch UBND tỉnh"]),
    ("Sở, ban ngành tỉnh, Văn phòng UBND các cấp", [SBN, "Văn phòng UBND các cấp"], []),
    ("Sở Giáo dục và Đào tạo", ["Sở Giáo dục và Đào tạo"], []),
    ("UBND cấp huyện", ["UBND cấp huyện"], []),
    ("Sở Giáo dục và Đào tạo; Sở Y tế; Sở Văn hóa, Thể thao và Du lịch; Sở Khoa học và Công nghệ; "
     "Sở Lao động - Thương binh và Xã hội; UBND cấp huyện",
     ["Sở Giáo dục và Đào tạo", "Sở Y tế", "Sở Văn hóa, Thể thao và Du lịch", "Sở Khoa học và Công nghệ",
      "Sở Lao động - Thương binh và Xã hội", "UBND cấp huyện"], []),
    ("Sở Nội vụ, Đài Phát thanh Truyền hình, Báo Sóc Trăng",
     ["Sở Nội vụ", "Đài Phát thanh và Truyền hình", "Báo Sóc Trăng"], []),
    ("Đài Phát thanh Truyền hình; Báo Sóc Trăng", ["Đài Phát thanh và Truyền hình", "Báo Sóc Trăng"], []),
    # Bình Định 4078/QĐ-UBND (page-broken rows joined by the importer, and the halves as printed)
    ("Các sở, ban ngành; UBND các huyện, thị xã, thành phố", [SBN, HTP], []),
    ("Các Sở, Ban ngành; UBND các huyện, thị xã, thành phố", [SBN, HTP], []),
    ("Sở Thông tin và Truyền thông; các cơ quan truyền thông",
     ["Sở Thông tin và Truyền thông", "Các cơ quan truyền thông"], []),
    ("Ban Tổ chức Tỉnh ủy", ["Ban Tổ chức Tỉnh ủy"], []),
    ("Sở Nội vụ; Ban Tổ chức Tỉnh ủy", ["Sở Nội vụ", "Ban Tổ chức Tỉnh ủy"], []),
    ("UBND các huyện, thị xã, thành phố", [HTP], []),
    ("Thanh tra tỉnh", ["Thanh tra tỉnh"], []),
    ("Các Sở, Ban ngành; UBND", [SBN, "UBND"], []),
    ("Sở Nội vụ; Ban Tổ chức", ["Sở Nội vụ", "Ban Tổ chức"], []),
    ("Tỉnh ủy", ["Tỉnh ủy"], []),
    ("các huyện, thị xã, thành phố", ["Các huyện, thị xã, thành phố"], []),
]

MORE_CELLS = [
    ("UBND cấp huyện, xã", ["UBND cấp huyện", "UBND cấp xã"], []),
    ("UBND cấp huyện; xã.", ["UBND cấp huyện", "UBND cấp xã"], []),
    ("Sở Lao động, Thương binh và Xã hội", ["Sở Lao động - Thương binh và Xã hội"], []),
    ("Các sở, ban, ngành", [SBN], []),
    ("Các sở, ban ngành, Sở Nội vụ", [SBN, "Sở Nội vụ"], []),
    ("Sở KH&ĐT, Sở TT&TT, VP UBND tỉnh.", ["Sở Kế hoạch và Đầu tư", "Sở Thông tin và Truyền thông",
                                         "Văn phòng UBND tỉnh"], []),
    ("Uỷ ban nhân dân tỉnh, Hội đồng nhân dân tỉnh", ["UBND tỉnh", "HĐND tỉnh"], []),
    ("Văn phòng Ủy ban nhân dân tỉnh", ["Văn phòng UBND tỉnh"], []),
    ("Sở Nội vụ và các cơ quan liên quan", ["Sở Nội vụ", "Các cơ quan liên quan"], []),
    ("Sở Kế hoạch và Đầu tư, Sở Tài chính", ["Sở Kế hoạch và Đầu tư", "Sở Tài chính"], []),
    ("sở nội vụ, SỞ NỘI VỤ; Sở Nội Vụ", ["Sở Nội vụ"], []),
    ("Đài Phát thanh và Truyền hình tỉnh, Báo An Giang", ["Đài Phát thanh và Truyền hình tỉnh", "Báo An Giang"], []),
    ("  Sở   Tư pháp ;  ; ", ["Sở Tư pháp"], []),
    ("Văn phòng, Sở Tư pháp", ["Văn phòng", "Sở Tư pháp"], []),
    ("", [], []),
]


@pytest.mark.parametrize("cell,names,notes", REAL_CELLS + MORE_CELLS, ids=[c for c, _, _ in REAL_CELLS + MORE_CELLS])
def test_cell_splits_exactly(cell, names, notes):
    result = split_agencies(cell)
    assert (result.names, result.notes) == (names, notes)
    assert result.collectives == [n for n in names if is_collective(n)]


COLLECTIVES = [SBN, "Các sở, ngành liên quan", "UBND cấp huyện", "UBND cấp xã", HTP, "Văn phòng UBND các cấp",
               "Các cơ quan liên quan", "Các cơ quan truyền thông", "Các đơn vị sự nghiệp và doanh nghiệp",
               "Các huyện, thị xã, thành phố", "Sở, ban ngành tỉnh", "các cơ quan liên quan"]
SINGLE = ["Sở Nội vụ", "Văn phòng UBND tỉnh", "UBND tỉnh", "HĐND tỉnh", "Sở Văn hóa, Thể thao và Du lịch",
          "Ban Tổ chức Tỉnh ủy", "Đài Phát thanh và Truyền hình", "Thanh tra tỉnh", "Báo Sóc Trăng"]


@pytest.mark.parametrize("name", COLLECTIVES)
def test_collectives_are_flagged(name):
    assert is_collective(name)


@pytest.mark.parametrize("name", SINGLE)
def test_single_agencies_are_not_collectives(name):
    assert not is_collective(name)


@pytest.mark.parametrize("variant", ["Các sở, ban, ngành", "Các sở, ban ngành", "Các Sở, Ban ngành", "Sở, ban ngành tỉnh",
                                     "Sở, ban, ngành tỉnh", "CÁC SỞ, BAN, NGÀNH", "Các sở, ban, ngành thuộc tỉnh"])
def test_provincial_departments_have_one_canonical_name(variant):
    assert canonical_agency(variant) == SBN


@pytest.mark.parametrize("variant,canonical", [
    ("Sở Kế hoạch&Đầu tư", "Sở Kế hoạch và Đầu tư"),
    ("Sở KH&ĐT", "Sở Kế hoạch và Đầu tư"),
    ("KH&ĐT", "Sở Kế hoạch và Đầu tư"),
    ("Sở Khoa học&Công nghệ", "Sở Khoa học và Công nghệ"),
    ("Sở TT&TT", "Sở Thông tin và Truyền thông"),
    ("VP UBND tỉnh", "Văn phòng UBND tỉnh"),
    ("VPUBND tỉnh", "Văn phòng UBND tỉnh"),
    ("Ủy ban nhân dân tỉnh", "UBND tỉnh"),
    ("Uỷ ban nhân dân cấp huyện", "UBND cấp huyện"),
    ("Ủyban nhân dân các huyện, thị xã, thành phố", HTP),          # scrape-glued, An Giang 2050
    ("UBND các huyện, thành phố", HTP),
    ("Hội đồng nhân dân tỉnh", "HĐND tỉnh"),
    ("Ban Tổ chức Tỉnh uỷ", "Ban Tổ chức Tỉnh ủy"),
    ("Sở Văn hoá, Thể thao và Du lịch", "Sở Văn hóa, Thể thao và Du lịch"),
    ("Đài PT-TH tỉnh", "Đài Phát thanh và Truyền hình tỉnh"),
    ("Sở Nội vụ.", "Sở Nội vụ"),
    ("các cơ quan liên quan", "Các cơ quan liên quan"),
    ("Sở Quy hoạch - Kiến trúc", "Sở Quy hoạch - Kiến trúc"),       # unknown names keep their spelling; "Quy" is not "Qúy"
])
def test_canonical_agency(variant, canonical):
    assert canonical_agency(variant) == canonical


def test_canonical_names_are_fixed_points_and_nfc():
    for name in KNOWN_AGENCIES:
        assert canonical_agency(name) == name
        assert unicodedata.normalize("NFC", name) == name
    assert canonical_agency(unicodedata.normalize("NFD", "Sở Nội vụ")) == "Sở Nội vụ"


def test_agency_key_ignores_case_and_diacritics():
    assert agency_key("so noi vu") == agency_key("SỞ NỘI VỤ") == agency_key("Sở Nội vụ") == "so noi vu"
    assert agency_key("Sở KH&ĐT") == agency_key("so ke hoach va dau tu")
    assert agency_key("Các Sở, Ban ngành") == agency_key("Sở, ban ngành tỉnh")


def test_closest_agencies():
    assert closest_agencies("noi vu", KNOWN_AGENCIES)[0] == "Sở Nội vụ"
    assert closest_agencies("SỞ TƯ PHÁP", KNOWN_AGENCIES) == ["Sở Tư pháp"]
    assert closest_agencies("Sở Tài chánh", KNOWN_AGENCIES)[0] == "Sở Tài chính"
    assert closest_agencies("so ke hoach dau tu", KNOWN_AGENCIES, n=1) == ["Sở Kế hoạch và Đầu tư"]
    assert closest_agencies("zzzz", KNOWN_AGENCIES) == []
    assert len(closest_agencies("Sở", KNOWN_AGENCIES, n=2)) == 2


def test_agency_cell_is_frozen():
    cell = split_agencies("Sở Nội vụ")
    with pytest.raises(AttributeError):
        cell.names = []  # type: ignore[misc]
    assert isinstance(cell, AgencyCell)


FRAGMENTS = ["Sở", "sở", "Các", "các", "ban", "ngành", "Ban ngành", "tỉnh", "UBND", "Ủy ban nhân dân", "Uỷ", "cấp",
             "huyện", "xã", "thị xã", "thành phố", "Văn phòng", "Nội vụ", "Kế hoạch&Đầu tư", "&", "và", ",", ";", "(",
             ")", ".", "-", " ", "liên quan", "Thường trực Ban Chỉ đạo 144", "HĐND", "KH&ĐT", "TT&TT", "VP", "Đài",
             "Phát thanh", "Truyền hình", "\u00a0", "\n", "Quý"]


def _assert_sane(cell):
    assert isinstance(cell, AgencyCell)
    assert len({agency_key(n) for n in cell.names}) == len(cell.names)          # no duplicates
    assert all(n and n == n.strip() and "  " not in n for n in cell.names)
    assert set(cell.collectives) <= set(cell.names)
    assert all(canonical_agency(n) == n for n in cell.names)                     # output is already canonical


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_never_raises_on_arbitrary_text(text):
    _assert_sane(split_agencies(text))
    agency_key(text), is_collective(text), closest_agencies(text, KNOWN_AGENCIES)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=12).map(" ".join))
def test_never_raises_on_vietnamese_fragments(text):
    _assert_sane(split_agencies(text))


def test_hostile_input():
    assert split_agencies(None) == AgencyCell()                                   # type: ignore[arg-type]
    assert split_agencies("Sở Nội vụ, " * 2000).names == ["Sở Nội vụ"]
    assert split_agencies("(((Sở Nội vụ").names == ["Sở Nội vụ"]


# --- the tone-mark normaliser never changes a word's letters (it once made "luật" "lụât") -------

import re
import unicodedata as _ud
from pathlib import Path as _Path

from tracker.agencies import _new_tone_style

_TONES = "\u0300\u0301\u0303\u0309\u0323"
_CORPUS = _Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"


def _letters_and_tones(word: str) -> tuple[str, list[str]]:
    decomposed = _ud.normalize("NFD", word)
    return "".join(ch for ch in decomposed if ch not in _TONES), sorted(ch for ch in decomposed if ch in _TONES)


def _corpus_words() -> set[str]:
    words: set[str] = set()
    for path in sorted(_CORPUS.glob("*.md")):
        words.update(re.findall(r"[^\W\d_]+", _ud.normalize("NFC", path.read_text(encoding="utf-8"))))
    return words


def test_tone_style_keeps_every_corpus_word_letter_for_letter() -> None:
    words = _corpus_words()
    assert len(words) > 3000
    moved = {}
    for word in words:
        new = _new_tone_style(word)
        assert _letters_and_tones(new) == _letters_and_tones(word), (word, new)
        if new != word:
            moved[word] = new
    # Only the old placement on oa/oe/uy moves, and those words exist in the corpus.
    assert all(_ud.normalize("NFD", w).lower().translate({ord(c): None for c in _TONES})[-2:] in ("oa", "oe", "uy")
               for w in moved), moved
    for word in ("luật", "Thuận", "tuệ", "quyết", "khuyến", "thuyết", "Luật"):
        assert _new_tone_style(word) == word


def test_tone_style_moves_the_old_placement() -> None:
    assert [_new_tone_style(w) for w in ("Uỷ", "hoá", "Thuý", "khoẻ", "Hoà")] == ["Ủy", "hóa", "Thúy", "khỏe", "Hòa"]


@pytest.mark.parametrize("cell, names", [
    ("- Bộ Khoa học và Công nghệ; - Các bộ, ngành liên quan và UBND các tỉnh/ thành phố.",
     ["Bộ Khoa học và Công nghệ", "Các bộ, ngành liên quan", "UBND các tỉnh/thành phố"]),
    ("UBND các xã, phường, đặc khu", ["UBND các xã, phường, đặc khu"]),
    ("Ủy ban Quốc phòng, An ninh và Đối ngoại", ["Ủy ban Quốc phòng, An ninh và Đối ngoại"]),
    ("UBND các tỉnh, thành phố", ["UBND các tỉnh, thành phố"]),
    ("Sở KH&CN, Sở TT&TT; Sở NN&MT", ["Sở Khoa học và Công nghệ", "Sở Thông tin và Truyền thông", "Sở Nông nghiệp và Môi trường"]),
    ("Bộ VHTTDL, Sở GD&ĐT", ["Bộ Văn hóa, Thể thao và Du lịch", "Sở Giáo dục và Đào tạo"]),
    ("Các cơ quan, địa phương liên quan", ["Các cơ quan, địa phương liên quan"]),
])
def test_collectives_with_commas_stay_whole_and_abbreviations_get_their_names(cell: str, names: list[str]) -> None:
    assert split_agencies(cell).names == names
