"""CalDAV sync that plays fair, on real Radicale and Xandikos servers: what phones set survives,
deletions and cancellations travel both ways, every 'done' encoding is read, a second coordinator
starts clean, missing calendars are made, accounts are discovered, failures say what happened.
The caldav library plays the phone."""

from __future__ import annotations

import itertools
from datetime import date, datetime, timezone
from pathlib import Path

import icalendar
import pytest
import vobject
from click.testing import CliRunner
from ical.calendar_stream import IcsCalendarStream

from radicale_server import PASSWORD, USER
from test_caldav_sync import CA, PLAN, phone_todos, run, seed
from tracker.calendar.dav import Dav, SyncError
from tracker.calendar.server_todo import note_of
from tracker.calendar.shared import removed_from_calendars
from tracker.calendar.sync import list_calendars
from tracker.cli import cli
from tracker.errors import UsageError
from tracker.model import Card, Deadline, Plan, Status
from tracker.store import Store

_names = itertools.count(1)


@pytest.fixture
def url(dav_server) -> str:
    made = dav_server.make_calendar(f"fair{next(_names)}")
    CA[made] = dav_server.ca_cert
    return made


@pytest.fixture
def store(isolated_db: Path) -> Store:
    store = Store(isolated_db)
    seed(store)
    return store


def phone_change(url: str, card_id: str, change) -> None:
    """Edit one task as a phone app does: its own properties, saved over the resource."""
    todo = phone_todos(url)[card_id]
    change(todo.icalendar_component)
    todo.save()


def component(url: str, card_id: str) -> icalendar.Todo:
    return phone_todos(url)[card_id].icalendar_component


def set_status(todo: icalendar.Todo, status: str, **extra) -> None:
    for name in ("STATUS", "PERCENT-COMPLETE", "COMPLETED"):
        todo.pop(name, None)
    todo.add("status", status)
    for name, value in extra.items():
        todo.add(name.replace("_", "-"), value)


def test_a_push_keeps_everything_a_phone_set(store, url):
    with store.transaction("move") as tx:
        tx.set_status(f"{PLAN}.1", Status.IN_PROGRESS)
    run(store, url)
    assert int(component(url, f"{PLAN}.1")["PERCENT-COMPLETE"]) == 50        # percent-only apps see progress

    def decorate(todo):
        todo.add("priority", 1)
        todo.add("dtstart", date(2013, 10, 1))
        todo.add("location", "Phòng họp số 2, Sở Nội vụ")
        todo.add("related-to", "parent-task@phone")
        todo.add("x-phone-flag", "starred")
        todo.pop("PERCENT-COMPLETE")
        todo.add("percent-complete", 30)
        alarm = icalendar.Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", "Nhắc việc")
        alarm.add("trigger", datetime(2013, 12, 20, 1, 0, tzinfo=timezone.utc))
        todo.add_component(alarm)
    phone_change(url, f"{PLAN}.1", decorate)
    with store.transaction("edit") as tx:
        tx.edit(f"{PLAN}.1", {"note": "Đã xin ý kiến Sở Tư pháp"}, by_hand=False)
    report = run(store, url)
    assert (report.updated, report.conflicts) == (1, [])
    todo = component(url, f"{PLAN}.1")
    assert note_of(str(todo["DESCRIPTION"])) == "Đã xin ý kiến Sở Tư pháp"
    assert int(todo["PRIORITY"]) == 1 and todo["DTSTART"].dt == date(2013, 10, 1)
    assert str(todo["LOCATION"]) == "Phòng họp số 2, Sở Nội vụ" and str(todo["RELATED-TO"]) == "parent-task@phone"
    assert str(todo["X-PHONE-FLAG"]) == "starred"
    assert [str(a["DESCRIPTION"]) for a in todo.walk("VALARM")] == ["Nhắc việc"]
    assert int(todo["PERCENT-COMPLETE"]) == 30 and str(todo["STATUS"]) == "IN-PROCESS"   # its own 1-99 kept
    assert todo["DUE"].dt == date(2013, 12, 31)
    assert run(store, url).requests == 1                                       # settled


@pytest.mark.parametrize("phone, expected", [
    ({"status": "COMPLETED"}, Status.DONE),
    ({"status": "NEEDS-ACTION", "percent_complete": 100}, Status.DONE),
    ({"status": "NEEDS-ACTION", "completed": datetime(2014, 1, 5, 3, 0, tzinfo=timezone.utc)}, Status.DONE),
    ({"status": "IN-PROCESS"}, Status.IN_PROGRESS),
    ({"status": "NEEDS-ACTION", "percent_complete": 40}, Status.IN_PROGRESS),
])
def test_done_and_in_progress_are_read_in_every_encoding(store, url, phone, expected):
    run(store, url)
    phone_change(url, f"{PLAN}.3", lambda todo: set_status(todo, **phone))
    assert run(store, url).pulled == 1
    assert store.load().cards[f"{PLAN}.3"].status == expected


def test_archive_and_cancelled_travel_both_ways(store, url):
    from tracker.editing import archive_cards

    run(store, url)
    archive_cards(store, [f"{PLAN}.2"], by="hoa", via="cli")
    assert run(store, url).updated == 1
    assert str(component(url, f"{PLAN}.2")["STATUS"]) == "CANCELLED"          # off the phone's open tasks
    phone_change(url, f"{PLAN}.3", lambda todo: set_status(todo, "CANCELLED"))
    assert run(store, url).pulled == 1
    assert store.load().cards[f"{PLAN}.3"].archived
    phone_change(url, f"{PLAN}.3", lambda todo: set_status(todo, "IN-PROCESS"))      # re-opened on the phone
    run(store, url)
    card = store.load().cards[f"{PLAN}.3"]
    assert (card.archived, card.status) == (False, Status.IN_PROGRESS)
    assert run(store, url).requests == 1


def test_a_task_deleted_on_the_server_is_not_brought_back_by_anyone(store, url, tmp_path):
    run(store, url)
    phone_todos(url)[f"{PLAN}.2"].delete()
    report = run(store, url)
    assert report.removed == 1 and len(phone_todos(url)) == 3
    assert (report.updated, report.unchanged) == (1, 2)             # one live task now carries the deletion
    assert run(store, url).requests == 1
    removed = removed_from_calendars(store.load().sync_state, f"{PLAN}.2")
    assert [item["url"] for item in removed] == [url]
    # A second coordinator who imported the same plan does not re-create it on a first sync.
    other = Store(tmp_path / "other.json")
    seed(other)
    report = run(other, url)
    assert (report.pushed, report.removed, report.adopted) == (0, 1, 3) and len(phone_todos(url)) == 3
    # A later local change is said, not hidden behind "unchanged".
    with store.transaction("move") as tx:
        tx.set_status(f"{PLAN}.2", Status.DONE)
    report = run(store, url)
    assert report.held == [f"{PLAN}.2"] and (report.pushed, report.updated) == (0, 0)
    result = CliRunner().invoke(cli, ["show", f"{PLAN}.2"], env={"TRACKER_DB": str(store.path)})
    assert "removed from the shared calendar" in result.output.lower() or "xoá khỏi lịch chung" in result.output
    # Asked for, it comes back.
    report = run(store, url, restore_deleted=True)
    assert report.restored == 1 and report.pushed == 1
    assert str(component(url, f"{PLAN}.2")["STATUS"]) == "COMPLETED"
    assert removed_from_calendars(store.load().sync_state, f"{PLAN}.2") == []


def test_a_missing_calendar_is_created_and_said(store, dav_server):
    url = dav_server.calendar_url(f"new{next(_names)}")
    CA[url] = dav_server.ca_cert
    dry = run(store, url, dry_run=True)
    assert dry.created and dry.pushed == 4 and "Would create the calendar" in dry.summary()
    report = run(store, url)
    assert report.created and report.pushed == 4 and "Created the calendar" in report.summary()
    assert len(phone_todos(url)) == 4
    assert not run(store, url).created


def test_the_calendars_of_an_account_are_discovered(dav_server, url):
    for start in (dav_server.base + "/", f"{dav_server.base}/{USER}/", url):
        found = list_calendars(start, USER, PASSWORD, ca_cert=dav_server.ca_cert)
        urls = [item["url"] for item in found]
        assert url in urls, (start, urls)
        assert next(item for item in found if item["url"] == url)["tasks"] is True


def test_the_list_option_prints_the_calendars(dav_server, url, isolated_db, monkeypatch):
    monkeypatch.setenv("TRACKER_CALDAV_PASSWORD", PASSWORD)
    args = ["sync", dav_server.base + "/", "--user", USER, "--list", "--format", "json"]
    if dav_server.ca_cert:
        args += ["--ca-cert", dav_server.ca_cert]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert url in result.stdout and "hold tasks" in result.stderr


def test_no_password_is_a_usage_error_naming_the_ways_to_give_it(store, url, monkeypatch):
    monkeypatch.delenv("TRACKER_CALDAV_PASSWORD", raising=False)
    with pytest.raises(UsageError, match="No password was given"):
        Dav(url, USER, None)
    result = CliRunner().invoke(cli, ["sync", url, "--user", USER])
    assert result.exit_code == 2
    for way in ("--password-file", "TRACKER_CALDAV_PASSWORD", "--password"):
        assert way in result.stderr
    assert "Traceback" not in result.output and "unexpected" not in result.output.lower()


def test_a_server_failing_mid_push_is_reported_exactly(store, url, monkeypatch):
    seed(store, count=8)
    real_put, calls = Dav.put, []

    def dying(self, href, data, *, etag):
        calls.append(href)
        if len(calls) > 5:
            raise SyncError(f"Cannot reach the CalDAV server at {self.origin}: connection refused.")
        return real_put(self, href, data, etag=etag)

    monkeypatch.setattr(Dav, "put", dying)
    with pytest.raises(SyncError) as caught:
        run(store, url, batch=2)
    text = str(caught.value)
    assert "Nothing was changed" not in text
    assert "5 cards sent to it (5 new, 0 updated); 3 not sent yet" in text
    monkeypatch.setattr(Dav, "put", real_put)
    assert run(store, url).pushed == 3 and len(phone_todos(url)) == 8


def test_yearly_and_range_tasks_carry_their_dates(isolated_db, url):
    store = Store(isolated_db)
    with store.transaction("import", via="import") as tx:
        tx.put_plan(Plan(key=PLAN, number="55/KH-UBND", period={"start": "2013-01-01", "end": "2015-12-31"}))
        tx.put_card(Card(id=f"{PLAN}.1", plan=PLAN, number="1", content="Báo cáo cải cách hành chính hằng năm",
                         time_text="Hàng năm", deadline=Deadline("recurring", date(2013, 12, 15), freq="yearly",
                                                                 day=15, month=12, start=date(2013, 1, 1),
                                                                 until=date(2015, 12, 31))))
        tx.put_card(Card(id=f"{PLAN}.2", plan=PLAN, number="2", content="Thí điểm một cửa liên thông",
                         time_text="Quý I - Quý II/2014",
                         deadline=Deadline("range", date(2014, 6, 30), start=date(2014, 1, 1))))
    run(store, url)
    yearly, ranged = component(url, f"{PLAN}.1"), component(url, f"{PLAN}.2")
    assert "FREQ=YEARLY" in yearly["RRULE"].to_ical().decode() and yearly["DUE"].dt == date(2013, 12, 15)
    assert yearly["DTSTART"].dt == date(2013, 1, 1)            # each year opens with the year
    assert (ranged["DTSTART"].dt, ranged["DUE"].dt) == (date(2014, 1, 1), date(2014, 6, 30))


def test_every_resource_on_the_server_passes_three_parsers(store, url):
    run(store, url)
    phone_change(url, f"{PLAN}.1", lambda todo: todo.add("x-phone-flag", "a;b,c\\d"))
    with store.transaction("edit") as tx:
        tx.edit(f"{PLAN}.1", {"note": "Ghi chú; có dấu, phẩy \\ và\nxuống dòng"}, by_hand=False)
        tx.set_status(f"{PLAN}.3", Status.DONE)
    run(store, url)
    resources = phone_todos(url)
    assert len(resources) == 4
    for resource in resources.values():
        data = resource.data
        icalendar.Calendar.from_ical(data)
        vobject.readOne(data)
        IcsCalendarStream.calendar_from_ics(data)
    assert note_of(str(component(url, f"{PLAN}.1")["DESCRIPTION"])) == "Ghi chú; có dấu, phẩy \\ và\nxuống dòng"


def test_on_a_terminal_the_password_is_asked_for_hidden(dav_server, url, isolated_db, tmp_path):
    import os
    import pty
    import select
    import subprocess
    import sys
    import time

    env = {**os.environ, "TRACKER_DB": str(isolated_db)}
    env.pop("TRACKER_CALDAV_PASSWORD", None)
    if dav_server.ca_cert:
        env["REQUESTS_CA_BUNDLE"] = dav_server.ca_cert
    leader, follower = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "tracker", "sync", url, "--user", USER, "--list"],
                               stdin=follower, stdout=follower, stderr=follower, env=env, close_fds=True)
    os.close(follower)
    seen = b""

    def read_until(marker: bytes, timeout: float = 20) -> None:
        nonlocal seen
        end = time.monotonic() + timeout
        while marker not in seen and time.monotonic() < end:
            ready, _, _ = select.select([leader], [], [], 0.2)
            if ready:
                try:
                    seen += os.read(leader, 4096)
                except OSError:
                    break

    read_until(b"Password for coordinator")
    assert b"Password for coordinator" in seen
    os.write(leader, PASSWORD.encode() + b"\r")
    read_until(b"hold tasks")
    process.wait(timeout=20)
    os.close(leader)
    assert process.returncode == 0, seen.decode(errors="replace")
    assert PASSWORD.encode() not in seen                      # not echoed
    assert url.encode() in seen
