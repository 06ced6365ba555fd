"""`tracker serve`: the board in a browser for colleagues without a terminal (tracker.web)."""

from __future__ import annotations

import click

from .. import clock
from ..errors import UsageError
from ..i18n import msg
from .app import AppContext, say


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, metavar="ADDRESS",
              help="Address to listen on. Anything but loopback (127.0.0.1) requires the access token.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on.")
@click.option("--token", metavar="TEXT",
              help="Access token colleagues must give (?token=…); generated and printed when the address "
                   "is not loopback and none is given.")
@click.option("--read-only", is_flag=True, help="A board to look at: moves and edits are refused (for heads of agencies).")
@click.pass_obj
def serve(app: AppContext, host: str, port: int, token: str | None, read_only: bool) -> None:
    """Serve the board to web browsers on the office network: each tab runs the same board on the same database.

    The page, its script and fonts come from this machine (no CDN). On 127.0.0.1 (the default) only
    this machine can open it; bound to another address (e.g. --host 0.0.0.0) every request must carry
    the access token, printed at start (or --token), and requests without it are refused. Ctrl+C stops.

    \b
    Examples:
      tracker serve
      tracker serve --host 0.0.0.0 --port 8080 --read-only
    """
    from ..web import board_command, is_loopback, make_server, new_token, port_is_free

    app.store.load()                 # a missing, locked, corrupt or newer database is said now, not per tab
    if not app.db.exists():
        raise UsageError(msg("There is no database at {path} to serve.", path=str(app.db)),
                         msg("Import plans first: tracker import plans/"))
    if token is not None and len(token) < 12:
        raise UsageError(msg("The access token is too short ({n} characters).", n=len(token)),
                         msg("Give at least 12 characters, or leave --token out to get a generated one."))
    if not is_loopback(host) and not token:
        token = new_token()
    if not port_is_free(host, port):
        raise UsageError(msg("The port {port} on {host} is already in use.", port=port, host=host),
                         msg("Stop what uses it, or choose another with --port, e.g. --port {other}.", other=port + 1))
    command = board_command(app.db.resolve(), app.lang, read_only=read_only, timezone=clock.zone_name())
    server = make_server(command, host, port, token=token, title="Tracker")
    shown = "localhost" if host in ("0.0.0.0", "::") else host
    address = f"http://{shown}:{port}/" + (f"?token={token}" if token else "")
    say(msg("Serving the board of {db} at {address} ({mode}). Ctrl+C stops.", db=str(app.db), address=address,
            mode=msg("read-only") if read_only else msg("moves allowed")))
    if token:
        say(msg("Colleagues open it with the token: replace {shown} with this machine's address on the network.",
                shown=shown))
    try:
        server.serve()
    except KeyboardInterrupt:
        pass
    say(msg("Stopped serving the board."))
