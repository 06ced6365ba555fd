"""CalDAV sync against real Radicale and Xandikos servers on 127.0.0.1: push, pull, conflicts, resume,
failures, request counts. The caldav library plays the phone."""

from __future__ import annotations

import itertools
import json
from datetime import date
from pathlib import Path

import caldav
import pytest
from click.testing import CliRunner

from radicale_server import PASSWORD, USER, free_port
from tracker.calendar.sync import SyncError, list_conflicts, sync_once
from tracker.calendar.components import NOTE_MARKER
from tracker.calendar.server_todo import note_of
from tracker.cli import cli
from tracker.filters import Filters
from tracker.model import Card, Deadline, Plan, Status
from tracker.store import Store

TODAY = date(2014, 6, 30)
PLAN = "demo-55-2013"
_names = itertools.count(1)
CA: dict[str, str | None] = {}      # calendar URL -> the certificate its server's TLS needs
WORDS = ["", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám"]    # searchable, unlike digits in ids


@pytest.fixture
def url(dav_server) -> str:
    made = dav_server.make_calendar(f"tasks{next(_names)}")
    CA[made] = dav_server.ca_cert
    return made


def seed(store: Store, count: int = 4, plan: str = PLAN) -> list[str]:
    """Cards of one plan plus two of another (the filter's outsiders)."""
    ids = []
    with store.transaction("import", via="import") as tx:
        tx.put_plan(Plan(key=plan, number="55/KH-UBND", province="Nam Định"))
        tx.put_plan(Plan(key="other-1-2014", number="1/KH-UBND"))
        for n in range(1, count + 1):
            tx.put_card(Card(id=f"{plan}.{n}", plan=plan, number=str(n),
                             content=f"Rà soát thủ tục hành chính, nhóm {WORDS[n]}; báo cáo UBND tỉnh",
                             lead=["Sở Nội vụ"], support=["Sở Tư pháp", "Văn phòng UBND tỉnh"],
                             time_text="Quý IV năm 2013" if n % 2 else "Thường xuyên",
                             deadline=Deadline("quarter", date(2013, 12, 31)) if n % 2 else Deadline("ongoing")))
            ids.append(f"{plan}.{n}")
        for n in (1, 2):
            tx.put_card(Card(id=f"other-1-2014.{n}", plan="other-1-2014", number=str(n), content="Việc khác"))
    return ids


def run(store: Store, url: str, **kwargs):
    kwargs.setdefault("filters", Filters(plan=PLAN))
    kwargs.setdefault("ca_cert", CA.get(url))
    return sync_once(store, url, USER, kwargs.pop("password", PASSWORD), kwargs.pop("filters"), TODAY, **kwargs)


def phone_todos(url: str) -> dict[str, caldav.CalendarObjectResource]:
    """The caldav library acting as a phone: every task in the calendar, by card id."""
    client = caldav.DAVClient(url=url, username=USER, password=PASSWORD, ssl_verify_cert=CA.get(url) or True)
    todos = client.calendar(url=url).todos(include_completed=True)
    return {str(t.icalendar_component.get("x-tracker-card-id")): t for t in todos}


def phone_edit(url: str, card_id: str, *, status: str | None = None, note: str | None = None) -> None:
    todo = phone_todos(url)[card_id]
    component = todo.icalendar_component
    if status:
        component.pop("STATUS", None)
        component.add("status", status)
        if status == "COMPLETED":
            component.add("completed", component["DTSTAMP"].dt)
    if note is not None:
        text = str(component["DESCRIPTION"])
        head = text.split(NOTE_MARKER)[0]
        component.pop("DESCRIPTION")
        component.add("description", f"{head}{NOTE_MARKER}\n{note}")
    todo.save()


@pytest.fixture
def store(isolated_db: Path) -> Store:
    store = Store(isolated_db)
    seed(store)
    return store


def test_first_sync_pushes_the_filtered_cards_as_vtodos(store, url):
    calls = []
    report = run(store, url, progress=lambda done, total: calls.append((done, total)))
    assert (report.pushed, report.updated, report.pulled, report.conflicts) == (4, 0, 0, [])
    assert calls[-1] == (4, 4) and len(calls) == 4
    todos = phone_todos(url)
    assert sorted(todos) == [f"{PLAN}.{n}" for n in range(1, 5)]          # the other plan stayed home
    card = store.load().cards[f"{PLAN}.1"]
    todo = todos[f"{PLAN}.1"].icalendar_component
    assert str(todo["UID"]) == f"{card.uid}-todo@tracker"                # the export's todo UID
    assert str(todo["STATUS"]) == "NEEDS-ACTION" and str(todo["X-TRACKER-PLAN"]) == PLAN
    assert todo["DUE"].dt == date(2013, 12, 31) and todo["DUE"].params.get("VALUE") in ("DATE", None)
    assert b"DUE;VALUE=DATE:20131231" in todos[f"{PLAN}.1"].data.encode()
    assert [str(c) for c in todo["CATEGORIES"].cats] == ["Sở Nội vụ", "Sở Tư pháp", "Văn phòng UBND tỉnh", "55/KH-UBND"]
    assert "Quý IV năm 2013" in str(todo["DESCRIPTION"]) and NOTE_MARKER in str(todo["DESCRIPTION"])
    assert "DUE" not in todos[f"{PLAN}.2"].icalendar_component                # ongoing: no date


def test_unchanged_collection_costs_one_request_and_no_write(store, url):
    run(store, url)
    before = store.path.read_bytes()
    report = run(store, url)
    assert report.requests == 1
    assert (report.pushed, report.updated, report.pulled, report.unchanged) == (0, 0, 0, 4)
    assert store.path.read_bytes() == before


def test_status_and_note_changed_on_a_phone_are_pulled(store, url):
    run(store, url)
    phone_edit(url, f"{PLAN}.1", status="COMPLETED")
    phone_edit(url, f"{PLAN}.2", status="IN-PROCESS", note="Đã gửi dự thảo")
    report = run(store, url)
    assert (report.pulled, report.pushed, report.updated, report.conflicts) == (2, 0, 0, [])
    cards = store.load().cards
    assert cards[f"{PLAN}.1"].status == Status.DONE
    assert (cards[f"{PLAN}.2"].status, cards[f"{PLAN}.2"].note) == (Status.IN_PROGRESS, "Đã gửi dự thảo")
    events = [e for e in store.load().events if e.via == "sync"]
    assert {(e.card, e.field) for e in events} == {(f"{PLAN}.1", "status"), (f"{PLAN}.2", "status"), (f"{PLAN}.2", "note")}
    assert run(store, url).requests == 1                                 # settled: nothing to do twice


def test_local_change_is_pushed_and_the_phone_sees_it(store, url):
    run(store, url)
    with store.transaction("move") as tx:
        tx.set_status(f"{PLAN}.3", Status.IN_PROGRESS)
        tx.edit(f"{PLAN}.3", {"note": "Chờ ý kiến Sở Tư pháp"}, by_hand=False)
    report = run(store, url)
    assert (report.updated, report.pulled, report.pushed) == (1, 0, 0)
    todo = phone_todos(url)[f"{PLAN}.3"].icalendar_component
    assert str(todo["STATUS"]) == "IN-PROCESS"
    assert note_of(str(todo["DESCRIPTION"])) == "Chờ ý kiến Sở Tư pháp"
    with store.transaction("move") as tx:
        tx.set_status(f"{PLAN}.3", Status.DONE)
    run(store, url)
    todo = phone_todos(url)[f"{PLAN}.3"].icalendar_component
    assert str(todo["STATUS"]) == "COMPLETED" and int(todo["PERCENT-COMPLETE"]) == 100 and "COMPLETED" in todo


def test_a_card_changed_on_both_sides_is_a_conflict_until_prefer_settles_it(store, url):
    run(store, url)
    phone_edit(url, f"{PLAN}.1", status="COMPLETED")
    phone_edit(url, f"{PLAN}.2", status="COMPLETED")
    with store.transaction("move") as tx:
        tx.set_status(f"{PLAN}.1", Status.IN_PROGRESS)
        tx.set_status(f"{PLAN}.2", Status.IN_PROGRESS)
    report = run(store, url)
    assert sorted(c["id"] for c in report.conflicts) == [f"{PLAN}.1", f"{PLAN}.2"]
    assert report.pulled == report.updated == 0
    assert store.load().cards[f"{PLAN}.1"].status == Status.IN_PROGRESS         # neither side overwritten
    assert str(phone_todos(url)[f"{PLAN}.1"].icalendar_component["STATUS"]) == "COMPLETED"
    listed = list_conflicts(store, url)
    assert [(c["id"], c["fields"], c["local"]["status"], c["server"]["status"]) for c in listed][0] == \
        (f"{PLAN}.1", ["status"], "in-progress", "done")
    before = store.path.read_bytes()
    again = run(store, url)
    assert len(again.conflicts) == 2 and again.requests == 1                   # still reported, still left
    assert store.path.read_bytes() == before

    report = run(store, url, filters=Filters(plan=PLAN, search="nhóm một"), prefer="server")
    assert report.resolved == 1 and [c["id"] for c in report.conflicts] == [f"{PLAN}.2"]
    assert store.load().cards[f"{PLAN}.1"].status == Status.DONE
    report = run(store, url, prefer="local")
    assert report.updated == 1 and report.conflicts == []
    assert str(phone_todos(url)[f"{PLAN}.2"].icalendar_component["STATUS"]) == "IN-PROCESS"
    assert list_conflicts(store, url) == []


def test_different_fields_changed_on_each_side_merge_without_conflict(store, url):
    run(store, url)
    phone_edit(url, f"{PLAN}.4", status="COMPLETED")
    with store.transaction("edit") as tx:
        tx.edit(f"{PLAN}.4", {"note": "Ghi chú từ văn phòng"}, by_hand=False)
    report = run(store, url)
    assert report.conflicts == [] and report.pulled == 1 and report.updated == 1
    card = store.load().cards[f"{PLAN}.4"]
    assert (card.status, card.note) == (Status.DONE, "Ghi chú từ văn phòng")
    todo = phone_todos(url)[f"{PLAN}.4"].icalendar_component
    assert str(todo["STATUS"]) == "COMPLETED" and note_of(str(todo["DESCRIPTION"])) == "Ghi chú từ văn phòng"


def test_a_task_deleted_on_the_server_stays_here_and_is_not_pushed_again(store, url):
    run(store, url)
    phone_todos(url)[f"{PLAN}.2"].delete()
    report = run(store, url)
    assert report.removed == 1 and report.pushed == 0
    assert f"{PLAN}.2" in store.load().cards and f"{PLAN}.2" not in phone_todos(url)
    with store.transaction("move") as tx:
        tx.set_status(f"{PLAN}.2", Status.DONE)
    report = run(store, url)
    assert (report.pushed, report.updated) == (0, 0) and len(phone_todos(url)) == 3


class Killed(BaseException):
    """A hard kill: not an Exception, so sync cannot record anything on the way out."""


@pytest.mark.parametrize("how", ["interrupted", "killed"])
def test_an_interrupted_first_push_resumes_without_duplicates(isolated_db, url, how):
    store = Store(isolated_db)
    seed(store, count=7)

    def stop_after_three(done, total):
        if done == 3:
            raise (KeyboardInterrupt() if how == "interrupted" else Killed())

    with pytest.raises((KeyboardInterrupt, Killed)):
        run(store, url, progress=stop_after_three, batch=50)
    assert len(phone_todos(url)) == 3
    report = run(store, url)
    assert len(phone_todos(url)) == 7                                  # one resource per card, no duplicates
    assert report.pushed == 4
    assert report.adopted == (3 if how == "killed" else 0)             # found on the server, not re-created
    assert run(store, url).requests == 1


def test_a_second_coordinator_takes_the_servers_state_without_conflicts(store, url, tmp_path):
    run(store, url)
    phone_edit(url, f"{PLAN}.1", status="COMPLETED")
    phone_edit(url, f"{PLAN}.2", status="IN-PROCESS")
    with store.transaction("move") as tx:
        tx.set_status(f"{PLAN}.3", Status.IN_PROGRESS)
    run(store, url)
    other = Store(tmp_path / "other.json")
    seed(other)                                  # same plan imported elsewhere: same ids, other uids
    with other.transaction("move") as tx:        # B's own change before its first sync
        tx.set_status(f"{PLAN}.2", Status.DONE)
    report = run(other, url)
    assert (report.pushed, report.adopted) == (0, 4)
    assert len(phone_todos(url)) == 4
    # Unchanged since import: the server's state is taken; only the card both changed is a conflict.
    assert [c["id"] for c in report.conflicts] == [f"{PLAN}.2"] and report.pulled == 2
    assert [other.load().cards[f"{PLAN}.{n}"].status for n in (1, 3)] == [Status.DONE, Status.IN_PROGRESS]
    run(other, url, prefer="server")
    assert other.load().cards[f"{PLAN}.2"].status == Status.IN_PROGRESS
    with other.transaction("move") as tx:                                # B works, A sees it after a sync
        tx.set_status(f"{PLAN}.4", Status.IN_PROGRESS)
    assert run(other, url).updated == 1
    report = run(store, url)
    assert report.pulled == 1 and report.conflicts == []
    assert [store.load().cards[f"{PLAN}.{n}"].status for n in (1, 2, 4)] == \
        [Status.DONE, Status.IN_PROGRESS, Status.IN_PROGRESS]


def test_wrong_password_is_a_clear_error_and_changes_nothing(store, url):
    run(store, url)
    before = store.path.read_bytes()
    with pytest.raises(SyncError, match="refused the user name or password") as caught:
        run(store, url, password="wrong")
    assert caught.value.exit_code == 1 and "Nothing was changed" in str(caught.value)
    assert store.path.read_bytes() == before


def test_server_down_is_a_clear_error_and_changes_nothing(store):
    before = store.path.read_bytes()
    with pytest.raises(SyncError, match="Cannot reach the CalDAV server"):
        run(store, f"http://127.0.0.1:{free_port()}/{USER}/tasks/", timeout=5)
    assert store.path.read_bytes() == before


def test_a_url_that_is_not_a_calendar_is_refused(store, server):
    before = store.path.read_bytes()
    with pytest.raises(SyncError, match="not a calendar"):
        run(store, f"{server.base}/{USER}/")
    assert store.path.read_bytes() == before


def test_dry_run_changes_nothing_anywhere(store, url):
    before = store.path.read_bytes()
    report = run(store, url, dry_run=True)
    assert report.pushed == 4 and report.dry_run
    assert store.path.read_bytes() == before and phone_todos(url) == {}


def test_sync_command(store, url, tmp_path, monkeypatch):
    secret = tmp_path / "password"
    secret.write_text(PASSWORD + "\n", encoding="utf-8")
    runner = CliRunner()
    if CA.get(url):
        monkeypatch.setenv("REQUESTS_CA_BUNDLE", CA[url])      # the documented way, beside --ca-cert
    result = runner.invoke(cli, ["sync", url, "--user", USER, "--password-file", str(secret), "--plan", PLAN,
                                 "--format", "json"])
    assert result.exit_code == 0, result.output + result.stderr
    summary = json.loads(result.stdout)
    assert summary["pushed"] == 4 and summary["conflicts"] == []
    assert "Pushed 4/4" in result.stderr and "4 pushed" in result.stderr and PASSWORD not in result.output

    monkeypatch.setenv("TRACKER_CALDAV_PASSWORD", PASSWORD)
    result = runner.invoke(cli, ["sync", url, "--user", USER, "--plan", PLAN])
    assert result.exit_code == 0 and "4 unchanged" in result.stderr and "(1 HTTP request," in result.stderr

    result = runner.invoke(cli, ["sync", url, "--user", USER, "--password", "nope"])
    assert result.exit_code == 1
    assert "refused the user name or password" in result.stderr and "nope" not in result.output

    result = runner.invoke(cli, ["sync", url, "--conflicts", "--format", "json"])
    assert result.exit_code == 0 and json.loads(result.stdout) == []
