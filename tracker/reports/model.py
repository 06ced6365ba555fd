"""The report model: the official monitoring form's groups and buckets (Report, build_report), the
history it is read from as of a cut-off (history_as_of, report_from_snapshot), its words and number
formats in both languages, and Renderer, what a format declares to the registry (formats.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any
from collections.abc import Callable, Iterable, Mapping, Sequence

from ..errors import UsageError
from ..i18n import msg
from ..filters import quarter_of
from ..model import Card, Plan, Status
from ..text import fold
from ..monitoring import (DEFAULT_SOON, NO_AGENCY, OFFICIAL, ROLES, Standing, Tally, agency_buckets, bucket_label,
                          classify)

GROUPINGS = ("agency", "plan", "quarter")
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}

TEXT = {
    "vi": {
        "title": "Báo cáo tình hình thực hiện nhiệm vụ",
        "plan_date": "ngày {date}",
        "period": "Giai đoạn: {text}",
        "cutoff": "Số liệu tính đến ngày {date}",
        "summary": ("Tổng số {total} nhiệm vụ; đã hoàn thành {done} nhiệm vụ ({done_pct}), trong đó đúng hạn "
                    "{on_time}, quá hạn {late}; đang/chưa thực hiện trong hạn {open} (trong đó sắp đến hạn trong "
                    "{soon} ngày: {due_soon}); đang/chưa thực hiện quá hạn {overdue}; không có hạn {undated}. "
                    "Tỷ lệ hoàn thành trên số nhiệm vụ đến hạn: {rate_due} ({done_due}/{due_count}); "
                    "trên tổng số nhiệm vụ: {rate_all}."),
        "stt": "STT", "total": "Tổng số", "total_row": "Tổng cộng", "count": "Số lượng", "pct": "Tỷ lệ",
        "group": {"agency": "Đơn vị", "plan": "Kế hoạch", "quarter": "Quý (theo hạn)"},
        "table": "Tình hình thực hiện theo {group}",
        "chart": "Biểu đồ tình hình thực hiện theo {group}",
        "timeline": "Tiến độ theo quý (theo hạn áp dụng)",
        "overdue": "Danh sách nhiệm vụ quá hạn",
        "completed": "Nhiệm vụ đã hoàn thành từ ngày {since}",
        "completed_all": "Nhiệm vụ đã hoàn thành",
        "none": "Không có.",
        "content": "Nội dung nhiệm vụ", "lead": "Cơ quan chủ trì", "deadline": "Thời hạn",
        "due": "Hạn áp dụng", "late_days": "Số ngày quá hạn", "reason": "Lý do / tiến độ gần nhất",
        "done_on": "Ngày hoàn thành", "timing": "Đúng/quá hạn", "id": "Mã",
        "no_deadline_quarter": "Không có hạn", "quarter": "Quý {q}/{year}",
        "sheet_table": "Tổng hợp", "sheet_overdue": "Quá hạn", "sheet_completed": "Đã hoàn thành",
        "all_plans": "các kế hoạch",
        "legend": "Chú giải",
    },
    "en": {
        "title": "Progress report on the plan tasks",
        "plan_date": "of {date}",
        "period": "Period: {text}",
        "cutoff": "Figures as of {date}",
        "summary": ("{total} tasks in all; {done} done ({done_pct}): {on_time} on time and {late} late; "
                    "{open} not done and within their deadline (of which {due_soon} due within {soon} days); "
                    "{overdue} overdue and not done; {undated} without a deadline. Completion rate over the tasks "
                    "due by the cut-off: {rate_due} ({done_due}/{due_count}); over all tasks: {rate_all}."),
        "stt": "No.", "total": "Total", "total_row": "Total", "count": "Count", "pct": "%",
        "group": {"agency": "Agency", "plan": "Plan", "quarter": "Quarter (by due)"},
        "table": "Progress by {group}",
        "chart": "Progress by {group} (chart)",
        "timeline": "Progress by quarter (of the applicable due)",
        "overdue": "Overdue tasks",
        "completed": "Tasks completed since {since}",
        "completed_all": "Completed tasks",
        "none": "None.",
        "content": "Task", "lead": "Lead agency", "deadline": "Deadline", "due": "Applicable due",
        "late_days": "Days overdue", "reason": "Reason / latest progress note", "done_on": "Done on",
        "timing": "On time / late", "id": "ID",
        "no_deadline_quarter": "No deadline", "quarter": "Q{qn} {year}",
        "sheet_table": "Summary", "sheet_overdue": "Overdue", "sheet_completed": "Completed",
        "all_plans": "all plans",
        "legend": "Legend",
    },
}


def text(lang: str) -> dict[str, Any]:
    return TEXT.get(lang, TEXT["vi"])


def fmt_date(day: date | None, lang: str) -> str:
    if day is None:
        return ""
    return day.strftime("%d/%m/%Y") if lang == "vi" else day.isoformat()


def fmt_pct(value: float | None, lang: str) -> str:
    if value is None:
        return "—"
    shown = f"{value:.1f}".rstrip("0").rstrip(".")
    return (shown.replace(".", ",") if lang == "vi" else shown) + "%"


@dataclass(frozen=True)
class ProgressNote:
    """One progress report on a task (an Event of kind "progress"), by day."""

    day: date
    text: str
    by: str = ""


@dataclass
class Report:
    """Everything every renderer shows; `groups` are the table rows, `total` counts each card once."""

    as_of: date
    by: str
    role: str
    lang: str
    soon: int
    since: date | None
    plans: list[Plan]
    groups: list[Tally]
    total: Tally
    timeline: list[Tally]
    overdue: list[dict[str, Any]] = field(default_factory=list)
    completed: list[dict[str, Any]] = field(default_factory=list)

    def rows(self) -> list[dict[str, Any]]:
        """JSON rows, one per group (the total row is not among them, so groups can be summed)."""
        return [tally.row() for tally in self.groups]

    def label(self, key: str) -> str:
        return bucket_label(key, self.lang, self.soon)

    def title_lines(self) -> list[str]:
        """The heading: the title with the plan(s), then their periods, then the cut-off date."""
        t = text(self.lang)
        lines = [t["title"]]
        for plan in self.plans:
            lines.append(plan_title(plan, self.lang))
            if plan.period.get("text"):
                lines.append(t["period"].format(text=plan.period["text"]))
        lines.append(t["cutoff"].format(date=fmt_date(self.as_of, self.lang)))
        return lines

    def summary(self) -> str:
        total, lang = self.total, self.lang
        return text(lang)["summary"].format(
            total=total.total, done=total.done, done_pct=fmt_pct(total.rate_all, lang),
            on_time=total.count("done-on-time"), late=total.count("done-late"),
            open=total.count("open-on-time"), soon=self.soon, due_soon=total.count("due-soon"),
            overdue=total.count("in-progress-overdue"), undated=total.count("no-deadline"),
            rate_due=fmt_pct(total.rate_due, lang), done_due=total.done_due, due_count=total.due_count,
            rate_all=fmt_pct(total.rate_all, lang))

    def table_keys(self) -> tuple[str, ...]:
        """The bucket columns of the official table: the four buckets, then the undated tasks."""
        return (*OFFICIAL, "no-deadline")


def plan_title(plan: Plan, lang: str) -> str:
    """"Kế hoạch số 55/KH-UBND ngày 15/05/2013 của UBND tỉnh Nam Định", parts left out when unknown."""
    t = text(lang)
    words = [plan.kind or ("Kế hoạch" if lang == "vi" else "Plan"),
             ("số " if lang == "vi" else "No. ") + (plan.number or plan.key)]
    signed = _iso_date(plan.date)
    if signed:
        words.append(t["plan_date"].format(date=fmt_date(signed, lang)).strip())
    if plan.province:
        # "An Giang" is stored bare; "Thành phố Hà Nội" or "tỉnh An Giang" already say what they are
        bare = not fold(plan.province).startswith(("tinh ", "thanh pho "))
        words.append(("của UBND " + ("tỉnh " if bare else "") if lang == "vi" else "— ") + plan.province)
    return " ".join(words)


def _iso_date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def quarter_label(key: str, lang: str) -> str:
    t = text(lang)
    if not key[:4].isdigit():
        return t["no_deadline_quarter"]
    year, quarter = int(key[:4]), int(key[-1])
    return t["quarter"].format(q=ROMAN[quarter], qn=quarter, year=year)


def _quarter_key(standing: Standing) -> str:
    if standing.due is None:
        return "none"
    year, quarter = quarter_of(standing.due)
    return f"{year}Q{quarter}"


def _latest_note(notes: Sequence[ProgressNote] | None, as_of: date) -> ProgressNote | None:
    usable = [note for note in notes or () if note.day <= as_of and note.text.strip()]
    return usable[-1] if usable else None   # notes come sorted by the day reported; the last is the latest


def build_report(cards: Iterable[Card], plans: Mapping[str, Plan], done_dates: Mapping[str, date],
                 progress_notes: Mapping[str, Sequence[ProgressNote]] | None = None, *, by: str = "agency",
                 role: str = "lead", as_of: date, since: date | None = None, soon: int = DEFAULT_SOON,
                 lang: str = "vi", agency: str | None = None) -> Report:
    """The report of `cards` (already filtered, statuses as of the cut-off) as of `as_of`.

    `done_dates` maps card ids to the day they last reached done; `progress_notes` maps ids to
    their progress notes, oldest report first. With by="agency" a card counts under each agency of
    `role`, and `agency` keeps only the rows whose name matches it (like --agency).
    """
    if by not in GROUPINGS:
        raise UsageError(msg("Unknown grouping {by}.", by=repr(by)), msg("Use --by agency, plan or quarter."))
    if role not in ROLES:
        raise UsageError(msg("Unknown role {role}.", role=repr(role)), msg("Use --role lead, support or any."))
    if soon < 0:
        raise UsageError(msg("--soon must be zero or more days, not {days}.", days=soon), msg("For example: --soon 14"))
    if since is not None and since > as_of:
        raise UsageError(msg("--since {since} is after the cut-off {as_of}.", since=since.isoformat(),
                             as_of=as_of.isoformat()),
                         msg("Choose a --since date on or before --as-of."))
    cards = list(cards)
    notes = progress_notes or {}
    standing = {card.id: classify(card, done_dates.get(card.id), as_of, soon) for card in cards}
    total = Tally("total", text(lang)["total_row"])
    by_plan: dict[str, Tally] = {key: Tally(key, plans[key].number or key) for key in plans}
    by_quarter: dict[str, Tally] = {}
    for card in cards:
        total.add(standing[card.id])
        if card.plan not in by_plan:
            by_plan[card.plan] = Tally(card.plan)
        by_plan[card.plan].add(standing[card.id])
        key = _quarter_key(standing[card.id])
        if key not in by_quarter:
            by_quarter[key] = Tally(key, quarter_label(key, lang))
        by_quarter[key].add(standing[card.id])
    timeline = [by_quarter[key] for key in sorted(by_quarter, key=lambda k: (not k[:4].isdigit(), k))]
    if by == "agency":
        groups = agency_buckets(cards, done_dates, as_of=as_of, soon=soon, role=role, lang=lang, agency=agency)
    elif by == "plan":
        groups = [tally for tally in by_plan.values() if tally.total]
    else:
        groups = timeline
    used = {card.plan for card in cards}
    return Report(
        as_of=as_of, by=by, role=role, lang=lang, soon=soon, since=since,
        plans=[plan for key, plan in plans.items() if key in used], groups=groups, total=total, timeline=timeline,
        overdue=_task_lines(cards, standing, notes, as_of, lambda s: s.bucket == "in-progress-overdue",
                            key=lambda line: (line["due"] or "", line["id"])),
        completed=_task_lines(cards, standing, notes, as_of,
                              lambda s: s.is_done and s.done_on is not None and since is not None
                              and since <= s.done_on <= as_of,
                              key=lambda line: (line["done_on"] or "", line["id"])),
    )


def _task_lines(cards: list[Card], standing: dict[str, Standing], notes: Mapping[str, Sequence[ProgressNote]],
                as_of: date, wanted, key) -> list[dict[str, Any]]:
    lines = []
    for card in cards:
        s = standing[card.id]
        if not wanted(s):
            continue
        latest = _latest_note(notes.get(card.id), as_of)
        lines.append({
            "id": card.id, "plan": card.plan, "number": card.number, "content": card.content,
            "lead": list(card.lead), "time_text": card.time_text, "due": s.due.isoformat() if s.due else None,
            "days_overdue": (as_of - s.due).days if s.due and s.bucket == "in-progress-overdue" else None,
            "status": s.status.value, "bucket": s.bucket,
            "done_on": s.done_on.isoformat() if s.done_on else None,
            # the latest progress note explains the delay; the card's own note when nobody reported
            "reason": latest.text if latest else card.note,
            "reason_on": latest.day.isoformat() if latest else None,
        })
    return sorted(lines, key=key)


# -- reading the inputs from the database ---------------------------------------------------------

@dataclass
class History:
    """What history says about each card at a cut-off: status, the day it reached done, its notes."""

    statuses: dict[str, Status]
    done_dates: dict[str, date]
    notes: dict[str, list[ProgressNote]]


def history_as_of(snapshot, as_of: date) -> History:
    """Replay the history up to the end of `as_of` (Vietnam time), ignoring undone change sets.

    An undone change set and the undo that reverted it cancel out, so both are skipped: the day a
    card reached done is then its real day, not the day an undo put it back. Unlike
    services.done_dates this also answers for a past cut-off (a card done later was open then).
    """
    from ..clock import day_of

    retracted: set[int] = set()
    for change_set in snapshot.change_sets:
        if change_set.undone_by is not None:
            retracted.update((change_set.id, change_set.undone_by))
    status_then: dict[str, Status] = {}
    done: dict[str, date] = {}
    notes: dict[str, list[ProgressNote]] = {}
    for event in snapshot.events:
        if event.change_set in retracted:
            continue
        day = _iso_date(event.on) or day_of(event.at)      # --on: the day it really happened
        if event.kind == "status" and event.old and event.new:
            if day > as_of:
                status_then.setdefault(event.card, Status(event.old))   # the status it left after the cut-off
            elif event.new == Status.DONE.value:
                done[event.card] = day
        elif event.kind == "progress" and event.note:
            # `new` holds the day the agency reported (tracker progress --date), which may be earlier
            reported = _iso_date(event.new if isinstance(event.new, str) else None) or day
            if reported <= as_of:
                notes.setdefault(event.card, []).append(ProgressNote(reported, event.note, event.by))
    for card_notes in notes.values():
        card_notes.sort(key=lambda note: note.day)    # stable: same-day reports keep history order
    statuses = {card_id: status_then.get(card_id, card.status) for card_id, card in snapshot.cards.items()}
    done = {card_id: day for card_id, day in done.items() if statuses.get(card_id) == Status.DONE}
    return History(statuses, done, notes)


def cards_as_of(snapshot, history: History) -> list[Card]:
    """The active cards with the board status they had at the cut-off."""
    return [card if card.status == history.statuses[card.id] else card.copy(status=history.statuses[card.id])
            for card in snapshot.active_cards()]


def report_from_snapshot(snapshot, filters, *, as_of: date, **options: Any) -> Report:
    """build_report over the cards matching `filters` (a tracker.filters.Filters), as of the cut-off."""
    from ..filters import apply_filters

    history = history_as_of(snapshot, as_of)
    cards = apply_filters(cards_as_of(snapshot, history), filters, as_of)
    return build_report(cards, snapshot.plans, history.done_dates, history.notes, as_of=as_of,
                        agency=filters.agency_text() or None if options.get("by", "agency") == "agency" else None, **options)


# -- what a format declares ------------------------------------------------------------------------

@dataclass(frozen=True)
class Renderer:
    """One output format of a document (the report, the đôn đốc list) and what the command needs to know.

    A format either renders the whole document (`render`: text, or bytes when `binary`) or hands
    the command rows (`rows`) that the CLI lists with its column specs (a terminal table, CSV).
    Binary documents always go to a file, by default exports/<document>-<cut-off>.<suffix>; text
    documents go to standard output unless -o names a file; listed rows only to standard output.
    """

    name: str
    render: Callable[[Any], str | bytes] | None = None
    rows: Callable[[Any], list[dict[str, Any]]] | None = None
    binary: bool = False
    suffix: str = ""
    people: bool = False     # read by people at the terminal: the command adds its summary line

    def __post_init__(self) -> None:
        if (self.render is None) == (self.rows is None):
            raise ValueError(f"format {self.name!r}: give it either render or rows")

    @property
    def stdout(self) -> bool:
        """Written to standard output when no -o is given (every format but a binary document)."""
        return not self.binary

    @property
    def to_file(self) -> bool:
        """-o can write it: a rendered document; listed rows are for the terminal or a pipe."""
        return self.render is not None


__all__ = ["Report", "ProgressNote", "Renderer", "build_report", "report_from_snapshot", "history_as_of",
           "cards_as_of", "fmt_pct", "fmt_date", "plan_title", "quarter_label", "text", "GROUPINGS", "NO_AGENCY"]
