"""One language per run: every message the tracker can say has a Vietnamese twin, and says it.

The walk: every `msg("…")` template in tracker/ is in the Vietnamese catalog with the same {fields};
no message reaches a person as a raw f-string or an untranslated literal (the first argument of
say(), of every *Error(...) raise and of click.echo(..., err=True)); every catalog entry renders.
The board's own labels live in tracker/tui/labels.py and are checked by the TUI tests.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tracker.i18n import catalog, fields_of, localize, msg

ROOT = Path(__file__).resolve().parent.parent / "tracker"
SPEAKERS = {"say", "msg"}


def sources() -> list[Path]:
    return sorted(path for path in ROOT.rglob("*.py") if "tui" not in path.parts and "i18n" not in path.parts)


def _name(func: ast.expr) -> str:
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def spoken(tree: ast.AST):
    """(line, kind, node) of every argument that reaches a person."""
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = _name(node.func)
        if name == "msg" and node.args:
            yield node.lineno, "template", node.args[0]
        elif name == "say" and node.args:
            yield node.lineno, "said", node.args[0]
        elif name.endswith("Error") and name[:1].isupper() and name not in {"TypeError", "ValueError", "KeyError",
                                                                            "OSError", "RuntimeError"}:
            for arg in node.args[:2]:
                yield node.lineno, "error", arg
            for keyword in node.keywords:
                if keyword.arg == "hint":
                    yield node.lineno, "error", keyword.value
        elif name == "echo" and any(k.arg == "err" for k in node.keywords) and node.args:
            yield node.lineno, "said", node.args[0]


def problems() -> list[str]:
    known = catalog()
    found = []
    for path in sources():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        where = path.relative_to(ROOT.parent)
        for line, kind, node in spoken(tree):
            if kind == "template":
                if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
                    found.append(f"{where}:{line}: msg() needs a literal template")
                elif node.value not in known:
                    found.append(f"{where}:{line}: not in the Vietnamese catalog: {node.value!r}")
                elif fields_of(node.value) != fields_of(known[node.value]):
                    found.append(f"{where}:{line}: the Vietnamese fields differ for {node.value!r}")
            elif isinstance(node, ast.JoinedStr):
                found.append(f"{where}:{line}: an f-string reaches a person untranslated; use msg()")
            elif isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value not in known:
                found.append(f"{where}:{line}: a literal reaches a person untranslated: {node.value!r}")
            elif isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Mod)):
                found.append(f"{where}:{line}: a message built with + or % cannot be translated; use msg()")
    return found


def test_every_message_has_its_vietnamese_twin():
    assert problems() == []


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_catalog_entry_renders(lang):
    for template, vietnamese in catalog().items():
        values = {name: "x" for name in fields_of(template)}
        text = localize(msg(template, **values), lang)
        assert text == (vietnamese if lang == "vi" else template).format(**values)
        assert "{" not in text or "{" in template.format(**values)


def test_nested_messages_are_said_in_one_language():
    template = "Error: {message}"
    inner = msg("No card has the id {id}.", id="x.1")
    assert localize(msg(template, message=inner), "en") == "Error: No card has the id x.1."
    said = localize(msg(template, message=inner), "vi")
    assert "Error" not in said and "No card" not in said and "x.1" in said
