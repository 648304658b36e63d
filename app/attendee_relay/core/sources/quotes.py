"""Find a quote that is opened and never closed, which would swallow the rest of a file.

With cells allowed to be large (``csv_source.CELL_LIMIT``), an unclosed quote near the end of a
file no longer trips csv's field limit: lenient csv would silently turn every later row into
one cell. A balanced file has an even number of quote characters (a quoted cell has two, an
escaped quote two), so only a file with an odd count is parsed again, strictly, to find the
row where the quote opens.
"""

from __future__ import annotations

import codecs
import csv
from pathlib import Path

from attendee_relay.core.errors import InputError

_CHUNK = 1 << 18
# Encodings in which byte 0x22 is always '"' and never part of another character.
_ASCII_SAFE_PREFIXES = ("utf-8", "utf_8", "x-utf-8", "cp", "iso8859", "koi8", "gb", "big5")


def check_quotes_closed(path: Path, encoding: str, errors: str, delimiter: str) -> None:
    """Raise if a quote opened in the file is never closed.

    Args:
        path: the file.
        encoding: its codec (UTF-16 and UTF-32 files are not checked: their field limit is
            the only guard).
        errors: the codec error handling.
        delimiter: the cell separator.

    Raises:
        InputError: naming the row where the unclosed quote opens.
    """
    name = codecs.lookup(encoding).name
    if not name.startswith(_ASCII_SAFE_PREFIXES) or _even_quote_count(path):
        return
    with path.open(encoding=encoding, errors=errors, newline="") as text:
        reader = csv.reader(text, delimiter=delimiter, strict=True)
        row = 0
        try:
            for row, _ in enumerate(reader, 1):  # noqa: B007 - the row is wanted after the loop
                pass
        except csv.Error as error:
            if "unexpected end of data" not in str(error):
                return  # a stray quote inside a cell: lenient reading copes with it
            raise InputError(
                f"Row {row + 1} of {path.name} opens a quote that is never closed, so every "
                "row after it would be one cell; close the quote (or remove it) and retry."
            ) from None


def _even_quote_count(path: Path) -> bool:
    count = 0
    with path.open("rb") as stream:
        while chunk := stream.read(_CHUNK):
            count += chunk.count(b'"')
    return count % 2 == 0
