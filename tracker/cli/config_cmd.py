"""`tracker config`: the settings in force for this run, and where each one came from."""

from __future__ import annotations

import click

from .. import clock
from ..i18n import msg
from .app import AppContext, say
from .options import format_option
from .output import emit
from .words import where_from

COLUMNS = [("setting", "Setting", None), ("value", "Value", None),
           ("source", "From", lambda row: where_from(row.get("source")))]


@click.command("config")
@format_option("table", "json")
@click.pass_obj
def config_cmd(app: AppContext, fmt: str) -> None:
    """Show the settings in force (database, language, time zone, CalDAV) and where each came from.

    \b
    The config file is ~/.config/tracker/config.toml ($XDG_CONFIG_HOME/tracker/config.toml, or the
    file TRACKER_CONFIG names), for example:
      db = "~/ke-hoach/tracker.json"
      lang = "vi"
      timezone = "Asia/Ho_Chi_Minh"
      [caldav]
      url = "https://dav.example.vn/lan/ke-hoach/"
      user = "lan"
    An option beats an environment variable, which beats the file, which beats the default.

    \b
    Examples:
      tracker config
      TRACKER_TZ=UTC tracker config --format json
    """
    config = app.config
    rows = [{"setting": name, "value": "" if value is None else str(value), "source": source}
            for name, (value, source) in app.sources.items()]
    rows.append({"setting": "today", "value": clock.today().isoformat(), "source": msg("clock in {zone}", zone=clock.zone_name())})
    if config is not None:
        say(msg("Config file: {path}", path=config.path) if config.exists
            else msg("Config file: {path} (not there: built-in defaults are used).", path=config.path))
    emit(rows, fmt, COLUMNS)
