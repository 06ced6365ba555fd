"""The column specs `tracker report` and `tracker remind` list their rows with (table, CSV), by format name.

The rows come from the report formats (tracker.reports.rows, tracker.reports.remind); what the
columns are called and how a rate or a long task is shown is the command line's business.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from ..model import Status
from ..monitoring import BUCKETS
from ..reports.model import Report, fmt_date, fmt_pct, text
from ..reports.remind import Reminders
from .output import Column

SHORT = {   # terminal headers: the full labels make an 11-column table unreadable at 80 columns
    "vi": {"total": "Tổng", "done-on-time": "HT đúng hạn", "done-late": "HT quá hạn", "open-on-time": "Trong hạn",
           "in-progress-overdue": "Quá hạn", "no-deadline": "Không hạn", "due-soon": "Sắp hạn",
           "rate-due": "TL đến hạn", "rate-all": "TL tổng"},
    "en": {"total": "Total", "done-on-time": "On time", "done-late": "Late", "open-on-time": "Within",
           "in-progress-overdue": "Overdue", "no-deadline": "No due", "due-soon": "Soon",
           "rate-due": "Rate due", "rate-all": "Rate all"},
}


def table_columns(report: Report) -> list[Column]:
    """The people's table: group, total, the official buckets, due soon, both rates."""
    short = SHORT.get(report.lang, SHORT["vi"])
    columns: list[Column] = [("label", text(report.lang)["group"][report.by], None),
                             ("total", short["total"], None)]
    columns += [(key, short[key], None) for key in (*report.table_keys(), "due-soon")]
    for key in ("rate-due", "rate-all"):
        def rate(row: dict[str, Any], key: str = key) -> str:
            return fmt_pct(row[key], report.lang)
        columns.append((key, short[key], rate))
    return columns


def csv_columns(report: Report | None = None) -> list[Column]:
    """Every count of a group under its machine name, in every language (scripts read the keys)."""
    keys = ["group", "label", "total", *(s.value for s in Status), "overdue", *BUCKETS, "open-on-time",
            "due-count", "rate-due", "rate-all"]
    return [(key, key, None) for key in keys]


def remind_columns(reminders: Reminders) -> list[Column]:
    """One line per (agency, task): agency, id, how late or how soon, due, the plan's words, the task."""
    lang = reminders.lang
    t = text(lang)
    return [("agency", t["lead"], None), ("id", t["id"], None), ("state", "", None),
            ("due", t["due"], lambda row: fmt_date(date.fromisoformat(row["due"]), lang)),
            ("time_text", t["deadline"], None),
            ("content", t["content"], lambda row: row["content"] if len(row["content"]) <= 70
             else row["content"][:69] + "…")]


# format name -> the columns for the document being listed; a listed format (Renderer.rows) needs its line here
REPORT_COLUMNS: dict[str, Callable[[Any], list[Column]]] = {"table": table_columns, "csv": csv_columns}
REMIND_COLUMNS: dict[str, Callable[[Any], list[Column]]] = {"table": remind_columns}
