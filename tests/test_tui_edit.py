"""Pilot tests of hand edits on the board: new card, edit form with live deadline preview, archive, undo."""

from __future__ import annotations

import unicodedata
from datetime import date

from test_tui_support import PLAN, SIZE, TODAY, make_store, screen_text, settle

from tracker.store import Store
from tracker.tui.app import TrackerApp
from tracker.tui.edit_form import CardForm, ConfirmArchive
from tracker.tui.screen import BoardScreen
from tracker.tui.compat import notifications


def cid(number: str) -> str:
    return f"{PLAN}.{number}"


async def type_into(pilot, app, widget_id: str, text: str, clear: bool = True) -> None:
    field = app.screen.query_one(f"#{widget_id}")
    if clear:
        if widget_id == "form-content":
            field.text = ""
        else:
            field.value = ""
    field.focus()
    await pilot.pause()
    if widget_id != "form-content":
        field.cursor_position = len(field.value)    # focus selects the whole value: type after it
    await pilot.press(*text)
    await pilot.pause()


async def fill(pilot, app, widget_id: str, text: str) -> None:
    """Set a field at once (typing every letter costs ~50 ms a key); Changed still fires."""
    field = app.screen.query_one(f"#{widget_id}")
    if widget_id == "form-content":
        field.text = text
    else:
        field.value = text
    await pilot.pause()


async def open_form(pilot, app, key: str) -> CardForm:
    await pilot.press(key)
    await settle(pilot, app)
    assert isinstance(app.screen, CardForm)
    return app.screen


def preview(app) -> str:
    return str(app.screen.query_one("#form-preview").render())


async def test_new_card_through_the_form_then_undo(tmp_path):
    db = tmp_path / "db.json"
    make_store(db)
    app = TrackerApp(db, today=TODAY)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, app)
        form = await open_form(pilot, app, "n")
        assert form.plan_key == PLAN                                # the focused card's plan
        await type_into(pilot, app, "form-content", "Thực hiện")
        await fill(pilot, app, "form-content", form.value("form-content") + " các công việc khác")
        await type_into(pilot, app, "form-lead", "so noi vu")         # the CLI's canonical matching
        await fill(pilot, app, "form-support", "Sở Tư pháp")
        await type_into(pilot, app, "form-time", "Quý IV/2014")
        assert "due 2014-12-31" in preview(app)
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert isinstance(app.screen, BoardScreen)
        snapshot = Store(db).load()
        card = snapshot.cards[cid("n1")]
        assert (card.content, card.lead, card.support, card.time_text) == (
            "Thực hiện các công việc khác", ["Sở Nội vụ"], ["Sở Tư pháp"], "Quý IV/2014")
        assert card.deadline.due == date(2014, 12, 31) and card.uid
        events = snapshot.events_for(cid("n1"))
        assert [(e.kind, e.via) for e in events] == [("create", "tui")]
        assert app.board.focused().id == cid("n1")                  # the cursor is on the new card
        assert "Chưa bắt đầu (4)" in screen_text(app)
        assert any(cid("n1") in n.message for n in notifications(app))
        await pilot.press("u")
        await settle(pilot, app)
        assert cid("n1") not in Store(db).load().cards
        assert "Chưa bắt đầu (3)" in screen_text(app)


async def test_edit_time_text_shows_the_live_preview_then_stores_the_deadline(tmp_path):
    db = tmp_path / "db.json"
    make_store(db)
    app = TrackerApp(db, today=TODAY, lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("j")                                      # card 2, due 20/01/2014
        form = await open_form(pilot, app, "e")
        assert form.query_one("#form-time").value == "Trước ngày 20/01/2014"
        assert "date, due 2014-01-20" in preview(app)
        await type_into(pilot, app, "form-time", "Quý II/20")
        await type_into(pilot, app, "form-time", "15", clear=False)
        assert "quarter, due 2015-06-30" in preview(app)             # follows each keystroke
        await pilot.press("backspace", "4")
        await pilot.pause()
        assert "quarter, due 2014-06-30" in preview(app)
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        card = Store(db).load().cards[cid("2")]
        assert card.time_text == "Quý II/2014" and card.deadline.due == date(2014, 6, 30)
        assert "time_text" in card.edited                            # kept by a re-import
        assert card.content.startswith("Rà soát")                   # untouched fields are not sent
        assert app.board.by_id[cid("2")].due == date(2014, 6, 30)
        assert "30/06/2014" in screen_text(app)
        await pilot.press("u")
        await settle(pilot, app)
        card = Store(db).load().cards[cid("2")]
        assert card.time_text == "Trước ngày 20/01/2014" and card.deadline.due == date(2014, 1, 20)
        assert "time_text" not in card.edited


async def test_empty_content_is_refused_in_the_form_and_nothing_is_written(tmp_path):
    db = tmp_path / "db.json"
    make_store(db)
    before = db.read_bytes()
    app = TrackerApp(db, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await open_form(pilot, app, "n")
        await fill(pilot, app, "form-lead", "Sở Nội vụ")
        await fill(pilot, app, "form-time", "Năm 2015")
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert isinstance(app.screen, CardForm)                     # still open, with the CLI's message
        assert "Nội dung để trống: thẻ cần có nội dung nhiệm vụ." in screen_text(app)
        await pilot.press("escape")
        await settle(pilot, app)
        assert isinstance(app.screen, BoardScreen)
    assert db.read_bytes() == before


async def test_unknown_agency_names_the_closest_then_new_agency_accepts_it(tmp_path):
    db = tmp_path / "db.json"
    make_store(db)
    before = db.read_bytes()
    app = TrackerApp(db, today=TODAY, lang="en")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, app)
        form = await open_form(pilot, app, "n")
        await fill(pilot, app, "form-content", "Việc mới")
        await fill(pilot, app, "form-lead", "Ban Quản lý khu kinh tế")
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert isinstance(app.screen, CardForm)
        assert "Unknown lead agency" in screen_text(app) and "--new-agency" in screen_text(app)
        assert db.read_bytes() == before
        form.query_one("#form-new-agency").value = True
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        card = Store(db).load().cards[cid("n1")]
        assert card.lead == ["Ban Quản lý khu kinh tế"]
        assert any(n.severity == "warning" and "New lead agency" in n.message for n in notifications(app))


async def test_agency_completion_ignores_case_and_diacritics_and_keeps_the_list(tmp_path):
    make_store(tmp_path / "db.json")
    app = TrackerApp(tmp_path / "db.json", today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        form = await open_form(pilot, app, "n")
        await type_into(pilot, app, "form-lead", "sở tư")
        await pilot.pause(0.05)
        await pilot.press("right")                                    # accept the suggestion
        assert form.query_one("#form-lead").value == "Sở Tư pháp"
        await fill(pilot, app, "form-support", "Sở Tư pháp; so n")
        await type_into(pilot, app, "form-support", "oi", clear=False)
        await pilot.pause(0.05)
        await pilot.press("right")
        assert form.query_one("#form-support").value == "Sở Tư pháp; Sở Nội vụ"
        field = form.query_one("#form-section")
        field.value = unicodedata.normalize("NFD", "Mục tiêu")
        await pilot.pause()
        assert field.value == "Mục tiêu" and unicodedata.is_normalized("NFC", field.value)


async def test_archive_asks_first_then_undo_brings_it_back(tmp_path):
    db = tmp_path / "db.json"
    make_store(db)
    app = TrackerApp(db, today=TODAY)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, app)
        await pilot.press("delete")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmArchive) and cid("1") in screen_text(app)
        await pilot.press("n")                                        # no: nothing happens
        await settle(pilot, app)
        assert not Store(db).load().cards[cid("1")].archived
        await pilot.press("delete", "y")
        await settle(pilot, app)
        card = Store(db).load().cards[cid("1")]
        assert card.archived and card.content.startswith("Xây dựng")  # still in the store
        assert cid("1") not in app.board.by_id and "Chưa bắt đầu (2)" in screen_text(app)
        assert [e.via for e in Store(db).load().events_for(cid("1")) if e.kind == "archive"] == ["tui"]
        await pilot.press("u")
        await settle(pilot, app)
        assert not Store(db).load().cards[cid("1")].archived
        assert cid("1") in app.board.by_id and "Chưa bắt đầu (3)" in screen_text(app)


async def test_edit_and_archive_without_a_card_say_so(tmp_path):
    app = TrackerApp(tmp_path / "db.json", today=TODAY)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, app)
        await pilot.press("e", "delete")
        await settle(pilot, app)
        assert isinstance(app.screen, BoardScreen)
        assert sum(n.severity == "warning" for n in notifications(app)) == 2
