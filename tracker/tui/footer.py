"""The board's keys and footer: the key table (footer and help screen), hints fitted to the terminal's width."""

from __future__ import annotations

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.binding import Binding, BindingsMap
from textual.widgets import Footer

from .compat import FooterKey, footer_bindings_ready

# (keys, action, label, shown in footer, footer key text); the help screen lists them all with
# `label`; the footer says labels[label + "_f"] (else `label`), or labels[label + "_s"] when short of room.
KEYS = [
    ("left,h", "focus_column(-1)", "k_focus", False, "←→↑↓ hjkl"),
    ("right,l", "focus_column(1)", "k_focus", False, ""),
    ("up,k", "cursor(-1)", "k_focus", False, ""),
    ("down,j", "cursor(1)", "k_focus", False, ""),
    ("pageup", "page(-1)", "k_page", False, "PgUp PgDn Home End"),
    ("pagedown", "page(1)", "k_page", False, ""),
    ("home", "edge(0)", "k_page", False, ""),
    ("end", "edge(1)", "k_page", False, ""),
    ("shift+left,less_than_sign", "move(-1)", "k_move", False, "shift+←→ < >"),
    ("shift+right,greater_than_sign", "move(1)", "k_move", True, "< >"),
    ("space", "mark", "k_mark", True, "space"),
    ("enter", "details", "k_details", True, "enter"),
    ("a", "agency", "k_agency", True, "a"),
    ("slash", "search", "k_search", True, "/"),
    ("p", "plan", "k_plan", True, "p"),
    ("o", "due_filter", "k_overdue", True, "o"),
    ("S,shift+s", "sort", "k_sort", True, "S"),
    ("u", "undo", "k_undo", True, "u"),
    ("s", "stats", "k_stats", True, "s"),
    ("n", "new_card", "k_new", True, "n"),
    ("e", "edit_card", "k_edit", True, "e"),
    ("delete", "archive", "k_archive", True, "del"),
    ("A,shift+a", "archive_view", "k_archived", True, "A"),
    ("R,shift+r", "restore", "k_restore", True, "R"),
    ("x", "export", "k_export", True, "x"),
    ("y", "sync", "k_sync", True, "y"),
    ("r", "reload", "k_reload", True, "r"),
    ("question_mark", "help", "k_help", True, "?"),
    ("q", "quit", "k_quit", True, "q"),
    ("escape", "escape", "k_escape", False, "esc"),
]
ALWAYS = 1_000       # the footer priority of help and quit: never dropped
# Which footer hints give way first when the terminal is narrow (low first).
FOOTER_PRIORITY = {
    "restore": 95, "move(1)": 90, "details": 85, "search": 80, "agency": 75, "plan": 70, "due_filter": 65,
    "undo": 60, "mark": 55, "stats": 50, "edit_card": 45, "new_card": 44, "archive": 40, "archive_view": 35,
    "sort": 30, "export": 25, "sync": 20, "reload": 10, "help": ALWAYS, "quit": ALWAYS,
}


def fit_hints(hints: list[tuple[str, str, str, int]], width: int) -> list[str | None]:
    """The label of each footer hint (key text, label, short label, priority) at `width` cells.

    All labels are long when they fit; otherwise the least important hints take their short
    label one by one; only when every label is short do hints disappear (None), least important
    first, and never one of priority ALWAYS. A compact footer key takes len(key) + 1 + len(label)
    cells and one cell of margin.
    """
    chosen: list[str | None] = [label for _, label, _, _ in hints]

    def total() -> int:
        return sum(cell_len(key) + 1 + cell_len(label) + 1
                   for (key, _, _, _), label in zip(hints, chosen) if label is not None)
    by_priority = sorted(range(len(hints)), key=lambda i: hints[i][3])
    for i in by_priority:
        if total() <= width:
            return chosen
        chosen[i] = hints[i][2]
    for i in by_priority:
        if total() <= width:
            break
        if hints[i][3] < ALWAYS:
            chosen[i] = None
    return chosen


class BoardFooter(Footer):
    """The board's key hints, fitted to the terminal's width (see fit_hints).

    Textual's Footer lets hints run off the right edge, which cut help and quit at 120 columns.
    """

    def __init__(self, hints: dict[str, tuple[str, str, int]], **kwargs):
        super().__init__(**kwargs)
        self.hints = hints      # action → (label, short label, priority)
        self.fitted_width = 0

    def compose(self) -> ComposeResult:
        if not footer_bindings_ready(self):
            return
        shown: dict[str, tuple] = {}
        for _, binding, enabled, tooltip in self.screen.active_bindings.values():
            if binding.show and binding.action not in shown:
                shown[binding.action] = (binding, enabled, tooltip)
        width = self.screen.size.width or self.app.size.width
        self.fitted_width = width
        items = list(shown.values())
        hints = []
        for binding, _, _ in items:
            label, short, priority = self.hints.get(binding.action, (binding.description, binding.description, 0))
            hints.append((self.app.get_key_display(binding), label, short, priority))
        for (binding, enabled, tooltip), label in zip(items, fit_hints(hints, width)):
            if label is not None:
                key = FooterKey(binding.key, self.app.get_key_display(binding), label, binding.action,
                                disabled=not enabled, tooltip=tooltip or binding.description)
                # Set, not data-bound: a recompose after a resize runs outside the footer's context.
                key.compact = self.compact
                yield key


def bindings(t: dict[str, str]) -> BindingsMap:
    """The board's bindings, in the board's language (built per screen for the footer)."""
    return BindingsMap(Binding(keys, action, t.get(label + "_f", t[label]), show=shown, key_display=display or None)
                       for keys, action, label, shown, display in KEYS)


def hints(t: dict[str, str]) -> dict[str, tuple[str, str, int]]:
    """action → (footer label, short label, priority) for every key shown in the footer."""
    return {action: (t.get(label + "_f", t[label]), t.get(label + "_s", t[label]), FOOTER_PRIORITY.get(action, 0))
            for _, action, label, shown, _ in KEYS if shown}


def help_rows(t: dict[str, str]) -> list[tuple[str, str]]:
    """(keys, what they do) for the help screen."""
    rows = [(display, t[label]) for _, _, label, _, display in KEYS if display and display != "< >"]
    return rows + [("s › r", t["k_stats_role"]), ("click, 2×click", t["k_mouse"])]


def refit_on_resize(footer: BoardFooter, width: int) -> None:
    """The hints that fit change with the width: recompose once the footer has its bindings."""
    if footer_bindings_ready(footer) and footer.fitted_width != width:
        footer.call_after_refresh(footer.recompose)
