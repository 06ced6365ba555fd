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

import copy
import hashlib
import time
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from typing import Any
from collections.abc import Callable

from ..errors import TrackerError, UsageError, joined
from ..i18n import msg
from ..filters import Filters, apply_filters
from ..model import Card, Plan, Status, iso_utc, utc_now
from ..store import Snapshot, Store
from .components import todo_lines, todo_uid
from .dav import CalendarMissing, Changes, Collection, Dav, SyncError, TokenExpired, normalize_url
from .ics import natural_key
from .shared import STATE_KEY, removed_from_calendars
from .server_todo import DATED, ServerTodo, calendar_bytes, merge_todo, parse_vtodo

PUSH_BATCH = 50             # successful PUTs recorded per transaction
FIELDS = ("status", "note", "archived")
# What a card is when imported: a second coordinator's first sync merges against this.
PRISTINE = {"status": Status.NOT_STARTED.value, "note": "", "archived": False}
PREFER = ("local", "server")
Progress = Callable[[int, int], None]

__all__ = ["SyncReport", "SyncError", "sync_once", "list_conflicts", "list_calendars", "state_key",
           "removed_from_calendars", "STATE_KEY"]


@dataclass
class SyncReport:
    """What one sync did (or, with dry_run, would do)."""

    url: str
    calendar: str = ""
    created: bool = False    # the calendar did not exist and was made (MKCALENDAR)
    pushed: int = 0          # cards created on the server
    updated: int = 0         # local changes sent to existing resources
    pulled: int = 0          # cards changed here from server changes
    adopted: int = 0         # resources already on the server linked to their card (resume, second coordinator)
    unchanged: int = 0
    resolved: int = 0        # conflicts settled by --prefer
    removed: int = 0         # found deleted on the server this time: card kept here, not pushed again
    restored: int = 0        # deleted on the server, sent again (restore_deleted)
    held: list[str] = field(default_factory=list)   # changed here after the server deleted them: not sent
    retry: int = 0           # changed elsewhere while this sync ran: the next sync picks them up
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    requests: int = 0
    seconds: float = 0.0
    dry_run: bool = False

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def summary(self) -> str:
        """One line for people: a message (English as a str; say() or localize() gives the run's language)."""
        parts = [msg("{count} pushed", count=self.pushed), msg("{count} updated", count=self.updated),
                 msg("{count} pulled", count=self.pulled), msg("{count} conflicts", count=len(self.conflicts)),
                 msg("{count} unchanged", count=self.unchanged)]
        if self.adopted:
            parts.append(msg("{count} already on the server", count=self.adopted))
        if self.resolved:
            parts.append(msg("{count} resolved", count=self.resolved))
        if self.removed:
            parts.append(msg("{count} deleted on the server", count=self.removed))
        if self.restored:
            parts.append(msg("{count} sent again after deletion", count=self.restored))
        if self.retry:
            parts.append(msg("{count} to retry next sync", count=self.retry))
        requests = (msg("{count} HTTP request", count=self.requests) if self.requests == 1
                    else msg("{count} HTTP requests", count=self.requests))
        values = {"calendar": self.calendar or self.url, "parts": joined(parts, ", "), "requests": requests,
                  "seconds": f"{self.seconds:.1f}"}
        said = (msg("Would sync {calendar}: {parts} ({requests}, {seconds} s).", **values) if self.dry_run
                else msg("Synced {calendar}: {parts} ({requests}, {seconds} s).", **values))
        if not self.created:
            return said
        if self.dry_run:
            return msg("Would create the calendar {url} on the server. {summary}", url=self.url, summary=said)
        return msg("Created the calendar {url} on the server. {summary}", url=self.url, summary=said)


def state_key(url: str) -> str:
    """Sync state is kept per calendar: the normalized calendar URL (server + collection path)."""
    return normalize_url(url)


def _entry(snapshot_state: dict[str, Any], key: str) -> dict[str, Any]:
    entry = copy.deepcopy((snapshot_state.get(STATE_KEY) or {}).get(key) or {})
    for name in ("cards", "conflicts", "foreign", "carriers"):
        entry.setdefault(name, {})
    entry.setdefault("recheck", [])
    return entry


def list_conflicts(store: Store, url: str) -> list[dict[str, Any]]:
    """The conflicts the last sync with this calendar left (no network)."""
    entry = _entry(store.load().sync_state, state_key(url))
    return [{"id": card_id, **conflict} for card_id, conflict in sorted(entry["conflicts"].items())]


def list_calendars(url: str, user: str | None, password: str | None, *, timeout: float = 30,
                   ca_cert: str | None = None) -> list[dict[str, Any]]:
    """The calendars of the account at `url` (principal / calendar-home-set discovery)."""
    dav = Dav(url, user, password, timeout=timeout, ca_cert=ca_cert)
    try:
        return dav.calendars()
    finally:
        dav.close()


def _local(card: Card) -> dict[str, Any]:
    # Notes compare as the server gives them back (trimmed, LF): trailing spaces are not a change.
    return {"status": card.status.value, "note": (card.note or "").replace("\r\n", "\n").strip(),
            "archived": bool(card.archived)}


def _base(record: dict[str, Any]) -> dict[str, Any]:
    return {name: record.get(name, PRISTINE[name]) for name in FIELDS}


def fingerprint(card: Card, plan: Plan | None, lang: str) -> str:
    """A hash of everything pushed except the synced fields: tells a local content edit apart."""
    plain = card.copy(status=Status.NOT_STARTED, note="", archived=False, sequence=0, updated_at=None)
    return hashlib.sha256("\n".join(todo_lines(plain, plan, lang)).encode("utf-8")).hexdigest()[:16]


def resource_name(card_id: str) -> str:
    """The resource's file name, from the card id: every coordinator's tracker picks the same one.

    Not from `uid`: two machines that imported the same plan have the same ids but different
    uids, and must meet at one resource instead of pushing duplicates.
    """
    return card_id.replace("/", "_") + ".ics"       # unquoted like every stored href; quoted on the wire


@dataclass
class _Push:
    card_id: str
    href: str
    etag: str | None          # None: create with If-None-Match: *
    uid: str
    server_seq: int = 0
    carrier: bool = False     # writes the calendar's removed ids (X-TRACKER-REMOVED)


@dataclass
class _Decisions:
    pulls: dict[str, dict[str, Any]] = field(default_factory=dict)
    expected: dict[str, dict[str, Any]] = field(default_factory=dict)   # local values the pulls were decided on
    entries: dict[str, dict[str, Any]] = field(default_factory=dict)    # new last-synced records
    conflicts: dict[str, dict[str, Any]] = field(default_factory=dict)
    cleared: set[str] = field(default_factory=set)                     # conflicts that no longer hold
    pushes: list[_Push] = field(default_factory=list)


@dataclass
class SyncOptions:
    """How one sync runs: which cards, how conflicts settle, what it may change."""

    filters: Filters = field(default_factory=Filters)
    today: date = field(default_factory=date.today)
    prefer: str | None = None
    dry_run: bool = False
    restore_deleted: bool = False
    progress: Progress | None = None
    lang: str = "vi"
    batch: int = PUSH_BATCH


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


class _Run:
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
        self.decisions = _Decisions()
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
        state = self.state = _entry(self.snapshot.sync_state, self.key)
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
                out.entries[cid] = {"removed": True, "href": e["href"], "at": now, **_local(card)}
                out.cleared.add(cid)
                report.removed += 1
                continue
            todo = self.fetched.get(e["href"])
            conflict = state["conflicts"].get(cid)
            if todo is not None:
                server, etag, seq = _values(todo, _base(e)), todo.etag, todo.sequence
            elif conflict:
                server, etag, seq = conflict["server"], conflict["etag"], conflict.get("server_seq", 0)
            else:
                server, etag, seq = _base(e), e.get("etag"), e.get("server_seq", 0)
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
                out.pushes.append(_Push(cid, self.dav.path + resource_name(cid), None, todo_uid(card)))
                report.restored += 1
            elif _local(card) != _base(e):
                report.held.append(cid)
        for cid in candidates:
            card, href = cards[cid], self.found[cid]
            todo = self.fetched.get(href) if href else None
            if todo is None:
                if cid in tombstones and not options.restore_deleted:
                    # Another coordinator saw it deleted on the server: do not bring it back.
                    out.entries[cid] = {"removed": True, "href": self.dav.path + resource_name(cid), "at": now,
                                        **_local(card)}
                    report.removed += 1
                    continue
                if cid in tombstones:
                    report.restored += 1
                out.pushes.append(_Push(cid, self.dav.path + resource_name(cid), None, todo_uid(card)))
                continue
            report.adopted += 1
            # Never synced here: merged against the card as imported, so only a field changed on
            # both sides (here since import, there by anyone) can be a conflict.
            e = {"href": todo.href, "uid": todo.uid or todo_uid(card), "etag": todo.etag,
                 # a resource without our X- properties (an imported export) is rewritten in full once
                 "hash": fingerprint(card, snapshot.plans.get(card.plan), options.lang) if todo.card_id else None,
                 # another tracker wrote DTSTART/RRULE only where this one writes them too; a phone's stay
                 "dated": [name for name in todo.dated if name == "DUE"], **PRISTINE}
            self._merge(card, e, _values(todo, PRISTINE), todo.etag, todo.sequence, options.prefer, now)
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
        base, local = _base(e), _local(card)
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
            out.pushes.append(_Push(card.id, e["href"], etag, e["uid"], seq))
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
            push = _Push(card_id, e["href"], e.get("etag"), e.get("uid") or "", e.get("server_seq", 0))
            out.entries.setdefault(card_id, {**e})
            out.pushes.append(push)
            if card_id not in out.pulls:
                self.report.unchanged -= 1          # counted as unchanged before it was chosen to carry
        push.carrier = True

    # -- phase 3: record locally -------------------------------------------------------------
    def record(self) -> None:
        """Pulled changes, new last-synced records and the token, in one short transaction."""
        state, changes, collection, out, report = self.state, self.changes, self.collection, self.decisions, self.report
        self.token_before = changes.token if changes is not None and changes.token else state.get("token")
        # The ctag is only the fallback for servers without sync-tokens (it changes with every token).
        ctag_before = None if collection.sync_token else (changes.ctag if changes and changes.ctag else collection.ctag)
        retried: list[str] = []

        def change(entry: dict[str, Any], tx) -> None:
            for cid, pull in out.pulls.items():
                if not tx.has_card(cid) or _local(tx.card(cid)) != out.expected[cid]:
                    out.entries.pop(cid, None)     # moved here meanwhile: look again next sync
                    self.skipped.add(cid)
                    retried.append((self.tracked.get(cid) or {}).get("href") or self.found.get(cid))
                    report.retry += 1
                    continue
                _apply_pull(tx, cid, pull)
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

        self.recorded = _write(self.store, self.key, change, summary=f"sync with {collection.name}") or self.recorded

    # -- phase 4: push local changes ---------------------------------------------------------
    def push(self) -> None:
        """PUT each card; record successes every `batch` PUTs, and on any interruption that lets us."""
        # A skipped card keeps its server change unmerged: pushing it now would overwrite that change.
        pushes = [item for item in self.decisions.pushes if item.card_id not in self.skipped]
        if not pushes:
            return
        store, lang = self.store, self.options.lang
        # Updates merge into the server's current resource: read the ones this sync has not read.
        unread = [p.href for p in pushes if p.etag and p.href not in self.fetched]
        if unread:
            self.fetched.update(self._read(unread))
        pending: dict[str, dict[str, Any]] = {}
        later: list[str] = []
        rescan = [False]

        def flush() -> None:
            if not pending and not later and not rescan[0]:
                return
            done, hrefs = dict(pending), list(later)
            pending.clear()
            later.clear()

            def change(entry: dict[str, Any], tx) -> None:
                entry["cards"].update(done)
                for cid in done:
                    entry["conflicts"].pop(cid, None)
                entry["recheck"] = sorted(set(entry["recheck"]) | set(hrefs))
                entry["rescan"] = entry.get("rescan") or rescan[0]
                for record in done.values():
                    if record.get("carrier"):
                        entry["carriers"][record["href"]] = self.carrier_ids

            self.recorded = _write(store, self.key, change, summary="sync: pushed cards") or self.recorded

        try:
            snapshot = store.load()
            for number, item in enumerate(pushes, 1):
                card = snapshot.cards.get(item.card_id)
                if card is not None:
                    self._put(card, snapshot.plans.get(card.plan), item, pending, later, rescan, lang)
                if self.options.progress is not None:
                    self.options.progress(number, len(pushes))
                if len(pending) >= self.options.batch:
                    flush()
        except (Exception, KeyboardInterrupt):
            flush()        # what the server already holds must be known, or a resume would re-create it
            raise
        flush()

    def _put(self, card: Card, plan: Plan | None, item: _Push, pending: dict[str, dict[str, Any]],
             later: list[str], rescan: list[bool], lang: str) -> None:
        report = self.report
        server = self.fetched.get(item.href) if item.etag else None
        if item.etag and (server is None or (server.etag and server.etag != item.etag)):
            report.retry += 1                        # changed or gone since we decided: look again next sync
            later.append(item.href)
            return
        # caldav clients bump SEQUENCE on every save: never send a lower one than the server has.
        sequence = item.server_seq + 1 if item.etag else 0
        percent = server.percent if server is not None and card.status == Status.IN_PROGRESS else None
        removed = self.carrier_ids if item.carrier else None
        lines = todo_lines(card, plan, lang, percent=percent, sequence=sequence, removed=removed)
        dated = [name for name in DATED if any(line.startswith((name + ":", name + ";")) for line in lines)]
        if server is not None:
            entry = self.decisions.entries.get(card.id) or self.tracked.get(card.id) or {}
            # Records from before `dated` was kept knew only DUE as the tracker's date.
            data = merge_todo(server.data, lines, dated_before=tuple(entry.get("dated", ["DUE"])),
                              carrier=item.carrier)
        else:
            data = calendar_bytes(lines)
        result = self.dav.put(item.href, data, etag=item.etag)
        if result.outcome == "ok":
            pending[card.id] = {"href": item.href, "uid": item.uid, "etag": result.etag,
                                "server_seq": max(card.sequence, sequence), "dated": sorted(dated),
                                "hash": fingerprint(card, plan, lang), **_local(card)}
            if item.carrier:
                pending[card.id]["carrier"] = True
            if item.etag:
                report.updated += 1
            else:
                report.pushed += 1
        else:
            # Changed or created elsewhere since we read it: never overwrite; read it next sync.
            report.retry += 1
            later.append(item.href)
            rescan[0] = rescan[0] or result.outcome == "uid-taken"

    # -- phase 5: remember the token our own PUTs produced -----------------------------------
    def settle(self) -> None:
        """After our own PUTs: remember the new token if nothing but those PUTs changed (no extra request later)."""
        if not (self.report.pushed or self.report.updated):
            return
        token = self.token_before
        state = _entry(self.store.load().sync_state, self.key)
        etags = {e["href"]: e.get("etag") for e in state["cards"].values() if not e.get("removed")}
        try:
            changes = self.dav.changes_since(token) if token else self.dav.etag_listing()
        except TokenExpired:
            return
        listed = changes.changed
        foreign = {h: f.get("etag") for h, f in state["foreign"].items()}
        ours = all(etag is not None and etags.get(href, foreign.get(href)) == etag for href, etag in listed.items())
        if not ours or changes.removed or (changes.full and set(etags) - set(listed)):
            return             # someone else wrote meanwhile: keep the old token so the next sync reads it

        def change(entry: dict[str, Any], tx) -> None:
            if changes.token:
                entry["token"] = changes.token
            if changes.ctag:
                entry["ctag"] = changes.ctag

        _write(self.store, self.key, change, summary="sync: settled")

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


def _values(todo: ServerTodo, base: dict[str, Any]) -> dict[str, Any]:
    """The server's status, note and archived; what a resource does not say keeps the base value."""
    return {"status": todo.status.value if todo.status else base["status"],
            "note": todo.note if todo.note is not None else base["note"],
            "archived": todo.archived}


def _apply_pull(tx, cid: str, pull: dict[str, Any]) -> None:
    """A server change on a card: restore before other changes, archive after them."""
    if pull.get("archived") is False:
        tx.edit(cid, {"archived": False}, kind="restore", by_hand=False)
    if "status" in pull:
        tx.set_status(cid, Status(pull["status"]))
    if "note" in pull:
        tx.edit(cid, {"note": pull["note"]}, by_hand=False)
    if pull.get("archived") is True:
        tx.edit(cid, {"archived": True}, kind="archive", by_hand=False)


def _write(store: Store, key: str, change: Callable[[dict[str, Any], Any], None], *, summary: str) -> bool:
    """Apply `change` to this calendar's sync state (and cards) in one transaction; skip no-op writes.

    True when something was written.
    """
    # History names the calendar as the author: the change was made by whoever edited it there.
    by = "caldav:" + key.rstrip("/").rsplit("/", 1)[-1]
    writes = store.writes
    with store.transaction("sync", by=by, via="sync", summary=summary) as tx:
        whole = dict(tx.sync)
        calendars = dict(whole.get(STATE_KEY) or {})
        entry = _entry(whole, key)
        before = copy.deepcopy(entry)
        change(entry, tx)
        if entry != before:
            calendars[key] = entry
            whole[STATE_KEY] = calendars
            tx.sync = whole
    return store.writes != writes
