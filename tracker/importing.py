"""Import as a service: read plan files (the importer) and merge them into the store in one transaction.

Ids, uids, statuses, notes, history and hand edits are kept; nothing is ever deleted.
"""

from __future__ import annotations

import os
from pathlib import Path
from collections.abc import Iterable, Iterator

from .errors import ImportFailed
from .i18n import msg
from .importer import ImportResult, read_plan
from .importer.readers import FOLDER_PATTERNS
from .importer.summary import FileReport, ImportReport
from .model import Card
from .store import Store, Transaction

# Fields an import owns; everything else (uid, status, note, history, archived, edited) is the user's.
IMPORTED_FIELDS = ("number", "section", "content", "lead", "support", "lead_text", "support_text",
                   "time_text", "deadline", "notes", "inferred", "extras")
# Where the row sits in the file: refreshed on every import, never reported as a change.
_QUIET_FIELDS = ("source", "plan")


class _DryRun(Exception):
    """Raised inside the transaction to leave the database untouched."""


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given, folders as their plan files sorted by name; duplicates once."""
    out: list[Path] = []
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        found = sorted({p for pattern in FOLDER_PATTERNS for p in path.glob(pattern) if p.is_file()},
                       key=lambda p: p.name) if path.is_dir() else [path]
        for item in found:
            key = item.resolve()
            if key not in seen:
                seen.add(key)
                out.append(item)
    return out


def _read(path: Path, shape: str | None) -> tuple[ImportResult | None, FileReport]:
    report = FileReport(path=str(path), file=path.name)
    try:
        result = read_plan(path, shape=shape)
    except ImportFailed as exc:
        report.error = str(exc)
        return None, report
    except Exception as exc:  # a bug must not lose the other files' report
        report.error = msg("{file}: could not be read ({kind}: {detail}).", file=path.name,
                           kind=exc.__class__.__name__, detail=str(exc))
        return None, report
    report.plan, report.plan_number, report.province = result.plan.key, result.plan.number, result.plan.province
    report.shape, report.inferred, report.cards = result.shape, result.inferred, len(result.cards)
    report.reader = result.reader
    report.columns = [[(title, name) for title, name in table.columns.mapping() if name != "blank"]
                      for table in result.tables if table.is_tasks]
    report.warnings = list(result.warnings)
    return result, report


def import_paths(store: Store, paths: Iterable[str | Path], *, dry_run: bool = False,
                 shape: str | None = None, by: str = "") -> ImportReport:
    """Read every file (folders: *.txt, *.md, *.html, *.htm, *.docx) and merge them in ONE transaction."""
    report = ImportReport(dry_run=dry_run)
    results: list[tuple[ImportResult, FileReport]] = []
    owners: dict[str, str] = {}
    files = expand_paths(paths)
    for path, (result, file_report) in zip(files, _read_all(files, shape)):
        report.files.append(file_report)
        if result is None:
            continue
        if result.plan.key in owners:
            file_report.error = msg("{file}: it is the same plan ({plan}) as {other} in this import; import one of "
                                    "them.", file=path.name, plan=result.plan.key, other=owners[result.plan.key])
            continue
        owners[result.plan.key] = path.name
        results.append((result, file_report))
    if not results:
        return report
    summary = "import " + ", ".join(r.file for r, _ in results)
    try:
        with store.transaction("import", by=by, via="import", summary=summary) as tx:
            existing = _ids_by_plan(tx)
            for result, file_report in results:
                _merge(tx, result, file_report, existing)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return report


# Below this many files one process reads them (starting workers costs ~0.2 s); above, every
# core reads: reading is nine tenths of a big import (measured: 1,000 plans, 9 s of 10).
PARALLEL_FROM = 24


def _read_lean(path: Path, shape: str | None) -> tuple[ImportResult | None, FileReport]:
    """`_read` in a worker: without the tables looked at (the report already holds what it needs
    of them), which were 40 % of what each file sent back to be unpickled."""
    result, report = _read(path, shape)
    if result is not None:
        result.tables = []
    return result, report


def _read_all(files: list[Path], shape: str | None) -> Iterator[tuple[ImportResult | None, FileReport]]:
    workers = os.cpu_count() or 1
    if len(files) < PARALLEL_FROM or workers < 2:
        return (_read(path, shape) for path in files)
    from concurrent.futures import ProcessPoolExecutor

    # Results come back in file order, so the report and the import stay as a serial read makes them.
    pool = ProcessPoolExecutor(max_workers=workers)
    chunk = max(1, min(32, len(files) // (workers * 4)))
    try:
        return iter(list(pool.map(_read_lean, files, [shape] * len(files), chunksize=chunk)))
    finally:
        pool.shutdown()


def _ids_by_plan(tx: Transaction) -> dict[str, list[str]]:
    """The live cards of each plan before this import, read once (one scan per file made imports n²)."""
    by_plan: dict[str, list[str]] = {}
    for card_id in tx.card_ids():
        card: Card = tx.card(card_id)
        # A card added by hand was never in the plan file: it is not "no longer in the plan".
        if not card.archived and card.source.get("file"):
            by_plan.setdefault(card.plan, []).append(card_id)
    return by_plan


def _merge(tx: Transaction, result: ImportResult, report: FileReport, existing: dict[str, list[str]]) -> None:
    current_plan = tx.plan(result.plan.key)
    if current_plan is None or current_plan.to_dict() != result.plan.to_dict():
        tx.put_plan(result.plan)     # an unchanged re-import then writes nothing at all
    fresh = {card.id for card in result.cards}
    for card in result.cards:
        if not tx.has_card(card.id):
            card.updated_at = tx.now
            tx.put_card(card)
            tx.record(card.id, "create", note=f"imported from {result.file}")
            report.new.append(card.id)
            continue
        current = tx.card(card.id)
        changes, kept = {}, []
        for name in IMPORTED_FIELDS:
            new_value = getattr(card, name)
            if getattr(current, name) == new_value:
                continue
            if name in current.edited:
                kept.append(name)
            else:
                changes[name] = new_value
        if kept:
            report.kept_edited[card.id] = kept
        quiet = any(getattr(current, name) != getattr(card, name) for name in _QUIET_FIELDS)
        if changes:
            tx.edit(card.id, changes, kind="import", by_hand=False)
            if quiet:
                # tx.edit stores only the fields it changed: the refreshed source goes in whole.
                for name in _QUIET_FIELDS:
                    setattr(current, name, getattr(card, name))
                tx.put_card(current)
            report.updated[card.id] = list(changes)
        else:
            if quiet:
                for name in _QUIET_FIELDS:
                    setattr(current, name, getattr(card, name))
                tx.put_card(current)
            report.unchanged.append(card.id)
    report.removed = [card_id for card_id in existing.get(result.plan.key, ()) if card_id not in fresh]
