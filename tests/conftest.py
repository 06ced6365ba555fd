"""Shared fixtures: every test gets its own database folder and nothing reads the real clock's database."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PLANS = ROOT / "plans"


@pytest.fixture(autouse=True)
def isolated_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point TRACKER_DB at a file in a fresh temp folder (the folder is the cwd too)."""
    db = tmp_path / "tracker.json"
    monkeypatch.setenv("TRACKER_DB", str(db))
    monkeypatch.setenv("TRACKER_LOCK_TIMEOUT", "5")
    # Tests read the CLI in English unless they ask for Vietnamese (the default, tested in
    # test_i18n_cli.py with TRACKER_LANG unset).
    monkeypatch.setenv("TRACKER_LANG", "en")
    # No one's own config file, time zone or CalDAV settings leak into a test.
    for name in ("TRACKER_CONFIG", "TRACKER_TZ", "TRACKER_CALDAV_URL", "TRACKER_CALDAV_USER"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config-home"))
    from tracker import clock

    clock.set_zone(None)
    monkeypatch.chdir(tmp_path)
    return db


@pytest.fixture
def plans_dir() -> Path:
    return PLANS


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    """One real Radicale on 127.0.0.1 for every CalDAV test (each test makes its own calendar)."""
    from radicale_server import RadicaleServer

    running = RadicaleServer(tmp_path_factory.mktemp("radicale")).start()
    yield running
    running.stop()


@pytest.fixture(scope="session")
def xandikos(tmp_path_factory):
    """One real Xandikos on 127.0.0.1 (HTTPS, self-signed, Basic auth) for the tests that run on both servers."""
    from xandikos_server import XandikosServer

    running = XandikosServer(tmp_path_factory.mktemp("xandikos")).start()
    yield running
    running.stop()


@pytest.fixture(params=["radicale", "xandikos"])
def dav_server(request):
    """Each CalDAV server the tracker is tried against, in turn."""
    return request.getfixturevalue("server" if request.param == "radicale" else "xandikos")
