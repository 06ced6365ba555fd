"""Calendar export: golden bytes, strict parsers, UIDs and SEQUENCE, hostile text, folding."""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import date, datetime, timezone
from pathlib import Path

import icalendar
import pytest

from tracker.inert import printable
import vobject
from hypothesis import given, settings, strategies as st
from ical.calendar_stream import IcsCalendarStream

from tracker.errors import UsageError
from tracker.calendar.components import milestones
from tracker.calendar.ics import build_calendar, count_components, default_export_path, natural_key, write_calendar
from tracker.calendar.lines import escape, fold_line
from tracker.model import Card, Deadline, Plan, Status

GOLDEN = Path(__file__).parent / "golden"
# Set TRACKER_UPDATE_GOLDEN=1 to rewrite the golden files after an intended change, then review the diff.
UPDATE = os.environ.get("TRACKER_UPDATE_GOLDEN") == "1"

PLAN = Plan(key="nam-dinh-55-2013", number="55/KH-UBND", kind="Kế hoạch", province="Nam Định", date="2013-08-14",
            title="Đẩy mạnh cải cách chế độ công vụ, công chức tỉnh Nam Định, giai đoạn 2013 - 2015",
            period={"text": "giai đoạn 2013 - 2015", "start": "2013-01-01", "end": "2015-12-31"})
PLANS = {PLAN.key: PLAN}


def card(number: str, deadline: Deadline, *, uid: str | None = None, **values) -> Card:
    """A card with fixed uid, time stamp and sequence so exports are reproducible."""
    base = dict(id=f"{PLAN.key}.{number}", plan=PLAN.key, number=number,
                content=f"Nhiệm vụ số {number}: xây dựng và triển khai kế hoạch",
                uid=uid or f"00000000-0000-4000-8000-{int(number.replace('.', '')):012d}",
                lead=["Sở Nội vụ"], lead_text="Sở Nội vụ", time_text="Quý IV năm 2013",
                deadline=deadline, updated_at="2024-03-01T08:30:00Z", sequence=1)
    base.update(values)
    return Card(**base)


def sample_cards() -> list[Card]:
    """One card of every shape the export treats differently (no recurring: see test_ical_recurring)."""
    return [
        card("1", Deadline(kind="quarter", due=date(2013, 12, 31), quarter=4),
             support=["Sở Văn hóa, Thể thao và Du lịch", "Sở Tài chính"],
             support_text="Sở Văn hóa, Thể thao và Du lịch; Sở Tài chính"),
        card("2", Deadline(kind="month", due=date(2014, 6, 30), month=6), time_text="Tháng 6/2014",
             status=Status.IN_PROGRESS, sequence=4),
        card("3", Deadline(kind="multi", due=date(2015, 3, 31), parts=(
            Deadline(kind="quarter", due=date(2014, 3, 31), quarter=1, text="Quý I/2014 thực hiện thí điểm"),
            Deadline(kind="quarter", due=date(2015, 3, 31), quarter=1, text="Quý I/2015 triển khai"))),
             time_text="Quý I/2014 thực hiện thí điểm Quý I/2015 triển khai", lead=["Sở Tư pháp"]),
        card("10", Deadline(kind="ongoing"), time_text="Thường xuyên", status=Status.DONE,
             lead=["UBND các huyện, thị xã, thành phố"]),
        card("11", Deadline(kind="conditional", text="Sau khi có hướng dẫn của Bộ Nội vụ"),
             time_text="Sau khi có hướng dẫn của Bộ Nội vụ", updated_at=None, sequence=0),
        card("12", Deadline(kind="date", due=date(2015, 11, 30)), time_text="Trước ngày 30/11/2015",
             status=Status.DONE, archived=True),
    ]


def parse_all(data: bytes):
    """Parse with icalendar, ical (strict) and vobject; each raises on invalid input."""
    text = data.decode("utf-8")
    return (icalendar.Calendar.from_ical(data), IcsCalendarStream.calendar_from_ics(text), vobject.readOne(text))


def physical_lines(data: bytes) -> list[bytes]:
    assert data.endswith(b"\r\n")
    body = data[:-2].split(b"\r\n")
    assert all(b"\r" not in line and b"\n" not in line for line in body), "bare CR or LF"
    return body


def check_lines(data: bytes) -> None:
    for line in physical_lines(data):
        assert len(line) <= 75, line
        line.decode("utf-8")                          # a split character would raise here


def compare_golden(name: str, data: bytes) -> None:
    path = GOLDEN / name
    if UPDATE or not path.exists():
        write_calendar(path, data)
        if not UPDATE:
            pytest.fail(f"{path} did not exist and was written; review it and run again")
    assert data == path.read_bytes(), f"{name} differs; TRACKER_UPDATE_GOLDEN=1 rewrites it after review"


@pytest.mark.parametrize("kind, alarm", [("events", None), ("both", 14), ("todos", None)])
def test_golden_files_byte_for_byte(kind, alarm):
    data = build_calendar(sample_cards(), PLANS, kind=kind, alarm_days=alarm, name="Nam Định 55/KH-UBND")
    check_lines(data)
    compare_golden(f"ical_{kind}.ics", data)
    assert data == build_calendar(list(reversed(sample_cards())), PLANS, kind=kind, alarm_days=alarm,
                                  name="Nam Định 55/KH-UBND"), "order of input changed the bytes"


def test_all_three_parsers_read_events_todos_and_dates():
    data = build_calendar(sample_cards(), PLANS, kind="both")
    ical_cal, strict, vcal = parse_all(data)
    events = {str(e["UID"]): e for e in ical_cal.walk("VEVENT")}
    todos = {str(t["UID"]): t for t in ical_cal.walk("VTODO")}
    uid = "00000000-0000-4000-8000-{:012d}".format
    assert sorted(events) == sorted([f"{uid(1)}-due@tracker", f"{uid(2)}-due@tracker",
                                     f"{uid(3)}-due@tracker", f"{uid(3)}-due-2@tracker"])
    assert sorted(todos) == sorted(f"{uid(n)}-todo@tracker" for n in (1, 2, 3, 10, 11))   # 12 is archived
    first = events[f"{uid(1)}-due@tracker"]
    assert first.decoded("DTSTART") == date(2013, 12, 31) and first.decoded("DTEND") == date(2014, 1, 1)
    assert str(first["TRANSP"]) == "TRANSPARENT" and first["SEQUENCE"] == 1
    assert first.decoded("DTSTAMP") == datetime(2024, 3, 1, 8, 30, tzinfo=timezone.utc)
    assert first.decoded("LAST-MODIFIED") == datetime(2024, 3, 1, 8, 30, tzinfo=timezone.utc)
    assert str(first["SUMMARY"]).startswith("1. Nhiệm vụ số 1")
    description = str(first["DESCRIPTION"])
    for expected in ("Nhiệm vụ số 1: xây dựng", "55/KH-UBND – Đẩy mạnh cải cách chế độ công vụ, công chức",
                     "Chủ trì: Sở Nội vụ", "Phối hợp: Sở Văn hóa, Thể thao và Du lịch; Sở Tài chính",
                     "Thời gian: Quý IV năm 2013", "Trạng thái: Chưa bắt đầu", "Mã thẻ: nam-dinh-55-2013.1"):
        assert expected in description
    categories = [str(c) for c in first["CATEGORIES"].cats]
    assert categories == ["Sở Nội vụ", "Sở Văn hóa, Thể thao và Du lịch", "Sở Tài chính", "55/KH-UBND"]
    multi = [events[f"{uid(3)}-due@tracker"], events[f"{uid(3)}-due-2@tracker"]]
    assert [e.decoded("DTSTART") for e in multi] == [date(2014, 3, 31), date(2015, 3, 31)]
    assert todos[f"{uid(3)}-todo@tracker"].decoded("DUE") == date(2015, 3, 31)
    assert str(todos[f"{uid(2)}-todo@tracker"]["STATUS"]) == "IN-PROCESS"
    done = todos[f"{uid(10)}-todo@tracker"]
    assert str(done["STATUS"]) == "COMPLETED" and int(done["PERCENT-COMPLETE"]) == 100 and "COMPLETED" in done
    assert "DUE" not in done and "DUE" not in todos[f"{uid(11)}-todo@tracker"]
    # the conditional card has no updated_at: its stamp comes from the plan's date, not the clock
    assert todos[f"{uid(11)}-todo@tracker"].decoded("DTSTAMP") == datetime(2013, 8, 14, tzinfo=timezone.utc)
    assert str(ical_cal["X-WR-CALNAME"]) == str(ical_cal["NAME"])
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT12H\r\n" in data and b"X-PUBLISHED-TTL:PT12H\r\n" in data
    assert (len(strict.events), len(strict.todos)) == (4, 5)
    assert {e.dtstart for e in strict.events} == {date(2013, 12, 31), date(2014, 6, 30), date(2014, 3, 31),
                                                 date(2015, 3, 31)}
    assert len(vcal.vevent_list) == 4 and len(vcal.vtodo_list) == 5
    assert count_components(data) == (4, 5)


def test_kind_events_keeps_undated_tasks_as_todos_and_todos_kind_has_no_events():
    events_only = build_calendar(sample_cards(), PLANS, kind="events")
    assert count_components(events_only) == (4, 2)       # the ongoing and the conditional card
    assert b"DUE;" not in events_only
    assert count_components(build_calendar(sample_cards(), PLANS, kind="todos")) == (0, 5)


def test_alarm_is_nine_in_the_morning_fourteen_days_before():
    data = build_calendar(sample_cards()[:1], PLANS, kind="both", alarm_days=14)
    assert data.count(b"TRIGGER;VALUE=DURATION:-P13DT15H\r\n") == 1
    assert data.count(b"TRIGGER;RELATED=END;VALUE=DURATION:-P13DT15H\r\n") == 1
    alarm = icalendar.Calendar.from_ical(data).walk("VALARM")[0]
    start = datetime(2013, 12, 31)
    assert start + alarm.decoded("TRIGGER") == datetime(2013, 12, 17, 9, 0)
    assert b"PT9H" in build_calendar(sample_cards()[:1], PLANS, alarm_days=0)
    assert b"VALARM" not in build_calendar(sample_cards(), PLANS)
    with pytest.raises(UsageError):
        build_calendar(sample_cards(), PLANS, alarm_days=-1)
    with pytest.raises(UsageError):
        build_calendar(sample_cards(), PLANS, kind="journal")


def test_reexport_after_a_move_keeps_uids_and_bumps_only_that_cards_sequence():
    before_cards = sample_cards()
    after_cards = [replace(c, status=Status.DONE, sequence=c.sequence + 1, updated_at="2024-04-02T01:00:00Z")
                   if c.number == "2" else c for c in before_cards]
    before, after = (icalendar.Calendar.from_ical(build_calendar(cs, PLANS, kind="both"))
                     for cs in (before_cards, after_cards))

    def index(cal):
        return {str(c["UID"]): (int(c["SEQUENCE"]), c.decoded("LAST-MODIFIED")) for c in cal.walk()
                if c.name in ("VEVENT", "VTODO")}

    old, new = index(before), index(after)
    assert old.keys() == new.keys()
    changed = {uid for uid in old if old[uid] != new[uid]}
    prefix = "00000000-0000-4000-8000-000000000002"
    assert changed == {f"{prefix}-due@tracker", f"{prefix}-todo@tracker"}
    assert all(new[uid][0] == old[uid][0] + 1 for uid in changed)
    assert build_calendar(before_cards, PLANS) == build_calendar(sample_cards(), PLANS), "same data, same bytes"


HOSTILE = ("Lập kế hoạch; rà soát, đánh giá \\ tổng kết\r\nEND:VEVENT\r\nEND:VCALENDAR\r\nBEGIN:VEVENT\n"
           "UID:evil@x\rDTSTART:19700101\u2028SUMMARY:x\x00\x1b[31m\x7f " + "ữ" * 2000 + "\\" * 75)


@pytest.mark.parametrize("field", ["content", "number", "time_text", "lead", "uid"])
def test_hostile_text_stays_inside_its_property(field):
    value = [HOSTILE] if field == "lead" else HOSTILE
    evil = replace(sample_cards()[0], **{field: value})
    data = build_calendar([evil, *sample_cards()[1:3]], PLANS, kind="both", alarm_days=3, name=HOSTILE)
    check_lines(data)
    unfolded = data.replace(b"\r\n ", b"").decode("utf-8")
    names = [line.split(":", 1)[0].split(";", 1)[0] for line in unfolded.split("\r\n") if line]
    assert names.count("BEGIN") == names.count("END") == 1 + 2 * 4 + 2 * 3   # calendar, components, alarms
    assert "UID" in names and names.count("DTSTART") == 4 and not {"X", "EVIL"} & set(names)
    ical_cal, strict, vcal = parse_all(data)
    assert (len(strict.events), len(strict.todos)) == (4, 3)
    first = ical_cal.walk("VEVENT")[0]
    clean_hostile = HOSTILE.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    clean_hostile = "".join(ch for ch in clean_hostile if ch in "\n\t" or (ord(ch) >= 32 and ord(ch) != 127))
    if field == "content":
        assert str(first["DESCRIPTION"]).startswith(clean_hostile.strip())
        assert vcal.vevent_list[0].description.value.startswith(clean_hostile.strip())
    if field == "uid":
        assert str(first["UID"]) == f"{clean_hostile}-due@tracker"
    one_line = " ".join(printable(HOSTILE).split())     # the escape sequence goes whole, not just its ESC
    # and no comma: two parsers show an escaped one as "\,"
    assert vcal.contents["x-wr-calname"][0].value == vcal.contents["name"][0].value == \
        one_line.replace(", ", " – ") and "," not in vcal.contents["name"][0].value


def test_hostile_golden_file():
    evil = replace(sample_cards()[0], content=HOSTILE[:300] + "\\" * 9, lead=["Sở A; B, C\\D"], number="1\n2")
    data = build_calendar([evil], PLANS, kind="both", alarm_days=1, name="a;b,c\\d\nEND:VCALENDAR")
    check_lines(data)
    compare_golden("ical_hostile.ics", data)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400))
def test_any_text_round_trips_in_lines_of_at_most_75_octets(text):
    line = fold_line("DESCRIPTION:" + escape(text))
    check_lines(line)
    parsed = icalendar.Calendar.from_ical(b"BEGIN:VEVENT\r\n" + line + b"END:VEVENT\r\n")
    expected = text.replace("\r\n", "\n")
    expected = "".join("\n" if ch in "\r\x85\u2028\u2029" else ch for ch in expected
                       if ch in "\n\t\r" or not (ord(ch) < 32 or ord(ch) == 127))
    assert str(parsed["DESCRIPTION"]) == expected


def test_fold_never_separates_a_backslash_from_what_it_escapes():
    for width in range(60, 80):
        line = fold_line("X:" + "a" * width + escape("\\\\\\;,\n" * 30))
        for piece in line[:-2].split(b"\r\n"):
            body = piece[1:] if piece.startswith(b" ") else piece
            trailing = len(body) - len(body.rstrip(b"\\"))
            assert trailing % 2 == 0, piece


def test_milestones_and_natural_order():
    cards = sample_cards()
    assert milestones(cards[2], PLAN) == [(0, date(2014, 3, 31), None), (1, date(2015, 3, 31), None)]
    assert milestones(cards[3], PLAN) == []
    assert sorted(["p.10", "p.2", "p.1", "p.I.3"], key=natural_key) == ["p.1", "p.2", "p.10", "p.I.3"]


def test_write_calendar_is_atomic_binary_and_creates_the_folder(tmp_path):
    target = tmp_path / "a" / "b" / "x.ics"
    data = build_calendar(sample_cards(), PLANS)
    assert write_calendar(target, data) == target
    assert target.read_bytes() == data and data.count(b"\r\n") == data.count(b"\n")
    write_calendar(target, b"second")
    assert target.read_bytes() == b"second"
    assert [p.name for p in target.parent.iterdir()] == ["x.ics"]     # no temp file left behind


def test_default_export_paths():
    from tracker.filters import Filters

    assert default_export_path() == Path("exports/tracker.ics")
    assert default_export_path(Filters()) == Path("exports/tracker.ics")
    assert default_export_path(Filters(agency="Sở Nội vụ")) == Path("exports/so-noi-vu.ics")
    assert default_export_path(Filters(agency="../../etc/passwd", overdue=True)) == Path("exports/etc-passwd-overdue.ics")
    assert default_export_path("Sở Tư pháp", folder="out") == Path("out/so-tu-phap.ics")
