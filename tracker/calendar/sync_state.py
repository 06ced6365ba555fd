"""What one CalDAV sync keeps and reports: per-calendar state in the store, the synced fields of a card,
the report, the options, and the one transaction that writes the state (sync.py runs the phases)."""

from __future__ import annotations

import copy
import hashlib
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any
from collections.abc import Callable

from ..errors import joined
from ..filters import Filters
from ..i18n import msg
from ..model import Card, Plan, Status
from ..store import Store
from .components import todo_lines
from .dav import normalize_url
from .server_todo import ServerTodo
from .shared import STATE_KEY

PUSH_BATCH = 50             # successful PUTs recorded per transaction
FIELDS = ("status", "note", "archived")
# What a card is when imported: a second coordinator's first sync merges against this.
PRISTINE = {"status": Status.NOT_STARTED.value, "note": "", "archived": False}
PREFER = ("local", "server")
Progress = Callable[[int, int], None]

@dataclass
class SyncReport:
    """What one sync did (or, with dry_run, would do)."""

    url: str
    calendar: str = ""
    created: bool = False    # the calendar did not exist and was made (MKCALENDAR)
    pushed: int = 0          # cards created on the server
    updated: int = 0         # local changes sent to existing resources
    pulled: int = 0          # cards changed here from server changes
    adopted: int = 0         # resources already on the server linked to their card (resume, second coordinator)
    unchanged: int = 0
    resolved: int = 0        # conflicts settled by --prefer
    removed: int = 0         # found deleted on the server this time: card kept here, not pushed again
    restored: int = 0        # deleted on the server, sent again (restore_deleted)
    held: list[str] = field(default_factory=list)   # changed here after the server deleted them: not sent
    retry: int = 0           # changed elsewhere while this sync ran: the next sync picks them up
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    requests: int = 0
    seconds: float = 0.0
    dry_run: bool = False

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def summary(self) -> str:
        """One line for people: a message (English as a str; say() or localize() gives the run's language)."""
        parts = [msg("{count} pushed", count=self.pushed), msg("{count} updated", count=self.updated),
                 msg("{count} pulled", count=self.pulled), msg("{count} conflicts", count=len(self.conflicts)),
                 msg("{count} unchanged", count=self.unchanged)]
        if self.adopted:
            parts.append(msg("{count} already on the server", count=self.adopted))
        if self.resolved:
            parts.append(msg("{count} resolved", count=self.resolved))
        if self.removed:
            parts.append(msg("{count} deleted on the server", count=self.removed))
        if self.restored:
            parts.append(msg("{count} sent again after deletion", count=self.restored))
        if self.retry:
            parts.append(msg("{count} to retry next sync", count=self.retry))
        requests = (msg("{count} HTTP request", count=self.requests) if self.requests == 1
                    else msg("{count} HTTP requests", count=self.requests))
        values = {"calendar": self.calendar or self.url, "parts": joined(parts, ", "), "requests": requests,
                  "seconds": f"{self.seconds:.1f}"}
        said = (msg("Would sync {calendar}: {parts} ({requests}, {seconds} s).", **values) if self.dry_run
                else msg("Synced {calendar}: {parts} ({requests}, {seconds} s).", **values))
        if not self.created:
            return said
        if self.dry_run:
            return msg("Would create the calendar {url} on the server. {summary}", url=self.url, summary=said)
        return msg("Created the calendar {url} on the server. {summary}", url=self.url, summary=said)


def state_key(url: str) -> str:
    """Sync state is kept per calendar: the normalized calendar URL (server + collection path)."""
    return normalize_url(url)


def state_entry(snapshot_state: dict[str, Any], key: str) -> dict[str, Any]:
    entry = copy.deepcopy((snapshot_state.get(STATE_KEY) or {}).get(key) or {})
    for name in ("cards", "conflicts", "foreign", "carriers"):
        entry.setdefault(name, {})
    entry.setdefault("recheck", [])
    return entry


def list_conflicts(store: Store, url: str) -> list[dict[str, Any]]:
    """The conflicts the last sync with this calendar left (no network)."""
    entry = state_entry(store.load().sync_state, state_key(url))
    return [{"id": card_id, **conflict} for card_id, conflict in sorted(entry["conflicts"].items())]


def synced_values(card: Card) -> dict[str, Any]:
    # Notes compare as the server gives them back (trimmed, LF): trailing spaces are not a change.
    return {"status": card.status.value, "note": (card.note or "").replace("\r\n", "\n").strip(),
            "archived": bool(card.archived)}


def base_values(record: dict[str, Any]) -> dict[str, Any]:
    return {name: record.get(name, PRISTINE[name]) for name in FIELDS}


def fingerprint(card: Card, plan: Plan | None, lang: str) -> str:
    """A hash of everything pushed except the synced fields: tells a local content edit apart."""
    plain = card.copy(status=Status.NOT_STARTED, note="", archived=False, sequence=0, updated_at=None)
    return hashlib.sha256("\n".join(todo_lines(plain, plan, lang)).encode("utf-8")).hexdigest()[:16]


def resource_name(card_id: str) -> str:
    """The resource's file name, from the card id: every coordinator's tracker picks the same one.

    Not from `uid`: two machines that imported the same plan have the same ids but different
    uids, and must meet at one resource instead of pushing duplicates.
    """
    return card_id.replace("/", "_") + ".ics"       # unquoted like every stored href; quoted on the wire


@dataclass
class Push:
    card_id: str
    href: str
    etag: str | None          # None: create with If-None-Match: *
    uid: str
    server_seq: int = 0
    carrier: bool = False     # writes the calendar's removed ids (X-TRACKER-REMOVED)


@dataclass
class Decisions:
    pulls: dict[str, dict[str, Any]] = field(default_factory=dict)
    expected: dict[str, dict[str, Any]] = field(default_factory=dict)   # local values the pulls were decided on
    entries: dict[str, dict[str, Any]] = field(default_factory=dict)    # new last-synced records
    conflicts: dict[str, dict[str, Any]] = field(default_factory=dict)
    cleared: set[str] = field(default_factory=set)                     # conflicts that no longer hold
    pushes: list[Push] = field(default_factory=list)


@dataclass
class SyncOptions:
    """How one sync runs: which cards, how conflicts settle, what it may change."""

    filters: Filters = field(default_factory=Filters)
    today: date = field(default_factory=date.today)
    prefer: str | None = None
    dry_run: bool = False
    restore_deleted: bool = False
    progress: Progress | None = None
    lang: str = "vi"
    batch: int = PUSH_BATCH


def server_values(todo: ServerTodo, base: dict[str, Any]) -> dict[str, Any]:
    """The server's status, note and archived; what a resource does not say keeps the base value."""
    return {"status": todo.status.value if todo.status else base["status"],
            "note": todo.note if todo.note is not None else base["note"],
            "archived": todo.archived}


def apply_pull(tx, cid: str, pull: dict[str, Any]) -> None:
    """A server change on a card: restore before other changes, archive after them."""
    if pull.get("archived") is False:
        tx.edit(cid, {"archived": False}, kind="restore", by_hand=False)
    if "status" in pull:
        tx.set_status(cid, Status(pull["status"]))
    if "note" in pull:
        tx.edit(cid, {"note": pull["note"]}, by_hand=False)
    if pull.get("archived") is True:
        tx.edit(cid, {"archived": True}, kind="archive", by_hand=False)


def write_state(store: Store, key: str, change: Callable[[dict[str, Any], Any], None], *, summary: str) -> bool:
    """Apply `change` to this calendar's sync state (and cards) in one transaction; skip no-op writes.

    True when something was written.
    """
    # History names the calendar as the author: the change was made by whoever edited it there.
    by = "caldav:" + key.rstrip("/").rsplit("/", 1)[-1]
    writes = store.writes
    with store.transaction("sync", by=by, via="sync", summary=summary) as tx:
        whole = dict(tx.sync)
        calendars = dict(whole.get(STATE_KEY) or {})
        entry = state_entry(whole, key)
        before = copy.deepcopy(entry)
        change(entry, tx)
        if entry != before:
            calendars[key] = entry
            whole[STATE_KEY] = calendars
            tx.sync = whole
    return store.writes != writes
