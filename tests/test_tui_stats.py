"""Pilot tests of the statistics screen (`s`): official buckets per agency, role toggle, board filters."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from test_tui_support import PLAN, SIZE, TODAY, make_store, screen_text, settle

from tracker import services
from tracker.monitoring import agency_buckets
from tracker.reports.model import history_as_of
from tracker.store import Store
from tracker.tui.app import TrackerApp
from tracker.tui.screen import BoardScreen
from tracker.tui.stats import StatsScreen, segment_widths


@pytest.fixture
def db(tmp_path, monkeypatch):
    """The sample cards; cards 1 (due 31/12/2013) and 2 (due 20/01/2014) were done on 10/01/2014."""
    path = tmp_path / "db.json"
    make_store(path)
    # History dates come from the transaction clock: pin it so no bucket depends on the wall clock.
    monkeypatch.setattr("tracker.store_data.utc_now", lambda: datetime(2014, 1, 10, 3, 0, tzinfo=timezone.utc))
    services.move_cards(Store(path), [f"{PLAN}.1", f"{PLAN}.2"], "done", by="Lan")
    monkeypatch.undo()
    return path


async def open_stats(pilot, app) -> StatsScreen:
    await pilot.press("s")
    await settle(pilot, app)
    assert isinstance(app.screen, StatsScreen)
    return app.screen


def numbers(screen: StatsScreen) -> dict[str, dict]:
    return {tally.group: tally.row() for tally in screen.tallies}


async def test_buckets_per_lead_agency_with_both_rates(db):
    app = TrackerApp(db, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        screen = await open_stats(pilot, app)
        rows = numbers(screen)
        assert {g: r["total"] for g, r in rows.items()} == {
            "Sở Nội vụ": 2, "Sở Tư pháp": 1, "Sở Thông tin và Truyền thông": 1, "Văn phòng UBND tỉnh": 1}
        assert sum(r["total"] for r in rows.values()) == 5          # one lead each: every card once
        noi_vu = rows["Sở Nội vụ"]
        assert (noi_vu["done-late"], noi_vu["no-deadline"], noi_vu["rate-due"], noi_vu["rate-all"]) == (1, 1, 100.0, 50.0)
        assert rows["Sở Tư pháp"]["done-on-time"] == 1 and rows["Sở Tư pháp"]["rate-due"] is None  # due 20/01: not yet due
        assert rows["Sở Thông tin và Truyền thông"]["not-due"] == 1
        # What is drawn says the same, labelled.
        text = screen_text(app)
        for expected in ("Sở Nội vụ (2)", "HT quá hạn 1", "Không có hạn 1",
                         "Tỷ lệ hoàn thành 100% trên số nhiệm vụ đến hạn · 50% trên tổng số",
                         "Sở Tư pháp (1)", "Tỷ lệ hoàn thành — trên số nhiệm vụ đến hạn · 100% trên tổng số",
                         "Chưa đến hạn 1", "tính theo cơ quan chủ trì", "15/01/2014", "Đã hoàn thành quá hạn"):
            assert expected in text, expected
        # The same numbers as the report's own function on the store.
        snapshot = Store(db).load()
        core = agency_buckets(snapshot.active_cards(), history_as_of(snapshot, TODAY).done_dates, as_of=TODAY)
        assert [t.row() for t in screen.tallies] == [t.row() for t in core]
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)


async def test_role_toggle_counts_supporting_agencies(db):
    app = TrackerApp(db, today=TODAY, lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        screen = await open_stats(pilot, app)
        await pilot.press("r")
        await settle(pilot, app)
        rows = numbers(screen)
        assert rows["Sở Nội vụ"]["total"] == 3 and rows["Sở Nội vụ"]["done-on-time"] == 1   # card 2 as support
        assert rows["Các sở, ban, ngành tỉnh"]["total"] == 1
        text = screen_text(app)
        assert "lead and supporting agencies" in text and "Sở Nội vụ (3)" in text and "Done on time 1" in text
        await pilot.press("r")
        await settle(pilot, app)
        assert numbers(screen)["Sở Nội vụ"]["total"] == 2


async def test_stats_follow_the_agency_filter(db):
    app = TrackerApp(db, today=TODAY, agency="Sở Nội vụ")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        assert app.board.shown == 3
        screen = await open_stats(pilot, app)
        assert list(numbers(screen)) == ["Sở Nội vụ"]               # card 2's lead Sở Tư pháp is not that agency
        assert "Cơ quan: Sở Nội vụ" in screen_text(app) and "3 thẻ" in screen_text(app)
        await pilot.press("r")
        await settle(pilot, app)
        assert {g: r["total"] for g, r in numbers(screen).items()} == {"Sở Nội vụ": 3}


async def test_stats_see_a_move_made_on_the_board(db):
    app = TrackerApp(db, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("l", "less_than_sign")     # card 4 (ongoing, Sở Nội vụ): in progress → not started
        screen = await open_stats(pilot, app)
        assert numbers(screen)["Sở Nội vụ"]["not-started"] == 1 and numbers(screen)["Sở Nội vụ"]["no-deadline"] == 1


async def test_empty_board_says_so(tmp_path):
    app = TrackerApp(tmp_path / "db.json", today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await open_stats(pilot, app)
        assert "Không có thẻ nào khớp bộ lọc." in screen_text(app)


def test_segment_widths_fill_the_bar_and_keep_small_counts_visible():
    assert segment_widths([1, 1, 2], 8) == [2, 2, 4]
    widths = segment_widths([1, 0, 998, 1], 50)
    assert sum(widths) == 50 and widths[0] == 1 and widths[1] == 0 and widths[3] == 1
    assert segment_widths([0, 0], 10) == [0, 0]
