"""What the board's screens ask of the app: Textual messages, posted up and handled on TrackerApp with @on."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.message import Message

from ..model import Status
from ..store import Store


class MoveCards(Message):
    """Save a move the board already shows (one card or every marked one): one change set, one undo."""

    def __init__(self, card_ids: list[str], to: Status):
        super().__init__()
        self.card_ids, self.to = list(card_ids), to


class ArchiveCards(Message):
    """Archive cards as one change set, after the user said yes."""

    def __init__(self, card_ids: list[str]):
        super().__init__()
        self.card_ids = list(card_ids)


class RestoreCards(Message):
    """Bring archived cards back to the board (from the archive view)."""

    def __init__(self, card_ids: list[str]):
        super().__init__()
        self.card_ids = list(card_ids)


class SwitchView(Message):
    """Show the archived cards only (archive True) or the active ones."""

    def __init__(self, archive: bool):
        super().__init__()
        self.archive = archive


class Undo(Message):
    """Undo the last change set."""


class Reload(Message):
    """Read the database again; `announce` says so in a toast."""

    def __init__(self, announce: bool = False):
        super().__init__()
        self.announce = announce


class ExportVisible(Message):
    """Write the cards the board shows to an .ics file."""

    def __init__(self, rows: list[Any]):
        super().__init__()
        self.rows = rows


class OpenDetails(Message):
    """Open a card's details (read fresh from the store)."""

    def __init__(self, card_id: str):
        super().__init__()
        self.card_id = card_id


class OpenCardForm(Message):
    """Open the form for a new card (card_id None, in plan_key) or for editing one."""

    def __init__(self, card_id: str | None = None, plan_key: str | None = None):
        super().__init__()
        self.card_id, self.plan_key = card_id, plan_key


class StartSync(Message):
    """`y`: sync with a CalDAV calendar."""


class Quit(Message):
    """Quit once every pending save has reached the disk."""


class StoreJob(Message):
    """Run `job(store)` in the store's queue; `done(result)` runs on the UI thread (the stats screen)."""

    def __init__(self, job: Callable[[Store], Any], done: Callable[[Any], None]):
        super().__init__()
        self.job, self.done = job, done
