"""What the command line says about cards, statuses, channels and history, as messages (`msg`) said in
the run's language: counts ("1 card" / "3 cards"), one sentence per history event, and a change set's
summary told from what it recorded (the stored summary is English text written at the time)."""

from __future__ import annotations

from typing import Any
from collections.abc import Callable, Iterable

from ..i18n import Msg, language, msg
from ..model import Status


def cards_count(count: int) -> Msg:
    return msg("1 card") if count == 1 else msg("{count} cards", count=count)


def _chained(parts: Iterable[Any], join: Callable[[Any, Any], Any], empty: str) -> Any:
    """Parts joined pairwise by `join` (a msg of two), so each part keeps its own translation."""
    items = [part for part in parts if part]
    if not items:
        return empty
    said = items[-1]
    for part in reversed(items[:-1]):
        said = join(part, said)
    return said


def sentences(parts: Iterable[Any]) -> Any:
    """Sentences said one after the other, each in the run's language ("" when there are none)."""
    return _chained(parts, lambda first, second: msg("{first} {second}", first=first, second=second), "")


def listed(parts: Iterable[Any]) -> Any:
    """Words or names in a list ("a, b, c"), each in the run's language."""
    return _chained(parts, lambda first, second: msg("{first}, {second}", first=first, second=second), "—")


def status_text(value: Any, lang: str | None = None) -> str:
    """A status in a table or a summary: the command-line word in English (in-progress), the label in
    Vietnamese (Đang thực hiện)."""
    lang = lang or language()
    try:
        status = value if isinstance(value, Status) else Status(value)
    except ValueError:
        return "" if value is None else str(value)
    return status.value if lang == "en" else status.label(lang)


def status_label(value: Any, lang: str | None = None) -> str:
    """A status in a history sentence: its label in the run's language (Not started, Chưa bắt đầu)."""
    try:
        return Status(value).label(lang or language())
    except ValueError:
        return "—" if value in (None, "") else str(value)


# A channel a change came through, and a card field, as words inside a sentence.
VIA = {"cli": msg("the command line"), "tui": msg("the board"), "sync": msg("calendar sync"),
       "import": msg("plan import")}
FIELDS = {
    "content": msg("the content"), "lead": msg("the lead agencies"), "support": msg("the coordinating agencies"),
    "lead_text": msg("the lead agencies as written"), "support_text": msg("the coordinating agencies as written"),
    "time_text": msg("the time"), "deadline": msg("the deadline"), "note": msg("the note"),
    "notes": msg("the remarks"), "section": msg("the section"), "number": msg("the number"),
    "plan": msg("the plan"), "status": msg("the status"), "archived": msg("the archiving"),
    "edited": msg("the fields edited by hand"), "extras": msg("the other columns"), "source": msg("the source"),
    "inferred": msg("the origin in the plan body"),
}
ACTIONS = {
    "move": msg("move"), "bulk": msg("bulk move"), "apply": msg("apply a file"), "undo": msg("undo"),
    "import": msg("plan import"), "add": msg("add a card"), "edit": msg("edit"), "archive": msg("archive"),
    "restore": msg("restore"), "progress": msg("progress report"), "note": msg("note"),
    "sync": msg("calendar sync"),
}


def via_text(via: Any) -> Any:
    return VIA.get(via, via or "—")


def field_text(name: Any) -> Any:
    return FIELDS.get(name, name)


def action_text(action: Any) -> Any:
    return ACTIONS.get(action, action)


def short(value: Any) -> str:
    """A field's value in one short line."""
    if value in (None, "", []):
        return "—"
    if isinstance(value, list):
        text = "; ".join(map(str, value))
    elif isinstance(value, dict):
        text = str(value.get("due") or value.get("kind") or value)
    else:
        text = str(value)
    return text if len(text) <= 40 else text[:39] + "…"


def _prefixed(note: str, prefix: str) -> str | None:
    return note[len(prefix):] if note.startswith(prefix) else None


def event_what(event: dict[str, Any], lang: str | None = None) -> tuple[Msg, bool]:
    """What one event did, as a sentence; and whether its note is already part of it."""
    kind, name, note = event.get("kind"), event.get("field"), event.get("note") or ""
    old, new = event.get("from"), event.get("to")
    if name == "status":
        sentence = msg("Status changed from {old} to {new}", old=status_label(old, lang), new=status_label(new, lang))
        if event.get("on"):
            sentence = msg("{change} (done on {day})", change=sentence, day=event["on"])
        return sentence, False
    if name == "archived" or (kind in ("archive", "restore") and not name):
        archived = bool(new) if name == "archived" else kind == "archive"
        return (msg("Card archived") if archived else msg("Card restored")), False
    if name:
        values = {"field": field_text(name), "old": short(old), "new": short(new)}
        if kind == "import":
            return msg("Updated {field} from the plan: {old} → {new}", **values), False
        if kind == "sync":
            return msg("Calendar sync changed {field}: {old} → {new}", **values), False
        return msg("Edited {field}: {old} → {new}", **values), False
    if kind == "create":
        source = _prefixed(note, "imported from ")
        if source is not None:
            return msg("Created by importing {file}", file=source), True
        content = _prefixed(note, "added by hand: ")
        if content is not None:
            return msg("Added by hand: {content}", content=content), True
        return msg("Card created"), False
    if kind == "delete":
        undone = _prefixed(note, "undo of change set ")
        if undone is not None:
            return msg("Removed by undoing change set {id}", id=undone), True
        return msg("Card deleted"), False
    retracted = _prefixed(note, "retracted: ")
    if retracted is not None:
        if kind == "progress":
            return msg("Progress report withdrawn by an undo: {note}", note=retracted), True
        return msg("Withdrawn by an undo: {note}", note=retracted), True
    if kind == "progress":
        if new:
            # the day the agency reported, not the day it was typed in
            return msg("Reported progress on {day}", day=new), False
        return msg("Reported progress"), False
    if kind == "sync":
        return msg("Synced with the calendar"), False
    return msg("{kind}", kind=kind or "—"), False


def event_line(event: dict[str, Any], lang: str | None = None) -> Msg:
    """One history event for people, as one sentence: when, what changed, who, how, and the note."""
    what, told = event_what(event, lang)
    at, by, via = event.get("at", ""), event.get("by"), event.get("via")
    if via == "import":      # "Created by importing …", "Updated … from the plan" say it already
        line = msg("{at}  {what} by {by}", at=at, what=what, by=by) if by else msg("{at}  {what}", at=at, what=what)
    elif by:
        line = msg("{at}  {what} by {by} via {via}", at=at, what=what, by=by, via=via_text(via))
    else:
        line = msg("{at}  {what} via {via}", at=at, what=what, via=via_text(via))
    if event.get("note") and not told:
        line = msg("{line} — {note}", line=line, note=event["note"])
    return line


def summary_of(row: dict[str, Any]) -> Any:
    """A change set (its record and events, as services.history gives them) summed up in one sentence."""
    action, events = row.get("action"), row.get("events") or []
    cards = cards_count(int(row.get("cards") or len({event.get("card") for event in events})))
    first = events[0].get("card") if events else ""
    targets = {event.get("to") for event in events if event.get("field") == "status"}
    status = status_text(targets.pop()) if len(targets) == 1 else None
    if action in ("move", "bulk", "apply"):
        if action == "apply":
            if status is None:
                return msg("Applied updates to {cards}", cards=cards)
            return msg("Applied updates: {cards} to {status}", cards=cards, status=status)
        if status is None:
            return msg("Changed {cards}", cards=cards)
        if action == "move":
            return msg("Moved {cards} to {status}", cards=cards, status=status)
        return msg("Bulk moved {cards} to {status}", cards=cards, status=status)
    if action == "undo":
        return msg("Undid change set {id}", id=row.get("undoes") or "?")
    if action == "import":
        return msg("Plan import: {cards} new or updated", cards=cards)
    if action == "add":
        return msg("Added {id}", id=first)
    if action == "edit":
        names = list(dict.fromkeys(e.get("field") for e in events if e.get("field") not in (None, "edited")))
        return msg("Edited {fields} of {id}", fields=listed(field_text(name) for name in names), id=first)
    if action in ("archive", "restore"):
        ids = ", ".join(dict.fromkeys(event.get("card") for event in events[:5]))
        if len(events) > 5:
            ids = f"{ids} …"
        if action == "archive":
            return msg("Archived {cards}: {ids}", cards=cards, ids=ids)
        return msg("Restored {cards}: {ids}", cards=cards, ids=ids)
    if action == "progress":
        day = next((event.get("to") for event in events if event.get("to")), "")
        return msg("Progress on {id} ({day})", id=first, day=day)
    if action == "note":
        return msg("Note of {id}", id=first)
    if action == "sync":
        return msg("Calendar sync: {cards}", cards=cards)
    return row.get("summary") or "—"


def change_set_row(snapshot: Any, change_set: Any) -> dict[str, Any]:
    """A change set just written, with its events, as services.history gives it."""
    events = [event.to_dict() for event in snapshot.events_of_change_set(change_set.id)]
    return {**change_set.to_dict(), "events": events}


def change_message(snapshot: Any, change_set: Any, detail: Any = None) -> Msg:
    """What a command changed, and how to undo it."""
    summary = summary_of(change_set_row(snapshot, change_set))
    if detail:
        summary = msg("{summary} ({detail})", summary=summary, detail=detail)
    return msg("{summary} (change set {id}). Undo with `tracker undo`.", summary=summary, id=change_set.id)


def where_from(source: Any) -> Any:
    """Where a setting came from (config.Config.resolve: option, environment (VAR), config file (PATH),
    default), said in the run's language."""
    if isinstance(source, Msg):
        return source
    text = str(source)
    if text == "option":
        return msg("option")
    if text == "default":
        return msg("default")
    if text.endswith(")"):
        if text.startswith("environment ("):
            return msg("environment ({variable})", variable=text[len("environment ("):-1])
        if text.startswith("config file ("):
            return msg("config file ({path})", path=text[len("config file ("):-1])
    return text
