"""Where a database's files live and how they are named, written and tidied.

`tracker.json` is the head; beside it, `tracker.json.d/` holds one TinyDB card file per plan
(`plans/00007-nam-dinh-55-2013.412.json`: the plan's number in this database, its key, and the
change that wrote it), the history journal and the CalDAV sync state. A file is never rewritten:
each change writes the card files it touched under new names and then replaces the head, which
is the one commit point, so a reader that read a head reads exactly that head's files. The
files a change replaced are deleted by a later change, once the `.bak` head no longer names them
and a reader has had time to finish (DESIGN §7 in README: "Storage").
"""

from __future__ import annotations

import fnmatch
import os
import re
import time
from pathlib import Path
from typing import Any

import orjson

from .files import fsync_folder

CARDS_FOLDER = "plans"
JOURNAL_NAME = "journal.jsonl"
RETIRE_GRACE_SECONDS = 10.0   # a reader that read a head before the change has this long to open its files
# A change deletes at most this many replaced files, or twice as many as it replaces itself (see
# Store._commit): a single `move` after a burst of bulk changes costs a move, not the burst's
# clean-up. Measured after 300 quick bulks at 5,000 cards: deleting 100 replaced overlay files
# (470 KB each) added 30 ms to the next cold move (136 → 195 ms median).
DELETE_PER_CHANGE = 10
_TX_OF_NAME = re.compile(r"\.(\d+)\.json$")


def data_folder(head: Path) -> Path:
    return head.with_name(head.name + ".d")


def card_file_name(number: int, plan_key: str, tx: int) -> str:
    """The file of plan number `number` as written by change `tx` (relative to the data folder)."""
    safe = re.sub(r"[^a-z0-9]+", "-", plan_key.lower()).strip("-")[:48] or "plan"
    return f"{CARDS_FOLDER}/{number:05d}-{safe}.{tx}.json"


def sync_file_name(tx: int) -> str:
    return f"sync.{tx}.json"


def card_file_bytes(plan_key: str, tx: int, docs: dict[str, dict[str, Any]]) -> tuple[bytes, list[int]]:
    """A plan's cards as a TinyDB database (`_meta` names the plan, `cards` holds the records),
    and where each record starts in it, so that a reader can parse one record of the file
    (`record_spans`): the bytes are exactly what orjson writes for the whole table."""
    parts = [orjson.dumps({"_meta": {"1": {"plan": plan_key, "tx": tx}}})[:-1], b',"cards":{']
    at = len(parts[0]) + len(parts[1])
    starts = []
    for number, doc in enumerate(docs.values(), start=1):
        key = b'"%d":' % number if number == 1 else b',"%d":' % number
        record = orjson.dumps(doc)
        starts.append(at + len(key))
        parts += (key, record)
        at += len(key) + len(record)
    parts.append(b"}}")
    return b"".join(parts), starts


def record_span(starts: list[int], position: int, size: int) -> tuple[int, int]:
    """Where record `position` (from 0) lies in a card file of `size` bytes `card_file_bytes` wrote:
    up to the next record's key, or to the closing braces."""
    if position + 1 < len(starts):
        return starts[position], starts[position + 1] - len(b',"%d":' % (position + 2))
    return starts[position], size - 2


def find_starts(data: bytes, docs: dict[str, dict[str, Any]]) -> list[int] | None:
    """Where each record starts in a card file written before the starts were kept (schema 2),
    or None when the file is not laid out as `card_file_bytes` writes it."""
    starts, at = [], 0
    for number, doc in enumerate(docs.values(), start=1):
        key = b'"%d":' % number
        record = orjson.dumps(doc)
        start = data.find(key + record, at)
        if start < 0:
            return None
        starts.append(start + len(key))
        at = start + len(key) + len(record)
    return starts


def write_new(path: Path, data: bytes) -> None:
    """Write a file no head names yet: plain write and fsync (a torn one is never read)."""
    write_new_files([(path, data)])


def write_new_files(files: list[tuple[Path, bytes]]) -> None:
    """Write files no head names yet and make them durable before returning.

    An import of 5,000 plans writes 5,000 card files: one fsync after another took 3 ms each
    (16 s); issued from several threads at once the file system commits them together.
    """
    for path, data in files:
        with open(path, "wb") as handle:
            handle.write(data)
    if len(files) <= 2:
        for path, _ in files:
            _fsync(path)
        return
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=16) as pool:
        list(pool.map(_fsync, [path for path, _ in files]))


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def make_folders(folder: Path) -> None:
    if not (folder / CARDS_FOLDER).is_dir():
        (folder / CARDS_FOLDER).mkdir(parents=True, exist_ok=True)
        fsync_folder(folder)
        fsync_folder(folder.parent)


def tx_of(name: str) -> int | None:
    match = _TX_OF_NAME.search(name)
    return int(match.group(1)) if match else None


def remove_uncommitted(folder: Path, counter: int) -> int:
    """Delete files written by a change that crashed before its head landed; returns how many.

    Such a change numbered its files `counter + 1` (the head it read said `counter`), and so will
    the next change: its files must go first, or those of plans the next change does not touch
    would linger under a committed number. Run under the lock, before a change.
    """
    removed = 0
    number = counter + 1
    for sub in (folder / CARDS_FOLDER, folder):
        try:
            names = os.listdir(sub)
        except FileNotFoundError:
            continue
        for name in fnmatch.filter(names, f"*.{number}.json*"):
            try:
                os.unlink(sub / name)
                removed += 1
            except OSError:
                pass
    return removed


def due_for_deletion(retired: list[list[Any]], head_tx: int, now: float | None = None,
                     limit: int = DELETE_PER_CHANGE) -> tuple[list[str], list[list[Any]]]:
    """Split the retired files into those a change may delete now and those it keeps listing.

    A file retired by change t is still named by head t-1, which is the `.bak` until change t+1
    lands; and a reader may have read head t-1 just before. So a file goes once a later head than
    its retiring one is in place and the grace time has passed.
    """
    now = time.time() if now is None else now
    delete: list[str] = []
    keep: list[list[Any]] = []
    for name, retired_by, at in retired:
        if retired_by < head_tx and now - at >= RETIRE_GRACE_SECONDS and len(delete) < limit:
            delete.append(name)
        else:
            keep.append([name, retired_by, at])
    return delete, keep


def delete_files(folder: Path, names: list[str]) -> None:
    for name in names:
        try:
            (folder / name).unlink()
        except FileNotFoundError:
            pass
        except OSError:
            pass    # still open on Windows: `tracker db compact` removes what is left


def referenced_files(head: dict[str, dict[str, Any]]) -> set[str]:
    """Every file in the data folder the head names (card files, the journal, the sync state, the
    overlay and the agency index)."""
    meta = head["_meta"]["1"]
    names = {entry["file"] for entry in head["shards"].values() if entry.get("file")}
    names.update(name for name in (meta.get("journal"), meta.get("sync_file"), meta.get("overlay"), meta.get("index"))
                 if name)
    return names


def stray_files(folder: Path, keep: set[str]) -> list[str]:
    """Files in the data folder no head names (left by a crash during deletion); for db check/compact."""
    found = []
    for sub, prefix in ((folder / CARDS_FOLDER, f"{CARDS_FOLDER}/"), (folder, "")):
        if not sub.is_dir():
            continue
        for entry in os.scandir(sub):
            if entry.is_file() and tx_of(entry.name) is not None or entry.name.startswith("journal"):
                name = prefix + entry.name
                if entry.is_file() and name not in keep:
                    found.append(name)
    return sorted(found)
