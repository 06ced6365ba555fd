"""The statistics screen (`s`): official monitoring buckets per agency as stacked bars."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import textwrap

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingsMap
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Static

from ..filters import Filters
from ..monitoring import BUCKET_COLORS, BUCKETS, Tally, agency_buckets, bucket_label
from ..reports.model import fmt_pct, history_as_of
from .row import SOON_DAYS, Row
from .labels import labels
from .messages import StoreJob

if TYPE_CHECKING:
    from ..store import Store

ROLES = ("lead", "any")
DARK = frozenset({"done-on-time", "in-progress-on-time", "in-progress-overdue", "due-soon"})


def segment_widths(counts: list[int], width: int) -> list[int]:
    """Split `width` cells in proportion to `counts` (largest remainder); every non-zero count gets a cell."""
    total = sum(counts)
    if total == 0 or width <= 0:
        return [0] * len(counts)
    exact = [count * width / total for count in counts]
    widths = [max(int(x), 1 if count else 0) for x, count in zip(exact, counts)]
    # Hand out what is left (or take back what the one-cell minimum overspent) by remainder.
    order = sorted(range(len(counts)), key=lambda i: exact[i] - int(exact[i]), reverse=True)
    spare = width - sum(widths)
    for i in order:
        if spare <= 0:
            break
        if counts[i]:
            widths[i] += 1
            spare -= 1
    for i in sorted(range(len(counts)), key=lambda i: -widths[i]):
        if spare >= 0:
            break
        take = min(widths[i] - 1, -spare)
        if take > 0:
            widths[i] -= take
            spare += take
    return widths


def bar(tally: Tally, width: int) -> Text:
    """One stacked bar in BUCKETS order, each segment showing its count when it fits."""
    counts = [tally.count(key) for key in BUCKETS]
    text = Text()
    for key, count, cells in zip(BUCKETS, counts, segment_widths(counts, width)):
        if not cells:
            continue
        label = str(count) if len(str(count)) <= cells else ""
        fg = "#ffffff" if key in DARK else "#000000"
        text.append(label.center(cells), Style(color=fg, bgcolor=BUCKET_COLORS[key], bold=True))
    return text


def _wrapped(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, max(width, 1), break_long_words=True, break_on_hyphens=False) or [""]


class BarChart(Widget):
    """Every agency's block: name with total and both rates, its bar, its counts by bucket.

    Wide: the name and the rates share a line. Narrow (80 columns): the whole name first, wrapped
    if it must be, then the rates on their own line; the counts wrap onto as many lines as needed.
    """

    DEFAULT_CSS = "BarChart { height: auto; text-wrap: nowrap; text-overflow: ellipsis; }"

    def __init__(self, lang: str, **kwargs):
        super().__init__(**kwargs)
        self.lang, self.t = lang, labels(lang)
        self.tallies: list[Tally] = []
        self._drawn: tuple[int, list[Tally], list[Text]] | None = None

    def show(self, tallies: list[Tally]) -> None:
        self.tallies = tallies
        self.refresh(layout=True)

    def lines(self, width: int) -> list[Text]:
        """Every line drawn at `width` cells (worked out once per width and tallies)."""
        width = max(width, 10)
        drawn = self._drawn
        if drawn is not None and drawn[0] == width and drawn[1] is self.tallies:
            return drawn[2]
        t = self.t
        out: list[Text] = []
        if not self.tallies:
            out.append(Text(t["stats_none"], "italic"))
        for tally in self.tallies:
            rates = t["stats_rates"].format(due=fmt_pct(tally.rate_due, self.lang),
                                            all=fmt_pct(tally.rate_all, self.lang))
            name = f"{tally.group} ({tally.total})"
            if cell_len(name) + 2 + cell_len(rates) <= width:
                line = Text(name, "bold")
                line.append(" " * (width - cell_len(name) - cell_len(rates)) + rates)
                out.append(line)
            else:   # never cut the agency's name to make room for the rates
                out.extend(Text(part, "bold") for part in _wrapped(name, width))
                out.extend(Text(part) for part in _wrapped(rates, width))
            out.append(bar(tally, width))
            line = Text()
            for key in BUCKETS:
                count = tally.count(key)
                if not count:
                    continue
                item = f"{t['b_' + key]} {count}"
                if line.cell_len and line.cell_len + 2 + cell_len(item) > width:
                    out.append(line)
                    line = Text()
                line.append("■ ", Style(color=BUCKET_COLORS[key]))
                line.append(item + "   ")
            line.rstrip()
            out.append(line)
            out.append(Text())
        if self.tallies:
            out.pop()   # no blank line after the last block
        self._drawn = (width, self.tallies, out)
        return out

    def get_content_height(self, container, viewport, width: int) -> int:
        return max(len(self.lines(width)), 1)

    def render(self) -> Text:
        return Text("\n", no_wrap=True, overflow="ellipsis").join(self.lines(self.size.width))


class StatsScreen(Screen):
    """Buckets per agency for the cards the board shows; `r` switches lead / any role."""

    def __init__(self, rows: list[Row], filters: Filters, described: str, lang: str, today: date):
        super().__init__()
        self.rows, self.filters, self.described, self.lang, self.today = rows, filters, described, lang, today
        self.t = t = labels(lang)
        self.role = "lead"
        self.tallies: list[Tally] | None = None
        self._done: dict[str, date] | None = None
        # Bindings per instance so that the footer speaks the board's language.
        self._bindings = BindingsMap([Binding("escape,s,q", "close", t["close_short"], key_display="esc"),
                                      Binding("r", "role", t["k_role"])])

    def compose(self) -> ComposeResult:
        yield Static(id="stats-title")
        yield Static(self._legend(), id="stats-legend")
        with VerticalScroll(id="stats-body"):
            yield BarChart(self.lang, id="stats-chart")
        yield Footer()

    def on_mount(self) -> None:
        self.compute()

    def _legend(self) -> Text:
        legend = Text()
        for key in BUCKETS:
            legend.append("██ ", Style(color=BUCKET_COLORS[key]))
            legend.append(bucket_label(key, self.lang, SOON_DAYS) + "   ")
        return legend

    def _title(self) -> str:
        t = self.t
        role = t["stats_role_lead"] if self.role == "lead" else t["stats_role_any"]
        cards = t["stats_cards"].format(n=len(self.rows))
        state = f"  │  {t['loading']}" if self.tallies is None else ""
        return (f"{t['stats_title']} — {role}  │  {t['stats_as_of']} {self.today.strftime('%d/%m/%Y')}  │  "
                f"{t['filters']}: {self.described}  │  {cards}{state}")

    def compute(self) -> None:
        """Tally the board's visible cards in the store worker (≈0.3 s at 20,000 cards)."""
        rows, role, agency, lang, today = self.rows, self.role, self.filters.agency, self.lang, self.today
        self.tallies = None
        self.query_one("#stats-title", Static).update(self._title())

        def job(store: Store) -> list[Tally]:
            # The rows carry the status the board shows, moves included; history gives done days.
            cards = [row.card() for row in rows]
            if self._done is None:   # replaying history is the slow part (≈0.3 s at 20,000): once per screen
                self._done = history_as_of(store.load(), today).done_dates
            return agency_buckets(cards, self._done, as_of=today, soon=SOON_DAYS, role=role, lang=lang,
                                  agency=agency)

        def done(tallies: list[Tally]) -> None:
            if role != self.role or not self.is_attached:
                return   # the role changed again meanwhile: a newer job will answer
            self.tallies = tallies
            self.query_one("#stats-title", Static).update(self._title())
            self.query_one(BarChart).show(tallies)
        self.post_message(StoreJob(job, done))

    def action_role(self) -> None:
        self.role = ROLES[(ROLES.index(self.role) + 1) % len(ROLES)]
        self.compute()

    def action_close(self) -> None:
        self.dismiss()

    def text(self) -> str:
        """The numbers drawn, as plain text (tests and a copy-paste)."""
        return self.query_one(BarChart).render().plain
