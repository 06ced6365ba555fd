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
from pathlib import Path
from typing import Any
from collections.abc import Iterator

import orjson

from .errors import StoreError, StoreLocked, StoreReadOnly
from .i18n import msg
from .files import shared_lock_mode, write_atomic
from .store_data import Snapshot, Transaction
from .store_file import (SCHEMA_VERSION, TABLES, AtomicJSONStorage, empty_raw, file_state, TEMP_PREFIX,
                         backup_path, parse_database, DEFAULT_LOCK_TIMEOUT)

__all__ = ["Store", "Snapshot", "Transaction", "SCHEMA_VERSION", "TABLES", "backup_path", "parse_database"]


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
        return file_state(self.path) != self._state

    def load(self) -> Snapshot:
        """The current data: served from memory, re-read only when the file changed."""
        if self._snapshot is None or self.changed_on_disk():
            state = file_state(self.path)
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
        raw = parse_database(data, self.path) if data is not None else empty_raw()
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
            state = file_state(self.path)
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
            self._adopt(tx._raw, file_state(self.path))
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
        for stale in self.path.parent.glob(f"{TEMP_PREFIX}{self.path.name}.*"):
            try:
                stale.unlink()
            except OSError:
                pass
        self._cleaned = True
