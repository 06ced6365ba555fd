"""Board figures: launch to first full screen in tmux, peak memory, and key latency through Pilot."""

from __future__ import annotations

import asyncio
import json
import os
import shlex
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

TODAY = "2014-01-15"
SIZE = (160, 48)
SOCKET = f"tracker-bench-{os.getpid()}"     # a private tmux server: never touches anyone's sessions
TITLES = ("Chưa bắt đầu", "Đang thực hiện", "Hoàn thành")
CARD_MARK = "◆"                              # the lead-agency line every drawn card has

MINIMAL_APP = '''"""The reference: the smallest Textual app with a footer."""
from textual.app import App
from textual.widgets import Footer, Static


class Hello(App):
    def compose(self):
        yield Static("hello")
        yield Footer()


Hello().run()
'''


def _tmux(*args: str, check: bool = True) -> str:
    done = subprocess.run(["tmux", "-L", SOCKET, *args], capture_output=True, text=True,
                          env={**os.environ, "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"})
    if check and done.returncode != 0:
        raise RuntimeError(f"tmux {' '.join(args)}: {done.stderr.strip()}")
    return done.stdout


def have_tmux() -> bool:
    return subprocess.run(["tmux", "-V"], capture_output=True).returncode == 0


def launch(command: list[str], ready, *, timeout: float = 30.0, settle: float = 0.0,
           cwd: Path | None = None) -> tuple[float, int | None, str]:
    """Seconds from starting `command` in a detached 160x48 tmux pane until `ready(screen_text)`.

    Also returns the process's peak RSS in KiB (VmHWM) read `settle` seconds after the screen
    was ready (background workers, such as the board's search-key folding, finish by then), and
    the screen text. The pane runs `exec command`, so the pane pid is the program itself.
    """
    _keep_server()
    session = f"s{time.monotonic_ns()}"
    shell = f"cd {shlex.quote(str(cwd or ROOT))} && exec {' '.join(shlex.quote(part) for part in command)}"
    start = time.perf_counter()
    _tmux("new-session", "-d", "-s", session, "-x", str(SIZE[0]), "-y", str(SIZE[1]), shell)
    try:
        pid = int(_tmux("display-message", "-p", "-t", session, "#{pane_pid}").strip() or 0) or None
        screen = ""
        while time.perf_counter() - start < timeout:
            screen = _tmux("capture-pane", "-p", "-t", session, check=False)
            if ready(screen):
                elapsed = time.perf_counter() - start
                break
            time.sleep(0.005)
        else:
            raise RuntimeError(f"no first screen within {timeout:.0f} s; the pane shows:\n{screen}")
        hwm = None
        if pid:
            time.sleep(settle)
            hwm = _vm_hwm(pid)
        return elapsed, hwm, screen
    finally:
        _tmux("kill-session", "-t", session, check=False)


def _keep_server() -> None:
    # tmux exits with its last session; a launch racing that exit fails ("server exited
    # unexpectedly"), so an idle session keeps the private server up until stop_server().
    if subprocess.run(["tmux", "-L", SOCKET, "has-session", "-t", "keeper"], capture_output=True).returncode:
        _tmux("new-session", "-d", "-s", "keeper", "-x", "20", "-y", "5", "sleep 3600")


def _vm_hwm(pid: int) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def board_ready(screen: str) -> bool:
    """All three column titles and at least one drawn card."""
    return all(title in screen for title in TITLES) and CARD_MARK in screen


def hello_ready(screen: str) -> bool:
    return "hello" in screen


def board_command(python: str, db: Path) -> list[str]:
    # --lang vi: board_ready looks for the Vietnamese column titles, whatever TRACKER_LANG or a config says.
    return [python, "-m", "tracker", "--db", str(db), "--lang", "vi", "board", "--today", TODAY]


def stop_server() -> None:
    _tmux("kill-server", check=False)
    # tmux leaves the socket file of a killed server behind.
    socket = Path(os.environ.get("TMUX_TMPDIR", "/tmp")) / f"tmux-{os.getuid()}" / SOCKET
    socket.unlink(missing_ok=True)


# -- key latency inside the board (Pilot, in-process) -----------------------------------------

async def _latency(db: str, reps: int) -> dict[str, list[float]]:
    from textual.geometry import Region

    from tracker.tui.app import TrackerApp

    app = TrackerApp(db, today=date.fromisoformat(TODAY))
    out: dict[str, list[float]] = {}
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()       # search keys folded, as a user would find them
        screen = app.board_screen
        columns = screen.columns
        frames: list[float] = []
        composite = screen._compositor_refresh

        def composite_and_mark() -> None:
            # The end of each compositor pass is when a frame is ready for the terminal.
            composite()
            frames.append(time.perf_counter())
        screen._compositor_refresh = composite_and_mark

        def paint() -> None:
            # What a frame costs the board: every visible line of the three columns, strips
            # taken from the card cache where it still holds them.
            for column in columns:
                column._styles_cache.clear()
                column.render_lines(Region(0, 0, column.size.width, column.size.height))

        async def settle() -> None:
            await pilot.pause()
            await app.workers.wait_for_complete()   # the move's fsync'ed write, outside the timing
            await pilot.pause()

        def timed(name: str, action) -> None:
            start = time.perf_counter()
            action()
            paint()
            out.setdefault(name, []).append(time.perf_counter() - start)

        async def pressed(name: str, *keys: str) -> None:
            frames.clear()
            start = time.perf_counter()
            await pilot.press(*keys)
            await pilot.pause()
            out.setdefault(name, []).append(time.perf_counter() - start)
            if frames:   # key press to the last frame it caused, without Pilot's trailing pause
                out.setdefault(name.replace("Pilot press+pause", "key to painted frame"), []).append(
                    frames[-1] - start)

        for i in range(reps):
            # Move: a different card each time (down one), right then back left.
            await pilot.press("down")
            timed("move (board work)", lambda: screen.action_move(1))
            await settle()
            timed("move back (board work)", lambda: screen.action_move(-1))
            await settle()
            await pressed("move (Pilot press+pause)", "greater_than_sign")
            await settle()
            await pilot.press("less_than_sign")
            await settle()
            # Filter: `o` from off is the overdue filter, a refilter of every card (its next press
            # opens the quarter picker, a dialog, which is not a filter); each step is undone by hand.
            def overdue_off() -> None:
                screen.board.set_filters(overdue=False, due_this_quarter=False, quarter=None)
                screen._filters_changed()
            timed("filter (board work)", screen.action_due_filter)
            await settle()
            overdue_off()
            await settle()
            await pressed("filter (Pilot press+pause)", "o")
            await settle()
            overdue_off()
            await settle()
            # Search: one keystroke in the search box refilters on the folded keys.
            words = "noi vu" if i % 2 else "thu tuc"
            timed("search (board work)", lambda: (screen.board.set_filters(search=words),  # noqa: B023 - called at once
                                                  screen._filters_changed()))
            timed("clear search (board work)", lambda: (screen.board.set_filters(search=None),
                                                        screen._filters_changed()))
            await pilot.press("slash")
            await pressed("search keystroke (Pilot press+pause)", "n")
            await pilot.press("escape")
            await settle()
            # The floor: a key nothing is bound to still costs a press and a pause.
            await pressed("no-op key (Pilot press+pause)", "z")
        # Profiling helpers read these to check that the board really showed the data.
        out["_cards"] = [float(screen.board.total)]
    return out


def latency(db: str, reps: int) -> dict[str, list[float]]:
    return asyncio.run(_latency(db, reps))


def latency_in_subprocess(python: str, db: Path, reps: int, timeout: float = 600) -> dict[str, list[float]]:
    """Run the Pilot measurements in a fresh interpreter (no state left from other figures)."""
    done = subprocess.run([python, __file__, "latency", str(db), str(reps)], capture_output=True, text=True,
                          cwd=ROOT, timeout=timeout)
    if done.returncode != 0:
        raise RuntimeError(done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "failed")
    return json.loads(done.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    if sys.argv[1:2] == ["latency"]:
        print(json.dumps(latency(sys.argv[2], int(sys.argv[3]))))
