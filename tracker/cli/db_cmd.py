"""`tracker db`: check a database whole, archive old history (compact)."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import StoreCorrupt
from ..i18n import msg
from ..store_maintenance import check, compact
from .app import AppContext, say
from .options import DATE, format_option
from .output import dumps_json


@click.group("db")
def db_group() -> None:
    """Look after the database: check every file, archive old history."""


@db_group.command("check")
@format_option("table", "json")
@click.pass_obj
def db_check(app: AppContext, fmt: str) -> None:
    """Read every file of the database and say whether it is whole (exit 5 if not).

    Checks the head, each plan's card file against the card ids the head lists, and the history
    journal (ids in order, as long as the head says). Files a crash left behind are listed; the
    next change or `tracker db compact` removes them.

    \b
    Examples:
      tracker db check
      tracker db check --format json
    """
    report = check(app.store)
    if fmt == "json":
        click.echo(dumps_json(report.to_dict()))
    else:
        say(msg("{cards} cards of {plans} plans in {files} card files; {sets} change sets with {events} events in "
                "the journal ({size} bytes).", cards=report.cards, plans=report.plans, files=report.card_files,
                sets=report.change_sets, events=report.events, size=report.journal_bytes))
        if report.uncommitted_bytes:
            say(msg("The journal ends with {size} bytes a crashed change left; the next change cuts them off.",
                    size=report.uncommitted_bytes))
        for name in report.stray:
            say(msg("Left over (no head names it; `tracker db compact` removes it): {name}", name=name))
    if report.problems:
        for problem in report.problems:
            say(msg("Damaged: {problem}", problem=problem))
        raise StoreCorrupt(msg("The database {path} is damaged: {count} problems found.", path=app.store.path,
                               count=len(report.problems)),
                           msg("Restore the database and its folder {folder} from a backup, or import the plans "
                               "again into a new database.", folder=app.store.folder))
    if fmt != "json":
        say(msg("The database is whole."))


@db_group.command("compact")
@click.option("--before", type=DATE, metavar="DATE",
              help="Archive the change sets recorded before this day (they can no longer be undone).")
@click.option("--archive", type=click.Path(dir_okay=False, path_type=Path),
              help="The archive file (default: <db>-history-before-<DATE>.jsonl beside the database; "
                   "appended to if it exists).")
@format_option("table", "json")
@click.pass_obj
def db_compact(app: AppContext, before, archive: Path | None, fmt: str) -> None:
    """Archive old history and remove files no longer needed.

    With --before, the change sets recorded before that day move to an archive file (JSON lines,
    the journal's own format) and the journal keeps the rest; `history`, `show` and `undo` then
    see only what is kept, and reports reach back only as far. Without it, only files a crash
    left behind are removed. Recent status changes kept in the overlay are written into their
    plans' card files, and the agency index is rebuilt from them; the cards themselves do not change.

    \b
    Examples:
      tracker db compact --before 2025-01-01
      tracker db compact
    """
    report = compact(app.store, before, archive)
    if fmt == "json":
        click.echo(dumps_json(report.to_dict()))
        return
    if report.archived_change_sets:
        say(msg("Archived {sets} change sets ({events} events) to {archive}; the journal kept {kept} "
                "({before} → {after} bytes).", sets=report.archived_change_sets, events=report.archived_events,
                archive=report.archive, kept=report.kept_change_sets, before=report.journal_bytes_before,
                after=report.journal_bytes_after))
    elif before is not None:
        say(msg("No change set was recorded before {day}; the journal is as it was.", day=before.isoformat()))
    if report.folded_changes:
        say(msg("Wrote {count} recent status changes into their card files.", count=report.folded_changes))
    say(msg("Removed {count} files no longer needed.", count=report.files_removed))
