"""The data of one database version: `Snapshot`, the read-only view commands and the board read, and
`Transaction`, the working copy one change edits before the store writes it.

Both read lazily through a `Source` (the store's files, or a schema-1 file held in memory): the
head is parsed at once, a plan's card file when one of its cards is asked for, the journal when
history is. A cold `tracker move` thus parses the head and one plan's cards, not the database.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, KeysView
from datetime import date
from typing import TYPE_CHECKING, Any, Protocol

from .errors import NotFoundError
from .i18n import msg
from .inert import printable
from .journal import Journal, change_sets_with_undos, encode_block, events_of
from .nogc import no_gc
from .model import Card, ChangeSet, Event, Plan, Status, iso_utc, utc_now
from .store_commit import Commit, Docs, plain as _plain
from .store_file import SCHEMA_VERSION
from .store_index import STATUS_OF_LETTER, Index, answers, index_entry, letter, state_of
from .store_index import select_ids as select_by_index
from .store_overlay import OVERLAY_LIMIT, Overlay, Patch, apply_patch, combine, count as patch_count

if TYPE_CHECKING:
    from .filters import Filters


class Source(Protocol):
    """Where a snapshot's files come from."""

    journal: Journal

    def card_docs(self, entry: dict[str, Any]) -> Docs: ...

    def card_doc(self, entry: dict[str, Any], card_id: str) -> dict[str, Any] | None: ...

    def record_starts(self, entry: dict[str, Any]) -> list[int] | None: ...

    def overlay(self) -> Overlay: ...

    def index(self) -> Index | None: ...

    def sync_state(self, name: str) -> dict[str, Any]: ...


class Snapshot:
    """A read-only view of the database at one change counter."""

    def __init__(self, head: dict[str, dict[str, Any]], source: Source, plan_of: dict[str, str] | None = None):
        self.head = head
        self.source = source
        self._entries: dict[str, dict[str, Any]] = {entry["plan"]: entry for entry in head["shards"].values()}
        self._plan_of = plan_of      # given by the store after a commit: the transaction worked it out
        self.last_change: tuple[int, list[Event]] | None = None   # the commit that made this snapshot
        self._cards: dict[str, Card] | None = None
        self._plans: dict[str, Plan] | None = None
        self._events: list[Event] | None = None
        self._sync: dict[str, Any] | None = None

    @property
    def meta(self) -> dict[str, Any]:
        return self.head["_meta"]["1"]

    @property
    def counter(self) -> int:
        return self.meta.get("counter", 0)

    @property
    def schema_version(self) -> int:
        return self.meta.get("schema_version", SCHEMA_VERSION)

    # -- cards ---------------------------------------------------------------------------------
    def plan_of(self) -> dict[str, str]:
        """Card id → the plan whose file holds it (from the head: no card file is read)."""
        if self._plan_of is None:
            self._plan_of = {card_id: plan for plan, entry in self._entries.items() for card_id in entry["ids"]}
        return self._plan_of

    def docs_of_plan(self, plan: str) -> Docs:
        entry = self._entries.get(plan)
        return self.source.card_docs(entry) if entry is not None else {}

    @property
    def cards(self) -> dict[str, Card]:
        """Every card by id, archived ones included, plan file after plan file."""
        if self._cards is None:
            with no_gc():           # 100,000 Card objects: collections would walk them for nothing
                self._cards = {card_id: Card.from_dict(doc) for card_id, doc in self._all_docs()}
        return self._cards

    def _all_docs(self) -> Iterator[tuple[str, dict[str, Any]]]:
        for entry in self._entries.values():
            yield from self.source.card_docs(entry).items()

    def card(self, card_id: str) -> Card:
        """One card, built without building every other card (cold commands touch one or two)."""
        if self._cards is not None:
            return self._cards[card_id]
        return Card.from_dict(self.doc(card_id))

    def doc(self, card_id: str) -> dict[str, Any]:
        """The stored record of a card (the JSON of `list --format json`); do not modify it."""
        doc = self.find_doc(card_id)
        if doc is None:
            raise KeyError(card_id)
        return doc

    def find_doc(self, card_id: str) -> dict[str, Any] | None:
        """The stored record of a card, or None when there is no such card (only that record is
        parsed when its plan's file is not read yet)."""
        plan = self.plan_of().get(card_id)
        if plan is None:
            return None
        if self._cards is not None:
            return self.docs_of_plan(plan).get(card_id)
        return self.source.card_doc(self._entries[plan], card_id)

    def docs(self, *, archived: bool | None = False) -> Iterator[dict[str, Any]]:
        """The stored card records (do not modify them): active ones by default, archived ones with
        `archived=True`, every one with `archived=None`. The board builds its rows from these."""
        for _, doc in self._all_docs():
            if archived is None or bool(doc.get("archived")) is archived:
                yield doc

    def card_ids(self) -> dict[str, None]:
        """Every card id (as dict keys: ordered, fast membership) without reading any card file."""
        return dict.fromkeys(self.plan_of())

    def active_cards(self) -> list[Card]:
        return [card for card in self.cards.values() if not card.archived]

    def status_of(self, card_id: str) -> Status:
        """A card's status from its plan's state letters (its record where the head has none)."""
        entry = self._entries[self.plan_of()[card_id]]
        if "state" in entry:
            return STATUS_OF_LETTER[entry["state"][entry["ids"].index(card_id)]]
        return Status(self.doc(card_id).get("status") or "not-started")

    def agency_names(self) -> set[str] | None:
        """Every agency name a card names, from the index (None: no index, read the records)."""
        index = self.source.index()
        return None if index is None else {name for entry in index.values() for name in entry[0]}

    def select_ids(self, filters: Filters, today: date) -> list[str]:
        """The ids of the cards `filters` match, in order: from the head's state letters and the
        agency index when they decide the filters (no card file read), else from the records."""
        index = self.source.index()
        entries = self._entries.values()
        if index is not None and answers(filters) and all("state" in entry for entry in entries):
            return select_by_index(entries, index, filters)
        from .card_view import select_ids

        return select_ids(self.docs(archived=None), filters, today)

    @property
    def plans(self) -> dict[str, Plan]:
        if self._plans is None:
            self._plans = {doc["key"]: Plan.from_dict(doc) for doc in self.head["plans"].values()}
        return self._plans

    # -- history -------------------------------------------------------------------------------
    @property
    def events(self) -> list[Event]:
        """Every event, oldest first (reads the whole journal: prefer `events_for` or `recent`)."""
        if self._events is None:
            self._events = events_of(self.source.journal.events())
        return self._events

    def events_for(self, card_id: str) -> list[Event]:
        if self._events is not None:
            return [event for event in self._events if event.card == card_id]
        return events_of(self.source.journal.events_for(card_id))

    def events_of_kind(self, kind: str) -> list[Event]:
        if self._events is not None:
            return [event for event in self._events if event.kind == kind]
        return events_of(self.source.journal.events_of_kind(kind))

    @property
    def change_sets(self) -> list[ChangeSet]:
        return change_sets_with_undos(self.source.journal.change_sets())

    def recent(self) -> Iterator[tuple[ChangeSet, list[Event]]]:
        """Change sets newest first with their events, read from the journal's end."""
        undone: dict[int, int] = {}
        for block in self.source.journal.tail():
            change_set = ChangeSet.from_dict(block.change_set)
            if change_set.undoes is not None:
                undone.setdefault(change_set.undoes, change_set.id)
            change_set.undone_by = undone.get(change_set.id, change_set.undone_by)
            yield change_set, events_of(block.events)

    def events_of_change_set(self, change_set_id: int) -> list[Event]:
        """The events of one change set, read from the journal's end (the one just written is last)."""
        if self.last_change is not None and self.last_change[0] == change_set_id:
            return list(self.last_change[1])     # this process just wrote it: no need to read it back
        for change_set, events in self.recent():
            if change_set.id <= change_set_id:
                return events if change_set.id == change_set_id else []
        return []

    @property
    def sync_state(self) -> dict[str, Any]:
        if self._sync is None:
            name = self.meta.get("sync_file")
            self._sync = self.source.sync_state(name) if name else {}
        return self._sync


class Transaction:
    """The working copy of one change: cards, plans, history and sync state written together."""

    def __init__(self, snapshot: Snapshot, action: str, by: str, via: str, summary: str):
        self._snapshot = snapshot
        head = snapshot.head
        self._meta = dict(head["_meta"]["1"])
        self._plans: dict[str, dict[str, Any]] = {doc["key"]: doc for doc in head["plans"].values()}
        self._entries: dict[str, dict[str, Any]] = {e["plan"]: e for e in head["shards"].values()}
        self._plan_of = dict(snapshot.plan_of())
        self._docs: dict[str, Docs] = {}             # plan → its cards' records, once read
        self._dirty_plans: set[str] = set()
        self._plans_dirty = False
        self._sync: dict[str, Any] | None = None
        self._cards: dict[str, Card] = {}
        # Status changes kept as overlay patches (plan → id → patch) and the state letters they
        # changed (plan → letters), for plans whose card files this change does not rewrite.
        self._patches: dict[str, dict[str, Patch]] = {}
        self._states: dict[str, list[str]] = {}
        self._positions: dict[str, dict[str, int]] = {}
        self._rebuild_index = False
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
        """Every card id, in order (a copy: safe to keep while cards are added or removed)."""
        return list(self._plan_of)

    def id_set(self) -> KeysView[str]:
        """Every card id as a live set view: fast membership tests for id resolution."""
        return self._plan_of.keys()

    def has_card(self, card_id: str) -> bool:
        return card_id in self._plan_of

    def _docs_of(self, plan: str) -> Docs:
        docs = self._docs.get(plan)
        if docs is None:
            # A copy: records are replaced, never changed, so the snapshot's stay as they were.
            docs = self._docs[plan] = dict(self._snapshot.docs_of_plan(plan))
            for card_id, patch in self._patches.get(plan, {}).items():
                docs[card_id] = apply_patch(docs[card_id], patch)
        return docs

    def _letter(self, card_id: str) -> str | None:
        """The card's state letter when the head's state of its plan still holds (the plan's
        file is not being rewritten by this change, the card not loaded as a Card), else None."""
        plan = self._plan_of.get(card_id)
        if plan is None or plan in self._dirty_plans or card_id in self._cards:
            return None
        entry = self._entries.get(plan)
        if entry is None or "state" not in entry:
            return None
        positions = self._positions.get(plan)
        if positions is None:
            positions = self._positions[plan] = {cid: n for n, cid in enumerate(entry["ids"])}
        states = self._states.get(plan)
        return (states if states is not None else entry["state"])[positions[card_id]]

    def status_of(self, card_id: str) -> Status:
        """A card's status as this change has it, without reading its plan's file when the head knows it."""
        code = self._letter(card_id)
        if code is not None:
            return STATUS_OF_LETTER[code]
        return self.card(card_id).status if card_id in self._cards or card_id not in self._plan_of else \
            Status(self.doc(card_id).get("status") or "not-started")

    def is_archived(self, card_id: str) -> bool:
        code = self._letter(card_id)
        if code is not None:
            return code.isupper()
        return self.card(card_id).archived if card_id in self._cards or card_id not in self._plan_of else \
            bool(self.doc(card_id).get("archived"))

    def select_ids(self, filters: Filters, today: date) -> list[str]:
        """The ids `filters` match as this change found the database (before its own changes)."""
        return self._snapshot.select_ids(filters, today)

    def doc(self, card_id: str) -> dict[str, Any]:
        """A card's record as this change has it (do not modify it)."""
        return self._docs_of(self._plan_of[card_id])[card_id]

    def card(self, card_id: str) -> Card:
        """A mutable copy of the card; changes count only through put_card / set_status / edit."""
        if card_id not in self._cards:
            plan = self._plan_of.get(card_id)
            if plan is None:
                raise NotFoundError(msg("No card with id {id}.", id=repr(card_id)),
                                    msg("Run `tracker list` to see the ids."))
            self._cards[card_id] = Card.from_dict(self._docs_of(plan)[card_id])
        return self._cards[card_id]

    def cards(self) -> Iterator[Card]:
        for card_id in list(self._plan_of):
            yield self.card(card_id)

    def docs(self) -> Iterator[dict[str, Any]]:
        """Every card's record as this change has it, plan after plan (do not modify them)."""
        for plan in list(self._entries) + [p for p in self._docs if p not in self._entries]:
            yield from list(self._docs_of(plan).values())

    def plan(self, key: str) -> Plan | None:
        doc = self._plans.get(key)
        return Plan.from_dict(doc) if doc else None

    def plans(self) -> list[Plan]:
        return [Plan.from_dict(doc) for doc in self._plans.values()]

    def last_undoable(self) -> tuple[ChangeSet, list[Event]] | None:
        """The newest change set not undone and not itself an undo, with its events."""
        for change_set, events in self._snapshot.recent():
            if change_set.action != "undo" and change_set.undone_by is None:
                return change_set, events
        return None

    def change_sets(self) -> list[ChangeSet]:
        return self._snapshot.change_sets

    @property
    def sync(self) -> dict[str, Any]:
        """Sync state (hrefs, etags, last synced values); assign to `sync` to change it."""
        return self._sync if self._sync is not None else self._snapshot.sync_state

    @sync.setter
    def sync(self, value: dict[str, Any]) -> None:
        self._sync = value
        self.dirty = True

    # -- writing -----------------------------------------------------------------------------
    def _set_doc(self, card_id: str, plan: str, doc: dict[str, Any]) -> None:
        current = self._plan_of.get(card_id)
        if current is not None and current != plan:
            del self._docs_of(current)[card_id]
            self._dirty_plans.add(current)
        self._plan_of[card_id] = plan
        self._docs_of(plan)[card_id] = doc
        self._dirty_plans.add(plan)
        self.dirty = True

    def put_card(self, card: Card) -> None:
        """Insert or replace a card as it is (importer and sync use this; they record events themselves)."""
        self._set_doc(card.id, card.plan, card.to_dict())
        self._cards[card.id] = card
        self.touched.add(card.id)

    def delete_card(self, card_id: str) -> None:
        """Remove a card's record (only undo of an import does this; history keeps its events)."""
        plan = self._plan_of.pop(card_id, None)
        if plan is not None:
            del self._docs_of(plan)[card_id]
            self._dirty_plans.add(plan)
            self._cards.pop(card_id, None)
            self.dirty = True

    def delete_plan(self, key: str) -> None:
        if self._plans.pop(key, None) is not None:
            self._plans_dirty = self.dirty = True

    def put_plan(self, plan: Plan) -> None:
        self._plans[plan.key] = plan.to_dict()
        self._plans_dirty = self.dirty = True

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
        plan = self._plan_of.get(card.id)
        if fields is None or plan is None or plan != card.plan:
            self.put_card(card)
            return
        doc = dict(self._docs_of(plan)[card.id])
        for name in (*fields, "updated_at", "sequence"):
            doc[name] = _plain(getattr(card, name))
        self._set_doc(card.id, plan, doc)
        self._cards[card.id] = card
        self.touched.add(card.id)

    def set_status(self, card_id: str, status: Status, note: str = "", *, on: str | None = None) -> Event | None:
        """Move a card; returns the event, or None when it already had that status.

        `on` (ISO day) says the change happened that day, though it is recorded now.
        """
        code = self._letter(card_id)
        if code is None:
            card = self.card(card_id)
            if card.status == status:
                return None
            event = self.record(card_id, "status", field="status", old=card.status.value, new=status.value,
                                note=note)
            event.on = on
            card.status = status
            if note:
                card.note = printable(note, newlines=True)
            self.touch(card, ("status", "note"))
            return event
        # The plan's card file stays as it is: the change is a patch in the overlay.
        old = STATUS_OF_LETTER[code]
        if old == status:
            return None
        event = self.record(card_id, "status", field="status", old=old.value, new=status.value, note=note)
        event.on = on
        step: Patch = {"status": status.value, "updated_at": self.now, "seq": 1}
        if note:
            step["note"] = printable(note, newlines=True)
        plan = self._plan_of[card_id]
        patches = self._patches.setdefault(plan, {})
        patches[card_id] = combine(patches.get(card_id), step)
        loaded = self._docs.get(plan)
        if loaded is not None:
            loaded[card_id] = apply_patch(loaded[card_id], step)
        states = self._states.get(plan)
        if states is None:
            states = self._states[plan] = list(self._entries[plan]["state"])
        states[self._positions[plan][card_id]] = letter(status.value, code.isupper())
        self.touched.add(card_id)
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

    def fold_overlay(self) -> int:
        """Fold every overlay patch into its plan's card file and rebuild the agency index from
        the records (`tracker db compact`); returns how many patches were folded."""
        source = self._snapshot.source
        overlay = source.overlay()
        for plan in overlay:
            self._docs_of(plan)
            self._dirty_plans.add(plan)
        # A head whose state letters or record starts no longer say what a card file holds
        # (`db check` reports it) is mended here: those plans' files are written afresh.
        for plan, entry in self._entries.items():
            if plan in self._dirty_plans or not entry.get("file"):
                continue
            docs = self._docs_of(plan)
            starts = source.record_starts(entry)
            if entry.get("state") != state_of(docs.values()) or (starts is not None and starts != entry.get("at")):
                self._dirty_plans.add(plan)
        self._rebuild_index = self.dirty = True
        return patch_count(overlay)

    @property
    def change_set_id(self) -> int:
        """The id this transaction's change set will have."""
        return self._change_set_id

    def _finish(self) -> Commit:
        """What the store writes: the new head's parts, the changed plans' records, the journal block."""
        block = b""
        if self.events:
            self.change_set = ChangeSet(id=self._change_set_id, at=self.now, action=self.action, by=self.by,
                                        via=self.via, summary=self.summary, undoes=self.undoes,
                                        cards=len({event.card for event in self.events}))
            self._meta["next_change_set"] += 1
            block = encode_block(self.change_set.to_dict(), [event.to_dict() for event in self.events])
        self._meta["counter"] += 1
        overlay = self._new_overlay()
        entries = dict(self._entries)
        for plan in self._dirty_plans:
            docs = self._docs[plan]
            ids = list(docs)
            if plan in entries:
                entries[plan] = {**entries[plan], "ids": ids, "state": state_of(docs.values())}
            else:
                entries[plan] = {"plan": plan, "number": self._meta.get("next_shard", 1), "file": "", "tx": 0,
                                 "ids": ids, "state": state_of(docs.values())}
                self._meta["next_shard"] = self._meta.get("next_shard", 1) + 1
        for plan, states in self._states.items():
            if plan not in self._dirty_plans:
                entries[plan] = {**entries[plan], "state": "".join(states)}
        return Commit(meta=self._meta, plans=self._plans, entries=entries,
                      docs={plan: self._docs[plan] for plan in self._dirty_plans}, block=block, sync=self._sync,
                      plan_of=self._plan_of,
                      change=(self.change_set.id, self.events) if self.change_set is not None else None,
                      overlay=overlay, index=self._new_index())

    def _new_overlay(self) -> Overlay | None:
        """The overlay after this change (None: unchanged). Plans whose files are rewritten take
        their patches with them; past `OVERLAY_LIMIT` patches every patched plan is rewritten."""
        old = self._snapshot.source.overlay()
        if not self._patches and not any(plan in old for plan in self._dirty_plans):
            return None
        overlay = {plan: patches for plan, patches in old.items() if plan not in self._dirty_plans}
        for plan, patches in self._patches.items():
            if plan in self._dirty_plans:
                continue
            merged = dict(overlay.get(plan, {}))
            for card_id, patch in patches.items():
                merged[card_id] = combine(merged.get(card_id), patch)
            overlay[plan] = merged
        if patch_count(overlay) > OVERLAY_LIMIT:
            for plan in overlay:
                self._docs_of(plan)        # the card file's records with every patch applied
                self._dirty_plans.add(plan)
            return {}
        return overlay

    def _new_index(self) -> Index | None:
        """The agency index after this change (None: unchanged, or a schema-2 database)."""
        if self._rebuild_index:
            return {plan: index_entry(self._docs_of(plan).values()) for plan in {**self._entries, **self._docs}}
        if not self._dirty_plans:
            return None
        old = self._snapshot.source.index()
        if old is None:
            return None
        fresh = {plan: index_entry(self._docs[plan].values()) for plan in self._dirty_plans}
        if all(old.get(plan) == entry for plan, entry in fresh.items()):
            return None
        return {**old, **fresh}


__all__ = ["Snapshot", "Transaction", "Commit", "Source", "Docs"]
