"""Every store operation of the board: a job in the store queue, then the board and a toast on the UI thread."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from .. import services
from ..errors import TrackerError
from ..model import Status
from .row import STATUSES

if TYPE_CHECKING:
    from .app import TrackerApp


class BoardOperations:
    """Moves, notes, undo, reloads, exports, hand edits and archiving, for the app's message handlers."""

    def __init__(self, app: TrackerApp):
        self.app = app
        self.board = app.board
        self.t = app.t

    @property
    def store(self):
        return self.app.store

    def submit(self, job, done=None, *, after_paint: bool = False) -> None:
        self.app.jobs.submit(job, done, after_paint=after_paint)

    # -- fresh data --------------------------------------------------------------------------
    def docs(self, snapshot: Any) -> Iterator[dict[str, Any]]:
        """The stored cards the board shows: the active ones, or only the archived ones (archive view)."""
        return snapshot.docs(archived=self.board.archive)

    def fresh_rows(self, expected: int | None = None) -> tuple[int, Any]:
        """(counter, prepared rows), or (counter, None) when the board already shows that state."""
        snapshot = self.store.load()
        if snapshot.counter == expected:
            return snapshot.counter, None
        self.app.session.plans = snapshot.plans
        return snapshot.counter, self.board.prepare(self.docs(snapshot))

    def show(self, result: tuple[int, Any]) -> None:
        counter, prepared = result
        if self.app.jobs.pending:
            return   # a later job will bring newer data; adopting this would flash old state
        self.app.counter = counter
        if prepared is not None:
            self.board.set_plans(self.app.session.plans)
            self.board.adopt(prepared)
            self.refresh_screen()
            self.app.prepare_search()      # the new rows' search columns, in the background

    def refresh_screen(self) -> None:
        screen = self.app.board_screen
        if screen is not None:
            screen.refresh_board()

    # -- operations ---------------------------------------------------------------------------
    def move_cards(self, card_ids: list[str], to: Status) -> None:
        """Save a move of one or many cards the board already shows: one change set, one undo."""
        ids, day, app = list(card_ids), self.app.session.move_day, self.app

        def job():
            before = self.store.load().counter
            services.move_cards(self.store, ids, to, via="tui", on=day)
            # Only our own change happened: the board is already right, skip the 20,000-row rebuild.
            return self.fresh_rows(app.counter + 1 if before == app.counter else None)
        self.submit(job, self.show, after_paint=True)

    def switch_view(self, archive: bool) -> None:
        """Show the archived cards only (archive True) or the active ones, with the same filters."""
        self.board.archive = archive

        def done(result):
            # Adopted even while other jobs are pending (unlike show): they bring no other view.
            counter, prepared = result
            self.app.counter = counter
            self.board.set_plans(self.app.session.plans)
            self.board.adopt(prepared)
            self.refresh_screen()
            if archive and not self.board.total:
                self.app.notify(self.t["archive_empty"])
        self.submit(lambda: self.fresh_rows(), done)

    def save_note(self, card_id: str, note: str) -> None:
        def job():
            services.set_note(self.store, card_id, note, via="tui")
            return self.fresh_rows()

        def done(result):
            self.show(result)
            self.app.notify(self.t["note_saved"].format(id=card_id))
        self.submit(job, done)

    def undo(self) -> None:
        def job():
            target = services.undo_last(self.store, via="tui")
            return target, self.fresh_rows()

        def done(result):
            target, fresh = result
            self.show(fresh)
            self.app.notify(self.t["undone"].format(summary=target.summary or target.action))
        self.submit(job, done)

    def reload(self, announce: bool = False) -> None:
        def done(result):
            self.show(result)
            if announce:
                self.app.notify(self.t["reloaded"].format(n=self.board.total))
        self.submit(lambda: self.fresh_rows(), done)

    def poll(self) -> None:
        # A cheap stat; the file is parsed only when it changed and the counter moved.
        if self.app.jobs.pending or not self.store.changed_on_disk():
            return
        self.submit(lambda: self.fresh_rows(self.app.counter), self.show)

    def open_details(self, card_id: str) -> None:
        from .dialogs import DetailsScreen
        app = self.app

        def job():
            snapshot = self.store.load()
            doc = snapshot.find_doc(card_id)
            if doc is None:
                raise TrackerError(f"The card {card_id} is no longer in the database.")
            from ..model import Card
            card = Card.from_dict(doc)
            from ..calendar.shared import describe_removed
            return (card, snapshot.plans.get(card.plan), snapshot.events_for(card_id),
                    describe_removed(snapshot.sync_state, card_id, app.lang))

        def done(result):
            card, plan, events, shared = result

            def saved(note: str | None) -> None:
                if note is None:
                    return          # closed without saving
                if note != card.note:
                    self.save_note(card.id, note)
                else:
                    app.notify(self.t["note_unchanged"].format(id=card.id))
            app.push_screen(DetailsScreen(card, plan, events, app.lang, app.today, shared=shared), saved)
        self.submit(job, done)

    def export_visible(self, rows: list) -> None:
        filters, lang = self.board.filters, self.app.lang

        def job():
            from ..calendar.ics import export_visible
            cards = [row.card() for row in rows]
            return len(cards), export_visible(cards, self.store.load().plans, folder="exports", lang=lang,
                                              filters=filters)

        def done(result):
            count, path = result
            self.app.notify(self.t["exported"].format(n=count, path=path), timeout=8)
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
            self.app.push_screen(CardForm(snapshot, names, self.app.lang, card=card, plan_key=plan_key),
                                 self.save_form)
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
            return card_id, change_set, self.fresh_rows()

        def done(outcome):
            card_id, change_set, fresh = outcome
            self.show(fresh)
            self.focus_card(card_id)
            key = "nothing_changed" if change_set is None else "added" if result.card_id is None else "edited"
            self.app.notify(self.t[key].format(id=card_id))
            for warning in draft.warnings if change_set is not None else ():
                self.app.notify(warning, severity="warning", timeout=8)
        self.submit(job, done)

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
            return self.fresh_rows()

        def done(fresh):
            self.show(fresh)
            self.board.clear_marks()
            self.refresh_screen()
            self.app.notify(said)
        self.submit(job, done)

    def focus_card(self, card_id: str) -> None:
        """Put the cursor on a card if the filters show it (after adding or editing it)."""
        row, screen = self.board.by_id.get(card_id), self.app.board_screen
        if row is None or screen is None:
            return
        column = STATUSES.index(row.status)
        index = self.board.index_of(column, card_id)
        if index is not None:
            self.board.focus_column(column)
            self.board.set_cursor(column, index)
            screen.activate()
            screen.current_column().cursor_changed()


def _some(ids: list[str], at_most: int = 3) -> str:
    """'a, b, c' or 'a, b, c, …' for a toast."""
    return ", ".join(ids[:at_most]) + (", …" if len(ids) > at_most else "")
