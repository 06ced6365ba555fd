"""Hand edits as services: add, edit, archive, restore, progress notes, their undo, and two writers."""

from __future__ import annotations

import multiprocessing
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from tracker.deadlines import parse_deadline
from tracker.editing import (add_card, agency_names, archive_cards, deadline_summary, edit_card, latest_progress,
                             next_card_id, preview_deadline, progress_notes, record_progress, restore_cards,
                             validate_edit, validate_new_card)
from tracker.errors import NotFoundError, TrackerError, UsageError
from tracker.filters import Filters, apply_filters
from tracker.model import Card, Plan, Status
from tracker.services import move_cards, undo_last
from tracker.store import Store

PLAN = "nam-dinh-55-2013"
C1, C2 = f"{PLAN}.1", f"{PLAN}.2"
TODAY = date(2014, 6, 30)


def seed(path: Path) -> Store:
    """A database as an import leaves it: one plan (period 2013-2015), two cards, one other plan."""
    store = Store(path)
    with store.transaction("import", via="import") as tx:
        tx.put_plan(Plan(key=PLAN, number="55/KH-UBND", province="Nam Định",
                         period={"text": "giai đoạn 2013 - 2015", "start": "2013-01-01", "end": "2015-12-31"}))
        tx.put_plan(Plan(key="soc-trang-09-2012", number="09/KH-UBND"))
        for card_id, lead, support, time_text in ((C1, "Sở Nội vụ", ["Sở Tư pháp"], "Quý IV năm 2013"),
                                                  (C2, "Sở Tư pháp", [], "Năm 2014")):
            tx.put_card(Card(id=card_id, plan=PLAN, number=card_id.rsplit(".", 1)[1], content="Rà soát thủ tục",
                             lead=[lead], support=support, lead_text=lead, support_text="; ".join(support),
                             time_text=time_text, deadline=parse_deadline(time_text),
                             source={"file": "55.txt", "line": 10}))
            tx.record(card_id, "create", note="imported")
    return store


@pytest.fixture
def store(isolated_db) -> Store:
    return seed(isolated_db)


def draft(store: Store, **overrides):
    values = dict(plan=PLAN, content="Thực hiện các công việc khác theo chỉ đạo của Ban Chỉ đạo",
                  lead=["so noi vu"], support=["STP, Sở Tài chính (phối hợp chặt chẽ)"], time_text="Quý IV/2014")
    values.update(overrides)
    return validate_new_card(store.load(), **values)


def state(store: Store, card_id: str) -> dict:
    """A card as stored, minus what every change must move on (updated_at, iCalendar SEQUENCE)."""
    data = Store(store.path).load().cards[card_id].to_dict()
    return {k: v for k, v in data.items() if k not in ("updated_at", "sequence")}


# -- validation ----------------------------------------------------------------------------------
def test_validate_new_card_canonicalises_agencies_and_parses_the_time(store):
    d = draft(store)
    assert d.plan == PLAN
    assert d.lead == ["Sở Nội vụ"] and d.lead_text == "Sở Nội vụ"
    assert d.support == ["Sở Tư pháp", "Sở Tài chính"] and d.support_text == "Sở Tư pháp; Sở Tài chính"
    assert d.notes == ["phối hợp chặt chẽ"]
    assert (d.deadline.kind, d.deadline.due) == ("quarter", date(2014, 12, 31))
    assert d.warnings == []
    assert deadline_summary(d.deadline, d.time_text) == "quarter, due 2014-12-31 (Quý IV/2014)"


def test_plan_prefix_is_enough(store):
    assert draft(store, plan="nam").plan == PLAN


@pytest.mark.parametrize("content", ["", "   ", "\u00a0\n"])
def test_empty_content_is_refused(store, content):
    with pytest.raises(UsageError, match="content is empty") as err:
        draft(store, content=content)
    assert "--content" in err.value.hint


def test_unknown_plan_lists_the_known_ones(store):
    with pytest.raises(NotFoundError, match="no plan 'ha-noi'") as err:
        draft(store, plan="ha-noi")
    assert PLAN in err.value.hint and "soc-trang-09-2012" in err.value.hint


def test_unknown_agency_suggests_the_closest_and_new_agency_accepts_it(store):
    with pytest.raises(NotFoundError) as err:
        draft(store, lead=["Sở Nội vu"], support=["Sở Ngoại vụ"])
    assert "Sở Ngoại vụ" in err.value.message and "Sở Nội vụ" in err.value.message   # the closest one
    assert "--new-agency" in err.value.hint
    d = draft(store, support=["Sở Ngoại vụ"], new_agency=True)
    assert d.support == ["Sở Ngoại vụ"]
    assert any("New support agency 'Sở Ngoại vụ'" in w for w in d.warnings)


def test_agencies_already_in_the_database_are_accepted(store):
    with store.transaction("edit") as tx:
        tx.edit(C2, {"support": ["Trung tâm Hành chính công"]}, by_hand=False)
    assert draft(store, support=["trung tam hanh chinh cong"]).support == ["Trung tâm Hành chính công"]
    assert "Trung tâm Hành chính công" in agency_names(store.load())


def test_a_lead_is_required(store):
    with pytest.raises(UsageError, match="lead agency"):
        draft(store, lead=[" "])


def test_time_text_not_understood_is_kept_as_unknown_with_a_warning(store):
    d = draft(store, time_text="Khi có kinh phí bổ sung")
    assert d.time_text == "Khi có kinh phí bổ sung"
    assert d.deadline.kind in ("unknown", "conditional")
    d = draft(store, time_text="xyz")
    assert (d.deadline.kind, d.deadline.due) == ("unknown", None)
    assert any("'xyz' was not understood" in w for w in d.warnings)
    assert preview_deadline(store.load(), PLAN, "xyz")[0] == "unknown, no due date (xyz)"


def test_recurring_time_is_bounded_by_the_plan_period(store):
    d = draft(store, time_text="Hàng năm")
    assert d.deadline.kind == "recurring" and d.deadline.until == date(2015, 12, 31)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=40), agency=st.text(max_size=30))
def test_validation_raises_only_tracker_errors(store, text, agency):
    try:
        d = draft(store, content=text or "x", lead=[agency or "Sở Nội vụ"], time_text=text, new_agency=True)
    except TrackerError:
        return
    assert d.deadline.kind


# -- add -----------------------------------------------------------------------------------------
def test_add_gives_plan_ids_a_uid_source_and_a_create_event(store):
    first = add_card(store, draft(store), by="Chị Lan", via="cli")
    second = add_card(store, draft(store, content="Việc thứ hai"), by="Chị Lan")
    assert (first.id, second.id) == (f"{PLAN}.n1", f"{PLAN}.n2")
    snap = Store(store.path).load()
    card = snap.cards[first.id]
    assert card.number == "n1" and card.plan == PLAN and card.status == Status.NOT_STARTED
    assert card.uid and card.uid != snap.cards[second.id].uid
    assert card.source == {"file": None, "line": None, "added_by": "Chị Lan"}
    assert card.lead == ["Sở Nội vụ"] and card.deadline.due == date(2014, 12, 31) and card.sequence == 1
    change_set = snap.change_sets[-2]
    assert (change_set.action, change_set.by, change_set.cards) == ("add", "Chị Lan", 1)
    assert [(e.kind, e.card) for e in snap.events if e.change_set == change_set.id] == [("create", first.id)]


def test_next_card_id_skips_gaps_and_other_plans():
    ids = [f"{PLAN}.n1", f"{PLAN}.n7", f"{PLAN}.nx", "other.n9", f"{PLAN}.12"]
    assert next_card_id(ids, PLAN) == f"{PLAN}.n8"
    assert next_card_id([], PLAN) == f"{PLAN}.n1"


def test_undo_add_removes_the_card_and_keeps_the_plan(store):
    before = Store(store.path).load()
    card = add_card(store, draft(store))
    undo_last(store)
    after = Store(store.path).load()
    assert card.id not in after.cards
    assert {k: c.to_dict() for k, c in after.cards.items()} == {k: c.to_dict() for k, c in before.cards.items()}
    assert set(after.plans) == set(before.plans)
    assert [e.kind for e in after.events_for(card.id)] == ["create", "delete"]   # history keeps it


# -- edit ----------------------------------------------------------------------------------------
def test_edit_records_one_event_per_field_and_marks_edited(store):
    change_set = edit_card(store, C1, {"content": "Rà soát, đơn giản hóa thủ tục", "lead": ["Sở Tư pháp"],
                                       "support": [], "time_text": "Hàng năm", "note": "theo CV 12",
                                       "section": "II. Cải cách thủ tục"}, by="Anh Minh", via="tui")
    snap = Store(store.path).load()
    card = snap.cards[C1]
    assert card.content == "Rà soát, đơn giản hóa thủ tục"
    assert (card.lead, card.lead_text, card.support, card.support_text) == (["Sở Tư pháp"], "Sở Tư pháp", [], "")
    assert card.time_text == "Hàng năm" and card.deadline.kind == "recurring"
    assert card.deadline.until == date(2015, 12, 31)                     # parsed with the plan's period
    assert (card.note, card.section) == ("theo CV 12", "II. Cải cách thủ tục")
    assert sorted(card.edited) == sorted(["content", "lead", "lead_text", "support", "support_text",
                                          "time_text", "deadline", "section"])   # the note is not plan content
    events = [e for e in snap.events if e.change_set == change_set.id]
    assert (change_set.action, change_set.by, change_set.via) == ("edit", "Anh Minh", "tui")
    fields = {e.field: (e.old, e.new) for e in events}
    assert fields["time_text"] == ("Quý IV năm 2013", "Hàng năm")
    assert fields["deadline"][0] == {"kind": "quarter", "due": "2013-12-31", "quarter": 4}
    assert fields["lead"] == (["Sở Nội vụ"], ["Sở Tư pháp"])
    assert fields["edited"] == ([], card.edited)
    assert all(e.kind == "edit" and e.by == "Anh Minh" for e in events)


def test_undo_edit_restores_the_exact_previous_card(store):
    edit_card(store, C1, {"content": "Khác"})
    before = state(store, C1)
    assert before["edited"] == ["content"]
    edit_card(store, C1, {"content": "Khác nữa", "time_text": "Tháng 3/2015", "lead": ["Sở Tài chính"]})
    undo_last(store)
    assert state(store, C1) == before          # edited list included: only "content" stays edited
    undo_last(store)
    assert state(store, C1)["edited"] == [] and state(store, C1)["content"] == "Rà soát thủ tục"


def test_edit_that_changes_nothing_writes_nothing(store):
    writes = store.writes
    assert edit_card(store, C1, {"content": " Rà soát thủ tục ", "lead": ["SNV"]}) is None
    assert store.writes == writes


@pytest.mark.parametrize("changes, error, text", [
    ({}, UsageError, "Nothing to edit"),
    ({"status": "done"}, UsageError, "cannot be edited: status"),
    ({"content": "  "}, UsageError, "content is empty"),
    ({"lead": []}, UsageError, "lead agency cannot be empty"),
    ({"lead": ["Sở Ngoại vụ"]}, NotFoundError, "Unknown lead agency"),
])
def test_bad_edits_change_nothing(store, changes, error, text):
    before = store.path.read_bytes()
    with pytest.raises(error, match=text):
        edit_card(store, C1, changes)
    assert store.path.read_bytes() == before


def test_edit_unknown_id_names_candidates(store):
    with pytest.raises(NotFoundError, match="No card has the id"):
        edit_card(store, f"{PLAN}.99", {"content": "x"})


def test_edit_accepts_a_new_agency_when_asked(store):
    edit_card(store, C1, {"support": ["Sở Ngoại vụ"]}, new_agency=True)
    assert Store(store.path).load().cards[C1].support == ["Sở Ngoại vụ"]


def test_editing_an_archived_card_names_restore(store):
    archive_cards(store, [C1])
    with pytest.raises(UsageError, match="archived") as err:
        edit_card(store, C1, {"content": "x"})
    assert f"tracker restore {C1}" in err.value.hint
    with pytest.raises(UsageError, match="archived"):
        validate_edit(store.load(), C1, {"content": "x"})
    with pytest.raises(UsageError, match="archived"):
        record_progress(store, C1, "x")


# -- archive / restore ---------------------------------------------------------------------------
def test_archive_hides_cards_keeps_history_and_undo_brings_them_back(store):
    move_cards(store, [C1], "doing")
    before = state(store, C1)
    change_set = archive_cards(store, [C1, C2], by="Chị Lan")
    snap = Store(store.path).load()
    assert change_set.action == "archive" and change_set.cards == 2
    assert all(snap.cards[i].archived for i in (C1, C2))
    assert snap.active_cards() == []
    assert apply_filters(snap.cards.values(), Filters(), TODAY) == []
    assert snap.cards[C1].status == Status.IN_PROGRESS and snap.cards[C1].edited == []
    kinds = [(e.kind, e.field, e.old, e.new) for e in snap.events_for(C1)]
    assert kinds[0][0] == "create" and kinds[-1] == ("archive", "archived", False, True)
    assert archive_cards(store, [C1]) is None                       # already archived: nothing to do
    undo_last(store)
    assert state(store, C1) == before


def test_restore_and_its_undo(store):
    archive_cards(store, [C1])
    archived = state(store, C1)
    change_set = restore_cards(store, [C1])
    assert change_set.action == "restore" and not Store(store.path).load().cards[C1].archived
    assert restore_cards(store, [C1]) is None
    undo_last(store)
    assert state(store, C1) == archived


def test_archive_refuses_unknown_ids_without_changing_anything(store):
    before = store.path.read_bytes()
    with pytest.raises(NotFoundError):
        archive_cards(store, [C1, "nope"])
    assert store.path.read_bytes() == before


# -- progress notes ------------------------------------------------------------------------------
def test_progress_is_history_with_date_and_author(store):
    before = state(store, C1)
    event = record_progress(store, C1, "Đã trình dự thảo", by="Sở Tư pháp", via="cli", on=date(2014, 5, 20))
    assert (event.kind, event.card, event.new, event.note, event.by) == (
        "progress", C1, "2014-05-20", "Đã trình dự thảo", "Sở Tư pháp")
    assert state(store, C1) == before                            # the card itself does not change
    snap = Store(store.path).load()
    assert snap.change_sets[-1].action == "progress"
    assert latest_progress(snap)[C1].note == "Đã trình dự thảo"


def test_latest_progress_is_by_date_reported_and_skips_undone(store):
    record_progress(store, C1, "Tháng 5", on=date(2014, 5, 20))
    record_progress(store, C1, "Tháng 3 (báo muộn)", on=date(2014, 3, 1))
    record_progress(store, C2, "Xong", on=date(2014, 6, 1))
    snap = Store(store.path).load()
    assert {k: e.note for k, e in latest_progress(snap).items()} == {C1: "Tháng 5", C2: "Xong"}
    undo_last(store)                                             # retracts C2's note
    record_progress(store, C1, "Tháng 6", on=date(2014, 6, 15))
    undo_last(store)                                             # retracts it again
    snap = Store(store.path).load()
    assert {k: e.note for k, e in latest_progress(snap).items()} == {C1: "Tháng 5"}
    assert [e.note for e in progress_notes(snap, C1)] == ["Tháng 3 (báo muộn)", "Tháng 5"]


def test_progress_without_a_date_takes_the_day_of_the_transaction(store):
    event = record_progress(store, C1, "Đang thực hiện")
    assert date.fromisoformat(event.new)                         # a real ISO date, from the event's own clock


def test_empty_progress_note_is_refused(store):
    with pytest.raises(UsageError, match="progress note is empty"):
        record_progress(store, C1, "  ")


# -- two writers ---------------------------------------------------------------------------------
def test_two_stores_editing_the_same_card_lose_nothing(store):
    other = Store(store.path)
    other.load()                                                 # a stale view, as the board would hold
    edit_card(store, C1, {"content": "Nội dung mới"}, by="cli")
    edit_card(other, C1, {"note": "ghi chú", "time_text": "Năm 2015"}, by="board", via="tui")
    card = Store(store.path).load().cards[C1]
    assert (card.content, card.note, card.time_text) == ("Nội dung mới", "ghi chú", "Năm 2015")
    assert sorted(card.edited) == ["content", "deadline", "time_text"]


def _writer(path: str, field: str, rounds: int) -> None:
    store = Store(path)
    for i in range(rounds):
        edit_card(store, C1, {field: f"{field} {i}"}, by=field)


def test_two_processes_editing_the_same_card_lose_nothing(store):
    ctx = multiprocessing.get_context("spawn")
    rounds = 8
    procs = [ctx.Process(target=_writer, args=(str(store.path), name, rounds)) for name in ("content", "note")]
    for proc in procs:
        proc.start()
    for proc in procs:
        proc.join(60)
        assert proc.exitcode == 0
    snap = Store(store.path).load()
    card = snap.cards[C1]
    assert (card.content, card.note) == (f"content {rounds - 1}", f"note {rounds - 1}")
    edits = [cs for cs in snap.change_sets if cs.action == "edit"]
    assert sorted(cs.by for cs in edits) == ["content"] * rounds + ["note"] * rounds
