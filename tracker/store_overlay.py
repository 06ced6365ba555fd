"""The overlay: recent status changes kept in one file beside the card files, so a change of status
costs what the changed cards cost, not what their plans' files cost.

Why (README "Storage", measured at 100,000 cards): a bulk move of one agency's 4,949 cards
touched 3,182 plans, and rewriting their card files took 1.5 of its 4.4 s. Now a status change
(move, bulk, apply, the undo of one) writes a patch per card: the new status, when, the note if
one was given, and how many changes it adds to the card's SEQUENCE. Readers apply the patches
to the card file's records; a change that rewrites a plan's card file anyway folds that plan's
patches into it, and once the overlay holds `OVERLAY_LIMIT` patches a change folds them all
(as `tracker db compact` does), so the overlay stays small enough to read with every command.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson

from .errors import StoreCorrupt
from .i18n import msg
from .model import Status
from .store_file import parse_part, restore_fix

Patch = dict[str, Any]             # {"status", "updated_at", "seq"[, "note"]}
Overlay = dict[str, dict[str, Patch]]   # plan key → card id → its patch
# About 100 bytes a patch: 20,000 are 2 MB, parsed in ~15 ms by the commands that read cards.
OVERLAY_LIMIT = 20_000
_STATUSES = frozenset(status.value for status in Status)


def overlay_file_name(tx: int) -> str:
    return f"overlay.{tx}.json"


def apply_patch(doc: dict[str, Any], patch: Patch) -> dict[str, Any]:
    """A new record: `doc` with the patch's status, time, note and SEQUENCE increment."""
    new = dict(doc)
    new["status"] = patch["status"]
    new["updated_at"] = patch["updated_at"]
    new["sequence"] = (doc.get("sequence") or 0) + patch["seq"]
    if "note" in patch:
        new["note"] = patch["note"]
    return new


def combine(older: Patch | None, newer: Patch) -> Patch:
    """One patch doing what `older` then `newer` do."""
    if older is None:
        return newer
    return {**older, **newer, "seq": older["seq"] + newer["seq"]}


def apply_overlay(docs: dict[str, dict[str, Any]], patches: dict[str, Patch]) -> dict[str, dict[str, Any]]:
    """A plan's records with its patches applied (a new dict; the parsed ones stay as read)."""
    merged = dict(docs)
    for card_id, patch in patches.items():
        doc = merged.get(card_id)
        if doc is not None:
            merged[card_id] = apply_patch(doc, patch)
    return merged


def count(overlay: Overlay) -> int:
    return sum(len(patches) for patches in overlay.values())


def overlay_bytes(tx: int, overlay: Overlay) -> bytes:
    return orjson.dumps({"_meta": {"1": {"tx": tx}}, "patches": overlay})


def parse_overlay(data: bytes, path: Path) -> Overlay:
    """Parse an overlay file, or raise StoreCorrupt naming what is wrong."""
    raw = parse_part(data, path, lambda path, exc: msg("The overlay file {path} is not valid JSON ({detail}).",
                                                       path=path, detail=exc))
    overlay = raw.get("patches") if isinstance(raw, dict) else None
    try:
        healthy = (isinstance(overlay, dict)
                   and all(type(patches) is dict for patches in overlay.values())
                   and {(type(p), p.get("status") in _STATUSES, type(p.get("updated_at")), type(p.get("seq")),
                         type(p.get("note", "")))
                        for patches in overlay.values() for p in patches.values()} <= {(dict, True, str, int, str)})
    except AttributeError:
        healthy = False
    if not healthy:
        raise StoreCorrupt(msg("The overlay file {path} is damaged: a status change in it is not readable.",
                               path=path), restore_fix())
    assert isinstance(overlay, dict)
    return overlay
