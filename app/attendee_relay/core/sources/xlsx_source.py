"""Stream rows out of an Excel workbook with openpyxl in read-only mode, every value as text."""

from __future__ import annotations

import datetime as dt
import math
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import islice
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from attendee_relay.core.errors import InputError
from attendee_relay.core.records import SourceRow
from attendee_relay.core.sources.base import Source
from attendee_relay.core.sources.number_formats import format_number
from attendee_relay.core.sources.shaping import shape_row

# Rows are pulled from openpyxl in small batches so its warnings (unsupported extensions,
# missing styles) can be silenced around each pull without leaking the filter to our caller.
_BATCH = 256


def cell_text(value: Any) -> str:
    """An Excel cell's value as the text a coordinator sees, never mangled.

    Integers and integral floats print without ``.0`` or exponent (ids and phone numbers stored
    as numbers); other floats use the shortest exact form (``0.5``); dates are ISO
    (``2024-05-01``, or ``2024-05-01 09:30:00`` with a time); booleans ``TRUE``/``FALSE``;
    empty ``""``. Text cells (numbers stored as text keep their leading zeros) pass through.
    """
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer():
            return str(int(value))
        return str(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time():
            return value.date().isoformat()
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.strftime("%H:%M:%S")
    return str(value)


def row_texts(values: tuple[Any, ...]) -> list[str]:
    """One worksheet row as text, trailing empty cells (phantom formatted columns) dropped."""
    cells = [value if type(value) is str else cell_text(value) for value in values]
    while cells and not cells[-1]:
        cells.pop()
    return cells


def formatted_row_texts(cells: tuple[Any, ...]) -> list[str]:
    """A row of openpyxl cells as text, numbers shown as their format shows them."""
    texts = []
    for cell in cells:
        value = cell.value
        if type(value) is str:
            texts.append(value)
            continue
        shown = None
        if type(value) in (int, float) and cell.number_format != "General":
            shown = format_number(value, cell.number_format)
        texts.append(shown if shown is not None else cell_text(value))
    while texts and not texts[-1]:
        texts.pop()
    return texts


@contextmanager
def open_worksheet(path: Path, sheet: str | None) -> Iterator[tuple[ReadOnlyWorksheet, list[str]]]:
    """Open one worksheet of a workbook read-only; the workbook and file close on exit.

    Args:
        path: the workbook (any file name: openpyxl is handed the open file, so a workbook
            renamed to ``.csv`` still opens).
        sheet: the worksheet's name, or ``None`` for the first one.

    Yields:
        The worksheet and the names of every worksheet in the workbook.

    Raises:
        InputError: the workbook is damaged, has no worksheet, or has no sheet of that name.
    """
    try:
        stream = path.open("rb")
    except OSError as error:
        raise InputError(
            f"{path.name} cannot be opened ({error.strerror}); check the file."
        ) from None
    with stream:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                workbook = load_workbook(stream, read_only=True, data_only=True)
        except Exception:  # openpyxl raises anything from KeyError to XML errors on bad files
            raise damaged(path) from None
        try:
            names = [ws.title for ws in workbook.worksheets]
            worksheet = workbook[choose_sheet(path, names, sheet)]
            assert isinstance(worksheet, ReadOnlyWorksheet)
            yield worksheet, names
        finally:
            workbook.close()


def choose_sheet(path: Path, names: list[str], sheet: str | None) -> str:
    """The sheet to read: the one named, or the first.

    Raises:
        InputError: the workbook has no sheet, or none of that name.
    """
    if not names:
        raise InputError(f"{path.name} has no worksheet with cells; choose another file.")
    chosen = sheet if sheet is not None else names[0]
    if chosen not in names:
        raise InputError(
            f"{path.name} has no sheet named '{sheet}'; choose one of: {', '.join(names)}."
        )
    return chosen


def damaged(path: Path) -> InputError:
    """The one-sentence error for a workbook openpyxl cannot read."""
    return InputError(
        f"{path.name} is an Excel workbook that cannot be read (it may be damaged); "
        "open it in Excel, save it again and retry."
    )


def iter_values(path: Path, worksheet: ReadOnlyWorksheet) -> Iterator[list[str]]:
    """Every row of the worksheet from row 1 on as text (gaps come as empty rows), in batches."""
    # types-openpyxl types iter_rows on Worksheet only; ReadOnlyWorksheet borrows it at run time.
    # Cells rather than values: their number formats say how a number is shown (as fast here).
    cells: Iterator[tuple[Any, ...]] = worksheet.iter_rows(min_row=1)  # type: ignore[misc]
    rows = map(formatted_row_texts, cells)
    while True:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                batch = list(islice(rows, _BATCH))
        except Exception:  # a damaged sheet part surfaces only while parsing
            raise damaged(path) from None
        if not batch:
            return
        yield from batch


class XlsxSource(Source):
    """One worksheet of an Excel workbook (.xlsx, .xlsm)."""

    def rows(self) -> Iterator[SourceRow]:
        info = self.info
        headers = info.headers
        with open_worksheet(info.path, info.sheet) as (worksheet, _):
            values = iter_values(info.path, worksheet)
            for number, row in enumerate(
                islice(values, info.header_row, None), info.header_row + 1
            ):
                shaped = shape_row(number, row, headers)
                if shaped is not None:
                    yield shaped

    def preview(self, limit: int = 20) -> list[list[str]]:
        return read_sheet_head(self.info.path, self.info.sheet, limit)


def read_sheet_head(path: Path, sheet: str | None, limit: int) -> list[list[str]]:
    """The first ``limit`` rows of a worksheet as text (a blank row is an empty list)."""
    with open_worksheet(path, sheet) as (worksheet, _):
        return [
            cells if "".join(cells).strip() else []
            for cells in islice(iter_values(path, worksheet), limit)
        ]
