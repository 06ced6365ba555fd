"""One language per run, for the core: errors raised by the store, services, importer and calendar
reach a person in the run's language, and the texts they return (sync summaries, filter
descriptions, import refusals) are messages said in it too."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from tracker import i18n
from tracker.apply_file import read_rows
from tracker.calendar.shared import STATE_KEY, describe_removed
from tracker.calendar.sync import SyncReport
from tracker.cli import cli
from tracker.errors import UsageError, joined
from tracker.filters import Filters
from tracker.i18n import localize, msg
from tracker.importing import import_paths
from tracker.model import Status
from tracker.store import Store


@pytest.fixture(autouse=True)
def _language_restored():
    before = i18n.language()
    yield
    i18n.set_language(before)


def test_a_core_error_is_said_in_vietnamese_through_the_cli():
    result = CliRunner().invoke(cli, ["--lang", "vi", "move", "nope.1", "--to", "done"])
    assert result.exit_code == 3
    assert "Không có thẻ nào mã 'nope.1'." in result.stderr
    assert "Chạy `tracker list` để xem các mã thẻ." in result.stderr
    for english in ("Error", "No card", "Run `tracker list`", "to see the ids"):
        assert english not in result.stderr


def test_the_same_core_error_is_said_in_english_with_lang_en():
    result = CliRunner().invoke(cli, ["--lang", "en", "move", "nope.1", "--to", "done"])
    assert result.exit_code == 3
    assert "Error: No card has the id 'nope.1'." in result.stderr
    assert "Run `tracker list` to see the ids." in result.stderr
    assert "Không" not in result.stderr


def test_an_import_refusal_is_said_in_the_run_language(tmp_path: Path):
    decision = tmp_path / "qd.txt"
    decision.write_text("UBND TỈNH AN GIANG\nQUYẾT ĐỊNH\nVề việc ban hành quy chế\n\nĐiều 1. Ban hành quy chế.\n",
                        encoding="utf-8")
    vi = CliRunner().invoke(cli, ["--lang", "vi", "import", str(decision)])
    assert vi.exit_code == 4
    assert "KHÔNG NHẬP ĐƯỢC" in vi.stderr
    assert "không phải kế hoạch có nhiệm vụ" in vi.stderr and "văn bản là Quyết định" in vi.stderr
    assert "not a plan" not in vi.stderr and "Check that" not in vi.stderr
    en = CliRunner().invoke(cli, ["--lang", "en", "import", str(decision)])
    assert "NOT IMPORTED" in en.stderr and "not a plan with tasks" in en.stderr and "it is a Quyết định" in en.stderr


def test_import_report_keeps_the_refusal_a_message(tmp_path: Path):
    page = tmp_path / "notes.txt"
    page.write_text("Ghi chú cuộc họp\n\nKhông có gì.\n", encoding="utf-8")
    report = import_paths(Store(tmp_path / "db.json"), [page])
    (failed,) = report.failed
    assert "not a plan with tasks" in failed.error          # the English text, for JSON and logs
    assert "không phải kế hoạch có nhiệm vụ" in report.render_text("vi")
    assert "not a plan with tasks" in report.render_text("en")


def test_sync_summary_in_both_languages():
    report = SyncReport(url="https://dav.example.org/lan/tasks/", calendar="Kế hoạch", created=True, pushed=3,
                        updated=1, adopted=2, requests=1, seconds=0.42)
    summary = report.summary()
    assert str(summary) == ("Created the calendar https://dav.example.org/lan/tasks/ on the server. Synced Kế hoạch: "
                            "3 pushed, 1 updated, 0 pulled, 0 conflicts, 0 unchanged, 2 already on the server "
                            "(1 HTTP request, 0.4 s).")
    assert localize(summary, "en") == str(summary)
    assert localize(summary, "vi") == ("Đã tạo lịch https://dav.example.org/lan/tasks/ trên máy chủ. Đã đồng bộ "
                                       "Kế hoạch: 3 gửi lên, 1 cập nhật, 0 tải về, 0 xung đột, 0 không đổi, "
                                       "2 đã có trên máy chủ (1 yêu cầu HTTP, 0.4 giây).")
    dry = SyncReport(url="https://dav.example.org/lan/tasks/", dry_run=True, requests=2).summary()
    assert str(dry).startswith("Would sync https://dav.example.org/lan/tasks/: 0 pushed")
    assert "(2 HTTP requests, 0.0 s)" in dry
    assert localize(dry, "vi").startswith("Sẽ đồng bộ https://dav.example.org/lan/tasks/: 0 gửi lên")


def test_filters_describe_in_both_languages():
    filters = Filters(agency=("Sở Nội vụ", "Sở Tư pháp"), lead_only=True, status=(Status.DONE, Status.IN_PROGRESS),
                      overdue=True, search="thủ tục")
    described = filters.describe()
    assert described == ("agency 'Sở Nội vụ' or agency 'Sở Tư pháp' (lead) · status done or in-progress · overdue · "
                         "search 'thủ tục'")
    assert localize(described, "vi") == ("cơ quan 'Sở Nội vụ' hoặc cơ quan 'Sở Tư pháp' (chủ trì) · trạng thái hoàn "
                                         "thành hoặc đang thực hiện · quá hạn · tìm 'thủ tục'")
    assert Filters().describe() == "all cards"
    assert localize(Filters().describe(), "vi") == "mọi thẻ"
    assert localize(Filters(plan="nam-dinh", quarter="2014Q2").describe(), "vi") == "kế hoạch nam-dinh · quý 2014Q2"


def test_describe_removed_uses_the_asked_language():
    state = {STATE_KEY: {"https://dav.example.org/lan/tasks/": {
        "calendar": "Lan", "cards": {"p.1": {"removed": True, "at": "2014-06-30T08:00:00Z"}}}}}
    assert describe_removed(state, "p.1", "vi") == ("Đã bị xoá khỏi lịch chung Lan (2014-06-30); "
                                                    "`tracker sync URL --restore-deleted` gửi lại")
    assert describe_removed(state, "p.1", "en").startswith("Removed from the shared calendar Lan (2014-06-30)")
    assert describe_removed(state, "p.2", "vi") == ""


def test_a_list_of_row_problems_is_one_message_in_one_language():
    with pytest.raises(UsageError) as caught:
        read_rows(b"id,status\n,done\nx.1\n", "moves.csv")
    said = localize(caught.value.message, "vi")
    assert said.startswith("moves.csv: 2 dòng không đọc được; chưa có gì thay đổi:\n  dòng 2: thiếu id.")
    assert "dòng 3: thiếu status." in said and "line" not in said and "missing" not in said
    assert "line 2: missing id." in str(caught.value.message)


def test_joined_stays_shallow_for_thousands_of_parts():
    parts = [msg("line {line}: the id is empty.", line=n) for n in range(1, 5001)]
    said = localize(joined(parts, "\n  "), "vi")
    assert said.count("\n  ") == 4999 and said.startswith("dòng 1: mã thẻ để trống.")
    assert joined(["a", "b"], ", ") == "a, b" and joined([], " · ") == ""
