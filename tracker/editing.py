"""Cards beyond the import: validate and apply additions, hand edits, archiving and progress notes.

Every function here is shared by the CLI (`tracker add/edit/archive/restore/progress`) and the
board's form. The pattern is always: validate against a snapshot (raising UsageError or
NotFoundError with the problem and its fix, changing nothing), then change inside one store
transaction, which re-reads the file under the lock, so two writers never lose each other's edits.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any
from collections.abc import Iterable

from .agencies import KNOWN_AGENCIES, agency_key, canonical_agency, closest_agencies, split_agencies
from .deadline_dates import describe
from .deadlines import parse_deadline
from .errors import NotFoundError, UsageError, joined
from .i18n import Msg, msg
from .model import Card, ChangeSet, Deadline, Event, Plan, Status, new_uid
from .clock import day_of
from .services import resolve_ids
from .store import Snapshot, Store
from .text import clean, fold

# What `edit_card` accepts; lead_text, support_text, deadline and notes follow from these.
EDITABLE_FIELDS = ("content", "lead", "support", "time_text", "note", "section")
# Fields the store's Transaction.edit never adds to card.edited (they are not plan content).
_NOT_PLAN_CONTENT = ("note", "archived", "status")
NEW_ID_MARK = "n"     # hand-added cards are <plan>.n1, <plan>.n2, … so they never meet an imported row number
TIME_EXAMPLES = joined(["'Quý IV/2014', 'Tháng 12/2014', 'Năm 2015', 'Trước ngày 30/11/2025'", "'Thường xuyên'"], " or ")


@dataclass(frozen=True)
class CardDraft:
    """A validated new card, not yet stored: what `add_card` writes and a form previews."""

    plan: str
    content: str
    lead: list[str]
    support: list[str]
    time_text: str
    deadline: Deadline
    section: str | None = None
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def lead_text(self) -> str:
        return "; ".join(self.lead)

    @property
    def support_text(self) -> str:
        return "; ".join(self.support)


@dataclass(frozen=True)
class EditDraft:
    """A validated edit of one card: the field values to set, the parsed deadline and warnings."""

    card_id: str
    values: dict[str, Any]
    notes: list[str] = field(default_factory=list)      # parenthetical notes found in new agency cells
    deadline: Deadline | None = None                    # set when the time text changes
    warnings: list[str] = field(default_factory=list)


# -- validation (pure: snapshot in, draft or error out) ------------------------------------------
def resolve_plan(plans: dict[str, Plan], key: str) -> Plan:
    """The plan with this key or unambiguous key prefix, or NotFoundError listing the known keys."""
    key = (key or "").strip()
    if key in plans:
        return plans[key]
    matches = [k for k in plans if key and k.lower().startswith(key.lower())]
    if len(matches) == 1:
        return plans[matches[0]]
    if not plans:
        raise NotFoundError(msg("There is no plan {key}: the database has no plans yet.", key=repr(key)),
                            msg("Import the plan first: tracker import plans/"))
    known = ", ".join(sorted(plans))
    if matches:
        raise NotFoundError(msg("The plan key {key} is ambiguous.", key=repr(key)),
                            msg("Type more of it. Candidates: {keys}", keys=", ".join(matches)), candidates=matches)
    raise NotFoundError(msg("There is no plan {key}.", key=repr(key)),
                        msg("Known plans: {keys} (see `tracker plans`).", keys=known), candidates=sorted(plans))


def agency_names(snapshot: Snapshot) -> list[str]:
    """Every accepted agency name: the known list plus what the database uses (for completion)."""
    return sorted(_known_agencies(snapshot.cards.values()).values(), key=fold)


def _known_agencies(cards: Iterable[Card]) -> dict[str, str]:
    known = {agency_key(name): name for name in KNOWN_AGENCIES}
    for card in cards:
        for name in (*card.lead, *card.support):
            known.setdefault(agency_key(name), name)
    return known


def validate_agencies(snapshot: Snapshot, cells: Iterable[str] | str, *, role: str,
                      new_agency: bool = False) -> tuple[list[str], list[str], list[str]]:
    """Split and canonicalise agency entries → (names, parenthetical notes, warnings).

    A name neither in the database nor in KNOWN_AGENCIES is refused (NotFoundError with the
    closest names) unless `new_agency` accepts it; "so noi vu" takes the known spelling.
    """
    if isinstance(cells, str):
        cells = [cells]
    known = _known_agencies(snapshot.cards.values())
    names: list[str] = []
    notes: list[str] = []
    warnings: list[str] = []
    unknown: list[str] = []
    for cell in cells:
        if not clean(cell or ""):
            continue
        parsed = split_agencies(clean(cell))
        notes.extend(note for note in parsed.notes if note not in notes)
        for raw in parsed.names:
            name = canonical_agency(raw)
            hit = known.get(agency_key(name))
            if hit is None:
                if not new_agency:
                    close = closest_agencies(name, list(known.values()), n=3)
                    unknown.append(msg("{name} (closest: {closest})", name=repr(name), closest="; ".join(close))
                                   if close else repr(name))
                    continue
                hit = name
                warnings.append(
                    msg("New lead agency {name}: it is neither in the database nor in the known list.", name=repr(name))
                    if role == "lead" else
                    msg("New support agency {name}: it is neither in the database nor in the known list.",
                        name=repr(name)))
            if hit not in names:
                names.append(hit)
    if unknown:
        names_said = joined(unknown, ", ")
        if role == "lead":
            problem = (msg("Unknown lead agencies: {names}.", names=names_said) if len(unknown) > 1
                       else msg("Unknown lead agency: {names}.", names=names_said))
        else:
            problem = (msg("Unknown support agencies: {names}.", names=names_said) if len(unknown) > 1
                       else msg("Unknown support agency: {names}.", names=names_said))
        raise NotFoundError(problem, msg("Use a listed name (`tracker agencies` shows them all), or accept it as a "
                                         "new agency with --new-agency."))
    return names, notes, warnings


def parse_time_text(plan: Plan, time_text: str) -> tuple[str, Deadline, list[str]]:
    """Parse a time cell with the plan's period → (clean text, deadline, warnings); never refuses it."""
    text = clean(time_text or "")
    if not text:
        return "", Deadline(kind="unknown"), [msg("No time text: the card has no deadline until one is given.")]
    deadline = parse_deadline(text, period_start=plan.period_start, period_end=plan.period_end)
    if deadline.kind == "unknown":
        if deadline.warning:
            return text, deadline, [msg("The time text {text} was not understood ({why}): it is kept as written, "
                                        "with deadline kind 'unknown' and no due date. Write it like {examples} to "
                                        "get a due date.", text=repr(text), why=deadline.warning,
                                        examples=TIME_EXAMPLES)]
        return text, deadline, [msg("The time text {text} was not understood: it is kept as written, with deadline "
                                    "kind 'unknown' and no due date. Write it like {examples} to get a due date.",
                                    text=repr(text), examples=TIME_EXAMPLES)]
    return text, deadline, ([msg("Time text {text}: {warning}", text=repr(text), warning=deadline.warning)]
                            if deadline.warning else [])


def preview_deadline(snapshot: Snapshot, plan_key: str, time_text: str, lang: str = "vi") -> tuple[str, list[str]]:
    """The live preview a form shows under the time field: summary line and warnings."""
    plan = resolve_plan(snapshot.plans, plan_key)
    text, deadline, warnings = parse_time_text(plan, time_text)
    return deadline_summary(deadline, text, lang), warnings


def deadline_summary(deadline: Deadline, time_text: str | None = None, lang: str = "vi") -> str:
    """'quarter, due 2014-12-31 (Quý IV/2014)': kind, due date, then the time text (or its reading).

    A message (English as a str; say() or localize() gives the run's language); `lang` is the
    language of the reading of the deadline when there is no time text.
    """
    due = msg("due {date}", date=deadline.due.isoformat()) if deadline.due else msg("no due date")
    return msg("{kind}, {due} ({text})", kind=_KIND_WORDS.get(deadline.kind, deadline.kind), due=due,
               text=time_text or describe(deadline, lang))


# The deadline kinds of DESIGN §5 as people read them.
_KIND_WORDS: dict[str, Msg] = {
    "quarter": msg("quarter"), "month": msg("month"), "year": msg("year"), "date": msg("date"),
    "range": msg("range"), "multi": msg("multi"), "recurring": msg("recurring"), "ongoing": msg("ongoing"),
    "conditional": msg("conditional"), "unknown": msg("unknown"),
}


def _content(text: str | None) -> str:
    value = clean(text or "")
    if not value:
        raise UsageError(msg("The content is empty: a card needs the task text."),
                         msg('Give it with --content, e.g. --content "Rà soát, đơn giản hóa thủ tục hành chính".'))
    return value


def _section(text: str | None) -> str | None:
    return (clean(text) or None) if text is not None else None


def validate_new_card(snapshot: Snapshot, *, plan: str, content: str, lead: Iterable[str] | str,
                      support: Iterable[str] | str = (), time_text: str = "", section: str | None = None,
                      new_agency: bool = False) -> CardDraft:
    """Check everything a new card needs; raise with the problem and its fix, or return the draft."""
    text = _content(content)
    the_plan = resolve_plan(snapshot.plans, plan)
    leads, lead_notes, warnings = validate_agencies(snapshot, lead, role="lead", new_agency=new_agency)
    if not leads:
        raise UsageError(msg("A new card needs a lead agency."), msg('Give it with --lead, e.g. --lead "Sở Nội vụ".'))
    supports, support_notes, more = validate_agencies(snapshot, support, role="support", new_agency=new_agency)
    time_clean, deadline, time_warnings = parse_time_text(the_plan, time_text)
    notes = list(dict.fromkeys([*lead_notes, *support_notes]))
    return CardDraft(plan=the_plan.key, content=text, lead=leads, support=supports, time_text=time_clean,
                     deadline=deadline, section=_section(section), notes=notes,
                     warnings=[*warnings, *more, *time_warnings])


def _check_not_archived(card: Card) -> None:
    if card.archived:
        raise UsageError(msg("The card {id} is archived; archived cards cannot be changed.", id=card.id),
                         msg("Restore it first: tracker restore {id}", id=card.id))


def validate_edit(snapshot: Snapshot, card_id: str, changes: dict[str, Any], *,
                  new_agency: bool = False) -> EditDraft:
    """Check an edit of one card (id or unambiguous prefix); raise with the fix, or return the draft."""
    unknown = sorted(set(changes) - set(EDITABLE_FIELDS))
    if unknown:
        raise UsageError(msg("These fields cannot be edited: {fields}.", fields=", ".join(unknown)),
                         msg("Editable fields: {fields}; move cards with `tracker move`.",
                             fields=", ".join(EDITABLE_FIELDS)))
    if not changes:
        raise UsageError(msg("Nothing to edit."),
                         msg("Give at least one of --content, --lead, --support, --time, --note, --section."))
    (card_id,) = resolve_ids(snapshot.cards, [card_id])
    card = snapshot.cards[card_id]
    _check_not_archived(card)
    values: dict[str, Any] = {}
    notes: list[str] = []
    warnings: list[str] = []
    deadline = None
    if "content" in changes:
        values["content"] = _content(changes["content"])
    for role in ("lead", "support"):
        if role in changes:
            names, found_notes, more = validate_agencies(snapshot, changes[role] or [], role=role,
                                                         new_agency=new_agency)
            if role == "lead" and not names:
                raise UsageError(msg("The lead agency cannot be empty."), msg('Name one, e.g. --lead "Sở Nội vụ".'))
            values[role], values[f"{role}_text"] = names, "; ".join(names)
            notes.extend(note for note in found_notes if note not in notes)
            warnings.extend(more)
    if "time_text" in changes:
        plan = snapshot.plans.get(card.plan) or Plan(key=card.plan)
        values["time_text"], deadline, more = parse_time_text(plan, changes["time_text"])
        values["deadline"] = deadline
        warnings.extend(more)
    if "note" in changes:
        values["note"] = (changes["note"] or "").strip()
    if "section" in changes:
        values["section"] = _section(changes["section"] or "")
    return EditDraft(card_id=card_id, values=values, notes=notes, deadline=deadline, warnings=warnings)


# -- changes (one transaction each) --------------------------------------------------------------
def next_card_id(existing: Iterable[str], plan_key: str) -> str:
    """`<plan>.n1`, `<plan>.n2`, …: one past the highest hand-added number of this plan."""
    prefix = f"{plan_key}.{NEW_ID_MARK}"
    used = [int(card_id[len(prefix):]) for card_id in existing
            if card_id.startswith(prefix) and card_id[len(prefix):].isdigit()]
    return f"{prefix}{max(used, default=0) + 1}"


def add_card(store: Store, draft: CardDraft, *, by: str = "", via: str = "cli") -> Card:
    """Store a validated draft as a new card with a fresh id and uid, as one change set "add"."""
    with store.transaction("add", by=by, via=via) as tx:
        if tx.plan(draft.plan) is None:
            raise NotFoundError(msg("The plan {key} is no longer in the database.", key=repr(draft.plan)),
                                msg("Another user may have undone its import; run `tracker plans`."))
        card_id = next_card_id(tx.card_ids(), draft.plan)
        card = Card(id=card_id, plan=draft.plan, number=card_id[len(draft.plan) + 1:], content=draft.content,
                    uid=new_uid(), section=draft.section, lead=list(draft.lead), support=list(draft.support),
                    lead_text=draft.lead_text, support_text=draft.support_text, time_text=draft.time_text,
                    deadline=draft.deadline, status=Status.NOT_STARTED, notes=list(draft.notes),
                    source={"file": None, "line": None, "added_by": by})
        tx.record(card_id, "create", new=card.to_dict(), note=f"added by hand: {draft.content[:80]}")
        tx.touch(card)
        tx.summary = f"Added {card_id}"
    return tx.card(card_id)


def edit_card(store: Store, card_id: str, changes: dict[str, Any], *, by: str = "", via: str = "cli",
              new_agency: bool = False) -> ChangeSet | None:
    """Validate then apply a hand edit as one change set "edit"; None when nothing really changed.

    The edited fields join `card.edited` so a re-import keeps them; that list change is its own
    event, so `undo` restores it exactly (a reverted edit is no longer "edited by hand").
    """
    draft = validate_edit(store.load(), card_id, changes, new_agency=new_agency)
    with store.transaction("edit", by=by, via=via) as tx:
        card = tx.card(draft.card_id)      # re-read under the lock: another writer's edit is kept
        _check_not_archived(card)
        values = dict(draft.values)
        if draft.notes:
            values["notes"] = [*card.notes, *(note for note in draft.notes if note not in card.notes)]
        changed = [name for name, value in values.items() if getattr(card, name) != value]
        if not changed:
            return None
        marked = [name for name in changed if name not in _NOT_PLAN_CONTENT and name not in card.edited]
        if marked:
            tx.edit(card.id, {"edited": [*card.edited, *marked]}, by_hand=False)
        tx.edit(card.id, {name: values[name] for name in changed}, by_hand=True)
        tx.summary = f"Edited {', '.join(changed)} of {card.id}"
    return tx.change_set


def _set_archived(store: Store, ids: Iterable[str], archived: bool, *, by: str, via: str) -> ChangeSet | None:
    action = "archive" if archived else "restore"
    tokens = list(ids)
    if not tokens:
        raise UsageError(msg("No card ids to archive.") if archived else msg("No card ids to restore."),
                         msg("Name at least one: tracker {command} ID...", command=action))
    with store.transaction(action, by=by, via=via) as tx:
        card_ids = resolve_ids(tx.id_set(), tokens)
        changed = []
        for card_id in card_ids:
            if tx.edit(card_id, {"archived": archived}, kind=action, by_hand=False):
                changed.append(card_id)
        verb = "Archived" if archived else "Restored"
        tx.summary = f"{verb} {len(changed)} card{'s' if len(changed) != 1 else ''}: {', '.join(changed[:5])}" + (
            " …" if len(changed) > 5 else "")
    return tx.change_set


def archive_cards(store: Store, ids: Iterable[str], *, by: str = "", via: str = "cli") -> ChangeSet | None:
    """Take cards off the board, listings and calendar, keeping them and their history; None if all were."""
    return _set_archived(store, ids, True, by=by, via=via)


def restore_cards(store: Store, ids: Iterable[str], *, by: str = "", via: str = "cli") -> ChangeSet | None:
    """Bring archived cards back where they were; None when none of them was archived."""
    return _set_archived(store, ids, False, by=by, via=via)


def record_progress(store: Store, card_id: str, note: str, *, by: str = "", via: str = "cli",
                    on: date | None = None) -> Event:
    """Record what an agency reported on a task (history only; the card itself is unchanged)."""
    text = clean(note or "")
    if not text:
        raise UsageError(msg("The progress note is empty."),
                         msg('Say what was reported, e.g. --note "Đã trình UBND tỉnh dự thảo quyết định".'))
    with store.transaction("progress", by=by, via=via) as tx:
        (card_id,) = resolve_ids(tx.id_set(), [card_id])
        _check_not_archived(tx.card(card_id))
        # The day reported defaults to today in Vietnam, taken from the transaction's own clock.
        day = on or day_of(tx.now)
        event = tx.record(card_id, "progress", new=day.isoformat(), note=text)
        tx.summary = f"Progress on {card_id} ({day.isoformat()})"
    return event


def latest_progress(snapshot: Snapshot) -> dict[str, Event]:
    """For each card, its latest progress note by date reported, ignoring undone ones."""
    # Undo retracts a progress note by marking its change set undone and recording a
    # "retracted" event in the undo change set; neither may count as progress.
    skip = {cs.id for cs in snapshot.change_sets if cs.undone_by is not None or cs.action == "undo"}
    latest: dict[str, Event] = {}
    for event in snapshot.events_of_kind("progress"):
        if event.change_set in skip:
            continue
        best = latest.get(event.card)
        if best is None or (str(event.new or ""), event.id) >= (str(best.new or ""), best.id):
            latest[event.card] = event
    return latest


def progress_notes(snapshot: Snapshot, card_id: str) -> list[Event]:
    """A card's progress notes that still stand, oldest report first."""
    skip = {cs.id for cs in snapshot.change_sets if cs.undone_by is not None or cs.action == "undo"}
    notes = [e for e in snapshot.events_for(card_id) if e.kind == "progress" and e.change_set not in skip]
    return sorted(notes, key=lambda e: (str(e.new or ""), e.id))


__all__ = ["CardDraft", "EditDraft", "EDITABLE_FIELDS", "add_card", "agency_names", "archive_cards",
           "deadline_summary", "edit_card", "latest_progress", "next_card_id", "preview_deadline",
           "progress_notes", "record_progress", "resolve_plan", "restore_cards", "validate_agencies",
           "validate_edit", "validate_new_card"]
