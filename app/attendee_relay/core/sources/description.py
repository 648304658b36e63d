"""Say in plain words how a file was read: its kind, encoding, separator, header and repairs."""

from __future__ import annotations

import codecs

from attendee_relay.core.sources.base import SourceInfo
from attendee_relay.core.sources.mixed_utf8 import UNGARBLED, fallback_of, ungarble

#: Encodings a person can choose, by Python codec name, with the words people know them by.
ENCODING_NAMES: dict[str, str] = {
    "utf-8": "Unicode (UTF-8)",
    "utf-8-sig": "Unicode (UTF-8 with BOM)",
    "utf-16": "Unicode (UTF-16)",
    "cp1252": "Western European (Windows)",
    "iso8859-1": "Western European (ISO 8859-1)",
    "iso8859-15": "Western European (ISO 8859-15)",
    "mac-roman": "Western European (Mac)",
    "cp1250": "Central European (Windows)",
    "iso8859-2": "Central European (ISO 8859-2)",
    "cp1251": "Cyrillic (Windows)",
    "koi8-r": "Cyrillic (KOI8-R)",
    "cp1253": "Greek (Windows)",
    "cp1254": "Turkish (Windows)",
    "cp1257": "Baltic (Windows)",
    "cp932": "Japanese (Shift_JIS)",
    "gb18030": "Chinese Simplified (GBK)",
    "cp950": "Chinese Traditional (Big5)",
    "cp949": "Korean (EUC-KR)",
}

_DELIMITER_NAMES = {",": "commas", ";": "semicolons", "\t": "tabs", "|": "pipes"}
#: Spreadsheet kinds as people call them.
KIND_NAMES = {
    "xlsx": "Excel workbook",
    "xlsb": "Excel binary workbook",
    "xls": "Excel 97-2003 workbook",
    "ods": "OpenDocument spreadsheet",
}


def encoding_label(encoding: str) -> str:
    """The plain name of a codec (``cp1250`` → ``Central European (Windows)``)."""
    fallback = fallback_of(encoding)
    if fallback is not None:
        return f"{ENCODING_NAMES['utf-8']} with lines in {encoding_label(fallback)}"
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        return encoding
    if name == UNGARBLED:
        return f"{ENCODING_NAMES['utf-8']}, garbled text put back"
    return ENCODING_NAMES.get(name, encoding)


def delimiter_label(delimiter: str) -> str:
    """How a separator is called: ``commas``, ``tabs``… or the character in quotes."""
    return _DELIMITER_NAMES.get(delimiter, f"'{delimiter}'")


def describe_source(info: SourceInfo) -> list[str]:
    """Sentences on how the file was read, for a dry run or a preview.

    Args:
        info: what ``open_source`` found or was told.

    Returns:
        One sentence on the format, one on the header row, and one on repaired lines if any.
    """
    if info.kind == "csv":
        assert info.encoding is not None and info.delimiter is not None
        lines = [
            f"Read {info.path.name} as text in {encoding_label(info.encoding)}, "
            f"cells separated by {delimiter_label(info.delimiter)}."
        ]
    else:
        lines = [f"Read sheet '{info.sheet}' of {info.path.name}, an {KIND_NAMES[info.kind]}."]
    lines.append(info.header_reason or f"Header: row {info.header_row}.")
    if info.repaired_count:
        fallback = fallback_of(info.encoding or "") or ""
        lines.append(
            f"{_count(info.repaired_count, 'line')} repaired: not UTF-8, read as "
            f"{encoding_label(fallback)} ({_numbers(info.repaired_lines, info.repaired_count)})."
        )
    if info.garbled_count and info.encoding == UNGARBLED:
        lines.append(
            f"{_count(info.garbled_count, 'line')} repaired: text another program had garbled, "
            f"such as '{info.garbled_example}', put back as '{ungarble(info.garbled_example)}' "
            f"({_numbers(info.garbled_lines, info.garbled_count)})."
        )
    elif info.garbled_count:
        lines.append(
            f"Warning: {_count(info.garbled_count, 'line')} "
            f"({_numbers(info.garbled_lines, info.garbled_count)}) hold text another program "
            f"already garbled, such as '{info.garbled_example}'; fix those names in the file, "
            "or they arrive as shown."
        )
    return lines


def _count(count: int, noun: str) -> str:
    return f"{count} {noun}{'s' if count != 1 else ''}"


def _numbers(numbers: tuple[int, ...], count: int, shown: int = 10) -> str:
    """``line 5`` or ``lines 3, 5, 9…``."""
    listed = ", ".join(str(n) for n in numbers[:shown])
    return f"line{'s' if count != 1 else ''} {listed}{'…' if count > shown else ''}"
