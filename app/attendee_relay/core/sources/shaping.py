"""Fit a row's cells to the header: pad short rows, report non-empty cells beyond its width."""

from __future__ import annotations

from collections.abc import Sequence

from attendee_relay.core.records import SourceRow


def shape_row(number: int, cells: list[str], headers: Sequence[str]) -> SourceRow | None:
    """Build the ``SourceRow`` for one record, or ``None`` for a blank one.

    Args:
        number: the row's spreadsheet number.
        cells: its cells as text; may be modified (padded) in place.
        headers: the unique column names.

    Returns:
        The row, or ``None`` when every cell is empty or whitespace (a blank or
        separator-only line).
    """
    if not "".join(cells).strip():
        return None
    width = len(headers)
    if len(cells) < width:
        cells.extend([""] * (width - len(cells)))
        return SourceRow(number, dict(zip(headers, cells, strict=True)))
    return SourceRow(number, dict(zip(headers, cells, strict=False)), extra_cells(cells, width))


def extra_cells(cells: Sequence[str], width: int) -> tuple[str, ...]:
    """The cells past the header's width, trailing empty ones dropped (a trailing separator)."""
    extra = list(cells[width:])
    while extra and not extra[-1].strip():
        extra.pop()
    return tuple(extra)
