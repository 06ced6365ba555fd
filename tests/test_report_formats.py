"""The format registries: what `tracker report` and `tracker remind` offer comes from RENDERERS alone."""

from __future__ import annotations

import ast
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from tracker.cli import cli
from tracker.cli.report_columns import REMIND_COLUMNS, REPORT_COLUMNS
from tracker.model import Card, Deadline, Plan, Status
from tracker.reports import formats
from tracker.reports.formats import REMIND_RENDERERS, RENDERERS
from tracker.reports.model import Renderer, build_report
from tracker.reports.remind import Reminders, build_reminders

PACKAGE = Path(__file__).resolve().parent.parent / "tracker" / "reports"
AS_OF = date(2014, 7, 15)
CARDS = [Card(id="p.1", plan="p", number="1", content="Rà soát thủ tục", lead=["Sở Nội vụ"], status=Status.IN_PROGRESS,
              time_text="Quý II/2014", deadline=Deadline("quarter", date(2014, 6, 30))),
         Card(id="p.2", plan="p", number="2", content="Báo cáo", lead=["Sở Tư pháp"], status=Status.DONE,
              deadline=Deadline("date", date(2014, 7, 1)))]
PLANS = {"p": Plan("p", number="55/KH-UBND", kind="Kế hoạch", province="Nam Định")}


def test_the_formats_in_the_order_the_help_lists_them():
    assert list(RENDERERS) == ["table", "json", "csv", "md", "html", "xlsx", "docx"]
    assert list(REMIND_RENDERERS) == ["table", "json", "md"]
    assert [name for name, r in RENDERERS.items() if r.binary] == ["xlsx", "docx"]
    assert [name for name, r in RENDERERS.items() if not r.to_file] == ["table", "csv"]


def test_the_commands_offer_exactly_the_registered_formats():
    for command, registry in (("report", RENDERERS), ("remind", REMIND_RENDERERS)):
        ctx = cli.make_context("tracker", [command, "--help"], resilient_parsing=True)
        sub = cli.get_command(ctx, command)
        (option,) = [p for p in sub.params if p.name == "fmt"]
        assert list(option.type.choices) == list(registry)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_report_format_renders_or_lists_rows(lang):
    report = build_report(CARDS, PLANS, {"p.2": date(2014, 7, 1)}, as_of=AS_OF, lang=lang)
    for name, renderer in RENDERERS.items():
        if renderer.rows is not None:
            assert renderer.rows(report) and name in REPORT_COLUMNS     # the CLI knows its columns
            continue
        document = renderer.render(report)
        assert isinstance(document, bytes if renderer.binary else str) and document
        assert renderer.suffix == name
        if renderer.binary:
            assert document[:2] == b"PK"      # xlsx and docx are zip files


def test_every_remind_format_renders_or_lists_rows():
    groups = build_reminders(CARDS, {"p.2": date(2014, 7, 1)}, as_of=AS_OF, within=30)
    reminders = Reminders(groups, as_of=AS_OF, within=30)
    for name, renderer in REMIND_RENDERERS.items():
        if renderer.rows is not None:
            assert [row["id"] for row in renderer.rows(reminders)] == ["p.1"] and name in REMIND_COLUMNS
        else:
            assert "p.1" in renderer.render(reminders)


def test_a_format_renders_or_lists_never_both_or_neither():
    with pytest.raises(ValueError):
        Renderer("pdf")
    with pytest.raises(ValueError):
        Renderer("pdf", lambda report: b"", rows=lambda report: [])


def test_a_family_adds_its_formats_and_two_formats_cannot_share_a_name():
    class Family:
        FORMATS = (Renderer("txt", lambda report: "x", suffix="txt"),)

    assert list(formats._registry((Family,))) == ["txt"]
    with pytest.raises(ValueError):
        formats._registry((Family, Family))


def test_a_new_format_in_the_registry_is_offered_and_written(tmp_path, monkeypatch):
    # what a newcomer adds: one Renderer; the command's choices are read when it is built, so build it again
    monkeypatch.setitem(RENDERERS, "txt", Renderer("txt", lambda report: report.summary() + "\n", suffix="txt"))
    import importlib

    import tracker.cli.report_cmd as report_cmd
    try:
        importlib.reload(report_cmd)
        result = CliRunner().invoke(report_cmd.report, ["--format", "txt", "-o", str(tmp_path / "r.txt")],
                                    obj=_app(tmp_path))
        assert result.exit_code == 0, result.output
        assert (tmp_path / "r.txt").read_text(encoding="utf-8").startswith("Tổng số 0 nhiệm vụ")
    finally:
        monkeypatch.undo()
        importlib.reload(report_cmd)


def _app(tmp_path):
    from tracker.cli.app import AppContext

    return AppContext(db=tmp_path / "db.json")


def test_the_report_package_is_core():
    # no module of tracker/reports may need the command line or the board
    for path in PACKAGE.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        assert ast.get_docstring(tree), path
        imported = {alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import)
                    for alias in node.names}
        imported |= {node.module.split(".")[0] for node in ast.walk(tree)
                     if isinstance(node, ast.ImportFrom) and node.module and node.level == 0}
        imported |= {node.module.split(".")[0] for node in ast.walk(tree)
                     if isinstance(node, ast.ImportFrom) and node.module and node.level == 2}
        assert not imported & {"click", "rich", "textual", "cli", "tui"}, path
