"""The database's files and their TinyDB layout: the head (`_meta`, `plans`, `shards`: which file
holds each plan's cards), one card file per plan (`_meta`, `cards`), and schema 1's single file
(everything, history included) that `Store` migrates. The storage that replaces a file atomically
(keeping the previous head as `.bak`), and the checks that name what is damaged in a bad file."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
from tinydb import Storage

from .errors import StoreCorrupt, StoreError, StoreReadOnly
from .i18n import msg
from .files import is_read_only, write_atomic
from .model import Status
from .nogc import no_gc


SCHEMA_VERSION = 3     # 3: each plan's state letters, the agency index and the overlay (README "Storage")
V1_TABLES = ("_meta", "plans", "cards", "events", "change_sets", "sync")
HEAD_TABLES = ("_meta", "plans", "shards")
TABLES = HEAD_TABLES
DEFAULT_LOCK_TIMEOUT = 10.0
TEMP_PREFIX = ".tmp-"


def empty_head() -> dict[str, dict[str, Any]]:
    raw: dict[str, dict[str, Any]] = {name: {} for name in HEAD_TABLES}
    raw["_meta"]["1"] = {
        "schema_version": SCHEMA_VERSION,
        "counter": 0,          # bumped by every committed transaction; watchers compare it
        "next_event": 1,       # history ids come from here, never from TinyDB's auto ids
        "next_change_set": 1,
        "next_shard": 1,       # card files are numbered, their names never reused
        "journal": "",         # the journal file (in the data folder) and how many bytes of it
        "journal_size": 0,     # this head vouches for: more is a crashed writer's uncommitted tail
        "sync_file": "",       # CalDAV sync state, in a file of its own (only sync reads it)
        "overlay": "",         # status changes not yet folded into the card files (store_overlay)
        "index": "",           # every card's agencies, for filters that need no card file (store_index)
        "retired": [],         # files the previous commit replaced: the next commit deletes them
    }
    return raw


def file_state(path: Path) -> tuple[int, int, int] | None:
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

    def check_writable(self) -> None:
        """Raise StoreReadOnly when the file may not be replaced (chmod 444)."""
        if is_read_only(self.path):
            raise StoreReadOnly(msg("The database {path} is read-only (no write permission on the file); "
                                    "nothing was changed.", path=self.path),
                                msg("Make it writable (chmod u+w {path}) if changes are meant, or keep using it "
                                    "read-only.", path=self.path))

    def write_bytes(self, payload: bytes) -> None:
        folder = self.path.parent
        self.check_writable()
        try:
            write_atomic(self.path, payload, make_folder=False, temp_prefix=f"{TEMP_PREFIX}{self.path.name}.",
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
    """Parse a head (or a schema-1 file), or raise StoreCorrupt naming what is wrong and where the
    backup is."""
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
        with no_gc():
            raw = orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        raise StoreCorrupt(msg("The database {path} is not valid JSON ({detail}); it may be truncated. {backup}",
                               path=path, detail=exc, backup=where), fix) from None
    if not isinstance(raw, dict) or not isinstance(raw.get("_meta"), dict) or "1" not in raw["_meta"]:
        raise StoreCorrupt(msg("The file {path} is JSON but not a tracker database (no _meta record). {backup}",
                               path=path, backup=where), fix)
    meta = raw["_meta"]["1"]
    old = isinstance(meta, dict) and isinstance(meta.get("schema_version", 1), int) and meta.get("schema_version", 1) < 2
    for name in V1_TABLES if old else HEAD_TABLES:
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
    cards = list(raw.get("cards", {}).values())
    try:
        ids = [doc["id"] for doc in cards]
        healthy = (len(set(ids)) == len(ids) and {type(i) for i in ids} == ({str} if ids else set())
                   and {doc.get("status", "not-started") for doc in cards} <= _STATUSES
                   and {type(doc.get(name)) for doc in cards for name in _TEXT_FIELDS} <= _TEXT_TYPES
                   and {type(doc.get(name)) for doc in cards for name in _LIST_FIELDS} <= _LIST_TYPES
                   and {type(v) for doc in cards for name in _LIST_FIELDS for v in doc.get(name) or ()} <= {str}
                   and {type(doc.get(name)) for doc in cards for name in ("deadline", "source", "extras")} <= _OBJECT_TYPES
                   and {type(doc.get("sequence", 0)) for doc in cards} <= {int}
                   and all(type(doc) is dict and type(doc.get("key")) is str for doc in raw.get("plans", {}).values())
                   and {(type(d.get("id")), type(d.get("change_set")), type(d.get("card")))
                        for d in raw.get("events", {}).values()} <= {(int, int, str)}
                   and {type(d.get("id")) for d in raw.get("change_sets", {}).values()} <= {int}
                   and {(type(d), type(d.get("plan")), type(d.get("file")), type(d.get("tx")), type(d.get("ids")),
                         type(d.get("state", "")))
                        for d in raw.get("shards", {}).values()} <= {(dict, str, str, int, list, str)}
                   and all(len(d["state"]) == len(d["ids"]) for d in raw.get("shards", {}).values() if "state" in d)
                   and {type(d.get("at", [])) for d in raw.get("shards", {}).values()} <= {list}
                   and {type(meta.get(name, "")) for name in ("overlay", "index")} <= {str})
    except (TypeError, KeyError, AttributeError):
        healthy = False
    return "" if healthy else _name_the_damage(raw)


_TEXT_TYPES = {str, type(None)}
_LIST_TYPES = {list, type(None)}
_OBJECT_TYPES = {dict, type(None)}


def record_damage(key: str, doc: Any) -> str:
    """What is wrong with one card record, in words, or "" (the fields `damage` checks in bulk)."""
    if not isinstance(doc, dict) or not isinstance(doc.get("id"), str) or not doc["id"]:
        return msg("card record {key} has no id", key=key)
    card = doc["id"]
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
    return ""


def _name_the_damage(raw: dict[str, dict[str, Any]]) -> str:
    """The first damaged record, in words (only run when `damage` found something)."""
    seen: set[str] = set()
    for key, doc in raw.get("cards", {}).items():
        problem = record_damage(key, doc)
        if problem:
            return problem
        card = doc["id"]
        if card in seen:
            return msg("the card id {card} is there twice (records would hide each other)", card=card)
        seen.add(card)
    for key, doc in raw.get("plans", {}).items():
        if not isinstance(doc, dict) or not isinstance(doc.get("key"), str):
            return msg("plan record {key} has no key", key=key)
    for table, fields in (("events", ("id", "change_set")), ("change_sets", ("id",))):
        for key, doc in raw.get(table, {}).items():
            if not isinstance(doc, dict) or not all(type(doc.get(f)) is int for f in fields):
                return msg("{table} record {key} is damaged", table=table, key=key)
            if table == "events" and not isinstance(doc.get("card"), str):
                return msg("events record {key} names no card", key=key)
    for key, doc in raw.get("shards", {}).items():
        if not isinstance(doc, dict) or not isinstance(doc.get("file"), str) or not isinstance(doc.get("ids"), list):
            return msg("shards record {key} is damaged", key=key)
        if "state" in doc and (not isinstance(doc["state"], str) or len(doc["state"]) != len(doc["ids"])):
            return msg("shards record {key} has a state that does not match its cards", key=key)
    return msg("a record has fields of the wrong type")


def restore_fix() -> str:
    """The fix for a damaged file beside the head: there is no copy of it to fall back on."""
    return msg("Run `tracker db check`; restore the database folder from a backup, or import the plans again "
               "into a new database.")


def parse_part(data: bytes, path: Path, not_json: Callable[[Path, Exception], str]) -> Any:
    """Parse a file beside the head (card file, overlay) without collector pauses; StoreCorrupt
    with `not_json`'s words when it is not JSON."""
    try:
        with no_gc():
            return orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        raise StoreCorrupt(not_json(path, exc), restore_fix()) from None


def parse_card_file(data: bytes, path: Path) -> dict[str, dict[str, Any]]:
    """Parse one plan's card file: its `cards` table (document key → card record), checked."""
    raw = parse_part(data, path, lambda path, exc: msg("The card file {path} is not valid JSON ({detail}).",
                                                       path=path, detail=exc))
    if not isinstance(raw, dict) or not isinstance(raw.get("cards"), dict):
        raise StoreCorrupt(msg("The card file {path} has no cards table.", path=path), restore_fix())
    check_card_records(raw["cards"], path)
    return raw["cards"]


def check_card_records(cards: dict[str, Any], path: Path) -> None:
    """Raise StoreCorrupt naming the first damaged record of a card file's `cards` (or part of it)."""
    # One record (read alone from its span) is checked field by field: the bulk check's set
    # comprehensions cost 35 µs a call, which at 4,949 records was a fifth of a bulk's output.
    problem = (record_damage(*next(iter(cards.items()))) if len(cards) == 1 else
               damage({"_meta": {"1": {}}, "cards": cards}))
    if problem:
        raise StoreCorrupt(msg("The card file {path} is damaged: {problem}.", path=path, problem=problem),
                           restore_fix())
