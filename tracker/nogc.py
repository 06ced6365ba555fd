"""`no_gc()`: a block during which Python's cyclic garbage collector does not run.

Parsing a database builds hundreds of thousands of dicts and strings that all stay alive; every
collection the allocations trigger walks them again for nothing (measured: more than half of
`orjson.loads` at 100,000 cards). JSON cannot hold cycles, so pausing the collector is safe.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def no_gc() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
