"""Shared helpers for the board tests: a small real store, screen text, waiting for saves."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from tracker.model import Card, Deadline, Plan, Status
from tracker.store import Store
from tracker.tui.compat import screen_lines

TODAY = date(2014, 1, 15)
SIZE = (120, 36)
PLAN = "nam-dinh-55-2013"


def _card(number: str, content: str, lead: list[str], support: list[str], time_text: str,
          deadline: Deadline, status: Status = Status.NOT_STARTED) -> Card:
    return Card(id=f"{PLAN}.{number}", plan=PLAN, number=number, content=content, lead=lead, support=support,
                lead_text=", ".join(lead), support_text=", ".join(support), time_text=time_text,
                deadline=deadline, status=status, source={"file": "nam-dinh-55-kh-ubnd-2013.txt", "line": 100 + int(number)})


CARDS = [
    _card("1", "Xây dựng kế hoạch cải cách hành chính năm 2014 của tỉnh", ["Sở Nội vụ"], ["Các sở, ban, ngành tỉnh"],
          "Quý IV/2013", Deadline(kind="quarter", due=date(2013, 12, 31), quarter=4)),
    _card("2", "Rà soát, đánh giá thủ tục hành chính thuộc thẩm quyền giải quyết của tỉnh", ["Sở Tư pháp"],
          ["Sở Nội vụ"], "Trước ngày 20/01/2014", Deadline(kind="date", due=date(2014, 1, 20))),
    _card("3", "Ứng dụng công nghệ thông tin trong hoạt động của cơ quan hành chính nhà nước", ["Sở Thông tin và Truyền thông"],
          [], "Hàng năm", Deadline(kind="recurring", due=date(2014, 12, 31), freq="yearly", month=12, day=31)),
    _card("4", "Kiện toàn tổ chức bộ máy các cơ quan chuyên môn thuộc UBND tỉnh", ["Sở Nội vụ"], [],
          "Thường xuyên", Deadline(kind="ongoing"), Status.IN_PROGRESS),
    _card("5", "Hướng dẫn thực hiện cơ chế một cửa liên thông", ["Văn phòng UBND tỉnh"], [],
          "Sau khi có hướng dẫn của Bộ Nội vụ", Deadline(kind="conditional", text="Sau khi có hướng dẫn của Bộ Nội vụ"),
          Status.DONE),
]


def make_store(path: Path, cards: list[Card] | None = None) -> Store:
    """A real database file with one plan and the given cards (the sample cards by default)."""
    store = Store(path)
    with store.transaction("import") as tx:
        tx.put_plan(Plan(key=PLAN, number="55/KH-UBND", province="Nam Định",
                         title="Kế hoạch cải cách hành chính tỉnh Nam Định"))
        for card in CARDS if cards is None else cards:
            tx.put_card(card)
    return store


def screen_text(app) -> str:
    """What the terminal shows right now (the top screen), as plain text."""
    return "\n".join(screen_lines(app.screen))


async def settle(pilot, app, rounds: int = 200) -> None:
    """Wait until every store job the board queued has finished and the screen has repainted."""
    for _ in range(rounds):
        await pilot.pause()
        if not app.pending:
            break
        await pilot.pause(0.01)
    await app.workers.wait_for_complete()
    await pilot.pause()
