"""One language per run: every message is an English template with named values, said in the run's
language where it reaches a person (CLI output and errors, the board's toasts).

    raise UsageError(msg("The card {id} is archived.", id=card_id),
                     msg("Restore it first: tracker restore {id}", id=card_id))

`msg` returns a `Msg`: a str (the English text, so logs, tests and `str()` keep working) that
remembers its template and values; `localize` renders it in Vietnamese from the catalogs in this
package (`vi_*.py`, one per part of the code, merged below). Values that are messages themselves
are localized too. Plain strings are looked up whole (table headers, labels). A template missing
from the catalog is said in English, and tests/test_i18n.py fails on it.
"""

from __future__ import annotations

from string import Formatter
from typing import Any

LANGS = ("vi", "en")
_language = "vi"


class Msg(str):
    """An English message that can be said in another language."""

    template: str
    values: dict[str, Any]

    def __new__(cls, template: str, values: dict[str, Any]) -> Msg:
        text = super().__new__(cls, template.format(**values) if values else template)
        text.template, text.values = template, values
        return text

    def __reduce__(self) -> tuple[Any, ...]:
        # Import reads files in worker processes, and their reports carry messages back.
        return (Msg, (self.template, self.values))


def msg(template: str, /, **values: Any) -> Msg:
    """A message in English, with `{name}` fields filled from `values`."""
    return Msg(template, values)


def set_language(lang: str) -> None:
    global _language
    _language = lang if lang in LANGS else "vi"


def language() -> str:
    return _language


def catalog() -> dict[str, str]:
    from . import vi_calendar, vi_cli, vi_core, vi_web

    merged: dict[str, str] = {}
    for part in (vi_core.VI, vi_cli.VI, vi_calendar.VI, vi_web.VI):
        merged.update(part)
    return merged


_CATALOG: dict[str, str] | None = None


def localize(text: Any, lang: str | None = None) -> str:
    """`text` in `lang` (default: the run's language); English when no translation is known."""
    global _CATALOG
    lang = lang or _language
    if text is None:
        return ""
    if lang == "en":
        return str(text)
    if _CATALOG is None:
        _CATALOG = catalog()
    if isinstance(text, Msg):
        translated = _CATALOG.get(text.template)
        if translated is None:
            return str(text)
        values = {name: localize(value, lang) if isinstance(value, Msg) else value
                  for name, value in text.values.items()}
        return translated.format(**values)
    return _CATALOG.get(str(text), str(text))


def said(error: Any, lang: str | None = None, sep: str = "\n") -> str:
    """A TrackerError as a person reads it: its message, then its hint, in `lang`."""
    hint = getattr(error, "hint", None)
    return localize(error.message, lang) + (sep + localize(hint, lang) if hint else "")


def fields_of(template: str) -> set[str]:
    """The `{name}` fields of a template (for the catalog test)."""
    return {name.split(".")[0].split("[")[0] for _, name, _, _ in Formatter().parse(template) if name}
