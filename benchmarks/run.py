"""Benchmarks at national scale: `python benchmarks/run.py [--quick]` prints one table of figures.

`--only history` and `--only national` run issue 19's axes (5,000 cards after 300 bulk changes;
100,000 cards of 63 provinces); they are left out of the default run, which stays a few minutes.
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import shutil
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(HERE), str(ROOT)]

import axes  # noqa: E402
import board_bench  # noqa: E402
import generate  # noqa: E402
from harness import Figure, Taskwarrior, cold, fmt, log, repeat, table, tracker  # noqa: E402

PY = sys.executable
TODAY = date(2014, 1, 15)
MiB = 1024 * 1024
PARTS = ["cli", "imports", "changes", "data", "board"]     # the default run, on the databases build() makes
AXES = ["history", "national"]                              # issue 19, only when asked for


class Bench:
    """Builds the databases once, then measures each figure against its reference."""

    def __init__(self, work: Path, quick: bool, *, history_cards: int = 5_000, history_bulks: int = 300,
                 national_cards: int = 100_000, reps: int | None = None):
        self.work, self.quick = work, quick
        self.history_cards, self.history_bulks, self.national_cards = history_cards, history_bulks, national_cards
        self._hello: tuple[list[float], list[float]] | None = None
        self.reps = 3 if quick else 7
        self.slow_reps = 1 if quick else 3     # for figures that take seconds each
        self.mid_reps = 2 if quick else 5      # export and calendar building
        self.launch_reps = 2 if quick else 7   # board launches in tmux
        self.key_reps = 2 if quick else 10     # rounds of board keys through Pilot
        if reps:                               # --reps: one count for all (a smoke run takes 1)
            self.reps = self.slow_reps = self.mid_reps = self.launch_reps = self.key_reps = reps
        self.warm = not quick                  # warm-up runs only in the full benchmark
        self.figures: list[Figure] = []
        self.tw = Taskwarrior(work / "taskwarrior") if Taskwarrior.available() else None

    def add(self, figure: Figure) -> Figure:
        self.figures.append(figure)
        log(f"{figure.name}: median {fmt(figure.median, figure.unit)}")
        return figure

    def copy(self, source: Path, target: Path):
        return lambda: copy_db(source, target)

    # -- databases -------------------------------------------------------------------------
    def build(self) -> None:
        log("building databases from generated plans (150, 5,000, 5,000 all not started, 20,000 cards)")
        self.db20k = generate.build_database(self.work / "db20k.json", 20_000, seed=1)   # parses the plans once
        self.db150 = generate.build_database(self.work / "db150.json", 150, seed=1)
        self.db5k = generate.build_database(self.work / "db5k.json", 5_000, seed=1)
        self.db5k_new = generate.build_database(self.work / "db5k-new.json", 5_000, seed=1, statuses=False)
        # A million parsed objects left alive would make every later in-process figure pay for
        # the collector walking them (bulk_move measured 0.26 s alone, 0.4-0.57 s beside them).
        generate._PARSED.clear()
        gc.collect()

    # -- cold command line -----------------------------------------------------------------
    def cli(self) -> None:
        python = cold([PY, "-c", "pass"], self.reps)
        ref = "python -c pass"
        self.add(Figure("tracker --help, cold", cold(tracker(self.db150, "--help"), self.reps),
                        reference=ref, ref_samples=python))
        self.add(Figure("tracker list --format json, 150 cards, cold",
                        cold(tracker(self.db150, "list", "--format", "json"), self.reps),
                        target=0.25, reference=ref, ref_samples=python))
        if self.tw:
            tw = Taskwarrior(self.work / "tw150")
            tw.load(list(self._cards(self.db150)))
            self.add(Figure("Taskwarrior task next, 150 tasks, cold (§12 reference)", tw.timed("next", reps=self.reps,
                            restore=False), reference=ref, ref_samples=python))
        else:
            self.add(Figure("Taskwarrior task next, 150 tasks, cold (§12 reference)", note="task not installed"))
        self.python = python

    @staticmethod
    def _cards(db: Path):
        from tracker.store import Store

        return Store(db).load().active_cards()

    # -- imports -----------------------------------------------------------------------------
    def imports(self) -> None:
        from tracker.importing import import_paths
        from tracker.store import Store

        db = self.work / "import5.json"

        def fresh() -> None:
            for leftover in self.work.glob("import5.json*"):
                if leftover.is_dir():
                    shutil.rmtree(leftover)     # the card files and journal beside the head
                else:
                    leftover.unlink()
        self.add(Figure("import the five plans (import_paths, in-process)",
                        repeat(lambda: import_paths(Store(db), [ROOT / "plans"]), self.reps, setup=fresh),
                        target=0.5))
        self.add(Figure("tracker import plans/, cold", cold(tracker(db, "import", str(ROOT / "plans")), self.reps,
                                                            setup=fresh),
                        target=0.5, reference="python -c pass", ref_samples=self.python))
        n = 100 if self.quick else 1000
        folder = self.work / "plans1000"
        specs = generate.generate(folder, n, 20, seed=7)
        big = self.work / "import1000.json"
        seconds = repeat(lambda: import_paths(Store(big), [folder]), 1)
        cards = len(Store(big).load().cards)
        expected = sum(len(spec.ids) for spec in specs)
        note = f"{cards:,} cards, {seconds[0] / n * 1000:.0f} ms/plan" + ("" if cards == expected else
                                                                          f"; EXPECTED {expected:,}")
        self.add(Figure(f"import {n:,} generated plans (import_paths, one run)", seconds, note=note))
        shutil.rmtree(folder)
        self.corpus()

    def corpus(self) -> None:
        """The 42 real web documents of ../shared/corpus: read, classified, refused or imported."""
        from tracker.errors import ImportFailed
        from tracker.importer import read_plan

        corpus = ROOT.parent / "shared" / "corpus"
        files = sorted(corpus.glob("*.md"))
        files = [f for f in files if f.name != "README.md"]
        if not files:
            self.add(Figure("read the 42-document corpus", note="../shared/corpus not found"))
            return
        outcome: dict[str, int] = {"cards": 0, "refused": 0}

        def read_all() -> None:
            outcome.update(cards=0, refused=0)
            for path in files:
                try:
                    outcome["cards"] += len(read_plan(path).cards)
                except ImportFailed:
                    outcome["refused"] += 1
        self.add(Figure(f"read the {len(files)}-document corpus (read_plan, in-process)",
                        repeat(read_all, max(1, self.reps // 2)), target=5.0,
                        note=f"{outcome['cards']} cards, {outcome['refused']} refused"))

    # -- changes: bulk, undo, move -----------------------------------------------------------
    def changes(self) -> None:
        from tracker import services
        from tracker.filters import Filters
        from tracker.store import Store

        db, after = self.work / "bulk.json", self.work / "bulk-after.json"
        start = self.copy(self.db5k_new, db)
        start()
        moved, _ = services.bulk_move(Store(db), Filters(), "in-progress", today=TODAY)
        assert len(moved) == 5_000, len(moved)
        copy_db(db, after)
        tw_modify = tw_done = tw_move = []
        if self.tw:
            log("loading 5,000 tasks into Taskwarrior")
            self.tw.load(list(self._cards(self.db5k_new)))
            tw_modify = self.tw.timed("+PENDING", "modify", "+doing", reps=self.slow_reps, warm_up=self.warm)
            tw_move = self.tw.timed("1", "modify", "+doing", reps=self.reps)
            # `done` of 5,000 takes 12-30 s a run: the quick benchmark leaves it out.
            tw_done = [] if self.quick else self.tw.timed("+PENDING", "done", reps=self.slow_reps, warm_up=False)
        tw = "Taskwarrior" if self.tw else "Taskwarrior: not installed"
        bulk = repeat(lambda: services.bulk_move(Store(db), Filters(), "in-progress", today=TODAY), self.reps,
                      setup=start)
        self.add(Figure("bulk move 5,000 cards, durable (services.bulk_move)", bulk, target=0.5,
                        reference=f"{tw} modify 5,000" if self.tw else tw, ref_samples=tw_modify))
        done = repeat(lambda: services.bulk_move(Store(db), Filters(), "done", today=TODAY), self.reps, setup=start)
        self.add(Figure("bulk move 5,000 cards to done, durable", done, target=0.5,
                        reference=(f"{tw} done 5,000" + (" (full run only)" if self.quick else "")) if self.tw else tw,
                        ref_samples=tw_done))
        undo = repeat(lambda: services.undo_last(Store(db)), self.reps, setup=self.copy(after, db))
        self.add(Figure("undo of that 5,000-card bulk, durable (services.undo_last)", undo, target=0.5))
        self.add(Figure("tracker bulk --to doing --yes, 5,000 cards, cold",
                        cold(tracker(db, "bulk", "--to", "doing", "--yes"), self.slow_reps, setup=start,
                             warm_up=self.warm), target=0.5,
                        reference=f"{tw} modify 5,000" if self.tw else tw, ref_samples=tw_modify))
        # The same change without the 5,000-row table the default output prints afterwards.
        self.add(Figure("tracker bulk --to doing --yes --format json, 5,000 cards, cold",
                        cold(tracker(db, "bulk", "--to", "doing", "--yes", "--format", "json"), self.reps,
                             setup=start, warm_up=self.warm), target=0.5,
                        reference=f"{tw} modify 5,000" if self.tw else tw, ref_samples=tw_modify))
        self.add(Figure("tracker undo of it, 5,000 cards, cold", cold(tracker(db, "undo"), self.reps,
                                                                      setup=self.copy(after, db)), target=0.5))
        first = next(iter(Store(self.db5k_new).load().cards))
        self.add(Figure("tracker move ID --to doing at 5,000 cards, cold",
                        cold(tracker(db, "move", first, "--to", "doing"), self.reps, setup=start), target=0.3,
                        reference=f"{tw} modify one of 5,000" if self.tw else tw, ref_samples=tw_move))

    # -- export, size, load --------------------------------------------------------------------
    def data(self) -> None:
        import orjson

        from tracker.calendar.ics import build_calendar
        from tracker.store import Store

        out = self.work / "all.ics"
        reps = self.mid_reps
        self.add(Figure("tracker export ics, 20,000 cards, cold",
                        cold(tracker(self.db20k, "export", "ics", "-o", str(out)), reps, warm_up=self.warm), target=3.0))
        snapshot = Store(self.db20k).load()
        cards, plans = snapshot.active_cards(), snapshot.plans
        self.add(Figure("build_calendar of 20,000 cards (in-process)",
                        repeat(lambda: build_calendar(cards, plans, kind="events"), reps)))
        files = [self.db20k, *(p for p in self.db20k.with_name(self.db20k.name + ".d").rglob("*") if p.is_file())]
        size = sum(p.stat().st_size for p in files)
        self.add(Figure("database size on disk, 20,000 cards (head, card files, journal)", [size / MiB], unit="MiB",
                        note=f"{len(files):,} files, {size / 20_000:,.0f} bytes/card"))
        raws = [p.read_bytes() for p in files]
        self.add(Figure("load 20,000 cards (Store.load + Card objects)",
                        repeat(lambda: Store(self.db20k).load().cards, self.reps),
                        reference="orjson.loads of every file",
                        ref_samples=repeat(lambda: [orjson.loads(raw) for raw in raws if raw[:1] == b"{"
                                                    and not raw.startswith(b'{"set"')], self.reps)))

    # -- issue 19's axes (benchmarks/axes.py) ------------------------------------------------------
    def history(self) -> None:
        axes.history(self, self.history_cards, self.history_bulks)

    def national(self) -> None:
        axes.national(self, self.national_cards)

    # -- the board -------------------------------------------------------------------------------
    def board(self) -> None:
        if board_bench.have_tmux():
            self.launches()
        else:
            self.add(Figure("board launch and peak RSS", note="tmux not installed"))
        self.latency()

    def hello(self) -> tuple[list[float], list[float]]:
        """Launch seconds and peak RSS of the minimal Textual app, the board rows' reference (once a run)."""
        if self._hello is None:
            hello = self.work / "hello.py"
            hello.write_text(board_bench.MINIMAL_APP, encoding="utf-8")
            self._hello = self._launches([PY, str(hello)], board_bench.hello_ready, self.launch_reps)
        return self._hello

    def launches(self) -> None:
        reps = self.launch_reps
        try:
            ref, ref_rss = self.hello()
            for n, db, target in ((5_000, self.db5k, 1.0), (20_000, self.db20k, 1.5)):
                seconds, rss = self._launches(board_bench.board_command(PY, db), board_bench.board_ready, reps)
                self.add(Figure(f"board launch to first full screen, {n:,} cards (tmux 160x48)", seconds,
                                target=target, reference="minimal Textual app", ref_samples=ref))
            self.add(Figure("board peak RSS (VmHWM), 20,000 cards", rss, unit="MiB",
                            reference="minimal Textual app", ref_samples=ref_rss))
        finally:
            board_bench.stop_server()

    def latency(self, db: Path | None = None, n: int = 20_000, prefix: str = "", timeout: float = 600) -> None:
        log(f"key latency through Pilot at {n:,} cards")
        found = board_bench.latency_in_subprocess(PY, db or self.db20k, self.key_reps, timeout=timeout)
        assert found.pop("_cards") == [float(n)]
        floor = found.pop("no-op key (Pilot press+pause)", [])
        for name, samples in found.items():
            pilot = "Pilot" in name
            # press+pause cannot go below its own floor (~60 ms, DESIGN §9): no target, the floor as reference.
            self.add(Figure(f"{prefix}{name}, {n:,} cards", samples, target=None if pilot else 0.05,
                            reference="Pilot floor (unbound key)" if pilot else "", ref_samples=floor if pilot else []))

    def _launches(self, command: list[str], ready, reps: int,
                  settle: float | None = None) -> tuple[list[float], list[float]]:
        if self.warm:
            board_bench.launch(command, ready, settle=0)    # warm-up: page cache, .pyc files
        seconds, rss = [], []
        for _ in range(reps):
            # 1.5 s after the first screen the search-key worker has finished (at 20,000 cards): VmHWM is the peak.
            wait = settle if settle is not None else 1.0 if self.quick else 1.5
            elapsed, hwm, _ = board_bench.launch(command, ready, settle=wait)
            seconds.append(elapsed)
            if hwm:
                rss.append(hwm / 1024)
        return seconds, rss


def copy_db(source: Path, target: Path) -> None:
    """A database copied whole: its head and the folder beside it (card files, journal), at rest."""
    shutil.copyfile(source, target)
    for suffix in (".d", ".bak"):
        src, dst = source.with_name(source.name + suffix), target.with_name(target.name + suffix)
        if dst.is_dir():
            shutil.rmtree(dst)
        elif dst.exists():
            dst.unlink()
        if src.is_dir():
            shutil.copytree(src, dst)
        elif src.exists():
            shutil.copyfile(src, dst)
    # Without this the copy's pages are still dirty and the command's first fsync writes them out.
    if hasattr(os, "sync"):
        os.sync()


def machine() -> list[str]:
    """CPU model, cores, RAM, Python and tool versions, load: what the figures depend on."""
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    ram = next((int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                if line.startswith("MemTotal")), 0)
    import textual

    tools = []
    for tool in ("tmux -V", "task --version"):
        found = shutil.which(tool.split()[0])
        version = os.popen(tool).read().strip() if found else "not installed"
        tools.append(f"{tool.split()[0]} {version}".replace("tmux tmux", "tmux"))
    # The figures belong to one state of the code: name the commit and whether tracked files differ.
    head = os.popen(f"git -C {ROOT} rev-parse --short HEAD 2>/dev/null").read().strip() or "unknown"
    dirty = os.popen(f"git -C {ROOT} status --porcelain --untracked-files=no 2>/dev/null").read().strip()
    return [f"date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
            f"code: commit {head}" + (" with uncommitted changes" if dirty else ""), f"CPU: {cpu}, {os.cpu_count()} cores",
            f"RAM: {ram / 1024 / 1024:.1f} GiB", f"Python {platform.python_version()}, textual {textual.__version__}",
            ", ".join(tools), "load average at start: " + " ".join(f"{x:.2f}" for x in os.getloadavg())]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer repetitions and 100 plans instead of 1,000 (< 2 min)")
    parser.add_argument("--markdown", metavar="FILE", help="also write the table and the machine as Markdown")
    parser.add_argument("--only", metavar="PART", action="append", choices=PARTS + AXES,
                        help=f"run only these parts ({', '.join(PARTS)}; and {', '.join(AXES)}, never run by default)")
    parser.add_argument("--history-cards", type=int, default=5_000, metavar="N", help="history axis: cards")
    parser.add_argument("--history-bulks", type=int, default=300, metavar="N",
                        help="history axis: bulk changes of every card before measuring")
    parser.add_argument("--national-cards", type=int, default=100_000, metavar="N",
                        help="national axis: cards (rounded up to 20-card plans)")
    parser.add_argument("--reps", type=int, metavar="N", help="repeat every figure N times (overrides --quick's counts)")
    parser.add_argument("--keep", action="store_true", help="keep the work folder (benchmarks/.work/run-PID)")
    args = parser.parse_args()
    work = HERE / ".work" / f"run-{os.getpid()}"
    work.mkdir(parents=True)
    about = machine()
    bench = Bench(work, args.quick, history_cards=args.history_cards, history_bulks=args.history_bulks,
                  national_cards=args.national_cards, reps=args.reps)
    parts = args.only or PARTS
    started = time.perf_counter()
    try:
        if set(parts) & set(PARTS):     # the axes build their own databases
            bench.build()
        bench.python = []
        for part in parts:
            try:
                getattr(bench, part)()
            except Exception as exc:  # noqa: BLE001 - one broken command must not hide every other figure
                log(f"{part} failed: {type(exc).__name__}: {exc}")
                bench.add(Figure(f"{part}: FAILED", note=f"{type(exc).__name__}: {str(exc)[:120]}"))
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    about.append("load average at end: " + " ".join(f"{x:.2f}" for x in os.getloadavg()))
    about.append(f"run: {'--quick' if args.quick else 'full'}, {time.perf_counter() - started:.0f} s")
    print("\n".join(about))
    print()
    print(table(bench.figures))
    if args.markdown:
        Path(args.markdown).write_text("\n".join(f"- {line}" for line in about) + "\n\n"
                                       + table(bench.figures, markdown=True) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
