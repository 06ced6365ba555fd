"""A big import reads its files on every core: the same cards and the same report as one process,
refused files and their messages included (they travel back from the workers)."""

from __future__ import annotations

from pathlib import Path

import pytest

import tracker.importing as importing
from tracker.store import Store

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not beside the project")
def test_the_corpus_imports_the_same_on_every_core_as_in_one_process(tmp_path, monkeypatch):
    files = sorted(CORPUS.glob("*.md"))
    assert len(files) >= importing.PARALLEL_FROM          # so the first import really uses workers
    parallel = importing.import_paths(Store(tmp_path / "parallel.json"), files)
    monkeypatch.setattr(importing, "PARALLEL_FROM", 10_000)
    serial = importing.import_paths(Store(tmp_path / "serial.json"), files)
    assert parallel.to_dict() == serial.to_dict()
    refused = [report for report in parallel.files if report.error]
    assert refused and all(report.error.template for report in refused)   # messages, still translatable
    cards = Store(tmp_path / "parallel.json").load().cards
    assert len(cards) == parallel.totals()["new"] > 100
    # Each import draws fresh calendar uids and stamps its own time; everything else is the same.
    same = {"uid": None, "updated_at": None}
    serial_cards = Store(tmp_path / "serial.json").load().cards
    assert {card_id: card.to_dict() | same for card_id, card in cards.items()} == \
        {card_id: card.to_dict() | same for card_id, card in serial_cards.items()}
