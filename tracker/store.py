"""The workspace database: one TinyDB JSON file written only through locked, atomic transactions.

Why not TinyDB's own writes (DESIGN §7, each measured): two processes left the file unparseable,
a kill mid-write corrupted it, its caches lost writes and served stale reads. So every change
takes an inter-process lock, re-reads the file inside it, applies cards + history + `_meta`
together and writes once: temp file, fsync, `os.replace`, fsync of the folder. The file stays a
valid TinyDB database (tables of int-keyed documents) that TinyDB itself can open.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from collections.abc import Iterable, Iterator, KeysView

import orjson
from tinydb import Storage

from .errors import NotFoundError, StoreCorrupt, StoreError, StoreLocked, StoreReadOnly
from .i18n import msg
from .files import is_read_only, shared_lock_mode, write_atomic
from .inert import printable
from .model import Card, ChangeSet, Event, Plan, Status, iso_utc, utc_now

SCHEMA_VERSION = 1
TABLES = ("_meta", "plans", "cards", "events", "change_sets", "sync")
DEFAULT_LOCK_TIMEOUT = 10.0
_TEMP_PREFIX = ".tmp-"


def _empty_raw() -> dict[str, dict[str, Any]]:
    raw: dict[str, dict[str, Any]] = {name: {} for name in TABLES}
    raw["_meta"]["1"] = {
        "schema_version": SCHEMA_VERSION,
        "counter": 0,          # bumped by every committed transaction; watchers compare it
        "next_event": 1,       # history ids come from here, never from TinyDB's auto ids
        "next_change_set": 1,
        "next_doc": 1,
    }
    return raw


def _file_state(path: Path) -> tuple[int, int, int] | None:
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_mtime_ns, st.st_size)


class AtomicJSONStorage(Storage):
    """A TinyDB storage that reads a whole file at once and replaces it atomically."""

    def __init__(self, path: str | os.PathLike[str], **_: Any):
        self.path = Path(path)
        self.writes = 0    # how many times the file was replaced (tests count it)

    def read_bytes(self) -> bytes | None:
        try:
            # Open, read, close at once: on Windows an open reader blocks the writer's replace.
            return self.path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise StoreError(msg("Cannot read the database {path}: {reason}.", path=self.path, reason=exc.strerror),
                             msg("Check the file's permissions or choose another file with --db.")) from None

    def read(self) -> dict[str, dict[str, Any]] | None:
        data = self.read_bytes()
        return None if data is None else parse_database(data, self.path)

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        self.write_bytes(orjson.dumps(data))

    def write_bytes(self, payload: bytes) -> None:
        folder = self.path.parent
        if is_read_only(self.path):
            raise StoreReadOnly(msg("The database {path} is read-only (no write permission on the file); "
                                    "nothing was changed.", path=self.path),
                                msg("Make it writable (chmod u+w {path}) if changes are meant, or keep using it "
                                    "read-only.", path=self.path))
        try:
            write_atomic(self.path, payload, make_folder=False, temp_prefix=f"{_TEMP_PREFIX}{self.path.name}.",
                         before_replace=self._keep_backup)
        except OSError as exc:
            raise StoreError(msg("Cannot write the database {path}: {reason}.", path=self.path,
                                 reason=exc.strerror or exc),
                             msg("Make sure the folder {folder} exists and is writable, or choose another file "
                                 "with --db.", folder=folder)) from None
        self.writes += 1

    def _keep_backup(self) -> None:
        """Keep the previous good file as `<name>.bak` (a hard link: no bytes copied)."""
        if not self.path.exists():
            return
        backup = backup_path(self.path)
        link = backup.with_name(backup.name + ".new")
        try:
            link.unlink(missing_ok=True)
            os.link(self.path, link)
            os.replace(link, backup)
        except OSError:
            # File systems without hard links (FAT, some network shares): copy instead.
            try:
                write_atomic(backup, self.path.read_bytes(), make_folder=False)
            except OSError:
                pass

    def close(self) -> None:
        pass


def backup_path(path: Path) -> Path:
    return path.with_name(path.name + ".bak")


def parse_database(data: bytes, path: Path) -> dict[str, dict[str, Any]]:
    """Parse the file's bytes, or raise StoreCorrupt naming what is wrong and where the backup is."""
    backup = backup_path(path)
    if backup.exists():
        where = msg("The last good copy is {backup}.", backup=backup)
        fix = msg("Restore it (copy {backup} over {path}) or move the damaged file away; the tracker will not "
                  "overwrite it.", backup=backup, path=path)
    else:
        where = msg("There is no backup copy.")
        fix = msg("Move the damaged file away (the tracker will not overwrite it) and import the plans again into "
                  "a new {name}.", name=path.name)
    if not data.strip():
        raise StoreCorrupt(msg("The database {path} is empty. {backup}", path=path, backup=where), fix)
    try:
        raw = orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        raise StoreCorrupt(msg("The database {path} is not valid JSON ({detail}); it may be truncated. {backup}",
                               path=path, detail=exc, backup=where), fix) from None
    if not isinstance(raw, dict) or not isinstance(raw.get("_meta"), dict) or "1" not in raw["_meta"]:
        raise StoreCorrupt(msg("The file {path} is JSON but not a tracker database (no _meta record). {backup}",
                               path=path, backup=where), fix)
    for name in TABLES:
        raw.setdefault(name, {})
        if not isinstance(raw[name], dict):
            raise StoreCorrupt(msg("The database {path} has a damaged '{table}' table. {backup}", path=path,
                                   table=name, backup=where), fix)
    problem = damage(raw)
    if problem:
        raise StoreCorrupt(msg("The database {path} is damaged: {problem}. {backup}", path=path, problem=problem,
                               backup=where), fix)
    return raw


_STATUSES = frozenset(status.value for status in Status)
_TEXT_FIELDS = ("plan", "number", "content", "lead_text", "support_text", "time_text", "note")
_LIST_FIELDS = ("lead", "support", "notes", "edited")


def damage(raw: dict[str, dict[str, Any]]) -> str:
    """What is wrong with a parsed database, in words, or "" (every field the code relies on, checked).

    Every cold command pays for this, so the common case is a few set comprehensions over the
    records; only when one of them finds something does the record-by-record walk name it.
    """
    meta = raw["_meta"].get("1")
    if not isinstance(meta, dict):
        return msg("the _meta record is not an object")
    for counter in ("counter", "next_event", "next_change_set", "schema_version"):
        if counter in meta and (not isinstance(meta[counter], int) or isinstance(meta[counter], bool)):
            return msg("_meta.{counter} is {value}, not a whole number", counter=counter, value=repr(meta[counter]))
    cards = list(raw["cards"].values())
    try:
        ids = [doc["id"] for doc in cards]
        healthy = (len(set(ids)) == len(ids) and {type(i) for i in ids} == ({str} if ids else set())
                   and {doc.get("status", "not-started") for doc in cards} <= _STATUSES
                   and {type(doc.get(name)) for doc in cards for name in _TEXT_FIELDS} <= _TEXT_TYPES
                   and {type(doc.get(name)) for doc in cards for name in _LIST_FIELDS} <= _LIST_TYPES
                   and {type(v) for doc in cards for name in _LIST_FIELDS for v in doc.get(name) or ()} <= {str}
                   and {type(doc.get(name)) for doc in cards for name in ("deadline", "source", "extras")} <= _OBJECT_TYPES
                   and {type(doc.get("sequence", 0)) for doc in cards} <= {int}
                   and all(type(doc) is dict and type(doc.get("key")) is str for doc in raw["plans"].values())
                   and {(type(d.get("id")), type(d.get("change_set")), type(d.get("card")))
                        for d in raw["events"].values()} <= {(int, int, str)}
                   and {type(d.get("id")) for d in raw["change_sets"].values()} <= {int})
    except (TypeError, KeyError, AttributeError):
        healthy = False
    return "" if healthy else _name_the_damage(raw)


_TEXT_TYPES = {str, type(None)}
_LIST_TYPES = {list, type(None)}
_OBJECT_TYPES = {dict, type(None)}


def _name_the_damage(raw: dict[str, dict[str, Any]]) -> str:
    """The first damaged record, in words (only run when `damage` found something)."""
    seen: set[str] = set()
    for key, doc in raw["cards"].items():
        if not isinstance(doc, dict) or not isinstance(doc.get("id"), str) or not doc["id"]:
            return msg("card record {key} has no id", key=key)
        card = doc["id"]
        if card in seen:
            return msg("the card id {card} is there twice (records would hide each other)", card=card)
        seen.add(card)
        if doc.get("status", "not-started") not in _STATUSES:
            return msg("card {card} has the unknown status {status}", card=card, status=repr(doc.get("status")))
        for name in _TEXT_FIELDS:
            if name in doc and doc[name] is not None and not isinstance(doc[name], str):
                return msg("card {card}: {field} is {type}, not text", card=card, field=name,
                           type=type(doc[name]).__name__)
        for name in _LIST_FIELDS:
            value = doc.get(name)
            if value is not None and (not isinstance(value, list) or not all(isinstance(v, str) for v in value)):
                return msg("card {card}: {field} is not a list of names", card=card, field=name)
        for name in ("deadline", "source", "extras"):
            if doc.get(name) is not None and not isinstance(doc[name], dict):
                return msg("card {card}: {field} is not an object", card=card, field=name)
        if type(doc.get("sequence", 0)) is not int:
            return msg("card {card}: sequence is not a whole number", card=card)
    for key, doc in raw["plans"].items():
        if not isinstance(doc, dict) or not isinstance(doc.get("key"), str):
            return msg("plan record {key} has no key", key=key)
    for table, fields in (("events", ("id", "change_set")), ("change_sets", ("id",))):
        for key, doc in raw[table].items():
            if not isinstance(doc, dict) or not all(type(doc.get(f)) is int for f in fields):
                return msg("{table} record {key} is damaged", table=table, key=key)
            if table == "events" and not isinstance(doc.get("card"), str):
                return msg("events record {key} names no card", key=key)
    return msg("a record has fields of the wrong type")


@dataclass
class Snapshot:
    """A read-only view of the database at one change counter."""

    raw: dict[str, dict[str, Any]]
    _cards: dict[str, Card] | None = field(default=None, repr=False)
    _plans: dict[str, Plan] | None = field(default=None, repr=False)
    _events: list[Event] | None = field(default=None, repr=False)
    _doc_by_id: dict[str, dict[str, Any]] | None = field(default=None, repr=False)

    @property
    def meta(self) -> dict[str, Any]:
        return self.raw["_meta"]["1"]

    @property
    def counter(self) -> int:
        return self.meta.get("counter", 0)

    @property
    def schema_version(self) -> int:
        return self.meta.get("schema_version", SCHEMA_VERSION)

    @property
    def cards(self) -> dict[str, Card]:
        """Every card by id, archived ones included, in import order."""
        if self._cards is None:
            self._cards = {doc["id"]: Card.from_dict(doc) for doc in self.raw["cards"].values()}
        return self._cards

    def card(self, card_id: str) -> Card:
        """One card, built without building every other card (cold commands touch one or two)."""
        if self._cards is not None:
            return self._cards[card_id]
        return Card.from_dict(self.doc(card_id))

    def doc(self, card_id: str) -> dict[str, Any]:
        """The stored record of a card (the JSON of `list --format json`); do not modify it."""
        if self._doc_by_id is None:
            self._doc_by_id = {doc["id"]: doc for doc in self.raw["cards"].values()}
        return self._doc_by_id[card_id]

    def card_ids(self) -> dict[str, None]:
        """Every card id (as dict keys: ordered, fast membership) without building the cards."""
        if self._cards is not None:
            return dict.fromkeys(self._cards)
        return dict.fromkeys(doc["id"] for doc in self.raw["cards"].values())

    def active_cards(self) -> list[Card]:
        return [card for card in self.cards.values() if not card.archived]

    @property
    def plans(self) -> dict[str, Plan]:
        if self._plans is None:
            self._plans = {doc["key"]: Plan.from_dict(doc) for doc in self.raw["plans"].values()}
        return self._plans

    @property
    def events(self) -> list[Event]:
        if self._events is None:
            self._events = sorted((Event.from_dict(d) for d in self.raw["events"].values()), key=lambda e: e.id)
        return self._events

    def events_for(self, card_id: str) -> list[Event]:
        return [event for event in self.events if event.card == card_id]

    @property
    def change_sets(self) -> list[ChangeSet]:
        return sorted((ChangeSet.from_dict(d) for d in self.raw["change_sets"].values()), key=lambda c: c.id)

    @property
    def sync_state(self) -> dict[str, Any]:
        return self.raw["sync"].get("1", {})


class Transaction:
    """The working copy of one change: cards, plans, history and sync state written together."""

    def __init__(self, raw: dict[str, dict[str, Any]], action: str, by: str, via: str, summary: str):
        self._raw = {name: dict(table) for name, table in raw.items()}   # documents are replaced, never mutated
        self._meta = dict(self._raw["_meta"]["1"])
        self._doc_of = {doc["id"]: key for key, doc in self._raw["cards"].items()}
        self._plan_doc_of = {doc["key"]: key for key, doc in self._raw["plans"].items()}
        self._cards: dict[str, Card] = {}
        self.action, self.by, self.via, self.summary = action, printable(by), via, printable(summary)
        self.events: list[Event] = []
        self.touched: set[str] = set()
        self.dirty = False
        self.now = iso_utc(utc_now())
        self.change_set: ChangeSet | None = None
        self.undoes: int | None = None       # set by undo: the change set this one reverts
        self._change_set_id = self._meta["next_change_set"]

    # -- reading -----------------------------------------------------------------------------
    def card_ids(self) -> list[str]:
        """Every card id, in insertion order (a copy: safe to keep while cards are added or removed)."""
        return list(self._doc_of)

    def id_set(self) -> KeysView[str]:
        """Every card id as a live set view: fast membership tests for id resolution."""
        return self._doc_of.keys()

    def has_card(self, card_id: str) -> bool:
        return card_id in self._doc_of

    def card(self, card_id: str) -> Card:
        """A mutable copy of the card; changes count only through put_card / set_status / edit."""
        if card_id not in self._cards:
            key = self._doc_of.get(card_id)
            if key is None:
                raise NotFoundError(msg("No card with id {id}.", id=repr(card_id)),
                                    msg("Run `tracker list` to see the ids."))
            self._cards[card_id] = Card.from_dict(self._raw["cards"][key])
        return self._cards[card_id]

    def cards(self) -> Iterator[Card]:
        for card_id in self._doc_of:
            yield self.card(card_id)

    def plan(self, key: str) -> Plan | None:
        doc_key = self._plan_doc_of.get(key)
        return Plan.from_dict(self._raw["plans"][doc_key]) if doc_key else None

    def plans(self) -> list[Plan]:
        return [Plan.from_dict(doc) for doc in self._raw["plans"].values()]

    def events_of(self, change_set: int) -> list[Event]:
        return sorted((Event.from_dict(d) for d in self._raw["events"].values() if d["change_set"] == change_set),
                      key=lambda e: e.id)

    def change_sets(self) -> list[ChangeSet]:
        return sorted((ChangeSet.from_dict(d) for d in self._raw["change_sets"].values()), key=lambda c: c.id)

    @property
    def sync(self) -> dict[str, Any]:
        """Sync state (hrefs, etags, last synced values); assign to `sync_state` to change it."""
        return self._raw["sync"].get("1", {})

    @sync.setter
    def sync(self, value: dict[str, Any]) -> None:
        self._raw["sync"]["1"] = value
        self.dirty = True

    # -- writing -----------------------------------------------------------------------------
    def put_card(self, card: Card) -> None:
        """Insert or replace a card as it is (importer and sync use this; they record events themselves)."""
        key = self._doc_of.get(card.id)
        if key is None:
            key = str(self._meta["next_doc"])
            self._meta["next_doc"] += 1
            self._doc_of[card.id] = key
        self._raw["cards"][key] = card.to_dict()
        self._cards[card.id] = card
        self.touched.add(card.id)
        self.dirty = True

    def delete_card(self, card_id: str) -> None:
        """Remove a card's document (only undo of an import does this; history keeps its events)."""
        key = self._doc_of.pop(card_id, None)
        if key is not None:
            del self._raw["cards"][key]
            self._cards.pop(card_id, None)
            self.dirty = True

    def delete_plan(self, key: str) -> None:
        doc_key = self._plan_doc_of.pop(key, None)
        if doc_key is not None:
            del self._raw["plans"][doc_key]
            self.dirty = True

    def put_plan(self, plan: Plan) -> None:
        key = self._plan_doc_of.get(plan.key)
        if key is None:
            key = str(max((int(k) for k in self._raw["plans"]), default=0) + 1)
            self._plan_doc_of[plan.key] = key
        self._raw["plans"][key] = plan.to_dict()
        self.dirty = True

    def record(self, card_id: str, kind: str, *, field: str | None = None, old: Any = None,
               new: Any = None, note: str = "") -> Event:
        """Append one history event to this change set."""
        # Notes and names come from users and documents: no control character reaches the file.
        event = Event(id=self._meta["next_event"], change_set=self._change_set_id, card=card_id, kind=kind,
                      at=self.now, by=self.by, via=self.via, field=field, old=old, new=new,
                      note=printable(note, newlines=True))
        self._meta["next_event"] += 1
        self.events.append(event)
        self.dirty = True
        return event

    def touch(self, card: Card, fields: Iterable[str] | None = None) -> None:
        """Mark a changed card: new `updated_at`, SEQUENCE bumped, written at commit.

        With `fields`, only those are copied into the stored record (a bulk change of 5,000 cards
        then skips 5,000 full re-serialisations); without, the whole card is.
        """
        card.updated_at = self.now
        card.sequence += 1
        key = self._doc_of.get(card.id)
        if fields is None or key is None:
            self.put_card(card)
            return
        doc = dict(self._raw["cards"][key])
        for name in (*fields, "updated_at", "sequence"):
            doc[name] = _plain(getattr(card, name))
        self._raw["cards"][key] = doc
        self._cards[card.id] = card
        self.touched.add(card.id)
        self.dirty = True

    def set_status(self, card_id: str, status: Status, note: str = "", *, on: str | None = None) -> Event | None:
        """Move a card; returns the event, or None when it already had that status.

        `on` (ISO day) says the change happened that day, though it is recorded now.
        """
        card = self.card(card_id)
        if card.status == status:
            return None
        event = self.record(card_id, "status", field="status", old=card.status.value, new=status.value, note=note)
        event.on = on
        card.status = status
        if note:
            card.note = printable(note, newlines=True)
        self.touch(card, ("status", "note"))
        return event

    def edit(self, card_id: str, changes: dict[str, Any], *, kind: str = "edit", by_hand: bool = True) -> list[Event]:
        """Change fields of a card, one event per field that really changed."""
        card = self.card(card_id)
        events = []
        for name, value in changes.items():
            if isinstance(value, str):
                value = printable(value, newlines=name == "note")
            elif isinstance(value, list):
                value = [printable(item) if isinstance(item, str) else item for item in value]
            old = getattr(card, name)
            if old == value:
                continue
            setattr(card, name, value)
            events.append(self.record(card_id, kind, field=name, old=_plain(old), new=_plain(value)))
            if by_hand and name not in card.edited and name not in ("note", "archived", "status"):
                card.edited.append(name)
        if events:
            self.touch(card, (*changes, "edited"))
        return events

    @property
    def change_set_id(self) -> int:
        """The id this transaction's change set will have."""
        return self._change_set_id

    def mark_change_set(self, change_set_id: int, **fields: Any) -> None:
        doc = dict(self._raw["change_sets"][str(change_set_id)])
        doc.update(fields)
        self._raw["change_sets"][str(change_set_id)] = doc
        self.dirty = True

    def _finish(self) -> dict[str, dict[str, Any]]:
        if self.events:
            self.change_set = ChangeSet(id=self._change_set_id, at=self.now, action=self.action, by=self.by,
                                        via=self.via, summary=self.summary, undoes=self.undoes,
                                        cards=len({event.card for event in self.events}))
            self._raw["change_sets"][str(self._change_set_id)] = self.change_set.to_dict()
            self._meta["next_change_set"] += 1
            events = self._raw["events"]
            for event in self.events:
                events[str(event.id)] = event.to_dict()
        self._meta["counter"] += 1
        self._raw["_meta"] = {"1": self._meta}
        return self._raw


def _plain(value: Any) -> Any:
    """A field value as stored in JSON (and in history): enums by value, copies of lists and dicts."""
    if isinstance(value, Status):
        return value.value
    if hasattr(value, "to_dict"):
        return value.to_dict()
    if isinstance(value, list):
        return list(value)
    if isinstance(value, dict):
        return dict(value)
    return value


class Store:
    """The database at `path`: cached reads, locked atomic transactions."""

    def __init__(self, path: str | os.PathLike[str], *, lock_timeout: float | None = None, view_only: bool = False):
        # Resolved once: a database reached through a symlink is written where the link points,
        # and the link stays a link.
        self.path = Path(os.path.realpath(Path(path).absolute()))
        self.lock_timeout = DEFAULT_LOCK_TIMEOUT if lock_timeout is None else lock_timeout
        self.storage = AtomicJSONStorage(self.path)
        self._lock = None    # created on the first write: importing filelock costs reads ~20 ms
        self._snapshot: Snapshot | None = None
        self._state: tuple[int, int, int] | None = None
        self._bytes: bytes | None = None   # the file as last read or written, to skip re-parsing
        self._cleaned = False
        self.view_only = view_only        # a board served to look at (tracker serve --read-only): no writes

    @property
    def writes(self) -> int:
        return self.storage.writes

    def exists(self) -> bool:
        return self.path.exists()

    def changed_on_disk(self) -> bool:
        """True when the file differs from the one last read (a cheap stat, no parsing)."""
        return _file_state(self.path) != self._state

    def load(self) -> Snapshot:
        """The current data: served from memory, re-read only when the file changed."""
        if self._snapshot is None or self.changed_on_disk():
            state = _file_state(self.path)
            self._adopt_bytes(self.storage.read_bytes(), state)
        assert self._snapshot is not None
        return self._snapshot

    @property
    def read_only(self) -> bool:
        return self.view_only or self.load().schema_version > SCHEMA_VERSION

    def _adopt(self, raw: dict[str, dict[str, Any]], state: tuple[int, int, int] | None) -> None:
        self._snapshot = Snapshot(raw)
        self._state = state

    def _adopt_bytes(self, data: bytes | None, state: tuple[int, int, int] | None) -> None:
        """Parse `data` unless it is exactly what we already hold (then keep the parsed snapshot)."""
        if data is not None and data == self._bytes and self._snapshot is not None:
            self._state = state
            return
        raw = parse_database(data, self.path) if data is not None else _empty_raw()
        self._bytes = data
        self._adopt(raw, state)

    @contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the inter-process lock (bounded wait, then StoreLocked)."""
        folder = self.path.parent
        if not folder.is_dir():
            raise StoreError(msg("The folder {folder} of the database does not exist.", folder=folder),
                             msg("Create it (mkdir -p {folder}) or point --db / TRACKER_DB at another file.",
                                 folder=folder))
        from filelock import FileLock, Timeout

        if self._lock is None:
            # In a folder everyone may write (an office share), so may everyone lock: 0666.
            self._lock = FileLock(str(self.path) + ".lock", timeout=self.lock_timeout, mode=shared_lock_mode(folder))
        try:
            self._lock.acquire(timeout=self.lock_timeout, poll_interval=0.005)
        except Timeout:
            raise StoreLocked(msg("The database {path} is locked by another tracker process (waited {seconds} s).",
                                  path=self.path, seconds=f"{self.lock_timeout:g}"),
                              msg("Wait for the other command or board to finish saving and try again.")) from None
        except PermissionError:
            raise StoreError(msg("Cannot create the lock file beside {path}: the folder is not writable.",
                                 path=self.path),
                             msg("Make {folder} writable or choose another file with --db.", folder=folder)) from None
        try:
            yield
        finally:
            self._lock.release()

    @contextmanager
    def transaction(self, action: str, *, by: str = "", via: str = "cli", summary: str = "") -> Iterator[Transaction]:
        """Lock, re-read, let the caller change the working copy, write once. Raising aborts."""
        if self.view_only:
            raise StoreReadOnly(msg("This board is for looking only; nothing was changed."),
                                msg("Ask the coordinator who serves it for a board that allows changes."))
        with self.locked():
            if not self._cleaned:
                self._clean_temp_files()
            # Always re-read inside the lock: file timestamps are too coarse to prove nothing changed.
            state = _file_state(self.path)
            self._adopt_bytes(self.storage.read_bytes(), state)
            assert self._snapshot is not None
            raw = self._snapshot.raw
            version = raw["_meta"]["1"].get("schema_version", SCHEMA_VERSION)
            if version > SCHEMA_VERSION:
                raise StoreReadOnly(
                    msg("The database {path} was written by a newer tracker (schema {version}, this one knows "
                        "{known}).", path=self.path, version=version, known=SCHEMA_VERSION),
                    msg("It is open read-only; upgrade the tracker to change it."))
            if version < SCHEMA_VERSION:
                raw = self._migrate(raw, version)
            tx = Transaction(raw, action, by, via, summary)
            yield tx
            if not tx.dirty:
                self._adopt(raw, state)
                return
            payload = orjson.dumps(tx._finish())
            self.storage.write_bytes(payload)
            # Adopt what we wrote as the new snapshot without parsing it back.
            self._adopt(tx._raw, _file_state(self.path))
            self._bytes = payload

    def _migrate(self, raw: dict[str, dict[str, Any]], version: int) -> dict[str, dict[str, Any]]:
        """Upgrade an older file in place after keeping its bytes as `<name>.v<N>.bak`."""
        keep = self.path.with_name(f"{self.path.name}.v{version}.bak")
        if self.path.exists() and not keep.exists():
            write_atomic(keep, self.path.read_bytes(), make_folder=False)
        raw = dict(raw)   # the cached snapshot stays as read if this transaction aborts
        raw["_meta"] = {"1": {**raw["_meta"]["1"], "schema_version": SCHEMA_VERSION}}
        return raw

    def _clean_temp_files(self) -> None:
        # Under the lock nobody else is writing, so any temp file left is from a crashed writer.
        for stale in self.path.parent.glob(f"{_TEMP_PREFIX}{self.path.name}.*"):
            try:
                stale.unlink()
            except OSError:
                pass
        self._cleaned = True
