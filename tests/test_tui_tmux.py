"""Smoke test in a real terminal: launch the board in tmux, see the columns, move a card, quit."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from test_tui_support import PLAN, make_store

from tracker.model import Status
from tracker.store import Store

TMUX = shutil.which("tmux")
pytestmark = pytest.mark.skipif(TMUX is None, reason="tmux is not installed (.ci/run installs it)")
ROOT = Path(__file__).resolve().parent.parent


def _tmux(*args: str) -> str:
    return subprocess.run([TMUX, *args], check=True, capture_output=True, text=True).stdout


def _wait_for(session: str, predicate, timeout: float = 20.0) -> str:
    """Poll the pane until `predicate(text)` holds; a timeout, not the date, bounds it."""
    deadline = time.monotonic() + timeout
    text = ""
    while time.monotonic() < deadline:
        text = _tmux("capture-pane", "-p", "-t", session)
        if predicate(text):
            return text
        time.sleep(0.05)
    raise AssertionError(f"the pane never showed what was expected:\n{text}")


def test_board_in_tmux_moves_a_card_and_quits(tmp_path):
    db = tmp_path / "db.json"
    make_store(db)
    session = f"tracker-test-{uuid.uuid4().hex[:8]}"
    env_prefix = f"cd {ROOT} && TERM=xterm-256color TRACKER_LANG=vi PYTHONPATH={ROOT} "
    command = (f"{env_prefix}{sys.executable} -m tracker --db {db} board --today 2014-01-15; "
               f"echo EXITED-$?; sleep 30")
    _tmux("new-session", "-d", "-s", session, "-x", "100", "-y", "30", command)
    try:
        _wait_for(session, lambda text: "Chưa bắt đầu (3)" in text and "Hoàn thành (1)" in text)
        _tmux("send-keys", "-t", session, ">")
        _wait_for(session, lambda text: "Đang thực hiện (2)" in text)
        _tmux("send-keys", "-t", session, "q")
        _wait_for(session, lambda text: "EXITED-0" in text)
    finally:
        subprocess.run([TMUX, "kill-session", "-t", session], capture_output=True)
    card = Store(db).load().cards[f"{PLAN}.1"]
    assert card.status == Status.IN_PROGRESS
    assert any(e.via == "tui" and e.new == "in-progress" for e in Store(db).load().events_for(card.id))
    assert os.path.exists(db)
