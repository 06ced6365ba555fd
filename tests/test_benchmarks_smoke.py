"""The benchmark generator writes plans that the real importer reads into the promised cards."""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
from pathlib import Path

from tracker.importing import import_paths
from tracker.store import Store

ROOT = Path(__file__).resolve().parent.parent


def _generator():
    # benchmarks/ is a folder of scripts, not a package: load the module from its file.
    spec = importlib.util.spec_from_file_location("bench_generate", ROOT / "benchmarks" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module      # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


def test_two_generated_plans_import_into_the_expected_cards(tmp_path: Path, isolated_db: Path) -> None:
    generate = _generator()
    specs = generate.generate(tmp_path / "plans", n_plans=2, tasks_per_plan=7, seed=3)

    assert [spec.shape for spec in specs] == ["tab", "cells-roman"]
    import_paths(Store(isolated_db), [tmp_path / "plans"])

    snapshot = Store(isolated_db).load()
    expected = [card_id for spec in specs for card_id in spec.ids]
    assert len(expected) == 14
    assert sorted(snapshot.cards) == sorted(expected)
    assert sorted(snapshot.plans) == sorted(spec.key for spec in specs)
    # Tab tables give "group.letter" ids (a lone group number for a task without items),
    # Roman sections give "SECTION.row" ids (DESIGN §4).
    tab, roman = specs
    assert all(re.fullmatch(r"\d+(\.[a-z])?", card_id.removeprefix(tab.key + ".")) for card_id in tab.ids)
    assert all(re.fullmatch(r"[IVX]+\.\d+", card_id.removeprefix(roman.key + ".")) for card_id in roman.ids)
    assert all(card.lead and card.time_text and card.content for card in snapshot.cards.values())


def test_the_same_seed_writes_the_same_bytes(tmp_path: Path) -> None:
    generate = _generator()
    first = generate.generate(tmp_path / "a", 2, 5, seed=11)
    second = generate.generate(tmp_path / "b", 2, 5, seed=11)
    assert [spec.file.read_bytes() for spec in first] == [spec.file.read_bytes() for spec in second]
    assert [spec.ids for spec in first] == [spec.ids for spec in second]


def test_the_history_and_national_axes_print_their_rows(tmp_path: Path) -> None:
    # Both of issue 19's axes, tiny and once each: the runner's own table, read from its Markdown copy.
    out = tmp_path / "results.md"
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "run.py"), "--quick", "--reps", "1",
                           "--only", "history", "--only", "national", "--history-cards", "200",
                           "--history-bulks", "4", "--national-cards", "400", "--markdown", str(out)],
                          cwd=ROOT, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr[-2000:]
    rows = [[cell.strip() for cell in line.strip("|").split(" | ")] for line in out.read_text().splitlines()
            if line.startswith("| ") and not line.startswith("| figure")]
    assert not [row for row in rows if "FAILED" in row[0]], done.stderr[-2000:]
    number = re.compile(r"^\d[\d.,]* (ms|s|MiB)$")

    def row(prefix: str) -> list[str]:
        found = [r for r in rows if r[0].startswith(prefix)]
        assert found, f"no row {prefix!r} in:\n" + "\n".join(r[0] for r in rows)
        assert number.match(found[0][2]), found[0]       # the median
        return found[0]

    row("history: services.bulk_move of all 200 cards, bulks 3-4")
    row("history: database size on disk, 200 cards after 4 bulks")
    for name in ("list --format json", "move ID --to doing"):
        figure = row(f"history: tracker {name}, 200 cards after 4 bulks, cold")
        # Judged against the fresh database measured in the same run: a ratio and a verdict.
        assert figure[3] == "≤ 1.20× reference" and figure[4].startswith("fresh database: "), figure
        assert re.fullmatch(r"\d+\.\d\d×", figure[5]) and figure[6] in ("meets", "MISSES"), figure
    row("history: tracker undo (the last bulk), 200 cards after 4 bulks, cold")
    row("history: tracker history --limit 5, 200 cards after 4 bulks, cold")

    assert row("national: import 20 generated plans, 20 provinces")[3] == "≤ 30.00 s"
    row("national: database size on disk, 400 cards")
    for name in ("move ID --to doing", "bulk --to doing --yes", "bulk --to doing --yes --format json",
                 "undo of that bulk", "export ics", "report (table)", "list --format json"):
        row(f"national: tracker {name}, 400 cards, cold")
    if shutil.which("tmux"):
        row("national: board launch to first full screen, 400 cards")
        assert row("national: board peak RSS (VmHWM), 400 cards")[3] == "≤ 500.0 MiB"
    for name in ("move", "filter"):
        assert row(f"national: {name} (key to painted frame), 400 cards")[3] == "≤ 50 ms"
