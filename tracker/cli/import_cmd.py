"""`tracker import`: read plan documents into cards (idempotent, all of a file or none of it)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import EXIT_IMPORT
from .app import AppContext, cli
from .output import dumps_json

SHAPES = ("tab", "cells", "markdown", "table", "roadmap", "sections")


def run_import(app: AppContext, paths: list[Path], *, dry_run: bool = False, shape: str | None = None,
               fmt: str = "table", by: str = "") -> bool:
    """Import `paths` and print the report; returns False when a file could not be read."""
    from ..importing import import_paths

    report = import_paths(app.store, paths, dry_run=dry_run, shape=shape, by=by)
    if fmt == "json":
        sys.stdout.write(dumps_json(report.to_dict()) + "\n")
    else:
        click.echo(report.render_text(app.lang), err=True)
    return report.ok


@cli.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path), metavar="PATH...")
@click.option("--dry-run", is_flag=True, help="Read and report; write nothing.")
@click.option("--shape", type=click.Choice(SHAPES), help="Force a document shape instead of detecting it.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
              help="table: a report for people on stderr; json: the report on stdout.")
@click.option("--by", default="", metavar="NAME", help="Who imports (kept in history).")
@click.pass_obj
def import_(app: AppContext, paths: tuple[Path, ...], dry_run: bool, shape: str | None, fmt: str, by: str) -> None:
    """Import plan documents (.txt, .md, .html, .docx) or folders of them.

    Re-importing keeps ids, statuses, notes, history and hand edits. Exit 4 if a file cannot be read.

    \b
    Examples:
      tracker import plans/
      tracker import new-plan.docx --dry-run
      tracker import plans/ --format json | jq '.files[].cards'
    """
    missing = [str(path) for path in paths if not path.exists()]
    if missing:
        raise click.BadParameter(", ".join(missing) + " does not exist.", param_hint="PATH")
    if not run_import(app, list(paths), dry_run=dry_run, shape=shape, fmt=fmt, by=by):
        sys.exit(EXIT_IMPORT)
