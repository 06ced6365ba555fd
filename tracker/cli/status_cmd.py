"""Commands that change statuses: move, bulk, apply, undo; and history to see what changed."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..i18n import localize, msg
from ..inert import printable
from ..model import ChangeSet, parse_status
from ..services import apply_rows, bulk_move, check_filter_words, history as history_rows, move_cards, resolve_ids, undo_last
from .app import AppContext, say
from .options import DATE, complete_id, complete_status, filter_options, filters_from_kwargs, format_option, today_from
from .output import RecordsOf, emit, emit_cards
from .words import action_text, cards_count, change_message, change_set_row, event_line, status_text, summary_of, via_text

CONFIRM_ABOVE = 20
TABLE_LIMIT = 20     # a change's table shows the first cards; scripts get every card with --format json
CHANGE_SET_KEYS = ("id", "at", "action", "by", "via", "cards", "summary", "undone_by")
CHANGE_SET_COLUMNS = [("id", "Set", None), ("at", "At", None),
                      ("action", "Action", lambda row: action_text(row.get("action"))), ("by", "By", None),
                      ("via", "Via", lambda row: via_text(row.get("via"))), ("cards", "Cards", None),
                      ("summary", "Summary", summary_of), ("undone_by", "Undone by", None)]
# Scripts get the change sets as recorded: machine words and the stored summary.
CHANGE_SET_CSV_COLUMNS = [(key, key, None) for key in CHANGE_SET_KEYS]
to_option = click.option("--to", "to", required=True, metavar="STATUS", shell_complete=complete_status,
                         help="todo/doing/done, not-started/in-progress/done, or Vietnamese words.")
by_option = click.option("--by", default="", metavar="NAME", help="Who made the change (kept in history).")


def _report(app: AppContext, change_set: ChangeSet | None, nothing, detail=None) -> None:
    if change_set is None:
        say(nothing)
    else:
        say(change_message(app.store.load(), change_set, detail))


def _read_stdin_ids() -> list[str]:
    if sys.stdin is None or sys.stdin.isatty():
        raise click.UsageError(localize(msg("`-` reads ids from standard input, but nothing is piped in.")))
    return sys.stdin.read().split()


on_option = click.option("--on", "on", type=DATE, metavar="DATE",
                         help="The day it really happened (a completion recorded late counts then), e.g. 2014-06-20.")


@click.command()
@click.argument("ids", nargs=-1, required=True, metavar="ID...", shell_complete=complete_id)
@to_option
@click.option("--note", default="", help="A note kept on the card and in history.")
@on_option
@by_option
@format_option("table", "json", "jsonl", "csv")
@click.pass_obj
def move(app: AppContext, ids: tuple[str, ...], to: str, note: str, on, by: str, fmt: str) -> None:
    """Move cards to a column. `-` reads ids from standard input.

    Ids may be unambiguous prefixes. An unknown or ambiguous id changes nothing (exit 3).

    \b
    Examples:
      tracker move nam-dinh-55-2013.13 --to done --note "QĐ 123 đã ban hành"
      tracker move nam-dinh-55-2013.13 --to done --on 2014-06-20
      tracker list --agency "Sở Tư pháp" --format jsonl | jq -r .id | tracker move - --to done
    """
    tokens = [token for item in ids for token in (_read_stdin_ids() if item == "-" else [item])]
    if not tokens:
        raise click.UsageError(localize(msg("No ids were given (standard input was empty).")))
    change_set = move_cards(app.store, tokens, to, note=note, by=by, via="cli", on=on)
    _report(app, change_set, msg("Nothing changed: every card was already in that column."))
    snapshot = app.store.load()
    moved = [snapshot.doc(card_id) for card_id in resolve_ids(snapshot.card_ids(), tokens)]
    emit_cards(moved, fmt, table_limit=TABLE_LIMIT)


@click.command()
@filter_options
@to_option
@click.option("--dry-run", is_flag=True, help="List what would change; change nothing.")
@click.option("--yes", "-y", is_flag=True, help=f"Do not ask before changing more than {CONFIRM_ABOVE} cards.")
@on_option
@by_option
@format_option("table", "json", "jsonl", "csv")
@click.pass_obj
def bulk(app: AppContext, to: str, dry_run: bool, yes: bool, on, by: str, fmt: str, **kwargs) -> None:
    """Move every card that matches the filters, in one change set (one `undo` reverts it).

    \b
    Examples:
      tracker bulk --plan nam-dinh-55-2013 --quarter 2013Q4 --to doing --dry-run
      tracker bulk --agency "so tu phap" --lead-only --to done --yes
    """
    today = today_from(kwargs)
    filters = filters_from_kwargs(kwargs)
    if filters.is_empty() and not yes:
        raise click.UsageError(localize(msg("bulk without filters would move every card; add filters or --yes.")))
    check_filter_words(app.store.load(), filters)       # a typo is exit 3, not "no card to move"
    must_ask = not yes and sys.stdin is not None and sys.stdin.isatty()
    if dry_run or must_ask:
        would, _ = bulk_move(app.store, filters, to, today=today, dry_run=True)
        if dry_run or not would:
            say(msg("Would move {cards} ({filters}); nothing changed.", cards=cards_count(len(would)),
                    filters=filters.describe()) if would
                else msg("No card to move ({filters}).", filters=filters.describe()))
            emit_cards(RecordsOf(app.store.load(), would), fmt, table_limit=TABLE_LIMIT)
            return
        if len(would) > CONFIRM_ABOVE:
            click.confirm(localize(msg("Move {count} cards to {status}?", count=len(would),
                                       status=status_text(parse_status(to)))), abort=True, err=True)
    moved, change_set = bulk_move(app.store, filters, to, today=today, by=by, via="cli", on=on)
    _report(app, change_set, msg("No card to move ({filters}).", filters=filters.describe()),
            detail=filters.describe())
    # The records as written, read only for the rows shown: a table of 4,949 moved cards shows
    # 20, and reading the others' card files was most of a national bulk's time.
    emit_cards(RecordsOf(app.store.load(), moved), fmt, table_limit=TABLE_LIMIT)


@click.command()
@click.argument("source", metavar="FILE|-", type=click.Path(allow_dash=True, dir_okay=False, path_type=Path))
@by_option
@click.pass_obj
def apply(app: AppContext, source: Path, by: str) -> None:
    """Apply status updates from a CSV (id,status[,note][,by][,date]) or JSON lines file: all rows or none.

    The CSV's first line is its header: id and status, optionally note, by (who reported it) and
    date (the day it happened). Commas, semicolons (Excel in a Vietnamese locale) and tabs are all
    read, with or without a BOM; JSON lines use the same names as keys.

    \b
    Examples:
      tracker apply updates.csv
      printf '{"id": "nam-dinh-55-2013.1", "status": "done"}\\n' | tracker apply -
    """
    from ..apply_file import read_rows

    name: str
    if str(source) == "-":
        data, name = sys.stdin.buffer.read(), msg("standard input")
    else:
        try:
            data, name = source.read_bytes(), str(source)
        except FileNotFoundError:
            raise click.BadParameter(localize(msg("{path} does not exist.", path=source)), param_hint="FILE") from None
    rows, notices = read_rows(data, name)
    for notice in notices:
        say(notice)
    if not rows:
        say(msg("{name} has no rows; nothing changed.", name=name))
        return
    change_set = apply_rows(app.store, rows, by=by, via="cli")
    _report(app, change_set, msg("All {count} rows were already true; nothing changed.", count=len(rows)),
            detail=msg("from {count} rows", count=len(rows)))


@click.command()
@click.option("--by", default="", metavar="NAME", help="Who undoes (kept in history).")
@click.pass_obj
def undo(app: AppContext, by: str) -> None:
    """Revert the last change set whole (a 5,000-card bulk change in one step).

    \b
    Example:
      tracker undo
    """
    reverted = undo_last(app.store, by=by, via="cli")
    row = change_set_row(app.store.load(), reverted)
    say(msg("Undid change set {id} from {at} ({action}, {cards}): {summary}", id=reverted.id, at=reverted.at,
            action=action_text(reverted.action), cards=cards_count(reverted.cards), summary=summary_of(row)))


@click.command()
@click.argument("card_id", required=False, metavar="[ID]", shell_complete=complete_id)
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True, help="How many change sets.")
@format_option("table", "json", "jsonl", "csv")
@click.pass_obj
def history(app: AppContext, card_id: str | None, limit: int, fmt: str) -> None:
    """Change sets, newest first, with their events; with an ID only that card's.

    \b
    Examples:
      tracker history
      tracker history nam-dinh-55-2013.13 --format json
    """
    snapshot = app.store.load()
    if card_id:
        (card_id,) = resolve_ids(snapshot.card_ids(), [card_id])
    rows = history_rows(snapshot, card_id, limit)
    if not rows:
        say(msg("No history yet."))
    if fmt == "table":
        emit(rows, fmt, CHANGE_SET_COLUMNS)
        if card_id:
            for row in rows:
                for event in row["events"]:
                    if event.get("field") != "edited":   # bookkeeping for undo, not news for people
                        click.echo(f"  #{row['id']} {printable(localize(event_line(event, app.lang)))}")
    else:
        emit(rows, fmt, CHANGE_SET_CSV_COLUMNS if fmt == "csv" else CHANGE_SET_COLUMNS)
