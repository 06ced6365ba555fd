"""Calendar export over a plan period: quarter ends and yearly rules expand to the right dates."""

from __future__ import annotations

from datetime import date, timedelta

import icalendar
import recurring_ical_events
from hypothesis import given, settings, strategies as st
from ical.calendar_stream import IcsCalendarStream

from tracker.deadline_dates import occurrences
from tracker.deadlines import parse_deadline
from tracker.calendar.ics import build_calendar
from tracker.model import Card, Deadline, Plan

PLAN = Plan(key="binh-dinh-4078-2013", number="4078/QĐ-UBND", title="Kế hoạch cải cách hành chính",
            period={"text": "giai đoạn 2013 - 2015", "start": "2013-01-01", "end": "2015-12-31"})
START, END = date(2013, 1, 1), date(2015, 12, 31)


def card(number: int, time_text: str, plan: Plan = PLAN) -> Card:
    deadline = parse_deadline(time_text, period_start=plan.period_start, period_end=plan.period_end)
    return Card(id=f"{plan.key}.{number}", plan=plan.key, number=str(number), content=f"Việc {number}",
                uid=f"uid-{number:03d}", lead=["Sở Nội vụ"], time_text=time_text, deadline=deadline,
                updated_at="2024-01-01T00:00:00Z")


def expand(data: bytes, start: date = START, end: date = END) -> dict[str, list[date]]:
    """Every VEVENT instance between start and end (inclusive), by summary."""
    calendar = icalendar.Calendar.from_ical(data)
    found: dict[str, list[date]] = {}
    for event in recurring_ical_events.of(calendar).between(start, end + timedelta(days=1)):
        found.setdefault(str(event["SUMMARY"]), []).append(event.decoded("DTSTART"))
    return {summary: sorted(days) for summary, days in found.items()}


def test_quarter_ends_and_yearly_tasks_over_the_plan_period():
    cards = [card(1, "Quý I, II, III, IV năm 2014"), card(2, "Hàng năm"), card(3, "Quý IV hàng năm"),
             card(4, "Quý II hàng năm"), card(5, "Quý I/2015"), card(6, "Thường xuyên")]
    data = build_calendar(cards, {PLAN.key: PLAN})
    assert data.count(b"RRULE:FREQ=YEARLY;UNTIL=20151231\r\n") == 3
    assert b"COUNT" not in data
    days = expand(data)
    assert days == {
        "1. Việc 1 (1/4)": [date(2014, 3, 31)], "1. Việc 1 (2/4)": [date(2014, 6, 30)],
        "1. Việc 1 (3/4)": [date(2014, 9, 30)], "1. Việc 1 (4/4)": [date(2014, 12, 31)],
        "2. Việc 2": [date(2013, 12, 31), date(2014, 12, 31), date(2015, 12, 31)],
        "3. Việc 3": [date(2013, 12, 31), date(2014, 12, 31), date(2015, 12, 31)],
        "4. Việc 4": [date(2013, 6, 30), date(2014, 6, 30), date(2015, 6, 30)],
        "5. Việc 5": [date(2015, 3, 31)],
    }
    for item in cards[1:4]:
        assert days[f"{item.number}. {item.content}"] == occurrences(item.deadline)
    # one VEVENT per yearly task, not one per year: an app updates it as a whole
    assert data.count(b"UID:uid-002-due@tracker\r\n") == 1
    # nothing happens after the plan period
    assert expand(data, date(2016, 1, 1), date(2030, 12, 31)) == {}
    strict = IcsCalendarStream.calendar_from_ics(data.decode())
    timeline = [event.dtstart for event in strict.timeline]    # finite: every rule has an UNTIL
    assert timeline.count(date(2014, 12, 31)) == 3 and len(timeline) == 4 + 3 + 3 + 3 + 1


def test_yearly_task_bounded_by_the_plan_period_end_not_the_year_end():
    plan = Plan(key="an-giang-2050-2013", number="2050/QĐ-UBND",
                period={"text": "Từ tháng 8 năm 2013 đến tháng 10 năm 2015", "start": "2013-08-01", "end": "2015-10-31"})
    cards = [card(1, "Trước ngày 15/12 hàng năm", plan), card(2, "Quý III hàng năm", plan)]
    data = build_calendar(cards, {plan.key: plan})
    assert b"RRULE:FREQ=YEARLY;UNTIL=20151031\r\n" in data
    days = expand(data, date(2013, 1, 1), date(2016, 12, 31))
    assert days == {"1. Việc 1": [date(2013, 12, 15), date(2014, 12, 15)],
                    "2. Việc 2": [date(2013, 9, 30), date(2014, 9, 30), date(2015, 9, 30)]}


def test_end_of_february_follows_leap_years():
    plan = Plan(key="p", period={"start": "2015-01-01", "end": "2017-12-31"})
    data = build_calendar([card(1, "Tháng 2 hàng năm", plan)], {"p": plan})
    assert expand(data, date(2015, 1, 1), date(2017, 12, 31))["1. Việc 1"] == [
        date(2015, 2, 28), date(2016, 2, 29), date(2017, 2, 28)]


@settings(max_examples=60, deadline=None)
@given(kind=st.sampled_from(["year", "quarter", "month", "day"]), quarter=st.integers(1, 4),
       month=st.integers(1, 12), day=st.integers(1, 31), first=st.integers(2010, 2020),
       span=st.integers(0, 6), start_day=st.integers(0, 364), end_day=st.integers(0, 364))
def test_every_yearly_rule_expands_to_exactly_the_occurrences(kind, quarter, month, day, first, span,
                                                             start_day, end_day):
    start = date(first, 1, 1) + timedelta(days=start_day)
    until = min(date(first + span, 1, 1) + timedelta(days=end_day), date(first + span, 12, 31))
    values = {"quarter": {"quarter": quarter}, "month": {"month": month},
              "day": {"month": month, "day": day}, "year": {}}[kind]
    deadline = Deadline(kind="recurring", freq="yearly", start=start, until=until, **values)
    expected = occurrences(deadline)
    item = Card(id="p.1", plan="p", number="1", content="x", uid="u", deadline=deadline)
    data = build_calendar([item], {})
    days = expand(data, date(first - 1, 1, 1), date(first + span + 2, 12, 31)).get("1. x", [])
    assert days == expected
