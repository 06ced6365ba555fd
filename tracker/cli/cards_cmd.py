"""Read-only commands: list, show, agencies, plans."""

from __future__ import annotations

import click

from ..deadline_dates import describe
from ..card_view import select_docs
from ..i18n import localize, msg
from ..services import agency_counts, history, plan_counts, resolve_ids
from ..inert import printable
from .app import AppContext, say
from .words import cards_count, event_line, field_text, listed, sentences
from .options import complete_id, filter_options, filters_from_kwargs, format_option, today_from
from .output import dumps_json, emit, emit_cards, emit_one


@click.command("list")
@filter_options
@click.option("--archived", is_flag=True, help="Include archived cards.")
@format_option("table", "json", "jsonl", "csv")
@click.pass_obj
def list_cards(app: AppContext, fmt: str, archived: bool, **kwargs) -> None:
    """List the cards that match the filters.

    \b
    Examples:
      tracker list --agency "Sở Nội vụ" --status todo
      tracker list --quarter 2014Q1 --format json
      tracker list --overdue --today 2014-06-30 --format csv > overdue.csv
    """
    today = today_from(kwargs)
    filters = filters_from_kwargs(kwargs)
    if archived:
        from dataclasses import replace

        filters = replace(filters, include_archived=True)
    snapshot = app.store.load()
    # The stored records are what `list` prints (Card.to_dict of each): filtered as they are, no
    # Card built (at 100,000 cards building them was half of the command).
    cards = select_docs(snapshot.docs(archived=None), filters, today)
    if not cards:
        say(_nothing_message(snapshot, filters))
    emit_cards(cards, fmt)
    if fmt == "table" and cards:
        say(msg("{cards} ({filters}).", cards=cards_count(len(cards)), filters=filters.describe()))


def _nothing_message(snapshot, filters):
    from ..services import unknown_filter_words

    if not snapshot.card_ids():
        return msg("The database has no cards yet. Import plans with: tracker import plans/")
    typos = unknown_filter_words(snapshot, filters)
    return sentences([msg("No card matches {filters}.", filters=filters.describe()),
                      *(item.message() for item in typos)])


SHOW_FIELDS = [
    ("id", "ID"), ("plan", "Plan"), ("number", "Number"), ("section", "Section"), ("status", "Status"),
    ("content", "Content"), ("lead", "Lead"), ("support", "Support"), ("notes", "Notes"),
    ("time_text", "Time"), ("deadline_text", "Deadline"), ("note", "Note"), ("source_text", "Source"),
    ("updated_at", "Updated"), ("archived", "Archived"), ("edited", "Edited by hand"),
    ("shared_calendar", "Shared calendar"),
]


@click.command()
@click.argument("card_id", metavar="ID", shell_complete=complete_id)
@format_option("table", "json")
@click.pass_obj
def show(app: AppContext, card_id: str, fmt: str) -> None:
    """Show one card with its history (an unambiguous id prefix is enough).

    \b
    Example:
      tracker show nam-dinh-55-2013.13
    """
    snapshot = app.store.load()
    (card_id,) = resolve_ids(snapshot.card_ids(), [card_id])
    card = snapshot.card(card_id)
    from ..calendar.shared import describe_removed, removed_from_calendars

    row = card.to_dict()
    row["removed_from_calendars"] = removed_from_calendars(snapshot.sync_state, card_id)
    row["history"] = [event for change_set in reversed(history(snapshot, card_id)) for event in change_set["events"]]
    if fmt == "json":
        emit_one(row, fmt, [])
        return
    row["deadline_text"] = f"{describe(card.deadline, app.lang)} [{localize(card.deadline.kind)}]"
    if card.source.get("file"):
        row["source_text"] = f"{card.source['file']}:{card.source.get('line', '')}"
    else:
        added_by = card.source.get("added_by")
        row["source_text"] = msg("added by hand by {by}", by=added_by) if added_by else msg("added by hand")
    # English names the word --to takes beside the label; Vietnamese labels are typed as they are.
    row["status"] = f"{card.status.value} ({card.status.label('en')})" if app.lang == "en" else card.status.label(app.lang)
    row["edited"] = listed(field_text(name) for name in card.edited) if card.edited else None
    row["shared_calendar"] = describe_removed(snapshot.sync_state, card_id, app.lang)
    extras = [(f"extra:{title}", title) for title in card.extras]
    row.update({f"extra:{title}": value for title, value in card.extras.items()})
    emit_one(row, fmt, [*SHOW_FIELDS[:9], *extras, *SHOW_FIELDS[9:]])
    if row["history"]:
        click.echo(localize("History:"))
        for event in row["history"]:
            if event.get("field") != "edited":   # bookkeeping for undo, not news for people
                click.echo(f"  {printable(localize(event_line(event, app.lang)))}")


AGENCY_COLUMNS = [("agency", "Agency", None), ("cards", "Cards", None), ("lead", "Lead", None),
                  ("support", "Support", None), ("collective", "Collective", None)]
PLAN_COLUMNS = [("key", "Plan", None), ("number", "Number", None), ("province", "Province", None),
                ("date", "Date", None), ("cards", "Cards", None), ("not-started", "Todo", None),
                ("in-progress", "Doing", None), ("done", "Done", None)]


@click.command()
@click.option("--lead-only", is_flag=True, help="Count only cards an agency leads.")
@format_option("table", "json", "jsonl", "csv")
@click.pass_obj
def agencies(app: AppContext, lead_only: bool, fmt: str) -> None:
    """Canonical agencies with how many cards they lead or support.

    \b
    Example:
      tracker agencies --format csv
    """
    from ..agencies import is_collective

    cards = app.store.load().active_cards()
    leads = dict(agency_counts(cards, lead_only=True))
    rows = [{"agency": name, "cards": count, "lead": leads.get(name, 0), "support": count - leads.get(name, 0),
             "collective": is_collective(name)}
            for name, count in agency_counts(cards, lead_only=lead_only)]
    if not rows:
        say(msg("No agencies yet: import plans with `tracker import plans/`."))
    emit(rows, fmt, AGENCY_COLUMNS)


@click.command()
@format_option("table", "json", "jsonl", "csv")
@click.pass_obj
def plans(app: AppContext, fmt: str) -> None:
    """Imported plans with their card counts per column.

    \b
    Example:
      tracker plans --format json
    """
    rows = plan_counts(app.store.load())
    if not rows:
        say(msg("No plans yet: import them with `tracker import plans/`."))
    emit(rows, fmt, PLAN_COLUMNS)


__all__ = ["list_cards", "show", "agencies", "plans", "dumps_json"]
