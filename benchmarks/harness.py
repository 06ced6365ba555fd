"""Timing helpers, the results table, and Taskwarrior as the reference on the same tasks."""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Figure:
    """One row of the table: samples of the figure, its target and a reference measured alongside."""

    name: str
    samples: list[float] = field(default_factory=list)
    unit: str = "s"
    target: float | None = None          # upper bound from DESIGN §12, in `unit`
    ratio_target: float | None = None    # or an upper bound on median / reference median (issue 19: "within 20 %")
    reference: str = ""                  # what the reference is
    ref_samples: list[float] = field(default_factory=list)
    note: str = ""

    @property
    def min(self) -> float | None:
        return min(self.samples) if self.samples else None

    @property
    def median(self) -> float | None:
        return statistics.median(self.samples) if self.samples else None

    @property
    def ref_median(self) -> float | None:
        return statistics.median(self.ref_samples) if self.ref_samples else None

    @property
    def ratio(self) -> float | None:
        if self.median is None or not self.ref_median:
            return None
        return self.median / self.ref_median

    @property
    def verdict(self) -> str:
        if self.ratio_target is not None:
            return "" if self.ratio is None else "meets" if self.ratio <= self.ratio_target else "MISSES"
        if self.target is None or self.median is None:
            return ""
        return "meets" if self.median <= self.target else "MISSES"

    @property
    def target_text(self) -> str:
        if self.ratio_target is not None:
            return f"≤ {self.ratio_target:.2f}× reference"
        return ("≤ " + fmt(self.target, self.unit)) if self.target is not None else ""

    @property
    def ratio_text(self) -> str:
        if self.ratio is None:
            return ""
        # Two decimals where the verdict is a ratio: 1.2× could hide a 1.24 that misses.
        return f"{self.ratio:.2f}×" if self.ratio_target is not None else f"{self.ratio:.1f}×"

    def to_dict(self) -> dict:
        return {"name": self.name, "unit": self.unit, "samples": self.samples, "min": self.min,
                "median": self.median, "target": self.target, "ratio_target": self.ratio_target,
                "reference": self.reference,
                "ref_samples": self.ref_samples, "ref_median": self.ref_median, "ratio": self.ratio,
                "verdict": self.verdict, "note": self.note}


def fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "s":
        return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"
    if unit == "MiB":
        return f"{value:.1f} MiB"
    return f"{value:g} {unit}"


def table(figures: list[Figure], markdown: bool = False) -> str:
    """The one results table: figure, min, median, target, reference, ratio, verdict."""
    head = ["figure", "min", "median", "target (§12)", "reference (same run)", "ratio", ""]
    rows = []
    for f in figures:
        if f.reference and f.ref_samples:
            ref = f"{f.reference}: {fmt(f.ref_median, f.unit)}"
        else:
            ref = f.reference
        rows.append([f.name + (f" ({f.note})" if f.note else ""), fmt(f.min, f.unit), fmt(f.median, f.unit),
                     f.target_text, ref, f.ratio_text, f.verdict])
    if markdown:
        lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows]
        return "\n".join(lines)
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
    def line(row: list[str]) -> str:
        return "  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip()
    return "\n".join([line(head), line(["-" * w for w in widths]), *map(line, rows)])


def tracker(db: Path, *args: str) -> list[str]:
    """A cold `python -m tracker --db DB ...` command line."""
    return [sys.executable, "-m", "tracker", "--db", str(db), *args]


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def repeat(action: Callable[[], object], reps: int, setup: Callable[[], object] | None = None) -> list[float]:
    """Wall-clock seconds of `action`, `reps` times; `setup` runs untimed before each."""
    samples = []
    for _ in range(reps):
        if setup is not None:
            setup()
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return samples


def run(command: list[str], *, cwd: Path | None = None, env: dict | None = None, ok=(0,)) -> float:
    """Seconds a cold process takes from spawn to exit; raises when it fails."""
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env={**os.environ, **(env or {})},
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    if done.returncode not in ok:
        raise RuntimeError(f"{' '.join(map(str, command))} exited {done.returncode}: "
                           f"{done.stderr.decode(errors='replace').strip()[-400:]}")
    return elapsed


def cold(command: list[str], reps: int, setup: Callable[[], object] | None = None, *, warm_up: bool = True,
         **kwargs) -> list[float]:
    """Repeated cold-process timings (one warm-up first, so the page cache is not what we measure)."""
    if warm_up:
        if setup is not None:
            setup()
        run(command, **kwargs)
    samples = []
    for _ in range(reps):
        if setup is not None:
            setup()
        samples.append(run(command, **kwargs))
    return samples


# -- Taskwarrior on the same tasks --------------------------------------------------------------

class Taskwarrior:
    """A throw-away Taskwarrior data folder loaded with the tracker's cards as pending tasks."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.data = folder / "data"
        self.saved = folder / "data.saved"
        self.rc = folder / "taskrc"

    @staticmethod
    def available() -> bool:
        return shutil.which("task") is not None

    @property
    def env(self) -> dict[str, str]:
        return {"TASKRC": str(self.rc), "TASKDATA": str(self.data)}

    def command(self, *args: str) -> list[str]:
        return ["task", "rc.confirmation=off", "rc.bulk=0", "rc.verbose=nothing", "rc.hooks=off", *args]

    def load(self, cards: list) -> None:
        """Import the cards (content, plan as project, due date) and keep a copy to restore between runs."""
        shutil.rmtree(self.folder, ignore_errors=True)
        self.data.mkdir(parents=True)
        self.rc.write_text(f"data.location={self.data}\nconfirmation=off\nbulk=0\nverbose=nothing\n"
                           "hooks=off\nnews.version=2.6.0\n", encoding="utf-8")
        tasks = []
        for card in cards:
            task = {"description": card.content[:200] or card.id, "project": card.plan,
                    "status": "pending", "entry": "20140101T000000Z"}
            if card.due:
                task["due"] = card.due.strftime("%Y%m%dT000000Z")
            tasks.append(task)
        source = self.folder / "tasks.json"
        source.write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")
        run(self.command("import", str(source)), env=self.env)
        shutil.copytree(self.data, self.saved)

    def restore(self) -> None:
        shutil.rmtree(self.data)
        shutil.copytree(self.saved, self.data)

    def timed(self, *args: str, reps: int, restore: bool = True, warm_up: bool = True) -> list[float]:
        return cold(self.command(*args), reps, setup=self.restore if restore else None, env=self.env,
                    warm_up=warm_up)
