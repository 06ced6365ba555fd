"""`tracker import --explain`: every table found, its column mapping, each skipped table's reason; nothing written."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from tracker.cli import cli

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
PLANS = Path(__file__).resolve().parent.parent / "plans"


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_explain_lists_both_tables_with_their_mapping_and_writes_nothing(isolated_db: Path) -> None:
    result = run("--lang", "en", "import", "--explain", str(CORPUS / "646f0a00d4174382.md"))
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Reader: text" in out
    assert "Table 1 (line 694, a markdown table (| rows or | lines)): 58 tasks" in out
    assert "Table 2 (line 1871, a markdown table (| rows or | lines)): 24 tasks" in out
    assert "Cơ quan chủ trì → lead | Cơ quan phối hợp → support | Thuộc nhóm nhiệm vụ, hành động → extra (kept by its title)" in out
    assert "Result: would import 82 cards → ha-noi-2530-2025" in out
    assert "646f0a00d4174382.md:742 the row lost merged cells in the export" in out
    assert not isolated_db.exists()


def test_explain_of_a_procedure_document_says_why_each_table_was_skipped(isolated_db: Path) -> None:
    result = run("--lang", "en", "import", "--explain", str(CORPUS / "5a80798bbf985e87.md"))
    assert result.exit_code == 4
    assert "SKIPPED — the steps of a procedure (Bước, người thực hiện …), not tasks" in result.output
    assert "Cơ quan, bộ phận, người thực hiện → extra" in result.output
    assert "REFUSED: 5a80798bbf985e87.md: not a plan with tasks" in result.output
    assert not isolated_db.exists()


def test_explain_as_json_for_scripts(isolated_db: Path) -> None:
    result = run("import", "--explain", "--format", "json", str(PLANS / "soc-trang-09-kh-ubnd-2012.txt"),
                 str(CORPUS / "5298da2adb9eb4fe.md"))
    assert result.exit_code == 4
    plan, tthc = json.loads(result.stdout)
    assert (plan["reader"], plan["shape"], plan["cards"], plan["plan"]) == ("text", "cells", 34, "soc-trang-09-2012")
    assert [c["field"] for c in plan["tables"][0]["columns"]] == ["number", "content", "lead", "support", "time"]
    reasons = [table["skipped"] for table in tthc["tables"]]
    assert any(reason.startswith("the time column holds durations (25 of 34 rows, e.g. '0,25 ngày làm việc')")
               for reason in reasons)
    assert all(reasons)
    assert "error" in tthc and "cards" not in tthc


def test_the_import_report_names_the_reader_and_the_mapping(isolated_db: Path) -> None:
    result = run("--lang", "en", "import", str(PLANS / "binh-dinh-4078-qd-ubnd-2013.txt"))
    assert result.exit_code == 0
    assert "Shape: a tab-separated table (tab, reader text)" in result.output
    assert "Columns: TT → number | Nội dung → content | Cơ quan chủ trì → lead | Cơ quan phối hợp → support | " \
           "Thời gian hoàn thành → time" in result.output
