"""The history journal: every change set and its events, appended as JSON lines beside the cards.

One block per change set: a `{"set": {...}}` line, then one line per event (the event's own
record). A block is appended with one write and one fsync before the database's head file is
replaced; the head records how many journal bytes it vouches for (`journal_size`), so a block
appended by a writer that crashed before its head landed is invisible to readers and cut off by
the next writer. Nothing is ever rewritten in place; `tracker db compact` writes a new journal
file and the head switches to it in one step.

Readers parse only what they need: `tail()` reads blocks newest first from the end (undo,
`history --limit`), `events_for()` parses only the lines that name one card (`show`).
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson

from .errors import StoreCorrupt
from .files import fsync_folder
from .i18n import msg
from .model import ChangeSet, Event
from .nogc import no_gc

SET_PREFIX = b'{"set":'
_TAIL_CHUNK = 1 << 20


class Block:
    """One change set as read back: its record and its events in the order they were recorded."""

    __slots__ = ("change_set", "events")

    def __init__(self, change_set: dict[str, Any], events: list[dict[str, Any]]):
        self.change_set = change_set
        self.events = events


def encode_block(change_set: dict[str, Any], events: list[dict[str, Any]]) -> bytes:
    parts = [orjson.dumps({"set": change_set})]
    parts.extend(orjson.dumps(event) for event in events)
    return b"\n".join(parts) + b"\n"


class Journal:
    """The journal file at `path`, read only up to `size` bytes (what the head vouches for)."""

    def __init__(self, path: Path, size: int):
        self.path = path
        self.size = size
        self._data: bytes | None = None

    # -- writing (under the store's lock) -----------------------------------------------------
    def append(self, block: bytes) -> int:
        """Cut any uncommitted tail, append `block`, fsync; returns the new committed size."""
        new_file = not self.path.exists()
        with open(self.path, "ab") as handle:
            if handle.tell() < self.size:
                # Never extend a cut journal with zeros: what is missing is history, say so.
                raise self._damaged(msg("the history journal {path} is shorter than the database says "
                                        "({have} of {want} bytes)", path=self.path, have=handle.tell(),
                                        want=self.size))
            if handle.tell() != self.size:
                handle.truncate(self.size)
                handle.seek(self.size)
            handle.write(block)
            handle.flush()
            os.fsync(handle.fileno())
        if new_file:
            fsync_folder(self.path.parent)
        self.size += len(block)
        self._data = None
        return self.size

    # -- reading ------------------------------------------------------------------------------
    def data(self) -> bytes:
        """The committed bytes (read once per journal view)."""
        if self._data is None:
            if self.size == 0:
                self._data = b""
            else:
                try:
                    with open(self.path, "rb") as handle:
                        self._data = handle.read(self.size)
                except FileNotFoundError:
                    raise self._damaged(msg("the history journal {path} is missing", path=self.path)) from None
                if len(self._data) < self.size:
                    raise self._damaged(msg("the history journal {path} is shorter than the database says "
                                            "({have} of {want} bytes)", path=self.path, have=len(self._data),
                                            want=self.size))
        return self._data

    def blocks(self) -> list[Block]:
        """Every change set with its events, oldest first."""
        found: list[Block] = []
        with no_gc():
            for line in self.data().split(b"\n"):
                if not line:
                    continue
                record = self._parse(line)
                if "set" in record and len(record) == 1:
                    found.append(Block(record["set"], []))
                elif found:
                    found[-1].events.append(record)
        return found

    @classmethod
    def in_memory(cls, data: bytes) -> Journal:
        """A journal held in memory (a schema-1 database read without migrating it)."""
        journal = cls(Path("<memory>"), len(data))
        journal._data = data
        return journal

    def change_sets(self) -> list[dict[str, Any]]:
        """Every change-set record, oldest first, without parsing the events."""
        data = self.data()
        found = []
        at = 0 if data.startswith(SET_PREFIX) else next_set(data, 0)
        while at >= 0:
            end = data.find(b"\n", at)
            found.append(self._parse(data[at:end])["set"])
            at = next_set(data, end)
        return found

    def events(self) -> list[dict[str, Any]]:
        """Every event record, oldest first."""
        return [event for block in self.blocks() for event in block.events]

    def events_for(self, card_id: str) -> list[dict[str, Any]]:
        """The events of one card, oldest first, parsing only the lines that name it."""
        return self._matching("card", card_id)

    def events_of_kind(self, kind: str) -> list[dict[str, Any]]:
        """The events of one kind (progress notes for reports), parsing only those lines."""
        return self._matching("kind", kind)

    def _matching(self, name: str, value: str) -> list[dict[str, Any]]:
        # An event line is `{"id":…,"change_set":…,"card":"…","kind":"…",…}` (orjson, no spaces);
        # a quote inside a string is escaped, so the needle cannot match inside a note.
        data = self.data()
        needle = b'"' + name.encode() + b'":' + orjson.dumps(value) + b","
        found, at = [], data.find(needle)
        while at >= 0:
            start = data.rfind(b"\n", 0, at) + 1
            end = data.find(b"\n", at)
            record = self._parse(data[start:end])
            if record.get(name) == value:
                found.append(record)
            at = data.find(needle, end)
        return found

    def tail(self) -> Iterator[Block]:
        """Change sets newest first, reading the file backwards a chunk at a time."""
        if self.size == 0:
            return
        if self._data is None:
            self._check_length()
        with (io.BytesIO(self._data) if self._data is not None else open(self.path, "rb")) as handle:
            end, carry = self.size, b""
            events: list[dict[str, Any]] = []
            while end > 0:
                start = max(0, end - _TAIL_CHUNK)
                handle.seek(start)
                chunk = handle.read(end - start) + carry
                lines = chunk.split(b"\n")
                carry = lines.pop(0) if start > 0 else b""
                for line in reversed(lines):
                    if not line:
                        continue
                    if line.startswith(SET_PREFIX):
                        events.reverse()
                        yield Block(self._parse(line)["set"], events)
                        events = []
                    else:
                        events.append(self._parse(line))
                end = start

    # -- helpers ------------------------------------------------------------------------------
    def _check_length(self) -> None:
        try:
            have = os.stat(self.path).st_size
        except FileNotFoundError:
            raise self._damaged(msg("the history journal {path} is missing", path=self.path)) from None
        if have < self.size:
            raise self._damaged(msg("the history journal {path} is shorter than the database says "
                                    "({have} of {want} bytes)", path=self.path, have=have, want=self.size))

    def _parse(self, line: bytes) -> dict[str, Any]:
        try:
            record = orjson.loads(line)
        except orjson.JSONDecodeError as exc:
            raise self._damaged(msg("a line of the history journal {path} is not JSON ({detail})",
                                    path=self.path, detail=exc)) from None
        if not isinstance(record, dict):
            raise self._damaged(msg("a line of the history journal {path} is not a record", path=self.path))
        return record

    def _damaged(self, problem: str) -> StoreCorrupt:
        return StoreCorrupt(msg("The database is damaged: {problem}.", problem=problem),
                            msg("Run `tracker db check` to see what is wrong; restore the folder from a backup "
                                "if the journal was lost."))


def next_set(data: bytes, after: int) -> int:
    found = data.find(b"\n" + SET_PREFIX, after)
    return found + 1 if found >= 0 else -1


def change_sets_with_undos(records: list[dict[str, Any]]) -> list[ChangeSet]:
    """Change sets oldest first, each marked `undone_by` the later undo that reverted it.

    The journal is append-only, so an undo is never written into the change set it reverts: the
    undo's own record names its target (`undoes`) and readers put the two together here.
    """
    sets = [ChangeSet.from_dict(record) for record in records]
    by_id = {change_set.id: change_set for change_set in sets}
    for change_set in sets:
        if change_set.undoes is not None and change_set.undoes in by_id:
            by_id[change_set.undoes].undone_by = change_set.id
    return sets


def events_of(records: list[dict[str, Any]]) -> list[Event]:
    return [Event.from_dict(record) for record in records]
