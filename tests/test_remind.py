"""The đôn đốc list on plain inputs: who to chase, in which order, and the Markdown to paste."""

from __future__ import annotations

from datetime import date

from tracker.model import Card, Deadline, Status
from tracker.reports.remind import build_reminders, flat_rows, render_reminders_md
from tracker.reports.model import ProgressNote

AS_OF = date(2014, 7, 15)


def card(card_id, due, lead=("Sở Nội vụ",), status=Status.IN_PROGRESS):
    return Card(id=card_id, plan="p", number=card_id, content=f"Nội dung *{card_id}*\nhai dòng", lead=list(lead),
                time_text="Quý III/2014", status=status, deadline=Deadline("date", due))


CARDS = [
    card("1", date(2014, 7, 14)),                                     # overdue by one day
    card("2", date(2014, 7, 29)),                                     # due in 14 days
    card("3", date(2014, 7, 30)),                                     # 15 days: not yet
    card("4", date(2014, 7, 15), lead=("Sở Tư pháp", "Sở Nội vụ")),     # due today, two leads
    card("5", date(2014, 6, 1), status=Status.DONE),                  # done late: nothing to chase
    card("6", date(2014, 6, 1), lead=()),                             # overdue, nobody named
]


def test_groups_order_and_windows():
    groups = build_reminders(CARDS, {"5": date(2014, 6, 20)}, as_of=AS_OF)
    assert [(g["agency"], g["overdue"], g["due-soon"], [t["id"] for t in g["tasks"]]) for g in groups] == [
        ("Sở Nội vụ", 1, 2, ["1", "4", "2"]),
        ("(Chưa rõ đơn vị)", 1, 0, ["6"]),
        ("Sở Tư pháp", 0, 1, ["4"]),
    ]
    assert [t["days"] for t in groups[0]["tasks"]] == [-1, 0, 14]
    wider = build_reminders(CARDS, {}, as_of=AS_OF, within=15)
    assert [t["id"] for t in wider[0]["tasks"]] == ["1", "4", "2", "3"]


def test_done_after_the_cut_off_is_still_chased_at_the_cut_off():
    done_later = card("7", date(2014, 7, 1), status=Status.DONE)
    (group,) = build_reminders([done_later], {"7": date(2014, 8, 1)}, as_of=AS_OF)
    assert group["tasks"][0]["bucket"] == "in-progress-overdue"


def test_markdown_for_an_email():
    notes = {"1": [ProgressNote(date(2014, 7, 1), "Đã có dự thảo"), ProgressNote(date(2014, 7, 20), "later")]}
    groups = build_reminders(CARDS, {}, notes, as_of=AS_OF)
    text = render_reminders_md(groups, as_of=AS_OF, within=14)
    assert text.startswith("# Danh sách nhiệm vụ cần đôn đốc (tính đến ngày 15/07/2014)")
    assert "## Sở Nội vụ (1 quá hạn, 2 sắp đến hạn)" in text
    assert ("- **QUÁ HẠN 1 ngày** — `1` Nội dung \\*1\\* hai dòng (Thời hạn: Quý III/2014; hạn 14/07/2014). "
            "Tiến độ gần nhất: Đã có dự thảo") in text
    assert "**ĐẾN HẠN HÔM NAY**" in text and "**còn 14 ngày**" in text
    english = render_reminders_md(build_reminders(CARDS, {}, as_of=AS_OF, lang="en"), as_of=AS_OF, within=14,
                                  lang="en")
    assert "## Sở Nội vụ (1 overdue, 2 due soon)" in english and "OVERDUE by 1 day" in english and "14 days left" in english
    assert render_reminders_md([], as_of=AS_OF, within=14).strip().endswith("trong 14 ngày tới.")


def test_flat_rows_for_tables():
    rows = flat_rows(build_reminders(CARDS, {}, as_of=AS_OF), "vi", 14)
    assert [(row["agency"], row["id"], row["state"]) for row in rows][:2] == [
        ("Sở Nội vụ", "1", "QUÁ HẠN 1 ngày"), ("Sở Nội vụ", "4", "ĐẾN HẠN HÔM NAY")]
