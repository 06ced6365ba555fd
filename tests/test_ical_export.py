"""Calendar files: one per agency with safe names and an index, and `tracker export ics` end to end."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import icalendar
from click.testing import CliRunner

from tracker.agencies import agency_key
from tracker.cli import cli
from tracker.calendar.ics import build_calendar, count_components, export_per_agency, export_visible
from tracker.model import Card, Deadline, Plan, Status
from tracker.store import Store

PLAN = Plan(key="soc-trang-09-2012", number="09/KH-UBND", title="Kế hoạch cải cách hành chính năm 2012",
            date="2012-02-01", period={"text": "năm 2012", "start": "2012-01-01", "end": "2012-12-31"})
PLANS = {PLAN.key: PLAN}


def card(number: int, lead: list[str], support: list[str] = (), **values) -> Card:
    base = dict(id=f"{PLAN.key}.{number}", plan=PLAN.key, number=str(number), content=f"Nhiệm vụ {number}",
                uid=f"uid-{number:03d}", lead=list(lead), support=list(support), time_text="Quý II/2012",
                deadline=Deadline(kind="quarter", due=date(2012, 6, 30), quarter=2),
                updated_at="2024-05-01T00:00:00Z", sequence=2)
    base.update(values)
    return Card(**base)


def cards() -> list[Card]:
    return [
        card(1, ["Sở Nội vụ"]),
        card(2, ["Sở Tư pháp"], ["Sở Nội vụ", "Sở Văn hóa, Thể thao và Du lịch"]),
        card(3, ["../../etc/passwd"]),
        card(4, ["Sở A/B"], deadline=Deadline(kind="ongoing"), time_text="Thường xuyên"),
        card(5, ["Sở A-B"]),
        card(6, ["CON"]),
        card(7, []),
        card(8, ["Sở Xây dựng"], archived=True),
        card(9, ["SỞ NỘI VỤ"], status=Status.DONE),
    ]


def uids(path: Path) -> set[str]:
    return {str(c["UID"]).split("-due")[0].split("-todo")[0]
            for c in icalendar.Calendar.from_ical(path.read_bytes()).walk() if c.name in ("VEVENT", "VTODO")}


def test_one_file_per_agency_with_exactly_its_cards_and_safe_names(tmp_path):
    folder = tmp_path / "out" / "agencies"
    written = export_per_agency(cards(), PLANS, folder, kind="both")
    by_name = {agency: path for agency, path, _ in written}
    assert {agency: path.name for agency, path in by_name.items()} == {
        "../../etc/passwd": "etc-passwd.ics", "CON": "con-agency.ics", "Sở A/B": "so-a-b-2.ics",
        "Sở A-B": "so-a-b.ics", "Sở Nội vụ": "so-noi-vu.ics", "Sở Tư pháp": "so-tu-phap.ics",
        "Sở Văn hóa, Thể thao và Du lịch": "so-van-hoa-the-thao-va-du-lich.ics"}
    for path in by_name.values():
        assert path.resolve().parent == folder.resolve()
    assert sorted(p.name for p in folder.iterdir()) == sorted([*(p.name for p in by_name.values()),
                                                               "index.json", "index.txt"])
    assert not (tmp_path / "etc").exists() and sorted(p.name for p in tmp_path.iterdir()) == ["out"]
    # "SỞ NỘI VỤ" is the same agency as "Sở Nội vụ"; support counts; archived cards never appear
    assert uids(by_name["Sở Nội vụ"]) == {"uid-001", "uid-002", "uid-009"}
    assert uids(by_name["Sở Văn hóa, Thể thao và Du lịch"]) == {"uid-002"}
    assert uids(by_name["Sở A/B"]) == {"uid-004"} and uids(by_name["Sở A-B"]) == {"uid-005"}
    assert [count for agency, _, count in written if agency == "Sở A/B"] == [0]   # undated: a to-do only
    index = json.loads((folder / "index.json").read_text(encoding="utf-8"))
    assert index["unassigned_cards"] == 1
    assert {row["file"]: (row["agency"], row["events"], row["todos"]) for row in index["files"]}["so-noi-vu.ics"] \
        == ("Sở Nội vụ", 3, 3)
    text = (folder / "index.txt").read_text(encoding="utf-8")
    assert "Sở Nội vụ\tso-noi-vu.ics\t3\t3" in text and "../../etc/passwd\tetc-passwd.ics" in text
    calname = icalendar.Calendar.from_ical(by_name["Sở Tư pháp"].read_bytes())["X-WR-CALNAME"]
    assert str(calname).endswith("– Sở Tư pháp")


def test_lead_only_and_agency_filter_limit_the_files(tmp_path):
    written = export_per_agency(cards(), PLANS, tmp_path, lead_only=True)
    assert "Sở Văn hóa, Thể thao và Du lịch" not in {agency for agency, _, _ in written}
    only = export_per_agency(cards(), PLANS, tmp_path / "x", agency_filter="so noi vu")
    assert [(agency, path.name, count) for agency, path, count in only] == [("Sở Nội vụ", "so-noi-vu.ics", 3)]


def test_export_visible_writes_under_exports(tmp_path):
    path = export_visible(cards()[:2], PLANS, tmp_path / "exports", lang="en")
    assert path == tmp_path / "exports" / "tracker.ics"
    assert path.read_bytes() == build_calendar(cards()[:2], PLANS, lang="en")
    assert "Status: Not started" in path.read_bytes().replace(b"\r\n ", b"").decode()


def seed(db: Path) -> None:
    with Store(db).transaction("import") as tx:
        tx.put_plan(PLAN)
        for item in cards():
            tx.put_card(item)


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_cli_writes_the_default_file_and_reports_on_stderr(isolated_db, monkeypatch):
    monkeypatch.delenv("TRACKER_LANG")          # the default language: Vietnamese
    seed(isolated_db)
    result = run("export", "ics", "--today", "2012-07-01")
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr.strip() == "Đã ghi 7 sự kiện và 1 việc cần làm vào exports/tracker.ics"
    data = Path("exports/tracker.ics").read_bytes()
    live = [c for c in cards() if not c.archived]
    assert data == build_calendar(live, PLANS)
    piped = run("export", "ics", "-o", "-", "--kind", "both")
    assert piped.exit_code == 0 and piped.stdout_bytes == build_calendar(live, PLANS, kind="both")
    assert "Đã ghi 7 sự kiện và 8 việc cần làm ra đầu ra chuẩn." in piped.stderr


def test_cli_agency_filter_alarm_and_per_agency(isolated_db):
    seed(isolated_db)
    result = run("export", "ics", "--agency", "so noi vu", "--alarm", "14", "--kind", "todos")
    assert result.exit_code == 0, result.output
    path = Path("exports/so-noi-vu.ics")
    assert "to exports/so-noi-vu.ics" in result.stderr and uids(path) == {"uid-001", "uid-002", "uid-009"}
    data = path.read_bytes()
    assert count_components(data) == (0, 3) and b"TRIGGER;RELATED=END;VALUE=DURATION:-P13DT15H" in data
    result = run("export", "ics", "--per-agency", "cal", "--name", "Sóc Trăng")
    assert result.exit_code == 0, result.output
    assert "Wrote 7 calendars" in result.stderr and Path("cal/index.txt").exists()
    assert "X-WR-CALNAME:Sóc Trăng – Sở Nội vụ".encode() in Path("cal/so-noi-vu.ics").read_bytes()


def test_cli_reexport_after_a_move_updates_instead_of_duplicating(isolated_db):
    seed(isolated_db)
    assert run("export", "ics", "--kind", "both", "-o", "before.ics").exit_code == 0
    assert run("move", "soc-trang-09-2012.2", "--to", "done").exit_code == 0
    assert run("export", "ics", "--kind", "both", "-o", "after.ics").exit_code == 0

    def seqs(name):
        cal = icalendar.Calendar.from_ical(Path(name).read_bytes())
        return {str(c["UID"]): int(c["SEQUENCE"]) for c in cal.walk() if c.name in ("VEVENT", "VTODO")}

    before, after = seqs("before.ics"), seqs("after.ics")
    assert before.keys() == after.keys()
    assert {uid for uid in before if after[uid] != before[uid]} == {"uid-002-due@tracker", "uid-002-todo@tracker"}
    assert all(after[uid] == before[uid] + 1 for uid in ("uid-002-due@tracker", "uid-002-todo@tracker"))


def test_cli_errors_are_messages_with_exit_codes(isolated_db, tmp_path):
    result = run("export", "ics")
    assert result.exit_code == 1 and "tracker import" in result.stderr
    seed(isolated_db)
    result = run("export", "ics", "-o", "a.ics", "--per-agency", "dir")
    assert result.exit_code == 2 and "cannot be used together" in result.stderr
    Path("blocker").write_text("a file, not a folder")
    result = run("export", "ics", "-o", "blocker/x.ics")
    assert result.exit_code == 1 and "Cannot write" in result.stderr and "Traceback" not in result.output
    assert run("export", "ics", "--kind", "journal").exit_code == 2
    assert run("export", "ics", "--alarm", "-3").exit_code == 2
    result = run("export", "ics", "--agency", "nobody")
    assert result.exit_code == 0 and "No card matches" in result.stderr


def test_cli_help():
    assert "Export deadlines" in run("export", "--help").output
    assert "--per-agency" in run("export", "ics", "--help").output


def test_the_five_seed_plans_export_cleanly_and_reproducibly(isolated_db, plans_dir):
    import recurring_ical_events
    import vobject
    from ical.calendar_stream import IcsCalendarStream

    assert run("import", str(plans_dir)).exit_code == 0
    assert run("export", "ics", "--kind", "both").exit_code == 0
    data = Path("exports/tracker.ics").read_bytes()
    assert run("export", "ics", "--kind", "both", "-o", "again.ics").exit_code == 0
    assert Path("again.ics").read_bytes() == data, "same database, same bytes"
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))
    calendar = icalendar.Calendar.from_ical(data)
    strict = IcsCalendarStream.calendar_from_ics(data.decode())
    vcal = vobject.readOne(data.decode())
    snapshot = Store(isolated_db).load()
    live = [c for c in snapshot.cards.values() if not c.archived]
    assert len(strict.todos) == len(vcal.vtodo_list) == len(live)
    every_uid = [str(c["UID"]) for c in calendar.walk() if c.name in ("VEVENT", "VTODO")]
    assert len(every_uid) == len(set(every_uid))
    instances: dict[str, list[date]] = {}
    for item in recurring_ical_events.of(calendar).between(date(2000, 1, 1), date(2040, 1, 1)):
        instances.setdefault(str(item["UID"]), []).append(item.decoded("DTSTART"))
    rules = [event for event in calendar.walk("VEVENT") if "RRULE" in event]
    assert rules and all("COUNT" not in event["RRULE"] for event in rules)
    for event in rules:
        days = instances[str(event["UID"])]
        assert len(days) > 1 and max(days) <= event["RRULE"]["UNTIL"][0]
    assert run("export", "ics", "--per-agency", "agencies").exit_code == 0
    index = json.loads(Path("agencies/index.json").read_text(encoding="utf-8"))
    for row in index["files"]:
        key = agency_key(row["agency"])
        expected = {c.uid for c in live if key in {agency_key(name) for name in c.agencies()}}
        assert uids(Path("agencies", row["file"])) == expected, row["agency"]


def test_a_large_calendar_built_by_two_processes_is_the_one_process_calendar(monkeypatch, tmp_path):
    import os
    from tracker.calendar import ics

    many = [card(number, ["Sở Nội vụ"], ["Sở Tư pháp"], time_text=f"Quý {number % 4 + 1}/2014",
                 deadline=Deadline(kind="quarter", due=date(2014, 3 * (number % 4) + 3, 28)))
            for number in range(1, 61)]
    monkeypatch.setattr(ics, "_BLOCK", 7)          # blocks that do not divide the halves evenly
    one_process = build_calendar(many, PLANS, kind="both")
    monkeypatch.setattr(ics, "PARALLEL_FROM", 10)
    monkeypatch.setattr(ics.os, "cpu_count", lambda: 2)
    builders = tmp_path / "pids"
    build_part = ics._component_bytes

    def noting_the_process(*args):
        with builders.open("a") as out:
            out.write(f"{os.getpid()}\n")
        return build_part(*args)

    monkeypatch.setattr(ics, "_component_bytes", noting_the_process)
    assert build_calendar(many, PLANS, kind="both") == one_process
    assert len(set(builders.read_text().split())) == 2          # the second half came from another process
    assert count_components(one_process) == (60, 60)
    parsed = icalendar.Calendar.from_ical(one_process)
    assert [c["UID"] for c in parsed.walk("VTODO")][:3] == [f"uid-{n:03d}-todo@tracker" for n in (1, 2, 3)]
