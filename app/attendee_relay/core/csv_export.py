"""CSV files we write for people to open in a spreadsheet, safe from formulas planted in the data.

Follows OWASP's CSV injection advice: a cell that a spreadsheet would read as a formula gets a
leading single quote, and every cell is quoted.
"""

from __future__ import annotations

import csv
import os
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

from attendee_relay.core.errors import InputError

# OWASP's list (= + - @ tab CR), plus the full-width = + - @ that some spreadsheets (Excel with
# East Asian input) also turn into formulas.
FORMULA_TRIGGERS = frozenset("=+-@\t\r\uff1d\uff0b\uff0d\uff20")


def neutralize_cell(value: str) -> str:
    """Make a cell safe to open in a spreadsheet.

    A cell starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return is prefixed with a
    single quote so no spreadsheet runs it. This deliberately includes harmless-looking data such
    as the phone number ``+44 20 7946 0958`` or the number ``-12.5``: telling a real number from
    ``-2+3+cmd|' /C calc'!A0`` is exactly the guessing attackers exploit, and Excel shows a
    quote-prefixed cell as the plain text a coordinator needs (the quote itself is not shown).

    Args:
        value: the cell's text.

    Returns:
        The text to write.
    """
    if value and value[0] in FORMULA_TRIGGERS:
        return "'" + value
    return value


def _cell_text(value: object) -> str:
    return "" if value is None else value if isinstance(value, str) else str(value)


def write_rows_csv(
    path: Path | str,
    headers: Sequence[str],
    rows: Iterable[Sequence[object]],
) -> int:
    """Write a spreadsheet-safe CSV, streaming, replacing ``path`` only once it is complete.

    UTF-8 with a byte-order mark (so Excel reads accents right), CRLF line ends, every cell
    quoted and neutralised. ``None`` cells are written empty.

    Args:
        path: the file to write.
        headers: the header row.
        rows: the data rows; consumed once, never held in memory.

    Returns:
        The number of data rows written.

    Raises:
        InputError: the file cannot be written there.
    """
    target = Path(path)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise InputError(
            f"Cannot write {target} ({exc.strerror or exc}); choose another folder."
        ) from None
    count = 0
    try:
        with os.fdopen(fd, "w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\r\n", quoting=csv.QUOTE_ALL)
            writer.writerow([neutralize_cell(_cell_text(h)) for h in headers])
            for row in rows:
                writer.writerow([neutralize_cell(_cell_text(cell)) for cell in row])
                count += 1
        # The file stays private to the user (mkstemp's 0600): it holds attendees' personal data.
        os.replace(tmp_name, target)
    except BaseException as exc:
        Path(tmp_name).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise InputError(
                f"Cannot write {target} ({exc.strerror or exc}); choose another folder."
            ) from None
        raise
    return count
