"""`tracker serve` for real: the server process, headless Chromium (Debian's chromium, installed by
.ci/run) as a colleague's browser, the board's columns on the page, a key press that moves a card in
the database, the terminal board seeing it, and the access token beyond loopback."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from radicale_server import free_port, wait_for_port
from test_tui_support import PLAN, SIZE, TODAY, make_store, screen_text, settle
from tools.cdp import Browser, Page, chromium_path

from tracker.model import Status
from tracker.store import Store

ARTIFACTS = Path(__file__).parent / "artifacts"
ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(chromium_path() is None, reason="chromium is not installed (apt-get install chromium)")


def serve(db: Path, *args: str) -> tuple[subprocess.Popen, int]:
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen([sys.executable, "-m", "tracker", "--db", str(db), "--lang", "vi", "serve",
                                "--port", str(port), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    try:
        wait_for_port(port)
    except RuntimeError:
        process.kill()
        raise AssertionError(process.stderr.read().decode())
    return process, port


def stop(process: subprocess.Popen) -> str:
    process.send_signal(2)                       # ctrl+c
    try:
        _, err = process.communicate(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        raise
    return err.decode()


def statuses(db: Path) -> dict[str, Status]:
    return {card.id: card.status for card in Store(db).load().cards.values()}


async def open_board(url: str) -> tuple[Browser, Page, object]:
    import aiohttp

    browser = Browser(free_port())
    session = aiohttp.ClientSession()
    page = await Page.open(session, await asyncio.to_thread(browser.page_socket))
    await page.call("Network.enable")
    await page.call("Page.enable")
    await page.call("Page.navigate", url=url)
    return browser, page, session


async def test_a_colleague_sees_the_board_and_moves_a_card(tmp_path):
    from tracker.tui.app import TrackerApp

    db = tmp_path / "db.json"
    make_store(db)
    before = statuses(db)
    process, port = serve(db)
    terminal = TrackerApp(db, today=TODAY)          # a coordinator's terminal board, open at the same time
    browser, page, session = await open_board(f"http://127.0.0.1:{port}/")
    try:
        async with terminal.run_test(size=SIZE) as pilot:
            await settle(pilot, terminal)
            columns_before = screen_text(terminal)
            text = await page.wait_for_text("Chưa bắt đầu", "Đang thực hiện", "Hoàn thành")
            assert PLAN.split("-")[0] in text.lower() or "Sở Nội vụ" in text
            await page.screenshot(ARTIFACTS / "web-board.png")
            await page.focus_terminal()
            await page.press(">")                    # move the focused card one column right
            deadline = time.monotonic() + 15
            while statuses(db) == before and time.monotonic() < deadline:
                await asyncio.sleep(0.1)
            after = statuses(db)
            moved = [card_id for card_id in after if after[card_id] != before[card_id]]
            assert len(moved) == 1 and after[moved[0]] != before[moved[0]]
            seen_at = time.monotonic()
            while screen_text(terminal) == columns_before and time.monotonic() - seen_at < 3:
                await pilot.pause(0.05)
            assert screen_text(terminal) != columns_before       # the terminal board shows the move
            assert time.monotonic() - seen_at < 1.5
            await page.screenshot(ARTIFACTS / "web-board-after-move.png")
    finally:
        await page.close()
        await session.close()
        browser.close()
        err = stop(process)
    assert process.returncode == 0, err
    assert "Đã dừng phục vụ bảng" in err


def fetch(url: str) -> tuple[int, str, dict]:
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            return answer.status, answer.read().decode("utf-8", "replace"), dict(answer.headers)
    except urllib.error.HTTPError as refused:
        return refused.code, refused.read().decode("utf-8", "replace"), dict(refused.headers)


def test_beyond_loopback_nothing_is_served_without_the_token(tmp_path):
    db = tmp_path / "db.json"
    make_store(db)
    process, port = serve(db, "--host", "0.0.0.0", "--token", "a-long-office-token")
    try:
        for path in ("/", "/static/js/textual.js", "/ws"):
            status, body, _ = fetch(f"http://127.0.0.1:{port}{path}")
            assert status == 403 and "access token" in body, path
        status, body, _ = fetch(f"http://127.0.0.1:{port}/?token=wrong-token-here")
        assert status == 403
        status, body, headers = fetch(f"http://127.0.0.1:{port}/?token=a-long-office-token")
        assert status == 200 and "textual.js" in body
        assert "googleapis" not in body and "https://" not in body          # nothing from a CDN
        assert "tracker_board_token=" in headers.get("Set-Cookie", "") and "HttpOnly" in headers["Set-Cookie"]
        request = urllib.request.Request(f"http://127.0.0.1:{port}/static/js/textual.js",
                                         headers={"Cookie": "tracker_board_token=a-long-office-token"})
        with urllib.request.urlopen(request, timeout=10) as answer:
            assert answer.status == 200                                    # the cookie is enough afterwards
    finally:
        err = stop(process)
    assert "?token=a-long-office-token" in err


def test_a_generated_token_is_printed_and_a_taken_port_is_a_clear_message(tmp_path):
    db = tmp_path / "db.json"
    make_store(db)
    process, port = serve(db, "--host", "0.0.0.0")
    try:
        status, _, _ = fetch(f"http://127.0.0.1:{port}/")
        assert status == 403
        taken = subprocess.run([sys.executable, "-m", "tracker", "--db", str(db), "--lang", "en", "serve",
                                "--port", str(port)], capture_output=True, text=True, timeout=60,
                               env={**os.environ, "PYTHONPATH": str(ROOT)})
        assert taken.returncode == 2 and f"The port {port}" in taken.stderr and "--port" in taken.stderr
        assert "Traceback" not in taken.stderr
    finally:
        err = stop(process)
    token = err.split("?token=", 1)[1].split()[0]
    assert len(token) >= 24


def test_no_database_is_a_clear_message(tmp_path):
    result = subprocess.run([sys.executable, "-m", "tracker", "--db", str(tmp_path / "none.json"), "--lang", "en",
                             "serve", "--port", str(free_port())], capture_output=True, text=True, timeout=60,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 2 and "no database" in result.stderr.lower() and "tracker import" in result.stderr


async def test_a_read_only_board_in_the_browser_moves_nothing(tmp_path):
    db = tmp_path / "db.json"
    make_store(db)
    before = db.read_bytes()
    process, port = serve(db, "--read-only")
    browser, page, session = await open_board(f"http://127.0.0.1:{port}/")
    try:
        await page.wait_for_text("Chưa bắt đầu", "CHỈ XEM")
        await page.focus_terminal()
        await page.press(">")
        await page.wait_for_text("Bảng này chỉ để xem")         # the refusal, said in the page's language
        await page.screenshot(ARTIFACTS / "web-board-read-only.png")
    finally:
        await page.close()
        await session.close()
        browser.close()
        stop(process)
    assert db.read_bytes() == before
