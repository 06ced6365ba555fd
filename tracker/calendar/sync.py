"""Two-way sync of cards with one CalDAV calendar: each card a VTODO whose STATUS is its column.

A sync runs in phases over one `_Run` (DESIGN §7, §11): read the server (one PROPFIND; the
sync-collection delta and a calendar-multiget only when the collection changed), decide per
card, record pulled changes in one short transaction, then PUT local changes with If-Match /
If-None-Match, recording each batch of ETags promptly, so the board and CLI are never blocked by
the network and a sync killed half-way resumes without duplicates. Status, note and archived
(STATUS:CANCELLED) merge per field against the last-synced values: only a field changed on both
sides to different values is a conflict, kept until `--prefer` settles it. Updates merge into
the server's current resource (server_todo.merge_todo), so what other apps set survives.

A task deleted on the server is not re-created: the card is marked removed here, and its id is
written as X-TRACKER-REMOVED on one live task of the calendar (the "carrier", invisible to task
apps), so another coordinator's first sync knows it too. `restore_deleted` sends such cards again.
"""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import date
from typing import Any

from ..errors import TrackerError, UsageError
from ..i18n import msg
from ..filters import Filters, apply_filters
from ..model import Card, iso_utc, utc_now
from ..store import Snapshot, Store
from .components import todo_uid
from .sync_push import PushPhases
from .sync_state import (FIELDS, PREFER, PRISTINE, PUSH_BATCH, Decisions, Progress, Push, SyncOptions, SyncReport,
                         apply_pull, base_values, fingerprint, list_conflicts, resource_name, server_values,
                         state_entry, state_key, synced_values, write_state)
from .dav import CalendarMissing, Changes, Collection, Dav, SyncError, TokenExpired
from .ics import natural_key
from .shared import STATE_KEY, removed_from_calendars
from .server_todo import ServerTodo, parse_vtodo

__all__ = ["SyncReport", "SyncError", "sync_once", "list_conflicts", "list_calendars", "state_key",
           "removed_from_calendars", "STATE_KEY"]


def list_calendars(url: str, user: str | None, password: str | None, *, timeout: float = 30,
                   ca_cert: str | None = None) -> list[dict[str, Any]]:
    """The calendars of the account at `url` (principal / calendar-home-set discovery)."""
    dav = Dav(url, user, password, timeout=timeout, ca_cert=ca_cert)
    try:
        return dav.calendars()
    finally:
        dav.close()


def sync_once(store: Store, url: str, user: str | None, password: str | None, filters: Filters | None,
              today: date, prefer: str | None = None, dry_run: bool = False, progress: Progress | None = None,
              *, lang: str = "vi", batch: int = PUSH_BATCH, timeout: float = 30, restore_deleted: bool = False,
              ca_cert: str | None = None) -> SyncReport:
    """Sync the filtered cards (and every card synced before) with the calendar at `url`."""
    if prefer not in (None, *PREFER):
        raise UsageError(msg("--prefer {side} is not a side.", side=repr(prefer)),
                         msg("Use --prefer local or --prefer server."))
    options = SyncOptions(filters or Filters(), today, prefer, dry_run, restore_deleted, progress, lang, max(batch, 1))
    started = time.monotonic()
    dav = Dav(url, user, password, timeout=timeout, ca_cert=ca_cert)
    run = _Run(store, dav, options, SyncReport(url=dav.url, dry_run=dry_run))
    try:
        run.read_server()
        run.decide()
        if not dry_run:
            run.record()
            run.push()
            run.settle()
    except TrackerError as exc:
        recorded = run.what_was_recorded()
        hint = msg("{hint} {recorded}", hint=exc.hint, recorded=recorded) if exc.hint else recorded
        raise type(exc)(exc.message, hint) from None
    finally:
        run.report.requests = dav.requests
        run.report.seconds = time.monotonic() - started
        dav.close()
    return run.report


class _Run(PushPhases):
    """The state one sync carries from phase to phase."""

    def __init__(self, store: Store, dav: Dav, options: SyncOptions, report: SyncReport):
        self.store, self.dav, self.options, self.report = store, dav, options, report
        self.key = dav.url
        self.collection: Collection | None = None
        self.changes: Changes | None = None
        self.snapshot: Snapshot | None = None
        self.state: dict[str, Any] = {}
        self.tracked: dict[str, dict[str, Any]] = {}
        self.fetched: dict[str, ServerTodo] = {}
        self.removed_hrefs: set[str] = set()
        self.found: dict[str, str | None] = {}
        self.decisions = Decisions()
        self.recorded = False           # a local write happened: failure messages must say what
        self.skipped: set[str] = set()
        self.carrier_ids: list[str] = []   # what the carrier's X-TRACKER-REMOVED will list
        self.token_before: str | None = None

    # -- phase 1: what the server holds ------------------------------------------------------
    def read_server(self) -> None:
        dav, report = self.dav, self.report
        try:
            self.collection = dav.collection()                      # request 1: auth, calendar, token
        except CalendarMissing:
            report.created = True
            if self.options.dry_run:
                self.collection = Collection(name=dav.path.rstrip("/").rsplit("/", 1)[-1], ctag=None, sync_token=None)
            else:
                dav.make_calendar()
                self.collection = dav.collection()
        report.calendar = self.collection.name
        self.snapshot = self.store.load()
        state = self.state = state_entry(self.snapshot.sync_state, self.key)
        self.tracked = {cid: e for cid, e in state["cards"].items() if not e.get("removed")}
        collection = self.collection
        same = (collection.sync_token and state.get("token") == collection.sync_token) or \
               (not collection.sync_token and collection.ctag and state.get("ctag") == collection.ctag)
        rescan = bool(state.get("rescan"))
        if report.created and self.options.dry_run:
            self.changes = Changes({}, set(), None, None, full=True)
        elif not same or rescan or state["recheck"]:
            if collection.sync_token:
                try:
                    self.changes = dav.changes_since(None if rescan else state.get("token"))
                except TokenExpired:
                    self.changes = dav.changes_since(None)
            else:
                self.changes = dav.etag_listing()
        self._fetch_changed(rescan)

    def _fetch_changed(self, rescan: bool) -> None:
        """Read the resources that changed: ones we track, unknown ones, and rechecks."""
        state, changes = self.state, self.changes
        by_href = {e["href"]: cid for cid, e in self.tracked.items()}
        wanted: list[str] = list(state["recheck"])
        if changes is not None:
            if changes.full:
                self.removed_hrefs = {href for href in by_href if href not in changes.changed}
                state["foreign"] = {h: f for h, f in state["foreign"].items() if h in changes.changed}
                state["carriers"] = {h: ids for h, ids in state["carriers"].items() if h in changes.changed}
            else:
                self.removed_hrefs = changes.removed & set(by_href)
                for href in changes.removed:
                    state["foreign"].pop(href, None)
                    state["carriers"].pop(href, None)
            for href, etag in changes.changed.items():
                if href in by_href:
                    cid = by_href[href]
                    known = {self.tracked[cid].get("etag"), (state["conflicts"].get(cid) or {}).get("etag")}
                    if etag is None or etag not in known:
                        wanted.append(href)
                elif rescan or (state["foreign"].get(href) or {}).get("etag") != etag:
                    wanted.append(href)
        self.fetched = self._read(sorted(set(wanted))) if wanted else {}
        for href, todo in self.fetched.items():
            if href not in by_href:
                state["foreign"][href] = {"etag": todo.etag, "card": todo.card_id, "uid": todo.uid}

    def _read(self, hrefs: list[str]) -> dict[str, ServerTodo]:
        parsed = {}
        for href, (etag, data) in self.dav.fetch(hrefs).items():
            todo = parse_vtodo(href, etag, data)
            if todo is not None:
                parsed[href] = todo
                if todo.removed:
                    self.state["carriers"][href] = sorted(todo.removed)
                else:
                    self.state["carriers"].pop(href, None)
        return parsed

    # -- phase 2: decide per card ------------------------------------------------------------
    def decide(self) -> None:
        state, snapshot, options, report, out = self.state, self.snapshot, self.options, self.report, self.decisions
        assert snapshot is not None
        cards = snapshot.cards
        selected = [c.id for c in apply_filters((c for c in cards.values() if not c.archived),
                                                options.filters, options.today)]
        # --prefer settles the filtered cards, archived ones included (archiving is a synced field).
        chosen = {c.id for c in apply_filters(cards.values(), replace(options.filters, include_archived=True),
                                              options.today)}
        gone = {cid: e for cid, e in state["cards"].items() if e.get("removed")}
        candidates = [cid for cid in selected if cid not in state["cards"]]
        # A resource already on the server for an untracked card: found by card id (another
        # coordinator, or our own PUT that a kill kept from being recorded) or by the export's UID.
        by_card = {f["card"]: h for h, f in state["foreign"].items() if f.get("card")}
        by_uid = {f["uid"]: h for h, f in state["foreign"].items() if f.get("uid")}
        self.found = {cid: by_card.get(cid) or by_uid.get(todo_uid(cards[cid])) for cid in candidates}
        missing = sorted({h for h in self.found.values() if h and h not in self.fetched})
        if missing:
            self.fetched.update(self._read(missing))

        now = iso_utc(utc_now())
        for cid, e in self.tracked.items():
            card = cards.get(cid)
            if card is None:
                continue                                 # deleted here: leave the server's copy alone
            if e["href"] in self.removed_hrefs:
                out.entries[cid] = {"removed": True, "href": e["href"], "at": now, **synced_values(card)}
                out.cleared.add(cid)
                report.removed += 1
                continue
            todo = self.fetched.get(e["href"])
            conflict = state["conflicts"].get(cid)
            if todo is not None:
                server, etag, seq = server_values(todo, base_values(e)), todo.etag, todo.sequence
            elif conflict:
                server, etag, seq = conflict["server"], conflict["etag"], conflict.get("server_seq", 0)
            else:
                server, etag, seq = base_values(e), e.get("etag"), e.get("server_seq", 0)
            # --prefer settles only the cards the filters select, so one conflict can be settled at a time.
            side = options.prefer if cid in chosen else None
            if self._merge(card, e, server, etag, seq, side, now) == "same":
                report.unchanged += 1
        tombstones = set().union(*map(set, state["carriers"].values())) if state["carriers"] else set()
        for cid, e in gone.items():
            card = cards.get(cid)
            if card is None:
                continue
            if options.restore_deleted and cid in chosen:
                out.pushes.append(Push(cid, self.dav.path + resource_name(cid), None, todo_uid(card)))
                report.restored += 1
            elif synced_values(card) != base_values(e):
                report.held.append(cid)
        for cid in candidates:
            card, href = cards[cid], self.found[cid]
            todo = self.fetched.get(href) if href else None
            if todo is None:
                if cid in tombstones and not options.restore_deleted:
                    # Another coordinator saw it deleted on the server: do not bring it back.
                    out.entries[cid] = {"removed": True, "href": self.dav.path + resource_name(cid), "at": now,
                                        **synced_values(card)}
                    report.removed += 1
                    continue
                if cid in tombstones:
                    report.restored += 1
                out.pushes.append(Push(cid, self.dav.path + resource_name(cid), None, todo_uid(card)))
                continue
            report.adopted += 1
            # Never synced here: merged against the card as imported, so only a field changed on
            # both sides (here since import, there by anyone) can be a conflict.
            e = {"href": todo.href, "uid": todo.uid or todo_uid(card), "etag": todo.etag,
                 # a resource without our X- properties (an imported export) is rewritten in full once
                 "hash": fingerprint(card, snapshot.plans.get(card.plan), options.lang) if todo.card_id else None,
                 # another tracker wrote DTSTART/RRULE only where this one writes them too; a phone's stay
                 "dated": [name for name in todo.dated if name == "DUE"], **PRISTINE}
            self._merge(card, e, server_values(todo, PRISTINE), todo.etag, todo.sequence, options.prefer, now)
            state["foreign"].pop(todo.href, None)
        self._publish_removed(now)
        report.conflicts = [{"id": cid, **c} for cid, c in sorted(out.conflicts.items())]
        report.conflicts += [{"id": cid, **c} for cid, c in sorted(state["conflicts"].items())
                             if cid not in out.conflicts and cid not in out.cleared and cid in self.tracked]
        if options.dry_run:
            report.pulled = len(out.pulls)
            report.pushed = sum(1 for p in out.pushes if p.etag is None)
            report.updated = len(out.pushes) - report.pushed

    def _merge(self, card: Card, e: dict[str, Any], server: dict[str, Any], etag: str | None, seq: int,
               prefer: str | None, now: str) -> str:
        """Merge one card field by field against its last-synced values `e`: conflict, pull, push or same."""
        out, lang = self.decisions, self.options.lang
        plan = self.snapshot.plans.get(card.plan) if self.snapshot else None
        base, local = base_values(e), synced_values(card)
        local_changed = {f for f in FIELDS if local[f] != base[f]}
        server_changed = {f for f in FIELDS if server[f] != base[f]}
        clash = {f for f in local_changed & server_changed if local[f] != server[f]}
        if clash and prefer is None:
            out.conflicts[card.id] = {"fields": sorted(clash), "local": local, "server": server, "base": base,
                                      "etag": etag, "server_seq": seq, "at": now}
            out.entries[card.id] = e               # base unchanged (or, first met, the resource is tracked)
            return "conflict"
        if clash:
            self.report.resolved += 1
        take = server_changed - clash if prefer == "local" else server_changed
        pull = {f: server[f] for f in take if server[f] != local[f]}
        merged = {**local, **pull}
        if pull:
            out.pulls[card.id] = pull
            out.expected[card.id] = local
        out.cleared.add(card.id)
        record = {"href": e["href"], "uid": e["uid"], "etag": etag, "server_seq": seq,
                  "hash": e.get("hash"), "dated": e.get("dated", []), **server}
        if e.get("hash") != fingerprint(card, plan, lang) or merged != server:
            out.entries[card.id] = record          # keep the server's version as base until the PUT lands
            out.pushes.append(Push(card.id, e["href"], etag, e["uid"], seq))
            return "push"
        out.entries[card.id] = {**record, "hash": fingerprint(card, plan, lang)}
        return "pull" if pull else "same"

    def _publish_removed(self, now: str) -> None:
        """Make sure the ids deleted on the server ride on one live task (the carrier)."""
        state, out = self.state, self.decisions
        ours = {cid for cid, e in {**state["cards"], **out.entries}.items() if e.get("removed")}
        ours -= {p.card_id for p in out.pushes if p.etag is None}          # being sent again
        published = set().union(*map(set, state["carriers"].values())) if state["carriers"] else set()
        if not ours - published:
            return
        live = {e["href"]: cid for cid, e in {**self.tracked, **out.entries}.items()
                if not e.get("removed") and cid not in out.conflicts and e.get("etag")}
        carrier = next((h for h in sorted(state["carriers"]) if h in live), None) or \
            next(iter(sorted(live, key=lambda h: natural_key(live[h]))), None)
        if carrier is None:
            return                                  # nothing live to carry them: the next sync tries again
        card_id = live[carrier]
        self.carrier_ids = sorted(set(state["carriers"].get(carrier, [])) | ours)
        push = next((p for p in out.pushes if p.card_id == card_id), None)
        if push is None:
            e = out.entries.get(card_id) or self.tracked[card_id]
            push = Push(card_id, e["href"], e.get("etag"), e.get("uid") or "", e.get("server_seq", 0))
            out.entries.setdefault(card_id, {**e})
            out.pushes.append(push)
            if card_id not in out.pulls:
                self.report.unchanged -= 1          # counted as unchanged before it was chosen to carry
        push.carrier = True

    # -- phase 3: record locally -------------------------------------------------------------
    def record(self) -> None:
        """Pulled changes, new last-synced records and the token, in one short transaction."""
        state, changes, collection, out, report = self.state, self.changes, self.collection, self.decisions, self.report
        assert collection is not None, "record() runs after read_server()"
        self.token_before = changes.token if changes is not None and changes.token else state.get("token")
        # The ctag is only the fallback for servers without sync-tokens (it changes with every token).
        ctag_before = None if collection.sync_token else (changes.ctag if changes and changes.ctag else collection.ctag)
        retried: list[str] = []

        def change(entry: dict[str, Any], tx) -> None:
            for cid, pull in out.pulls.items():
                if not tx.has_card(cid) or synced_values(tx.card(cid)) != out.expected[cid]:
                    out.entries.pop(cid, None)     # moved here meanwhile: look again next sync
                    self.skipped.add(cid)
                    href = (self.tracked.get(cid) or {}).get("href") or self.found.get(cid)
                    if href:                        # a None would make every later sync rescan
                        retried.append(href)
                    report.retry += 1
                    continue
                apply_pull(tx, cid, pull)
                report.pulled += 1
            entry["cards"].update(out.entries)
            for cid in out.cleared:
                entry["conflicts"].pop(cid, None)
            for cid, conflict in out.conflicts.items():
                old = entry["conflicts"].get(cid)
                # The same conflict found again keeps its first date: an idle sync must not rewrite the store.
                if not (old and {**old, "at": None} == {**conflict, "at": None}):
                    entry["conflicts"][cid] = conflict
            entry["foreign"] = state["foreign"]
            entry["carriers"] = state["carriers"]
            entry["recheck"] = [h for h in entry["recheck"] if h and h not in state["recheck"]] + retried
            entry["token"], entry["ctag"], entry["rescan"] = self.token_before, ctag_before, False
            entry["calendar"] = collection.name

        self.recorded = write_state(self.store, self.key, change, summary=f"sync with {collection.name}") or self.recorded

    def what_was_recorded(self) -> str:
        """After a failure: exactly what this sync recorded here and sent there."""
        report = self.report
        if not self.recorded:
            return msg("Nothing was changed in the local database.")
        sent = report.pushed + report.updated
        left = max(len(self.decisions.pushes) - sent - len(self.skipped), 0)
        return msg("Recorded here before the failure: {pulled} changes pulled from the server and {sent} cards sent "
                   "to it ({new} new, {updated} updated); {left} not sent yet. Run sync again to resume.",
                   pulled=report.pulled, sent=sent, new=report.pushed, updated=report.updated, left=left)


