"""`tracker import`: read plan documents into cards (idempotent, all of a file or none of it)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import EXIT_IMPORT
from ..i18n import localize, msg
from ..inert import printable
from .app import AppContext
from .import_run import run_import
from .output import dumps_json

from ..importer.registry import SHAPE_NAMES


@click.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path), metavar="PATH...")
@click.option("--dry-run", is_flag=True, help="Read and report; write nothing.")
@click.option("--shape", type=click.Choice(SHAPE_NAMES), help="Only this table form or body shape instead of detecting it.")
@click.option("--explain", is_flag=True,
              help="Show each table found, its column mapping and why tables or rows were skipped; write nothing.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
              help="table: a report for people on stderr; json: the report on stdout.")
@click.option("--by", default="", metavar="NAME", help="Who imports (kept in history).")
@click.pass_obj
def import_(app: AppContext, paths: tuple[Path, ...], dry_run: bool, shape: str | None, explain: bool,
            fmt: str, by: str) -> None:
    """Import plan documents (.txt, .md, .html, .docx, .xlsx, .pdf) or folders of them.

    Re-importing keeps ids, statuses, notes, history and hand edits. Exit 4 if a file cannot be read.

    \b
    Examples:
      tracker import plans/
      tracker import new-plan.docx --dry-run
      tracker import ke-hoach-tu-web.md --explain
      tracker import plans/ --format json | jq '.files[].cards'
    """
    missing = [str(path) for path in paths if not path.exists()]
    if missing:
        said = (msg("{path} does not exist.", path=missing[0]) if len(missing) == 1
                else msg("{paths} do not exist.", paths=", ".join(missing)))
        raise click.BadParameter(localize(said), param_hint="PATH")
    if explain:
        if not run_explain(app, list(paths), shape=shape, fmt=fmt):
            sys.exit(EXIT_IMPORT)
        return
    if not run_import(app, list(paths), dry_run=dry_run, shape=shape, fmt=fmt, by=by):
        sys.exit(EXIT_IMPORT)


def run_explain(app: AppContext, paths: list[Path], *, shape: str | None, fmt: str) -> bool:
    """Print what the importer sees in each file; False when a file would not import."""
    from ..importer.explain import explain, render
    from ..importing import expand_paths

    infos = [explain(path, shape=shape) for path in expand_paths(paths)]
    if fmt == "json":
        sys.stdout.write(dumps_json(infos) + "\n")
    else:
        click.echo(printable("\n\n".join(render(info, app.lang) for info in infos), newlines=True))
    return all("error" not in info for info in infos)
