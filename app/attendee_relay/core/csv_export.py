"""CSV files we write for people to open in a spreadsheet, safe from formulas planted in the data.

Follows OWASP's CSV injection advice: a cell that a spreadsheet would read as a formula gets a
leading single quote, and every cell is quoted.
"""

from __future__ import annotations

import csv
import os
import stat
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


class FileNotWritable(InputError):
    """A file we are to write cannot be written there now: read-only, held open by another
    program (Excel locks the files it has open, on Windows), or its folder is missing."""


def check_writable(path: Path | str) -> None:
    """Check, without changing anything, that ``path`` can be written now.

    A read-only file counts as unwritable even where the OS would let us replace it (a Unix
    rename ignores the file's own mode; Windows refuses it), so the answer is the same everywhere.

    Raises:
        FileNotWritable: one sentence saying what to do.
    """
    target = Path(path)
    if target.is_dir():
        raise FileNotWritable(f"{target} is a folder; give a file name such as errors.csv.")
    if target.exists():
        try:
            read_only = not target.stat().st_mode & stat.S_IWUSR
            if not read_only:
                # Opening for writing without truncating: a file another program holds (a
                # sharing violation on Windows) or one we may not write fails here.
                with target.open("r+b"):
                    pass
        except OSError:
            read_only = True
        if read_only:
            raise FileNotWritable(
                f"{target} is read-only or open in another program; close it there (in Excel, "
                "say) or choose another name, and try again."
            )
        return
    folder = target.parent
    if not folder.is_dir():
        raise FileNotWritable(
            f"Cannot write {target} (the folder {folder} does not exist); choose another folder."
        )
    if not os.access(folder, os.W_OK):
        raise FileNotWritable(
            f"Cannot write {target} (the folder {folder} is not writable); choose another folder."
        )


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
        FileNotWritable: the file is read-only or held by another program.
        InputError: the file cannot be written there.
    """
    target = Path(path)
    check_writable(target)
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
        check_writable(target)  # it may have been opened in Excel while the rows were written
        os.replace(tmp_name, target)
    except BaseException as exc:
        Path(tmp_name).unlink(missing_ok=True)
        if isinstance(exc, PermissionError) and target.exists():
            # Windows refuses to replace a file another program holds open.
            raise FileNotWritable(
                f"{target} is open in another program; close it there (in Excel, say) or "
                "choose another name, and try again."
            ) from None
        if isinstance(exc, OSError):
            raise InputError(
                f"Cannot write {target} ({exc.strerror or exc}); choose another folder."
            ) from None
        raise
    return count
