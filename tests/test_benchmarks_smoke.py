"""The benchmark generator writes plans that the real importer reads into the promised cards."""

from __future__ import annotations

import importlib.util
import re
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
