"""The click group, the shared context (database, language) and the one error boundary."""

from __future__ import annotations

import importlib
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .. import clock, i18n
from ..i18n import localize, msg
from ..config import Config, load_config
from ..errors import EXIT_FAILURE, TrackerError, UsageError
from ..inert import printable
from ..store import Store
from .words import where_from

if TYPE_CHECKING:
    from click.shell_completion import CompletionItem

DEFAULT_DB = "tracker.json"

# Every command: name -> ("module:function" in this package, the first paragraph of its help). A cold
# `tracker move` imports only status_cmd (not the importer, calendars or reports): the group loads a
# command's module when the command runs, and `tracker --help` and shell completion list the commands
# from the texts here. tests/test_cli_lazy.py checks each text against the command's own docstring.
COMMANDS: dict[str, tuple[str, str]] = {
    "add": ("edit_cmd:add",
            "Add a task a plan gained after import; prints the new card id (<plan>.n1, <plan>.n2, …)."),
    "agencies": ("cards_cmd:agencies", "Canonical agencies with how many cards they lead or support."),
    "apply": ("status_cmd:apply", "Apply status updates from a CSV (id,status[,note][,by][,date]) or JSON lines "
                                  "file: all rows or none."),
    "archive": ("edit_cmd:archive",
                "Archive cancelled tasks: they leave the board, listings and calendar but keep their history."),
    "board": ("board_cmd:board", "Open the Kanban board in the terminal (press ? inside for every key)."),
    "bulk": ("status_cmd:bulk",
             "Move every card that matches the filters, in one change set (one `undo` reverts it)."),
    "config": ("config_cmd:config_cmd",
               "Show the settings in force (database, language, time zone, CalDAV) and where each came from."),
    "db": ("db_cmd:db_group", "Look after the database: check every file, archive old history."),
    "edit": ("edit_cmd:edit", "Correct a card by hand; a re-import keeps the fields edited here."),
    "export": ("export_cmd:export_group", "Export deadlines for other programs (calendar apps)."),
    "history": ("status_cmd:history", "Change sets, newest first, with their events; with an ID only that card's."),
    "import": ("import_cmd:import_",
               "Import plan documents (.txt, .md, .html, .docx, .xlsx, .pdf) or folders of them."),
    "list": ("cards_cmd:list_cards", "List the cards that match the filters."),
    "move": ("status_cmd:move", "Move cards to a column. `-` reads ids from standard input."),
    "plans": ("cards_cmd:plans", "Imported plans with their card counts per column."),
    "progress": ("edit_cmd:progress", "Record a progress report on a task: kept in history, shown by "
                                      "`tracker show`, used by reports."),
    "remind": ("report_cmd:remind", "The đôn đốc list: tasks overdue or due soon, grouped by lead agency."),
    "report": ("report_cmd:report", "Progress report in the official monitoring form (QĐ 42/2014/QĐ-TTg) "
                                    "as of a cut-off date."),
    "restore": ("edit_cmd:restore", "Bring archived cards back to the board, in the column they were in."),
    "serve": ("serve_cmd:serve", "Serve the board to web browsers on the office network: each tab runs the "
                                 "same board on the same database."),
    "show": ("cards_cmd:show", "Show one card with its history (an unambiguous id prefix is enough)."),
    "sync": ("sync_cmd:sync", "Two-way sync with a CalDAV calendar (Radicale, Nextcloud, Xandikos…): each card "
                              "a task whose status is its column."),
    "undo": ("status_cmd:undo", "Revert the last change set whole (a 5,000-card bulk change in one step)."),
}


@dataclass
class AppContext:
    """What every command needs: the database path, the language, and the store opened lazily."""

    db: Path
    lang: str = "vi"
    config: Config | None = None
    sources: dict[str, tuple[object, str]] = field(default_factory=dict)   # setting -> (value, where from)
    _store: Store | None = field(default=None, repr=False)

    def setting(self, name: str, given: object = None) -> object:
        """A setting from the option, the environment, the config file or the default."""
        return (self.config or Config(Path())).resolve(name, given)[0]

    def text_setting(self, name: str) -> str | None:
        """A setting that is text (a URL, a user name), or None when it is not set."""
        value = self.setting(name)
        return str(value) if value else None

    @property
    def store(self) -> Store:
        if self._store is None:
            self._store = Store(self.db, lock_timeout=float(os.environ.get("TRACKER_LOCK_TIMEOUT", "10")))
        return self._store


def _click_speaks_the_run_language() -> None:
    """click's own words in its errors (Usage:, Error:, Invalid value for …, Missing argument …) in the
    run's language: its gettext hooks look the English text up in the catalog when they are called, so an
    English run reads exactly as before. (Only texts click looks up while it reports an error are in the
    catalog; a text it looks up at import time, such as a Path's "file", would freeze in one language.)"""
    import click.core
    import click.exceptions
    import click.formatting
    import click.parser
    import click.types

    def gettext(text: str) -> str:
        return localize(text)

    def ngettext(singular: str, plural: str, count: int) -> str:
        return localize(singular if count == 1 else plural)

    for module in (click.core, click.exceptions, click.formatting, click.parser, click.types):
        for name, hook in (("_", gettext), ("ngettext", ngettext)):
            if hasattr(module, name):
                setattr(module, name, hook)


_click_speaks_the_run_language()


def say(message: str) -> None:
    """A message for the person at the terminal, in the run's language: always stderr, so stdout
    stays machine-readable."""
    click.echo(printable(localize(message), newlines=True), err=True)


def bundled_plans(folder: Path = Path("plans")) -> list[Path]:
    """The plan files in ./plans/: every format a reader takes (the same as `tracker import plans/`)."""
    if not folder.is_dir():
        return []
    from ..importer.readers import SUFFIXES   # only here: other commands do not load the readers

    return sorted(p for p in folder.iterdir() if p.suffix.lower() in SUFFIXES and p.is_file())


def _early_language(args: list[str]) -> str:
    """The language for what click says before `cli` runs (a mistyped command or option): --lang in
    the arguments, TRACKER_LANG, lang in the config file, or Vietnamese."""
    for index, arg in enumerate(args):
        if arg == "--":
            break
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
        if arg == "--lang" and index + 1 < len(args):
            return args[index + 1]
    if os.environ.get("TRACKER_LANG"):
        return os.environ["TRACKER_LANG"]
    try:
        return str(load_config().values.get("lang") or "vi")
    except TrackerError:          # a broken config file is reported once cli runs
        return "vi"


class TrackerGroup(click.Group):
    """A group whose commands turn every TrackerError into its message, hint and exit code, and whose
    commands (COMMANDS) are imported only when one of them runs."""

    def main(self, args=None, *rest, **kwargs):
        i18n.set_language(_early_language(list(sys.argv[1:] if args is None else args)))
        return super().main(args, *rest, **kwargs)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            module, _, function = COMMANDS[cmd_name][0].partition(":")
            command = getattr(importlib.import_module(f"{__package__}.{module}"), function)
            self.add_command(command, cmd_name)
        return self.commands.get(cmd_name)

    def _summary(self, name: str, limit: int = 45) -> str | None:
        """A command's short help, from COMMANDS unless it is loaded; None for a hidden command."""
        command = self.commands.get(name)
        if command is None:
            # a stand-in with the same help shortens it exactly as click shortens the command's own
            command = click.Command(name, help=COMMANDS[name][1])
        return None if command.hidden else command.get_short_help_str(limit)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """click's command list, without importing every command for its help."""
        names = [name for name in self.list_commands(ctx) if self._summary(name) is not None]
        if names:
            limit = formatter.width - 6 - max(len(name) for name in names)
            with formatter.section(localize("Commands")):
                formatter.write_dl([(name, self._summary(name, limit) or "") for name in names])

    def shell_complete(self, ctx: click.Context, incomplete: str) -> list[CompletionItem]:
        """Command names with their short help (without importing the commands), then the group's options."""
        from click.shell_completion import CompletionItem

        results = [CompletionItem(name, help=summary) for name in self.list_commands(ctx)
                   if name.startswith(incomplete) and (summary := self._summary(name)) is not None]
        return results + click.Command.shell_complete(self, ctx, incomplete)

    def resolve_command(self, ctx: click.Context, args: list[str]):
        try:
            return super().resolve_command(ctx, args)
        except click.exceptions.NoSuchCommand as exc:
            # click suggests close names from the commands loaded so far; suggest from all of them
            raise click.exceptions.NoSuchCommand(exc.command_name, possibilities=self.list_commands(ctx),
                                                 ctx=ctx) from None

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except TrackerError as exc:
            say(msg("Error: {message}", message=exc.message))
            if exc.hint:
                say(exc.hint)
            ctx.exit(exc.exit_code)
        except BrokenPipeError:
            # `tracker list | head` closed the pipe: not an error worth a message.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            ctx.exit(0)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException, KeyboardInterrupt):
            raise
        except Exception as exc:  # the last line of defence: a message, not a traceback
            if os.environ.get("TRACKER_DEBUG"):
                raise
            say(msg("Error: unexpected {kind}: {detail}", kind=type(exc).__name__, detail=str(exc)))
            say(msg("This is a bug in the tracker; run again with TRACKER_DEBUG=1 for details and report it."))
            ctx.exit(EXIT_FAILURE)


@click.group(cls=TrackerGroup, invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", type=click.Path(dir_okay=False, path_type=Path),
              help=f"Database file (or set TRACKER_DB, or db in the config file) [default: {DEFAULT_DB}].")
@click.option("--lang", type=click.Choice(["vi", "en"]),
              help="Language of every message, table and report (or TRACKER_LANG, or lang in the config file) "
                   "[default: vi].")
@click.option("--tz", "timezone", metavar="ZONE",
              help="Time zone that decides what 'today' and every day in history are (or TRACKER_TZ, or "
                   f"timezone in the config file) [default: {clock.DEFAULT_ZONE}].")
@click.version_option(package_name="tracker")
@click.pass_context
def cli(ctx: click.Context, db: Path | None, lang: str | None, timezone: str | None) -> None:
    """Track the tasks of provincial reform plans: import, board, scripts, calendars.

    With no command it opens the board; on a new machine it first imports the plans in ./plans/.
    Defaults for --db, --lang, --tz and the CalDAV calendar can live in ~/.config/tracker/config.toml
    (or the file TRACKER_CONFIG names); `tracker config` shows what is in force.

    \b
    Examples:
      tracker                                   open the board
      tracker import plans/                     import every plan in a folder
      tracker list --agency "so noi vu" --overdue --today 2014-06-30
      tracker move nam-dinh-55-2013.13 --to done --note "Đã ban hành"
    """
    i18n.set_language(lang or os.environ.get("TRACKER_LANG") or "vi")   # config errors are said in it too
    config = load_config()
    sources = {name: config.resolve(name, given)
               for name, given in (("db", db), ("lang", lang), ("timezone", timezone),
                                   ("caldav.url", None), ("caldav.user", None))}
    chosen_lang = sources["lang"][0]
    if chosen_lang not in ("vi", "en"):
        raise UsageError(msg("The language {lang!r} ({source}) is not one the tracker speaks.", lang=chosen_lang,
                             source=where_from(sources["lang"][1])),
                         msg("Use vi or en."))
    try:
        clock.set_zone(str(sources["timezone"][0]))
    except ValueError:
        raise UsageError(msg("{zone!r} ({source}) is not a time zone.", zone=sources["timezone"][0],
                             source=where_from(sources["timezone"][1])),
                         msg("Use an IANA name such as Asia/Ho_Chi_Minh or an offset such as +07:00.")) from None
    i18n.set_language(str(chosen_lang))
    ctx.obj = AppContext(db=Path(str(sources["db"][0])), lang=str(chosen_lang), config=config, sources=sources)
    if ctx.invoked_subcommand is None:
        from .board_cmd import open_default_board

        open_default_board(ctx.obj)


def main(argv: list[str] | None = None) -> None:
    """The console script: `tracker`."""
    cli.main(args=argv, prog_name="tracker")


