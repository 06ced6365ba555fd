"""The import's names in one place: table forms, body shapes, and what `--shape` accepts.

A body shape is one module declaring `NAME`, `INFERRED`, `DESCRIPTIONS` ({"vi", "en"}),
`sniff(doc)` and `read(doc, warnings)`; adding one is adding it to `BODY_SHAPES`. Table forms
are named by the readers' tables (`Table.form`); their descriptions are here.
"""

from __future__ import annotations

from types import ModuleType

from ..errors import UsageError
from . import body_labelled, body_roadmap, body_sections

# Tried in order when a document has no task table: the most explicit first.
BODY_SHAPES: tuple[ModuleType, ...] = (body_labelled, body_roadmap, body_sections)
TABLE_FORMS = {
    "table": {"vi": "bảng thật (.docx/.html)", "en": "a real table (.docx/.html)"},
    "sheet": {"vi": "bảng tính (.xlsx)", "en": "a worksheet (.xlsx)"},
    "pdf": {"vi": "bảng trong PDF", "en": "a table in a PDF"},
    "tab": {"vi": "bảng phân cách bằng tab", "en": "a tab-separated table"},
    "markdown": {"vi": "bảng markdown (dòng | hoặc ô | trên từng dòng)", "en": "a markdown table (| rows or | lines)"},
    "cells": {"vi": "bảng bị trải phẳng, mỗi ô một dòng", "en": "a table flattened to one cell per line"},
}
SHAPE_NAMES = (*TABLE_FORMS, *(shape.NAME for shape in BODY_SHAPES))


def body_shape(name: str) -> ModuleType | None:
    return next((shape for shape in BODY_SHAPES if shape.NAME == name), None)


def check_shape(name: str) -> None:
    if name not in SHAPE_NAMES:
        raise UsageError(f"Unknown shape {name!r}.", "Use one of: " + ", ".join(SHAPE_NAMES) + ".")


def describe(name: str, lang: str = "en") -> str:
    if name in TABLE_FORMS:
        return TABLE_FORMS[name].get(lang, TABLE_FORMS[name]["en"])
    shape = body_shape(name)
    return shape.DESCRIPTIONS.get(lang, shape.DESCRIPTIONS["en"]) if shape else name
