"""Official monitoring buckets on hand-built histories around the due date, and both rates."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tracker.model import Card, Deadline, Status
from tracker.monitoring import BUCKETS, OFFICIAL, agency_buckets, bucket_label, classify

DUE = date(2014, 6, 30)


def card(card_id: str = "p.1", status: Status = Status.NOT_STARTED, due: date | None = DUE, kind: str = "date",
         lead=("Sở Nội vụ",), support=()) -> Card:
    return Card(id=card_id, plan="p", number=card_id.split(".")[-1], content=f"Task {card_id}", lead=list(lead),
                support=list(support), time_text="Quý II/2014", status=status,
                deadline=Deadline(kind=kind if due else "ongoing", due=due))


@pytest.mark.parametrize("done_on, bucket", [
    (DUE - timedelta(days=1), "done-on-time"),
    (DUE, "done-on-time"),
    (DUE + timedelta(days=1), "done-late"),
])
def test_done_around_the_due(done_on, bucket):
    standing = classify(card(status=Status.DONE), done_on, as_of=date(2014, 12, 31))
    assert standing.bucket == bucket
    assert standing.due == DUE and standing.done_on == done_on


def test_open_cards_around_the_due():
    in_progress = card(status=Status.IN_PROGRESS)
    assert classify(in_progress, None, as_of=DUE).bucket == "due-soon"           # due today: not overdue yet
    assert classify(in_progress, None, as_of=DUE + timedelta(days=1)).bucket == "in-progress-overdue"
    # not started and past due is overdue too: one bucket, "Đang/chưa thực hiện quá hạn"
    assert classify(card(), None, as_of=DUE + timedelta(days=1)).bucket == "in-progress-overdue"


def test_due_in_14_vs_15_days():
    assert classify(card(), None, as_of=DUE - timedelta(days=14)).bucket == "due-soon"
    assert classify(card(), None, as_of=DUE - timedelta(days=15)).bucket == "not-due"
    assert classify(card(status=Status.IN_PROGRESS), None, as_of=DUE - timedelta(days=15)).bucket == \
        "in-progress-on-time"
    assert classify(card(), None, as_of=DUE - timedelta(days=15), soon=15).bucket == "due-soon"


def test_no_deadline_and_done_without_a_recorded_day():
    assert classify(card(due=None), None, as_of=DUE).bucket == "no-deadline"
    assert classify(card(due=None, status=Status.DONE), date(2014, 1, 1), as_of=DUE).bucket == "done-on-time"
    # imported as done, no history: lateness cannot be shown
    assert classify(card(status=Status.DONE), None, as_of=DUE + timedelta(days=90)).bucket == "done-on-time"


def test_done_after_the_cut_off_was_still_open_at_the_cut_off():
    standing = classify(card(status=Status.DONE), DUE + timedelta(days=5), as_of=DUE + timedelta(days=2))
    assert standing.bucket == "in-progress-overdue"
    assert standing.status == Status.IN_PROGRESS


def test_rates_both_ways_and_rows_add_up():
    as_of = date(2014, 7, 15)
    cards = [
        card("p.1", Status.DONE),                                   # due 30/6, done on time
        card("p.2", Status.DONE),                                   # due 30/6, done late
        card("p.3", Status.IN_PROGRESS),                            # due 30/6, overdue
        card("p.4", Status.DONE, due=date(2014, 12, 31)),            # done early, not yet due
        card("p.5", Status.NOT_STARTED, due=date(2014, 12, 31)),     # not due
        card("p.6", Status.IN_PROGRESS, due=None),                  # no deadline
    ]
    done = {"p.1": date(2014, 6, 1), "p.2": date(2014, 7, 2), "p.4": date(2014, 5, 5)}
    (row,) = agency_buckets(cards, done, as_of=as_of)
    assert row.group == "Sở Nội vụ" and row.total == 6
    assert {key: row.count(key) for key in BUCKETS} == {
        "done-on-time": 2, "done-late": 1, "in-progress-on-time": 0, "due-soon": 0, "not-due": 1,
        "in-progress-overdue": 1, "no-deadline": 1}
    assert sum(row.count(key) for key in BUCKETS) == row.total
    assert sum(row.count(key) for key in OFFICIAL) + row.count("no-deadline") == row.total
    # Government Office's rate: 2 done of the 3 due by the cut-off; over all: 3 of 6
    assert (row.due_count, row.done_due, row.rate_due) == (3, 2, 66.7)
    assert row.rate_all == 50.0
    data = row.row()
    assert data["overdue"] == 1 and data["done"] == 3 and data["in-progress"] == 2 and data["not-started"] == 1
    assert data["rate-due"] == 66.7 and data["rate-all"] == 50.0


def test_agency_buckets_roles_and_agency_filter():
    cards = [card("p.1", lead=["Sở Nội vụ", "Sở Tư pháp"], support=["Sở Tài chính"]),
             card("p.2", lead=[], support=["Sở Nội vụ"])]
    as_of = date(2014, 1, 1)
    assert [t.group for t in agency_buckets(cards, {}, as_of=as_of)] == \
        ["(Chưa rõ đơn vị)", "Sở Nội vụ", "Sở Tư pháp"]
    assert [(t.group, t.total) for t in agency_buckets(cards, {}, as_of=as_of, role="support")] == \
        [("Sở Nội vụ", 1), ("Sở Tài chính", 1)]
    any_rows = {t.group: t.total for t in agency_buckets(cards, {}, as_of=as_of, role="any")}
    assert any_rows == {"Sở Nội vụ": 2, "Sở Tư pháp": 1, "Sở Tài chính": 1}
    only = agency_buckets(cards, {}, as_of=as_of, role="any", agency="so noi vu")
    assert [(t.group, t.total) for t in only] == [("Sở Nội vụ", 2)]


def test_labels_in_both_languages():
    assert bucket_label("due-soon", "vi", 14) == "Sắp đến hạn (≤ 14 ngày)"
    assert bucket_label("in-progress-overdue", "en") == "Overdue (in progress or not started)"
    assert bucket_label("rate-due", "en") == "Completion rate (tasks due by the cut-off)"


def test_multi_and_recurring_use_the_due_that_applied():
    multi = Deadline("multi", date(2015, 3, 31), parts=(Deadline("quarter", date(2014, 3, 31)),
                                                        Deadline("quarter", date(2015, 3, 31))))
    task = card(status=Status.IN_PROGRESS).copy(deadline=multi)
    # open between the parts: the next part decides; past the last part: overdue
    assert classify(task, None, as_of=date(2014, 6, 1)).due == date(2015, 3, 31)
    assert classify(task, None, as_of=date(2015, 4, 1)).bucket == "in-progress-overdue"
    done = task.copy(status=Status.DONE)
    assert classify(done, date(2014, 6, 1), as_of=date(2015, 6, 1)).bucket == "done-on-time"
    assert classify(done, date(2015, 4, 2), as_of=date(2015, 6, 1)).bucket == "done-late"
    yearly = Deadline("recurring", date(2013, 12, 31), freq="yearly", quarter=4,
                      start=date(2013, 1, 1), until=date(2015, 12, 31))
    task = card(status=Status.IN_PROGRESS).copy(deadline=yearly)
    assert classify(task, None, as_of=date(2014, 3, 1)).due == date(2014, 12, 31)
    assert classify(task, None, as_of=date(2016, 1, 5)).bucket == "in-progress-overdue"
    assert classify(task.copy(status=Status.DONE), date(2014, 5, 1), as_of=date(2016, 1, 5)).due == \
        date(2014, 12, 31)
