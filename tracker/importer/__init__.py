"""Plan documents to cards: read a file into tables, find its task tables, build cards.

Public API (DESIGN §3): `read_plan(path, shape=None) -> ImportResult` reads one file and never
touches the store; the services (`tracker.importing`) merge results into the store.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import ImportFailed, joined
from ..i18n import msg
from ..text import fold
from .cards import ImportResult, build_cards, years_named
from .document import Document, LineWarning
from .metadata import plan_period, read_metadata
from .readers import read_document
from .registry import BODY_SHAPES, SHAPE_NAMES, TABLE_FORMS, body_shape, check_shape, shape_said
from .rows import TaskRow
from .tables import FoundTable, task_tables

__all__ = ["read_plan", "ImportResult", "LineWarning", "SHAPE_NAMES", "FoundTable"]


def read_plan(path: str | Path, *, shape: str | None = None) -> ImportResult:
    """One plan file as a Plan and its Cards; raises ImportFailed when it is not a plan or cannot be read."""
    if shape:
        check_shape(shape)
    doc = read_document(path)
    warnings: list[LineWarning] = list(doc.warnings)
    plan = read_metadata(doc, warnings)
    looked = [] if body_shape(shape or "") else task_tables(doc, warnings)
    tasks = [table for table in looked if table.is_tasks and (not shape or table.form == shape)]
    module = None
    if tasks:
        rows = _rows_of(tasks)
        form, inferred = tasks[0].form, False
    else:
        rows, module = _body_rows(doc, plan, warnings, shape, looked)
        form, inferred = module.NAME, module.INFERRED
    plan.period = plan_period(plan, doc, years_named(rows))
    if getattr(module, "DEADLINE_IS_PERIOD", False) and plan.period.get("text"):
        # Body sections carry no time of their own: the plan period is their deadline.
        for row in rows:
            row.time_text = row.time_text or plan.period["text"]
    plan.source = {"file": doc.name, "sha256": doc.sha256, "shape": form}
    cards = build_cards(plan, rows, doc.name, warnings)
    warnings.sort(key=lambda w: (w.line is not None, w.line or 0))
    return ImportResult(plan=plan, cards=cards, warnings=warnings, shape=form, inferred=inferred,
                        file=doc.name, reader=doc.reader, tables=looked)


def _rows_of(tasks: list[FoundTable]) -> list[TaskRow]:
    """The task rows of every task table; with several tables, ids carry the table ("pl2.I.3")."""
    if len(tasks) == 1:
        return tasks[0].rows
    rows: list[TaskRow] = []
    for index, table in enumerate(tasks, start=1):
        for row in table.rows:
            row.parts = [f"pl{index}", *row.parts]
            rows.append(row)
    return rows


def is_plan(kind: str, title: str) -> bool:
    """Does the document call itself a plan or programme (so that its body may be read for tasks)?

    Only its own kind and title count: a decree that cites "Kế hoạch 127/KH-UBND" is no plan.
    """
    if kind in ("Kế hoạch", "Chương trình"):
        return True
    return any(word in fold(title) for word in ("ke hoach", "chuong trinh", "lo trinh", "de an"))


def _body_rows(doc: Document, plan, warnings: list[LineWarning], shape: str | None,
               looked: list[FoundTable]):
    """Rows from a body shape when no table holds tasks; ImportFailed with every reason otherwise."""
    if shape in TABLE_FORMS:
        raise ImportFailed(msg("{file}: no task table as {what} (shape '{shape}' was forced).", file=doc.name,
                               what=shape_said(shape), shape=shape),
                           msg("Leave out --shape to let the importer find the tables, or run tracker import "
                               "--explain."))
    forced = body_shape(shape or "")
    candidates = [forced] if forced else (BODY_SHAPES if is_plan(plan.kind, plan.title) else ())
    for module in candidates:
        if not module.sniff(doc):
            continue
        found: list[LineWarning] = []
        rows = module.read(doc, found)
        if rows:
            warnings += found
            return rows, module
    if forced:
        raise ImportFailed(msg("{file}: no tasks found as {what} (shape '{shape}' was forced).", file=doc.name,
                               what=shape_said(forced.NAME), shape=forced.NAME),
                           msg("Leave out --shape to let the importer recognise the document, or choose another "
                               "shape."))
    raise ImportFailed(refusal(doc, plan, looked),
                       msg("Check that this is the plan itself with its appendix of tasks; tracker import --explain "
                           "FILE shows every table and why it was skipped."))


def refusal(doc: Document, plan, looked: list[FoundTable]) -> str:
    """Why a document gave no cards, naming each table that was looked at (a message)."""
    if doc.format == "html":
        parts: list[str] = [msg("{file}: not a plan with tasks: the web page has no task table (TT, Nội dung, Cơ quan chủ trì, "
                     "Thời gian …)", file=doc.name)]
    else:
        parts = [msg("{file}: not a plan with tasks: the document has no task table (TT, Nội dung, Cơ quan chủ trì, "
                     "Thời gian …)", file=doc.name)]
    reasons = [msg("the table at line {line}: {reason}", line=t.line, reason=t.reason) for t in looked if t.reason]
    if len(reasons) > 5:
        parts.append(msg("{reasons} (and {count} more)", reasons=joined(reasons[:5], "; "), count=len(reasons) - 5))
    elif reasons:
        parts.append(joined(reasons, "; "))
    if not is_plan(plan.kind, plan.title):
        parts.append(msg("it is a {kind}, so its body is not read for tasks", kind=plan.kind) if plan.kind
                     else msg("it is not a Kế hoạch or Chương trình, so its body is not read for tasks"))
    else:
        parts.append(msg("its body has no roadmap, numbered content sections or labelled tasks"))
    return msg("{text}.", text=joined(parts, "; "))
