"""The report as rows: the JSON document for scripts, and the rows the CLI lists as a table or CSV.

The column specs of the listed formats (headers, which keys, how a rate is shown) belong to the
command line: tracker/cli/report_columns.py, keyed by the same format names.
"""

from __future__ import annotations

from typing import Any

from ..json_text import dumps_json
from .model import Renderer, Report


def render_json(report: Report) -> str:
    """One JSON object per group; the total is left out so a script can sum the groups."""
    return dumps_json(report.rows()) + "\n"


def table_rows(report: Report) -> list[dict[str, Any]]:
    """The groups and then the total row, as people read the official table."""
    return [*report.rows(), report.total.row()]


def csv_rows(report: Report) -> list[dict[str, Any]]:
    return report.rows()


FORMATS = (
    Renderer("table", rows=table_rows, people=True),
    Renderer("json", render_json, suffix="json"),
    Renderer("csv", rows=csv_rows),
)
