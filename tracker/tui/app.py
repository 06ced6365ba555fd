"""The Textual application: loads the store, runs every store call in a worker, polls for outside changes."""

from __future__ import annotations

import gc
import threading
from collections import deque
from datetime import date
from pathlib import Path
from typing import Any
from collections.abc import Callable

from textual.app import App

from .. import clock
from .. import services
from .. import i18n
from ..errors import StoreLocked, TrackerError
from ..i18n import said
from ..filters import Filters
from ..inert import printable
from ..model import Status
from ..store import Store
from .board import STATUSES, Board
from .labels import labels
from .screen import BoardScreen
from .sync import BoardSync

POLL_SECONDS = 0.25
LOCK_TIMEOUT = 1.0       # per attempt; the board retries and says so instead of freezing
LOCK_ATTEMPTS = 10
GC_THRESHOLD = 50_000    # young objects between collections (Python's default: 700); see on_mount


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
        # `tracker board --on DATE`: every move of this session happened that day (checked by the CLI
        # and again by services.move_cards, which refuses a day after today).
        self.move_day = on
        # A caller that already loaded the store (the CLI checks it first) passes it in, so that
        # 20,000 cards are not parsed twice (0.25-0.5 s measured).
        self.store = store if store is not None else Store(store_path, lock_timeout=LOCK_TIMEOUT)
        self.store.lock_timeout = LOCK_TIMEOUT
        self.store.view_only = view_only      # tracker serve --read-only: every write is refused by the store
        self.lang = lang if lang in ("vi", "en") else "vi"
        i18n.set_language(self.lang)          # core messages (errors, summaries) are said in the board's language
        self.today = today or clock.today()
        self.t = labels(self.lang)
        self.poll_seconds = poll
        self.board = Board([], self.today, Filters(agency=agency, plan=plan))
        self.counter = -1                    # the store change counter the board shows
        self.error: TrackerError | None = None
        self.read_only = False
        self.plans: dict[str, Any] = {}
        self._jobs: deque[tuple[Callable[[], Any], Callable[[Any], None] | None]] = deque()
        self._io_lock = threading.Lock()     # one store call at a time, in submission order
        self.pending = 0                     # jobs submitted and not yet finished
        self._quit_when_idle = False
        self.sync = BoardSync(self)

    # -- start-up ----------------------------------------------------------------------------
    def on_mount(self) -> None:
        # A frame of the board allocates ~15,000 short-lived objects (Textual makes a Strip with
        # seven small caches per drawn line): at the default threshold of 700 that is ~25 young
        # and 2 middle collections per keystroke, and a full one every few keystrokes (measured
        # 1-4 ms and 30-60 ms inside the frame). Nearly all of it is freed by reference counting,
        # so collect less often while the board runs; on_unmount puts the thresholds back.
        self._gc_thresholds = gc.get_threshold()
        gc.set_threshold(GC_THRESHOLD, *self._gc_thresholds[1:])
        self._load_initial()
        self.push_screen(BoardScreen(self.board, self.lang))
        if self.error is None:
            self.set_interval(self.poll_seconds, self._poll)
            if self.board.total:
                # Search keys are only needed once someone searches: fold them once the first
                # frame is out, or the thread's GIL share delays that frame.
                self.call_after_refresh(self.call_after_refresh, self._fold_in_background)

    def _fold_in_background(self) -> None:
        self.run_worker(self._fold_and_freeze, thread=True, group="keys")

    def _fold_and_freeze(self) -> None:
        self.board.ensure_keys()
        # The fold leaves 20,000 lists of due dates (and their rows' keys) for the life of the
        # board; frozen, the collector's full passes no longer walk them (~10 ms each).
        gc.freeze()

    def _load_initial(self) -> None:
        # 20,000 cards make ~1M objects; the cyclic GC would walk them repeatedly while loading.
        gc.disable()
        try:
            snapshot = self.store.load()
            self.counter = snapshot.counter
            self.plans = snapshot.plans
            self.board.set_plans(self.plans)
            self.read_only = self.store.read_only
            self.board.adopt(self.board.prepare(self._docs(snapshot), with_keys=False))
        except TrackerError as exc:
            self.error = exc
        finally:
            gc.enable()
            gc.freeze()   # the loaded cards live as long as the board: keep them out of GC passes

    def on_unmount(self) -> None:
        gc.set_threshold(*self._gc_thresholds)

    @property
    def board_screen(self) -> BoardScreen | None:
        for screen in self.screen_stack:
            if isinstance(screen, BoardScreen):
                return screen
        return None

    # -- serialised store calls in worker threads --------------------------------------------
    def submit(self, job: Callable[[], Any], done: Callable[[Any], None] | None = None, *,
               after_paint: bool = False) -> None:
        """Run `job` in a worker thread after every earlier job; `done(result)` runs on the UI thread.

        `after_paint` starts the thread only once the next frame is drawn: writing 20,000 cards
        holds the GIL for tens of milliseconds, which would otherwise delay the frame that shows
        the change. The job counts as pending at once, so quitting still waits for it.
        """
        self._jobs.append((job, done))
        self.pending += 1
        if after_paint:
            self.call_after_refresh(self._start_job)
        else:
            self._start_job()

    def _start_job(self) -> None:
        self.run_worker(self._run_next_job, thread=True, group="store", exit_on_error=False)

    def _run_next_job(self) -> None:
        with self._io_lock:
            job, done = self._jobs.popleft()
            result, error = None, None
            for attempt in range(1, LOCK_ATTEMPTS + 1):
                try:
                    result, error = job(), None
                    break
                except StoreLocked as exc:
                    error = exc
                    if attempt < LOCK_ATTEMPTS:
                        self._from_thread(self.notify, self.t["locked_retry"].format(n=attempt),
                                          severity="warning", timeout=LOCK_TIMEOUT + 0.5)
                except TrackerError as exc:
                    error = exc
                    break
                except Exception as exc:  # noqa: BLE001 - a worker must never leave a traceback
                    error = TrackerError(f"{type(exc).__name__}: {exc}")
                    break
            self._from_thread(self._job_finished, done, result, error)

    def _from_thread(self, callback: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
        try:
            self.call_from_thread(callback, *args, **kwargs)
        except RuntimeError:
            pass   # the app is shutting down; nothing left to show

    def _job_finished(self, done: Callable[[Any], None] | None, result: Any, error: TrackerError | None) -> None:
        self.pending -= 1
        if error is not None:
            self.notify(said(error, self.lang), severity="error", timeout=8)
            self.reload()   # undo the optimistic change on screen
        elif done is not None:
            done(result)
        self.quit_if_idle()

    # -- operations ---------------------------------------------------------------------------
    def _docs(self, snapshot: Any):
        """The stored cards the board shows: the active ones, or only the archived ones (archive view)."""
        archived = self.board.archive
        return (doc for doc in snapshot.raw["cards"].values() if bool(doc.get("archived")) is archived)

    def _fresh_rows(self, expected: int | None = None) -> tuple[int, Any]:
        """(counter, prepared rows), or (counter, None) when the board already shows that state."""
        snapshot = self.store.load()
        if snapshot.counter == expected:
            return snapshot.counter, None
        self.plans = snapshot.plans
        return snapshot.counter, self.board.prepare(self._docs(snapshot))

    def _show(self, result: tuple[int, Any]) -> None:
        counter, prepared = result
        if self.pending:
            return   # a later job will bring newer data; adopting this would flash old state
        self.counter = counter
        if prepared is not None:
            self.board.set_plans(self.plans)
            self.board.adopt(prepared)
            screen = self.board_screen
            if screen is not None:
                screen.refresh_board()

    def move_card(self, card_id: str, to: Status) -> None:
        """Save a move the board already shows."""
        self.move_cards([card_id], to)

    def move_cards(self, card_ids: list[str], to: Status) -> None:
        """Save a move of one or many cards the board already shows: one change set, one undo."""
        ids, day = list(card_ids), self.move_day

        def job():
            before = self.store.load().counter
            services.move_cards(self.store, ids, to, via="tui", on=day)
            # Only our own change happened: the board is already right, skip the 20,000-row rebuild.
            return self._fresh_rows(self.counter + 1 if before == self.counter else None)
        self.submit(job, self._show, after_paint=True)

    def switch_view(self, archive: bool) -> None:
        """Show the archived cards only (archive True) or the active ones, with the same filters."""
        self.board.archive = archive

        def done(result):
            # Adopted even while other jobs are pending (unlike _show): they bring no other view.
            counter, prepared = result
            self.counter = counter
            self.board.set_plans(self.plans)
            self.board.adopt(prepared)
            self._refresh_screen()
            if archive and not self.board.total:
                self.notify(self.t["archive_empty"])
        self.submit(lambda: self._fresh_rows(), done)

    def save_note(self, card_id: str, note: str) -> None:
        def job():
            services.set_note(self.store, card_id, note, via="tui")
            return self._fresh_rows()

        def done(result):
            self._show(result)
            self.notify(self.t["note_saved"].format(id=card_id))
        self.submit(job, done)

    def undo(self) -> None:
        def job():
            target = services.undo_last(self.store, via="tui")
            return target, self._fresh_rows()

        def done(result):
            target, fresh = result
            self._show(fresh)
            self.notify(self.t["undone"].format(summary=target.summary or target.action))
        self.submit(job, done)

    def reload(self, announce: bool = False) -> None:
        def done(result):
            self._show(result)
            if announce:
                self.notify(self.t["reloaded"].format(n=self.board.total))
        self.submit(lambda: self._fresh_rows(), done)

    def _poll(self) -> None:
        # A cheap stat; the file is parsed only when it changed and the counter moved.
        if self.pending or not self.store.changed_on_disk():
            return
        self.submit(lambda: self._fresh_rows(self.counter), self._show)

    def open_details(self, card_id: str) -> None:
        from .dialogs import DetailsScreen

        def job():
            snapshot = self.store.load()
            doc = next((d for d in snapshot.raw["cards"].values() if d.get("id") == card_id), None)
            if doc is None:
                raise TrackerError(f"The card {card_id} is no longer in the database.")
            from ..model import Card
            card = Card.from_dict(doc)
            from ..calendar.shared import describe_removed
            return (card, snapshot.plans.get(card.plan), snapshot.events_for(card_id),
                    describe_removed(snapshot.sync_state, card_id, self.lang))

        def done(result):
            card, plan, events, shared = result

            def saved(note: str | None) -> None:
                if note is None:
                    return          # closed without saving
                if note != card.note:
                    self.save_note(card.id, note)
                else:
                    self.notify(self.t["note_unchanged"].format(id=card.id))
            self.push_screen(DetailsScreen(card, plan, events, self.lang, self.today, shared=shared), saved)
        self.submit(job, done)

    def export_visible(self, rows: list) -> None:
        filters = self.board.filters

        def job():
            from ..calendar.ics import export_visible
            cards = [row.card() for row in rows]
            return len(cards), export_visible(cards, self.store.load().plans, folder="exports", lang=self.lang,
                                              filters=filters)

        def done(result):
            count, path = result
            self.notify(self.t["exported"].format(n=count, path=path), timeout=8)
        self.submit(job, done)

    # -- hand edits (tracker.editing, the CLI's validation) -------------------------------------
    def open_card_form(self, card_id: str | None = None, plan_key: str | None = None) -> None:
        """Open the form for a new card (card_id None) or for editing one, with a fresh snapshot."""
        from ..editing import agency_names
        from .edit_form import CardForm

        def job():
            snapshot = self.store.load()
            card = snapshot.cards.get(card_id) if card_id else None
            if card_id and card is None:
                raise TrackerError(f"The card {card_id} is no longer in the database.")
            return snapshot, agency_names(snapshot), card

        def done(result):
            snapshot, names, card = result
            self.push_screen(CardForm(snapshot, names, self.lang, card=card, plan_key=plan_key), self.save_form)
        self.submit(job, done)

    def save_form(self, result: Any) -> None:
        """Store what a saved CardForm validated, as one change set made via the board."""
        from ..editing import add_card, edit_card
        if result is None:
            return
        draft = result.draft

        def job():
            if result.card_id is None:
                card_id = add_card(self.store, draft, via="tui").id
                change_set = True
            else:
                card_id = result.card_id
                change_set = edit_card(self.store, card_id, result.changes, via="tui", new_agency=result.new_agency)
            return card_id, change_set, self._fresh_rows()

        def done(outcome):
            card_id, change_set, fresh = outcome
            self._show(fresh)
            self.focus_card(card_id)
            key = "nothing_changed" if change_set is None else "added" if result.card_id is None else "edited"
            self.notify(self.t[key].format(id=card_id))
            for warning in draft.warnings if change_set is not None else ():
                self.notify(warning, severity="warning", timeout=8)
        self.submit(job, done)

    def archive_card(self, card_id: str) -> None:
        self.archive_cards([card_id])

    def archive_cards(self, card_ids: list[str]) -> None:
        """Archive cards as one change set (undo brings them all back)."""
        ids = list(card_ids)
        said = (self.t["archived"].format(id=ids[0]) if len(ids) == 1
                else self.t["archived_n"].format(n=len(ids), ids=_some(ids)))
        self._set_archived(ids, True, said)

    def restore_cards(self, card_ids: list[str]) -> None:
        """Bring archived cards back to the board, as one change set (from the archive view)."""
        ids = list(card_ids)
        self._set_archived(ids, False, self.t["restored"].format(n=len(ids), ids=_some(ids)))

    def _set_archived(self, ids: list[str], archived: bool, said: str) -> None:
        from ..editing import archive_cards, restore_cards

        def job():
            (archive_cards if archived else restore_cards)(self.store, ids, via="tui")
            return self._fresh_rows()

        def done(fresh):
            self._show(fresh)
            self.board.clear_marks()
            self._refresh_screen()
            self.notify(said)
        self.submit(job, done)

    def _refresh_screen(self) -> None:
        screen = self.board_screen
        if screen is not None:
            screen.refresh_board()

    def focus_card(self, card_id: str) -> None:
        """Put the cursor on a card if the filters show it (after adding or editing it)."""
        row, screen = self.board.by_id.get(card_id), self.board_screen
        if row is None or screen is None:
            return
        column = STATUSES.index(row.status)
        index = self.board.index_of(column, card_id)
        if index is not None:
            self.board.focus_column(column)
            self.board.set_cursor(column, index)
            screen.activate()
            screen.current_column().cursor_changed()

    def request_quit(self) -> None:
        """Quit once every pending save has reached the disk."""
        if self.pending or self.sync.running:
            self._quit_when_idle = True
            self.notify(self.t["saving"])
        else:
            self.exit()

    def quit_if_idle(self) -> None:
        """Quit now if a quit was asked while saves or a sync were still running."""
        if self._quit_when_idle and self.pending == 0 and not self.sync.running:
            self.exit()


def _some(ids: list[str], at_most: int = 3) -> str:
    """'a, b, c' or 'a, b, c, …' for a toast."""
    return ", ".join(ids[:at_most]) + (", …" if len(ids) > at_most else "")


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
