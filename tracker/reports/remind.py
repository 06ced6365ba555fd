"""The đôn đốc list: tasks overdue or due soon as of a cut-off, grouped by lead agency (build_reminders),
and its formats: Markdown to paste into an e-mail, JSON, rows for the CLI's table (FORMATS)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from collections.abc import Iterable, Mapping, Sequence

from ..errors import UsageError
from ..i18n import msg
from ..inert import markdown_cell
from ..json_text import dumps_json
from ..model import Card
from ..monitoring import DEFAULT_SOON, NO_AGENCY, agencies_of, bucket_label, classify
from ..text import fold
from .model import ProgressNote, Renderer, fmt_date

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
        due = standing.due
        if standing.bucket not in WANTED or due is None:   # both wanted buckets always have a due day
            continue
        usable = [n for n in notes.get(card.id, ()) if n.day <= as_of and n.text.strip()]
        task = {"id": card.id, "plan": card.plan, "number": card.number, "content": card.content,
                "lead": list(card.lead), "time_text": card.time_text, "due": due.isoformat(),
                "days": (due - as_of).days, "bucket": standing.bucket, "status": standing.status.value,
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


@dataclass
class Reminders:
    """The list one run shows: the groups of build_reminders with the cut-off, window and language."""

    groups: list[dict[str, Any]]
    as_of: date
    within: int
    lang: str = "vi"

    def rows(self) -> list[dict[str, Any]]:
        return flat_rows(self.groups, self.lang, self.within)

    def markdown(self) -> str:
        return render_reminders_md(self.groups, as_of=self.as_of, within=self.within, lang=self.lang)

    def json(self) -> str:
        return dumps_json(self.groups) + "\n"


FORMATS = (
    Renderer("table", rows=Reminders.rows, people=True),
    Renderer("json", Reminders.json, suffix="json"),
    Renderer("md", Reminders.markdown, suffix="md"),
)
