"""Turn a plan file's bytes into text, refusing anything that would become mojibake cards."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from ..errors import ImportFailed
from ..i18n import msg
from ..text import nfc

_SAVE_AS_UTF8 = msg("Open it in Word or a text editor and save it as UTF-8 "
                    "(Word: File > Save As > Plain Text > Unicode (UTF-8)), then import it again.")

# Vietnamese UTF-8 read as Latin-1/cp1252 and saved again: "Số" becomes "Sá»‘", "Ủy" becomes "á»¦y".
_MOJIBAKE = re.compile(r"á»|áº|Ã[\u0080-\u00bf¡-¿]|Ä[\u0080-\u00bf‘]|Æ°")
# cp1258 keeps tone marks as combining bytes 0xCC/0xD2/0xDE/0xEC/0xF2 after a vowel, and has
# single bytes for ă/â/ê/ô/ơ/ư/đ; seeing those where UTF-8 fails is a strong hint.
_CP1258_HINT = re.compile(rb"[aeiouyAEIOUY\xe2\xea\xf4\xe3\xf5\xfd\xdd][\xcc\xd2\xde\xec\xf2]|[\xe3\xf0\xf5\xfd]")


def decode(data: bytes, path: Path) -> str:
    """Decode `data` (UTF-8 with or without BOM, or UTF-16/32 with a BOM) to NFC text.

    Raises ImportFailed for empty, binary and non-UTF-8 files, naming the fix.
    """
    name = path.name
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise ImportFailed(msg("{name}: the file is empty.", name=name),
                           msg("Choose the plan document itself, not an empty file."))
    for bom, codec in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                       (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return _checked(nfc(data.decode(codec)), name)
            except UnicodeDecodeError:
                raise ImportFailed(msg("{name}: the file starts like UTF-16 text but is damaged.", name=name),
                                   _SAVE_AS_UTF8) from None
    if data.startswith(b"PK\x03\x04"):
        raise ImportFailed(msg("{name}: this is a zip archive (perhaps a .docx saved under another name), not a text "
                               "file.", name=name),
                           msg("Give a Word document the .docx extension, or save the plan as UTF-8 text."))
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFailed(msg("{name}: the file is an old Word (.doc) or Excel (.xls) file, which the importer "
                               "cannot read.", name=name),
                           msg("Open it in Word, Excel or LibreOffice and save it as .docx or .xlsx "
                               "(LibreOffice: soffice --headless --convert-to docx FILE), then import that file."))
    if b"\x00" in data[:8192]:
        raise ImportFailed(msg("{name}: the file is binary data, not a text plan document.", name=name),
                           msg("Save the plan as .docx, .xlsx, .pdf, .html, .md or UTF-8 .txt and import that file."))
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        byte = f"0x{data[exc.start]:02x}"
        if _CP1258_HINT.search(data):
            problem = msg("{name}: not UTF-8; save it as UTF-8 (undecodable byte {byte} on line {line}). It looks like "
                          "Windows-1258 (legacy Vietnamese) text.", name=name, byte=byte, line=line)
        else:
            problem = msg("{name}: not UTF-8; save it as UTF-8 (undecodable byte {byte} on line {line}).", name=name,
                          byte=byte, line=line)
        raise ImportFailed(problem, _SAVE_AS_UTF8) from None
    return _checked(nfc(text), name)


def _checked(text: str, name: str) -> str:
    """Refuse text that decoded but is already mojibake (UTF-8 read as Latin-1 and saved again)."""
    hits = len(_MOJIBAKE.findall(text))
    if hits >= 5 and hits * 200 > len(text):
        raise ImportFailed(msg("{name}: the text is garbled (UTF-8 that was read as Latin-1 and saved again, e.g. 'á»' "
                               "for 'ủ').", name=name),
                           msg("Re-save the original document as UTF-8; this copy cannot be repaired reliably."))
    if "\x00" in text:
        raise ImportFailed(msg("{name}: the file holds binary data (NUL characters).", name=name),
                           msg("Save the plan as .docx, .html, .md or UTF-8 .txt and import that file."))
    return text
