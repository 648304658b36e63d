"""Turning a raw header line into usable column names, and finding which line is the header."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

# A header below title lines has at least this many names; with fewer, a one-cell first line
# may be the real header of a narrow file.
_TITLE_LINE_MIN_HEADER_CELLS = 3
_TITLE_LINE_LOOKAHEAD = 10
_NAME_LIKE = re.compile(r"[^\W\d_]")  # a letter
# An e-mail address, a date or time, a long text, or a money amount: a value, not a name.
_NOT_A_NAME = re.compile(r"@|^\d[\d\s./:-]*$|^.{80,}$|^[$€£]\s?\d")


def is_blank(cells: Sequence[str]) -> bool:
    """True for a row a person would call empty: no cells, empty cells or only whitespace."""
    return not "".join(cells).strip()


def clean_header(cell: str) -> str:
    """A header cell as a name: BOMs dropped, surrounding space stripped, inner runs collapsed.

    A BOM survives in the first header when a file is read with an explicitly chosen codec that
    does not consume it (``utf-8`` instead of ``utf-8-sig``); quoted headers may hold newlines.
    """
    return " ".join(cell.replace("\ufeff", "").split())


def unique_headers(cells: Sequence[str]) -> list[str]:
    """Column names that are non-empty and distinct, in column order.

    Trailing empty header cells are dropped (Excel often writes a trailing separator or phantom
    formatted columns); an inner empty one becomes ``Column N`` (its 1-based position) and a
    repeated name gets `` (2)``, `` (3)``… in order of appearance.

    Args:
        cells: the raw header cells.

    Returns:
        The names, possibly fewer than ``cells`` when trailing cells were empty.
    """
    names = [clean_header(cell) for cell in cells]
    while names and not names[-1]:
        names.pop()
    taken: set[str] = set()
    result: list[str] = []
    # A generated name never takes one that a real header holds, even a later one.
    real = set(names)
    for position, name in enumerate(names, start=1):
        base = name or f"Column {position}"
        candidate, counter = base, 1
        while candidate in taken or (candidate != name and candidate in real):
            counter += 1
            candidate = f"{base} ({counter})"
        taken.add(candidate)
        result.append(candidate)
    return result


@dataclass(frozen=True)
class HeaderGuess:
    """Where the header was found and why, for the user.

    Attributes:
        index: position in the records given (0-based).
        reason: one sentence naming the 1-based row and why it was taken.
    """

    index: int
    reason: str


def guess_header_index(records: Sequence[Sequence[str]]) -> int | None:
    """Index in ``records`` of the header (see ``find_header``), or ``None`` when all are blank."""
    guess = find_header(records)
    return guess.index if guess else None


def find_header(records: Sequence[Sequence[str]]) -> HeaderGuess | None:
    """Find the header: the first row that looks like column names above rows as wide as it.

    Title lines, report details ("Report generated:, 2024-05-01") and blank lines above the
    real header are skipped: the header is the first row whose filled cells are mostly names
    (text, not numbers, dates or e-mail addresses), at least half as many as the data rows
    usually have, and at least three of them (with fewer, a short first line may be the header
    of a narrow file, so the first filled-in row is taken).

    Args:
        records: the first rows of the file, blank ones included, in order.

    Returns:
        The guess, or ``None`` when every row is blank.
    """
    filled = [(index, cells) for index, cells in enumerate(records) if not is_blank(cells)]
    if not filled:
        return None
    first = filled[0][0]
    widths = Counter(_width(cells) for _, cells in filled)
    data_width = max(widths, key=lambda width: (widths[width], width))
    for index, cells in filled[: _TITLE_LINE_LOOKAHEAD + 1]:
        names = [cell.strip() for cell in cells if cell.strip()]
        if len(names) < _TITLE_LINE_MIN_HEADER_CELLS:
            continue
        if len(names) * 2 < data_width or not _mostly_names(names):
            continue
        if index == first:
            break
        single = first + 1 == index
        above = (
            f"row {first + 1} above it looks"
            if single
            else f"rows {first + 1}–{index} above it look"
        )
        return HeaderGuess(
            index,
            f"Header: row {index + 1}; {above} like a title or report details, not column names.",
        )
    return HeaderGuess(first, f"Header: row {first + 1}, the first filled-in row.")


def _width(cells: Sequence[str]) -> int:
    """Cells up to the last filled one (a trailing separator adds no column)."""
    width = len(cells)
    while width and not cells[width - 1].strip():
        width -= 1
    return width


def _mostly_names(cells: Sequence[str]) -> bool:
    """True when at least two thirds of the cells read like column names."""
    names = sum(1 for cell in cells if _NAME_LIKE.search(cell) and not _NOT_A_NAME.search(cell))
    return names * 3 >= len(cells) * 2
