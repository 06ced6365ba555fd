"""Read .txt, .md, .html/.htm and .docx files into the neutral Document."""

from __future__ import annotations

import hashlib
from pathlib import Path

from ..errors import ImportFailed
from .decode import decode
from .document import Document, Line

TEXT_SUFFIXES = {".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md"}
HTML_SUFFIXES = {".html": "html", ".htm": "html"}
DOCX_SUFFIXES = {".docx": "docx"}
SUFFIXES = {**TEXT_SUFFIXES, **HTML_SUFFIXES, **DOCX_SUFFIXES}
# What a folder import picks up (DESIGN §8: files or folders).
FOLDER_PATTERNS = ("*.txt", "*.md", "*.html", "*.htm", "*.docx")


def read_document(path: str | Path) -> Document:
    """Read any supported plan file; ImportFailed when it cannot be read at all."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ImportFailed(f"{path}: no such file.", "Check the path; folders and several files may be given.") from None
    except IsADirectoryError:
        raise ImportFailed(f"{path}: is a folder.", "Import the folder itself (its plan files are read in name order).") from None
    except OSError as exc:
        raise ImportFailed(f"{path}: cannot be read ({exc.strerror}).", "Check the file's permissions.") from None
    digest = hashlib.sha256(data).hexdigest()
    kind = SUFFIXES.get(path.suffix.lower())
    if kind == "docx" or (kind is None and data.startswith(b"PK\x03\x04")):
        from .docx_reader import read_docx   # python-docx (lxml) costs start-up time: load it only here
        return read_docx(data, path, digest)
    text = decode(data, path)
    if kind is None:
        head = text.lstrip()[:500].lower()
        kind = "html" if head.startswith(("<!doctype html", "<html")) or "<body" in head else "txt"
    if kind == "html":
        from .html_reader import read_html
        return read_html(text, path, digest)
    return Document(name=path.name, format=kind, sha256=digest, lines=split_lines(text))


def split_lines(text: str) -> list[Line]:
    """Physical lines numbered from 1, as an editor shows them (only \\n, \\r\\n and \\r break lines)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return [Line(part, number) for number, part in enumerate(text.split("\n"), start=1)]
