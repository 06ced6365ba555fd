"""What the store remembers about shared calendars, readable without the network or icalendar.

The sync state lives in the store's `sync` table under STATE_KEY, one entry per calendar URL
(sync.py writes it); `show` and the board read here which calendars deleted a card.
"""

from __future__ import annotations

from typing import Any

from ..errors import joined
from ..i18n import localize, msg

STATE_KEY = "caldav"        # namespace inside the store's sync state; calendars are keyed by URL below it


def removed_from_calendars(sync_state: dict[str, Any], card_id: str) -> list[dict[str, str]]:
    """[{calendar, url, at}] of the shared calendars this card was deleted from."""
    found = []
    for url, entry in sorted((sync_state.get(STATE_KEY) or {}).items()):
        record = (entry.get("cards") or {}).get(card_id) or {}
        if record.get("removed"):
            found.append({"url": url, "calendar": entry.get("calendar") or url, "at": str(record.get("at", ""))})
    return found


def describe_removed(sync_state: dict[str, Any], card_id: str, lang: str = "vi") -> str:
    """One line per calendar the card was deleted from, in `lang` ('' when none)."""
    lines = [msg("Removed from the shared calendar {calendar} ({at}); `tracker sync URL --restore-deleted` sends it "
                 "again", calendar=item["calendar"], at=item["at"][:10])
             for item in removed_from_calendars(sync_state, card_id)]
    return localize(joined(lines, "\n"), lang)
