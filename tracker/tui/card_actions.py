"""The board keys that change, open or export cards: each posts a message the app handles (tui/messages.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import messages as m
from .column import CardColumn
from .dialogs import HelpScreen
from .footer import help_rows

if TYPE_CHECKING:
    from .board import Board
    from .session import Session

# Keys that change or export cards: not in the archive view, where a card must be restored first.
NOT_IN_ARCHIVE = frozenset({"move", "new_card", "edit_card", "archive", "export"})


class CardActions:
    """Mixed into BoardScreen: moves, marks' moves, undo, reload, export, details, stats, edits,
    archiving, the archive view, sync, help and quit."""

    board: Board
    session: Session
    t: dict[str, str]
    lang: str

    # -- the archive view and what it allows --------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "restore":
            return self.board.archive    # R exists only in the archive view (hidden elsewhere)
        return True

    def _archive_refuses(self, action: str) -> bool:
        """In the archive view, cards are restored before they are changed: say so."""
        if self.board.archive and action in NOT_IN_ARCHIVE:
            self.notify(self.t["archive_only"], severity="warning")
            return True
        return False

    def action_archive_view(self) -> None:
        """A: the archived cards only (restore them with R); A again: back to the board."""
        self.board.clear_marks()
        self.post_message(m.SwitchView(archive=not self.board.archive))

    def _chosen_ids(self) -> list[str]:
        """The marked cards, or else the focused one."""
        if self.board.marked:
            return [row.id for row in self.board.marked_rows()]
        row = self.board.focused()
        return [row.id] if row else []

    def action_restore(self) -> None:
        ids = self._chosen_ids()
        if not ids:
            self.notify(self.t["no_card"], severity="warning")
            return
        self.post_message(m.RestoreCards(ids))

    # -- changes -----------------------------------------------------------------------------
    def action_move(self, delta: int) -> None:
        if self._archive_refuses("move"):
            return
        if self.board.marked:
            self._move_marked(delta)
            return
        source = self.board.focus
        moved = self.board.move_focused(delta)
        if moved is None:
            return
        row, _old, new = moved
        for index in {source, self.board.focus}:
            self.query_one(f"#column-{index}", CardColumn).rows_changed()
        self.activate()
        self.update_filter_bar()
        self.post_message(m.MoveCards([row.id], new))

    def _move_marked(self, delta: int) -> None:
        """Every marked card to the column left/right of the focused one: one change set, one undo."""
        result = self.board.move_marked(delta)
        if result is None:
            return
        moved, status = result
        if not moved:
            self.notify(self.t["nothing_to_move"].format(to=status.label(self.lang)), severity="warning")
            return
        self.board.clear_marks()
        for column in self.columns:
            column.rows_changed()
        self.activate()
        self.update_filter_bar()
        self.post_message(m.MoveCards([row.id for row in moved], status))
        self.notify(self.t["marked_moved"].format(n=len(moved), to=status.label(self.lang)))

    def action_undo(self) -> None:
        self.post_message(m.Undo())

    def action_reload(self) -> None:
        self.post_message(m.Reload(announce=True))

    def action_export(self) -> None:
        if self._archive_refuses("export"):
            return
        self.post_message(m.ExportVisible(self.board.visible_rows()))

    def action_details(self) -> None:
        row = self.board.focused()
        if row is None:
            self.notify(self.t["no_card"], severity="warning")
            return
        self.post_message(m.OpenDetails(row.id))

    def action_stats(self) -> None:
        from .stats import StatsScreen
        described = " · ".join(self.filter_bits()) or self.t["no_filter"]
        self.app.push_screen(StatsScreen(self.board.visible_rows(), self.board.filters, described, self.lang,
                                         self.board.today))

    def action_new_card(self) -> None:
        if self._archive_refuses("new_card"):
            return
        row = self.board.focused()
        # The new card goes to the focused card's plan by default, else the plan filtered on.
        self.post_message(m.OpenCardForm(plan_key=row.plan if row else self.board.filters.plan))

    def action_edit_card(self) -> None:
        if self._archive_refuses("edit_card"):
            return
        row = self.board.focused()
        if row is None:
            self.notify(self.t["no_card"], severity="warning")
            return
        self.post_message(m.OpenCardForm(row.id))

    def action_archive(self) -> None:
        """del: archive the focused card, or every marked card (one change set), after asking."""
        from .edit_form import ConfirmArchive
        if self._archive_refuses("archive"):
            return
        ids = self._chosen_ids()
        if not ids:
            self.notify(self.t["no_card"], severity="warning")
            return
        if len(ids) == 1:
            row = self.board.by_id[ids[0]]
            question = ConfirmArchive(row.id, row.content, self.lang)
        else:
            named = ", ".join(ids[:5]) + (", …" if len(ids) > 5 else "")
            question = ConfirmArchive(named, self.t["archive_confirm_many"].format(n=len(ids)), self.lang)

        def answered(yes: bool | None) -> None:
            if yes:
                self.post_message(m.ArchiveCards(ids))
        self.app.push_screen(question, answered)

    def action_sync(self) -> None:
        self.post_message(m.StartSync())

    def action_quit(self) -> None:
        self.post_message(m.Quit())

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen(help_rows(self.t), self.lang))
