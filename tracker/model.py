"""Cards, plans, deadlines, statuses and history: plain dataclasses with to/from dict, no I/O.

The dict forms are the JSON contract of DESIGN §4 (`list --format json`, the database file).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, fields, replace
from datetime import date, datetime, UTC
from enum import Enum
from typing import Any

from .clock import iso_day
from .errors import UsageError
from .i18n import msg
from .text import fold


class Status(str, Enum):
    """The three board columns."""

    NOT_STARTED = "not-started"
    IN_PROGRESS = "in-progress"
    DONE = "done"

    def label(self, lang: str = "vi") -> str:
        return STATUS_LABELS.get(lang, STATUS_LABELS["vi"])[self]


STATUS_LABELS = {
    "vi": {
        Status.NOT_STARTED: "Chưa bắt đầu",
        Status.IN_PROGRESS: "Đang thực hiện",
        Status.DONE: "Hoàn thành",
    },
    "en": {
        Status.NOT_STARTED: "Not started",
        Status.IN_PROGRESS: "In progress",
        Status.DONE: "Done",
    },
}

# Every word a user may type for a status; matched after fold() so diacritics are optional.
_STATUS_WORDS = {
    Status.NOT_STARTED: ["not-started", "todo", "chua-bat-dau", "chưa bắt đầu", "new"],
    Status.IN_PROGRESS: ["in-progress", "doing", "dang-thuc-hien", "đang thực hiện", "started", "in progress", "đang làm"],
    Status.DONE: ["done", "hoan-thanh", "hoàn thành", "completed", "complete", "finished", "finish", "xong", "đã xong"],
}
_STATUS_LOOKUP = {
    fold(word).replace(" ", "-").replace("_", "-"): status
    for status, words in _STATUS_WORDS.items()
    for word in words
}
ACCEPTED_STATUS_WORDS = sorted({w.replace(" ", "-") for ws in _STATUS_WORDS.values() for w in ws if w.isascii()})


def parse_status(word: str | Status) -> Status:
    """Map any accepted status word (English, Vietnamese, with or without diacritics) to a Status."""
    if isinstance(word, Status):
        return word
    key = fold(str(word)).replace(" ", "-").replace("_", "-")
    try:
        return _STATUS_LOOKUP[key]
    except KeyError:
        raise UsageError(
            msg("Unknown status {word}.", word=repr(word)),
            msg("Use one of: {words} (Vietnamese words may keep their diacritics).",
                words=", ".join(ACCEPTED_STATUS_WORDS)),
        ) from None


# Deadline kinds of DESIGN §5.
DEADLINE_KINDS = (
    "quarter", "month", "year", "date", "range", "multi",
    "recurring", "ongoing", "conditional", "unknown",
)


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _date(value: str | date | None) -> date | None:
    return iso_day(value) if value else None


@dataclass(frozen=True)
class Deadline:
    """A parsed time cell: `kind` and `due` always, the rest only where the kind uses it."""

    kind: str = "unknown"
    due: date | None = None
    text: str | None = None          # the phrase this deadline was parsed from (parts, conditionals)
    qualifier: str | None = None     # action around the date: "Trình HĐND tỉnh vào"
    start: date | None = None        # first day of a range / the period a recurring task starts
    until: date | None = None        # last day a recurring task repeats (end of the plan period)
    freq: str | None = None          # recurring: "yearly"
    quarter: int | None = None       # quarter number for quarter and recurring-quarter deadlines
    month: int | None = None
    day: int | None = None           # recurring on a fixed day: "trước ngày 15/12 hàng năm"
    parts: tuple[Deadline, ...] = ()
    warning: str | None = None       # e.g. an invalid date such as 31/9/2013

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"kind": self.kind, "due": _iso(self.due)}
        for name in ("text", "qualifier", "freq", "quarter", "month", "day", "warning"):
            value = getattr(self, name)
            if value is not None:
                data[name] = value
        for name in ("start", "until"):
            value = getattr(self, name)
            if value is not None:
                data[name] = value.isoformat()
        if self.parts:
            data["parts"] = [part.to_dict() for part in self.parts]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Deadline:
        if not data:
            return cls()
        if "parts" not in data:
            # Deadlines are immutable and plans repeat them ("Quý IV năm 2013"): parse each shape once.
            key = tuple(data.items())
            cached = _DEADLINE_CACHE.get(key)
            if cached is None:
                if len(_DEADLINE_CACHE) > 10_000:
                    _DEADLINE_CACHE.clear()
                cached = _DEADLINE_CACHE[key] = cls._build(data)
            return cached
        return cls._build(data)

    @classmethod
    def _build(cls, data: dict[str, Any]) -> Deadline:
        return cls(
            kind=data.get("kind", "unknown"),
            due=_date(data.get("due")),
            text=data.get("text"),
            qualifier=data.get("qualifier"),
            start=_date(data.get("start")),
            until=_date(data.get("until")),
            freq=data.get("freq"),
            quarter=data.get("quarter"),
            month=data.get("month"),
            day=data.get("day"),
            parts=tuple(cls.from_dict(p) for p in data.get("parts") or ()),
            warning=data.get("warning"),
        )


_DEADLINE_CACHE: dict[tuple, Deadline] = {}


def utc_now() -> datetime:
    """The current time, aware, in UTC, to the second (what `updated_at` stores)."""
    return datetime.now(UTC).replace(microsecond=0)


def iso_utc(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def parse_utc(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC)


def new_uid() -> str:
    return str(uuid.uuid4())


@dataclass
class Card:
    """One task of a plan's appendix, as shown on the board."""

    id: str
    plan: str
    number: str
    content: str
    uid: str = field(default_factory=new_uid)
    section: str | None = None
    lead: list[str] = field(default_factory=list)
    support: list[str] = field(default_factory=list)
    lead_text: str = ""
    support_text: str = ""
    time_text: str = ""
    deadline: Deadline = field(default_factory=Deadline)
    status: Status = Status.NOT_STARTED
    updated_at: str | None = None
    note: str = ""
    source: dict[str, Any] = field(default_factory=dict)    # {"file": basename, "line": N}
    notes: list[str] = field(default_factory=list)          # parenthetical remarks from agency cells
    extras: dict[str, str] = field(default_factory=dict)    # the plan table's other columns, by title
    inferred: bool = False                                  # taken from the plan body, not a table
    archived: bool = False
    edited: list[str] = field(default_factory=list)         # fields a user changed by hand
    sequence: int = 0                                       # bumped on every change (iCalendar SEQUENCE)

    def to_dict(self) -> dict[str, Any]:
        # Written out by hand rather than with dataclasses.fields(): a bulk change calls it 5,000 times.
        data = {name: getattr(self, name) for name in _CARD_FIELD_NAMES}
        data["deadline"] = self.deadline.to_dict()
        data["status"] = self.status.value
        for name in ("lead", "support", "notes", "edited"):
            data[name] = list(data[name])
        data["source"] = dict(data["source"])
        data["extras"] = dict(data["extras"])
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Card:
        values = {k: data[k] for k in _CARD_FIELD_NAMES if k in data}
        values["deadline"] = Deadline.from_dict(data.get("deadline"))
        values["status"] = _STATUS_BY_VALUE[data.get("status", "not-started")]
        # Own copies: a card is changed in place inside transactions, the stored record must not be.
        for name in ("lead", "support", "notes", "edited"):
            if name in values:
                values[name] = list(values[name])
        if "source" in values:
            values["source"] = dict(values["source"])
        if "extras" in values:
            values["extras"] = dict(values["extras"])
        if len(values) == len(_CARD_FIELD_NAMES):
            card = object.__new__(cls)     # a stored record has every field: skip __init__ (20,000 on a load)
            card.__dict__.update(values)
            return card
        return cls(**values)

    def copy(self, **changes: Any) -> Card:
        return replace(self, **changes)

    @property
    def due(self) -> date | None:
        return self.deadline.due

    def agencies(self) -> list[str]:
        return agencies_of(self.lead, self.support)


def agencies_of(lead: list[str], support: list[str]) -> list[str]:
    """Lead then supporting agencies, each once: what "the card's agencies" means everywhere."""
    return [*lead, *(a for a in support if a not in lead)]


_CARD_FIELD_NAMES = tuple(f.name for f in fields(Card))    # from_dict runs 20,000 times on a load
_STATUS_BY_VALUE = {status.value: status for status in Status}
_Day = date     # Plan has a field called `date`, which hides the type inside its class body


@dataclass
class Plan:
    """A plan document: its number, province, date, period and where it came from."""

    key: str                        # "nam-dinh-55-2013"
    number: str = ""                # "55/KH-UBND"
    kind: str = ""                  # "Kế hoạch", "Quyết định", "Chương trình"
    province: str = ""
    date: str | None = None         # ISO date the plan was signed
    title: str = ""
    period: dict[str, Any] = field(default_factory=dict)   # {"text", "start", "end"}
    source: dict[str, Any] = field(default_factory=dict)   # {"file", "sha256", "shape"}

    def to_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Plan:
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})

    @property
    def period_end(self) -> _Day | None:
        return _date(self.period.get("end"))

    @property
    def period_start(self) -> _Day | None:
        return _date(self.period.get("start"))


# What a history event records; `field` is set for edits, `from`/`to` hold old and new values.
EVENT_KINDS = ("status", "edit", "create", "delete", "archive", "restore", "progress", "import", "sync")


@dataclass
class Event:
    """One recorded change to one card, part of a change set."""

    id: int
    change_set: int
    card: str
    kind: str                      # one of EVENT_KINDS
    at: str                        # ISO UTC
    by: str = ""
    via: str = "cli"               # cli / tui / sync / import
    field: str | None = None       # "status" for moves, the edited field for edits
    old: Any = None
    new: Any = None
    note: str = ""
    on: str | None = None          # ISO day the change really happened, when recorded later (--on)

    def to_dict(self) -> dict[str, Any]:
        # Spelled out: a 5,000-card bulk change writes 5,000 events.
        data = {"id": self.id, "change_set": self.change_set, "card": self.card, "kind": self.kind, "at": self.at,
                "by": self.by, "via": self.via, "field": self.field, "from": self.old, "to": self.new,
                "note": self.note}
        if self.on:
            data["on"] = self.on
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Event:
        return cls(id=data["id"], change_set=data["change_set"], card=data["card"], kind=data["kind"],
                   at=data["at"], by=data.get("by", ""), via=data.get("via", "cli"), field=data.get("field"),
                   old=data.get("from"), new=data.get("to"), note=data.get("note", ""), on=data.get("on"))


@dataclass
class ChangeSet:
    """Everything one command or one key press changed; undo reverts a change set whole."""

    id: int
    at: str
    action: str                    # move, bulk, apply, undo, import, add, edit, archive, restore, progress, sync
    by: str = ""
    via: str = "cli"
    summary: str = ""
    cards: int = 0                 # how many cards it touched
    undoes: int | None = None      # for an undo: the change set it reverted
    undone_by: int | None = None   # set when a later undo reverted this one

    def to_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ChangeSet:
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})
