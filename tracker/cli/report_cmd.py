"""`tracker report` (the official monitoring report in any format) and `tracker remind` (the đôn đốc list)."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Any

import click

from .. import clock
from ..files import write_atomic
from ..errors import TrackerError, UsageError
from ..filters import apply_filters
from ..i18n import msg
from ..monitoring import DEFAULT_SOON, ROLES
from ..text import fold
from ..reports.formats import REMIND_RENDERERS, RENDERERS
from ..reports.model import GROUPINGS, cards_as_of, history_as_of, report_from_snapshot
from ..reports.remind import Reminders, build_reminders
from .app import AppContext, say
from .options import DATE, filter_options, filters_from_kwargs
from .output import emit
from .report_columns import REMIND_COLUMNS, REPORT_COLUMNS


def _cut_off(kwargs: dict[str, Any], as_of: date | None) -> date:
    """--as-of, or --today (the shared filter option) as its synonym; both must agree."""
    today = kwargs.pop("today", None)
    if as_of and today and as_of != today:
        raise UsageError(msg("--as-of {as_of} and --today {today} disagree.", as_of=as_of.isoformat(),
                             today=today.isoformat()),
                         msg("They mean the same cut-off date: give only one of them."))
    return as_of or today or clock.today()


def _write(path: Path, data: bytes) -> None:
    if path.is_dir():
        raise UsageError(msg("{path} is a folder.", path=path), msg("Give -o a file name, e.g. -o exports/report.xlsx"))
    try:
        # Atomic: a full disk keeps the old report, and a symlink at a predictable path is replaced,
        # not followed.
        write_atomic(path, data)
    except OSError as exc:
        raise TrackerError(msg("Cannot write the report to {path}: {reason}.", path=path, reason=exc.strerror or exc),
                           msg("Choose a writable place with -o, e.g. -o exports/report.docx")) from None


@click.command()
@filter_options
@click.option("--by", "by", type=click.Choice(GROUPINGS, case_sensitive=False), default="agency", show_default=True,
              help="One row per lead agency, per plan, or per quarter of the applicable due.")
@click.option("--role", type=click.Choice(ROLES, case_sensitive=False), default="lead", show_default=True,
              help="With --by agency: count a task under its lead agencies, its supporting ones, or both.")
@click.option("--as-of", "as_of", type=DATE, help="Cut-off date of the figures (default today; --today is the same).")
@click.option("--since", type=DATE, help="Also list the tasks completed from this date to the cut-off.")
@click.option("--soon", type=click.IntRange(min=0), default=DEFAULT_SOON, show_default=True,
              help="Days ahead that count as 'due soon'.")
@click.option("--format", "fmt", type=click.Choice(list(RENDERERS)), default="table",
              show_default=True, help="table for people; json/csv for scripts; md/html/xlsx/docx documents.")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write to this file instead of stdout.")
@click.pass_obj
def report(app: AppContext, by: str, role: str, as_of: date | None, since: date | None, soon: int, fmt: str,
           output: Path | None, **kwargs) -> None:
    """Progress report in the official monitoring form (QĐ 42/2014/QĐ-TTg) as of a cut-off date.

    Buckets: done on time / late, in progress on time, due soon, not started and not due,
    overdue (in progress or not started), no deadline; completion rates over the tasks due by
    the cut-off (the Government Office's rate) and over all tasks.

    \b
    Examples:
      tracker report --as-of 2014-06-30
      tracker report --plan nam-dinh --by quarter --format json
      tracker report --as-of 2014-06-30 --since 2014-04-01 --format docx -o bao-cao-quy-II.docx
      tracker --lang en report --format html -o report.html
    """
    cut_off = _cut_off(kwargs, as_of)
    filters = filters_from_kwargs(kwargs)
    snapshot = app.store.load()
    result = report_from_snapshot(snapshot, filters, as_of=cut_off, by=by.lower(), role=role.lower(),
                                  since=since, soon=soon, lang=app.lang)
    if not result.total.total:
        say(msg("The database has no cards yet. Import plans with: tracker import plans/") if not snapshot.cards
            else msg("No card matches {filters}.", filters=filters.describe()))
    renderer = RENDERERS[fmt]
    if output is not None and not renderer.to_file:
        raise UsageError(msg("A table is for the terminal."),
                         msg("To write a file choose --format csv, md, html, xlsx or docx."))
    if renderer.rows is not None:
        emit(renderer.rows(result), renderer.name, REPORT_COLUMNS[renderer.name](result))
        if renderer.people:
            say(result.summary())
        return
    assert renderer.render is not None   # a Renderer has render or rows (Renderer.__post_init__)
    document = renderer.render(result)
    if output is None and renderer.stdout:
        assert isinstance(document, str)   # only binary formats render bytes, and they are not for stdout
        sys.stdout.write(document)
        return
    path = output or Path("exports") / f"report-{cut_off.isoformat()}.{renderer.suffix}"
    _write(path, document.encode("utf-8") if isinstance(document, str) else document)
    if renderer.binary:
        say(msg("Wrote the report ({count} tasks, as of {day}) to {path}.", count=result.total.total,
                day=cut_off.isoformat(), path=path))
    else:
        say(msg("Wrote the report to {path}.", path=path))


@click.command()
@filter_options
@click.option("--within", type=click.IntRange(min=0), default=DEFAULT_SOON, show_default=True,
              help="Days ahead that count as due soon.")
@click.option("--as-of", "as_of", type=DATE, help="Cut-off date (default today; --today is the same).")
@click.option("--format", "fmt", type=click.Choice(list(REMIND_RENDERERS)), default="table", show_default=True,
              help="table for people, json for scripts, md to paste into an e-mail.")
@click.pass_obj
def remind(app: AppContext, within: int, as_of: date | None, fmt: str, **kwargs) -> None:
    """The đôn đốc list: tasks overdue or due soon, grouped by lead agency.

    \b
    Examples:
      tracker remind --as-of 2014-06-30
      tracker remind --agency "so noi vu" --within 30 --format md > don-doc.md
    """
    cut_off = _cut_off(kwargs, as_of)
    filters = filters_from_kwargs(kwargs)
    snapshot = app.store.load()
    history = history_as_of(snapshot, cut_off)
    cards = apply_filters(cards_as_of(snapshot, history), filters, cut_off)
    groups = build_reminders(cards, history.done_dates, history.notes, as_of=cut_off, within=within, lang=app.lang)
    if filters.agency and filters.lead_only:
        # the cards it leads may have co-leads; the list for that agency shows only its own group
        wanted = [fold(name) for name in filters.agency_names()]
        groups = [group for group in groups if any(name in fold(group["agency"]) for name in wanted)]
    renderer = REMIND_RENDERERS[fmt]
    reminders = Reminders(groups, as_of=cut_off, within=within, lang=app.lang)
    if renderer.rows is not None:
        emit(renderer.rows(reminders), renderer.name, REMIND_COLUMNS[renderer.name](reminders))
    else:
        assert renderer.render is not None   # a Renderer has render or rows (Renderer.__post_init__)
        document = renderer.render(reminders)
        assert isinstance(document, str)     # the đôn đốc formats are all text
        sys.stdout.write(document)
    if renderer.people or not groups:
        overdue = sum(g["overdue"] for g in groups)
        say(msg("{agencies} agencies to chase: {overdue} overdue and {soon} due within {days} days, as of {day}.",
                agencies=len(groups), overdue=overdue, soon=sum(g["due-soon"] for g in groups), days=within,
                day=cut_off.isoformat()))
