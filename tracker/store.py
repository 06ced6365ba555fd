"""The workspace database: a head file, one card file per plan and an append-only history journal,
changed only through locked transactions whose one commit point is an atomic replace of the head.

Why (DESIGN §7, each measured): TinyDB's own writes lost and corrupted data under two processes
and kills, so every change takes an inter-process lock, re-reads the head inside it, and writes
once. Why the split (README "Storage", measured): with history and every card in one file, each
command parsed and rewrote the whole past (a cold move 3.6 s at 100,000 cards; 3× slower after
30 bulk changes). Now a change writes the card files of the plans it touched under new names,
appends its history to the journal (fsync'd), then replaces the head (temp file, fsync, rename,
fsync of the folder). A crash before the head lands leaves the old head naming the old files:
nothing happened. Each file stays a valid TinyDB database that TinyDB itself can open.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from .errors import StoreChanged, StoreCorrupt, StoreError, StoreLocked, StoreReadOnly
from .files import fsync_folder, is_read_only, shared_lock_mode, write_atomic
from .i18n import msg
from .journal import Journal
from .nogc import no_gc
from .store_data import Commit, Docs, Snapshot, Transaction
from .store_file import (DEFAULT_LOCK_TIMEOUT, SCHEMA_VERSION, TABLES, TEMP_PREFIX, AtomicJSONStorage, backup_path,
                         check_card_records, empty_head, file_state, parse_card_file,
                         parse_database)
from .store_layout import (DELETE_PER_CHANGE, JOURNAL_NAME, card_file_bytes, card_file_name, data_folder, delete_files,
                           due_for_deletion, find_starts, make_folders, record_span, remove_uncommitted,
                           sync_file_name, write_new_files)
from .store_index import Index, index_bytes, index_entry, index_file_name, parse_index, state_of
from .store_migrate import split_v1
from .store_overlay import Overlay, apply_overlay, apply_patch, overlay_bytes, overlay_file_name, parse_overlay
from .store_pool import RecordPool

if TYPE_CHECKING:
    from filelock import BaseFileLock

__all__ = ["Store", "Snapshot", "Transaction", "SCHEMA_VERSION", "TABLES", "backup_path", "parse_database"]


class FileSource:
    """A snapshot's files on disk; card files parsed once per name (names are never reused, so a
    parsed file stays true) in a cache the store shares between its snapshots, and the overlay's
    status changes applied to them (README "Storage")."""

    def __init__(self, folder: Path, cache: dict[str, Docs], journal: Journal, pool: RecordPool | None = None, *,
                 meta: dict[str, Any] | None = None, parsed: dict[str, Any] | None = None):
        self.folder = folder
        self.cache = cache
        self.journal = journal
        self.pool = pool
        meta = meta or {}
        self.overlay_name: str = meta.get("overlay") or ""
        self.index_name: str = meta.get("index") or ""
        self.has_index = meta.get("schema_version", 0) >= 3
        self.parsed = {} if parsed is None else parsed      # overlay and index files by name
        self.merged: dict[str, Docs] = {}                   # card file name → its records with the overlay

    def card_docs(self, entry: dict[str, Any]) -> Docs:
        docs = self._file_docs(entry)
        patches = self.overlay().get(entry["plan"]) if self.overlay_name else None
        if not patches:
            return docs
        merged = self.merged.get(entry["file"])
        if merged is None:
            merged = self.merged[entry["file"]] = apply_overlay(docs, patches)
        return merged

    def card_doc(self, entry: dict[str, Any], card_id: str) -> dict[str, Any] | None:
        """One card's record: parsed alone from its span in the card file when the file is not
        read yet (a bulk's output lists 4,949 cards of 3,182 plans: parsing only them took 0.2 s
        instead of 1.2 s), else from the file's records."""
        name, starts = entry.get("file"), entry.get("at")
        if not name or name in self.cache or not isinstance(starts, list) or len(starts) != len(entry["ids"]):
            return self.card_docs(entry).get(card_id)
        try:
            position = entry["ids"].index(card_id)
        except ValueError:
            return None
        path = self.folder / name
        try:
            doc = orjson.loads(self._read_span(path, starts, position))
        except orjson.JSONDecodeError:
            doc = None
        if not isinstance(doc, dict) or doc.get("id") != card_id:
            return self.card_docs(entry).get(card_id)     # not where the head says: read the whole file
        check_card_records({"1": doc}, path)
        patch = self.overlay().get(entry["plan"], {}).get(card_id) if self.overlay_name else None
        return apply_patch(doc, patch) if patch else doc

    def record_starts(self, entry: dict[str, Any]) -> list[int] | None:
        """Where each record of the plan's card file starts, as found in the file (None: no file,
        or not laid out as the store writes it)."""
        name = entry.get("file")
        if not name:
            return None
        return find_starts(self._read(self.folder / name), self._file_docs(entry))

    def overlay(self) -> Overlay:
        """The status changes not yet folded into the card files: plan → card id → patch."""
        if not self.overlay_name:
            return {}
        return self._parsed_file(self.overlay_name, parse_overlay)

    def index(self) -> Index | None:
        """Every plan's agency index entry; None for a schema-2 database (it has none)."""
        if not self.has_index:
            return None
        if not self.index_name:
            return {}
        return self._parsed_file(self.index_name, parse_index)

    def _parsed_file(self, name: str, parse: Any) -> Any:
        value = self.parsed.get(name)
        if value is None:
            path = self.folder / name
            value = self.parsed[name] = parse(self._read(path), path)
        return value

    def _file_docs(self, entry: dict[str, Any]) -> Docs:
        name = entry.get("file")
        if not name:
            return {}
        docs = self.cache.get(name)
        if docs is None:
            path = self.folder / name
            table = parse_card_file(self._read(path), path)
            docs = self.cache[name] = {doc["id"]: doc for doc in table.values()}
            if self.pool is not None:
                self.pool.share(docs)
        return docs

    def _read_span(self, path: Path, starts: list[int], position: int) -> bytes:
        """The bytes of one record: only its span is read (4,949 records of 26 KB files: reading
        the files whole took 0.11 s)."""
        try:
            fd = os.open(path, os.O_RDONLY)
        except FileNotFoundError:
            return self._read(path)          # names the missing file or folder
        try:
            size = os.fstat(fd).st_size if position + 1 == len(starts) else 0
            start, end = record_span(starts, position, size)
            return os.pread(fd, max(0, end - start), start)
        finally:
            os.close(fd)

    def _read(self, path: Path) -> bytes:
        try:
            # open() of the path rather than Path.read_bytes: pathlib's own overhead was 40 ms
            # of the 100 ms that reading 5,000 card files takes.
            with open(path, "rb") as file:
                return file.read()
        except FileNotFoundError:
            if not self.folder.is_dir():
                raise StoreCorrupt(msg("The folder {folder} with the database's cards is missing.",
                                       folder=self.folder),
                                   msg("Put it back beside the database (it is part of it), or restore both "
                                       "from a backup.")) from None
            raise StoreChanged(msg("The database changed twice while this command read it."),
                               msg("Run the command again.")) from None

    def sync_state(self, name: str) -> dict[str, Any]:
        try:
            with no_gc():
                return orjson.loads((self.folder / name).read_bytes())
        except FileNotFoundError:
            raise StoreChanged(msg("The database changed twice while this command read it."),
                               msg("Run the command again.")) from None
        except orjson.JSONDecodeError as exc:
            raise StoreCorrupt(msg("The sync state {path} is not valid JSON ({detail}).", path=self.folder / name,
                                   detail=exc),
                               msg("Run `tracker db check`; `tracker sync` rebuilds it after you move the file "
                                   "away.")) from None


class MemorySource:
    """A schema-1 file read without migrating it (it may not be written): its parts in memory."""

    def __init__(self, cards: dict[str, Docs], journal: bytes, sync: dict[str, Any]):
        self.cards = cards
        self.journal = Journal.in_memory(journal)
        self.sync = sync

    def card_docs(self, entry: dict[str, Any]) -> Docs:
        return self.cards.get(entry["plan"], {})

    def card_doc(self, entry: dict[str, Any], card_id: str) -> dict[str, Any] | None:
        return self.card_docs(entry).get(card_id)

    def record_starts(self, entry: dict[str, Any]) -> list[int] | None:
        return None

    def overlay(self) -> Overlay:
        return {}

    def index(self) -> Index | None:
        return None

    def sync_state(self, name: str) -> dict[str, Any]:
        return self.sync


class Store:
    """The database at `path`: cached reads, locked atomic transactions."""

    def __init__(self, path: str | os.PathLike[str], *, lock_timeout: float | None = None, view_only: bool = False):
        # Resolved once: a database reached through a symlink is written where the link points,
        # and the link stays a link.
        self.path = Path(os.path.realpath(Path(path).absolute()))
        self.folder = data_folder(self.path)
        self.lock_timeout = DEFAULT_LOCK_TIMEOUT if lock_timeout is None else lock_timeout
        self.storage = AtomicJSONStorage(self.path)
        self._lock: BaseFileLock | None = None    # created on the first write: importing filelock costs reads ~20 ms
        self._snapshot: Snapshot | None = None
        self._state: tuple[int, int, int] | None = None
        self._bytes: bytes | None = None   # the head as last read or written, to skip re-parsing
        self._cache: dict[str, Docs] = {}
        self._parsed: dict[str, Any] = {}    # overlay and index files by name (never reused)
        self._pool: RecordPool | None = None     # see share_records
        self._cleaned = False
        self.view_only = view_only        # a board served to look at (tracker serve --read-only): no writes

    def share_records(self) -> None:
        """Make parsed records share their repeated agency lists and deadlines (store_pool): for
        a process that keeps every card in memory (the board: 430 → 346 MiB at 100,000 cards).
        A command that reads and exits skips it (0.18 s of reading 5,000 card files)."""
        if self._pool is None:
            self._pool = RecordPool()
        if self._snapshot is not None and isinstance(self._snapshot.source, FileSource):
            self._snapshot.source.pool = self._pool

    @property
    def writes(self) -> int:
        return self.storage.writes

    def exists(self) -> bool:
        return self.path.exists()

    def changed_on_disk(self) -> bool:
        """True when the head differs from the one last read (a cheap stat, no parsing)."""
        return file_state(self.path) != self._state

    def load(self) -> Snapshot:
        """The current data: served from memory, re-read only when the head changed."""
        if self._snapshot is None or self.changed_on_disk():
            state = file_state(self.path)
            self._adopt_bytes(self.storage.read_bytes(), state, may_migrate=True)
        assert self._snapshot is not None
        return self._snapshot

    @property
    def read_only(self) -> bool:
        return self.view_only or self.load().schema_version != SCHEMA_VERSION

    def _adopt_bytes(self, data: bytes | None, state: tuple[int, int, int] | None, *, may_migrate: bool) -> None:
        """Parse `data` unless it is exactly what we already hold (then keep the parsed snapshot)."""
        if data is not None and data == self._bytes and self._snapshot is not None:
            self._state = state
            return
        head = parse_database(data, self.path) if data is not None else empty_head()
        if _version(head) < SCHEMA_VERSION and may_migrate and self._may_migrate():
            with self.locked():
                self._migrate_locked()
            return
        if _version(head) < 2:
            split = split_v1(head)
            new_head: dict[str, dict[str, Any]] = {"_meta": {"1": {**split.meta, "schema_version": _version(head)}},
                                                   "plans": {str(n): doc for n, doc in enumerate(split.plans.values())},
                                                   "shards": {str(n): {"plan": plan, "file": "", "tx": 0,
                                                                       "ids": list(docs)}
                                                              for n, (plan, docs) in enumerate(split.cards.items())}}
            self._snapshot = Snapshot(new_head, MemorySource(split.cards, split.journal, split.sync))
        else:
            self._snapshot = self._snapshot_of(head)
        self._bytes, self._state = data, state

    def _snapshot_of(self, head: dict[str, dict[str, Any]], plan_of: dict[str, str] | None = None) -> Snapshot:
        meta = head["_meta"]["1"]
        journal = Journal(self.folder / (meta.get("journal") or JOURNAL_NAME), meta.get("journal_size", 0))
        names = {entry.get("file") for entry in head["shards"].values()}
        for stale in [name for name in self._cache if name not in names]:
            del self._cache[stale]   # a file no head names any more: keep memory to what is current
        for stale in [name for name in self._parsed if name not in (meta.get("overlay"), meta.get("index"))]:
            del self._parsed[stale]
        return Snapshot(head, FileSource(self.folder, self._cache, journal, self._pool, meta=meta,
                                         parsed=self._parsed), plan_of)

    # -- locking and transactions ------------------------------------------------------------
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

    def _read_locked(self) -> Snapshot:
        """Inside the lock: the head as it is on disk now (migrated first if it is schema 1)."""
        # Always re-read inside the lock: file timestamps are too coarse to prove nothing changed.
        self._adopt_bytes(self.storage.read_bytes(), file_state(self.path), may_migrate=False)
        assert self._snapshot is not None
        if self._snapshot.schema_version < SCHEMA_VERSION:
            self._migrate_locked()
        return self._snapshot

    @contextmanager
    def transaction(self, action: str, *, by: str = "", via: str = "cli", summary: str = "") -> Iterator[Transaction]:
        """Lock, re-read, let the caller change the working copy, write once. Raising aborts."""
        if self.view_only:
            raise StoreReadOnly(msg("This board is for looking only; nothing was changed."),
                                msg("Ask the coordinator who serves it for a board that allows changes."))
        with self.locked():
            snapshot = self._read_locked()
            version = snapshot.schema_version
            if version > SCHEMA_VERSION:
                raise StoreReadOnly(
                    msg("The database {path} was written by a newer tracker (schema {version}, this one knows "
                        "{known}).", path=self.path, version=version, known=SCHEMA_VERSION),
                    msg("It is open read-only; upgrade the tracker to change it."))
            if not self._cleaned:
                self._clean_after_crash(snapshot.counter)
            tx = Transaction(snapshot, action, by, via, summary)
            yield tx
            if tx.dirty:
                self._commit(tx._finish(), snapshot)

    def _commit(self, commit: Commit, before: Snapshot) -> None:
        """Write a transaction: new card files, the journal block, then the head (the commit point)."""
        meta = commit.meta
        number = meta["counter"]
        now = time.time()
        # A change deletes twice what it replaces (and at least ten): a move after a burst of bulk
        # changes stays a move, and every change clears more than it leaves.
        replaces = len(commit.docs) + sum(part is not None for part in (commit.sync, commit.overlay, commit.index))
        limit = max(DELETE_PER_CHANGE, 2 * replaces)
        delete_now, retired = due_for_deletion(before.meta.get("retired", []), number, now, limit)
        self.storage.check_writable()     # before any file is written: a read-only head refuses it all
        try:
            make_folders(self.folder)
            files = []
            for plan, docs in commit.docs.items():
                entry = commit.entries[plan]
                name = card_file_name(entry["number"], plan, number)
                data, starts = card_file_bytes(plan, number, docs)
                files.append((self.folder / name, data))
                if entry["file"]:
                    retired.append([entry["file"], number, now])
                commit.entries[plan] = {**entry, "file": name, "tx": number, "at": starts}
                self._cache[name] = docs
            if commit.sync is not None:
                name = sync_file_name(number)
                files.append((self.folder / name, orjson.dumps(commit.sync)))
                if meta.get("sync_file"):
                    retired.append([meta["sync_file"], number, now])
                meta["sync_file"] = name
            replaced: list[tuple[str, Any, str, Any]] = [
                ("overlay", commit.overlay, overlay_file_name(number), overlay_bytes),
                ("index", commit.index, index_file_name(number), index_bytes)]
            for key, value, name, encode in replaced:
                if value is None:
                    continue          # unchanged: the head keeps naming the file it named
                if meta.get(key):
                    retired.append([meta[key], number, now])
                meta[key] = name if value else ""
                if value:
                    files.append((self.folder / name, encode(number, value)))
                    self._parsed[name] = value
            write_new_files(files)
            if commit.docs:
                fsync_folder(self.folder / "plans")
            if commit.sync is not None or commit.overlay or commit.index:
                fsync_folder(self.folder)
            if commit.block:
                meta["journal"] = meta.get("journal") or JOURNAL_NAME
                meta["journal_size"] = Journal(self.folder / meta["journal"], meta.get("journal_size", 0)).append(
                    commit.block)
        except OSError as exc:
            raise StoreError(msg("Cannot write the database {path}: {reason}.", path=self.folder,
                                 reason=exc.strerror or exc),
                             msg("Make sure the folder {folder} exists and is writable, or choose another file "
                                 "with --db.", folder=self.path.parent)) from None
        meta["retired"] = retired
        meta["schema_version"] = SCHEMA_VERSION
        head = commit.head()
        payload = orjson.dumps(head)
        self.storage.write_bytes(payload)
        delete_files(self.folder, delete_now)
        # Adopt what we wrote as the new snapshot without parsing it back.
        self._snapshot = self._snapshot_of(head, commit.plan_of)
        self._snapshot.last_change = commit.change
        self._bytes, self._state = payload, file_state(self.path)

    def forget(self) -> None:
        """Drop what was read, so the next load reads the files again (after `db compact`)."""
        self._snapshot, self._bytes, self._state = None, None, None

    # -- migration and tidying -----------------------------------------------------------------
    def _may_migrate(self) -> bool:
        return (not self.view_only and self.path.exists() and not is_read_only(self.path)
                and os.access(self.path.parent, os.W_OK))

    def _migrate_locked(self) -> None:
        """Schema 1 → 2 under the lock, after keeping the old file's bytes as `<name>.v1.bak`."""
        data = self.storage.read_bytes()
        if data is None:
            return
        raw = parse_database(data, self.path)
        version = _version(raw)
        if version >= SCHEMA_VERSION:       # another process migrated it meanwhile
            self._adopt_bytes(data, file_state(self.path), may_migrate=False)
            return
        if version == 2:
            self._add_index_locked(raw)
            return
        keep = self.path.with_name(f"{self.path.name}.v{version}.bak")
        if not keep.exists():
            write_atomic(keep, data, make_folder=False)
        split = split_v1(raw)
        meta = split.meta
        meta["counter"] += 1
        number = meta["counter"]
        make_folders(self.folder)
        entries: dict[str, dict[str, Any]] = {}
        files = []
        index: Index = {}
        for position, (plan, docs) in enumerate(split.cards.items(), start=1):
            name = card_file_name(position, plan, number)
            data, starts = card_file_bytes(plan, number, docs)
            files.append((self.folder / name, data))
            entries[plan] = {"plan": plan, "number": position, "file": name, "tx": number, "ids": list(docs),
                             "state": state_of(docs.values()), "at": starts}
            index[plan] = index_entry(docs.values())
            self._cache[name] = docs
        meta["next_shard"] = len(entries) + 1
        meta["index"], meta["overlay"] = index_file_name(number), ""
        files.append((self.folder / meta["index"], index_bytes(number, index)))
        journal_name = f"journal.{number}.jsonl"
        files.append((self.folder / journal_name, split.journal))
        meta["journal"], meta["journal_size"] = journal_name, len(split.journal)
        if split.sync:
            meta["sync_file"] = sync_file_name(number)
            files.append((self.folder / meta["sync_file"], orjson.dumps(split.sync)))
        write_new_files(files)
        fsync_folder(self.folder / "plans")
        fsync_folder(self.folder)
        meta["schema_version"] = SCHEMA_VERSION
        commit = Commit(meta=meta, plans=split.plans, entries=entries, docs={}, block=b"", sync=None)
        self._write_head(commit.head())

    def _add_index_locked(self, head: dict[str, dict[str, Any]]) -> None:
        """Schema 2 → 3: each plan's state letters and the agency index, worked out from the card
        files once. No card file, journal or sync file changes, so the previous head (kept as
        `.bak`) still reads as it did."""
        source = self._snapshot_of(head).source
        index: Index = {}
        for entry in head["shards"].values():
            docs = source.card_docs(entry)
            entry["state"] = state_of(docs.values())
            index[entry["plan"]] = index_entry(docs.values())
            starts = source.record_starts(entry)
            if starts is not None:
                entry["at"] = starts
        meta = head["_meta"]["1"]
        meta["counter"] += 1
        number = meta["counter"]
        meta["index"], meta["overlay"], meta["schema_version"] = index_file_name(number), "", SCHEMA_VERSION
        self._clean_after_crash(number - 1)
        try:
            make_folders(self.folder)
            write_new_files([(self.folder / meta["index"], index_bytes(number, index))])
            fsync_folder(self.folder)
        except OSError as exc:
            raise StoreError(msg("Cannot write the database {path}: {reason}.", path=self.folder,
                                 reason=exc.strerror or exc),
                             msg("Make sure the folder {folder} exists and is writable, or choose another file "
                                 "with --db.", folder=self.path.parent)) from None
        self._parsed[meta["index"]] = index
        self._write_head(head)

    def _write_head(self, head: dict[str, dict[str, Any]]) -> None:
        payload = orjson.dumps(head)
        self.storage.write_bytes(payload)
        self._snapshot = self._snapshot_of(head)
        self._bytes, self._state = payload, file_state(self.path)

    def _clean_after_crash(self, counter: int) -> None:
        # Under the lock nobody else is writing, so a temp file left is from a crashed writer, and
        # so is a card file from a change beyond the head's counter.
        for stale in self.path.parent.glob(f"{TEMP_PREFIX}{self.path.name}.*"):
            try:
                stale.unlink()
            except OSError:
                pass
        if self.folder.is_dir():
            remove_uncommitted(self.folder, counter)
        self._cleaned = True


def _version(raw: dict[str, dict[str, Any]]) -> int:
    version = raw["_meta"]["1"].get("schema_version", 1)
    return version if isinstance(version, int) else 1
