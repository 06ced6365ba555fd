"""Commands that change cards by hand: add, edit, archive, restore, progress."""

from __future__ import annotations

from datetime import date
from typing import Any

import click

from ..editing import (add_card, archive_cards, deadline_summary, edit_card, record_progress, restore_cards,
                       validate_edit, validate_new_card)
from ..i18n import localize, msg
from ..model import ChangeSet
from .app import AppContext, say
from .words import change_message
from .options import DATE, complete_agency, complete_id, complete_plan

by_option = click.option("--by", default="", metavar="NAME", help="Who made the change (kept in history).")
new_agency_option = click.option("--new-agency", is_flag=True,
                                 help="Accept agency names that are neither in the database nor in the known list.")


def _warn(warnings: list[str]) -> None:
    for warning in warnings:
        say(msg("Warning: {warning}", warning=warning))


def _done(app: AppContext, change_set: ChangeSet | None, nothing) -> None:
    if change_set is None:
        say(nothing)
    else:
        say(change_message(app.store.load(), change_set))


@click.command()
@click.option("--plan", "plan", required=True, metavar="KEY", shell_complete=complete_plan,
              help="The plan the task belongs to (key or unambiguous prefix; see `tracker plans`).")
@click.option("--content", required=True, metavar="TEXT", help="The task text.")
@click.option("--lead", multiple=True, required=True, metavar="AGENCY", shell_complete=complete_agency,
              help="Lead agency; repeat for several ('so noi vu' is enough for a known one).")
@click.option("--support", multiple=True, metavar="AGENCY", shell_complete=complete_agency,
              help="Coordinating agency; repeat for several.")
@click.option("--time", "time_text", required=True, metavar="TEXT",
              help="The time cell as a plan writes it: 'Quý IV/2014', 'Năm 2015', 'Thường xuyên'.")
@click.option("--section", default=None, metavar="TEXT", help="Section or group heading the task belongs under.")
@new_agency_option
@by_option
@click.pass_obj
def add(app: AppContext, plan: str, content: str, lead: tuple[str, ...], support: tuple[str, ...],
        time_text: str, section: str | None, new_agency: bool, by: str) -> None:
    """Add a task a plan gained after import; prints the new card id (<plan>.n1, <plan>.n2, …).

    The time text goes through the importer's deadline parser and the result is shown; text it
    does not understand is kept with deadline kind 'unknown' and a warning.

    \b
    Example:
      tracker add --plan nam-dinh-55-2013 --content "Thực hiện các công việc khác theo chỉ đạo" \\
          --lead "Sở Nội vụ" --support "Sở Tư pháp" --time "Quý IV/2014"
    """
    draft = validate_new_card(app.store.load(), plan=plan, content=content, lead=lead, support=support,
                              time_text=time_text, section=section, new_agency=new_agency)
    _warn(draft.warnings)
    say(msg("Deadline: {deadline}", deadline=deadline_summary(draft.deadline, draft.time_text, app.lang)))
    card = add_card(app.store, draft, by=by, via="cli")
    say(msg("Added {id} to {plan}. Undo with `tracker undo`.", id=card.id, plan=card.plan))
    click.echo(card.id)


@click.command()
@click.argument("card_id", metavar="ID", shell_complete=complete_id)
@click.option("--content", default=None, metavar="TEXT", help="New task text.")
@click.option("--lead", multiple=True, metavar="AGENCY", shell_complete=complete_agency,
              help="Replace the lead agencies; repeat for several.")
@click.option("--support", multiple=True, metavar="AGENCY", shell_complete=complete_agency,
              help="Replace the coordinating agencies; repeat for several.")
@click.option("--clear-support", is_flag=True, help="Remove every coordinating agency.")
@click.option("--time", "time_text", default=None, metavar="TEXT",
              help="New time text; the deadline is parsed again with the plan's period.")
@click.option("--note", default=None, metavar="TEXT", help="The card's free note ('' clears it).")
@click.option("--section", default=None, metavar="TEXT", help="Section heading ('' clears it).")
@new_agency_option
@by_option
@click.pass_obj
def edit(app: AppContext, card_id: str, content: str | None, lead: tuple[str, ...], support: tuple[str, ...],
         clear_support: bool, time_text: str | None, note: str | None, section: str | None, new_agency: bool,
         by: str) -> None:
    """Correct a card by hand; a re-import keeps the fields edited here.

    Every changed field is recorded in history (old and new value) and `tracker undo` reverts
    the whole edit. Archived cards must be restored first.

    \b
    Examples:
      tracker edit nam-dinh-55-2013.13 --time "Quý II/2015" --by "Sở Nội vụ"
      tracker edit nam-dinh-55-2013.13 --lead "Sở Tư pháp" --support "Sở Nội vụ" --support "Sở Tài chính"
    """
    if support and clear_support:
        raise click.UsageError(localize(msg("--support and --clear-support contradict each other; use one.")))
    changes: dict[str, Any] = {}
    for name, value in (("content", content), ("time_text", time_text), ("note", note), ("section", section)):
        if value is not None:
            changes[name] = value
    if lead:
        changes["lead"] = list(lead)
    if support or clear_support:
        changes["support"] = list(support)
    draft = validate_edit(app.store.load(), card_id, changes, new_agency=new_agency)
    _warn(draft.warnings)
    if draft.deadline is not None:
        say(msg("Deadline: {deadline}",
                deadline=deadline_summary(draft.deadline, draft.values["time_text"], app.lang)))
    change_set = edit_card(app.store, draft.card_id, changes, by=by, via="cli", new_agency=new_agency)
    _done(app, change_set, msg("Nothing changed: {id} already has those values.", id=draft.card_id))
    click.echo(draft.card_id)


@click.command()
@click.argument("ids", nargs=-1, required=True, metavar="ID...", shell_complete=complete_id)
@by_option
@click.pass_obj
def archive(app: AppContext, ids: tuple[str, ...], by: str) -> None:
    """Archive cancelled tasks: they leave the board, listings and calendar but keep their history.

    `tracker list --archived` still shows them; `tracker restore` brings them back.

    \b
    Example:
      tracker archive nam-dinh-55-2013.13 nam-dinh-55-2013.n1
    """
    change_set = archive_cards(app.store, ids, by=by, via="cli")
    _done(app, change_set, msg("Nothing changed: every card was already archived."))


@click.command()
@click.argument("ids", nargs=-1, required=True, metavar="ID...", shell_complete=complete_id)
@by_option
@click.pass_obj
def restore(app: AppContext, ids: tuple[str, ...], by: str) -> None:
    """Bring archived cards back to the board, in the column they were in.

    \b
    Example:
      tracker restore nam-dinh-55-2013.13
    """
    change_set = restore_cards(app.store, ids, by=by, via="cli")
    _done(app, change_set, msg("Nothing changed: none of these cards was archived."))


@click.command()
@click.argument("card_id", metavar="ID", shell_complete=complete_id)
@click.option("--note", required=True, metavar="TEXT", help="What the agency reported.")
@click.option("--by", default="", metavar="NAME", help="Who reported it (kept in history).")
@click.option("--date", "on", type=DATE, default=None,
              help="The day it was reported (default: today in Vietnam).")
@click.pass_obj
def progress(app: AppContext, card_id: str, note: str, by: str, on: date | None) -> None:
    """Record a progress report on a task: kept in history, shown by `tracker show`, used by reports.

    The card's column does not change; use `tracker move` for that.

    \b
    Example:
      tracker progress nam-dinh-55-2013.13 --note "Đã trình dự thảo lên UBND tỉnh" --by "Sở Tư pháp" --date 2014-05-20
    """
    event = record_progress(app.store, card_id, note, by=by, via="cli", on=on)
    values = {"id": event.card, "day": event.new, "set": event.change_set}
    if event.by:
        say(msg("Recorded progress on {id} from {by} ({day}) in change set {set}. Undo with `tracker undo`.",
                by=event.by, **values))
    else:
        say(msg("Recorded progress on {id} ({day}) in change set {set}. Undo with `tracker undo`.", **values))
