"""Commands do not import each other: what two commands share lives in a neutral module (output, import_run…)."""

from __future__ import annotations

import ast
from pathlib import Path

CLI = Path(__file__).resolve().parent.parent / "tracker" / "cli"


def test_no_command_module_imports_another():
    offenders = []
    for path in sorted(CLI.glob("*_cmd.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 1:
                names = [node.module] if node.module else [alias.name for alias in node.names]
                offenders += [f"{path.name} imports {name}" for name in names if name and name.endswith("_cmd")]
    assert offenders == []
