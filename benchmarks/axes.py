"""Issue 19's two axes: a database after many bulk changes, and a national board of 100,000 cards."""

from __future__ import annotations

import gc
import os
import shutil
import sys
import time
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import board_bench
import generate
from harness import Figure, cold, fmt, log, repeat, tracker

if TYPE_CHECKING:
    from run import Bench

TODAY = date(2014, 1, 15)
MiB = 1024 * 1024
# Every card changes on every bulk; three steps, so 300 bulks end where the fresh database is.
CYCLE = ("in-progress", "done", "not-started")
# ≈5 % of the cards of the generated plans lead by it (499 of 10,000 measured): the provincial
# Departments of Planning and Investment, as a ministry asking them all for an update would select.
AGENCY = "so ke hoach va dau tu"
PER_PLAN = 20


class Db:
    """A database alone in its folder: whatever the store keeps beside the file (a journal, one file
    per plan, a `<db>.d` folder, its lock) belongs to it, whatever the layout names it."""

    NAME = "tracker.json"

    def __init__(self, folder: Path):
        self.folder, self.path = folder, folder / self.NAME

    @classmethod
    def new(cls, folder: Path) -> Db:
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        return cls(folder)

    def files(self) -> list[Path]:
        return [p for p in self.folder.rglob("*") if p.is_file()]

    def size(self) -> int:
        return sum(p.stat().st_size for p in self.files())

    def save(self, folder: Path) -> Db:
        shutil.rmtree(folder, ignore_errors=True)
        shutil.copytree(self.folder, folder)    # copy2: mtimes kept, in case the store compares them
        return Db(folder)

    def restorer(self, saved: Db):
        """A setup step: this folder back to `saved`, files a command added removed too."""
        def restore() -> None:
            shutil.rmtree(self.folder, ignore_errors=True)
            shutil.copytree(saved.folder, self.folder)
            # A database at rest, as a coordinator's is: without this the copy's pages are still
            # dirty and the command's first fsync of a file (the journal: 400 MiB after 300
            # bulks) writes the whole copy out, which is the copy's cost, not the command's.
            if hasattr(os, "sync"):
                os.sync()
        return restore


def size_figure(name: str, db: Db, cards: int, ref: Db | None = None, ref_name: str = "") -> Figure:
    files = db.files()
    note = f"{len(files)} file{'s' * (len(files) != 1)}, {db.size() / cards:,.0f} bytes/card"
    return Figure(name, [db.size() / MiB], unit="MiB", note=note, reference=ref_name,
                  ref_samples=[ref.size() / MiB] if ref else [])


# -- history: 5,000 cards after 300 bulk changes ----------------------------------------------------

def history(bench: Bench, cards: int, bulks: int) -> None:
    """Cold commands on a database after `bulks` bulk changes of every card, against a fresh copy of it."""
    from tracker import services
    from tracker.filters import Filters
    from tracker.store import Store

    root = bench.work / "history"
    log(f"history: a {cards:,}-card database, then {bulks} bulk changes of every card on a copy of it")
    fresh = Db.new(root / "fresh")
    generate.build_database(fresh.path, cards, seed=1, statuses=False)
    generate._PARSED.clear()     # parsed plans left alive slow every later figure (see Bench.build)
    gc.collect()
    # The aged database starts as the fresh one byte for byte: the history is the only difference.
    aged = fresh.save(root / "aged")
    seconds: list[float] = []
    started = time.perf_counter()
    for i in range(bulks):
        start = time.perf_counter()
        moved, _ = services.bulk_move(Store(aged.path), Filters(), CYCLE[i % len(CYCLE)], today=TODAY)
        seconds.append(time.perf_counter() - start)
        assert len(moved) == cards, (i, len(moved))
        if (i + 1) % 25 == 0 or i + 1 == bulks:
            log(f"history: {i + 1} of {bulks} bulks, the last {seconds[-1]:.2f} s, "
                f"{time.perf_counter() - started:.0f} s so far")
    gc.collect()
    # The last bulks against the first: how much each change costs more once the history is long.
    k = max(1, min(10, bulks // 2))
    span = lambda a, b: f"bulk {a}" if a == b else f"bulks {a}-{b}"  # noqa: E731
    bench.add(Figure(f"history: services.bulk_move of all {cards:,} cards, {span(bulks - k + 1, bulks)}", seconds[-k:],
                     reference=span(1, k), ref_samples=seconds[:k], note=f"all {bulks}: {fmt(sum(seconds), 's')}"))
    # Undo and history need a bulk to act on in the reference too: the fresh database after one.
    fresh1 = fresh.save(root / "fresh-1")
    services.bulk_move(Store(fresh1.path), Filters(), CYCLE[0], today=TODAY)
    gc.collect()

    after = f"{cards:,} cards after {bulks} bulks"
    bench.add(size_figure(f"history: database size on disk, {after}", aged, cards, fresh, "fresh database"))
    first = next(iter(Store(fresh.path).load().cards))
    work_aged, work_ref = Db(root / "work-aged"), Db(root / "work-ref")

    def pair(name: str, args: list[str], *, writes: bool, ref: Db = fresh, ref_name: str = "fresh database",
             ratio_target: float | None = None) -> None:
        # A write is measured on a copy restored before every run; a read on the saved database itself.
        if writes:
            run_a, run_r = work_aged.path, work_ref.path
            setup_a, setup_r = work_aged.restorer(aged), work_ref.restorer(ref)
        else:
            run_a, run_r, setup_a, setup_r = aged.path, ref.path, None, None
        ref_samples = cold(tracker(run_r, *args), bench.reps, setup_r, warm_up=bench.warm)
        samples = cold(tracker(run_a, *args), bench.reps, setup_a, warm_up=bench.warm)
        bench.add(Figure(f"history: tracker {name}, {after}, cold", samples, ratio_target=ratio_target,
                         reference=ref_name, ref_samples=ref_samples))

    # Issue 19: within 20 % of the fresh database's.
    pair("list --format json", ["list", "--format", "json"], writes=False, ratio_target=1.20)
    pair("move ID --to doing", ["move", first, "--to", "doing"], writes=True, ratio_target=1.20)
    pair("undo (the last bulk)", ["undo"], writes=True, ref=fresh1, ref_name="fresh database after 1 bulk")
    pair("history --limit 5", ["history", "--limit", "5"], writes=False, ref=fresh1,
         ref_name="fresh database after 1 bulk")
    for db in (work_aged, work_ref):
        shutil.rmtree(db.folder, ignore_errors=True)


# -- national: 63 provinces, 100,000 cards -----------------------------------------------------------

def national(bench: Bench, cards: int) -> None:
    """Import, cold commands and the board at national scale, each against the same at 5,000 cards."""
    from tracker import services
    from tracker.filters import Filters
    from tracker.importing import import_paths
    from tracker.store import Store

    root = bench.work / "national"
    n_plans = -(-cards // PER_PLAN)
    cards = n_plans * PER_PLAN
    # The reference is the first plans of the same generation (generate() draws plan after plan),
    # imported the same way: the ratio says how the figure grows with the cards (20× at 100,000).
    ref_plans = min(250, max(1, n_plans // 20))
    ref_cards = ref_plans * PER_PLAN
    log(f"national: writing {n_plans:,} plans ({cards:,} cards, {min(n_plans, 63)} provinces)")
    # Seed 7, as the 1,000-plan import: its plans are the first 1,000 of these.
    specs = generate.generate(root / "plans", n_plans, PER_PLAN, seed=7)
    db, ref = Db.new(root / "db"), Db.new(root / "ref")
    totals: dict[str, dict] = {}

    def importer(target: Db, files: list[Path], key: str):
        def run() -> None:
            shutil.rmtree(target.folder, ignore_errors=True)
            target.folder.mkdir()
            totals[key] = import_paths(Store(target.path), files).totals()
        return run

    ref_seconds = repeat(importer(ref, [s.file for s in specs[:ref_plans]], "ref"), 1)
    gc.collect()
    log(f"national: importing {n_plans:,} plans in-process")
    seconds = repeat(importer(db, [root / "plans"], "db"), 1)
    gc.collect()
    new = totals["db"]["new"]
    note = f"{new:,} cards, {seconds[0] / n_plans * 1000:.0f} ms/plan" + ("" if new == cards else
                                                                          f"; EXPECTED {cards:,}")
    bench.add(Figure(f"national: import {n_plans:,} generated plans, {min(n_plans, 63)} provinces "
                     f"(import_paths, one run)", seconds, target=30.0, note=note,
                     reference=f"the first {ref_plans:,} plans", ref_samples=ref_seconds))
    shutil.rmtree(root / "plans")
    bench.add(size_figure(f"national: database size on disk, {cards:,} cards", db, cards, ref,
                          f"{ref_cards:,} cards"))

    # The bulk's cards, counted by the same filter the command uses, and the state after it (for undo).
    selected, ref_selected = (len(services.bulk_move(Store(d.path), Filters(agency=AGENCY), "in-progress",
                                                     today=TODAY, dry_run=True)[0]) for d in (db, ref))
    saved_after: dict[str, Db] = {}
    for name, source in (("db", db), ("ref", ref)):
        saved_after[name] = source.save(root / f"{name}-after-bulk")
        services.bulk_move(Store(saved_after[name].path), Filters(agency=AGENCY), "in-progress", today=TODAY)
        gc.collect()
    work_db, work_ref = Db(root / "work-db"), Db(root / "work-ref")
    reps = bench.slow_reps

    def pair(name: str, args: list[str], *, target: float | None = None, writes: bool = False,
             start: str = "", note: str = "", with_ref: bool = True) -> None:
        # Writes run on a copy restored before every run (from the imported database, or after the bulk).
        sources = (saved_after["db"], saved_after["ref"]) if start == "after" else (db, ref)
        if writes or start:
            runs = (work_db.path, work_ref.path)
            setups = (work_db.restorer(sources[0]), work_ref.restorer(sources[1]))
        else:
            runs, setups = (db.path, ref.path), (None, None)
        ref_samples = cold(tracker(runs[1], *args), bench.reps, setups[1], warm_up=bench.warm) if with_ref else []
        samples = cold(tracker(runs[0], *args), reps, setups[0], warm_up=bench.warm)
        bench.add(Figure(f"national: tracker {name}, {cards:,} cards, cold", samples, target=target, note=note,
                         reference=f"same at {ref_cards:,} cards" + ("" if with_ref else ": selects none"),
                         ref_samples=ref_samples))

    pair("move ID --to doing", ["move", specs[0].ids[0], "--to", "doing"], target=0.4, writes=True)
    # An agency the small reference lacks is a typo to the command (exit 3): that reference is left out.
    picked, chosen = f'{selected:,} cards: --agency "{AGENCY}"', bool(ref_selected)
    bulk = ["bulk", "--agency", AGENCY, "--to", "doing", "--yes"]
    if selected:
        pair("bulk --to doing --yes", bulk, target=1.0, writes=True, note=picked, with_ref=chosen)
        pair("bulk --to doing --yes --format json", [*bulk, "--format", "json"], target=1.0, writes=True,
             note=picked, with_ref=chosen)
        pair("undo of that bulk", ["undo"], writes=True, start="after", note=f"{selected:,} cards", with_ref=chosen)
    else:
        bench.add(Figure(f"national: tracker bulk, {cards:,} cards", note=f'--agency "{AGENCY}" selects none'))
    pair("export ics", ["export", "ics", "-o", str(root / "all.ics")], target=10.0)
    pair("report (table)", ["report", "--as-of", TODAY.isoformat()])
    pair("list --format json", ["list", "--format", "json"])
    for folder in (work_db, work_ref):
        shutil.rmtree(folder.folder, ignore_errors=True)

    # The board on the national database after the bulk: cards in two columns, as one in use.
    board = saved_after["db"].save(root / "board")
    if board_bench.have_tmux():
        try:
            hello, hello_rss = bench.hello()
            launches, rss = bench._launches(board_bench.board_command(sys.executable, board.path),
                                            board_bench.board_ready, bench.launch_reps,
                                            settle=1.5 if bench.quick else 3.0)   # the search-key worker is slower here
            bench.add(Figure(f"national: board launch to first full screen, {cards:,} cards (tmux 160x48)", launches,
                             target=2.5, reference="minimal Textual app", ref_samples=hello))
            bench.add(Figure(f"national: board peak RSS (VmHWM), {cards:,} cards", rss, unit="MiB", target=500.0,
                             reference="minimal Textual app", ref_samples=hello_rss))
        finally:
            board_bench.stop_server()
    else:
        bench.add(Figure("national: board launch and peak RSS", note="tmux not installed"))
    bench.latency(board.path, cards, prefix="national: ", timeout=3600)
