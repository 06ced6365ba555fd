"""The card form (`n` new, `e` edit) and the archive confirmation, validated by tracker.editing."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rich.markup import escape
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Button, Checkbox, Input, Label, Select, Static, TextArea

from ..editing import CardDraft, EditDraft, preview_deadline, validate_edit, validate_new_card
from ..errors import TrackerError
from ..i18n import localize
from ..model import Card
from ..store import Snapshot
from ..text import nfc
from ..text import fold
from .labels import labels


class AgencySuggester(Suggester):
    """Completes the last entry of a "; "-separated agency list, ignoring case and diacritics.

    Textual's case-insensitive mode casefolds the whole value, which would lower-case the
    entries already typed once a suggestion is accepted; folding only the last entry keeps them.
    """

    def __init__(self, names: list[str]):
        super().__init__(use_cache=True, case_sensitive=True)
        self.names = [(fold(name), name) for name in names]

    async def get_suggestion(self, value: str) -> str | None:
        head, sep, last = value.rpartition(";")
        typed = last.lstrip()
        if not typed:
            return None
        key = fold(typed)
        for folded, name in self.names:
            if folded.startswith(key) and name != typed:
                return head + sep + last[: len(last) - len(typed)] + name
        return None


@dataclass
class FormResult:
    """What a saved form asks the board to store: a new card's draft, or one card's changes."""

    card_id: str | None = None                       # None: a new card
    draft: CardDraft | EditDraft | None = None
    changes: dict[str, Any] = field(default_factory=dict)
    new_agency: bool = False


def error_text(exc: TrackerError) -> str:
    # The hints name command-line options (--new-agency, --content); the form's own fields and
    # its "new agency" box are the fix here, so only the problem itself is shown.
    return localize(exc.message)


class CardForm(ModalScreen[FormResult | None]):
    """Content, agencies with completion, time text with a live deadline preview, section."""

    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("ctrl+s", "save", "Save")]

    def __init__(self, snapshot: Snapshot, names: list[str], lang: str, *, card: Card | None = None,
                 plan_key: str | None = None):
        super().__init__()
        self.snapshot, self.names, self.lang, self.card = snapshot, names, lang, card
        self.t = labels(lang)
        plans = list(snapshot.plans)
        self.plan_key = card.plan if card else (plan_key if plan_key in snapshot.plans else
                                                (plans[0] if plans else ""))
        # What the fields start with: an edit sends only the fields that differ from these.
        self.initial = {
            "content": card.content if card else "",
            "lead": "; ".join(card.lead) or card.lead_text if card else "",
            "support": "; ".join(card.support) or card.support_text if card else "",
            "time_text": card.time_text if card else "",
            "section": (card.section or "") if card else "",
        }

    def compose(self) -> ComposeResult:
        t, card = self.t, self.card
        suggester = AgencySuggester(self.names)
        with Vertical(id="card-form"):
            yield Label(t["form_edit"].format(id=card.id) if card else t["form_new"], id="form-title")
            with VerticalScroll(id="form-body"):
                if card is None:
                    yield Label(t["plan"], classes="field-label")
                    options = [(" · ".join(bit for bit in (p.number, p.title) if bit) or p.key, p.key)
                               for p in self.snapshot.plans.values()]
                    yield Select(options, value=self.plan_key, allow_blank=False, compact=True, id="form-plan")
                yield Label(t["content"], classes="field-label")
                yield TextArea(self.initial["content"], compact=True, id="form-content")
                yield Label(t["lead"], classes="field-label")
                yield Input(self.initial["lead"], suggester=suggester, compact=True, id="form-lead")
                yield Label(t["form_support_hint"], classes="field-label")
                yield Input(self.initial["support"], suggester=suggester, compact=True, id="form-support")
                yield Label(t["time"], classes="field-label")
                yield Input(self.initial["time_text"], placeholder=t["form_time_hint"], compact=True, id="form-time")
                yield Static(id="form-preview")
                yield Label(t["section"], classes="field-label")
                yield Input(self.initial["section"], compact=True, id="form-section")
                yield Checkbox(t["form_new_agency"], compact=True, id="form-new-agency")
            yield Static(id="form-error")
            with Horizontal(id="form-buttons"):
                yield Button(t["form_save"], id="form-save", variant="primary", compact=True)
                yield Button(t["form_cancel"], id="form-cancel", compact=True)

    def on_mount(self) -> None:
        self.update_preview()
        self.query_one("#form-content", TextArea).focus()

    # -- live feedback -------------------------------------------------------------------------
    def update_preview(self) -> None:
        """Show how the time text reads under the plan's period, as the CLI's `Deadline:` line."""
        preview = self.query_one("#form-preview", Static)
        try:
            summary, warnings = preview_deadline(self.snapshot, self.plan_key, self.value("form-time"), self.lang)
        except TrackerError as exc:
            preview.update(f"[b]{escape(self.t['form_preview'])}:[/b] {escape(error_text(exc))}")
            return
        text = f"[b]{escape(self.t['form_preview'])}:[/b] {escape(summary)}"
        text += "".join(f"\n[$warning]⚠ {escape(warning)}[/]" for warning in warnings)
        preview.update(text)

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        normal = nfc(event.value)
        if normal != event.value:   # NFD from some Vietnamese keyboards breaks Backspace and matching
            event.input.value = normal
            return
        if event.input.id == "form-time":
            self.update_preview()

    @on(Select.Changed, "#form-plan")
    def _plan_changed(self, event: Select.Changed) -> None:
        if isinstance(event.value, str):
            self.plan_key = event.value
            self.update_preview()

    def value(self, widget_id: str) -> str:
        if widget_id == "form-content":
            return nfc(self.query_one("#form-content", TextArea).text)
        return nfc(self.query_one(f"#{widget_id}", Input).value)

    def show_error(self, message: str) -> None:
        error = self.query_one("#form-error", Static)
        error.update(escape(message))
        error.set_class(bool(message), "-shown")

    # -- saving --------------------------------------------------------------------------------
    def validated(self) -> FormResult | None:
        """Check the form with the CLI's validation; None when an edit changes nothing."""
        new_agency = self.query_one("#form-new-agency", Checkbox).value
        fields = {"content": self.value("form-content"), "lead": self.value("form-lead"),
                  "support": self.value("form-support"), "time_text": self.value("form-time"),
                  "section": self.value("form-section")}
        if self.card is None:
            draft = validate_new_card(self.snapshot, plan=self.plan_key, content=fields["content"],
                                      lead=fields["lead"], support=fields["support"], time_text=fields["time_text"],
                                      section=fields["section"] or None, new_agency=new_agency)
            return FormResult(None, draft, fields, new_agency)
        changes = {name: value for name, value in fields.items() if value.strip() != self.initial[name].strip()}
        if not changes:
            return None
        draft = validate_edit(self.snapshot, self.card.id, changes, new_agency=new_agency)
        return FormResult(self.card.id, draft, changes, new_agency)

    def action_save(self) -> None:
        try:
            result = self.validated()
        except TrackerError as exc:
            self.show_error(error_text(exc))   # the form stays open; nothing was written
            return
        if result is None:
            self.notify(self.t["nothing_changed"].format(id=self.card.id if self.card else ""))
        self.dismiss(result)

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#form-save")
    def _save(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#form-cancel")
    def _cancel(self) -> None:
        self.action_cancel()


class ConfirmArchive(ModalScreen[bool]):
    """Asks before archiving a card; dismisses True to archive."""

    BINDINGS = [Binding("y,enter", "answer(True)", "Yes"), Binding("n,escape", "answer(False)", "No")]

    def __init__(self, card_id: str, content: str, lang: str):
        super().__init__()
        self.card_id, self.content, self.t = card_id, content, labels(lang)

    def compose(self) -> ComposeResult:
        t = self.t
        with Vertical(id="confirm"):
            yield Static(escape(t["archive_confirm"].format(id=self.card_id, content=self.content[:300])),
                         id="confirm-text")
            with Horizontal(id="confirm-buttons"):
                yield Button(t["archive_yes"], id="confirm-yes", variant="error")
                yield Button(t["archive_no"], id="confirm-no")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "confirm-yes")
