"""Shell completion: commands, statuses, agency names and card ids come from the database."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from click.shell_completion import ShellComplete

from tracker.cli import cli
from tracker.model import Card
from tracker.store import Store


@pytest.fixture
def db(isolated_db):
    with Store(isolated_db).transaction("import", via="import") as tx:
        for i, lead in enumerate(["Sở Nội vụ", "Sở Tư pháp", "Sở Nội vụ"], start=1):
            tx.put_card(Card(id=f"nam-dinh-55-2013.{i}", plan="nam-dinh-55-2013", number=str(i), content="x",
                             lead=[lead]))
    return isolated_db


def complete(args: list[str], incomplete: str) -> list[str]:
    return [item.value for item in ShellComplete(cli, {}, "tracker", "_TRACKER_COMPLETE")
            .get_completions(args, incomplete)]


def test_commands_complete():
    assert {"move", "bulk", "apply", "undo", "history"} <= set(complete([], ""))
    assert complete([], "ag") == ["agencies"]


def test_statuses_complete(db):
    assert complete(["move", "nam-dinh-55-2013.1", "--to"], "d") == ["dang-thuc-hien", "doing", "done"]


def test_ids_complete_from_the_database(db):
    assert complete(["move"], "nam-dinh-55-2013.") == [f"nam-dinh-55-2013.{i}" for i in (1, 2, 3)]
    assert complete(["show"], "nope") == []


def test_agencies_complete_without_diacritics(db):
    assert complete(["list", "--agency"], "noi") == ["Sở Nội vụ"]


def test_completion_script_for_bash_is_generated(db):
    env = {**os.environ, "_TRACKER_COMPLETE": "bash_source"}
    result = subprocess.run([sys.executable, "-m", "tracker"], env=env, capture_output=True, text=True, timeout=60)
    assert "complete -o nosort -F" in result.stdout and "_TRACKER_COMPLETE=bash_complete" in result.stdout
