"""The document shapes, tried in order until one recognises the document; `shape=` forces one."""

from __future__ import annotations

from types import ModuleType

from ..errors import ImportFailed, UsageError
from . import shape_cells, shape_markdown, shape_roadmap, shape_sections, shape_tab, shape_table
from .document import Document, LineWarning
from .rows import TaskRow

# Real tables first (they are unambiguous), body shapes last (they guess).
SHAPES: tuple[ModuleType, ...] = (shape_table, shape_tab, shape_markdown, shape_cells, shape_roadmap, shape_sections)
SHAPE_NAMES = tuple(shape.NAME for shape in SHAPES)
_DESCRIPTIONS = {
    "table": "a real table (.docx/.html)",
    "tab": "a tab-separated table",
    "markdown": "a markdown pipe table",
    "cells": "a table flattened to one cell per line",
    "roadmap": "a roadmap by year in the plan body",
    "sections": "numbered content sections in the plan body",
}


def shape_named(name: str) -> ModuleType:
    for shape in SHAPES:
        if shape.NAME == name:
            return shape
    raise UsageError(f"Unknown shape {name!r}.", "Use one of: " + ", ".join(SHAPE_NAMES) + ".")


def describe(name: str) -> str:
    return _DESCRIPTIONS.get(name, name)


def read_rows(doc: Document, warnings: list[LineWarning], shape: str | None = None) -> tuple[list[TaskRow], ModuleType]:
    """Task rows and the shape that read them; ImportFailed when no shape finds any task."""
    if shape:
        module = shape_named(shape)
        found: list[LineWarning] = []
        rows = module.read(doc, found) if module.sniff(doc) else []
        warnings += found
        if not rows:
            raise ImportFailed(f"{doc.name}: no tasks found as {describe(module.NAME)} (shape '{module.NAME}' was forced).",
                               "Leave out --shape to let the importer recognise the document, or choose another shape.")
        return rows, module
    for module in SHAPES:
        if not module.sniff(doc):
            continue
        found = []
        rows = module.read(doc, found)
        if rows:
            warnings += found
            return rows, module
    what = "HTML page" if doc.format == "html" else "document"
    raise ImportFailed(
        f"{doc.name}: no tasks found: the {what} has no task table (columns TT, Nội dung, Cơ quan chủ trì, …), "
        "no roadmap by year and no numbered content section.",
        "Check that this is the plan itself (with its appendix), or force a shape with --shape "
        + "|".join(SHAPE_NAMES) + ".")
