"""The Textual application: loads the store, handles the screens' messages, polls for outside changes.

The store queue is tui/jobs.py, the operations tui/operations.py, the collector tuning tui/memory.py.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual import on
from textual.app import App

from .. import clock
from .. import i18n
from ..errors import TrackerError
from ..filters import Filters
from ..i18n import said
from ..inert import printable
from ..store import Store
from . import memory
from . import messages as m
from .board import Board
from .jobs import LOCK_TIMEOUT, JobQueue
from .labels import labels
from .operations import BoardOperations
from .screen import BoardScreen
from .session import Session
from .sync import BoardSync

POLL_SECONDS = 0.25


class TrackerApp(App):
    """The Kanban board over one tracker database."""

    CSS_PATH = Path(__file__).with_name("styles.tcss")   # absolute: subclasses elsewhere still find it
    TITLE = "tracker"
    ENABLE_COMMAND_PALETTE = False   # the footer is short on room at 80 columns

    def notify(self, message: str, *, title: str = "", severity: str = "information", timeout: float | None = None,
               markup: bool = True) -> None:
        """A toast whose text is never markup: messages carry card ids, notes and file names."""
        super().notify(printable(message, newlines=True), title=printable(title), severity=severity,
                       timeout=timeout, markup=False)

    def __init__(self, store_path: str | Path, *, lang: str = "vi", today: date | None = None,
                 agency: str | None = None, plan: str | None = None, poll: float = POLL_SECONDS,
                 store: Store | None = None, on: date | None = None, view_only: bool = False):
        super().__init__()
        # A caller that already loaded the store (the CLI checks it first) passes it in, so that
        # 20,000 cards are not parsed twice (0.25-0.5 s measured).
        self.store = store if store is not None else Store(store_path, lock_timeout=LOCK_TIMEOUT)
        self.store.lock_timeout = LOCK_TIMEOUT
        self.store.share_records()            # the board keeps every card in memory
        self.store.view_only = view_only      # tracker serve --read-only: every write is refused by the store
        self.lang = lang if lang in ("vi", "en") else "vi"
        i18n.set_language(self.lang)          # core messages (errors, summaries) are said in the board's language
        self.today = today or clock.today()
        self.t = labels(self.lang)
        self.poll_seconds = poll
        # `tracker board --on DATE`: every move of this session happened that day (checked by the CLI
        # and again by services.move_cards, which refuses a day after today).
        self.session = Session(move_day=on, view_only=view_only)
        self.board = Board([], self.today, Filters(agency=agency, plan=plan))
        self.counter = -1                    # the store change counter the board shows
        self._quit_when_idle = False
        self.jobs = JobQueue(self, retrying=lambda n: self.t["locked_retry"].format(n=n),
                             failed=self._job_failed, idle=self.quit_if_idle)
        self.ops = BoardOperations(self)
        self.sync = BoardSync(self)
        self._collector = memory.CollectorTuning()

    @property
    def pending(self) -> int:
        """Store jobs submitted and not yet finished."""
        return self.jobs.pending

    # -- start-up ----------------------------------------------------------------------------
    def on_mount(self) -> None:
        self._collector.start()
        self._load_initial()
        self.push_screen(BoardScreen(self.board, self.lang, self.session))
        if self.session.error is None:
            self.set_interval(self.poll_seconds, self.ops.poll)
            if self.board.total:
                # Search keys are only needed once someone searches: fold them once the first
                # frame is out, or the thread's GIL share delays that frame.
                self.call_after_refresh(self.call_after_refresh, self.prepare_search)

    def prepare_search(self) -> None:
        """Fold the search keys and work out the search columns in a worker thread."""
        self.run_worker(self._fold_and_freeze, thread=True, group="keys")

    def _fold_and_freeze(self) -> None:
        self.board.ensure_keys()
        prepared = self.board.search_columns()
        try:
            self.call_from_thread(self.board.adopt_search_columns, prepared)
        except RuntimeError:     # the board closed meanwhile
            pass
        memory.freeze()

    def _load_initial(self) -> None:
        with memory.loading():
            try:
                snapshot = self.store.load()
                self.counter = snapshot.counter
                self.session.plans = snapshot.plans
                self.board.set_plans(snapshot.plans)
                self.session.read_only = self.store.read_only
                self.board.adopt(self.board.prepare(self.ops.docs(snapshot), with_keys=False))
            except TrackerError as exc:
                self.session.error = exc

    def on_unmount(self) -> None:
        self._collector.stop()

    @property
    def board_screen(self) -> BoardScreen | None:
        for screen in self.screen_stack:
            if isinstance(screen, BoardScreen):
                return screen
        return None

    def _job_failed(self, error: TrackerError) -> None:
        self.notify(said(error, self.lang), severity="error", timeout=8)
        self.ops.reload()   # undo the optimistic change on screen

    # -- what the screens ask ------------------------------------------------------------------
    @on(m.MoveCards)
    def _move(self, message: m.MoveCards) -> None:
        self.ops.move_cards(message.card_ids, message.to)

    @on(m.ArchiveCards)
    def _archive(self, message: m.ArchiveCards) -> None:
        self.ops.archive_cards(message.card_ids)

    @on(m.RestoreCards)
    def _restore(self, message: m.RestoreCards) -> None:
        self.ops.restore_cards(message.card_ids)

    @on(m.SwitchView)
    def _switch_view(self, message: m.SwitchView) -> None:
        self.ops.switch_view(message.archive)

    @on(m.Undo)
    def _undo(self) -> None:
        self.ops.undo()

    @on(m.Reload)
    def _reload(self, message: m.Reload) -> None:
        self.ops.reload(announce=message.announce)

    @on(m.ExportVisible)
    def _export(self, message: m.ExportVisible) -> None:
        self.ops.export_visible(message.rows)

    @on(m.OpenDetails)
    def _details(self, message: m.OpenDetails) -> None:
        self.ops.open_details(message.card_id)

    @on(m.OpenCardForm)
    def _card_form(self, message: m.OpenCardForm) -> None:
        self.ops.open_card_form(message.card_id, message.plan_key)

    @on(m.StoreJob)
    def _store_job(self, message: m.StoreJob) -> None:
        store, job = self.store, message.job
        self.jobs.submit(lambda: job(store), message.done)

    @on(m.StartSync)
    def _sync(self) -> None:
        self.sync.start()

    @on(m.Quit)
    def request_quit(self) -> None:
        """Quit once every pending save has reached the disk."""
        if self.jobs.pending or self.sync.running:
            self._quit_when_idle = True
            self.notify(self.t["saving"])
        else:
            self.exit()

    def quit_if_idle(self) -> None:
        """Quit now if a quit was asked while saves or a sync were still running."""
        if self._quit_when_idle and self.jobs.pending == 0 and not self.sync.running:
            self.exit()


def run_board(store_path: str | Path, lang: str = "vi", today: date | None = None,
              agency: str | None = None, plan: str | None = None, *, store: Store | None = None,
              on: date | None = None, view_only: bool = False) -> int:
    """Open the board on the database at `store_path` (the CLI's entry point); its exit code.

    `on`: the day every move made in this session happened (tracker board --on DATE).
    Textual prints a crash's traceback itself and ends the app with a non-zero return code; a
    script that started the board must see that code, not 0.
    """
    app = TrackerApp(store_path, lang=lang, today=today, agency=agency, plan=plan, store=store, on=on,
                     view_only=view_only)
    app.run()
    return app.return_code or 0
