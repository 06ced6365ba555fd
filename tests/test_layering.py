"""Layering rules of DESIGN §3: only tracker.tui imports textual; only tracker.store imports tinydb."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "tracker"


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_nothing_outside_tui_imports_textual():
    offenders = [str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py")
                 if "tui" not in p.relative_to(PACKAGE).parts and "textual" in imported_modules(p)]
    assert offenders == []


def test_only_the_store_imports_tinydb():
    # The store is store.py with its file format (store_file.py) and its data views (store_data.py).
    offenders = [str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py")
                 if p.name not in ("store.py", "store_file.py") and "tinydb" in imported_modules(p)]
    assert offenders == []


def test_cli_commands_do_not_load_textual_at_run_time(tmp_path):
    code = ("import sys\n"
            "from tracker.cli import cli\n"
            "try:\n"
            "    cli.main(['--db', sys.argv[1], 'list', '--format', 'json'], standalone_mode=False)\n"
            "except SystemExit:\n"
            "    pass\n"
            "import tracker.store, tracker.services, tracker.filters, tracker.model\n"
            "print('textual' in sys.modules, 'rich' in sys.modules, file=sys.stderr)\n")
    result = subprocess.run([sys.executable, "-c", code, str(tmp_path / "db.json")],
                            capture_output=True, text=True, timeout=60)
    assert result.stderr.strip().splitlines()[-1] == "False False"


def test_every_module_opens_with_a_docstring():
    missing = [str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py")
               if ast.get_docstring(ast.parse(p.read_text(encoding="utf-8"))) is None]
    assert missing == []
