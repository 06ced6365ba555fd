"""Pilot tests of CalDAV sync from the board (`y`) against a real Radicale on 127.0.0.1."""

from __future__ import annotations

import itertools

import caldav
import pytest
from radicale_server import PASSWORD, USER, free_port
from test_tui_support import CARDS, PLAN, SIZE, TODAY, make_store, screen_text, settle

from tracker.calendar.sync import STATE_KEY
from tracker.store import Store
from tracker.tui.app import TrackerApp
from tracker.tui.sync import BoardSync, SyncDialog
from tracker.tui.compat import notifications

_names = itertools.count(1)


@pytest.fixture
def url(server) -> str:
    return server.make_calendar(f"board{next(_names)}")


@pytest.fixture
def no_env(monkeypatch):
    for name in ("TRACKER_CALDAV_URL", "TRACKER_CALDAV_USER", "TRACKER_CALDAV_PASSWORD"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def statuses(monkeypatch) -> list[str]:
    """Every text the status line showed during a sync (progress lines are gone once it ends)."""
    shown: list[str] = []
    original = BoardSync._set_status

    def record(self, text):
        shown.append(text)
        original(self, text)
    monkeypatch.setattr(BoardSync, "_set_status", record)
    return shown


def server_cards(url: str) -> dict[str, str]:
    """Card id → STATUS of every task on the server, read like a phone would."""
    client = caldav.DAVClient(url=url, username=USER, password=PASSWORD)
    todos = client.calendar(url=url).todos(include_completed=True)
    return {str(t.icalendar_component.get("x-tracker-card-id")): str(t.icalendar_component.get("status"))
            for t in todos}


async def wait_for_sync(pilot, app) -> None:
    for _ in range(500):
        await pilot.pause(0.02)
        if not app.sync.running:
            break
    assert not app.sync.running
    await settle(pilot, app)


async def test_y_with_env_credentials_pushes_the_board_then_pulls(tmp_path, url, monkeypatch, statuses):
    db = tmp_path / "db.json"
    make_store(db)
    monkeypatch.setenv("TRACKER_CALDAV_URL", url)
    monkeypatch.setenv("TRACKER_CALDAV_USER", USER)
    monkeypatch.setenv("TRACKER_CALDAV_PASSWORD", PASSWORD)
    app = TrackerApp(db, today=TODAY)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, app)
        await pilot.press("y")
        await wait_for_sync(pilot, app)
        on_server = server_cards(url)
        assert set(on_server) == {card.id for card in CARDS}
        assert on_server[f"{PLAN}.5"] == "COMPLETED" and on_server[f"{PLAN}.4"] == "IN-PROCESS"
        assert statuses[0] == "Đồng bộ: đang kết nối…" and "Đồng bộ: đã đẩy 5/5…" in statuses
        assert statuses[-1] == "" and "Đồng bộ" not in screen_text(app)
        assert any("đẩy lên 5" in n.message and "xung đột 0" in n.message for n in notifications(app))
        assert list(Store(db).load().sync_state[STATE_KEY]) == [url]
        # A phone completes card 1; the next `y` pulls it onto the board.
        client = caldav.DAVClient(url=url, username=USER, password=PASSWORD)
        todo = next(t for t in client.calendar(url=url).todos()
                    if str(t.icalendar_component.get("x-tracker-card-id")) == f"{PLAN}.1")
        todo.icalendar_component.pop("STATUS")
        todo.icalendar_component.add("status", "COMPLETED")
        todo.save()
        await pilot.press("y")
        await wait_for_sync(pilot, app)
        assert Store(db).load().cards[f"{PLAN}.1"].status.value == "done"
        assert any("kéo về 1" in n.message for n in notifications(app))
        assert "Hoàn thành (2)" in screen_text(app)                  # reloaded


async def test_without_env_a_dialog_asks_and_the_password_is_masked_and_not_stored(tmp_path, url, no_env):
    db = tmp_path / "db.json"
    make_store(db)
    app = TrackerApp(db, today=TODAY, lang="en", agency="Sở Nội vụ")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, app)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, SyncDialog)
        assert app.screen.query_one("#sync-password").password
        app.screen.query_one("#sync-url").value = url
        app.screen.query_one("#sync-user").value = USER
        app.screen.query_one("#sync-password").value = PASSWORD
        await pilot.press("enter")
        await wait_for_sync(pilot, app)
        assert set(server_cards(url)) == {f"{PLAN}.1", f"{PLAN}.2", f"{PLAN}.4"}   # the board's filter
        assert any("3 pushed" in n.message for n in notifications(app))
        assert PASSWORD not in db.read_text(encoding="utf-8")
        await pilot.press("y")                                     # the URL is remembered, not the password
        await pilot.pause()
        assert app.screen.query_one("#sync-url").value == url
        assert app.screen.query_one("#sync-password").value == ""
        await pilot.press("escape")


async def test_wrong_password_and_server_down_are_messages_and_change_nothing(tmp_path, url, monkeypatch):
    db = tmp_path / "db.json"
    make_store(db)
    before = db.read_bytes()
    monkeypatch.setenv("TRACKER_CALDAV_URL", url)
    monkeypatch.setenv("TRACKER_CALDAV_USER", USER)
    monkeypatch.setenv("TRACKER_CALDAV_PASSWORD", "wrong")
    app = TrackerApp(db, today=TODAY, lang="en")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, app)
        await pilot.press("y")
        await wait_for_sync(pilot, app)
        errors = [n.message for n in notifications(app) if n.severity == "error"]
        assert len(errors) == 1 and "Nothing was changed" in errors[0]
        monkeypatch.setenv("TRACKER_CALDAV_URL", f"http://127.0.0.1:{free_port()}/{USER}/tasks/")
        await pilot.press("y")
        await wait_for_sync(pilot, app)
        errors = [n.message for n in notifications(app) if n.severity == "error"]
        assert len(errors) == 2 and "Nothing was changed" in errors[1]
    assert db.read_bytes() == before
    assert server_cards(url) == {}


async def test_a_second_y_while_syncing_is_refused_and_quit_waits(tmp_path, url, monkeypatch):
    db = tmp_path / "db.json"
    make_store(db)
    monkeypatch.setenv("TRACKER_CALDAV_URL", url)
    monkeypatch.setenv("TRACKER_CALDAV_USER", USER)
    monkeypatch.setenv("TRACKER_CALDAV_PASSWORD", PASSWORD)
    app = TrackerApp(db, today=TODAY, lang="en")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, app)
        app.sync.running = True                 # as if a sync were under way
        await pilot.press("y")
        await pilot.pause()
        assert any("A sync is running" in n.message for n in notifications(app))
        await pilot.press("q")
        await pilot.pause()
        assert app.is_running                   # waits for the sync
        app.sync.running = False
        app.quit_if_idle()                      # what the end of a sync calls
        await pilot.pause()
        assert not app.is_running


async def test_a_user_without_a_password_is_asked_for_it_not_crashed(tmp_path, url, no_env):
    db = tmp_path / "db.json"
    make_store(db)
    before = db.read_bytes()
    app = TrackerApp(db, today=TODAY, lang="en")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, app)
        await pilot.press("y")
        await pilot.pause()
        app.screen.query_one("#sync-url").value = url
        app.screen.query_one("#sync-user").value = USER
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SyncDialog)                 # still open, and says why
        assert "Type the password of coordinator" in str(app.screen.query_one("#sync-error").render())
        assert app.screen.focused is app.screen.query_one("#sync-password")
        assert not app.sync.running and not [n for n in notifications(app) if n.severity == "error"]
        await pilot.press("escape")
    assert db.read_bytes() == before


async def test_card_details_say_the_shared_calendar_deleted_the_card(tmp_path, url, monkeypatch):
    db = tmp_path / "db.json"
    make_store(db)
    from tracker.calendar.sync import sync_once
    from tracker.filters import Filters

    sync_once(Store(db), url, USER, PASSWORD, Filters(), TODAY)
    client = caldav.DAVClient(url=url, username=USER, password=PASSWORD)
    next(t for t in client.calendar(url=url).todos(include_completed=True)
         if str(t.icalendar_component.get("x-tracker-card-id")) == f"{PLAN}.1").delete()
    assert sync_once(Store(db), url, USER, PASSWORD, Filters(), TODAY).removed == 1
    app = TrackerApp(db, today=TODAY, lang="en")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, app)
        app.ops.open_details(f"{PLAN}.1")
        for _ in range(50):
            await pilot.pause(0.02)
            if app.screen.query("#details-shared"):
                break
        shown = str(app.screen.query_one("#details-shared").render())
        assert "Removed from the shared calendar" in shown and "--restore-deleted" in shown
        await pilot.press("escape")
