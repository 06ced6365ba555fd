"""Options shared by many commands: the card filters, --today, --format, and shell completion."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Any
from collections.abc import Callable

import click

from .. import clock
from ..errors import TrackerError
from ..filters import Filters, parse_quarter
from ..i18n import localize, msg
from ..model import ACCEPTED_STATUS_WORDS, parse_status


class DateParam(click.ParamType):
    """A day: 2014-06-30, 30/06/2014 as Vietnamese documents write it, or relative to today
    (today, yesterday, eom, eoq, eoy, +14d, -2w, +1m; clock.parse_day)."""

    name = "DATE"

    def convert(self, value: Any, param, ctx) -> date:
        if isinstance(value, date):
            return value
        try:
            return clock.parse_day(str(value))
        except ValueError:
            pass
        self.fail(localize(msg("{value!r} is not a date; write it as YYYY-MM-DD (2014-06-30), DD/MM/YYYY, or "
                               "today, yesterday, eom, eoq, eoy, +14d, -2w.", value=str(value))), param, ctx)


DATE = DateParam()


def _db_path(ctx: click.Context) -> Path:
    root = ctx.find_root()
    db = root.params.get("db") if root.params else None
    return Path(db or os.environ.get("TRACKER_DB") or "tracker.json")


def _snapshot_for_completion(ctx: click.Context):
    from ..store import Store

    path = _db_path(ctx)
    if not path.exists():
        return None
    try:
        return Store(path).load()
    except Exception:  # completion must never print errors into the user's shell
        return None


def complete_status(ctx, param, incomplete: str) -> list[str]:
    return [word for word in ACCEPTED_STATUS_WORDS if word.startswith(incomplete)]


def complete_agency(ctx, param, incomplete: str) -> list[str]:
    from ..services import agency_counts
    from ..text import fold

    snapshot = _snapshot_for_completion(ctx)
    if snapshot is None:
        return []
    wanted = fold(incomplete)
    return [name for name, _ in agency_counts(snapshot.active_cards()) if wanted in fold(name)]


def complete_id(ctx, param, incomplete: str) -> list[str]:
    snapshot = _snapshot_for_completion(ctx)
    if snapshot is None:
        return []
    return [card_id for card_id in snapshot.cards if card_id.startswith(incomplete)][:200]


def complete_plan(ctx, param, incomplete: str) -> list[str]:
    snapshot = _snapshot_for_completion(ctx)
    if snapshot is None:
        return []
    return [key for key in snapshot.plans if key.startswith(incomplete)]


def said(exc: Exception) -> str:
    """An error's message and hint in the run's language, for click's own errors (which take a str)."""
    if isinstance(exc, TrackerError):
        if exc.hint:
            return localize(msg("{message}\n{hint}", message=exc.message, hint=exc.hint))
        return localize(exc.message)
    return localize(str(exc))


def _check_status(ctx, param, value):
    if not value:
        return None
    values = value if isinstance(value, tuple) else (value,)
    try:
        statuses = tuple(dict.fromkeys(parse_status(item) for item in values))
    except Exception as exc:
        raise click.BadParameter(said(exc), ctx=ctx, param=param) from None
    return statuses[0] if len(statuses) == 1 else statuses


def _check_quarter(ctx, param, value):
    if value is None:
        return None
    try:
        year, quarter = parse_quarter(value)
    except Exception as exc:
        raise click.BadParameter(said(exc), ctx=ctx, param=param) from None
    return f"{year}Q{quarter}"


FILTER_KEYS = ("agency", "lead_only", "plan", "status", "quarter", "due_before", "due_after", "overdue",
               "search")


def filter_options(command: Callable) -> Callable:
    """Add the shared FILTERS options of DESIGN §8 (and --today) to a command."""
    options = [
        click.option("--agency", metavar="TEXT", multiple=True, shell_complete=complete_agency,
                     help="Agency named as lead or support; case and diacritics ignored ('so noi vu'). "
                          "Repeat for any of several."),
        click.option("--lead-only", is_flag=True, help="With --agency: only cards it leads."),
        click.option("--plan", metavar="KEY", shell_complete=complete_plan, help="Plan key or its prefix."),
        click.option("--status", metavar="STATUS", multiple=True, callback=_check_status,
                     shell_complete=complete_status,
                     help="todo/doing/done or not-started/in-progress/done (Vietnamese words too). "
                          "Repeat for any of several."),
        click.option("--quarter", metavar="YYYYQN", callback=_check_quarter,
                     help="A deadline falls in that quarter, e.g. 2014Q1."),
        click.option("--due-before", type=DATE, help="Due on or before this date."),
        click.option("--due-after", type=DATE, help="Due on or after this date."),
        click.option("--overdue", is_flag=True, help="Past due and not done (relative to --today)."),
        click.option("--search", metavar="TEXT", help="Words in the content, agencies, time or note."),
        today_option,
    ]
    for option in reversed(options):
        command = option(command)
    return command


today_option = click.option("--today", type=DATE, help="Treat this date as today (default: the real date).")


def filters_from_kwargs(kwargs: dict[str, Any]) -> Filters:
    """Pop the filter options out of a command's kwargs into a Filters value."""
    values = {key: kwargs.pop(key, None) for key in FILTER_KEYS}
    values["lead_only"] = bool(values["lead_only"])
    agencies = tuple(dict.fromkeys(a for a in (values["agency"] or ()) if a and a.strip()))
    values["agency"] = (agencies[0] if len(agencies) == 1 else agencies) if agencies else None
    values["overdue"] = bool(values["overdue"])
    return Filters(**values)


def today_from(kwargs: dict[str, Any]) -> date:
    return kwargs.pop("today", None) or clock.today()


def format_option(*choices: str, default: str = "table") -> Callable:
    return click.option("--format", "fmt", type=click.Choice(list(choices)), default=default, show_default=True,
                         help="Output format: " + ", ".join(choices) + " (table for people, the others for scripts).")
