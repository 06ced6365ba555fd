"""A real Radicale server on 127.0.0.1 for the CalDAV tests: temp storage, plain htpasswd, strict If-Match."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

USER, PASSWORD = "coordinator", "s3cret-pass"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"Radicale did not answer on port {port} within {timeout} s")


def _has_option(section: str, name: str) -> bool:
    """Whether the installed Radicale knows a config option (it refuses unknown ones)."""
    from radicale import config

    return name in config.DEFAULT_CONFIG_SCHEMA.get(section, {})


class ServerProcess:
    """A server started as a child process, logging to a file; `spawn` waits for its port."""

    folder: Path
    port: int
    process: subprocess.Popen | None

    def spawn(self, command: list[str], log_name: str) -> None:
        self._log = open(self.folder / log_name, "wb")     # read it when a test fails oddly
        self.process = subprocess.Popen(command, stdout=self._log, stderr=self._log)
        try:
            wait_for_port(self.port)
        except RuntimeError:
            self.stop()
            raise

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        self.process = None
        if getattr(self, "_log", None) is not None:
            self._log.close()
            self._log = None


@dataclass
class RadicaleServer(ServerProcess):
    """One running server; `base` is http://127.0.0.1:PORT, `calendar_url(name)` a user calendar."""

    folder: Path
    port: int = 0
    process: subprocess.Popen | None = None
    ca_cert: str | None = None        # plain HTTP on loopback
    name: str = "radicale"

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def calendar_url(self, name: str = "tasks") -> str:
        return f"{self.base}/{USER}/{name}/"

    def start(self) -> "RadicaleServer":
        self.folder.mkdir(parents=True, exist_ok=True)
        users = self.folder / "users"
        users.write_text(f"{USER}:{PASSWORD}\n", encoding="utf-8")
        self.port = free_port()
        config = self.folder / "config"
        # strict_preconditions: a PUT over an existing item without If-Match is refused (DESIGN §11),
        # so a client that forgot its ETag fails loudly instead of overwriting; delay=0 keeps the
        # wrong-password test fast.
        config.write_text(
            "[server]\n"
            f"hosts = 127.0.0.1:{self.port}\n"
            "[auth]\n"
            "type = htpasswd\n"
            f"htpasswd_filename = {users}\n"
            "htpasswd_encryption = plain\n"
            "delay = 0\n"
            "[rights]\n"
            "type = owner_only\n"
            "[storage]\n"
            f"filesystem_folder = {self.folder / 'collections'}\n"
            + ("strict_preconditions = True\n" if _has_option("storage", "strict_preconditions") else "") +
            "[logging]\n"
            "level = warning\n",
            encoding="utf-8")
        self.spawn([sys.executable, "-m", "radicale", "--config", str(config)], "radicale.log")
        return self

    def client(self):
        import caldav

        return caldav.DAVClient(url=self.base, username=USER, password=PASSWORD)

    def make_calendar(self, name: str = "tasks") -> str:
        """Create a VTODO calendar for the test user with MKCALENDAR; returns its URL."""
        import caldav

        with caldav.DAVClient(url=self.base, username=USER, password=PASSWORD) as client:
            client.principal().make_calendar(name=name, cal_id=name,
                                             supported_calendar_component_set=["VTODO"])
        return self.calendar_url(name)
