"""Errors that carry an exit code and a fix, shared by every layer (DESIGN §8)."""

from __future__ import annotations

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
        return f"{self.message}\n{self.hint}" if self.hint else self.message


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


class StoreReadOnly(StoreError):
    """The database may not be written: a newer tracker wrote it, or its file is read-only."""
