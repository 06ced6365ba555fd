"""The last phases of a CalDAV sync: PUT the local changes (merged into the server's resources,
recorded in batches so a killed sync resumes without duplicates) and remember the token they made."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..model import Card, Plan, Status
from ..store import Store
from .components import todo_lines
from .dav import Dav, TokenExpired
from .server_todo import DATED, ServerTodo, calendar_bytes, merge_todo
from .sync_state import Decisions, Push, SyncOptions, SyncReport, fingerprint, state_entry, synced_values, write_state


class PushPhases:
    """Phases 4 and 5 of `sync._Run`, which holds the state they read and update."""

    store: Store
    dav: Dav
    key: str
    options: SyncOptions
    report: SyncReport
    decisions: Decisions
    fetched: dict[str, ServerTodo]
    tracked: dict[str, dict[str, Any]]
    skipped: set[str]
    carrier_ids: list[str]
    token_before: str | None
    recorded: bool
    _read: Callable[[list[str]], dict[str, ServerTodo]]     # sync._Run's calendar-multiget

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

            self.recorded = write_state(store, self.key, change, summary="sync: pushed cards") or self.recorded

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

    def _put(self, card: Card, plan: Plan | None, item: Push, pending: dict[str, dict[str, Any]],
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
                                "hash": fingerprint(card, plan, lang), **synced_values(card)}
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
        state = state_entry(self.store.load().sync_state, self.key)
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

        write_state(self.store, self.key, change, summary="sync: settled")

