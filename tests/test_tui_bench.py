"""Board benchmarks (DESIGN §12), run only with TRACKER_BENCH=1: they print numbers, never fail on time."""

from __future__ import annotations

import os
import random
import shutil
import statistics
import subprocess
import sys
import textwrap
import time
import uuid
from datetime import date
from pathlib import Path

import pytest
from test_tui_support import TODAY, settle

from tracker.model import Card, Deadline, Plan, Status
from tracker.store import Store
from tracker.tui.app import TrackerApp

pytestmark = pytest.mark.skipif(os.environ.get("TRACKER_BENCH") != "1", reason="benchmarks: set TRACKER_BENCH=1")
ROOT = Path(__file__).resolve().parent.parent
AGENCIES = ["Sở Nội vụ", "Sở Tài chính", "Sở Kế hoạch và Đầu tư", "UBND các huyện, thị xã, thành phố",
            "Sở Văn hóa, Thể thao và Du lịch", "Văn phòng UBND tỉnh", "Sở Tư pháp", "Các sở, ban, ngành tỉnh"]
WORDS = ("xây dựng kế hoạch triển khai thực hiện cải cách hành chính rà soát đánh giá thủ tục tổ chức bộ máy "
         "nâng cao chất lượng đội ngũ cán bộ công chức viên chức ứng dụng công nghệ thông tin").split()


def big_store(path: Path, n: int) -> Store:
    """`n` synthetic cards with the real mix of deadline kinds, agencies and content lengths."""
    rnd = random.Random(n)
    store = Store(path)
    with store.transaction("import") as tx:
        tx.put_plan(Plan(key="bench", number="1/KH-UBND", province="Nam Định", title="Benchmark"))
        for i in range(n):
            year, quarter = rnd.choice([2013, 2014, 2015]), rnd.randint(1, 4)
            kind = rnd.random()
            if kind < 0.7:
                deadline = Deadline(kind="quarter", due=date(year, 3 * quarter, 28), quarter=quarter)
                time_text = f"Quý {quarter}/{year}"
            elif kind < 0.85:
                deadline, time_text = Deadline(kind="recurring", due=date(2014, 12, 31), freq="yearly",
                                               month=12, day=31), "Hàng năm"
            else:
                deadline, time_text = Deadline(kind="ongoing"), "Thường xuyên"
            lead = [rnd.choice(AGENCIES)]
            tx.put_card(Card(id=f"bench.{i + 1}", plan="bench", number=str(i + 1),
                             content=" ".join(rnd.choice(WORDS) for _ in range(rnd.randint(8, 60))),
                             lead=lead, support=rnd.sample(AGENCIES, 2), time_text=time_text, deadline=deadline,
                             status=rnd.choice(list(Status)), source={"file": "bench.txt", "line": i}))
    return store


def _first_frame_in_tmux(command: str, ready: str) -> float:
    tmux = shutil.which("tmux")
    session = f"bench-{uuid.uuid4().hex[:8]}"
    started = time.perf_counter()
    subprocess.run([tmux, "new-session", "-d", "-s", session, "-x", "120", "-y", "36", command], check=True)
    try:
        while time.perf_counter() - started < 30:
            pane = subprocess.run([tmux, "capture-pane", "-p", "-t", session], capture_output=True, text=True).stdout
            if ready in pane:
                return time.perf_counter() - started
            time.sleep(0.005)
        raise AssertionError("never drew")
    finally:
        subprocess.run([tmux, "kill-session", "-t", session], capture_output=True)


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_launch_to_first_full_board(tmp_path):
    minimal = tmp_path / "minimal.py"
    minimal.write_text(textwrap.dedent("""
        from textual.app import App
        from textual.widgets import Static
        class Minimal(App):
            def compose(self):
                yield Static("READY-MINIMAL")
        Minimal().run()
    """), encoding="utf-8")
    results = {"minimal": statistics.median(
        _first_frame_in_tmux(f"{sys.executable} {minimal}", "READY-MINIMAL") for _ in range(3))}
    for n in (5_000, 20_000):
        db = tmp_path / f"db{n}.json"
        big_store(db, n)
        command = f"cd {ROOT} && PYTHONPATH={ROOT} {sys.executable} -m tracker --db {db} board --today 2014-01-15"
        # The last card line of the first screen: the board is fully drawn when it shows.
        results[n] = statistics.median(_first_frame_in_tmux(command, "Hoàn thành (") for _ in range(3))
    print("\nlaunch to first full board (median of 3):",
          ", ".join(f"{k}: {v:.2f} s" for k, v in results.items()))


async def test_key_to_frame_latency_at_20000(tmp_path):
    db = tmp_path / "db.json"
    big_store(db, 20_000)
    app = TrackerApp(db, today=TODAY)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot, app)
        screen = app.screen
        frames: list[float] = []
        refresh = screen._compositor_refresh

        def stamped() -> None:
            refresh()
            frames.append(time.perf_counter())
        screen._compositor_refresh = stamped

        async def measure(*keys: str) -> float:
            await settle(pilot, app)
            started = time.perf_counter()
            await pilot.press(*keys)
            await pilot.pause(0.05)
            drawn = [t for t in frames if t > started]
            return (drawn[0] - started) * 1000 if drawn else float("nan")

        timings: dict[str, list[float]] = {"cursor": [], "move": [], "filter": [], "search": []}
        for _ in range(5):
            timings["cursor"].append(await measure("j"))
            timings["move"].append(await measure("greater_than_sign"))
            timings["move"].append(await measure("less_than_sign"))
            timings["filter"].append(await measure("o"))
        await pilot.press("o", "o")
        await pilot.press("slash")
        for letter in "can bo":
            timings["search"].append(await measure(letter))
        print("\nkey to painted frame at 20,000 cards (ms, median / max):",
              ", ".join(f"{k}: {statistics.median(v):.0f} / {max(v):.0f}" for k, v in timings.items()))
