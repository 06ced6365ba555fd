"""Pilot tests of the board at a fixed size and `today`, asserting on the store and on the screen."""

from __future__ import annotations

import threading
import unicodedata

from test_tui_support import PLAN, SIZE, TODAY, make_store, screen_text, settle

from tracker import services
from tracker.model import Status
from tracker.store import Store
from tracker.tui.app import TrackerApp
from tracker.tui.dialogs import AgencyPicker, DetailsScreen, HelpScreen
from tracker.tui.compat import notifications


def cid(number: str) -> str:
    return f"{PLAN}.{number}"


def status_of(path, number: str) -> Status:
    return Store(path).load().cards[cid(number)].status


async def test_columns_cards_and_deadline_marks(tmp_path):
    make_store(tmp_path / "db.json")
    app = TrackerApp(tmp_path / "db.json", today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        text = screen_text(app)
        assert "Chưa bắt đầu (3)" in text and "Đang thực hiện (1)" in text and "Hoàn thành (1)" in text
        assert "! 31/12/2013" in text            # overdue relative to today = 15/01/2014
        assert "20/01/2014" in text and "! 20/01/2014" not in text
        assert "↻ 31/12/2014" in text and "∞" in text
        assert "◆ Sở Nội vụ" in text and "Quý IV/2013" in text
        assert "5/5 thẻ" in text and "15/01/2014" in text


async def test_english_labels(tmp_path):
    make_store(tmp_path / "db.json")
    app = TrackerApp(tmp_path / "db.json", today=TODAY, lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        text = screen_text(app)
        assert "Not started (3)" in text and "In progress (1)" in text and "Done (1)" in text


async def test_move_cards_with_keys_then_undo(tmp_path):
    db = tmp_path / "db.json"
    make_store(db)
    app = TrackerApp(db, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("greater_than_sign")          # card 1: not started → in progress
        await settle(pilot, app)
        assert status_of(db, "1") == Status.IN_PROGRESS
        assert app.board.focused().id == cid("1")       # focus follows the card
        await pilot.press("shift+right")                # → done
        await settle(pilot, app)
        assert status_of(db, "1") == Status.DONE
        events = [e for e in Store(db).load().events_for(cid("1")) if e.kind == "status"]
        assert [(e.old, e.new, e.via) for e in events] == [
            ("not-started", "in-progress", "tui"), ("in-progress", "done", "tui")]
        assert "Hoàn thành (2)" in screen_text(app)
        await pilot.press("less_than_sign")             # back to in progress
        await pilot.press("u")                          # undo that last move
        await settle(pilot, app)
        assert status_of(db, "1") == Status.DONE
        assert "Hoàn thành (2)" in screen_text(app)


async def test_hjkl_and_arrows_move_focus(tmp_path):
    make_store(tmp_path / "db.json")
    app = TrackerApp(tmp_path / "db.json", today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("j", "down")
        assert app.board.focused().id == cid("3")
        await pilot.press("k")
        assert app.board.focused().id == cid("2")
        await pilot.press("l")
        assert app.board.focused().id == cid("4")
        await pilot.press("right")
        assert app.board.focused().id == cid("5")
        await pilot.press("h", "left")
        assert app.board.focused().id == cid("2")       # each column keeps its own cursor


async def _pick_agency(pilot, app, typed: str, lead_only: bool = False) -> None:
    await pilot.press("a")
    await pilot.pause()
    assert isinstance(app.screen, AgencyPicker)
    await pilot.press(*typed)
    if lead_only:
        await pilot.press("ctrl+l")
    await pilot.press("enter")
    await settle(pilot, app)


async def test_agency_filter_with_and_without_diacritics(tmp_path):
    make_store(tmp_path / "db.json")
    app = TrackerApp(tmp_path / "db.json", today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("j")                           # focus card 2, which names Sở Nội vụ as support
        await _pick_agency(pilot, app, "so noi vu")
        shown = {row.id for row in app.board.visible_rows()}
        assert shown == {cid("1"), cid("2"), cid("4")}
        assert app.board.focused().id == cid("2")         # the focused card still matches: kept
        assert "Cơ quan: Sở Nội vụ" in screen_text(app) and "3/5 thẻ" in screen_text(app)
        await _pick_agency(pilot, app, "Sở Nội vụ", lead_only=True)
        assert {row.id for row in app.board.visible_rows()} == {cid("1"), cid("4")}
        assert "(chủ trì)" in screen_text(app)
        await _pick_agency(pilot, app, "SỞ NỘI VỤ")          # the picker remembers lead-only
        assert {row.id for row in app.board.visible_rows()} == {cid("1"), cid("4")}


async def test_search_ignores_diacritics_and_escape_clears(tmp_path):
    make_store(tmp_path / "db.json")
    app = TrackerApp(tmp_path / "db.json", today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("slash", *"thu tuc")
        await pilot.pause()
        assert [row.id for row in app.board.visible_rows()] == [cid("2")]
        assert "Tìm: “thu tuc”" in screen_text(app)
        await pilot.press("enter")                       # keep the search, back to the cards
        assert app.board.filters.search == "thu tuc"
        await pilot.press("escape")
        await pilot.pause()
        assert app.board.shown == 5 and app.board.filters.search is None


async def test_search_input_is_normalised_to_nfc(tmp_path):
    make_store(tmp_path / "db.json")
    app = TrackerApp(tmp_path / "db.json", today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("slash")
        search = app.screen.query_one("#search")
        search.value = unicodedata.normalize("NFD", "thủ tục")
        await pilot.pause()
        assert search.value == "thủ tục" and unicodedata.is_normalized("NFC", search.value)
        assert [row.id for row in app.board.visible_rows()] == [cid("2")]


async def test_due_filter_cycles_overdue_quarter_off(tmp_path):
    make_store(tmp_path / "db.json")
    app = TrackerApp(tmp_path / "db.json", today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("o")
        assert [row.id for row in app.board.visible_rows()] == [cid("1")]
        assert "quá hạn" in screen_text(app)
        await pilot.press("o", "enter")                  # the quarter picker: this quarter (Q1 2014) first
        await pilot.pause()
        assert [row.id for row in app.board.visible_rows()] == [cid("2")]   # due 20/01/2014
        assert app.board.filters.quarter == "2014Q1" and not app.board.filters.overdue
        await pilot.press("o")
        assert app.board.shown == 5


async def test_details_show_everything_and_save_the_note(tmp_path):
    db = tmp_path / "db.json"
    make_store(db)
    services.move_cards(Store(db), [cid("2")], "doing", note="bắt đầu rà soát", by="Lan")
    app = TrackerApp(db, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("l", "enter")                  # card 2 now leads the in-progress column
        await settle(pilot, app)
        assert isinstance(app.screen, DetailsScreen)
        text = screen_text(app)
        for expected in ("Rà soát, đánh giá thủ tục hành chính", "Sở Tư pháp", "Sở Nội vụ", "Trước ngày 20/01/2014",
                         "20/01/2014", "nam-dinh-55-kh-ubnd-2013.txt:102", "Chưa bắt đầu → Đang thực hiện",
                         "bắt đầu rà soát", "55/KH-UBND"):
            assert expected in text, expected
        note = app.screen.query_one("#note")
        note.focus()
        note.text = ""
        await pilot.press(*"Đã họp")
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert not isinstance(app.screen, DetailsScreen)
        assert Store(db).load().cards[cid("2")].note == "Đã họp"


async def test_mouse_click_focuses_and_double_click_opens_details(tmp_path):
    make_store(tmp_path / "db.json")
    app = TrackerApp(tmp_path / "db.json", today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.click("#column-0", offset=(5, 8))    # second card: rows 7-12 inside the border
        assert app.board.focused().id == cid("2")
        await pilot.click("#column-1", offset=(5, 2), times=2)
        await settle(pilot, app)
        assert isinstance(app.screen, DetailsScreen) and app.screen.card.id == cid("4")
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, DetailsScreen)


async def test_help_lists_every_key(tmp_path):
    make_store(tmp_path / "db.json")
    app = TrackerApp(tmp_path / "db.json", today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        for key in ("hjkl", "shift+←→ < >", "enter", "a", "/", "p", "o", "u", "x", "r", "?", "q", "esc", "del"):
            assert key in text, key
        for label in ("Thống kê", "Thêm", "Sửa", "Lưu trữ", "Đồng bộ", "chủ trì / mọi vai trò"):
            assert label in text, label
        await pilot.press("escape")


async def test_outside_change_is_picked_up_keeping_the_focus(tmp_path):
    db = tmp_path / "db.json"
    make_store(db)
    app = TrackerApp(db, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("j")                            # focus card 2
        services.move_cards(Store(db), [cid("1")], "done", via="cli")   # a script, another Store
        for _ in range(100):
            await pilot.pause(0.02)
            if app.board.by_id[cid("1")].status == Status.DONE:
                break
        await settle(pilot, app)
        assert "Hoàn thành (2)" in screen_text(app)
        assert app.board.focused().id == cid("2")


async def test_locked_database_retries_with_a_message(tmp_path):
    db = tmp_path / "db.json"
    make_store(db)
    holder = Store(db)
    app = TrackerApp(db, today=TODAY)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, app)
        release = threading.Event()

        def hold():
            with holder.locked():
                release.wait(5)
        thread = threading.Thread(target=hold)
        thread.start()
        await pilot.pause(0.1)
        await pilot.press("greater_than_sign")
        for _ in range(200):
            await pilot.pause(0.02)
            if any("khoá" in n.message for n in notifications(app)):
                break
        assert any("khoá" in n.message for n in notifications(app))
        release.set()
        thread.join()
        await settle(pilot, app)
        assert status_of(db, "1") == Status.IN_PROGRESS


async def test_empty_database_explains_how_to_import(tmp_path):
    app = TrackerApp(tmp_path / "missing.json", today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        assert "tracker import plans/" in screen_text(app)


async def test_corrupt_database_shows_the_store_message(tmp_path):
    db = tmp_path / "db.json"
    db.write_text('{"_meta": {"1": ', encoding="utf-8")
    app = TrackerApp(db, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        text = screen_text(app)
        assert "Không mở được cơ sở dữ liệu" in text and "không phải JSON hợp lệ" in text   # one language
        assert db.read_text(encoding="utf-8") == '{"_meta": {"1": '     # never overwritten


async def test_too_small_terminal_shows_a_message(tmp_path):
    make_store(tmp_path / "db.json")
    app = TrackerApp(tmp_path / "db.json", today=TODAY)
    async with app.run_test(size=(50, 12)) as pilot:
        await settle(pilot, app)
        text = screen_text(app)
        assert "quá nhỏ" in text and "60×15" in text and "Chưa bắt đầu" not in text


async def test_narrow_terminal_truncates_cleanly(tmp_path):
    make_store(tmp_path / "db.json")
    app = TrackerApp(tmp_path / "db.json", today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        lines = screen_text(app).splitlines()
        assert len(lines) == 24 and all(len(line) <= 80 for line in lines)
        assert "Chưa bắt đầu (3)" in lines[1] and "Hoàn thành (1)" in lines[1]


async def test_export_writes_what_is_on_screen(tmp_path):
    make_store(tmp_path / "db.json")
    app = TrackerApp(tmp_path / "db.json", today=TODAY)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, app)
        await _pick_agency(pilot, app, "so noi vu")
        await pilot.press("x")
        await settle(pilot, app)
        files = list((tmp_path / "exports").glob("*.ics"))       # the fixture made tmp_path the cwd
        assert len(files) == 1
        calendar = files[0].read_bytes().decode("utf-8").replace("\r\n ", "").replace("\n ", "")  # unfold
        assert cid("1") in calendar and cid("2") in calendar and cid("4") in calendar
        assert cid("3") not in calendar and cid("5") not in calendar      # not on screen: not exported
        assert any(str(files[0].name) in n.message for n in notifications(app))


async def test_plan_picker_filters_by_plan(tmp_path):
    make_store(tmp_path / "db.json")
    app = TrackerApp(tmp_path / "db.json", today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("p")
        await pilot.pause()
        assert "55/KH-UBND" in screen_text(app) and "(5)" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert app.board.filters.plan == PLAN and "Kế hoạch: nam-dinh-55-2013" in screen_text(app)
        await pilot.press("p", "home", "enter")                       # (all plans)
        await pilot.pause()
        assert app.board.filters.plan is None


async def test_undo_with_nothing_to_undo_is_a_message(tmp_path):
    make_store(tmp_path / "db.json")
    app = TrackerApp(tmp_path / "db.json", today=TODAY)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, app)
        await pilot.press("u")
        await settle(pilot, app)
        assert any(n.severity == "error" for n in notifications(app))
        assert app.board.shown == 5


async def test_read_only_database_says_so_and_keeps_the_card(tmp_path):
    import json
    db = tmp_path / "db.json"
    make_store(db)
    raw = json.loads(db.read_text(encoding="utf-8"))
    raw["_meta"]["1"]["schema_version"] = 99
    db.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    app = TrackerApp(db, today=TODAY)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, app)
        assert "chỉ đọc" in screen_text(app)
        await pilot.press("greater_than_sign")
        await settle(pilot, app)
        assert any(n.severity == "error" and "phiên bản mới hơn" in n.message for n in notifications(app))
        assert app.board.by_id[cid("1")].status == Status.NOT_STARTED     # the optimistic move was undone
        assert "Chưa bắt đầu (3)" in screen_text(app)
