"""The board in a browser (`tracker serve`): the Textual board itself, one process per tab, served by
textual-serve with the page, its script and its fonts from the installed packages (no CDN).

Each browser tab runs `tracker board` on the same database, so it has the terminal board's locking,
undo and live refresh. Bound to loopback it is open to this machine only; bound to any other address
it demands an access token, given once as `?token=…` and then kept in a same-site cookie, and
refuses every request without it (the page, the websocket, the static files).
"""

from __future__ import annotations

import hmac
import secrets
import shlex
import socket
import sys
from pathlib import Path
from typing import Any

COOKIE = "tracker_board_token"
TEMPLATES = Path(__file__).parent / "templates"
LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def new_token() -> str:
    return secrets.token_urlsafe(24)


def is_loopback(host: str) -> bool:
    return host in LOOPBACK or host.startswith("127.")


def port_is_free(host: str, port: int) -> bool:
    """Whether the address can be bound now (checked before serving, for a clear message)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def board_command(db: Path, lang: str, *, read_only: bool, timezone: str | None = None) -> str:
    """The shell command each browser tab runs: this Python, this database, the same options."""
    parts = [sys.executable, "-m", "tracker", "--db", str(db), "--lang", lang]
    if timezone:
        parts += ["--tz", timezone]
    parts.append("board")
    if read_only:
        parts.append("--read-only")
    return " ".join(shlex.quote(part) for part in parts)


def make_server(command: str, host: str, port: int, *, token: str | None, title: str):
    """A textual-serve Server with the tracker's page and, when `token` is set, the token check."""
    from aiohttp import web
    from textual_serve.server import Server

    class BoardServer(Server):
        async def _make_app(self) -> web.Application:
            app = await super()._make_app()
            if token:
                app.middlewares.append(_token_middleware(token))
            return app

        async def on_startup(self, app: web.Application) -> None:      # the CLI prints its own banner
            return None

        def initialize_logging(self) -> None:                          # no Rich log of every request
            return None

    # public_url only matters for textual-serve's own template; ours builds URLs from the page's address.
    return BoardServer(command, host=host, port=port, title=title, public_url=f"http://{host}:{port}",
                       templates_path=str(TEMPLATES))


def _token_middleware(token: str):
    from aiohttp import web

    @web.middleware
    async def check(request: web.Request, handler: Any):
        given = request.query.get("token") or request.cookies.get(COOKIE) or ""
        if not hmac.compare_digest(given.encode(), token.encode()):
            return web.Response(status=403, content_type="text/plain", charset="utf-8",
                                text="This board needs its access token: open the address `tracker serve` printed "
                                     "(…/?token=…).\nBảng này cần mã truy cập: mở địa chỉ mà `tracker serve` đã in ra.\n")
        response = await handler(request)
        if request.query.get("token") and isinstance(response, web.StreamResponse) and not response.prepared:
            response.set_cookie(COOKIE, token, httponly=True, samesite="Strict", path="/")
        return response

    return check
