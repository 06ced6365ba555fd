"""The data of one database version: `Snapshot`, the read-only view commands and the board read, and
`Transaction`, the working copy one change edits before the store writes it whole."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from collections.abc import Iterable, Iterator, KeysView


from .errors import NotFoundError
from .i18n import msg
from .inert import printable
from .model import Card, ChangeSet, Event, Plan, Status, iso_utc, utc_now

from .store_file import SCHEMA_VERSION


@dataclass
class Snapshot:
    """A read-only view of the database at one change counter."""

    raw: dict[str, dict[str, Any]]
    _cards: dict[str, Card] | None = field(default=None, repr=False)
    _plans: dict[str, Plan] | None = field(default=None, repr=False)
    _events: list[Event] | None = field(default=None, repr=False)
    _doc_by_id: dict[str, dict[str, Any]] | None = field(default=None, repr=False)

    @property
    def meta(self) -> dict[str, Any]:
        return self.raw["_meta"]["1"]

    @property
    def counter(self) -> int:
        return self.meta.get("counter", 0)

    @property
    def schema_version(self) -> int:
        return self.meta.get("schema_version", SCHEMA_VERSION)

    @property
    def cards(self) -> dict[str, Card]:
        """Every card by id, archived ones included, in import order."""
        if self._cards is None:
            self._cards = {doc["id"]: Card.from_dict(doc) for doc in self.raw["cards"].values()}
        return self._cards

    def card(self, card_id: str) -> Card:
        """One card, built without building every other card (cold commands touch one or two)."""
        if self._cards is not None:
            return self._cards[card_id]
        return Card.from_dict(self.doc(card_id))

    def doc(self, card_id: str) -> dict[str, Any]:
        """The stored record of a card (the JSON of `list --format json`); do not modify it."""
        if self._doc_by_id is None:
            self._doc_by_id = {doc["id"]: doc for doc in self.raw["cards"].values()}
        return self._doc_by_id[card_id]

    def docs(self, *, archived: bool | None = False) -> Iterator[dict[str, Any]]:
        """The stored card records (do not modify them): active ones by default, archived ones with
        `archived=True`, every one with `archived=None`. The board builds its rows from these."""
        for doc in self.raw["cards"].values():
            if archived is None or bool(doc.get("archived")) is archived:
                yield doc

    def find_doc(self, card_id: str) -> dict[str, Any] | None:
        """The stored record of a card, or None when there is no such card."""
        try:
            return self.doc(card_id)
        except KeyError:
            return None

    def card_ids(self) -> dict[str, None]:
        """Every card id (as dict keys: ordered, fast membership) without building the cards."""
        if self._cards is not None:
            return dict.fromkeys(self._cards)
        return dict.fromkeys(doc["id"] for doc in self.raw["cards"].values())

    def active_cards(self) -> list[Card]:
        return [card for card in self.cards.values() if not card.archived]

    @property
    def plans(self) -> dict[str, Plan]:
        if self._plans is None:
            self._plans = {doc["key"]: Plan.from_dict(doc) for doc in self.raw["plans"].values()}
        return self._plans

    @property
    def events(self) -> list[Event]:
        if self._events is None:
            self._events = sorted((Event.from_dict(d) for d in self.raw["events"].values()), key=lambda e: e.id)
        return self._events

    def events_for(self, card_id: str) -> list[Event]:
        return [event for event in self.events if event.card == card_id]

    @property
    def change_sets(self) -> list[ChangeSet]:
        return sorted((ChangeSet.from_dict(d) for d in self.raw["change_sets"].values()), key=lambda c: c.id)

    @property
    def sync_state(self) -> dict[str, Any]:
        return self.raw["sync"].get("1", {})


class Transaction:
    """The working copy of one change: cards, plans, history and sync state written together."""

    def __init__(self, raw: dict[str, dict[str, Any]], action: str, by: str, via: str, summary: str):
        self._raw = {name: dict(table) for name, table in raw.items()}   # documents are replaced, never mutated
        self._meta = dict(self._raw["_meta"]["1"])
        self._doc_of = {doc["id"]: key for key, doc in self._raw["cards"].items()}
        self._plan_doc_of = {doc["key"]: key for key, doc in self._raw["plans"].items()}
        self._cards: dict[str, Card] = {}
        self.action, self.by, self.via, self.summary = action, printable(by), via, printable(summary)
        self.events: list[Event] = []
        self.touched: set[str] = set()
        self.dirty = False
        self.now = iso_utc(utc_now())
        self.change_set: ChangeSet | None = None
        self.undoes: int | None = None       # set by undo: the change set this one reverts
        self._change_set_id = self._meta["next_change_set"]

    # -- reading -----------------------------------------------------------------------------
    def card_ids(self) -> list[str]:
        """Every card id, in insertion order (a copy: safe to keep while cards are added or removed)."""
        return list(self._doc_of)

    def id_set(self) -> KeysView[str]:
        """Every card id as a live set view: fast membership tests for id resolution."""
        return self._doc_of.keys()

    def has_card(self, card_id: str) -> bool:
        return card_id in self._doc_of

    def card(self, card_id: str) -> Card:
        """A mutable copy of the card; changes count only through put_card / set_status / edit."""
        if card_id not in self._cards:
            key = self._doc_of.get(card_id)
            if key is None:
                raise NotFoundError(msg("No card with id {id}.", id=repr(card_id)),
                                    msg("Run `tracker list` to see the ids."))
            self._cards[card_id] = Card.from_dict(self._raw["cards"][key])
        return self._cards[card_id]

    def cards(self) -> Iterator[Card]:
        for card_id in self._doc_of:
            yield self.card(card_id)

    def plan(self, key: str) -> Plan | None:
        doc_key = self._plan_doc_of.get(key)
        return Plan.from_dict(self._raw["plans"][doc_key]) if doc_key else None

    def plans(self) -> list[Plan]:
        return [Plan.from_dict(doc) for doc in self._raw["plans"].values()]

    def events_of(self, change_set: int) -> list[Event]:
        return sorted((Event.from_dict(d) for d in self._raw["events"].values() if d["change_set"] == change_set),
                      key=lambda e: e.id)

    def change_sets(self) -> list[ChangeSet]:
        return sorted((ChangeSet.from_dict(d) for d in self._raw["change_sets"].values()), key=lambda c: c.id)

    @property
    def sync(self) -> dict[str, Any]:
        """Sync state (hrefs, etags, last synced values); assign to `sync_state` to change it."""
        return self._raw["sync"].get("1", {})

    @sync.setter
    def sync(self, value: dict[str, Any]) -> None:
        self._raw["sync"]["1"] = value
        self.dirty = True

    # -- writing -----------------------------------------------------------------------------
    def put_card(self, card: Card) -> None:
        """Insert or replace a card as it is (importer and sync use this; they record events themselves)."""
        key = self._doc_of.get(card.id)
        if key is None:
            key = str(self._meta["next_doc"])
            self._meta["next_doc"] += 1
            self._doc_of[card.id] = key
        self._raw["cards"][key] = card.to_dict()
        self._cards[card.id] = card
        self.touched.add(card.id)
        self.dirty = True

    def delete_card(self, card_id: str) -> None:
        """Remove a card's document (only undo of an import does this; history keeps its events)."""
        key = self._doc_of.pop(card_id, None)
        if key is not None:
            del self._raw["cards"][key]
            self._cards.pop(card_id, None)
            self.dirty = True

    def delete_plan(self, key: str) -> None:
        doc_key = self._plan_doc_of.pop(key, None)
        if doc_key is not None:
            del self._raw["plans"][doc_key]
            self.dirty = True

    def put_plan(self, plan: Plan) -> None:
        key = self._plan_doc_of.get(plan.key)
        if key is None:
            key = str(max((int(k) for k in self._raw["plans"]), default=0) + 1)
            self._plan_doc_of[plan.key] = key
        self._raw["plans"][key] = plan.to_dict()
        self.dirty = True

    def record(self, card_id: str, kind: str, *, field: str | None = None, old: Any = None,
               new: Any = None, note: str = "") -> Event:
        """Append one history event to this change set."""
        # Notes and names come from users and documents: no control character reaches the file.
        event = Event(id=self._meta["next_event"], change_set=self._change_set_id, card=card_id, kind=kind,
                      at=self.now, by=self.by, via=self.via, field=field, old=old, new=new,
                      note=printable(note, newlines=True))
        self._meta["next_event"] += 1
        self.events.append(event)
        self.dirty = True
        return event

    def touch(self, card: Card, fields: Iterable[str] | None = None) -> None:
        """Mark a changed card: new `updated_at`, SEQUENCE bumped, written at commit.

        With `fields`, only those are copied into the stored record (a bulk change of 5,000 cards
        then skips 5,000 full re-serialisations); without, the whole card is.
        """
        card.updated_at = self.now
        card.sequence += 1
        key = self._doc_of.get(card.id)
        if fields is None or key is None:
            self.put_card(card)
            return
        doc = dict(self._raw["cards"][key])
        for name in (*fields, "updated_at", "sequence"):
            doc[name] = _plain(getattr(card, name))
        self._raw["cards"][key] = doc
        self._cards[card.id] = card
        self.touched.add(card.id)
        self.dirty = True

    def set_status(self, card_id: str, status: Status, note: str = "", *, on: str | None = None) -> Event | None:
        """Move a card; returns the event, or None when it already had that status.

        `on` (ISO day) says the change happened that day, though it is recorded now.
        """
        card = self.card(card_id)
        if card.status == status:
            return None
        event = self.record(card_id, "status", field="status", old=card.status.value, new=status.value, note=note)
        event.on = on
        card.status = status
        if note:
            card.note = printable(note, newlines=True)
        self.touch(card, ("status", "note"))
        return event

    def edit(self, card_id: str, changes: dict[str, Any], *, kind: str = "edit", by_hand: bool = True) -> list[Event]:
        """Change fields of a card, one event per field that really changed."""
        card = self.card(card_id)
        events = []
        for name, value in changes.items():
            if isinstance(value, str):
                value = printable(value, newlines=name == "note")
            elif isinstance(value, list):
                value = [printable(item) if isinstance(item, str) else item for item in value]
            old = getattr(card, name)
            if old == value:
                continue
            setattr(card, name, value)
            events.append(self.record(card_id, kind, field=name, old=_plain(old), new=_plain(value)))
            if by_hand and name not in card.edited and name not in ("note", "archived", "status"):
                card.edited.append(name)
        if events:
            self.touch(card, (*changes, "edited"))
        return events

    @property
    def change_set_id(self) -> int:
        """The id this transaction's change set will have."""
        return self._change_set_id

    def mark_change_set(self, change_set_id: int, **fields: Any) -> None:
        doc = dict(self._raw["change_sets"][str(change_set_id)])
        doc.update(fields)
        self._raw["change_sets"][str(change_set_id)] = doc
        self.dirty = True

    def _finish(self) -> dict[str, dict[str, Any]]:
        if self.events:
            self.change_set = ChangeSet(id=self._change_set_id, at=self.now, action=self.action, by=self.by,
                                        via=self.via, summary=self.summary, undoes=self.undoes,
                                        cards=len({event.card for event in self.events}))
            self._raw["change_sets"][str(self._change_set_id)] = self.change_set.to_dict()
            self._meta["next_change_set"] += 1
            events = self._raw["events"]
            for event in self.events:
                events[str(event.id)] = event.to_dict()
        self._meta["counter"] += 1
        self._raw["_meta"] = {"1": self._meta}
        return self._raw


def _plain(value: Any) -> Any:
    """A field value as stored in JSON (and in history): enums by value, copies of lists and dicts."""
    if isinstance(value, Status):
        return value.value
    if hasattr(value, "to_dict"):
        return value.to_dict()
    if isinstance(value, list):
        return list(value)
    if isinstance(value, dict):
        return dict(value)
    return value
