"""The line above the columns: active filters, cards shown, marks, column orders, the day, the session's state."""

from __future__ import annotations

from .board import Board
from .column import MARK
from .dialogs import quarter_name
from .row import STATUSES
from .session import Session


def filter_bits(board: Board, t: dict[str, str], lang: str) -> list[str]:
    """The active filters in words, as the filter bar shows them."""
    f = board.filters
    bits = []
    if f.agency:
        bits.append(f"{t['agency']}: {f.agency_text()}" + (f" ({t['lead_only']})" if f.lead_only else ""))
    if f.plan:
        bits.append(f"{t['plan']}: {f.plan}")
    if f.overdue:
        bits.append(t["overdue"])
    if f.due_this_quarter:
        bits.append(t["this_quarter"])
    if f.quarter:
        bits.append(t["quarter_bit"].format(quarter=quarter_name(f.quarter, lang)))
    if f.search:
        bits.append(f"{t['search']}: “{f.search}”")
    return bits


def order_bits(board: Board, t: dict[str, str], lang: str) -> list[str]:
    """Columns not in import order, in words: 'Chưa bắt đầu xếp theo hạn'."""
    return [t["sort_bit"].format(column=status.label(lang), order=t["sort_" + order])
            for status, order in zip(STATUSES, board.sort) if order != "order"]


def bar_text(board: Board, session: Session, t: dict[str, str], lang: str, bits: list[str]) -> str:
    """The whole line (not yet made printable); `bits` are filter_bits."""
    shown = t["shown"].format(shown=board.shown, total=board.total)
    text = f"{t['filters']}: {' · '.join(bits) or t['no_filter']}  │  {shown}"
    if board.marked:
        text += f"  │  {MARK} {t['marked'].format(n=len(board.marked))}"
    for bit in order_bits(board, t, lang):
        text += f"  │  {bit}"
    text += f"  │  {t['today']} {board.today.strftime('%d/%m/%Y')}"
    if session.move_day is not None:
        text += f"  │  {t['recorded_on'].format(day=session.move_day.strftime('%d/%m/%Y'))}"
    if session.view_only:
        text += f"  │  {t['view_only']}"
    elif session.read_only:
        text += f"  │  {t['read_only']}"
    if board.archive:              # first: a narrow terminal cuts the end of the line
        text = f"{t['archive_view']}  │  {text}"
    if session.sync_status:
        text = f"{session.sync_status}  │  {text}"
    return text
