"""`tracker import --explain`: what the importer sees in a file, before anything is written.

For each file: the reader, every table found with its column mapping (header → field), the
tables skipped with their reason, the rows that gave warnings, and what the import would do.
When an import is wrong, a coordinator can see why.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import ImportFailed
from ..i18n import localize
from . import read_plan
from .metadata import read_metadata
from .readers import read_document
from .registry import describe
from .tables import task_tables

_FIELD_NAMES = {
    "vi": {"number": "số thứ tự", "content": "nội dung", "lead": "chủ trì", "support": "phối hợp", "time": "thời gian",
           "start": "bắt đầu", "end": "hoàn thành", "extra": "cột thêm (giữ theo tên cột)", "blank": "(không tên)"},
    "en": {"number": "number", "content": "content", "lead": "lead", "support": "support", "time": "time",
           "start": "start", "end": "end", "extra": "extra (kept by its title)", "blank": "(untitled)"},
}
_WORDS = {
    "vi": {"reader": "Đọc bằng", "table": "Bảng", "line": "dòng", "tasks": "nhiệm vụ", "skipped": "BỎ QUA",
           "columns": "Cột", "result": "Kết quả", "refused": "KHÔNG NHẬP", "warnings": "Cảnh báo",
           "none": "Không tìm thấy bảng nào.", "would": "sẽ nhập", "cards": "thẻ", "body": "đọc từ thân văn bản"},
    "en": {"reader": "Reader", "table": "Table", "line": "line", "tasks": "tasks", "skipped": "SKIPPED",
           "columns": "Columns", "result": "Result", "refused": "REFUSED", "warnings": "Warnings",
           "none": "No table found.", "would": "would import", "cards": "cards", "body": "read from the body"},
}


def explain(path: str | Path, shape: str | None = None) -> dict[str, Any]:
    """Everything --explain prints about one file, as data (also the --format json output)."""
    path = Path(path)
    out: dict[str, Any] = {"file": path.name, "path": str(path)}
    try:
        doc = read_document(path)
    except ImportFailed as exc:
        out["error"] = str(exc)
        return out
    out["reader"] = doc.reader
    scratch: list = []
    read_metadata(doc, scratch)
    out["tables"] = [{
        "line": table.line, "form": table.form, "where": table.name, "tasks": len(table.rows) if table.is_tasks else 0,
        "skipped": table.reason or None, "columns": [{"title": t, "field": f} for t, f in table.columns.mapping()],
    } for table in task_tables(doc, scratch)]
    try:
        result = read_plan(path, shape=shape)
    except ImportFailed as exc:
        out["error"] = str(exc)
        return out
    out.update(plan=result.plan.key, plan_number=result.plan.number, shape=result.shape, inferred=result.inferred,
               cards=len(result.cards), warnings=[w.to_dict() for w in result.warnings])
    return out


def render(info: dict[str, Any], lang: str = "vi") -> str:
    """The explanation for people."""
    words, fields = _WORDS.get(lang, _WORDS["vi"]), _FIELD_NAMES.get(lang, _FIELD_NAMES["vi"])
    lines = [f"{info['file']}"]
    if "reader" in info:
        lines.append(f"  {words['reader']}: {info['reader']}")
    for number, table in enumerate(info.get("tables", []), start=1):
        where = f", {localize(table['where'], lang)}" if table["where"] else ""
        head = f"  {words['table']} {number} ({words['line']} {table['line']}{where}, {describe(table['form'], lang)})"
        head += (f": {words['skipped']} — {localize(table['skipped'], lang)}" if table["skipped"]
                 else f": {table['tasks']} {words['tasks']}")
        lines.append(head)
        lines.append(f"    {words['columns']}: " + " | ".join(
            f"{column['title'] or '—'} → {fields.get(column['field'], column['field'])}" for column in table["columns"]))
    if not info.get("tables") and "reader" in info:
        lines.append(f"  {words['none']}")
    if "error" in info:
        lines.append(f"  {words['refused']}: {localize(info['error'], lang)}")
        return "\n".join(lines)
    how = describe(info["shape"], lang) + (f" ({words['body']})" if info["inferred"] else "")
    lines.append(f"  {words['result']}: {words['would']} {info['cards']} {words['cards']} "
                 f"→ {info['plan']} · {how}")
    if info["warnings"]:
        lines.append(f"  {words['warnings']} ({len(info['warnings'])}):")
        lines += [f"    {info['file']}:{w['line'] or ''} {localize(w['message'], lang)}" for w in info["warnings"]]
    return "\n".join(lines)
