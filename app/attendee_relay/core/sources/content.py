"""Recognise what a file is from its first bytes, whatever its name says."""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException

from attendee_relay.core.errors import InputError
from attendee_relay.core.sources.base import SourceKind
from attendee_relay.core.sources.ods_guard import check_repeated_cells
from attendee_relay.core.sources.zip_guard import check_in_memory_size, check_inflation

#: How many leading bytes the checks look at.
HEAD_SIZE = 64 * 1024

_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")

# First bytes of formats people pick by mistake, and what to call them in the message.
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"BM", "a BMP image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"{\\rtf", "an RTF document"),
)

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")


def detect_kind(path: Path, head: bytes) -> SourceKind:
    """Say whether a file is delimited text or an xlsx workbook, judging by content only.

    Args:
        path: the file (opened again to look inside a zip).
        head: its first bytes (up to ``HEAD_SIZE``); must not be empty.

    Returns:
        ``"xlsx"`` for a zip holding ``xl/workbook.xml`` (also when renamed to ``.csv``),
        ``"xlsb"`` for one holding ``xl/workbook.bin``, ``"ods"`` for an OpenDocument
        spreadsheet, ``"xls"`` for an OLE2 compound file (Excel 97-2003), ``"csv"`` for
        anything that may be text.

    Raises:
        InputError: the file is not a table (another zip, a PDF, an image, an archive, or
            binary data), or is a workbook that would inflate dangerously (``zip_guard``).
    """
    name = path.name
    if head.startswith(_ZIP):
        return _zip_kind(path)
    if head.startswith(_OLE2):
        return "xls"  # Excel 97-2003, or an encrypted workbook: the reader says which
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        raise InputError(_not_a_table(name, "a WebP image"))
    for signature, what in _SIGNATURES:
        # "BM" is too short to trust on its own: a CSV may start with it ("BMW;…").
        if head.startswith(signature) and (signature != b"BM" or b"\x00" in head[:64]):
            raise InputError(_not_a_table(name, what))
    if b"\x00" in head and not _looks_like_utf16_or_32(head):
        raise InputError(
            f"{name} contains binary data, not text; choose a CSV, Excel or OpenDocument spreadsheet."
        )
    return "csv"


def _zip_kind(path: Path) -> SourceKind:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            check_inflation(path, archive)
            mimetype = archive.read("mimetype")[:100] if "mimetype" in names else b""
            if "xl/workbook.bin" in names or b"opendocument.spreadsheet" in mimetype:
                check_in_memory_size(path, archive)
            if b"opendocument.spreadsheet" in mimetype and "content.xml" in names:
                check_repeated_cells(path, archive)
    except (
        zipfile.BadZipFile,
        OSError,
        ValueError,
        EOFError,
        NotImplementedError,
        ParseError,
        DefusedXmlException,
    ):
        raise InputError(
            f"{path.name} looks like a zip file or Excel workbook but is damaged; "
            "save it again and retry."
        ) from None
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "xl/workbook.bin" in names:
        return "xlsb"
    if b"opendocument.spreadsheet" in mimetype:
        return "ods"
    if "word/document.xml" in names:
        raise InputError(_not_a_table(path.name, "a Word document"))
    if "ppt/presentation.xml" in names:
        raise InputError(_not_a_table(path.name, "a PowerPoint presentation"))
    raise InputError(
        f"{path.name} is a zip archive, not a table; unzip it and choose the CSV or Excel file "
        "inside."
    )


def _not_a_table(name: str, what: str) -> str:
    return f"{name} is {what}, not a table; choose a CSV, Excel or OpenDocument spreadsheet."


def _looks_like_utf16_or_32(head: bytes) -> bool:
    """True for text in UTF-16/32: a BOM, or NULs in every other byte as ASCII text has."""
    if head.startswith(_BOMS):
        return True
    return utf16_byte_order(head) is not None


def utf16_byte_order(head: bytes) -> str | None:
    """Guess BOM-less UTF-16 from where the NUL bytes fall.

    Mostly-ASCII text in UTF-16 has a NUL in every high byte: at odd offsets for little-endian,
    at even offsets for big-endian. Binary data scatters its NULs.

    Returns:
        ``"utf-16-le"``, ``"utf-16-be"`` or ``None``.
    """
    sample = head[: len(head) - len(head) % 2]
    if len(sample) < 4:
        return None
    half = len(sample) // 2
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    if odd_nuls >= half * 0.6 and even_nuls <= half * 0.02:
        return "utf-16-le"
    if even_nuls >= half * 0.6 and odd_nuls <= half * 0.02:
        return "utf-16-be"
    return None
