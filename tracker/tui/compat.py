"""Every use of a private Textual internal, in one place, each tied to the pin (textual==8.2.8 in pyproject.toml).

Textual does not promise these names between releases. When the pin moves, read each entry
below against the new version's source (the file named in its comment), run the board tests and
`python benchmarks/run.py --quick --only board`, and change only this module.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.widgets import Footer, Input

# textual 8.2.8, textual/widgets/_footer.py: FooterKey is not exported by textual.widgets. The
# board's footer (tui/footer.py) composes its own FooterKeys to fit the hints to the width.
from textual.widgets._footer import FooterKey

if TYPE_CHECKING:
    from textual.app import App
    from textual.notifications import Notifications
    from textual.screen import Screen

__all__ = ["FooterKey", "LayoutFreeInput", "footer_bindings_ready", "notifications", "screen_lines",
           "update_scrollbars"]


def footer_bindings_ready(footer: Footer) -> bool:
    """Whether the footer has seen the screen's bindings (Footer._bindings_ready, a private reactive).

    textual 8.2.8, textual/widgets/_footer.py: Footer.compose yields nothing until
    bindings_changed sets it; the board's footer composes the same way and re-composes on a
    resize only once it is set (a recompose before would show no hints).
    """
    return bool(footer._bindings_ready)


def update_scrollbars(view: ScrollView, virtual_size: Size) -> None:
    """Resize the scrollbars to a new virtual size without a layout (Widget._scroll_update).

    textual 8.2.8, textual/widget.py: assigning `virtual_size` is a layout reactive and lays out
    the whole screen; a board column's scrollbar is always shown, so only the scrollbars change.
    Measured: this halves the frame after a filter at 20,000 cards (tui/column.py).
    """
    view._scroll_update(virtual_size)


class LayoutFreeInput(Input):
    """An Input whose value changes never lay out the screen; `value_changed` runs in the same frame.

    textual 8.2.8, textual/widgets/_input.py: Input._watch_value (the private watcher of `value`)
    sets `virtual_size`, a layout reactive, on every keystroke: each keystroke laid out the whole
    screen, which resized the board columns' scrollbars and so caused a second frame. A box of
    fixed size cannot change layout, so the same value is stored without the layout refresh
    (scroll_to_region for the cursor reads virtual_size directly). Overriding the watcher also
    saves waiting for Input.Changed, one more frame (~30 ms measured at 20,000 cards).
    """

    def _watch_value(self, value: str) -> None:
        self.set_reactive(Input.virtual_size, Size(self.content_width, 1))
        super()._watch_value(value)
        self.value_changed(value)

    def value_changed(self, value: str) -> None:
        """Called on every change of the value, after Textual's own handling."""


def screen_lines(screen: Screen) -> list[str]:
    """What a screen shows right now, line by line (tests; Screen._compositor is private).

    textual 8.2.8, textual/screen.py and textual/_compositor.py: the compositor's last frame.
    """
    return [strip.text for strip in screen._compositor.render_strips()]


def notifications(app: App) -> Notifications:
    """The toasts the app is showing, live: iterate or clear() (tests; App._notifications is private).

    textual 8.2.8, textual/app.py and textual/notifications.py.
    """
    return app._notifications
