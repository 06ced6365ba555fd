"""Operations shared by the CLI and the board: resolve ids, move, bulk, apply, undo, notes, history."""

from __future__ import annotations

import difflib
from collections import Counter
from dataclasses import dataclass
from datetime import date
from collections.abc import Set as AbstractSet
from typing import Any
from collections.abc import Iterable, Sequence

from .errors import NotFoundError, TrackerError, UsageError, joined
from .i18n import msg
from .card_view import StoredCard
from .filters import Filters
from .model import Card, ChangeSet, Deadline, Event, Status, parse_status
from .store import Snapshot, Store, Transaction

# Coordinators work in Vietnam: days of history events are days there (UTC+7).


def resolve_ids(known: Iterable[str], tokens: Iterable[str]) -> list[str]:
    """Map typed ids or unambiguous prefixes to card ids, keeping order and dropping repeats."""
    known = known if isinstance(known, (AbstractSet, dict)) else list(known)
    exact: dict[str, str] | None = None     # built only when a token is not an exact id
    resolved: list[str] = []
    for token in tokens:
        token = token.strip()
        if not token:
            continue
        hit = token if token in known else None
        if hit is None:
            if exact is None:
                exact = {card_id.lower(): card_id for card_id in known}
            hit = exact.get(token.lower())
        if hit is None:
            matches = [card_id for card_id in known if card_id.lower().startswith(token.lower())]
            if len(matches) > 1:
                shown = ", ".join(matches[:10]) + (" …" if len(matches) > 10 else "")    # ids, not words
                raise NotFoundError(
                    msg("The id {id} is ambiguous: it starts {count} card ids.", id=repr(token), count=len(matches)),
                    msg("Type more of the id. Candidates: {ids}", ids=shown),
                    candidates=matches)
            if not matches:
                close = difflib.get_close_matches(token, known, n=5, cutoff=0.6)
                raise NotFoundError(
                    msg("No card has the id {id}.", id=repr(token)),
                    msg("Did you mean: {ids}?", ids=", ".join(close)) if close
                    else msg("Run `tracker list` to see the ids."),
                    candidates=close)
            hit = matches[0]
        if hit not in resolved:
            resolved.append(hit)
    return resolved


def checked_day(on: date | None, today: date) -> str | None:
    """The ISO day a change happened (--on), refused when it is after today."""
    if on is None:
        return None
    if on > today:
        raise UsageError(msg("--on {day} is after today ({today}).", day=on.isoformat(), today=today.isoformat()),
                         msg("Give the day the work was really done: today or earlier."))
    return on.isoformat()


def move_cards(store: Store, ids: Iterable[str], to: Status | str, *, note: str = "", by: str = "",
               via: str = "cli", on: date | None = None) -> ChangeSet | None:
    """Move cards to a column in one change set; None when every card was already there.

    `on`: the day it really happened (a completion recorded late counts on that day).
    """
    from . import clock

    status = parse_status(to)
    day = checked_day(on, clock.today())
    tokens = list(ids)
    with store.transaction("move", by=by, via=via) as tx:
        card_ids = resolve_ids(tx.id_set(), tokens)
        for card_id in card_ids:
            if tx.is_archived(card_id):
                raise UsageError(msg("The card {id} is archived.", id=card_id),
                                 msg("Restore it first: tracker restore {id}", id=card_id))
            if tx.set_status(card_id, status, note, on=day) is None and note:
                tx.edit(card_id, {"note": note}, by_hand=False)    # already there: the note still counts
        tx.summary = _summary("Moved", tx, status)
    return tx.change_set


def bulk_move(store: Store, filters: Filters, to: Status | str, *, today: date, by: str = "", via: str = "cli",
              dry_run: bool = False, on: date | None = None) -> tuple[list[str], ChangeSet | None]:
    """Move every card matching `filters` that is not already in `to`, as one change set and one
    write; returns the ids of the cards moved (or that would move, with `dry_run`)."""
    from . import clock

    status = parse_status(to)
    day = checked_day(on, clock.today())
    if dry_run:
        snapshot = store.load()
        return [card_id for card_id in snapshot.select_ids(filters, today)
                if snapshot.status_of(card_id) != status], None
    with store.transaction("bulk", by=by, via=via) as tx:
        # Selected from the head's state letters and the agency index where they decide the
        # filters; the moves are overlay patches: no card file is read or written for them.
        moved = [card_id for card_id in tx.select_ids(filters, today) if tx.status_of(card_id) != status]
        for card_id in moved:
            tx.set_status(card_id, status, on=day)
        tx.summary = _summary("Bulk moved", tx, status) + f" ({filters.describe()})"
    return moved, tx.change_set


@dataclass
class ApplyRow:
    """One row of an `apply` file: which card goes where, with the line it came from."""

    line: int
    id: str
    status: str
    note: str = ""
    by: str = ""
    on: str = ""          # the `date` column: the day it really happened


def apply_rows(store: Store, rows: list[ApplyRow], *, by: str = "", via: str = "cli") -> ChangeSet | None:
    """Validate every row first; apply all of them as one change set, or none and name every bad row."""
    with store.transaction("apply", by=by, via=via) as tx:
        known = tx.id_set()
        problems: list[str] = []
        plan: list[tuple[str, Status, ApplyRow]] = []
        seen: dict[str, int] = {}
        only_unknown_ids = True
        for row in rows:
            if not row.id.strip():
                only_unknown_ids = False
                problems.append(msg("line {line}: the id is empty.", line=row.line))
                continue
            try:
                (card_id,) = resolve_ids(known, [row.id])
            except NotFoundError as exc:
                problems.append(_line_problem(row.line, exc))
                continue
            try:
                status = parse_status(row.status)
            except UsageError as exc:
                only_unknown_ids = False
                problems.append(_line_problem(row.line, exc))
                continue
            if card_id in seen:
                only_unknown_ids = False
                problems.append(msg("line {line}: the card {id} already appears on line {first}.", line=row.line,
                                    id=card_id, first=seen[card_id]))
                continue
            if tx.is_archived(card_id):
                only_unknown_ids = False
                problems.append(msg("line {line}: the card {id} is archived; restore it first.", line=row.line,
                                    id=card_id))
                continue
            if row.on.strip():
                from . import clock

                try:
                    row.on = checked_day(clock.parse_day(row.on), clock.today()) or ""
                except ValueError:
                    only_unknown_ids = False
                    problems.append(msg("line {line}: the date {date} is not a date; write 2014-06-30.",
                                        line=row.line, date=repr(row.on)))
                    continue
                except UsageError as exc:
                    only_unknown_ids = False
                    problems.append(msg("line {line}: {message}", line=row.line, message=exc.message))
                    continue
            seen[card_id] = row.line
            plan.append((card_id, status, row))
        if problems:
            error_class = NotFoundError if only_unknown_ids else UsageError
            raise error_class(msg("{count} of {total} rows are invalid; nothing was changed:\n  {problems}",
                                  count=len(problems), total=len(rows), problems=joined(problems, "\n  ")),
                              msg("Fix these rows and run apply again."))
        for card_id, status, row in plan:
            events: Sequence[Event | None] = [tx.set_status(card_id, status, row.note, on=row.on or None)]
            if events[0] is None and row.note:
                events = tx.edit(card_id, {"note": row.note}, by_hand=False)
            for event in events:
                if event is not None and row.by:
                    event.by = row.by   # the agency that reported it, not the coordinator running apply
        tx.summary = _summary("Applied", tx, None) + f" from {len(rows)} rows"
    return tx.change_set


def _line_problem(line: int, exc: TrackerError) -> str:
    """A row's problem in an `apply` file: its line, then the error and its fix."""
    if exc.hint:
        return msg("line {line}: {message} {hint}", line=line, message=exc.message, hint=exc.hint)
    return msg("line {line}: {message}", line=line, message=exc.message)


def set_note(store: Store, card_id: str, note: str, *, by: str = "", via: str = "cli") -> ChangeSet | None:
    with store.transaction("note", by=by, via=via) as tx:
        (card_id,) = resolve_ids(tx.id_set(), [card_id])
        tx.edit(card_id, {"note": note}, by_hand=False)
        tx.summary = f"Note of {card_id}"
    return tx.change_set


def undo_last(store: Store, *, by: str = "", via: str = "cli") -> ChangeSet:
    """Revert the latest change set that is not already undone, whole, as a new change set."""
    with store.transaction("undo", by=by, via=via) as tx:
        found = tx.last_undoable()
        if found is None:
            raise TrackerError(msg("There is nothing to undo."), msg("Every earlier change has already been undone."))
        target, target_events = found
        removed_cards = []
        for event in reversed(target_events):
            if not tx.has_card(event.card):
                continue
            if event.kind == "create":
                tx.record(event.card, "delete", note=f"undo of change set {target.id}")
                removed_cards.append(event.card)
                tx.delete_card(event.card)
            elif event.kind == "status":
                tx.set_status(event.card, Status(event.old), note="")
            elif event.field:
                # Restoring an old value is not a hand edit: hand edits record their change to
                # card.edited as an event of its own, which this loop reverts too.
                tx.edit(event.card, {event.field: field_value(event.field, event.old)}, kind=event.kind,
                        by_hand=False)
            else:
                # progress notes live only in history; marking the change set undone retracts them
                tx.record(event.card, event.kind, note=f"retracted: {event.note}")
        if removed_cards and target.action == "import":   # undoing a hand-added card keeps its plan
            still_used = {tx.card(card_id).plan for card_id in tx.card_ids()}
            for plan in tx.plans():
                if plan.key not in still_used:
                    tx.delete_plan(plan.key)
        # The journal is append-only: this undo's record names its target, readers mark it undone.
        tx.undoes = target.id
        tx.summary = f"Undid change set {target.id} ({target.action}: {target.summary})"
    return target


def field_value(name: str, plain: Any) -> Any:
    """Turn a value as stored in history back into the card field's type."""
    if name == "deadline":
        return Deadline.from_dict(plain)
    if name == "status":
        return Status(plain)
    if name in ("lead", "support", "notes", "edited"):
        return list(plain or [])
    return plain


def agency_counts(cards: Iterable[Card | StoredCard], *, lead_only: bool = False) -> list[tuple[str, int]]:
    """Canonical agencies with how many cards (or stored records, or board rows) name them, most used first."""
    counts: Counter[str] = Counter()
    for card in cards:
        names = card.lead if lead_only else card.agencies()
        counts.update(set(names))
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def plan_counts(snapshot: Snapshot) -> list[dict[str, Any]]:
    counts: dict[str, Counter[str]] = {}
    for card in snapshot.active_cards():
        counts.setdefault(card.plan, Counter())[card.status.value] += 1
    rows = []
    for key, plan in snapshot.plans.items():
        c = counts.get(key, Counter())
        rows.append({"key": key, "number": plan.number, "province": plan.province, "date": plan.date,
                     "title": plan.title, "cards": sum(c.values()), **{s.value: c[s.value] for s in Status}})
    return rows


def history(snapshot: Snapshot, card_id: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
    """Change sets, newest first, each with its events (only that card's events when `card_id` is given).

    Read from the journal's end for the whole board (`history --limit 5` after years of changes
    reads five change sets); for one card, only the journal lines naming it are parsed.
    """
    rows = []
    if card_id is None:
        for change_set, events in snapshot.recent():
            if events:
                rows.append({**change_set.to_dict(), "events": [event.to_dict() for event in events]})
            if limit and len(rows) >= limit:
                break
        return rows
    by_set: dict[int, list[Event]] = {}
    for event in snapshot.events_for(card_id):
        by_set.setdefault(event.change_set, []).append(event)
    for change_set in reversed(snapshot.change_sets):
        events = by_set.get(change_set.id, [])
        if not events:
            continue
        rows.append({**change_set.to_dict(), "events": [event.to_dict() for event in events]})
        if limit and len(rows) >= limit:
            break
    return rows


def _summary(verb: str, tx: Transaction, status: Status | None) -> str:
    moved = len({event.card for event in tx.events})
    target = f" to {status.value}" if status else ""
    return f"{verb} {moved} card{'s' if moved != 1 else ''}{target}"


@dataclass
class UnknownWord:
    """A filter word that names no agency or plan in the database, with the closest ones that exist."""

    kind: str            # "agency" or "plan"
    word: str
    closest: list[str]

    def message(self) -> str:
        word, closest = repr(self.word), ", ".join(self.closest)
        if self.kind == "plan":
            return (msg("No plan in the database matches {word}. Did you mean: {closest}?", word=word, closest=closest)
                    if closest else msg("No plan in the database matches {word}.", word=word))
        return (msg("No agency in the database matches {word}. Did you mean: {closest}?", word=word, closest=closest)
                if closest else msg("No agency in the database matches {word}.", word=word))


def unknown_filter_words(snapshot: Snapshot, filters: Filters) -> list[UnknownWord]:
    """The --agency and --plan words that match nothing at all (a typo, not an empty result)."""
    from .agencies import closest_agencies
    from .text import fold

    unknown: list[UnknownWord] = []
    if filters.agency:
        # Only "is it there" first, from the agency index: reading 100,000 records took 1.2 s.
        distinct = snapshot.agency_names()
        if distinct is None:
            distinct = set()
            for doc in snapshot.docs(archived=None):
                distinct.update(doc.get("lead") or ())
                distinct.update(doc.get("support") or ())
        folded = [fold(name) for name in distinct]
        missing = [word for word in filters.agency_names()
                   if (wanted := fold(word).strip()) and not any(wanted in name for name in folded)]
        if missing:         # most used first: the order the suggestions break ties by
            names = [name for name, _ in agency_counts(StoredCard(doc) for doc in snapshot.docs(archived=None))]
            unknown += [UnknownWord("agency", word, closest_agencies(word, names)) for word in missing]
    if filters.plan:
        keys = list(snapshot.plans) or sorted({doc.get("plan") or "" for doc in snapshot.docs(archived=None)})
        wanted = filters.plan.lower()
        if not any(key.lower() == wanted or key.lower().startswith(wanted) for key in keys):
            unknown.append(UnknownWord("plan", filters.plan, difflib.get_close_matches(filters.plan, keys, n=3,
                                                                                        cutoff=0.5)))
    return unknown


def check_filter_words(snapshot: Snapshot, filters: Filters) -> None:
    """Raise NotFoundError (exit 3) when a filter word matches no agency or plan: for commands that change."""
    unknown = unknown_filter_words(snapshot, filters)
    if unknown:
        raise NotFoundError(joined((item.message() for item in unknown), " "),
                            msg("Nothing was changed. Check the spelling (case and diacritics do not matter)."),
                            candidates=[name for item in unknown for name in item.closest])
