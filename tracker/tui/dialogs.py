"""Ordinary-widget dialogs: card details with the note editor, agency and plan pickers, help."""

from __future__ import annotations

from datetime import date
from collections.abc import Iterable

from rich.markup import escape
from rich.table import Table
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from ..agencies import is_collective
from ..deadlines import describe as describe_deadline, next_due
from ..model import Card, Event, Plan, Status, parse_utc
from ..clock import local
from ..text import nfc
from ..text import fold
from .labels import labels


def _status_label(value: str | None, lang: str) -> str:
    try:
        return Status(value).label(lang)
    except ValueError:
        return str(value)


def history_lines(events: Iterable[Event], lang: str) -> list[str]:
    """One line per recorded change, oldest first: when, what, who, how, note."""
    lines = []
    for event in events:
        try:   # shown in Vietnam time, where coordinators work
            when = local(parse_utc(event.at)).strftime("%d/%m/%Y %H:%M")
        except ValueError:
            when = event.at
        if event.kind == "status":
            what = f"{_status_label(event.old, lang)} → {_status_label(event.new, lang)}"
        elif event.field:
            what = f"{event.kind}: {event.field}"
        else:
            what = event.kind
        extra = " · ".join(bit for bit in (event.via, event.by, event.note) if bit)
        lines.append(f"{when}  {what}" + (f"  ({extra})" if extra else ""))
    return lines


class DetailsScreen(ModalScreen[str | None]):
    """Everything about one card; dismisses with the edited note, or None when closed."""

    BINDINGS = [Binding("escape", "close", "Close"), Binding("ctrl+s", "save", "Save note")]

    def __init__(self, card: Card, plan: Plan | None, events: list[Event], lang: str, today: date,
                 *, shared: str = ""):
        super().__init__()
        self.card, self.plan, self.events, self.lang, self.today = card, plan, events, lang, today
        self.shared = shared        # which shared calendars deleted this card (calendar.shared)

    def _facts(self, pairs: list[tuple[str, str]]) -> Static:
        """Short fields one per line: 'Label: value'."""
        t = labels(self.lang)
        return Static("\n".join(f"[b]{escape(t[key])}:[/b] {escape(value or '—')}" for key, value in pairs),
                      classes="field")

    def _block(self, key: str, value: str) -> Static:
        return Static(f"[b]{escape(labels(self.lang)[key])}[/b]\n{escape(value or '—')}", classes="field")

    def compose(self) -> ComposeResult:
        t, card = labels(self.lang), self.card
        deadline = card.deadline
        parsed = describe_deadline(deadline, self.lang)
        upcoming = next_due(deadline, self.today)
        if upcoming and upcoming != deadline.due:
            parsed += f" → {upcoming.strftime('%d/%m/%Y')}"
        source = card.source or {}
        plan = f"{self.plan.number} · {self.plan.title}" if self.plan else card.plan
        facts = [("plan", plan), ("section", card.section or ""), ("status", card.status.label(self.lang)),
                 ("lead", card.lead_text or ", ".join(card.lead)),
                 ("support", card.support_text or ", ".join(card.support)),
                 ("time", card.time_text), ("deadline", parsed),
                 ("source", f"{source.get('file', '?')}:{source.get('line', '?')}")]
        with Vertical(id="details"):
            yield Label(f"{t['details']}: {card.id}", id="details-title")
            with VerticalScroll(id="details-body"):
                yield self._block("content", f"{card.number}. {card.content}")
                yield self._facts([(key, value) for key, value in facts if value or key != "section"])
                for title, value in card.extras.items():      # the plan table's other columns, by title
                    yield Static(f"[b]{escape(title)}[/b]\n{escape(value)}", classes="field")
                if self.shared:
                    yield Static(escape(self.shared), classes="field", id="details-shared")
                yield self._block("history", "\n".join(history_lines(self.events, self.lang)) or t["no_history"])
                yield Label(t["note"], classes="field-label")
                yield TextArea(card.note, id="note")
            with Horizontal(id="details-buttons"):
                yield Button(t["save_note"], id="save", variant="primary")
                yield Button(t["close"], id="close")

    def on_mount(self) -> None:
        # The note is what people come here to change: typing goes straight into it, after the text.
        note = self.query_one("#note", TextArea)
        note.focus()
        note.move_cursor(note.document.end)

    def action_close(self) -> None:
        self.dismiss(None)

    def action_save(self) -> None:
        self.dismiss(nfc(self.query_one("#note", TextArea).text).strip())

    @on(Button.Pressed, "#save")
    def _save(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#close")
    def _close(self) -> None:
        self.action_close()


class AgencyPicker(ModalScreen[tuple[str | None, bool] | None]):
    """Canonical agencies with card counts, narrowed as you type; dismisses with (agency, lead_only)."""

    BINDINGS = [
        Binding("escape", "cancel", "Close"),
        Binding("down", "cursor(1)", show=False),
        Binding("up", "cursor(-1)", show=False),
        Binding("ctrl+l", "toggle_lead", "Lead only"),
    ]

    def __init__(self, counts: dict[bool, list[tuple[str, int]]], current: str | None, lead_only: bool, lang: str):
        super().__init__()
        self.counts, self.current, self.lead_only, self.lang = counts, current, lead_only, lang

    def compose(self) -> ComposeResult:
        t = labels(self.lang)
        with Vertical(id="picker"):
            yield Label(t["agency_picker"], classes="picker-title")
            yield Input(placeholder=t["agency_placeholder"], id="agency-input")
            yield Checkbox(t["lead_toggle"] + " (ctrl+l)", self.lead_only, id="lead-only")
            yield OptionList(id="agency-list")

    def on_mount(self) -> None:
        self._fill("")
        self.query_one(Input).focus()

    def _fill(self, typed: str) -> None:
        """List agencies whose folded name contains every typed word; highlight the best one."""
        words = fold(typed).split()
        found = [Option(labels(self.lang)["all_agencies"], id="\0")]
        highlight = 1
        for name, count in self.counts[self.lead_only]:
            folded = fold(name)
            if all(word in folded for word in words):
                mark = " ·" if is_collective(name) else ""
                found.append(Option(f"{escape(name)}{mark}  [dim]({count})[/dim]", id=name))
                if name == self.current and not words:
                    highlight = len(found) - 1
        options = self.query_one(OptionList)
        options.set_options(found)   # one refresh instead of one per option
        options.highlighted = min(highlight, len(found) - 1)

    @on(Input.Changed, "#agency-input")
    def _typed(self, event: Input.Changed) -> None:
        normal = nfc(event.value)
        if normal != event.value:   # NFD from some keyboards breaks Backspace and matching
            event.input.value = normal
            return
        self._fill(normal)

    @on(Input.Submitted, "#agency-input")
    def _submitted(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is not None:
            self._choose(options.get_option_at_index(options.highlighted).id)

    @on(OptionList.OptionSelected, "#agency-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self._choose(event.option.id)

    @on(Checkbox.Changed, "#lead-only")
    def _lead_changed(self, event: Checkbox.Changed) -> None:
        self.lead_only = event.value
        self._fill(self.query_one(Input).value)

    def _choose(self, option_id: str | None) -> None:
        self.dismiss((None if option_id in (None, "\0") else option_id, self.lead_only))

    def action_cursor(self, delta: int) -> None:
        options = self.query_one(OptionList)
        if options.option_count:
            options.highlighted = max(0, min((options.highlighted or 0) + delta, options.option_count - 1))

    def action_toggle_lead(self) -> None:
        box = self.query_one(Checkbox)
        box.value = not box.value

    def action_cancel(self) -> None:
        self.dismiss(None)


class PlanPicker(ModalScreen[str | None]):
    """Plans with their card counts; dismisses with a plan key, '' for all plans, None to cancel."""

    BINDINGS = [Binding("escape", "cancel", "Close")]

    def __init__(self, plans: list[tuple[Plan, int]], current: str | None, lang: str):
        super().__init__()
        self.plans, self.current, self.lang = plans, current, lang

    def compose(self) -> ComposeResult:
        with Vertical(id="picker"):
            yield Label(labels(self.lang)["plan_picker"], classes="picker-title")
            yield OptionList(id="plan-list")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.add_option(Option(labels(self.lang)["all_plans"], id="\0"))
        highlight = 1 if self.plans else 0   # `p` `enter` picks the first plan
        for plan, count in self.plans:
            title = " · ".join(bit for bit in (plan.number, plan.province, plan.title) if bit) or plan.key
            options.add_option(Option(f"{escape(title)}  [dim]({count})[/dim]", id=plan.key))
            if plan.key == self.current:
                highlight = options.option_count - 1
        options.highlighted = highlight
        options.focus()

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss("" if event.option.id == "\0" else event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


class HelpScreen(ModalScreen[None]):
    """Every key of the board, with what it does; scrolls (↑↓ PgUp PgDn) when the terminal is short."""

    BINDINGS = [Binding("escape,question_mark,q", "close", "Close")]

    def __init__(self, rows: list[tuple[str, str]], lang: str):
        super().__init__()
        self.rows, self.lang = rows, lang

    def table(self) -> Table:
        """Keys and what they do; a long description wraps inside its own column."""
        grid = Table.grid(padding=(0, 2))
        grid.add_column(no_wrap=True, style="bold")
        grid.add_column(ratio=1)
        for keys, what in self.rows:
            grid.add_row(Text(keys), Text(what))   # Text: never markup
        return grid

    def compose(self) -> ComposeResult:
        t = labels(self.lang)
        with Vertical(id="help"):
            yield Label(f"{escape(t['help'])}  [dim]{escape(t['help_scroll'])}[/dim]", classes="picker-title")
            with VerticalScroll(id="help-body"):
                yield Static(self.table(), id="help-text")

    def on_mount(self) -> None:
        self.query_one("#help-body", VerticalScroll).focus()   # its own keys scroll: ↑↓ PgUp PgDn Home End

    def on_resize(self, event: events.Resize) -> None:
        # The dialog takes at most 90% of the height (styles.tcss); its title and border take 4
        # lines. Without this bound the list grows past the dialog and its last lines are clipped
        # instead of scrolled to.
        self.query_one("#help-body", VerticalScroll).styles.max_height = max(3, event.size.height * 9 // 10 - 4)

    def action_close(self) -> None:
        self.dismiss(None)


def quarter_name(key: str, lang: str) -> str:
    """'2014Q1' → 'Quý I/2014' (vi) or 'Q1 2014' (en)."""
    year, number = key.split("Q")
    return labels(lang)["quarter_name"].format(year=year, number=number,
                                               roman=("I", "II", "III", "IV")[int(number) - 1])


class QuarterPicker(ModalScreen[str | None]):
    """Quarters to filter the deadlines on: this quarter, the cards' quarters newest first, none.

    Dismisses with a quarter ('2014Q1'), '' for no quarter filter, None to cancel (escape).
    `o` goes on with the board's `o` cycle: no deadline filter at all.
    """

    BINDINGS = [Binding("escape", "cancel", "Close"), Binding("o", "off", "No filter")]

    def __init__(self, this_quarter: str, counts: dict[str, int], current: str | None, lang: str):
        super().__init__()
        self.this_quarter, self.counts, self.current, self.lang = this_quarter, counts, current, lang

    def options(self) -> list[tuple[str, str]]:
        """(quarter key or '', label) in the order shown."""
        t = labels(self.lang)

        def counted(key: str) -> str:
            return f"  ({self.counts.get(key, 0)})"
        found = sorted((key for key in self.counts if key != self.this_quarter),
                       key=lambda key: (int(key[:-2]), int(key[-1])), reverse=True)
        return ([(self.this_quarter, t["quarter_this"].format(quarter=quarter_name(self.this_quarter, self.lang))
                  + counted(self.this_quarter))]
                + [(key, quarter_name(key, self.lang) + counted(key)) for key in found]
                + [("", t["quarter_none"])])

    def compose(self) -> ComposeResult:
        with Vertical(id="picker", classes="-quarters"):
            yield Label(labels(self.lang)["quarter_picker"], classes="picker-title")
            yield OptionList(id="quarter-list")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        choices = self.options()
        options.set_options([Option(escape(label), id=key or "\0") for key, label in choices])
        keys = [key for key, _ in choices]
        options.highlighted = keys.index(self.current) if self.current in keys else 0
        options.focus()

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss("" if event.option.id == "\0" else event.option.id)

    def action_off(self) -> None:
        self.dismiss("")

    def action_cancel(self) -> None:
        self.dismiss(None)
