"""The readers, one module per format, and the choice of reader for a file.

A reader module declares `NAME`, `DESCRIPTIONS` ({"vi": …, "en": …}), `SUFFIXES` (lower-case,
with the dot), `sniff(data: bytes) -> bool` (is this file of my format, whatever its name) and
`read(data: bytes, path: Path, digest: str) -> Document`, raising ImportFailed with the fix when
the file cannot be read. Adding a format is adding a module to `READERS`.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from types import ModuleType

from ...errors import ImportFailed
from ...i18n import msg
from ..document import Document
from . import docx, html, pdf, text, xlsx

# Binary formats first: their sniffs are exact magic numbers; text takes what is left.
READERS: tuple[ModuleType, ...] = (docx, xlsx, pdf, html, text)
SUFFIXES = {suffix: reader for reader in READERS for suffix in reader.SUFFIXES}
# What a folder import picks up (DESIGN §8: files or folders).
FOLDER_PATTERNS = tuple(f"*{suffix}" for suffix in SUFFIXES)


def reader_for(data: bytes, path: Path) -> ModuleType:
    """The reader a file's content asks for, then its name's; text when nothing else claims it."""
    for reader in READERS[:-1]:
        if reader.sniff(data):
            return reader
    return SUFFIXES.get(path.suffix.lower(), text)


def read_document(path: str | Path) -> Document:
    """Read any supported plan file; ImportFailed when it cannot be read at all."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ImportFailed(msg("{path}: no such file.", path=path),
                           msg("Check the path; folders and several files may be given.")) from None
    except IsADirectoryError:
        raise ImportFailed(msg("{path}: is a folder.", path=path),
                           msg("Import the folder itself (its plan files are read in name order).")) from None
    except OSError as exc:
        raise ImportFailed(msg("{path}: cannot be read ({reason}).", path=path, reason=exc.strerror),
                           msg("Check the file's permissions.")) from None
    digest = hashlib.sha256(data).hexdigest()
    reader = reader_for(data, path)
    document = reader.read(data, path, digest)
    document.reader = reader.NAME
    return document
