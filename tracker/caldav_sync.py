"""Two-way sync of cards with one CalDAV calendar: each card a VTODO whose STATUS is its column.

Order of work (DESIGN §7, §11): read the server first (one PROPFIND; the sync-collection delta and
a calendar-multiget only when the collection changed), decide per card, apply pulled changes in
one short transaction, then PUT local changes with If-Match / If-None-Match and record each batch
of ETags promptly, so the board and CLI are never blocked by the network and a sync killed
half-way resumes without duplicates. Status and note merge per field: only a field changed on
both sides to different values is a conflict, which is kept until `--prefer` settles it.
"""

from __future__ import annotations

import copy
import time
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any, Callable

from .caldav_sync_dav import Dav, SyncError, TokenExpired, normalize_url
from .caldav_sync_vtodo import ServerTodo, build_vtodo, fingerprint, parse_vtodo, resource_name, todo_uid
from .errors import UsageError
from .filters import Filters, apply_filters
from .model import Card, Status, iso_utc, utc_now
from .store import Store

STATE_KEY = "caldav"        # namespace inside the store's sync state; calendars are keyed by URL below it
PUSH_BATCH = 50             # successful PUTs recorded per transaction
FIELDS = ("status", "note")
PREFER = ("local", "server")
Progress = Callable[[int, int], None]

__all__ = ["SyncReport", "SyncError", "sync_once", "list_conflicts", "state_key"]


@dataclass
class SyncReport:
    """What one sync did (or, with dry_run, would do)."""

    url: str
    calendar: str = ""
    pushed: int = 0          # cards created on the server
    updated: int = 0         # local changes sent to existing resources
    pulled: int = 0          # cards changed here from server changes
    adopted: int = 0         # resources already on the server linked to their card (resume, second coordinator)
    unchanged: int = 0
    resolved: int = 0        # conflicts settled by --prefer
    removed: int = 0         # deleted on the server: card kept here, not pushed again
    retry: int = 0           # changed elsewhere while this sync ran: the next sync picks them up
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    requests: int = 0
    seconds: float = 0.0
    dry_run: bool = False

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def summary(self) -> str:
        verb = "Would sync" if self.dry_run else "Synced"
        parts = [f"{self.pushed} pushed", f"{self.updated} updated", f"{self.pulled} pulled",
                 f"{len(self.conflicts)} conflicts", f"{self.unchanged} unchanged"]
        extra = [f"{n} {what}" for n, what in ((self.adopted, "already on the server"), (self.resolved, "resolved"),
                                                (self.removed, "deleted on the server"),
                                                (self.retry, "to retry next sync")) if n]
        plural = "" if self.requests == 1 else "s"
        return (f"{verb} {self.calendar or self.url}: " + ", ".join(parts + extra)
                + f" ({self.requests} HTTP request{plural}, {self.seconds:.1f} s).")


def state_key(url: str) -> str:
    """Sync state is kept per calendar: the normalized calendar URL (server + collection path)."""
    return normalize_url(url)


def _entry(snapshot_state: dict[str, Any], key: str) -> dict[str, Any]:
    entry = copy.deepcopy((snapshot_state.get(STATE_KEY) or {}).get(key) or {})
    for name in ("cards", "conflicts", "foreign"):
        entry.setdefault(name, {})
    entry.setdefault("recheck", [])
    return entry


def list_conflicts(store: Store, url: str) -> list[dict[str, Any]]:
    """The conflicts the last sync with this calendar left (no network)."""
    entry = _entry(store.load().sync_state, state_key(url))
    return [{"id": card_id, **conflict} for card_id, conflict in sorted(entry["conflicts"].items())]


def _local(card: Card) -> dict[str, str]:
    # Notes compare as the server gives them back (trimmed, LF): trailing spaces are not a change.
    return {"status": card.status.value, "note": (card.note or "").replace("\r\n", "\n").strip()}


@dataclass
class _Push:
    card_id: str
    href: str
    etag: str | None          # None: create with If-None-Match: *
    uid: str
    server_seq: int = 0


@dataclass
class _Decisions:
    pulls: dict[str, dict[str, str]] = field(default_factory=dict)
    expected: dict[str, dict[str, str]] = field(default_factory=dict)   # local values the pulls were decided on
    entries: dict[str, dict[str, Any]] = field(default_factory=dict)    # new last-synced records
    conflicts: dict[str, dict[str, Any]] = field(default_factory=dict)
    cleared: set[str] = field(default_factory=set)                     # conflicts that no longer hold
    pushes: list[_Push] = field(default_factory=list)


def sync_once(store: Store, url: str, user: str | None, password: str | None, filters: Filters | None,
              today: date, prefer: str | None = None, dry_run: bool = False, progress: Progress | None = None,
              *, lang: str = "vi", batch: int = PUSH_BATCH, timeout: float = 30) -> SyncReport:
    """Sync the filtered cards (and every card synced before) with the calendar at `url`."""
    if prefer not in (None, *PREFER):
        raise UsageError(f"--prefer {prefer!r} is not a side.", "Use --prefer local or --prefer server.")
    started = time.monotonic()
    dav = Dav(url, user, password, timeout=timeout)
    key = dav.url
    report = SyncReport(url=key, dry_run=dry_run)
    try:
        _run(store, dav, key, filters or Filters(), today, prefer, dry_run, progress, lang, max(batch, 1), report)
    finally:
        report.requests = dav.requests
        report.seconds = time.monotonic() - started
        dav.close()
    return report


def _run(store: Store, dav: Dav, key: str, filters: Filters, today: date, prefer: str | None, dry_run: bool,
         progress: Progress | None, lang: str, batch: int, report: SyncReport) -> None:
    collection = dav.collection()                                   # request 1: auth, calendar, token
    report.calendar = collection.name
    snapshot = store.load()
    state = _entry(snapshot.sync_state, key)
    tracked = {cid: e for cid, e in state["cards"].items() if not e.get("removed")}
    same = (collection.sync_token and state.get("token") == collection.sync_token) or \
           (not collection.sync_token and collection.ctag and state.get("ctag") == collection.ctag)
    rescan = bool(state.get("rescan"))
    changes = None
    if not same or rescan or state["recheck"]:
        if collection.sync_token:
            try:
                changes = dav.changes_since(None if rescan else state.get("token"))
            except TokenExpired:
                changes = dav.changes_since(None)
        else:
            changes = dav.etag_listing()

    # Which server resources to read: changed ones we track, unknown ones, and rechecks.
    by_href = {e["href"]: cid for cid, e in tracked.items()}
    removed_hrefs: set[str] = set()
    wanted: list[str] = list(state["recheck"])
    if changes is not None:
        if changes.full:
            removed_hrefs = {href for href in by_href if href not in changes.changed}
            state["foreign"] = {h: f for h, f in state["foreign"].items() if h in changes.changed}
        else:
            removed_hrefs = changes.removed & set(by_href)
            for href in changes.removed:
                state["foreign"].pop(href, None)
        for href, etag in changes.changed.items():
            if href in by_href:
                cid = by_href[href]
                known = {tracked[cid].get("etag"), (state["conflicts"].get(cid) or {}).get("etag")}
                if etag is None or etag not in known:
                    wanted.append(href)
            elif rescan or (state["foreign"].get(href) or {}).get("etag") != etag:
                wanted.append(href)
    fetched = _parse(dav.fetch(sorted(set(wanted)))) if wanted else {}
    for href, todo in fetched.items():
        if href not in by_href:
            state["foreign"][href] = {"etag": todo.etag, "card": todo.card_id, "uid": todo.uid}

    cards = snapshot.cards
    selected = [c.id for c in apply_filters((c for c in cards.values() if not c.archived), filters, today)]
    chosen = set(selected)
    gone = {cid for cid, e in state["cards"].items() if e.get("removed")}
    candidates = [cid for cid in selected if cid not in state["cards"]]
    # A resource already on the server for an untracked card: found by card id (another
    # coordinator, or our own PUT that a kill kept from being recorded) or by the export's UID.
    by_card = {f["card"]: h for h, f in state["foreign"].items() if f.get("card")}
    by_uid = {f["uid"]: h for h, f in state["foreign"].items() if f.get("uid")}
    found = {cid: by_card.get(cid) or by_uid.get(todo_uid(cards[cid])) for cid in candidates}
    missing = sorted({h for h in found.values() if h and h not in fetched})
    if missing:
        fetched.update(_parse(dav.fetch(missing)))

    decisions = _Decisions()
    now = iso_utc(utc_now())
    for cid, e in tracked.items():
        card = cards.get(cid)
        if card is None or card.archived:
            continue                                 # archived or deleted here: leave the server's copy alone
        if e["href"] in removed_hrefs:
            decisions.entries[cid] = {"removed": True, "href": e["href"], "at": now}
            decisions.cleared.add(cid)
            report.removed += 1
            continue
        todo = fetched.get(e["href"])
        conflict = state["conflicts"].get(cid)
        if todo is not None:
            server, etag, seq = _values(todo, e), todo.etag, todo.sequence
        elif conflict:
            server, etag, seq = conflict["server"], conflict["etag"], conflict.get("server_seq", 0)
        else:
            server, etag, seq = {f: e[f] for f in FIELDS}, e.get("etag"), e.get("server_seq", 0)
        # --prefer settles only the cards the filters select, so one conflict can be settled at a time.
        side = prefer if cid in chosen else None
        if _decide(card, snapshot.plans.get(card.plan), e, server, etag, seq, side, lang, now, decisions,
                   report) == "same":
            report.unchanged += 1
    for cid in candidates:
        if cid in gone:
            continue
        card, href = cards[cid], found[cid]
        todo = fetched.get(href) if href else None
        if todo is None:
            decisions.pushes.append(_Push(cid, dav.path + resource_name(cid), None, todo_uid(card)))
            continue
        report.adopted += 1
        plan, local = snapshot.plans.get(card.plan), _local(card)
        server = _values(todo, local)
        # No common base: equal values are simply linked; a base of None makes every differing
        # field a clash, so it becomes a conflict (or --prefer decides) like any other.
        base = local if server == local else {f: None for f in FIELDS}
        e = {"href": todo.href, "uid": todo.uid or todo_uid(card), "etag": todo.etag,
             # a resource without our X- properties (an imported export) is rewritten in full once
             "hash": fingerprint(card, plan, lang) if todo.card_id else None, **base}
        _decide(card, plan, e, server, todo.etag, todo.sequence, prefer, lang, now, decisions, report)
        state["foreign"].pop(todo.href, None)
    report.conflicts = [{"id": cid, **c} for cid, c in sorted(decisions.conflicts.items())]
    report.conflicts += [{"id": cid, **c} for cid, c in sorted(state["conflicts"].items())
                         if cid not in decisions.conflicts and cid not in decisions.cleared and cid in tracked]
    if dry_run:
        report.pulled = len(decisions.pulls)
        report.pushed = sum(1 for p in decisions.pushes if p.etag is None)
        report.updated = len(decisions.pushes) - report.pushed
        return

    # Local writes in one short transaction: pulled changes, new last-synced records, the token.
    token_before = changes.token if changes is not None and changes.token else state.get("token")
    # The ctag is only the fallback for servers without sync-tokens (it changes with every token).
    ctag_before = None if collection.sync_token else (changes.ctag if changes and changes.ctag else collection.ctag)

    retried: list[str] = []
    skipped: set[str] = set()

    def record_pulls(entry: dict[str, Any], tx) -> None:
        for cid, pull in decisions.pulls.items():
            if not tx.has_card(cid) or _local(tx.card(cid)) != decisions.expected[cid]:
                decisions.entries.pop(cid, None)     # moved here meanwhile: look again next sync
                skipped.add(cid)
                retried.append((tracked.get(cid) or {}).get("href") or found.get(cid))
                report.retry += 1
                continue
            if "status" in pull:
                tx.set_status(cid, Status(pull["status"]))
            if "note" in pull:
                tx.edit(cid, {"note": pull["note"]}, by_hand=False)
            report.pulled += 1
        entry["cards"].update(decisions.entries)
        for cid in decisions.cleared:
            entry["conflicts"].pop(cid, None)
        for cid, conflict in decisions.conflicts.items():
            old = entry["conflicts"].get(cid)
            # The same conflict found again keeps its first date: an idle sync must not rewrite the store.
            if not (old and {**old, "at": None} == {**conflict, "at": None}):
                entry["conflicts"][cid] = conflict
        entry["foreign"] = state["foreign"]
        entry["recheck"] = [h for h in entry["recheck"] if h and h not in state["recheck"]] + retried
        entry["token"], entry["ctag"], entry["rescan"] = token_before, ctag_before, False
        entry["calendar"] = collection.name

    _write(store, key, record_pulls, summary=f"sync with {collection.name}")
    # A skipped card keeps its server change unmerged: pushing it now would overwrite that change.
    pushes = [item for item in decisions.pushes if item.card_id not in skipped]
    _push(store, dav, key, pushes, lang, progress, batch, report)
    if report.pushed or report.updated:
        _settle(store, dav, key, token_before)


def _values(todo: ServerTodo, base: dict[str, Any]) -> dict[str, str]:
    """The server's status and note; what a resource does not say keeps the last-synced value."""
    return {"status": todo.status.value if todo.status else base["status"],
            "note": todo.note if todo.note is not None else base["note"]}


def _decide(card: Card, plan, e: dict[str, Any], server: dict[str, str], etag: str | None, seq: int,
            prefer: str | None, lang: str, now: str, out: _Decisions, report: SyncReport) -> str:
    """Merge one card field by field against its last-synced values `e`: conflict, pull, push or same."""
    base, local = {f: e[f] for f in FIELDS}, _local(card)
    local_changed = {f for f in FIELDS if local[f] != base[f]}
    server_changed = {f for f in FIELDS if server[f] != base[f]}
    clash = {f for f in local_changed & server_changed if local[f] != server[f]}
    if clash and prefer is None:
        out.conflicts[card.id] = {"fields": sorted(clash), "local": local, "server": server, "base": base,
                                  "etag": etag, "server_seq": seq, "at": now}
        out.entries[card.id] = e                   # base unchanged (or, first met, the resource is tracked)
        return "conflict"
    if clash:
        report.resolved += 1
    take = server_changed - clash if prefer == "local" else server_changed
    pull = {f: server[f] for f in take if server[f] != local[f]}
    merged = {**local, **pull}
    if pull:
        out.pulls[card.id] = pull
        out.expected[card.id] = local
    out.cleared.add(card.id)
    record = {"href": e["href"], "uid": e["uid"], "etag": etag, "server_seq": seq,
              "hash": e.get("hash"), **server}
    if e.get("hash") != fingerprint(card, plan, lang) or merged != server:
        out.entries[card.id] = record              # keep the server's version as base until the PUT lands
        out.pushes.append(_Push(card.id, e["href"], etag, e["uid"], seq))
        return "push"
    out.entries[card.id] = {**record, "hash": fingerprint(card, plan, lang)}
    return "pull" if pull else "same"


def _parse(found: dict[str, tuple[str | None, str]]) -> dict[str, ServerTodo]:
    parsed = {}
    for href, (etag, data) in found.items():
        todo = parse_vtodo(href, etag, data)
        if todo is not None:
            parsed[href] = todo
    return parsed


def _write(store: Store, key: str, change: Callable[[dict[str, Any], Any], None], *, summary: str) -> None:
    """Apply `change` to this calendar's sync state (and cards) in one transaction; skip no-op writes."""
    # History names the calendar as the author: the change was made by whoever edited it there.
    by = "caldav:" + key.rstrip("/").rsplit("/", 1)[-1]
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


def _push(store: Store, dav: Dav, key: str, pushes: list[_Push], lang: str, progress: Progress | None,
          batch: int, report: SyncReport) -> None:
    """PUT each card; record successes every `batch` PUTs, and on any interruption that lets us."""
    if not pushes:
        return
    pending: dict[str, dict[str, Any]] = {}
    later: list[str] = []
    rescan = False

    def flush() -> None:
        if not pending and not later and not rescan:
            return
        done, hrefs = dict(pending), list(later)
        pending.clear()
        later.clear()

        def change(entry: dict[str, Any], tx) -> None:
            entry["cards"].update(done)
            for cid in done:
                entry["conflicts"].pop(cid, None)
            entry["recheck"] = sorted(set(entry["recheck"]) | set(hrefs))
            entry["rescan"] = entry.get("rescan") or rescan

        _write(store, key, change, summary="sync: pushed cards")

    try:
        cards, plans = store.load().cards, store.load().plans
        for number, item in enumerate(pushes, 1):
            card = cards.get(item.card_id)
            if card is not None:
                plan = plans.get(card.plan)
                # caldav clients bump SEQUENCE on every save: never send a lower one than the server has.
                data = build_vtodo(card, plan, uid=item.uid, sequence=item.server_seq + 1 if item.etag else 0,
                                   lang=lang)
                result = dav.put(item.href, data, etag=item.etag)
                if result.outcome == "ok":
                    pending[card.id] = {"href": item.href, "uid": item.uid, "etag": result.etag,
                                        "server_seq": max(card.sequence, item.server_seq + 1 if item.etag else 0),
                                        "hash": fingerprint(card, plan, lang), **_local(card)}
                    if item.etag:
                        report.updated += 1
                    else:
                        report.pushed += 1
                else:
                    # Changed or created elsewhere since we read it: never overwrite; read it next sync.
                    report.retry += 1
                    later.append(item.href)
                    rescan = rescan or result.outcome == "uid-taken"
            if progress is not None:
                progress(number, len(pushes))
            if len(pending) >= batch:
                flush()
    except (Exception, KeyboardInterrupt):
        flush()        # what the server already holds must be known, or a resume would re-create it
        raise
    flush()


def _settle(store: Store, dav: Dav, key: str, token: str | None) -> None:
    """After our own PUTs: remember the new token if nothing but those PUTs changed (no extra request later)."""
    state = _entry(store.load().sync_state, key)
    etags = {e["href"]: e.get("etag") for e in state["cards"].values() if not e.get("removed")}
    try:
        changes = dav.changes_since(token) if token else dav.etag_listing()
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

    _write(store, key, change, summary="sync: settled")
