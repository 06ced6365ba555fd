"""CalDAV sync from the board (`y`): credentials, one sync_once in a thread, progress in the status line."""

from __future__ import annotations

import os
import time
from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from ..calendar.shared import STATE_KEY
from ..i18n import said
from ..errors import TrackerError
from ..store import Store
from ..text import nfc
from .labels import labels

if TYPE_CHECKING:
    from .app import TrackerApp

URL_ENV, USER_ENV, PASSWORD_ENV = "TRACKER_CALDAV_URL", "TRACKER_CALDAV_USER", "TRACKER_CALDAV_PASSWORD"
PROGRESS_EVERY = 0.2     # seconds between status-line updates: one per PUT would flood the UI thread


def remembered_url(sync_state: dict[str, Any]) -> str | None:
    """The calendar this database last started syncing with (the sync state keeps no user or password)."""
    calendars = list((sync_state.get(STATE_KEY) or {}).keys())
    return calendars[-1] if calendars else None


class SyncDialog(ModalScreen[tuple[str, str, str] | None]):
    """Asks for the calendar URL, user and password (masked, never stored); dismisses with all three."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, url: str, user: str, lang: str):
        super().__init__()
        self.url, self.user, self.t = url, user, labels(lang)

    def compose(self) -> ComposeResult:
        t = self.t
        with Vertical(id="sync-dialog"):
            yield Label(t["sync_title"], classes="picker-title")
            yield Label(t["sync_url"], classes="field-label")
            yield Input(self.url, placeholder="https://dav.example.org/user/tasks/", id="sync-url")
            yield Label(t["sync_user"], classes="field-label")
            yield Input(self.user, id="sync-user")
            yield Label(t["sync_password"], classes="field-label")
            yield Input(password=True, id="sync-password")
            yield Static(id="sync-error")
            with Horizontal(id="sync-buttons"):
                yield Button(t["sync_go"], id="sync-go", variant="primary")
                yield Button(t["form_cancel"], id="sync-cancel")

    def on_mount(self) -> None:
        # Start where something is missing: usually only the password.
        for widget_id in ("sync-url", "sync-user", "sync-password"):
            field = self.query_one(f"#{widget_id}", Input)
            if not field.value or widget_id == "sync-password":
                field.focus()
                break

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        normal = nfc(event.value)
        if normal != event.value:   # NFD from some keyboards breaks Backspace
            event.input.value = normal

    @on(Input.Submitted)
    @on(Button.Pressed, "#sync-go")
    def _go(self) -> None:
        url = self.query_one("#sync-url", Input).value.strip()
        if not url:
            self.query_one("#sync-error", Static).update(self.t["sync_need_url"])
            self.query_one("#sync-url", Input).focus()
            return
        user, password = self.query_one("#sync-user", Input).value.strip(), self.query_one("#sync-password", Input).value
        if user and not password:
            self.query_one("#sync-error", Static).update(self.t["sync_need_password"].format(user=user))
            self.query_one("#sync-password", Input).focus()
            return
        self.dismiss((url, user, password))

    @on(Button.Pressed, "#sync-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class BoardSync:
    """One CalDAV sync at a time for the board; the app owns one."""

    def __init__(self, app: TrackerApp):
        self.app = app
        self.running = False
        self.status = ""          # shown in the board's filter bar while a sync runs

    def start(self) -> None:
        """`y`: sync at once with credentials from the environment, else ask for them."""
        app = self.app
        if self.running:
            app.notify(app.t["sync_running"], severity="warning")
            return
        from ..config import load_config

        try:
            config = load_config()
        except TrackerError:
            config = None
        url = os.environ.get(URL_ENV) or (config.file_value("caldav.url") if config else None) or ""
        user = os.environ.get(USER_ENV) or (config.file_value("caldav.user") if config else None) or ""
        password = os.environ.get(PASSWORD_ENV)
        if url and password is not None:
            self.run(url, user, password)
            return
        if not url:
            try:
                url = remembered_url(app.store.load().sync_state) or ""
            except TrackerError:
                url = ""

        def answered(result: tuple[str, str, str] | None) -> None:
            if result is not None:
                self.run(*result)
        app.push_screen(SyncDialog(url, user, app.lang), answered)

    def run(self, url: str, user: str, password: str) -> None:
        """One sync_once in a thread worker, beside the board's store queue.

        It gets its own Store object: sync writes in short transactions of its own and waits on
        the network in between, so it must not hold the board's queue (moves keep saving).
        """
        app = self.app
        filters, today, lang, path = app.board.filters, app.today, app.lang, app.store.path
        self.running = True
        self._set_status(app.t["sync_connecting"])
        last = [0.0]

        def progress(done: int, total: int) -> None:
            now = time.monotonic()
            if done == total or now - last[0] >= PROGRESS_EVERY:
                last[0] = now
                app.jobs.from_thread(self._set_status, app.t["sync_progress"].format(done=done, total=total))

        def work() -> None:
            from ..calendar.sync import sync_once   # caldav is imported only when someone syncs
            report, error = None, None
            try:
                report = sync_once(Store(path), url, user or None, password if user else None, filters, today,
                                   progress=progress, lang=lang)
            except TrackerError as exc:
                error = exc
            except Exception as exc:  # noqa: BLE001 - a worker must never leave a traceback
                error = TrackerError(f"{type(exc).__name__}: {exc}")
            app.jobs.from_thread(self._finished, report, error)

        app.run_worker(work, thread=True, group="sync", exit_on_error=False)

    def _set_status(self, text: str) -> None:
        self.status = self.app.session.sync_status = text
        screen = self.app.board_screen
        if screen is not None:
            screen.update_filter_bar()

    def _finished(self, report: Any, error: TrackerError | None) -> None:
        app = self.app
        self.running = False
        self._set_status("")
        if error is not None:
            app.notify(said(error, app.lang), severity="error", timeout=10)
        else:
            app.notify(app.t["synced"].format(calendar=report.calendar or report.url, pushed=report.pushed,
                                              updated=report.updated, pulled=report.pulled,
                                              conflicts=len(report.conflicts)), timeout=8)
            if report.conflicts:
                app.notify(app.t["sync_conflicts"].format(n=len(report.conflicts)), severity="warning", timeout=10)
            app.ops.reload()
        app.quit_if_idle()
