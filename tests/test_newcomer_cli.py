"""What a new coordinator trips over, from the command line: Vietnam's "today" whatever the machine's
zone, relative dates, the config file, typos named, OR filters, completions recorded on their day."""

from __future__ import annotations

import json
import os
import time
from datetime import date, datetime, timezone

import pytest
from click.testing import CliRunner

import tracker.store_data
from tracker import clock
from tracker.cli import cli
from tracker.model import Card, Deadline, Plan
from tracker.store import Store

# 23:30 UTC on 1 December is 06:30 on 2 December in Hà Nội.
EARLY_MORNING_IN_VIETNAM = datetime(2026, 12, 1, 23, 30, tzinfo=timezone.utc)


def tally(agency: str, *args: str) -> dict:
    """The report's row for one lead agency (tracker report --format json)."""
    result = invoke("report", "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return next(row for row in json.loads(result.stdout) if row["group"] == agency)


def invoke(*args: str, **kwargs):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False, **kwargs)


@pytest.fixture
def db(isolated_db):
    store = Store(isolated_db)
    with store.transaction("import", via="import") as tx:
        tx.put_plan(Plan("nd", number="55/KH-UBND", province="Nam Định"))
        tx.put_plan(Plan("st", number="09/KH-UBND", province="Sóc Trăng"))
        for card_id, lead, due in (("nd.1", "Sở Nội vụ", date(2026, 12, 1)), ("nd.2", "Sở Tư pháp", date(2026, 12, 31)),
                                   ("st.1", "Sở Y tế", date(2027, 3, 31))):
            tx.put_card(Card(id=card_id, plan=card_id[:2], number=card_id[3:], content=f"Nhiệm vụ {card_id}",
                             lead=[lead], time_text=str(due), deadline=Deadline("date", due)))
    return isolated_db


@pytest.fixture
def frozen(monkeypatch):
    """The clock and the store's timestamps at EARLY_MORNING_IN_VIETNAM."""
    monkeypatch.setattr(clock, "now", lambda: EARLY_MORNING_IN_VIETNAM.astimezone(clock.zone()))
    monkeypatch.setattr(tracker.store_data, "utc_now", lambda: EARLY_MORNING_IN_VIETNAM)


@pytest.fixture
def machine_zone():
    """Pretend the machine runs in a given zone (TZ + tzset), restoring it afterwards."""
    before = os.environ.get("TZ")

    def set_zone(name: str) -> None:
        os.environ["TZ"] = name
        time.tzset()
    yield set_zone
    if before is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = before
    time.tzset()


def test_a_utc_machine_and_a_vietnam_machine_give_the_same_report(db, frozen, machine_zone):
    reports = {}
    for zone in ("UTC", "Asia/Ho_Chi_Minh", "America/Los_Angeles"):
        machine_zone(zone)
        assert invoke("move", "nd.2", "--to", "done").exit_code == 0
        result = invoke("report", "--format", "json")
        assert result.exit_code == 0, result.output
        reports[zone] = json.loads(result.stdout)
        assert invoke("undo").exit_code == 0
    assert reports["UTC"] == reports["Asia/Ho_Chi_Minh"] == reports["America/Los_Angeles"]
    # Done at 06:30 on 2 December in Hà Nội: counted as done today, on time (due 31 December).
    row = next(row for row in reports["UTC"] if row["group"] == "Sở Tư pháp")
    assert (row["done"], row["done-on-time"]) == (1, 1)


def test_today_and_relative_dates_follow_the_plans_zone(frozen, monkeypatch):
    assert clock.today() == date(2026, 12, 2)
    monkeypatch.setenv("TRACKER_TZ", "UTC")
    clock.set_zone(None)
    assert clock.today() == date(2026, 12, 1)
    clock.set_zone("Asia/Ho_Chi_Minh")
    base = date(2026, 12, 2)
    assert [clock.parse_day(word, base) for word in ("today", "yesterday", "eom", "eoq", "+14d", "-2w", "+3m")] == \
        [base, date(2026, 12, 1), date(2026, 12, 31), date(2026, 12, 31), date(2026, 12, 16), date(2026, 11, 18),
         date(2027, 3, 2)]
    assert clock.parse_day("+3m", date(2026, 11, 30)) == date(2027, 2, 28)
    assert clock.parse_day("30/06/2014") == date(2014, 6, 30)
    with pytest.raises(ValueError):
        clock.parse_day("next tuesday")


def test_relative_dates_on_the_command_line(db, frozen):
    result = invoke("list", "--due-before", "eom", "--format", "json")
    assert sorted(card["id"] for card in json.loads(result.stdout)) == ["nd.1", "nd.2"]
    result = invoke("list", "--due-before", "someday")
    assert result.exit_code == 2 and "eom" in result.output and "+14d" in result.output


def test_the_config_file_sets_defaults_and_config_shows_them(db, tmp_path, monkeypatch):
    other = tmp_path / "other.json"
    config = tmp_path / "config.toml"
    config.write_text(f'db = "{other}"\nlang = "en"\ntimezone = "UTC"\n[caldav]\nurl = "https://dav.example.vn/lan/kh/"\n'
                      'user = "lan"\n', encoding="utf-8")
    monkeypatch.setenv("TRACKER_CONFIG", str(config))
    monkeypatch.delenv("TRACKER_DB")
    monkeypatch.delenv("TRACKER_LANG")
    result = invoke("config", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = {row["setting"]: row for row in json.loads(result.stdout)}
    assert rows["db"]["value"] == str(other) and "config file" in rows["db"]["source"]
    assert rows["timezone"]["value"] == "UTC" and rows["caldav.user"]["value"] == "lan"
    monkeypatch.setenv("TRACKER_TZ", "Asia/Ho_Chi_Minh")                   # the environment beats the file
    rows = {row["setting"]: row for row in json.loads(invoke("config", "--format", "json").stdout)}
    assert rows["timezone"]["value"] == "Asia/Ho_Chi_Minh" and "environment" in rows["timezone"]["source"]
    rows = {row["setting"]: row for row in json.loads(invoke("--tz", "+07:00", "config", "--format", "json").stdout)}
    assert rows["timezone"] == {"setting": "timezone", "value": "+07:00", "source": "option"}
    assert invoke("list").exit_code == 0                                      # the file's database is used
    assert "no cards yet" in invoke("list").output


@pytest.mark.parametrize("content, words", [
    ('lang = "fr"\n', "not a language"),
    ('timezone = "Mars/Olympus"\n', "not a time zone"),
    ('colour = "red"\n', "unknown settings: colour"),
    ('lang = \n', "not valid TOML"),
])
def test_a_broken_config_file_is_named_with_the_fix(db, tmp_path, monkeypatch, content, words):
    config = tmp_path / "config.toml"
    config.write_text(content, encoding="utf-8")
    monkeypatch.setenv("TRACKER_CONFIG", str(config))
    result = invoke("list")
    assert result.exit_code == 2 and words in result.output and str(config) in result.output
    assert "Traceback" not in result.output


def test_sync_takes_its_calendar_from_the_config_or_says_how_to_give_one(db, monkeypatch):
    result = invoke("sync")
    assert result.exit_code == 2 and "TRACKER_CALDAV_URL" in result.output


def test_a_typo_in_a_filter_names_the_closest_and_changes_nothing(db):
    before = db.read_bytes()
    result = invoke("bulk", "--agency", "so tu phapp", "--to", "done", "--yes")
    assert result.exit_code == 3 and "Sở Tư pháp" in result.output and "Nothing was changed" in result.output
    result = invoke("bulk", "--plan", "nd-99", "--to", "done", "--yes")
    assert result.exit_code == 3 and "plan" in result.output
    result = invoke("list", "--agency", "so noi vuu")
    assert result.exit_code == 0 and "Did you mean: Sở Nội vụ?" in result.output
    result = invoke("board", "--agency", "so noi vuu")
    assert result.exit_code == 3 and "Sở Nội vụ" in result.output
    assert db.read_bytes() == before


def test_repeated_status_and_agency_combine_as_or(db):
    invoke("move", "nd.1", "--to", "doing")
    invoke("move", "st.1", "--to", "done")
    result = invoke("list", "--status", "todo", "--status", "done", "--format", "json")
    assert sorted(card["id"] for card in json.loads(result.stdout)) == ["nd.2", "st.1"]
    result = invoke("list", "--agency", "so noi vu", "--agency", "so y te", "--format", "json")
    assert sorted(card["id"] for card in json.loads(result.stdout)) == ["nd.1", "st.1"]


def test_a_completion_recorded_late_counts_on_the_day_it_happened(db, frozen):
    assert invoke("move", "nd.1", "--to", "done").exit_code == 0
    assert tally("Sở Nội vụ")["done-late"] == 1                      # recorded 2 December, due 1 December
    assert invoke("undo").exit_code == 0
    assert invoke("move", "nd.1", "--to", "done", "--on", "2026-11-30").exit_code == 0
    assert tally("Sở Nội vụ")["done-on-time"] == 1                   # it was done on 30 November
    assert tally("Sở Nội vụ", "--as-of", "2026-11-29")["done"] == 0  # and not before
    assert invoke("bulk", "--plan", "st", "--to", "done", "--on", "yesterday", "--yes").exit_code == 0
    assert tally("Sở Y tế", "--as-of", "2026-12-01")["done"] == 1
    result = invoke("move", "nd.2", "--to", "done", "--on", "2027-01-01")
    assert result.exit_code == 2 and "after today" in result.output


def test_apply_reads_a_date_column(db, frozen, tmp_path):
    updates = tmp_path / "updates.csv"
    updates.write_text("id;status;note;date\nnd.2;xong;Đã ban hành;25/11/2026\n", encoding="utf-8")
    result = invoke("apply", str(updates))
    assert result.exit_code == 0, result.output
    assert tally("Sở Tư pháp", "--as-of", "2026-11-25")["done"] == 1
    assert tally("Sở Tư pháp", "--as-of", "2026-11-24")["done"] == 0
    updates.write_text("id,status,date\nst.1,done,soon\n", encoding="utf-8")
    result = invoke("apply", str(updates))
    assert result.exit_code == 2 and "line 2" in result.output and "not a date" in result.output
