"""The format registries: RENDERERS (`tracker report --format`) and REMIND_RENDERERS (`tracker remind`).

Each format family module declares its formats in a FORMATS tuple next to the code that renders
them; this module only collects them, in the order `--format` lists them. A new format is one
Renderer line in its family's FORMATS (plus its test); a new family is a module with FORMATS and
its name in the tuple below. A format the CLI lists as rows also needs its column spec in
tracker/cli/report_columns.py.
"""

from __future__ import annotations

from collections.abc import Iterable

from . import docs, office, remind, rows
from .model import Renderer


def _registry(families: Iterable) -> dict[str, Renderer]:
    registry: dict[str, Renderer] = {}
    for family in families:
        for renderer in family.FORMATS:
            if renderer.name in registry:
                raise ValueError(f"two report formats are called {renderer.name!r}")
            registry[renderer.name] = renderer
    return registry


RENDERERS = _registry((rows, docs, office))
REMIND_RENDERERS = _registry((remind,))

__all__ = ["RENDERERS", "REMIND_RENDERERS", "Renderer"]
