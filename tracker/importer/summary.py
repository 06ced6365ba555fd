"""What an import did, per file and in total: for the terminal (vi/en) and as JSON."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..errors import EXIT_IMPORT, EXIT_OK
from ..i18n import localize
from .document import LineWarning
from .registry import describe

_LABELS = {
    "vi": {
        "shape": "Dạng", "columns": "Cột", "reader": "đọc bằng", "tasks": "nhiệm vụ", "new": "mới", "updated": "cập nhật", "unchanged": "không đổi",
        "removed": "không còn trong kế hoạch (giữ nguyên, không xóa)", "kept": "giữ trường sửa tay",
        "inferred": "Kế hoạch không có bảng nhiệm vụ: các thẻ được suy ra từ nội dung văn bản (inferred) — hãy kiểm tra lại.",
        "warnings": "Cảnh báo", "failed": "KHÔNG NHẬP ĐƯỢC", "dry": "Chạy thử (--dry-run): chưa ghi gì vào cơ sở dữ liệu.",
        "total": "Tổng", "files": "tệp", "failed_files": "tệp lỗi", "removed_ids": "Không còn trong kế hoạch",
        "kept_ids": "Giữ giá trị sửa tay", "updated_ids": "Cập nhật", "nothing": "Không có tệp nào để nhập.",
    },
    "en": {
        "shape": "Shape", "columns": "Columns", "reader": "reader", "tasks": "tasks", "new": "new", "updated": "updated", "unchanged": "unchanged",
        "removed": "no longer in the plan (kept, not deleted)", "kept": "kept hand edits",
        "inferred": "The plan has no task table: its cards were inferred from the body text — please check them.",
        "warnings": "Warnings", "failed": "NOT IMPORTED", "dry": "Dry run (--dry-run): nothing was written to the database.",
        "total": "Total", "files": "files", "failed_files": "failed files", "removed_ids": "No longer in the plan",
        "kept_ids": "Hand edits kept", "updated_ids": "Updated", "nothing": "No plan files to import.",
    },
}
@dataclass
class FileReport:
    """One file of an import: its plan and what happened to each of its cards."""

    path: str
    file: str
    plan: str | None = None
    plan_number: str = ""
    province: str = ""
    shape: str = ""
    reader: str = ""                                                 # text, html, docx, xlsx, pdf
    columns: list[list[tuple[str, str]]] = field(default_factory=list)  # (title, field) per task table
    inferred: bool = False
    cards: int = 0
    new: list[str] = field(default_factory=list)
    updated: dict[str, list[str]] = field(default_factory=dict)      # id -> fields changed
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    kept_edited: dict[str, list[str]] = field(default_factory=dict)  # id -> hand-edited fields kept
    warnings: list[LineWarning] = field(default_factory=list)
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path, "file": self.file, "plan": self.plan, "plan_number": self.plan_number,
            "province": self.province, "shape": self.shape, "reader": self.reader,
            "columns": [[{"title": t, "field": f} for t, f in table] for table in self.columns],
            "inferred": self.inferred, "ok": self.ok,
            "error": self.error, "cards": self.cards,
            "counts": {"new": len(self.new), "updated": len(self.updated), "unchanged": len(self.unchanged),
                       "removed": len(self.removed), "kept_edited": len(self.kept_edited)},
            "new": self.new, "updated": self.updated, "removed": self.removed, "kept_edited": self.kept_edited,
            "warnings": [{"file": self.file, **w.to_dict()} for w in self.warnings],
        }


@dataclass
class ImportReport:
    """Every file of one `import` run; `exit_code` is 4 when any file could not be imported."""

    files: list[FileReport] = field(default_factory=list)
    dry_run: bool = False

    @property
    def failed(self) -> list[FileReport]:
        return [f for f in self.files if not f.ok]

    @property
    def ok(self) -> bool:
        return not self.failed

    @property
    def exit_code(self) -> int:
        return EXIT_OK if self.ok else EXIT_IMPORT

    def totals(self) -> dict[str, int]:
        done = [f for f in self.files if f.ok]
        return {"files": len(self.files), "failed": len(self.failed), "cards": sum(f.cards for f in done),
                "new": sum(len(f.new) for f in done), "updated": sum(len(f.updated) for f in done),
                "unchanged": sum(len(f.unchanged) for f in done), "removed": sum(len(f.removed) for f in done),
                "kept_edited": sum(len(f.kept_edited) for f in done),
                "warnings": sum(len(f.warnings) for f in self.files)}

    def to_dict(self) -> dict[str, Any]:
        return {"dry_run": self.dry_run, "ok": self.ok, "totals": self.totals(),
                "files": [f.to_dict() for f in self.files]}

    def render_text(self, lang: str = "vi") -> str:
        t = _LABELS.get(lang, _LABELS["vi"])
        out: list[str] = []
        if not self.files:
            return t["nothing"]
        for f in self.files:
            if not f.ok:
                out.append(f"{f.file}: {t['failed']}")
                out.extend(f"  {line}" for line in localize(f.error or "", lang).splitlines())
                out.extend(f"  {w.where(f.file)}: {localize(w.message, lang)}" for w in f.warnings)
                continue
            shape = describe(f.shape, lang)
            head = f"{f.file} → {f.plan}"
            if f.plan_number or f.province:
                head += f" ({', '.join(p for p in (f.plan_number, f.province) if p)})"
            out.append(head)
            out.append(f"  {t['shape']}: {shape} ({f.shape}, {t['reader']} {f.reader}) · {f.cards} {t['tasks']}: {len(f.new)} {t['new']}, "
                       f"{len(f.updated)} {t['updated']}, {len(f.unchanged)} {t['unchanged']}, "
                       f"{len(f.removed)} {t['removed']}, {len(f.kept_edited)} {t['kept']}")
            for table in f.columns:
                out.append(f"  {t['columns']}: " + " | ".join(f"{title} → {name}" for title, name in table))
            if f.inferred:
                out.append(f"  {t['inferred']}")
            if f.updated:
                out.append(f"  {t['updated_ids']}: " + "; ".join(f"{i} ({', '.join(fs)})" for i, fs in f.updated.items()))
            if f.kept_edited:
                out.append(f"  {t['kept_ids']}: " + "; ".join(f"{i} ({', '.join(fs)})" for i, fs in f.kept_edited.items()))
            if f.removed:
                out.append(f"  {t['removed_ids']}: " + ", ".join(f.removed))
            if f.warnings:
                out.append(f"  {t['warnings']} ({len(f.warnings)}):")
                out.extend(f"    {w.where(f.file)}: {localize(w.message, lang)}" for w in f.warnings)
        totals = self.totals()
        if len(self.files) > 1:
            out.append(f"{t['total']}: {totals['files']} {t['files']}, {totals['cards']} {t['tasks']} "
                       f"({totals['new']} {t['new']}, {totals['updated']} {t['updated']}, {totals['unchanged']} "
                       f"{t['unchanged']}, {totals['removed']} {t['removed']}), {totals['failed']} {t['failed_files']}")
        if self.dry_run:
            out.append(t["dry"])
        return "\n".join(out)
