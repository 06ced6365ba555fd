"""The đôn đốc list: tasks overdue or due soon as of a cut-off, grouped by lead agency (pure + Markdown)."""

from __future__ import annotations

from datetime import date
from typing import Any
from collections.abc import Iterable, Mapping, Sequence

from .errors import UsageError
from .i18n import msg
from .model import Card
from .inert import markdown_cell
from .monitoring import DEFAULT_SOON, NO_AGENCY, agencies_of, bucket_label, classify
from .report import ProgressNote, fmt_date, text
from .text import fold

WANTED = ("in-progress-overdue", "due-soon")

REMIND_TEXT = {
    "vi": {"title": "Danh sách nhiệm vụ cần đôn đốc (tính đến ngày {date})",
           "counts": "{overdue} quá hạn, {soon} sắp đến hạn",
           "overdue": "QUÁ HẠN {days} ngày", "today": "ĐẾN HẠN HÔM NAY", "soon": "còn {days} ngày",
           "deadline": "Thời hạn", "due": "hạn", "progress": "Tiến độ gần nhất",
           "none": "Không có nhiệm vụ quá hạn hoặc sắp đến hạn trong {within} ngày tới."},
    "en": {"title": "Tasks to chase (as of {date})",
           "counts": "{overdue} overdue, {soon} due soon",
           "overdue": "OVERDUE by {days} day{s}", "today": "DUE TODAY", "soon": "{days} day{s} left",
           "deadline": "Deadline", "due": "due", "progress": "Latest progress",
           "none": "No task is overdue or due within the next {within} days."},
}


def build_reminders(cards: Iterable[Card], done_dates: Mapping[str, date],
                    progress_notes: Mapping[str, Sequence[ProgressNote]] | None = None, *, as_of: date,
                    within: int = DEFAULT_SOON, lang: str = "vi") -> list[dict[str, Any]]:
    """Per lead agency: the overdue and due-soon tasks (a task with two leads is under both).

    Agencies with the most overdue tasks come first; tasks by due date, the oldest first.
    """
    if within < 0:
        raise UsageError(msg("--within must be zero or more days, not {days}.", days=within),
                         msg("For example: --within 14"))
    notes = progress_notes or {}
    groups: dict[str, list[dict[str, Any]]] = {}
    for card in cards:
        standing = classify(card, done_dates.get(card.id), as_of, within)
        if standing.bucket not in WANTED:
            continue
        usable = [n for n in notes.get(card.id, ()) if n.day <= as_of and n.text.strip()]
        task = {"id": card.id, "plan": card.plan, "number": card.number, "content": card.content,
                "lead": list(card.lead), "time_text": card.time_text, "due": standing.due.isoformat(),
                "days": (standing.due - as_of).days, "bucket": standing.bucket, "status": standing.status.value,
                "progress": usable[-1].text if usable else None}
        for agency in agencies_of(card, "lead") or [NO_AGENCY.get(lang, NO_AGENCY["vi"])]:
            groups.setdefault(agency, []).append(task)
    result = []
    for agency, tasks in groups.items():
        tasks.sort(key=lambda task: (task["days"], task["id"]))
        overdue = sum(task["bucket"] == "in-progress-overdue" for task in tasks)
        result.append({"agency": agency, "overdue": overdue, "due-soon": len(tasks) - overdue, "tasks": tasks})
    return sorted(result, key=lambda group: (-group["overdue"], -len(group["tasks"]), fold(group["agency"])))


def flat_rows(groups: Sequence[dict[str, Any]], lang: str, within: int) -> list[dict[str, Any]]:
    """One row per (agency, task) for tables and CSV-minded scripts."""
    return [{"agency": group["agency"], **task, "state": _when(task, lang), "bucket_label":
             bucket_label(task["bucket"], lang, within)} for group in groups for task in group["tasks"]]


def _when(task: dict[str, Any], lang: str) -> str:
    t = REMIND_TEXT.get(lang, REMIND_TEXT["vi"])
    days = abs(task["days"])
    plural = "" if days == 1 else "s"     # only the English strings use {s}
    if task["days"] < 0:
        return t["overdue"].format(days=days, s=plural)
    return t["today"] if days == 0 else t["soon"].format(days=days, s=plural)


def render_reminders_md(groups: Sequence[dict[str, Any]], *, as_of: date, within: int, lang: str = "vi") -> str:
    """Markdown to paste into an e-mail: a heading per agency, one bullet per task."""
    t = REMIND_TEXT.get(lang, REMIND_TEXT["vi"])
    lines = [f"# {t['title'].format(date=fmt_date(as_of, lang))}", ""]
    if not groups:
        return "\n".join([*lines, t["none"].format(within=within), ""])
    for group in groups:
        counts = t["counts"].format(overdue=group["overdue"], soon=group["due-soon"])
        lines += [f"## {_md(group['agency'])} ({counts})", ""]
        for task in group["tasks"]:
            due = fmt_date(date.fromisoformat(task["due"]), lang)
            deadline = f"{t['deadline']}: {_md(task['time_text'])}; {t['due']} {due}" if task["time_text"] \
                else f"{t['deadline']}: {due}"
            line = f"- **{_when(task, lang)}** — `{task['id']}` {_md(task['content'])} ({deadline})"
            if task["progress"]:
                line += f". {t['progress']}: {_md(task['progress'])}"
            lines.append(line)
        lines.append("")
    return "\n".join(lines)


def _md(value: str) -> str:
    # keep each task on one bullet line; stray markup or HTML (<script>, <img onerror>) stays text
    return markdown_cell(value).replace("*", "\\*").replace("_", "\\_").replace("`", "'")


def table_columns(lang: str) -> list[tuple[str, str, Any]]:
    t = text(lang)
    return [("agency", t["lead"], None), ("id", t["id"], None), ("state", "", None),
            ("due", t["due"], lambda row: fmt_date(date.fromisoformat(row["due"]), lang)),
            ("time_text", t["deadline"], None),
            ("content", t["content"], lambda row: row["content"] if len(row["content"]) <= 70
             else row["content"][:69] + "…")]
