"""The click group, the shared context (database, language) and the one error boundary."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

import click

from ..inert import printable
from ..errors import EXIT_FAILURE, TrackerError
from ..store import Store

DEFAULT_DB = "tracker.json"
PLAN_SUFFIXES = (".txt", ".md", ".html", ".htm", ".docx")


@dataclass
class AppContext:
    """What every command needs: the database path, the language, and the store opened lazily."""

    db: Path
    lang: str = "vi"
    _store: Store | None = field(default=None, repr=False)

    @property
    def store(self) -> Store:
        if self._store is None:
            self._store = Store(self.db, lock_timeout=float(os.environ.get("TRACKER_LOCK_TIMEOUT", "10")))
        return self._store


def say(message: str) -> None:
    """A message for the person at the terminal: always stderr, so stdout stays machine-readable."""
    click.echo(printable(message, newlines=True), err=True)


def bundled_plans(folder: Path = Path("plans")) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in PLAN_SUFFIXES and p.is_file())


class TrackerGroup(click.Group):
    """A group whose commands turn every TrackerError into its message, hint and exit code."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except TrackerError as exc:
            click.echo(printable(f"Error: {exc.message}", newlines=True), err=True)
            if exc.hint:
                click.echo(printable(exc.hint, newlines=True), err=True)
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
            click.echo(f"Error: unexpected {type(exc).__name__}: {exc}", err=True)
            click.echo("This is a bug in the tracker; run again with TRACKER_DEBUG=1 for details and report it.",
                       err=True)
            ctx.exit(EXIT_FAILURE)


@click.group(cls=TrackerGroup, invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", type=click.Path(dir_okay=False, path_type=Path), envvar="TRACKER_DB",
              default=DEFAULT_DB, show_default=True, help="Database file (or set TRACKER_DB).")
@click.option("--lang", type=click.Choice(["vi", "en"]), default="vi", show_default=True,
              envvar="TRACKER_LANG", help="Language of labels and reports.")
@click.version_option(package_name="tracker")
@click.pass_context
def cli(ctx: click.Context, db: Path, lang: str) -> None:
    """Track the tasks of provincial reform plans: import, board, scripts, calendars.

    With no command it opens the board; on a new machine it first imports the plans in ./plans/.

    \b
    Examples:
      tracker                                   open the board
      tracker import plans/                     import every plan in a folder
      tracker list --agency "so noi vu" --overdue --today 2014-06-30
      tracker move nam-dinh-55-2013.13 --to done --note "Đã ban hành"
    """
    ctx.obj = AppContext(db=db, lang=lang)
    if ctx.invoked_subcommand is None:
        from .board_cmd import open_default_board

        open_default_board(ctx.obj)


def main(argv: list[str] | None = None) -> None:
    """The console script: `tracker`."""
    cli.main(args=argv, prog_name="tracker")


