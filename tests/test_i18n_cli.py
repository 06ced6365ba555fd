"""One language per run, from the command line: Vietnamese by default, English with --lang en or
TRACKER_LANG=en, for every message, table header, `show` label, history line and error."""

from __future__ import annotations

import csv
import io
import re

import pytest
from click.testing import CliRunner

from tracker.cli import cli
from tracker.cli.cards_cmd import AGENCY_COLUMNS, PLAN_COLUMNS, SHOW_FIELDS
from tracker.cli.config_cmd import COLUMNS as CONFIG_COLUMNS
from tracker.cli.output import CARD_COLUMNS
from tracker.cli.status_cmd import CHANGE_SET_COLUMNS
from tracker.cli.sync_cmd import CALENDAR_COLUMNS, CONFLICT_COLUMNS
from tracker.cli.words import event_line, summary_of
from tracker.i18n import catalog, localize
from tracker.model import ACCEPTED_STATUS_WORDS

CARD = "nam-dinh-55-2013.2"

# Words of an English sentence the tracker could say; none is a Vietnamese word written without diacritics.
ENGLISH = {"the", "and", "of", "is", "was", "with", "by", "via", "from", "card", "cards", "status", "changed",
           "error", "history", "moved", "plan", "plans", "lead", "support", "content", "deadline", "due", "time",
           "note", "yes", "all", "set", "summary", "action", "created", "imported", "import", "started", "done",
           "progress", "undo", "id", "no", "not", "has", "run", "see", "command", "line", "edited", "number",
           "section", "source", "updated", "archived", "file", "files", "total", "new", "unchanged", "kept",
           "agency", "quarter", "change", "matches", "nothing"}
# Phrases only the Vietnamese interface says (card texts are Vietnamese in both languages).
VIETNAMESE_UI = ("Trạng thái", "Lịch sử:", "Lỗi:", "nhóm thay đổi", "qua dòng lệnh",
                 "Chuyển trạng thái", "Hoàn tác bằng", "Tạo thẻ", "Không có thẻ nào")


def english_words(text: str) -> set[str]:
    """The English words left in `text` once commands, options, ids, paths and URLs are taken out."""
    text = re.sub(r"`[^`]*`", " ", text)                     # `tracker undo`: a command, said as typed
    # The import report maps a document's columns onto the tracker's field names ("Nội dung → content"):
    # names like the CSV and JSON keys, the same in every language.
    text = re.sub(r"→ (number|content|lead|support|time|section|note|extra)\b", " ", text)
    tokens = [token for token in text.split() if not re.search(r"[-./_:@]\w", token)]
    words = {word for token in tokens for word in re.findall(r"[A-Za-z]+", token)}
    # OPTIONS, COMMAND, ID...: metavars of a usage line, spelled as they are typed
    return {word.lower() for word in words if not (word.isupper() and len(word) > 1)} & ENGLISH


def session(plans, *lang_option: str) -> str:
    """Import the bundled plans, list, show, move, see the history and ask for an unknown id: all that is said."""
    runner = CliRunner()
    said = []

    def run(*args: str, code: int = 0) -> None:
        result = runner.invoke(cli, [*lang_option, *args], catch_exceptions=False)
        assert result.exit_code == code, (args, result.output)
        said.append(result.stdout + result.stderr)

    run("import", str(plans))
    run("list", "--plan", "nam-dinh")
    run("show", CARD)
    run("move", CARD, "--to", "done", "--note", "Đã ban hành", "--by", "Sở Nội vụ")
    run("history", CARD)
    run("show", CARD)
    run("show", "khong-co.99", code=3)
    return "\n".join(said)


def test_the_default_language_is_vietnamese_everywhere(monkeypatch, plans_dir):
    monkeypatch.delenv("TRACKER_LANG", raising=False)
    said = session(plans_dir)
    for phrase in ("Mã", "Trạng thái", "Hạn", "Chủ trì", "Nội dung", "Kế hoạch", "Phối hợp", "Lịch sử:",
                   "Chuyển trạng thái từ Chưa bắt đầu sang Hoàn thành, do Sở Nội vụ thực hiện qua dòng lệnh",
                   "Chuyển 1 thẻ sang Hoàn thành (nhóm thay đổi 2). Hoàn tác bằng `tracker undo`.",
                   "Nhóm", "Thao tác", "Tóm tắt", "Tạo thẻ khi nhập nam-dinh-55-kh-ubnd-2013.txt",
                   "Lỗi: Không có thẻ nào mã 'khong-co.99'."):
        assert phrase in said, phrase
    assert english_words(said) == set(), [line for line in said.splitlines() if english_words(line)]
    assert "status status" not in said


@pytest.mark.parametrize("how", ["option", "environment"])
def test_english_is_english_everywhere(monkeypatch, plans_dir, how):
    monkeypatch.delenv("TRACKER_LANG", raising=False)
    if how == "environment":
        monkeypatch.setenv("TRACKER_LANG", "en")
    said = session(plans_dir, *(("--lang", "en") if how == "option" else ()))
    for phrase in ("ID", "Status", "Due", "Lead", "Content", "Plan", "Support", "History:",
                   "Status changed from Not started to Done by Sở Nội vụ via the command line — Đã ban hành",
                   "Moved 1 card to done (change set 2). Undo with `tracker undo`.", "Set", "Action", "Summary",
                   "Created by importing nam-dinh-55-kh-ubnd-2013.txt", "Error: No card has the id 'khong-co.99'."):
        assert phrase in said, phrase
    assert [phrase for phrase in VIETNAMESE_UI if phrase in said] == []
    assert "status status" not in said


def test_scripts_read_machine_names_in_every_language(monkeypatch, plans_dir):
    monkeypatch.delenv("TRACKER_LANG", raising=False)
    runner = CliRunner()
    assert runner.invoke(cli, ["import", str(plans_dir)]).exit_code == 0
    assert runner.invoke(cli, ["move", CARD, "--to", "doing"]).exit_code == 0
    cards = list(csv.DictReader(io.StringIO(runner.invoke(cli, ["list", "--format", "csv"]).stdout)))
    assert list(cards[0])[:3] == ["id", "plan", "number"]
    assert {row["status"] for row in cards} == {"not-started", "in-progress"}
    history = list(csv.DictReader(io.StringIO(runner.invoke(cli, ["history", "--format", "csv"]).stdout)))
    assert list(history[0]) == ["id", "at", "action", "by", "via", "cards", "summary", "undone_by"]
    assert (history[0]["action"], history[0]["via"]) == ("move", "cli")
    assert '"Trạng thái"' not in runner.invoke(cli, ["show", CARD, "--format", "json"]).stdout


def test_every_table_header_and_show_label_has_its_vietnamese_twin():
    known = catalog()
    titles = {title for columns in (CARD_COLUMNS, AGENCY_COLUMNS, PLAN_COLUMNS, CONFIG_COLUMNS, CHANGE_SET_COLUMNS,
                                    CONFLICT_COLUMNS, CALENDAR_COLUMNS) for _, title, _ in columns}
    titles |= {label for _, label in SHOW_FIELDS} | {"History:"}
    assert sorted(title for title in titles if title not in known) == []


EVENTS = [
    ({"kind": "status", "field": "status", "from": "not-started", "to": "in-progress", "by": "Sở Nội vụ"},
     "Status changed from Not started to In progress by Sở Nội vụ via the command line",
     "Chuyển trạng thái từ Chưa bắt đầu sang Đang thực hiện, do Sở Nội vụ thực hiện qua dòng lệnh"),
    ({"kind": "status", "field": "status", "from": "in-progress", "to": "done", "on": "2014-06-20", "via": "tui"},
     "Status changed from In progress to Done (done on 2014-06-20) via the board",
     "Chuyển trạng thái từ Đang thực hiện sang Hoàn thành (thực hiện ngày 2014-06-20), qua bảng Kanban"),
    ({"kind": "edit", "field": "time_text", "from": "Quý IV năm 2013", "to": "Quý II/2015"},
     "Edited the time: Quý IV năm 2013 → Quý II/2015 via the command line",
     "Sửa thời gian: Quý IV năm 2013 → Quý II/2015, qua dòng lệnh"),
    ({"kind": "edit", "field": "lead", "from": ["Sở Nội vụ"], "to": ["Sở Tư pháp", "Sở Tài chính"]},
     "Edited the lead agencies: Sở Nội vụ → Sở Tư pháp; Sở Tài chính via the command line",
     "Sửa cơ quan chủ trì: Sở Nội vụ → Sở Tư pháp; Sở Tài chính, qua dòng lệnh"),
    ({"kind": "edit", "field": "note", "from": "", "to": "Đã xong", "via": "sync"},
     "Edited the note: — → Đã xong via calendar sync", "Sửa ghi chú: — → Đã xong, qua đồng bộ lịch"),
    ({"kind": "archive", "field": "archived", "from": False, "to": True},
     "Card archived via the command line", "Đưa thẻ vào lưu trữ, qua dòng lệnh"),
    ({"kind": "archive", "field": "archived", "from": True, "to": False},      # an undone archive
     "Card restored via the command line", "Khôi phục thẻ từ lưu trữ, qua dòng lệnh"),
    ({"kind": "restore", "field": "archived", "from": True, "to": False, "via": "sync"},
     "Card restored via calendar sync", "Khôi phục thẻ từ lưu trữ, qua đồng bộ lịch"),
    ({"kind": "progress", "to": "2014-05-20", "by": "Sở Tư pháp", "note": "Đã trình dự thảo"},
     "Reported progress on 2014-05-20 by Sở Tư pháp via the command line — Đã trình dự thảo",
     "Báo cáo tiến độ ngày 2014-05-20, do Sở Tư pháp thực hiện qua dòng lệnh — Đã trình dự thảo"),
    ({"kind": "progress", "note": "retracted: Đã trình dự thảo"},
     "Progress report withdrawn by an undo: Đã trình dự thảo via the command line",
     "Rút lại báo cáo tiến độ do hoàn tác: Đã trình dự thảo, qua dòng lệnh"),
    ({"kind": "create", "note": "imported from nam-dinh.txt", "via": "import"},
     "Created by importing nam-dinh.txt", "Tạo thẻ khi nhập nam-dinh.txt"),
    ({"kind": "create", "note": "added by hand: Thực hiện các công việc khác", "by": "Lan"},
     "Added by hand: Thực hiện các công việc khác by Lan via the command line",
     "Thêm tay: Thực hiện các công việc khác, do Lan thực hiện qua dòng lệnh"),
    ({"kind": "delete", "note": "undo of change set 7"},
     "Removed by undoing change set 7 via the command line", "Gỡ bỏ khi hoàn tác nhóm thay đổi 7, qua dòng lệnh"),
    ({"kind": "import", "field": "content", "from": "Cũ", "to": "Mới", "via": "import"},
     "Updated the content from the plan: Cũ → Mới", "Cập nhật nội dung theo kế hoạch: Cũ → Mới"),
]


@pytest.mark.parametrize("event, english, vietnamese", EVENTS, ids=[e["kind"] + ":" + str(e.get("field"))
                                                                    for e, _, _ in EVENTS])
def test_each_history_event_is_one_sentence_in_the_run_language(event, english, vietnamese):
    event = {"at": "2014-06-20T02:00:00Z", "by": "", "via": "cli", "note": "", "from": None, "to": None, **event}
    assert localize(event_line(event, "en"), "en") == f"2014-06-20T02:00:00Z  {english}"
    said = localize(event_line(event, "vi"), "vi")
    assert said == f"2014-06-20T02:00:00Z  {vietnamese}"
    assert english_words(said) == set()


@pytest.mark.parametrize("row, english, vietnamese", [
    ({"action": "move", "cards": 2, "events": [{"card": "a.1", "field": "status", "to": "done"},
                                               {"card": "a.2", "field": "status", "to": "done"}]},
     "Moved 2 cards to done", "Chuyển 2 thẻ sang Hoàn thành"),
    ({"action": "bulk", "cards": 1, "events": [{"card": "a.1", "field": "status", "to": "in-progress"}]},
     "Bulk moved 1 card to in-progress", "Chuyển hàng loạt 1 thẻ sang Đang thực hiện"),
    ({"action": "edit", "cards": 1, "events": [{"card": "a.1", "field": "edited"}, {"card": "a.1", "field": "lead"},
                                               {"card": "a.1", "field": "time_text"}]},
     "Edited the lead agencies, the time of a.1", "Sửa cơ quan chủ trì, thời gian của thẻ a.1"),
    ({"action": "archive", "cards": 1, "events": [{"card": "a.1", "field": "archived"}]},
     "Archived 1 card: a.1", "Lưu trữ 1 thẻ: a.1"),
    ({"action": "undo", "cards": 3, "undoes": 4, "events": []}, "Undid change set 4", "Hoàn tác nhóm thay đổi 4"),
    ({"action": "import", "cards": 143, "events": []}, "Plan import: 143 cards new or updated",
     "Nhập kế hoạch: 143 thẻ mới hoặc được cập nhật"),
])
def test_a_change_set_is_summed_up_in_the_run_language(row, english, vietnamese, monkeypatch):
    from tracker import i18n

    monkeypatch.setattr(i18n, "_language", "en")
    assert localize(summary_of(row), "en") == english
    monkeypatch.setattr(i18n, "_language", "vi")
    assert localize(summary_of(row), "vi") == vietnamese


@pytest.mark.parametrize("args, vietnamese, english", [
    (("list", "--status", "xyz"), "Lỗi: Giá trị không hợp lệ cho '--status': Không rõ trạng thái 'xyz'.",
     "Error: Invalid value for '--status': Unknown status 'xyz'."),
    (("lsit",), "Lỗi: Không có lệnh 'lsit'. Có phải ý bạn là 'list'?",
     "Error: No such command 'lsit'. Did you mean 'list'?"),
    (("list", "--fo"), "Lỗi: Không có tuỳ chọn '--fo'. Có phải ý bạn là '--format'?",
     "Error: No such option '--fo'. Did you mean '--format'?"),
    (("move",), "Lỗi: Thiếu đối số 'ID...'.", "Error: Missing argument 'ID...'."),
    (("list", "--format", "xx"), "'xx' không phải là một trong 'table', 'json', 'jsonl', 'csv'.",
     "'xx' is not one of 'table', 'json', 'jsonl', 'csv'."),
    (("list", "--due-before", "abc"), "'abc' không phải là ngày", "'abc' is not a date"),
])
def test_clicks_own_errors_are_said_in_the_run_language(monkeypatch, args, vietnamese, english):
    monkeypatch.delenv("TRACKER_LANG", raising=False)
    said = CliRunner().invoke(cli, list(args)).stderr
    assert vietnamese in said and "Cách dùng: cli" in said and "để xem trợ giúp." in said
    assert english_words(said) - set(ACCEPTED_STATUS_WORDS) == set(), said   # "done", "new": words one may type
    for how in (("--lang", "en"), ("--lang=en",)):
        assert english in CliRunner().invoke(cli, [*how, *args]).stderr
    monkeypatch.setenv("TRACKER_LANG", "en")        # even before `cli` runs, the environment's language counts
    said = CliRunner().invoke(cli, list(args)).stderr
    assert english in said and "Usage: cli" in said and "for help." in said


def test_config_says_where_each_setting_came_from_in_the_run_language(monkeypatch):
    monkeypatch.delenv("TRACKER_LANG", raising=False)
    monkeypatch.setenv("TRACKER_TZ", "UTC")
    said = CliRunner().invoke(cli, ["config"])
    assert "biến môi trường TRACKER_TZ" in said.stdout and "mặc định" in said.stdout and "Lấy từ" in said.stdout
    assert "Tệp cấu hình:" in said.stderr
    english = CliRunner().invoke(cli, ["--lang", "en", "config"])
    assert "environment (TRACKER_TZ)" in english.stdout and "From" in english.stdout
    assert "option" in english.stdout                          # --lang en is the option
    wrong = CliRunner().invoke(cli, ["--tz", "Mars/X", "list"])
    assert wrong.exit_code == 2 and "Lỗi: 'Mars/X' (tuỳ chọn dòng lệnh) không phải là múi giờ." in wrong.stderr
