"""Cold commands import only what their subcommand needs; the command list still shows every command."""

from __future__ import annotations

import inspect
import json
import os
import subprocess
import sys

import click
import pytest

from tracker.cli import cli
from tracker.cli.app import COMMANDS
from tracker.deadlines import parse_deadline
from tracker.model import Card
from tracker.store import Store

# What a `move` or `list` never needs: the importer and its readers, calendars, reports, the board.
NOT_FOR_MOVE = ("tracker.importer", "tracker.calendar", "tracker.report", "tracker.remind", "tracker.editing",
                "tracker.tui", "tracker.web", "tracker.cli.import_cmd", "tracker.cli.export_cmd",
                "tracker.cli.sync_cmd", "tracker.cli.report_cmd", "tracker.cli.edit_cmd", "tracker.cli.board_cmd",
                "textual", "rich", "icalendar", "openpyxl", "docx", "pdfplumber", "caldav", "requests")


def loaded_after(*args: str) -> list[str]:
    """The modules a fresh interpreter holds after running `tracker ARGS`."""
    code = ("import json, sys\nfrom tracker.cli import cli\ntry:\n"
            f"    cli.main({list(args)!r}, prog_name='tracker')\nexcept SystemExit:\n    pass\n"
            "print(json.dumps(sorted(sys.modules)), file=sys.stderr)")
    env = {**os.environ, "TRACKER_LANG": "en"}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
    return json.loads(result.stderr.strip().splitlines()[-1])


def heavy(modules: list[str]) -> list[str]:
    return [m for m in modules if any(m == name or m.startswith(name + ".") or m.startswith(name + "_")
                                      for name in NOT_FOR_MOVE)]


def test_every_command_is_in_the_map_with_its_own_help():
    ctx = click.Context(cli)
    for name, (target, summary) in COMMANDS.items():
        command = cli.get_command(ctx, name)
        assert command is not None and command.name == name, target
        first_paragraph = inspect.cleandoc(command.help or "").split("\n\n")[0]
        assert " ".join(first_paragraph.split()) == summary, f"COMMANDS[{name!r}] differs from its docstring"


def test_the_help_lists_every_command_from_the_map():
    result = subprocess.run([sys.executable, "-m", "tracker", "--lang", "en", "--help"], capture_output=True,
                            text=True, timeout=60)
    listed = result.stdout.split("Commands:", 1)[1].split()
    assert all(name in listed for name in COMMANDS)
    assert "Move cards to a column." in result.stdout


@pytest.mark.parametrize("args", [("move", "--help"), ("--help",), ("list", "--help")])
def test_a_cold_command_imports_only_its_own_module(args):
    modules = loaded_after(*args)
    assert heavy(modules) == []
    if args[0] == "--help":
        assert not [m for m in modules if m.startswith("tracker.cli.") and m.endswith("_cmd")]


def test_list_on_a_database_stays_light(isolated_db):
    with Store(isolated_db).transaction("import", via="import") as tx:
        tx.put_card(Card(id="nam-dinh-55-2013.1", plan="nam-dinh-55-2013", number="1", content="x",
                         lead=["Sở Nội vụ"], deadline=parse_deadline("Quý IV năm 2013")))
    # (a table for people loads rich; scripts read json)
    modules = loaded_after("--db", str(isolated_db), "list", "--overdue", "--today", "2014-01-01", "--format", "json")
    assert heavy(modules) == []


def test_a_command_still_loads_what_it_needs():
    assert "tracker.importer.registry" in loaded_after("import", "--help")


def test_completing_a_command_name_imports_no_command():
    code = ("import sys\nfrom click.shell_completion import ShellComplete\nfrom tracker.cli import cli\n"
            "items = ShellComplete(cli, {}, 'tracker', '_TRACKER_COMPLETE').get_completions([], 'mo')\n"
            "print([(i.value, i.help) for i in items])\n"
            "print([m for m in sys.modules if m.startswith('tracker.cli.') and m.endswith('_cmd')])")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    completions, commands = result.stdout.splitlines()
    assert completions == "[('move', 'Move cards to a column.')]"
    assert commands == "[]"
