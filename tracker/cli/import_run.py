"""Running an import and printing its summary: `tracker import`, and plain `tracker` on a new workspace.

It lives outside both commands' modules so that commands do not import each other.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..inert import printable
from .app import AppContext
from .output import dumps_json


def run_import(app: AppContext, paths: list[Path], *, dry_run: bool = False, shape: str | None = None,
               fmt: str = "table", by: str = "") -> bool:
    """Import `paths` and print the report; returns False when a file could not be read."""
    from ..importing import import_paths

    report = import_paths(app.store, paths, dry_run=dry_run, shape=shape, by=by)
    if fmt == "json":
        sys.stdout.write(dumps_json(report.to_dict()) + "\n")
    else:
        click.echo(printable(report.render_text(app.lang), newlines=True), err=True)
    return report.ok
