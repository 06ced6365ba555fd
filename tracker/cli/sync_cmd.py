"""`tracker sync URL`: two-way sync of the filtered cards with a CalDAV calendar (DESIGN §11)."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import click

from ..errors import UsageError
from ..i18n import localize, msg
from .app import AppContext, say
from .options import filter_options, filters_from_kwargs, format_option, today_from
from .output import dumps_json, emit

PASSWORD_ENV = "TRACKER_CALDAV_PASSWORD"
CONFLICT_COLUMNS = [
    ("id", "ID", None),
    ("fields", "Fields", lambda row: ", ".join(row.get("fields") or [])),
    ("local", "Here", lambda row: _side(row.get("local"), row.get("fields"))),
    ("server", "Server", lambda row: _side(row.get("server"), row.get("fields"))),
    ("at", "Found", None),
]


def _side(values: dict | None, fields: list[str] | None) -> str:
    values = values or {}
    return "; ".join(f"{name}={values.get(name)!r}" if name == "note" else str(values.get(name))
                     for name in fields or [])


CALENDAR_COLUMNS = [
    ("url", "URL", None),
    ("name", "Name", None),
    ("components", "Holds", lambda row: ", ".join(row.get("components") or [])),
    ("tasks", "Tasks", lambda row: bool(row.get("tasks"))),
]


def _password(password: str | None, password_file: Path | None, user: str | None = None) -> str | None:
    """The password from the file, the option or the environment; asked for (hidden) on a terminal."""
    secret = _given_password(password, password_file)
    if secret is None and user:
        if not (sys.stdin.isatty() and sys.stderr.isatty()):
            raise UsageError(msg("No password was given for the CalDAV user {user}.", user=user),
                             msg("Give it with --password-file FILE, the TRACKER_CALDAV_PASSWORD environment "
                                 "variable, or --password (sync asks for it only on a terminal)."))
        secret = click.prompt(localize(msg("Password for {user}", user=user)), hide_input=True, err=True, default="",
                              show_default=False)
    return secret


def _given_password(password: str | None, password_file: Path | None) -> str | None:
    if password is not None and password_file is not None:
        raise UsageError(msg("Give the password once: --password or --password-file, not both."))
    if password_file is not None:
        try:
            lines = password_file.read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise UsageError(msg("Cannot read the password file {path}: {reason}.", path=password_file,
                                 reason=exc.strerror),
                             msg("Check the path and its permissions.")) from None
        return lines[0] if lines else ""
    if password is not None:
        return password
    return os.environ.get(PASSWORD_ENV)


class _Progress:
    """'Pushed 250/1000…' on stderr, at most a few times a second, and always the last one."""

    def __init__(self) -> None:
        self.last = 0.0

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if done == total or now - self.last >= 0.5:
            self.last = now
            end = "\n" if done == total else "\r" if sys.stderr.isatty() else "\n"
            click.echo(localize(msg("Pushed {done}/{total}…", done=done, total=total)), err=True, nl=False)
            click.echo(end, err=True, nl=False)


@click.command()
@click.argument("url", required=False)
@click.option("--user", "-u", metavar="USER", help="User name on the CalDAV server.")
@click.option("--password-file", type=click.Path(dir_okay=False, path_type=Path),
              help="File whose first line is the password (safer than --password).")
@click.option("--password", metavar="PASSWORD", help=f"The password (or set {PASSWORD_ENV}); never printed.")
@filter_options
@click.option("--dry-run", is_flag=True, help="Show what would be pushed and pulled; change nothing.")
@click.option("--prefer", type=click.Choice(["local", "server"]),
              help="Settle conflicts: keep this side's value where both sides changed a card.")
@click.option("--conflicts", "show_conflicts", is_flag=True,
              help="List the conflicts the last sync with URL left (no network).")
@click.option("--restore-deleted", is_flag=True,
              help="Send again the filtered cards whose tasks were deleted on the server.")
@click.option("--list", "list_only", is_flag=True,
              help="List the calendars of the account at URL (a server, user or calendar address); sync nothing.")
@click.option("--ca-cert", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
              help="PEM certificate to trust for a self-signed office server (or set REQUESTS_CA_BUNDLE).")
@format_option("table", "json")
@click.pass_obj
def sync(app: AppContext, url: str | None, user: str | None, password_file: Path | None, password: str | None,
         dry_run: bool, prefer: str | None, show_conflicts: bool, restore_deleted: bool, list_only: bool,
         ca_cert: Path | None, fmt: str, **kwargs) -> None:
    """Two-way sync with a CalDAV calendar (Radicale, Nextcloud, Xandikos…): each card a task whose status is its column.

    The first sync pushes the filtered cards (creating the calendar if the URL names none yet);
    later syncs pull status, note and cancellation changes made on the server (phones,
    Thunderbird, other coordinators) and push local ones, keeping whatever else other apps set on
    a task. Done, in progress and cancelled are read in every form apps write them; an archived
    card is a cancelled task. A card whose status, note or archiving changed on both sides is a
    conflict: it is left alone and listed until --prefer settles it. A task deleted on the server
    is not sent again, by anyone, unless --restore-deleted asks.

    \b
    URL and user default to TRACKER_CALDAV_URL / TRACKER_CALDAV_USER or [caldav] in the config file.
    The password: --password-file FILE, the TRACKER_CALDAV_PASSWORD environment variable,
    --password, or typed (hidden) when sync runs on a terminal.

    \b
    Examples:
      tracker sync https://dav.example.org/so-noi-vu/tasks/ --user hoa --password-file ~/.caldav
      tracker sync https://dav.example.org/ --user hoa --list
      tracker sync URL --agency "so noi vu" --dry-run
      tracker sync URL --conflicts
      tracker sync URL --user hoa --prefer server
    """
    from ..calendar.sync import list_calendars, list_conflicts, sync_once   # caldav is imported only here

    url = url or app.text_setting("caldav.url")
    if not url:
        raise UsageError(msg("Which calendar? No URL was given and none is configured."),
                         msg("Give it: tracker sync https://dav.example.vn/user/tasks/ (or set TRACKER_CALDAV_URL, "
                             "or url under [caldav] in the config file)."))
    user = user or app.text_setting("caldav.user")
    filters = filters_from_kwargs(kwargs)
    today = today_from(kwargs)
    if not filters.is_empty():
        from ..services import check_filter_words

        check_filter_words(app.store.load(), filters)
    if show_conflicts:
        rows = list_conflicts(app.store, url)
        say(msg("{count} conflicts with {url}. Settle them with --prefer local|server.", count=len(rows), url=url)
            if rows else msg("{count} conflicts with {url}.", count=0, url=url))
        if rows or fmt == "json":
            emit(rows, fmt, CONFLICT_COLUMNS)
        return
    secret = _password(password, password_file, user)
    certificate = str(ca_cert) if ca_cert else None
    if list_only:
        rows = list_calendars(url, user, secret, ca_cert=certificate)
        tasks = sum(1 for row in rows if row["tasks"])
        say(msg("{count} calendars at {url}, {tasks} of them hold tasks: sync with one of their URLs.",
                count=len(rows), url=url, tasks=tasks))
        emit(rows, fmt, CALENDAR_COLUMNS)
        return
    report = sync_once(app.store, url, user, secret, filters, today, prefer=prefer, dry_run=dry_run,
                       progress=_Progress(), lang=app.lang, restore_deleted=restore_deleted, ca_cert=certificate)
    say(report.summary())
    if report.conflicts:
        say(msg("{count} cards changed on both sides were left as they are: see `tracker sync URL --conflicts`, "
                "then settle with --prefer local|server.", count=len(report.conflicts)))
    if report.held:
        shown = ", ".join(report.held[:5])      # ids, in every language
        if len(report.held) > 5:
            shown = f"{shown} …"
        say(msg("{count} cards changed here were deleted from the shared calendar and were not sent ({ids}): "
                "`tracker sync URL --restore-deleted` sends them again.", count=len(report.held), ids=shown))
    if fmt == "json":
        sys.stdout.write(dumps_json(report.to_dict()) + "\n")
