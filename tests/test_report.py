"""build_report on plain inputs (numbers add up, both rates) and on a real store's history (--since, undo)."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

import tracker.store_data
from tracker.editing import record_progress
from tracker.errors import UsageError
from tracker.filters import Filters
from tracker.model import Card, Deadline, Plan, Status
from tracker.monitoring import BUCKETS, OFFICIAL
from tracker.reports.model import ProgressNote, build_report, history_as_of, report_from_snapshot
from tracker.services import move_cards, undo_last
from tracker.store import Store

AS_OF = date(2014, 7, 15)
PLANS = {"a": Plan("a", number="55/KH-UBND", kind="Kế hoạch", province="Nam Định", date="2013-08-14",
                   period={"text": "giai đoạn 2013 - 2015", "start": "2013-01-01", "end": "2015-12-31"}),
         "b": Plan("b", number="09/KH-UBND", kind="Kế hoạch", province="Sóc Trăng")}


def task(card_id, status=Status.NOT_STARTED, due=None, lead=("Sở Nội vụ",), support=(), kind="quarter"):
    return Card(id=card_id, plan=card_id.split(".")[0], number=card_id.split(".")[1], content=f"Nội dung {card_id}",
                lead=list(lead), support=list(support), time_text=f"hạn {due}" if due else "Thường xuyên",
                status=status, deadline=Deadline(kind if due else "ongoing", due))


CARDS = [
    task("a.1", Status.DONE, date(2014, 6, 30)),
    task("a.2", Status.DONE, date(2014, 6, 30), lead=("Sở Tư pháp", "Sở Nội vụ")),
    task("a.3", Status.IN_PROGRESS, date(2014, 6, 30), lead=("Sở Tư pháp",)),
    task("a.4", Status.NOT_STARTED, date(2014, 7, 29)),                  # due in 14 days: due soon
    task("a.5", Status.NOT_STARTED, date(2014, 7, 30), lead=()),         # 15 days: not due
    task("b.1", Status.IN_PROGRESS, date(2014, 12, 31), support=("Sở Tài chính",)),
    task("b.2", Status.IN_PROGRESS, None),
    task("b.3", Status.DONE, date(2015, 3, 31)),                          # done early
    task("b.4", Status.NOT_STARTED, date(2014, 7, 14)),                  # overdue by one day
]
DONE = {"a.1": date(2014, 6, 29), "a.2": date(2014, 7, 1), "b.3": date(2014, 2, 1)}
NOTES = {"a.3": [ProgressNote(date(2014, 7, 1), "Đang lấy ý kiến các sở"),
                 ProgressNote(date(2014, 7, 10), "Chờ Bộ Tư pháp hướng dẫn"),
                 ProgressNote(date(2014, 8, 1), "after the cut-off: not shown")]}


def report(**options):
    options.setdefault("as_of", AS_OF)
    return build_report(CARDS, PLANS, DONE, NOTES, **options)


def assert_rows_add_up(rows):
    for row in rows:
        assert sum(row[key] for key in BUCKETS) == row["total"], row
        assert sum(row[key] for key in OFFICIAL) + row["no-deadline"] == row["total"], row
        assert row["not-started"] + row["in-progress"] + row["done"] == row["total"], row
        assert row["overdue"] == row["in-progress-overdue"]
        assert row["open-on-time"] == row["in-progress-on-time"] + row["due-soon"] + row["not-due"]


@pytest.mark.parametrize("by", ["plan", "quarter"])
def test_groups_where_each_card_counts_once_sum_to_the_cards(by):
    result = report(by=by)
    rows = result.rows()
    assert_rows_add_up(rows)
    assert sum(row["total"] for row in rows) == len(CARDS) == result.total.total
    for key in (*BUCKETS, "done", "due-count"):
        assert sum(row[key] for row in rows) == result.total.row()[key], key


def test_by_plan_and_by_quarter_rows():
    by_plan = {row["group"]: row for row in report(by="plan").rows()}
    assert (by_plan["a"]["label"], by_plan["a"]["total"], by_plan["b"]["total"]) == ("55/KH-UBND", 5, 4)
    by_quarter = [(row["group"], row["label"], row["total"]) for row in report(by="quarter").rows()]
    assert by_quarter == [("2014Q2", "Quý II/2014", 3), ("2014Q3", "Quý III/2014", 3),
                          ("2014Q4", "Quý IV/2014", 1), ("2015Q1", "Quý I/2015", 1), ("none", "Không có hạn", 1)]
    assert report(by="quarter", lang="en").rows()[0]["label"] == "Q2 2014"


def test_totals_buckets_and_both_rates():
    total = report().total.row()
    assert {key: total[key] for key in BUCKETS} == {
        "done-on-time": 2, "done-late": 1, "in-progress-on-time": 1, "due-soon": 1, "not-due": 1,
        "in-progress-overdue": 2, "no-deadline": 1}
    # due by the cut-off: a.1, a.2 (done), a.3, b.4 (overdue) → 2 of 4; b.3 done early is in neither count
    assert (total["due-count"], total["rate-due"]) == (4, 50.0)
    assert total["rate-all"] == round(100 * 3 / 9, 1)
    assert report().summary().startswith("Tổng số 9 nhiệm vụ; đã hoàn thành 3 nhiệm vụ (33,3%)")
    assert "Completion rate over the tasks due by the cut-off: 50% (2/4)" in report(lang="en").summary()


def test_by_agency_counts_each_lead_and_rows_add_up():
    rows = {row["group"]: row for row in report().rows()}
    assert set(rows) == {"Sở Nội vụ", "Sở Tư pháp", "(Chưa rõ đơn vị)"}
    assert rows["Sở Nội vụ"]["total"] == 7 and rows["Sở Tư pháp"]["total"] == 2   # a.2 has two leads
    assert_rows_add_up(rows.values())
    support = {row["group"] for row in report(role="support").rows()}
    assert support == {"Sở Tài chính", "(Chưa rõ đơn vị)"}
    assert [row["group"] for row in report(agency="tu phap").rows()] == ["Sở Tư pháp"]


def test_overdue_list_with_latest_progress_note_and_completed_since():
    result = report(since=date(2014, 6, 30))
    assert [line["id"] for line in result.overdue] == ["a.3", "b.4"]          # oldest due first
    a3 = result.overdue[0]
    assert (a3["reason"], a3["reason_on"], a3["days_overdue"], a3["time_text"]) == \
        ("Chờ Bộ Tư pháp hướng dẫn", "2014-07-10", 15, "hạn 2014-06-30")
    assert [(line["id"], line["bucket"]) for line in result.completed] == [("a.2", "done-late")]
    assert [line["id"] for line in report(since=date(2014, 1, 1)).completed] == ["b.3", "a.1", "a.2"]
    assert report().completed == []


def test_title_lines_name_plans_period_and_cut_off():
    lines = report().title_lines()
    assert lines[0] == "Báo cáo tình hình thực hiện nhiệm vụ"
    assert "Kế hoạch số 55/KH-UBND ngày 14/08/2013 của UBND tỉnh Nam Định" in lines
    assert "Giai đoạn: giai đoạn 2013 - 2015" in lines
    assert lines[-1] == "Số liệu tính đến ngày 15/07/2014"
    assert report(lang="en").title_lines()[-1] == "Figures as of 2014-07-15"


@pytest.mark.parametrize("options, message", [
    ({"by": "province"}, "Unknown grouping"), ({"role": "boss"}, "Unknown role"),
    ({"since": date(2014, 8, 1)}, "after the cut-off"), ({"soon": -1}, "--soon"),
])
def test_bad_options_are_usage_errors(options, message):
    with pytest.raises(UsageError, match=message):
        report(**options)


# -- from a real store: history decides done dates, statuses at a past cut-off, and undo -----------

class Clock:
    """Stands in for the store's clock so history gets the dates a test chooses."""

    def __init__(self, monkeypatch):
        self.now = datetime(2014, 1, 1, 3, tzinfo=timezone.utc)
        monkeypatch.setattr(tracker.store_data, "utc_now", lambda: self.now)

    def set(self, day: date, hour: int = 3) -> None:   # 03:00 UTC is 10:00 in Vietnam, the same day
        self.now = datetime(day.year, day.month, day.day, hour, tzinfo=timezone.utc)


@pytest.fixture
def store(tmp_path, monkeypatch):
    clock = Clock(monkeypatch)
    db = Store(tmp_path / "tracker.json")
    with db.transaction("import") as tx:
        for plan in PLANS.values():
            tx.put_plan(plan)
        for card in CARDS:
            tx.put_card(card.copy(status=Status.NOT_STARTED))
    db.clock = clock
    return db


def test_since_from_real_history(store):
    store.clock.set(date(2014, 6, 20))
    move_cards(store, ["a.1"], "done")
    store.clock.set(date(2014, 7, 2))
    move_cards(store, ["a.2"], "doing")
    move_cards(store, ["a.2"], "done")
    snapshot = store.load()
    every = Filters()
    early = report_from_snapshot(snapshot, every, as_of=AS_OF, since=date(2014, 6, 1))
    assert [(line["id"], line["done_on"], line["bucket"]) for line in early.completed] == \
        [("a.1", "2014-06-20", "done-on-time"), ("a.2", "2014-07-02", "done-late")]
    late = report_from_snapshot(snapshot, every, as_of=AS_OF, since=date(2014, 6, 21))
    assert [line["id"] for line in late.completed] == ["a.2"]
    assert report_from_snapshot(snapshot, every, as_of=AS_OF, since=date(2014, 7, 3)).completed == []
    # at a cut-off before a.2 was done, it was still open (and overdue)
    before = report_from_snapshot(snapshot, every, as_of=date(2014, 7, 1), by="plan")
    row = {r["group"]: r for r in before.rows()}["a"]
    assert (row["done"], row["in-progress-overdue"]) == (1, 2)


def test_undone_moves_and_progress_notes_do_not_count(store):
    store.clock.set(date(2014, 6, 20))
    move_cards(store, ["a.1"], "done")
    store.clock.set(date(2014, 6, 25))
    move_cards(store, ["a.1"], "doing")
    store.clock.set(date(2014, 6, 26))
    undo_last(store)                                   # a.1 is done again, as it was since 20/6
    record_progress(store, "a.3", "Đã trình dự thảo", on=date(2014, 7, 5))
    record_progress(store, "a.3", "Ghi nhầm", on=date(2014, 7, 6))
    undo_last(store)                                   # the second note is retracted
    history = history_as_of(store.load(), AS_OF)
    assert history.done_dates == {"a.1": date(2014, 6, 20)}
    assert [note.text for note in history.notes["a.3"]] == ["Đã trình dự thảo"]
    result = report_from_snapshot(store.load(), Filters(), as_of=AS_OF)
    assert {line["id"]: line["reason"] for line in result.overdue}["a.3"] == "Đã trình dự thảo"


def test_filters_apply_to_the_status_at_the_cut_off(store):
    store.clock.set(date(2014, 8, 1))
    move_cards(store, ["a.1"], "done")                # done after the cut-off
    result = report_from_snapshot(store.load(), Filters(status=Status.DONE), as_of=AS_OF)
    assert result.total.total == 0
    result = report_from_snapshot(store.load(), Filters(plan="a"), as_of=AS_OF, by="plan")
    assert result.rows()[0]["done"] == 0 and result.rows()[0]["total"] == 5
