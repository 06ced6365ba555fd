"""Errors that carry an exit code and a fix, shared by every layer (DESIGN §8)."""

from __future__ import annotations

from collections.abc import Iterable

from .i18n import Msg, msg

# Exit codes of the command-line contract.
EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2
EXIT_NOT_FOUND = 3
EXIT_IMPORT = 4
EXIT_STORE = 5


class TrackerError(Exception):
    """A problem a user can fix: `message` names it, `hint` says how to fix it."""

    exit_code = EXIT_FAILURE

    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return msg("{message}\n{hint}", message=self.message, hint=self.hint) if self.hint else self.message


class UsageError(TrackerError):
    """Bad option values, unknown status words, malformed input files."""

    exit_code = EXIT_USAGE


class NotFoundError(TrackerError):
    """An id, plan or agency that matches nothing, or matches several things."""

    exit_code = EXIT_NOT_FOUND

    def __init__(self, message: str, hint: str | None = None, candidates: list[str] | None = None):
        super().__init__(message, hint)
        self.candidates = candidates or []


class ImportFailed(TrackerError):
    """A plan document that could not be read at all."""

    exit_code = EXIT_IMPORT


class StoreError(TrackerError):
    """The database is locked, corrupt, unwritable or from a newer version."""

    exit_code = EXIT_STORE


class StoreLocked(StoreError):
    """Another process held the database lock for longer than we wait."""


class StoreCorrupt(StoreError):
    """The database file does not parse; it is never overwritten."""


class StoreChanged(StoreError):
    """A file the reader's head named was replaced twice while it read (another process is writing)."""


class StoreReadOnly(StoreError):
    """The database may not be written: a newer tracker wrote it, or its file is read-only."""


# Separators `joined` knows; each is one template, so the parts are said in the run's language.
_JOIN = {
    ", ": lambda a, b: msg("{a}, {b}", a=a, b=b),
    "; ": lambda a, b: msg("{a}; {b}", a=a, b=b),
    " ": lambda a, b: msg("{a} {b}", a=a, b=b),
    "\n": lambda a, b: msg("{a}\n{b}", a=a, b=b),
    "\n  ": lambda a, b: msg("{a}\n  {b}", a=a, b=b),
    " · ": lambda a, b: msg("{a} · {b}", a=a, b=b),
    " or ": lambda a, b: msg("{a} or {b}", a=a, b=b),
}


def joined(parts: Iterable[str], sep: str = ", ") -> str:
    """`sep.join(parts)` that keeps messages messages: a Msg whose parts are localized too.

    The parts pair up as a balanced tree of one-separator templates, so a list of thousands of
    problems nests only a dozen deep. Without any Msg among the parts it is the plain join.
    """
    parts = list(parts)
    if sep != " or " and not any(isinstance(part, Msg) for part in parts):
        return sep.join(parts)
    if len(parts) <= 1:
        return parts[0] if parts else ""
    half = len(parts) // 2
    return _JOIN[sep](joined(parts[:half], sep), joined(parts[half:], sep))
