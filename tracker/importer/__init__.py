"""Plan documents to cards: read a file, recognise its shape, build cards, merge them into the store.

Public API (DESIGN §3): `read_plan(path, shape=None) -> ImportResult` reads one file without
touching the store; `import_paths(store, paths, dry_run=False, shape=None, by="") -> ImportReport`
imports files and folders in one transaction.
"""

from __future__ import annotations

from pathlib import Path

from .cards import ImportResult, build_cards, years_named
from .document import LineWarning
from .metadata import plan_period, read_metadata
from .readers import read_document
from .registry import SHAPE_NAMES, read_rows

__all__ = ["read_plan", "import_paths", "ImportResult", "ImportReport", "FileReport", "LineWarning", "SHAPE_NAMES"]


def read_plan(path: str | Path, *, shape: str | None = None) -> ImportResult:
    """One plan file as a Plan and its Cards; raises ImportFailed only when it cannot be read at all."""
    doc = read_document(path)
    warnings: list[LineWarning] = list(doc.warnings)
    plan = read_metadata(doc, warnings)
    rows, module = read_rows(doc, warnings, shape)
    plan.period = plan_period(plan, doc, years_named(rows))
    if getattr(module, "DEADLINE_IS_PERIOD", False) and plan.period.get("text"):
        # Body sections carry no time of their own: the plan period is their deadline.
        for row in rows:
            row.time_text = row.time_text or plan.period["text"]
    plan.source = {"file": doc.name, "sha256": doc.sha256, "shape": module.NAME}
    cards = build_cards(plan, rows, doc.name, warnings)
    warnings.sort(key=lambda w: (w.line is not None, w.line or 0))
    return ImportResult(plan=plan, cards=cards, warnings=warnings, shape=module.NAME,
                        inferred=module.INFERRED, file=doc.name)


def __getattr__(name: str):
    # The merge and report modules load the store's dependencies; only pay for them when used.
    if name in ("import_paths", "ImportReport", "FileReport"):
        from . import merge, report
        return {"import_paths": merge.import_paths, "ImportReport": report.ImportReport,
                "FileReport": report.FileReport}[name]
    raise AttributeError(name)
