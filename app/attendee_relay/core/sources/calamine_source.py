"""Read .xls (Excel 97-2003), .xlsb and .ods (OpenDocument) worksheets with python-calamine.

calamine (Rust) reads the whole worksheet into memory, which is why .xlsx keeps its streaming
openpyxl reader (bench/spreadsheets.py: calamine is ~12x faster there but its memory grows with
the sheet). An .xls holds at most 65,536 rows by its format; .ods and .xlsb files are checked
against zip bombs before this runs.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from itertools import islice
from pathlib import Path
from typing import Any

from python_calamine import CalamineError, CalamineSheet, CalamineWorkbook, PasswordError

from attendee_relay.core.errors import InputError
from attendee_relay.core.records import SourceRow
from attendee_relay.core.sources.base import Source
from attendee_relay.core.sources.shaping import shape_row
from attendee_relay.core.sources.xlsx_source import choose_sheet, row_texts

_KIND_NAMES = {"xls": "Excel 97-2003", "xlsb": "Excel binary", "ods": "OpenDocument"}


@contextmanager
def open_calamine_sheet(
    path: Path, kind: str, sheet: str | None
) -> Iterator[tuple[CalamineSheet, list[str]]]:
    """Open one worksheet; the workbook closes on exit.

    Args:
        path: the workbook.
        kind: ``xls``, ``xlsb`` or ``ods`` (for messages).
        sheet: the worksheet's name, or ``None`` for the first one.

    Yields:
        The worksheet and the names of every worksheet.

    Raises:
        InputError: an encrypted, damaged or sheet-less workbook, or no sheet of that name.
    """
    what = _KIND_NAMES.get(kind, "spreadsheet")
    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except PasswordError:
        raise _password_protected(path) from None
    except (CalamineError, OSError, ValueError):
        if kind == "xls" and _encrypted_office_file(path):
            raise _password_protected(path) from None
        raise InputError(
            f"{path.name} cannot be read as an {what} workbook (it may be damaged or not a "
            "spreadsheet); open it, save it again and retry."
        ) from None
    try:
        names = list(workbook.sheet_names)
        chosen = choose_sheet(path, names, sheet)
        try:
            worksheet = workbook.get_sheet_by_name(chosen)
        except (CalamineError, ValueError):
            raise InputError(
                f"Sheet '{chosen}' of {path.name} cannot be read (it may be damaged); open the "
                "workbook, save it again and retry."
            ) from None
        yield worksheet, names
    finally:
        workbook.close()


def _password_protected(path: Path) -> InputError:
    return InputError(
        f"{path.name} is protected by a password; open it, save a copy without the password "
        "(or as CSV) and choose that."
    )


# A password-protected .xlsx is an OLE2 file (like .xls) holding an "EncryptionInfo" stream;
# the name is in the file's directory, in UTF-16.
_ENCRYPTION_INFO = "EncryptionInfo".encode("utf-16-le")
_ENCRYPTED_SCAN_LIMIT = 64 * 1024 * 1024


def _encrypted_office_file(path: Path) -> bool:
    try:
        with path.open("rb") as stream:
            return _ENCRYPTION_INFO in stream.read(_ENCRYPTED_SCAN_LIMIT)
    except OSError:
        return False


def _values(worksheet: CalamineSheet) -> Iterator[list[Any]]:
    # iter_rows starts at row 1 (blank top rows included), so row numbers match the sheet's.
    rows: Iterator[list[Any]] = worksheet.iter_rows()
    return rows


class CalamineSource(Source):
    """One worksheet of an .xls, .xlsb or .ods workbook."""

    def rows(self) -> Iterator[SourceRow]:
        info = self.info
        with open_calamine_sheet(info.path, info.kind, info.sheet) as (worksheet, _):
            for number, row in enumerate(
                islice(_values(worksheet), info.header_row, None), info.header_row + 1
            ):
                shaped = shape_row(number, row_texts(tuple(row)), info.headers)
                if shaped is not None:
                    yield shaped

    def preview(self, limit: int = 20) -> list[list[str]]:
        return read_calamine_head(self.info.path, self.info.kind, self.info.sheet, limit)


def read_calamine_head(path: Path, kind: str, sheet: str | None, limit: int) -> list[list[str]]:
    """The first ``limit`` rows of a worksheet as text (a blank row is an empty list)."""
    with open_calamine_sheet(path, kind, sheet) as (worksheet, _):
        return [
            cells if "".join(cells).strip() else []
            for cells in (row_texts(tuple(row)) for row in islice(_values(worksheet), limit))
        ]
