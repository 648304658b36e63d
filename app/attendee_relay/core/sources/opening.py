"""Open any attendee file: recognise it by content, detect its layout, hand back a Source."""

from __future__ import annotations

import codecs
import hashlib
from pathlib import Path

from attendee_relay.core.errors import InputError
from attendee_relay.core.sources.base import Source, SourceInfo, SourceKind
from attendee_relay.core.sources.calamine_source import (
    CalamineSource,
    open_calamine_sheet,
    read_calamine_head,
)
from attendee_relay.core.sources.content import HEAD_SIZE, detect_kind
from attendee_relay.core.sources.csv_source import CsvSource, read_head_until_error
from attendee_relay.core.sources.delimiter import (
    declared_delimiter,
    detect_delimiter,
    parse_delimiter,
)
from attendee_relay.core.sources.encoding import EncodingChoice, check_encoding, detect_encoding
from attendee_relay.core.sources.headers import find_header, is_blank, unique_headers
from attendee_relay.core.sources.quotes import check_quotes_closed
from attendee_relay.core.sources.xlsx_source import XlsxSource, open_worksheet, read_sheet_head

# Rows read to find the header when none is chosen: enough to skip a title and blank lines.
_HEADER_SEARCH_ROWS = 50


def open_source(
    path: Path | str,
    *,
    encoding: str | None = None,
    delimiter: str | None = None,
    sheet: str | None = None,
    header_row: int | None = None,
) -> Source:
    """Open a CSV, Excel (.xlsx, .xlsb, .xls) or OpenDocument (.ods) file, detecting the rest.

    The format is decided by content, not by extension: an .xlsx renamed to .csv is read as the
    workbook it is. Nothing stays open afterwards; ``Source.rows()`` streams the file anew.

    Args:
        path: the file.
        encoding: text encoding to use instead of detecting it (csv only).
        delimiter: cell separator instead of detecting it: a character or ``comma``,
            ``semicolon``, ``tab``, ``pipe`` (csv only).
        sheet: worksheet name (spreadsheets only; default the first sheet).
        header_row: 1-based row number of the header line (default: found by ``find_header``,
            skipping title lines and report details above it).

    Returns:
        The opened source with its ``info``.

    Raises:
        InputError: with one sentence, for a missing file, a folder, an empty file, a file that is
            not a table, an unknown sheet or encoding, a header row beyond the file, or text
            that cannot be decoded.
    """
    path = Path(path)
    if header_row is not None and header_row < 1:
        raise InputError(f"The header row must be 1 or more, not {header_row}.")
    head = _read_head(path)
    kind = detect_kind(path, head)
    if kind != "csv":
        return _open_spreadsheet(path, kind, sheet, header_row)
    return _open_csv(path, head, encoding, delimiter, header_row)


def file_sha256(path: Path) -> str:
    """Hex SHA-256 of a file's bytes, read in chunks (used to recognise a file already imported).

    Raises:
        InputError: the file cannot be read.
    """
    try:
        with Path(path).open("rb") as stream:
            return hashlib.file_digest(stream, "sha256").hexdigest()
    except OSError as error:
        raise InputError(
            f"{Path(path).name} cannot be read ({error.strerror}); check the file."
        ) from None


def _read_head(path: Path) -> bytes:
    if not path.exists():
        raise InputError(f"{path} does not exist; check the file name and folder.")
    if path.is_dir():
        raise InputError(f"{path} is a folder; choose a CSV or Excel file inside it.")
    try:
        with path.open("rb") as stream:
            head = stream.read(HEAD_SIZE)
    except OSError as error:
        raise InputError(
            f"{path.name} cannot be opened ({error.strerror}); check the file."
        ) from None
    if not head:
        raise _empty(path)
    return head


def _empty(path: Path) -> InputError:
    return InputError(f"{path.name} is empty; choose a file with a header row and attendees.")


def _open_csv(
    path: Path,
    head: bytes,
    encoding: str | None,
    delimiter: str | None,
    header_row: int | None,
) -> CsvSource:
    choice = check_encoding(path, head, encoding) if encoding else detect_encoding(path, head)
    complete = len(head) < HEAD_SIZE
    text = _decode_sample(path, head, choice, complete=complete)
    if not text.strip():
        raise _empty(path)
    declared = declared_delimiter(text)
    if delimiter:
        separator = parse_delimiter(delimiter)
    elif declared:
        separator = declared
    else:
        separator = detect_delimiter(text, complete=complete)
    check_quotes_closed(path, choice.encoding, choice.errors, separator)
    records, error = read_head_until_error(
        path, choice, separator, max(header_row or 0, _HEADER_SEARCH_ROWS)
    )
    if declared and records:
        records[0] = []  # Excel's "sep=;" line is neither a title nor the header
    try:
        number, headers, reason = _headers(path, records, header_row)
    except InputError:
        if error is None:
            raise
        # Reading broke off before the header was found: the broken row is the real cause.
        raise error from None
    info = SourceInfo(
        path=path,
        kind="csv",
        encoding=choice.encoding,
        delimiter=separator,
        header_row=number,
        headers=headers,
        header_reason=reason,
        repaired_lines=choice.repaired_lines,
        repaired_count=choice.repaired_count,
        garbled_lines=choice.garbled_lines,
        garbled_count=choice.garbled_count,
        garbled_example=choice.garbled_example,
    )
    return CsvSource(info, choice)


def _open_spreadsheet(
    path: Path, kind: SourceKind, sheet: str | None, header_row: int | None
) -> Source:
    limit = max(header_row or 0, _HEADER_SEARCH_ROWS)
    source_type: type[XlsxSource | CalamineSource]
    if kind == "xlsx":
        with open_worksheet(path, sheet) as (worksheet, names):
            chosen = worksheet.title
        records = read_sheet_head(path, chosen, limit)
        source_type = XlsxSource
    else:
        with open_calamine_sheet(path, kind, sheet) as (calamine_sheet, names):
            chosen = calamine_sheet.name
        records = read_calamine_head(path, kind, chosen, limit)
        source_type = CalamineSource
    number, headers, reason = _headers(path, records, header_row)
    info = SourceInfo(
        path=path,
        kind=kind,
        encoding=None,
        delimiter=None,
        header_row=number,
        headers=headers,
        sheet=chosen,
        sheets=names,
        header_reason=reason,
    )
    return source_type(info)


def _decode_sample(path: Path, head: bytes, choice: EncodingChoice, *, complete: bool) -> str:
    decoder = codecs.getincrementaldecoder(choice.encoding)(choice.errors)
    try:
        return decoder.decode(head, final=complete)
    except UnicodeDecodeError:
        raise InputError(
            f"{path.name} cannot be read as {choice.encoding}; choose the file's encoding."
        ) from None


def _headers(
    path: Path, records: list[list[str]], header_row: int | None
) -> tuple[int, list[str], str]:
    """The header's row number, unique names and why that row, chosen or found."""
    if header_row is None:
        guess = find_header(records)
        if guess is None:
            raise InputError(
                f"{path.name} has no filled-in rows in its first {len(records)} lines; "
                "choose the file with the attendee list."
            )
        header_row, reason = guess.index + 1, guess.reason
    elif header_row > len(records):
        raise InputError(
            f"{path.name} has only {len(records)} rows, so row {header_row} cannot be its header; "
            "choose a lower header row."
        )
    else:
        reason = f"Header: row {header_row}, as chosen."
    cells = records[header_row - 1]
    if is_blank(cells):
        raise InputError(
            f"Row {header_row} of {path.name} is empty, so it cannot be the header; "
            "choose the row with the column names."
        )
    return header_row, unique_headers(cells), reason
