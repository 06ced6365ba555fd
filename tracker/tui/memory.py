"""The board's garbage-collector tuning: load without the collector, collect less often while the board runs."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
GC_THRESHOLD = 50_000    # young objects between collections (Python's default: 700)


class CollectorTuning:
    """Thresholds raised while the board runs, put back when it stops."""

    def __init__(self) -> None:
        self._saved: tuple[int, ...] | None = None

    def start(self) -> None:
        # A frame of the board allocates ~15,000 short-lived objects (Textual makes a Strip with
        # seven small caches per drawn line): at the default threshold of 700 that is ~25 young
        # and 2 middle collections per keystroke, and a full one every few keystrokes (measured
        # 1-4 ms and 30-60 ms inside the frame). Nearly all of it is freed by reference counting,
        # so collect less often while the board runs; stop() puts the thresholds back.
        self._saved = gc.get_threshold()
        gc.set_threshold(GC_THRESHOLD, *self._saved[1:])

    def stop(self) -> None:
        if self._saved is not None:
            gc.set_threshold(*self._saved)


@contextmanager
def loading() -> Iterator[None]:
    """Load without the collector, then keep what was loaded out of its passes.

    20,000 cards make ~1M objects; the cyclic GC would walk them repeatedly while loading, and
    the loaded cards live as long as the board.
    """
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
        gc.freeze()


def freeze() -> None:
    """Keep every object alive now out of the collector's passes (after the background fold:
    20,000 rows' filter keys live as long as the board; walking them cost ~10 ms per full pass)."""
    gc.freeze()


def collect_young() -> None:
    """Collect the young generations now: a closed dialog leaves its widgets behind as cyclic
    garbage (~20,000 objects for the quarter picker). Collected whenever the collector next ran,
    it added 40-70 ms to the following keystroke at 20,000 cards (measured on a search key)."""
    gc.collect(1)
