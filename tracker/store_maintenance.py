"""`tracker db check` and `tracker db compact`: prove a database whole, and archive old history.

`check` reads every file the head names and says what is wrong in words (a card file that lost a
card, a journal shorter than the head vouches for, ids out of step), plus what is only untidy
(files a crash left behind). `compact` moves the change sets before a day into an archive file
(the same JSON-lines format, readable by any script) and starts a new journal with the rest,
switching to it in one head replace; it also deletes files no head names any more.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import orjson

from .errors import StoreCorrupt, TrackerError
from .files import write_atomic
from .i18n import msg
from .journal import SET_PREFIX, Journal, next_set
from .store import Store
from .store_file import parse_card_file
from .store_index import index_entry, state_of
from .store_layout import delete_files, find_starts, referenced_files, stray_files, write_new


@dataclass
class CheckReport:
    """What `tracker db check` found."""

    cards: int = 0
    plans: int = 0
    card_files: int = 0
    change_sets: int = 0
    events: int = 0
    journal_bytes: int = 0
    uncommitted_bytes: int = 0         # a crashed writer's tail, cut by the next change
    stray: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"ok": not self.problems, "cards": self.cards, "plans": self.plans, "card_files": self.card_files,
                "change_sets": self.change_sets, "events": self.events, "journal_bytes": self.journal_bytes,
                "uncommitted_bytes": self.uncommitted_bytes, "stray_files": self.stray,
                "problems": [str(problem) for problem in self.problems]}


def check(store: Store) -> CheckReport:
    """Read every file the head names and check it against the head; StoreCorrupt only for the head."""
    report = CheckReport()
    snapshot = store.load()             # a head that does not parse raises, naming its backup
    head, meta = snapshot.head, snapshot.meta
    report.plans = len(head["plans"])
    seen: dict[str, str] = {}
    for entry in head["shards"].values():
        plan = entry["plan"]
        if not entry.get("file"):
            if entry["ids"]:
                report.problems.append(msg("plan {plan} lists {count} cards but names no card file", plan=plan,
                                           count=len(entry["ids"])))
            continue
        report.card_files += 1
        path = store.folder / entry["file"]
        try:
            data = path.read_bytes()
            table = parse_card_file(data, path)
        except FileNotFoundError:
            report.problems.append(msg("the card file {path} of plan {plan} is missing", path=path, plan=plan))
            continue
        except StoreCorrupt as exc:
            report.problems.append(exc.message)
            continue
        ids = [doc["id"] for doc in table.values()]
        if "at" in entry and find_starts(data, {doc["id"]: doc for doc in table.values()}) != entry["at"]:
            report.problems.append(msg("the head's record positions for plan {plan} do not match its card file "
                                       "{path}; `tracker db compact` rewrites that file", plan=plan, path=path))
        if ids != entry["ids"]:
            missing = sorted(set(entry["ids"]) - set(ids))
            extra = sorted(set(ids) - set(entry["ids"]))
            report.problems.append(msg("the card file {path} does not hold the cards the head lists for plan {plan} "
                                       "(missing: {missing}; not listed: {extra})", path=path, plan=plan,
                                       missing=", ".join(missing[:5]) or "-", extra=", ".join(extra[:5]) or "-"))
        for card_id in ids:
            if card_id in seen:
                report.problems.append(msg("the card id {card} is in plan {plan} and in plan {other}", card=card_id,
                                           plan=plan, other=seen[card_id]))
            seen[card_id] = plan
        report.cards += len(ids)
    if not report.problems:
        _check_overlay_and_index(snapshot, report)
    _check_journal(store, meta, report)
    keep = referenced_files(head) | {name for name, *_ in meta.get("retired", [])}
    report.stray = stray_files(store.folder, keep)
    return report


def _check_overlay_and_index(snapshot: Any, report: CheckReport) -> None:
    """The overlay names only cards its plans hold; each plan's state letters and index entry
    say what its records (with the overlay) say."""
    try:
        overlay = snapshot.source.overlay()
        index = snapshot.source.index()
    except StoreCorrupt as exc:
        report.problems.append(exc.message)
        return
    for entry in snapshot.head["shards"].values():
        plan = entry["plan"]
        stray = sorted(set(overlay.get(plan, {})) - set(entry["ids"]))
        if stray:
            report.problems.append(msg("the overlay changes cards plan {plan} does not hold: {cards}", plan=plan,
                                       cards=", ".join(stray[:5])))
        if "state" not in entry and index is None:
            continue                 # schema 2, read without upgrading it: it has neither
        docs = snapshot.docs_of_plan(plan).values()
        if entry.get("state") != state_of(docs):
            report.problems.append(msg("the head's state letters of plan {plan} do not match its cards; "
                                       "`tracker db compact` rewrites them", plan=plan))
        if index is not None and index.get(plan) != index_entry(docs):
            report.problems.append(msg("the agency index is out of step with the cards of plan {plan}; "
                                       "`tracker db compact` rebuilds it", plan=plan))
    for plan in sorted(overlay.keys() - {entry["plan"] for entry in snapshot.head["shards"].values()}):
        report.problems.append(msg("the overlay changes cards of plan {plan}, which the head does not list",
                                   plan=plan))


def _check_journal(store: Store, meta: dict[str, Any], report: CheckReport) -> None:
    size = meta.get("journal_size", 0)
    report.journal_bytes = size
    if not meta.get("journal"):
        if size:
            report.problems.append(msg("the head vouches for {size} bytes of history but names no journal", size=size))
        return
    path = store.folder / meta["journal"]
    journal = Journal(path, size)
    try:
        blocks = journal.blocks()
    except StoreCorrupt as exc:
        report.problems.append(exc.message)
        return
    report.uncommitted_bytes = max(0, path.stat().st_size - size) if path.exists() else 0
    last_event, last_set = 0, 0
    for block in blocks:
        number = block.change_set.get("id")
        if not isinstance(number, int) or number <= last_set:
            report.problems.append(msg("change set {number} in the journal is out of order (after {last})",
                                       number=number, last=last_set))
            return
        last_set = number
        for event in block.events:
            if not isinstance(event.get("id"), int) or event["id"] <= last_event or event.get("change_set") != number:
                report.problems.append(msg("event {event} of change set {number} in the journal is out of step",
                                           event=event.get("id"), number=number))
                return
            last_event = event["id"]
            report.events += 1
    report.change_sets = len(blocks)
    if last_event >= meta.get("next_event", 1) or last_set >= meta.get("next_change_set", 1):
        report.problems.append(msg("the journal holds ids the head has not counted yet (event {event}, change set "
                                   "{number})", event=last_event, number=last_set))


@dataclass
class CompactReport:
    """What `tracker db compact` did."""

    archived_change_sets: int = 0
    archived_events: int = 0
    archive: str = ""
    kept_change_sets: int = 0
    journal_bytes_before: int = 0
    journal_bytes_after: int = 0
    files_removed: int = 0
    folded_changes: int = 0            # overlay patches written into their card files

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def default_archive(store: Store, before: date) -> Path:
    return store.path.with_name(f"{store.path.stem}-history-before-{before.isoformat()}.jsonl")


def compact(store: Store, before: date | None, archive: Path | None = None) -> CompactReport:
    """Archive the change sets recorded before `before` (if given) and delete files no head names."""
    report = CompactReport()
    # First the overlay into the card files and the agency index rebuilt from them: afterwards
    # every card file says what the cards are, for scripts that read them with TinyDB.
    if store.exists():
        with store.transaction("compact") as tx:
            report.folded_changes = tx.fold_overlay()
    with store.locked():
        snapshot = store._read_locked()
        meta = dict(snapshot.meta)
        store._clean_after_crash(snapshot.counter)
        keep_names = referenced_files(snapshot.head) | {name for name, *_ in meta.get("retired", [])}
        strays = stray_files(store.folder, keep_names)
        delete_files(store.folder, strays)
        report.files_removed = len(strays)
        report.journal_bytes_before = report.journal_bytes_after = meta.get("journal_size", 0)
        if before is None or not meta.get("journal"):
            return report
        journal = Journal(store.folder / meta["journal"], meta.get("journal_size", 0))
        data = journal.data()
        cut = before.isoformat()
        old: list[int] = []
        kept: list[int] = []
        for start, line in _block_starts(data):
            record = orjson.loads(line)["set"]
            (old if str(record.get("at", ""))[:10] < cut else kept).append(start)
        if not old:
            report.kept_change_sets = len(kept)
            return report
        # Blocks are in time order: the archived ones are a prefix of the journal.
        split = kept[0] if kept else len(data)
        if kept and old[-1] > kept[0]:
            raise TrackerError(msg("The journal's change sets are not in time order; nothing was archived."),
                               msg("Run `tracker db check` and archive with an earlier --before day."))
        target = archive or default_archive(store, before)
        previous = target.read_bytes() if target.exists() else b""
        write_atomic(target, previous + data[:split])
        rest = data[split:]
        number = meta["counter"] + 1
        name = f"journal.{number}.jsonl"
        write_new(store.folder / name, rest)
        retired = list(meta.get("retired", []))
        retired.append([meta["journal"], number, time.time()])
        meta.update(counter=number, journal=name, journal_size=len(rest), retired=retired)
        head = {**snapshot.head, "_meta": {"1": meta}}
        store.storage.write_bytes(orjson.dumps(head))
        store.forget()
        report.archived_change_sets, report.kept_change_sets = len(old), len(kept)
        report.archived_events = data[:split].count(b"\n") - len(old)
        report.archive, report.journal_bytes_after = str(target), len(rest)
    return report


def _block_starts(data: bytes):
    """(offset, line) of every change-set line, found without splitting the journal into lines."""
    at = 0 if data.startswith(SET_PREFIX) else next_set(data, 0)
    while at >= 0:
        end = data.find(b"\n", at)
        yield at, data[at:end]
        at = next_set(data, end)
