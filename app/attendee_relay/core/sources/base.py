"""What every source reader offers: the detected layout of a file and a streaming row iterator."""

from __future__ import annotations

import abc
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from attendee_relay.core.records import SourceRow

SourceKind = Literal["csv", "xlsx", "xlsb", "xls", "ods"]


@dataclass(frozen=True)
class SourceInfo:
    """How a source file was read: detected (or chosen) format, encoding, delimiter and headers.

    Attributes:
        path: the file.
        kind: ``"csv"`` for delimited text; ``"xlsx"``, ``"xlsb"``, ``"xls"`` (Excel 97-2003)
            or ``"ods"`` (OpenDocument) for a spreadsheet (decided by content, not by the file's
            extension).
        encoding: Python codec name used for text (``utf-8``, ``utf-8-sig``, ``utf-16``,
            ``cp1252``…); ``None`` for a spreadsheet.
        delimiter: the cell separator of a text file; ``None`` for a spreadsheet.
        header_row: 1-based row number of the header line, as a spreadsheet would number it.
        headers: column names, unique and non-empty (an empty one becomes ``Column 3``, a repeat
            ``Email (2)``), in column order.
        sheet: the worksheet read from a spreadsheet; ``None`` for csv.
        sheets: every worksheet name of a spreadsheet (empty for csv), for a sheet chooser.
        header_reason: why that row was taken as the header, in a sentence for the user.
        repaired_lines: in a UTF-8 file with a few lines from a legacy program, the numbers of
            those lines (the first hundred), which were decoded with a legacy code page.
        repaired_count: how many such lines there were.
        garbled_lines: lines whose text was already garbled by another program ("ZoÃ«"), the
            first hundred; they are read as they are, and the user is warned.
        garbled_count: how many such lines there were.
        garbled_example: one garbled word, to show.
    """

    path: Path
    kind: SourceKind
    encoding: str | None
    delimiter: str | None
    header_row: int
    headers: list[str]
    sheet: str | None = None
    sheets: list[str] = field(default_factory=list)
    header_reason: str = ""
    repaired_lines: tuple[int, ...] = ()
    repaired_count: int = 0
    garbled_lines: tuple[int, ...] = ()
    garbled_count: int = 0
    garbled_example: str = ""


class Source(abc.ABC):
    """An opened source file. Cheap to keep: nothing stays open between calls.

    Attributes:
        info: what was detected or chosen when the file was opened.
    """

    info: SourceInfo

    def __init__(self, info: SourceInfo) -> None:
        self.info = info

    @abc.abstractmethod
    def rows(self) -> Iterator[SourceRow]:
        """Stream the data rows below the header, a fresh pass over the file on each call.

        Blank rows (no cell, empty cells or only whitespace) are skipped but keep their number.
        Short rows are padded with ``""``; non-empty cells beyond the header's width are reported
        in ``SourceRow.extra_cells``. Values are the cell text exactly as read (not stripped).

        Raises:
            InputError: the file turns out unreadable part-way (bad bytes for the encoding, an
                unclosed quote swallowing the rest of the file, a damaged workbook).
        """

    @abc.abstractmethod
    def preview(self, limit: int = 20) -> list[list[str]]:
        """Raw cells of the first ``limit`` rows of the file, header and rows above it included.

        Item ``i`` is spreadsheet row ``i + 1``; a blank row is an empty list. Nothing is padded,
        renamed or skipped, so a person can see where the header really is.
        """
