"""`tracker export ics`: card deadlines to an .ics file, to stdout, or one file per agency."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import TrackerError, UsageError
from ..filters import apply_filters
from ..calendar.ics import (KINDS, build_calendar, count_components, default_export_path, default_name,
                    export_per_agency, write_calendar)
from ..i18n import msg
from .app import AppContext, say
from .options import filter_options, filters_from_kwargs, today_from


def _calendars(count: int):
    return msg("1 calendar") if count == 1 else msg("{count} calendars", count=count)


def _events(count: int):
    return msg("1 event") if count == 1 else msg("{count} events", count=count)


def _todos(count: int):
    return msg("1 to-do") if count == 1 else msg("{count} to-dos", count=count)


def _unwritable(path: Path, exc: OSError) -> TrackerError:
    return TrackerError(msg("Cannot write {path}: {reason}.", path=path, reason=exc.strerror or exc),
                        msg("Choose another place (-o FILE or --per-agency DIR) or make the folder writable."))


@click.group("export")
def export_group() -> None:
    """Export deadlines for other programs (calendar apps)."""


@export_group.command("ics")
@filter_options
@click.option("-o", "--output", metavar="FILE",
              help="File to write (default: exports/tracker.ics, or exports/<agency>.ics when filtered); "
                   "'-' writes the calendar to stdout.")
@click.option("--per-agency", "per_agency", metavar="DIR", type=click.Path(file_okay=False, path_type=Path),
              help="Write one calendar per agency (lead or support) into DIR, plus index.json and index.txt.")
@click.option("--kind", type=click.Choice(KINDS), default="events", show_default=True,
              help="events for Google/Outlook/Apple Calendar, todos for task apps, both for Thunderbird. "
                   "Tasks without a date are always written as to-dos.")
@click.option("--alarm", "alarm", metavar="DAYS", type=click.IntRange(0, 3650),
              help="Add a reminder at 09:00 this many days before each deadline (subscriptions may drop it).")
@click.option("--name", metavar="NAME", help="Calendar name shown in the calendar app.")
@click.pass_obj
def export_ics(app: AppContext, output: str | None, per_agency: Path | None, kind: str, alarm: int | None,
               name: str | None, **kwargs) -> None:
    """Write the deadlines of the matching cards as an iCalendar (.ics) file.

    Each dated deadline is an all-day event; re-exporting after changes updates the same events
    in a calendar app instead of duplicating them. Archived cards are never exported.

    \b
    Examples:
      tracker export ics                                  all cards to exports/tracker.ics
      tracker export ics --agency "so noi vu" --alarm 14  exports/so-noi-vu.ics with reminders
      tracker export ics --per-agency exports/agencies    one file per agency
      tracker export ics --kind both -o - > tracker.ics
    """
    if output and per_agency:
        raise UsageError(msg("-o and --per-agency cannot be used together."),
                         msg("Use -o FILE for one calendar or --per-agency DIR for one file per agency."))
    today = today_from(kwargs)          # only the date filters (--overdue, --quarter) use it, never the output
    filters = filters_from_kwargs(kwargs)
    snapshot = app.store.load()
    if not snapshot.cards:
        raise TrackerError(msg("The database has no cards yet, so there is nothing to export."),
                           msg("Import plans first: tracker import plans/"))
    cards = apply_filters(snapshot.active_cards(), filters, today)
    if not cards:
        say(msg("No card matches {filters}; the calendar will be empty.", filters=filters.describe()))
    title = name or (f"{default_name(app.lang)} – {filters.agency_text()}" if filters.agency else None)

    if per_agency is not None:
        try:
            written = export_per_agency(cards, snapshot.plans, per_agency, lead_only=filters.lead_only,
                                        agency_filter=filters.agency_names() or None, name=name, kind=kind,
                                        alarm_days=alarm, lang=app.lang)
        except OSError as exc:
            raise _unwritable(per_agency, exc) from None
        events = sum(count for _, _, count in written)
        say(msg("Wrote {calendars} ({events}) to {folder}; the list is in {index}.", calendars=_calendars(len(written)),
                events=_events(events), folder=per_agency, index=per_agency / "index.txt"))
        return

    data = build_calendar(cards, snapshot.plans, name=title, kind=kind, alarm_days=alarm, lang=app.lang)
    events, todos = count_components(data)
    if output == "-":
        click.echo(data, nl=False)          # bytes go to the binary stdout: CRLF survives on Windows
        say(msg("Wrote {events} and {todos} to stdout.", events=_events(events), todos=_todos(todos)))
        return
    path = Path(output) if output else default_export_path(filters)
    try:
        write_calendar(path, data)
    except OSError as exc:
        raise _unwritable(path, exc) from None
    say(msg("Wrote {events} and {todos} to {path}", events=_events(events), todos=_todos(todos), path=path))
