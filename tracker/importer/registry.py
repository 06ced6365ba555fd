"""The import's names in one place: table forms, body shapes, and what `--shape` accepts.

A body shape is one module declaring `NAME`, `INFERRED`, `DESCRIPTION` (a msg; Vietnamese in the catalog),
`sniff(doc)` and `read(doc, warnings)`; adding one is adding it to `BODY_SHAPES`. Table forms
are named by the readers' tables (`Table.form`); their descriptions are here.
"""

from __future__ import annotations

from types import ModuleType

from ..errors import UsageError
from ..i18n import Msg, localize, msg
from . import body_labelled, body_roadmap, body_sections

# Tried in order when a document has no task table: the most explicit first.
BODY_SHAPES: tuple[ModuleType, ...] = (body_labelled, body_roadmap, body_sections)
TABLE_FORMS: dict[str, Msg] = {
    "table": msg("a real table (.docx/.html)"),
    "sheet": msg("a worksheet (.xlsx)"),
    "pdf": msg("a table in a PDF"),
    "tab": msg("a tab-separated table"),
    "markdown": msg("a markdown table (| rows or | lines)"),
    "cells": msg("a table flattened to one cell per line"),
}
SHAPE_NAMES = (*TABLE_FORMS, *(shape.NAME for shape in BODY_SHAPES))


def body_shape(name: str) -> ModuleType | None:
    return next((shape for shape in BODY_SHAPES if shape.NAME == name), None)


def check_shape(name: str) -> None:
    if name not in SHAPE_NAMES:
        raise UsageError(msg("Unknown shape {name}.", name=repr(name)),
                         msg("Use one of: {names}.", names=", ".join(SHAPE_NAMES)))


def shape_said(name: str) -> str:
    """What a table form or body shape is, as a message (its name when it is neither)."""
    if name in TABLE_FORMS:
        return TABLE_FORMS[name]
    shape = body_shape(name)
    return shape.DESCRIPTION if shape else name


def describe(name: str, lang: str = "en") -> str:
    """What a table form or body shape is, in `lang`."""
    return localize(shape_said(name), lang)
