"""One real table (QĐ 2530/QĐ-TTg, PL I, tasks 1-20) as .docx, .xlsx, PDF and HTML, merges and all.

tests/realplans/qd-2530-2025-pl1.* were made from the hand labels by tests/make_realplan_files.py
with real merged cells (Word vMerge, Excel merged ranges, PDF spans); the HTML is written here
with rowspan. Every format must give the labelled tasks, with the same ids.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

import pytest

from tracker.importer import read_plan
from tracker.text import clean

HERE = Path(__file__).resolve().parent
REAL = HERE / "realplans"
LABELS = json.loads((HERE / "corpus_labels" / "646f0a00d4174382.tasks.json").read_text(encoding="utf-8"))[:20]
IDS = (["A.1.1", "A.1.2", "A.1.3", "A.1.4", "A.1.5", "A.2.1", "A.2.2", "A.2.3", "A.3.1", "A.3.2", "A.3.3", "A.3.4"]
       + [f"A.{n}" for n in range(4, 10)] + ["B.1", "B.2"])
TITLES = ["STT", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thuộc nhóm nhiệm vụ, hành động", "Nội dung nhiệm vụ",
          "Chỉ tiêu đạt được", "Thời hạn hoàn thành"]
GROUP = "Thuộc nhóm nhiệm vụ, hành động"


def html_page(path: Path) -> Path:
    """The labelled rows as a saved web page: STT, agencies and group merged down with rowspan."""
    rows, position = [], 0
    esc = html.escape
    while position < len(LABELS):
        label = LABELS[position]
        if position == 0 or label["section"] != LABELS[position - 1]["section"]:
            letter, title = label["section"].split(" ", 1)
            rows.append(f"<tr><td>{esc(letter)}</td><td colspan='6'><b>{esc(title)}</b></td></tr>")
        span = 1
        while position + span < len(LABELS) and not LABELS[position + span]["number"] \
                and LABELS[position + span]["section"] == label["section"]:
            span += 1
        for k in range(span):
            row = LABELS[position + k]
            merged = "" if k else "".join(f"<td rowspan='{span}'>{esc(value)}</td>" for value in (
                row["number"], row["lead_text"], row["support_text"], row["extras"][GROUP]))
            rows.append(f"<tr>{merged}<td>{esc(row['content'])}</td><td>{esc(row['extras']['Chỉ tiêu đạt được'])}</td>"
                        f"<td>{esc(row['time_text'])}</td></tr>")
        position += span
    head = "".join(f"<th>{esc(t)}</th>" for t in TITLES)
    path.write_text(f"""<!doctype html><html><head><script>var x = "<td>1</td>";</script></head><body>
<nav>Trang chủ | Văn bản</nav>
<p>THỦ TƯỚNG CHÍNH PHỦ</p><p>Số: 2530/QĐ-TTg</p><p>Hà Nội, ngày 19 tháng 11 năm 2025</p>
<p>QUYẾT ĐỊNH</p><p>PHÊ DUYỆT KẾ HOẠCH HÀNH ĐỘNG QUỐC GIA VỀ KHẮC PHỤC Ô NHIỄM VÀ QUẢN LÝ CHẤT LƯỢNG MÔI TRƯỜNG KHÔNG KHÍ</p>
<p>PHỤ LỤC I</p><table><tr>{head}</tr>{''.join(rows)}</table><footer>Thư viện</footer></body></html>""",
                    encoding="utf-8")
    return path


@pytest.mark.parametrize("kind", ["docx", "xlsx", "pdf", "html"])
def test_every_format_gives_the_labelled_tasks(kind: str, tmp_path: Path) -> None:
    path = html_page(tmp_path / "qd-2530-2025-pl1.html") if kind == "html" else REAL / f"qd-2530-2025-pl1.{kind}"
    result = read_plan(path)
    assert result.reader == kind and not result.inferred
    assert result.plan.number == "2530/QĐ-TTg" and result.plan.date == "2025-11-19"
    assert [c.number for c in result.cards] == IDS
    for card, label in zip(result.cards, LABELS):
        assert (card.content, card.lead_text, card.support_text, card.time_text) == \
            tuple(clean(label[f]) for f in ("content", "lead_text", "support_text", "time_text"))
        assert card.extras == {k: clean(v) for k, v in label["extras"].items()}
        assert card.section == label["section"].split(" ", 1)[1]
    assert result.cards[0].lead == ["Bộ Nông nghiệp và Môi trường"]
    assert result.cards[0].support[:3] == ["Bộ Khoa học và Công nghệ", "Bộ Xây dựng", "Bộ Công Thương"]
