"""Official monitoring buckets (QĐ 42/2014/QĐ-TTg form) computed as of a cut-off date; pure, no I/O."""

# Bucket definitions (the contract the report, the reminders and the board share):
# Every card falls in exactly one of seven buckets (BUCKETS), decided from its board status as of
# the cut-off, the day it reached done and the due that applies:
#
# - The due that applies to a card still open at the cut-off is `next_due(deadline, as_of)` (for a
#   recurring or multi deadline: the next occurrence or part on or after the cut-off; when every
#   occurrence has passed, the last one, so the card is overdue). For a done card it is the due
#   that applied on the day it was done, `next_due(deadline, done_on)`: a yearly task done in May
#   answers that year's occurrence; a multi task is late only when done after its last part.
# - done-on-time: done on or before that due (also: done with no due, or done on an unrecorded
#   day, e.g. imported as done, since lateness cannot be shown);
#   done-late: done after that due;
# - in-progress-overdue: not done and the due has passed (due < cut-off), whether work started or
#   not, labelled "Đang/chưa thực hiện quá hạn" so the labels add up;
# - due-soon: not done, due between the cut-off and cut-off + `soon` days inclusive (due today is
#   due soon, not overdue);
# - in-progress-on-time: in progress, due later than the soon window;
# - not-due: not started, due later than the soon window ("Chưa đến hạn, chưa thực hiện");
# - no-deadline: not done and no dated due (ongoing, conditional, unknown).
#
# A card done after the cut-off counts as in progress at the cut-off. The official table's four
# columns are done-on-time, done-late, open-on-time (= in-progress-on-time + due-soon + not-due)
# and in-progress-overdue; no-deadline is shown beside them so every row adds up to its total.
#
# Completion rates: `rate-due`, the Government Office's rate, is done ÷ tasks due by the cut-off
# (applicable due ≤ cut-off; a task done early whose due is still ahead is in neither count);
# `rate-all` is done ÷ all tasks. Both are percentages with one decimal, None when nothing counts.

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple
from collections.abc import Iterable, Mapping

from .deadline_dates import next_due, occurrences
from .model import Card, Deadline, Status
from .text import fold

BUCKETS = ("done-on-time", "done-late", "in-progress-on-time", "due-soon", "not-due",
           "in-progress-overdue", "no-deadline")
# The four columns of the official table, then the undated cards so that each row adds up.
OFFICIAL = ("done-on-time", "done-late", "open-on-time", "in-progress-overdue")
OPEN_ON_TIME = ("in-progress-on-time", "due-soon", "not-due")
DONE_BUCKETS = ("done-on-time", "done-late")
ROLES = ("lead", "support", "any")
DEFAULT_SOON = 14

BUCKET_LABELS = {
    "vi": {
        "done-on-time": "Đã hoàn thành đúng hạn",
        "done-late": "Đã hoàn thành quá hạn",
        "in-progress-on-time": "Đang thực hiện trong hạn",
        "due-soon": "Sắp đến hạn (≤ {soon} ngày)",
        "not-due": "Chưa đến hạn, chưa thực hiện",
        "in-progress-overdue": "Đang/chưa thực hiện quá hạn",
        "no-deadline": "Không có hạn",
        "open-on-time": "Đang/chưa thực hiện trong hạn",
        "rate-due": "Tỷ lệ hoàn thành (trên số nhiệm vụ đến hạn)",
        "rate-all": "Tỷ lệ hoàn thành (trên tổng số nhiệm vụ)",
    },
    "en": {
        "done-on-time": "Done on time",
        "done-late": "Done late",
        "in-progress-on-time": "In progress, on time",
        "due-soon": "Due soon (≤ {soon} days)",
        "not-due": "Not started, not yet due",
        "in-progress-overdue": "Overdue (in progress or not started)",
        "no-deadline": "No deadline",
        "open-on-time": "Not done, within deadline",
        "rate-due": "Completion rate (tasks due by the cut-off)",
        "rate-all": "Completion rate (all tasks)",
    },
}
# Bar colours shared by the report's SVG and the board's statistics screen (red overdue, orange soon).
BUCKET_COLORS = {
    "done-on-time": "#2e7d32", "done-late": "#81c784", "in-progress-on-time": "#1565c0",
    "due-soon": "#ef6c00", "not-due": "#90a4ae", "in-progress-overdue": "#c62828", "no-deadline": "#d7ccc8",
}
NO_AGENCY = {"vi": "(Chưa rõ đơn vị)", "en": "(No agency)"}

def bucket_label(key: str, lang: str = "vi", soon: int = DEFAULT_SOON) -> str:
    return BUCKET_LABELS.get(lang, BUCKET_LABELS["vi"])[key].format(soon=soon)


def due_on(deadline: Deadline, day: date) -> date | None:
    """The due that applies on `day`: the next one on or after it, else the last one that passed."""
    due = next_due(deadline, day)
    if due is None and deadline.kind not in ("ongoing", "conditional", "unknown"):
        # next_due may answer None once a recurring task's period is over; it is then overdue.
        candidates: list[date | None] = [*occurrences(deadline)] or [deadline.due]
        passed = [d for d in candidates if d and d <= day]
        due = max(passed, default=None)
    return due


class Standing(NamedTuple):
    """Where one card stands at the cut-off: its bucket, the due that decided it, its done day."""

    bucket: str
    status: Status          # board status at the cut-off
    due: date | None
    done_on: date | None = None
    due_by_cutoff: bool = False     # counts in the Government Office's rate: due on or before the cut-off

    @property
    def is_done(self) -> bool:
        return self.bucket in DONE_BUCKETS


def classify(card: Card, done_on: date | None, as_of: date, soon: int = DEFAULT_SOON) -> Standing:
    """The bucket of one card as of `as_of`; `done_on` is the day it last reached done, if known."""
    status = card.status
    if status == Status.DONE and done_on is not None and done_on > as_of:
        status, done_on = Status.IN_PROGRESS, None     # finished after the cut-off: still open then
    if status == Status.DONE:
        due = due_on(card.deadline, done_on or as_of)
        late = bool(due and done_on and done_on > due)
        return Standing("done-late" if late else "done-on-time", status, due, done_on,
                        due_by_cutoff=bool(due and due <= as_of))
    due = due_on(card.deadline, as_of)
    if due is None:
        bucket = "no-deadline"
    elif due < as_of:
        bucket = "in-progress-overdue"
    elif (due - as_of).days <= soon:
        bucket = "due-soon"
    elif status == Status.IN_PROGRESS:
        bucket = "in-progress-on-time"
    else:
        bucket = "not-due"
    return Standing(bucket, status, due, None, due_by_cutoff=bool(due and due <= as_of))


def _percent(part: int, whole: int) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None


@dataclass
class Tally:
    """Counts of one group of cards: board statuses, buckets, and what the two rates need."""

    group: str
    label: str = ""
    statuses: Counter = field(default_factory=Counter)
    buckets: Counter = field(default_factory=Counter)
    due_count: int = 0        # tasks due by the cut-off (the official rate's denominator)
    done_due: int = 0         # of those, done by the cut-off

    def add(self, standing: Standing) -> None:
        self.statuses[standing.status.value] += 1
        self.buckets[standing.bucket] += 1
        if standing.due_by_cutoff:
            self.due_count += 1
            self.done_due += standing.is_done

    @property
    def total(self) -> int:
        return sum(self.buckets.values())

    @property
    def done(self) -> int:
        return self.buckets["done-on-time"] + self.buckets["done-late"]

    @property
    def rate_due(self) -> float | None:
        return _percent(self.done_due, self.due_count)

    @property
    def rate_all(self) -> float | None:
        return _percent(self.done, self.total)

    def count(self, key: str) -> int:
        """A bucket, or the official open-on-time column (its three sub-buckets together)."""
        if key == "open-on-time":
            return sum(self.buckets[k] for k in OPEN_ON_TIME)
        return self.buckets[key]

    def percent(self, key: str) -> float | None:
        return _percent(self.count(key), self.total)

    def row(self) -> dict:
        """The JSON row: group, board statuses, total, overdue, every bucket, both rates."""
        row = {"group": self.group, "label": self.label or self.group, "total": self.total,
               **{status.value: self.statuses[status.value] for status in Status},
               "overdue": self.buckets["in-progress-overdue"],
               **{key: self.buckets[key] for key in BUCKETS},
               "open-on-time": self.count("open-on-time"),
               "due-count": self.due_count, "rate-due": self.rate_due, "rate-all": self.rate_all}
        return row


def agencies_of(card: Card, role: str = "lead") -> list[str]:
    """The agencies a card counts under: its leads, its supporting agencies, or both."""
    if role == "lead":
        return list(dict.fromkeys(card.lead))
    if role == "support":
        return list(dict.fromkeys(card.support))
    return card.agencies()


def agency_buckets(cards: Iterable[Card], done_dates: Mapping[str, date], *, as_of: date,
                   soon: int = DEFAULT_SOON, role: str = "lead", lang: str = "vi",
                   agency: str | None = None) -> list[Tally]:
    """Per-agency tallies for the board's statistics screen and the report (pure).

    A card counts once under each agency of `role` (so a card with two leads is in two rows);
    cards without one go under "(Chưa rõ đơn vị)". `agency` (folded substring, like --agency)
    keeps only the matching rows. Rows: most cards first, then by name.
    """
    tallies: dict[str, Tally] = {}
    wanted = fold(agency) if agency else None
    nobody = [NO_AGENCY.get(lang, NO_AGENCY["vi"])]
    for card in cards:
        standing = classify(card, done_dates.get(card.id), as_of, soon)
        for name in agencies_of(card, role) or nobody:
            if wanted and wanted not in fold(name):
                continue
            tally = tallies.get(name)
            if tally is None:
                tally = tallies[name] = Tally(name)
            tally.add(standing)
    return sorted(tallies.values(), key=lambda t: (-t.total, fold(t.group)))
