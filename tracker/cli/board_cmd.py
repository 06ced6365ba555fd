"""`tracker board` and what plain `tracker` does: open the Kanban board (importing ./plans/ first if new)."""

from __future__ import annotations

import sys
from datetime import date

import click

from ..errors import EXIT_FAILURE
from ..i18n import msg
from .app import AppContext, bundled_plans, say
from .options import DATE, complete_agency, complete_plan


def _launch(app: AppContext, *, today: date | None = None, agency: str | None = None, plan: str | None = None,
            on: date | None = None, view_only: bool = False) -> None:
    app.store.load()   # a corrupt or newer database is reported here, before the screen switches
    from ..tui.app import run_board   # textual is imported only for the board

    code = run_board(app.db, lang=app.lang, today=today, agency=agency, plan=plan, store=app.store, on=on,
                     view_only=view_only)
    if code:
        sys.exit(code)


def open_default_board(app: AppContext) -> None:
    """No command: on a new workspace import ./plans/ and say so; then open the board."""
    if not app.db.exists():
        plans = bundled_plans()
        if plans:
            from .import_run import run_import

            say(msg("No database at {db}: importing the {count} plans in ./plans/ first.", db=app.db, count=len(plans)))
            run_import(app, plans)
        else:
            say(msg("No database at {db} and no plans in ./plans/. Import a plan with: tracker import PATH", db=app.db))
            sys.exit(EXIT_FAILURE)
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        # Not a terminal (a pipe, CI): the board cannot draw, so print the cards instead.
        from .output import emit_cards

        say(msg("Not a terminal: listing the cards instead of opening the board."))
        emit_cards(app.store.load().active_cards(), "table")
        return
    _launch(app)


@click.command()
@click.option("--agency", metavar="TEXT", shell_complete=complete_agency, help="Start filtered on this agency.")
@click.option("--plan", metavar="KEY", shell_complete=complete_plan, help="Start filtered on this plan.")
@click.option("--today", type=DATE, help="Treat this date as today (for overdue marks).")
@click.option("--on", "on", type=DATE, metavar="DATE",
              help="Record every move made on the board as done that day (a late catch-up), e.g. 2014-06-20.")
@click.option("--read-only", "view_only", is_flag=True,
              help="A board to look at: moves, edits, notes, undo and sync are refused (tracker serve --read-only).")
@click.pass_obj
def board(app: AppContext, agency: str | None, plan: str | None, today: date | None, on: date | None,
          view_only: bool) -> None:
    """Open the Kanban board in the terminal (press ? inside for every key).

    \b
    Examples:
      tracker board --agency "Sở Nội vụ"
      tracker board --on 2014-06-20      # moves count as made on 20/06/2014
    """
    if on is not None:
        from .. import clock
        from ..services import checked_day

        # Refused before the screen switches: a day after today (the real one, or --today when
        # that is earlier) cannot be the day work was done.
        real = clock.today()
        checked_day(on, min(real, today) if today else real)
    if agency or plan:
        from ..filters import Filters
        from ..services import check_filter_words

        check_filter_words(app.store.load(), Filters(agency=agency, plan=plan))   # before the screen switches
    _launch(app, today=today, agency=agency, plan=plan, on=on, view_only=view_only)
