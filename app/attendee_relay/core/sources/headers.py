"""Turning a raw header line into usable column names, and finding which line is the header."""

from __future__ import annotations

from collections.abc import Sequence

# A title line ("Attendees – Expo 2024") above a real header has one filled cell; a header
# below it has at least this many. Fewer than this and a one-cell line may be a real header.
_TITLE_LINE_MIN_HEADER_CELLS = 3
_TITLE_LINE_LOOKAHEAD = 10


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


def guess_header_index(records: Sequence[Sequence[str]]) -> int | None:
    """Index in ``records`` of the header: the first non-blank row, skipping a one-cell title line.

    Args:
        records: the first rows of the file, blank ones included, in order.

    Returns:
        The index, or ``None`` when every row is blank.
    """
    filled = [
        (index, sum(1 for cell in cells if cell.strip()))
        for index, cells in enumerate(records)
        if not is_blank(cells)
    ][: _TITLE_LINE_LOOKAHEAD + 1]
    if not filled:
        return None
    # Skip single-cell title lines only when a proper multi-column header follows them.
    for position, (index, count) in enumerate(filled):
        if count > 1:
            if position and count >= _TITLE_LINE_MIN_HEADER_CELLS:
                return index
            break
    return filled[0][0]
