"""import_paths on a real Store: one transaction, re-import keeps ids/uids/status/history, nothing deleted."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tracker.model import Status
from tracker.store import Store
from tracker.importing import import_paths

PLANS = Path(__file__).resolve().parent.parent / "plans"
NAM_DINH = PLANS / "nam-dinh-55-kh-ubnd-2013.txt"


def test_import_folder_then_reimport_changes_nothing(tmp_path: Path) -> None:
    store = Store(tmp_path / "db.json")
    report = import_paths(store, [PLANS], by="tester")
    assert report.ok and report.exit_code == 0
    assert [f.file for f in report.files] == sorted(p.name for p in PLANS.glob("*.txt"))
    assert report.totals()["new"] == 143 and report.totals()["cards"] == 143
    snapshot = store.load()
    assert len(snapshot.cards) == 143 and set(snapshot.plans) == {
        "binh-dinh-4078-2013", "soc-trang-09-2012", "nam-dinh-55-2013", "an-giang-2050-2013", "an-giang-930-2012"}
    assert [cs.action for cs in snapshot.change_sets] == ["import"]
    assert {e.kind for e in snapshot.events} == {"create"} and {e.via for e in snapshot.events} == {"import"}
    uids = {card_id: card.uid for card_id, card in snapshot.cards.items()}

    again = import_paths(store, [PLANS])
    assert again.totals() == {"files": 5, "failed": 0, "cards": 143, "new": 0, "updated": 0, "unchanged": 143,
                              "removed": 0, "kept_edited": 0, "warnings": 0}
    assert {card_id: card.uid for card_id, card in store.load().cards.items()} == uids
    assert len(store.load().events) == 143


def test_reimport_keeps_status_notes_and_history_and_updates_changed_rows(tmp_path: Path) -> None:
    store = Store(tmp_path / "db.json")
    import_paths(store, [NAM_DINH])
    with store.transaction("move", by="coordinator") as tx:
        tx.set_status("nam-dinh-55-2013.13", Status.IN_PROGRESS, note="đang làm")
    before = store.load().cards["nam-dinh-55-2013.13"]

    corrected = tmp_path / "nam-dinh-55-kh-ubnd-2013.txt"
    text = NAM_DINH.read_text(encoding="utf-8")
    text = text.replace("Quý I/2014 thực hiện thí điểm Quý I/2015 thực hiện tất cả các đơn vị", "Quý II năm 2014")
    text = text.replace("Sở Kế hoạch&Đầu tư\n\nCác sở, ban, ngành, UBND cấp huyện\n\nQuý I năm 2014\n\n15", "Sở Kế hoạch&Đầu tư\n\nCác sở, ban, ngành, UBND cấp huyện\n\nQuý III năm 2014\n\n15")
    cut = text.index("\n22\n")
    corrected.write_text(text[:cut], encoding="utf-8")          # row 22 dropped from the corrected plan

    report = import_paths(store, [corrected], by="tester")
    file = report.files[0]
    assert report.ok and file.updated == {"nam-dinh-55-2013.13": ["time_text", "deadline"],
                                          "nam-dinh-55-2013.14": ["time_text", "deadline"]}
    assert file.removed == ["nam-dinh-55-2013.22"] and len(file.unchanged) == 19 and file.new == []
    cards = store.load().cards
    after = cards["nam-dinh-55-2013.13"]
    assert (after.uid, after.status, after.note) == (before.uid, Status.IN_PROGRESS, "đang làm")
    assert after.time_text == "Quý II năm 2014" and str(after.due) == "2014-06-30"
    assert after.sequence > before.sequence
    assert "nam-dinh-55-2013.22" in cards and not cards["nam-dinh-55-2013.22"].archived   # reported, never deleted
    history = [(e.kind, e.field) for e in store.load().events_for("nam-dinh-55-2013.13")]
    assert history == [("create", None), ("status", "status"), ("import", "time_text"), ("import", "deadline")]
    text_report = report.render_text("en")
    assert "No longer in the plan: nam-dinh-55-2013.22" in text_report
    assert "Updated: nam-dinh-55-2013.13 (time_text, deadline)" in text_report


def test_hand_edited_fields_survive_reimport(tmp_path: Path) -> None:
    store = Store(tmp_path / "db.json")
    import_paths(store, [NAM_DINH])
    with store.transaction("edit", by="coordinator") as tx:
        tx.edit("nam-dinh-55-2013.3", {"content": "Sửa đổi, ban hành Quy định về phân cấp quản lý tổ chức, bộ máy, biên chế",
                                       "lead": ["Sở Nội vụ", "Sở Tài chính"]})
    corrected = tmp_path / "nam-dinh.txt"
    corrected.write_text(NAM_DINH.read_text(encoding="utf-8").replace(
        "Sửa đổi, ban hành Quy định về phân cấp quản lý tổ chức, bộ máy biên chế….\n\nSở Nội vụ\n\nCác sở, ban, ngành, UBND cấp huyện\n\nQuý IV năm 2013",
        "Sửa đổi Quy định phân cấp\n\nSở Nội vụ\n\nCác sở, ban, ngành, UBND cấp huyện\n\nQuý I năm 2014"), encoding="utf-8")
    report = import_paths(store, [corrected])
    file = report.files[0]
    assert file.kept_edited == {"nam-dinh-55-2013.3": ["content", "lead"]}
    assert file.updated == {"nam-dinh-55-2013.3": ["time_text", "deadline"]}
    card = store.load().cards["nam-dinh-55-2013.3"]
    assert card.content == "Sửa đổi, ban hành Quy định về phân cấp quản lý tổ chức, bộ máy, biên chế"
    assert card.lead == ["Sở Nội vụ", "Sở Tài chính"] and card.time_text == "Quý I năm 2014"
    assert "Hand edits kept: nam-dinh-55-2013.3 (content, lead)" in report.render_text("en")


def test_dry_run_writes_nothing(tmp_path: Path) -> None:
    store = Store(tmp_path / "db.json")
    report = import_paths(store, [PLANS], dry_run=True)
    assert report.dry_run and report.totals()["new"] == 143
    assert not (tmp_path / "db.json").exists()
    assert "Dry run (--dry-run): nothing was written" in report.render_text("en")
    assert "Chạy thử (--dry-run)" in report.render_text("vi")


def test_a_failed_file_is_reported_and_nothing_of_it_imported(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(NAM_DINH, folder / "a-nam-dinh.txt")
    (folder / "b-empty.txt").write_bytes(b"")
    (folder / "c-notes.html").write_text("<html><body><p>Ghi chú họp</p></body></html>", encoding="utf-8")
    (folder / "ignored.csv").write_text("x", encoding="utf-8")
    store = Store(tmp_path / "db.json")
    report = import_paths(store, [folder])
    assert [f.file for f in report.files] == ["a-nam-dinh.txt", "b-empty.txt", "c-notes.html"]
    assert not report.ok and report.exit_code == 4
    assert [f.file for f in report.failed] == ["b-empty.txt", "c-notes.html"]
    assert report.failed[0].error.startswith("b-empty.txt: the file is empty.")
    assert len(store.load().cards) == 22 and set(store.load().plans) == {"nam-dinh-55-2013"}
    data = report.to_dict()
    assert data["ok"] is False and data["totals"]["failed"] == 2
    assert data["files"][1]["error"].startswith("b-empty.txt: the file is empty.")
    text = report.render_text("vi")
    assert "b-empty.txt: KHÔNG NHẬP ĐƯỢC" in text and "c-notes.html: KHÔNG NHẬP ĐƯỢC" in text


def test_same_plan_twice_in_one_import(tmp_path: Path) -> None:
    copy = tmp_path / "copy.txt"
    shutil.copy(NAM_DINH, copy)
    report = import_paths(Store(tmp_path / "db.json"), [NAM_DINH, copy])
    assert report.files[1].error.startswith("copy.txt: it is the same plan (nam-dinh-55-2013) as nam-dinh-55-kh-ubnd-2013.txt")
    assert report.exit_code == 4


def test_report_json_and_text_for_a_body_plan(tmp_path: Path) -> None:
    report = import_paths(Store(tmp_path / "db.json"), [PLANS / "an-giang-2050-qd-ubnd-2013.txt"])
    data = json.loads(json.dumps(report.to_dict(), ensure_ascii=False))
    file = data["files"][0]
    assert (file["plan"], file["shape"], file["inferred"], file["cards"]) == ("an-giang-2050-2013", "roadmap", True, 19)
    assert file["counts"] == {"new": 19, "updated": 0, "unchanged": 0, "removed": 0, "kept_edited": 0}
    text = report.render_text("en")
    assert text.splitlines()[0] == "an-giang-2050-qd-ubnd-2013.txt → an-giang-2050-2013 (2050/QĐ-UBND, An Giang)"
    assert "inferred from the body text" in text
    assert "suy ra từ nội dung văn bản" in report.render_text("vi")


def test_warnings_carry_file_and_line_in_the_report(tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    path.write_text("Số: 7/KH-UBND\nHuế, ngày 02 tháng 3 năm 2020\n\nTT\tNội dung\tCơ quan chủ trì\tThời gian\n"
                    "1\tRà soát\tSở Tư pháp\tSớm nhất có thể\n", encoding="utf-8")
    report = import_paths(Store(tmp_path / "db.json"), [path])
    assert report.ok
    text = report.render_text("en")
    assert "plan.txt:5: the table has no 'Cơ quan phối hợp' column" in text
    assert "plan.txt:5: row 1: time 'Sớm nhất có thể': no date found" in text
    assert report.to_dict()["files"][0]["warnings"][0] == {
        "file": "plan.txt", "line": 5, "message": "the table has no 'Cơ quan phối hợp' column; that field is left empty on every card"}


def test_unchanged_reimport_does_not_write(tmp_path: Path) -> None:
    store = Store(tmp_path / "db.json")
    import_paths(store, [NAM_DINH])
    writes = store.writes
    assert import_paths(store, [NAM_DINH]).files[0].unchanged
    assert store.writes == writes


def test_a_changed_row_that_also_moved_gets_its_new_source_line(tmp_path: Path) -> None:
    """Regression: an updated row's refreshed source line must be stored with the field changes."""
    store = Store(tmp_path / "db.json")
    import_paths(store, [NAM_DINH])
    lines_before = {card_id: card.source["line"] for card_id, card in store.load().cards.items()}
    corrected = tmp_path / "nam-dinh-55-kh-ubnd-2013.txt"
    text = NAM_DINH.read_text(encoding="utf-8")
    text = text.replace("PHỤ LỤC\n", "PHỤ LỤC\n\n(bản sửa đổi)\n\n", 1)     # every row moves down 3 lines
    text = text.replace("Quý I/2014 thực hiện thí điểm Quý I/2015 thực hiện tất cả các đơn vị", "Quý II năm 2014")
    corrected.write_text(text, encoding="utf-8")
    report = import_paths(store, [corrected])
    assert report.files[0].updated == {"nam-dinh-55-2013.13": ["time_text", "deadline"]}
    cards = Store(tmp_path / "db.json").load().cards        # read back from the file
    assert cards["nam-dinh-55-2013.13"].time_text == "Quý II năm 2014"
    assert {card_id: card.source["line"] - lines_before[card_id] for card_id, card in cards.items()} == \
        {card_id: 3 for card_id in cards}                   # the updated row and the unchanged ones


def test_a_hand_added_card_is_not_reported_as_gone_from_the_plan(isolated_db: Path) -> None:
    from tracker.editing import add_card, validate_new_card

    store = Store(isolated_db)
    import_paths(store, [NAM_DINH])
    snapshot = store.load()
    draft = validate_new_card(snapshot, plan="nam-dinh-55-2013", content="Việc thêm tay", lead="Sở Nội vụ",
                              support="", time_text="Quý II/2014")
    card = add_card(store, draft)
    report = import_paths(store, [NAM_DINH])
    assert card.id not in report.files[0].removed and report.files[0].removed == []
