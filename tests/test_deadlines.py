"""Deadline parser: every time cell of the five plans and the variants of DESIGN §5, plus fuzzing."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.deadline_dates import describe, next_due, occurrences
from tracker.deadlines import parse_deadline, parse_period
from tracker.model import DEADLINE_KINDS, Deadline

# An Giang 2050/QĐ-UBND: "Từ tháng 8 năm 2013 đến tháng 10 năm 2015".
PERIOD = {"period_start": date(2013, 8, 1), "period_end": date(2015, 10, 31)}


def q(quarter, due, **extra):
    return {"kind": "quarter", "due": due, "quarter": quarter, **extra}


def year(due, **extra):
    return {"kind": "year", "due": due, **extra}


def yearly(due, **extra):
    return {"kind": "recurring", "due": due, "freq": "yearly", "start": "2013-08-01", "until": "2015-10-31", **extra}


# Every distinct time cell in the appendix tables (and dated phrases in the bodies) of the five plans.
REAL_PHRASES = [
    # Nam Định 55/KH-UBND
    ("Quý IV hàng năm", yearly("2013-12-31", quarter=4)),
    ("Quý IV năm 2013", q(4, "2013-12-31")),
    ("Quý I năm 2015", q(1, "2015-03-31")),
    ("Quý I năm 2014", q(1, "2014-03-31")),
    ("Trình HĐND tỉnh vào quý IV năm 2013", q(4, "2013-12-31", qualifier="Trình HĐND tỉnh vào")),
    ("Quý II năm 2014", q(2, "2014-06-30")),
    ("Quý I/2014 thực hiện thí điểm Quý I/2015 thực hiện tất cả các đơn vị",
     {"kind": "multi", "due": "2015-03-31", "parts": [
         q(1, "2014-03-31", text="Quý I/2014 thực hiện thí điểm"),
         q(1, "2015-03-31", text="Quý I/2015 thực hiện tất cả các đơn vị")]}),
    ("Thường xuyên", {"kind": "ongoing", "due": None}),
    ("Kế hoạch hàng năm", yearly("2013-12-31", qualifier="Kế hoạch")),
    ("Quý III năm 2013", q(3, "2013-09-30")),
    # Sóc Trăng 09/KH-UBND
    ("Hàng năm", yearly("2013-12-31")),
    ("Năm 2013", year("2013-12-31")),
    ("Quý I, II năm 2012", {"kind": "multi", "due": "2012-06-30", "parts": [
        q(1, "2012-03-31", text="Quý I năm 2012"), q(2, "2012-06-30", text="Quý II năm 2012")]}),
    ("Quý I năm 2012", q(1, "2012-03-31")),
    ("Quý II năm 2012", q(2, "2012-06-30")),
    ("Năm 2012", year("2012-12-31")),
    ("2012, 2015", {"kind": "multi", "due": "2015-12-31", "parts": [
        year("2012-12-31", text="2012"), year("2015-12-31", text="2015")]}),
    ("2013", year("2013-12-31")),
    ("Năm 2012 - 2015", {"kind": "range", "due": "2015-12-31", "start": "2012-01-01"}),
    # Bình Định 4078/QĐ-UBND
    ("Quý III/2014", q(3, "2014-09-30")),
    ("Quý IV/2014", q(4, "2014-12-31")),
    ("Tháng 12 năm 2013", {"kind": "month", "due": "2013-12-31", "month": 12}),
    ("Năm 2014", year("2014-12-31")),
    ("Quý I/2014", q(1, "2014-03-31")),
    ("Năm 2015", year("2015-12-31")),
    ("Sau khi có hướng dẫn của Bộ Nội vụ",
     {"kind": "conditional", "due": None, "text": "Sau khi có hướng dẫn của Bộ Nội vụ"}),
    ("Theo quy định của Chính phủ", {"kind": "conditional", "due": None, "text": "Theo quy định của Chính phủ"}),
    ("Tháng 12/2013", {"kind": "month", "due": "2013-12-31", "month": 12}),
    # body text: Bình Định 4078 §III.2.e, An Giang 2050 §V.2.e
    ("trước ngày 01 tháng 3 năm 2014", {"kind": "date", "due": "2014-03-01"}),
    ("trước ngày 01 tháng 12 hàng năm", yearly("2013-12-01", month=12, day=1)),
    ("trước ngày 25 tháng 11", yearly("2013-11-25", month=11, day=25,
                                      warning="no year in 'trước ngày 25 tháng 11'; treated as every year")),
]

VARIANTS = [
    ("Quý IV/2013", q(4, "2013-12-31")),
    ("Quí IV-2025", q(4, "2025-12-31")),
    ("quý 4 năm 2013", q(4, "2013-12-31")),
    ("Q4/2014", q(4, "2014-12-31")),
    ("QUÝ IV NĂM 2013", q(4, "2013-12-31")),
    ("Hoàn thành trong quý II/2014", q(2, "2014-06-30")),
    ("Tháng 2/2016", {"kind": "month", "due": "2016-02-29", "month": 2}),
    ("Trước ngày 30/11/2025", {"kind": "date", "due": "2025-11-30"}),
    ("Quý IV/2025 - Quý II/2026", {"kind": "range", "due": "2026-06-30", "start": "2025-10-01"}),
    ("Quý III-IV/2014", {"kind": "range", "due": "2014-12-31", "start": "2014-07-01"}),
    ("2014 - 2015", {"kind": "range", "due": "2015-12-31", "start": "2014-01-01"}),
    ("Từ tháng 8 đến tháng 10 năm 2015", {"kind": "range", "due": "2015-10-31", "start": "2015-08-01"}),
    ("6 tháng đầu năm 2014", {"kind": "range", "due": "2014-06-30", "start": "2014-01-01"}),
    ("6 tháng cuối năm 2014", {"kind": "range", "due": "2014-12-31", "start": "2014-07-01"}),
    ("Tháng 11 và tháng 12/2013", {"kind": "multi", "due": "2013-12-31", "parts": [
        {"kind": "month", "due": "2013-11-30", "month": 11, "text": "Tháng 11"},
        {"kind": "month", "due": "2013-12-31", "month": 12, "text": "tháng 12/2013"}]}),
    ("Hằng năm", yearly("2013-12-31")),
    ("hàng năm", yearly("2013-12-31")),
    ("trước ngày 15/12 hàng năm", yearly("2013-12-15", month=12, day=15)),
    ("Tháng 6 hằng năm", yearly("2014-06-30", month=6)),
    ("Liên tục", {"kind": "ongoing", "due": None}),
    ("Theo hướng dẫn của Bộ Nội vụ", {"kind": "conditional", "due": None, "text": "Theo hướng dẫn của Bộ Nội vụ"}),
    # invalid and unreadable cells become warnings, never exceptions
    ("31/9/2013", {"kind": "month", "due": "2013-09-30", "month": 9,
                   "warning": "invalid date 31/9/2013: month 9/2013 has no day 31; used the end of the month"}),
    ("13/13/2013", {"kind": "unknown", "due": None, "text": "13/13/2013",
                    "warning": "invalid date 13/13/2013: there is no month 13"}),
    ("Tháng 13/2013", {"kind": "unknown", "due": None, "text": "Tháng 13/2013",
                       "warning": "invalid month 13/2013 in 'Tháng 13/2013'"}),
    ("", {"kind": "unknown", "due": None, "warning": "empty time cell"}),
    ("Chưa xác định", {"kind": "unknown", "due": None, "text": "Chưa xác định",
                       "warning": "no date found in 'Chưa xác định'"}),
    ("Hàng quý", {"kind": "unknown", "due": None, "text": "Hàng quý",
                  "warning": "repeats every quý in 'Hàng quý'; only yearly repeats are tracked"}),
]


@pytest.mark.parametrize("phrase,expected", REAL_PHRASES + VARIANTS, ids=[p for p, _ in REAL_PHRASES + VARIANTS])
def test_phrase_parses_exactly(phrase, expected):
    assert parse_deadline(phrase, **PERIOD).to_dict() == expected


def test_nfd_input_and_extra_whitespace_parse_like_nfc():
    nfd = unicodedata.normalize("NFD", "Quý  IV\u00a0năm 2013\n")
    assert parse_deadline(nfd).to_dict() == q(4, "2013-12-31")


def test_one_year_quarter_phrases_agree_on_due():
    spellings = ["Quý IV năm 2013", "Quý IV/2013", "Quí IV-2013", "quý 4 năm 2013", "Q4/2013", "quí iv/2013"]
    assert {parse_deadline(s).due for s in spellings} == {date(2013, 12, 31)}


def test_recurring_without_period_has_no_due_but_a_next_due():
    dl = parse_deadline("Hàng năm")
    assert (dl.kind, dl.due, dl.start, dl.until) == ("recurring", None, None, None)
    assert next_due(dl, date(2014, 3, 1)) == date(2014, 12, 31)
    assert occurrences(dl) == []


def test_recurring_occurrences_stay_inside_the_period():
    dl = parse_deadline("Quý IV hàng năm", **PERIOD)
    assert occurrences(dl) == [date(2013, 12, 31), date(2014, 12, 31)]   # 31/12/2015 is after 31/10/2015
    dl = parse_deadline("trước ngày 15/12 hàng năm", period_start=date(2013, 1, 1), period_end=date(2015, 12, 31))
    assert occurrences(dl) == [date(2013, 12, 15), date(2014, 12, 15), date(2015, 12, 15)]


def test_recurring_bounds_from_the_cell_itself():
    dl = parse_deadline("Hàng năm (2013 - 2014)", **PERIOD)
    assert (dl.start, dl.until, dl.due) == (date(2013, 1, 1), date(2014, 12, 31), date(2013, 12, 31))


def test_recurring_with_only_an_end_uses_the_last_occurrence():
    dl = parse_deadline("Hàng năm", period_end=date(2015, 12, 31))
    assert dl.due == date(2015, 12, 31) and occurrences(dl) == [date(2015, 12, 31)]


@pytest.mark.parametrize("today,expected", [
    (date(2013, 1, 1), date(2013, 12, 31)),     # before the period: the first occurrence
    (date(2013, 12, 31), date(2013, 12, 31)),   # on the day itself
    (date(2014, 1, 1), date(2014, 12, 31)),
    (date(2015, 1, 1), date(2014, 12, 31)),     # 2015's falls after the period: the last one stands
    (date(2020, 6, 1), date(2014, 12, 31)),
])
def test_next_due_recurring(today, expected):
    assert next_due(parse_deadline("Hàng năm", **PERIOD), today) == expected


@pytest.mark.parametrize("today,expected", [
    (date(2014, 1, 1), date(2014, 3, 31)),
    (date(2014, 3, 31), date(2014, 3, 31)),
    (date(2014, 4, 1), date(2015, 3, 31)),
    (date(2016, 1, 1), date(2015, 3, 31)),
])
def test_next_due_multi(today, expected):
    dl = parse_deadline("Quý I/2014 thực hiện thí điểm Quý I/2015 thực hiện tất cả các đơn vị")
    assert next_due(dl, today) == expected


def test_next_due_and_occurrences_of_plain_kinds():
    assert next_due(parse_deadline("Quý IV/2014"), date(2020, 1, 1)) == date(2014, 12, 31)
    assert next_due(parse_deadline("Thường xuyên"), date(2020, 1, 1)) is None
    assert occurrences(parse_deadline("Năm 2012 - 2015")) == [date(2015, 12, 31)]
    assert occurrences(parse_deadline("Quý I, II năm 2012")) == [date(2012, 3, 31), date(2012, 6, 30)]
    assert occurrences(parse_deadline("Sau khi có hướng dẫn của Bộ Nội vụ")) == []


def test_round_trip_through_dict():
    for phrase, _ in REAL_PHRASES + VARIANTS:
        dl = parse_deadline(phrase, **PERIOD)
        assert Deadline.from_dict(dl.to_dict()) == dl


@pytest.mark.parametrize("phrase,vi,en", [
    ("Quý IV năm 2013", "31/12/2013 (quý IV/2013)", "31 Dec 2013 (Q4 2013)"),
    ("Tháng 12/2013", "31/12/2013 (tháng 12/2013)", "31 Dec 2013 (Dec 2013)"),
    ("Năm 2014", "31/12/2014 (năm 2014)", "31 Dec 2014 (2014)"),
    ("Trước ngày 30/11/2025", "30/11/2025", "30 Nov 2025"),
    ("Năm 2012 - 2015", "01/01/2012 – 31/12/2015", "1 Jan 2012 – 31 Dec 2015"),
    ("2012, 2015", "31/12/2012 (năm 2012); 31/12/2015 (năm 2015)", "31 Dec 2012 (2012); 31 Dec 2015 (2015)"),
    ("Hàng năm", "hằng năm, 31/12", "yearly, 31 Dec"),
    ("Quý IV hàng năm", "hằng năm, quý IV (31/12)", "yearly, Q4 (31 Dec)"),
    ("trước ngày 15/12 hàng năm", "hằng năm, 15/12", "yearly, 15 Dec"),
    ("Thường xuyên", "thường xuyên", "ongoing"),
    ("Sau khi có hướng dẫn của Bộ Nội vụ", "khi có hướng dẫn", "conditional"),
    ("Theo quy định của Chính phủ", "theo quy định", "conditional"),
    ("Chưa xác định", "không rõ hạn", "no date"),
])
def test_describe(phrase, vi, en):
    dl = parse_deadline(phrase)
    assert (describe(dl), describe(dl, "en")) == (vi, en)


@pytest.mark.parametrize("text,expected", [
    ("giai đoạn 2011 - 2015", {"text": "giai đoạn 2011 - 2015", "start": "2011-01-01", "end": "2015-12-31"}),
    ("GIAI ĐOẠN 2013-2015", {"text": "GIAI ĐOẠN 2013-2015", "start": "2013-01-01", "end": "2015-12-31"}),
    ("đến năm 2015", {"text": "đến năm 2015", "start": None, "end": "2015-12-31"}),
    ("từ nay đến năm 2015", {"text": "từ nay đến năm 2015", "start": None, "end": "2015-12-31"}),
    ("TỪ NAY ĐẾNNĂM 2015", {"text": "TỪ NAY ĐẾNNĂM 2015", "start": None, "end": "2015-12-31"}),
    ("Từ tháng 8 năm 2013 đến tháng 10 năm 2015.",
     {"text": "Từ tháng 8 năm 2013 đến tháng 10 năm 2015", "start": "2013-08-01", "end": "2015-10-31"}),
    ("Từ tháng 12 năm 2013 đến tháng 10 năm 2015",
     {"text": "Từ tháng 12 năm 2013 đến tháng 10 năm 2015", "start": "2013-12-01", "end": "2015-10-31"}),
    ("Kế hoạch cải cách hành chính", None),
    ("", None),
])
def test_parse_period(text, expected):
    assert parse_period(text) == expected


@pytest.mark.parametrize("plan,expected", [
    ("an-giang-2050-qd-ubnd-2013", ("Từ tháng 8 năm 2013 đến tháng 10 năm 2015", "2013-08-01", "2015-10-31")),
    ("an-giang-930-qd-ubnd-2012", ("GIAI ĐOẠN 2011 - 2015", "2011-01-01", "2015-12-31")),
    ("binh-dinh-4078-qd-ubnd-2013", ("Từ tháng 12 năm 2013 đến tháng 10 năm 2015", "2013-12-01", "2015-10-31")),
    ("nam-dinh-55-kh-ubnd-2013", ("GIAI ĐOẠN 2013 - 2015", "2013-01-01", "2015-12-31")),
    ("soc-trang-09-kh-ubnd-2012", ("GIAI ĐOẠN 2011 - 2015", "2011-01-01", "2015-12-31")),
])
def test_parse_period_of_each_real_plan(plan, expected):
    from pathlib import Path
    text = (Path(__file__).resolve().parent.parent / "plans" / f"{plan}.txt").read_text(encoding="utf-8")
    found = parse_period(text)
    assert (found["text"], found["start"], found["end"]) == expected


FRAGMENTS = ["Quý", "Quí", "quý", "Q", "IV", "I", "II", "4", "năm", "Năm", "/", "-", "–", ",", ";", " ", "hàng năm",
             "Hằng năm", "tháng", "Tháng", "ngày", "trước", "Trước ngày", "2013", "2015", "99", "31", "9", "12", "0",
             "6 tháng đầu", "cuối", "đến", "Từ", "Thường xuyên", "Sau khi có hướng dẫn", "Theo", "(", ")", "và",
             "19", "20", "2", "9999", "\u00a0", "\n"]


def _assert_sane(dl):
    assert isinstance(dl, Deadline) and dl.kind in DEADLINE_KINDS
    assert "internal error" not in (dl.warning or "")
    assert (dl.due is None) == (dl.kind in ("ongoing", "conditional", "unknown") or
                                (dl.kind == "recurring" and not occurrences(dl)))
    assert Deadline.from_dict(dl.to_dict()) == dl
    describe(dl), describe(dl, "en")
    for today in (date(2000, 1, 1), date(2014, 6, 1), date(2099, 1, 1)):
        due = next_due(dl, today)
        assert due is None or isinstance(due, date)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80), st.one_of(st.none(), st.dates()), st.one_of(st.none(), st.dates()))
def test_never_raises_on_arbitrary_text(text, start, end):
    _assert_sane(parse_deadline(text, period_start=start, period_end=end))
    parse_period(text)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=12).map(" ".join),
       st.one_of(st.none(), st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31))))
def test_never_raises_on_vietnamese_fragments(text, start):
    end = date(start.year + 2, 12, 31) if start else None
    _assert_sane(parse_deadline(text, period_start=start, period_end=end))
    parse_period(text)


def test_hostile_input():
    assert parse_deadline(None).warning == "empty time cell"                  # type: ignore[arg-type]
    assert parse_deadline("Quý IV/2013 " * 10_000).kind == "unknown"          # too long to be a time cell
    assert parse_deadline("Quý IV/2013", period_start="2013-01-01").kind == "quarter"   # type: ignore[arg-type]
