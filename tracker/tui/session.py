"""What the board screen shows of this session besides the cards; the app keeps it up to date (state down)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..errors import TrackerError


@dataclass
class Session:
    """The app's state that the board screen reads; the screen never reaches into the app."""

    error: TrackerError | None = None    # the database could not be opened: the screen says why
    read_only: bool = False              # the database file is not writable
    view_only: bool = False              # tracker serve --read-only: every write is refused
    move_day: date | None = None         # tracker board --on DATE: the day every move happened
    sync_status: str = ""                # a running CalDAV sync's progress
    plans: dict[str, Any] = field(default_factory=dict)   # plan key → Plan, as last loaded
