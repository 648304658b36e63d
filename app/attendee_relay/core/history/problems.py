"""What SQLite's errors about the history mean for a coordinator, in one sentence each.

"Unexpected error: OperationalError: database or disk is full" says nothing a person can act on.
Each kind of failure gets a sentence that names the folder and what to do: free space (and
roughly how much), wait for another window or terminal using the history, or fix the folder.
A run stopped this way stays resumable: its rows are in the history up to the last commit, and
a run killed while reading reads on from there.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from attendee_relay.core.errors import InputError

#: The history keeps each row's cells as read and the record as sent, in JSON, with indexes:
#: about three times the row's bytes in the file (measured on the sample exports).
HISTORY_BYTES_PER_FILE_BYTE = 3
_MIN_FREE = 20 * 1024 * 1024


class HistoryUnwritable(InputError):
    """The history database could not be written (full disk, busy, read-only, damaged)."""


def explain(
    err: sqlite3.Error, path: Path, *, file_bytes: int | None = None, run_id: int | None = None
) -> HistoryUnwritable:
    """The sentence for ``err`` raised while using the history at ``path``.

    Args:
        err: what SQLite raised.
        path: the history database.
        file_bytes: the size of the file being imported, to say how much space it needs.
        run_id: the run that was stopped, to say how to go on.
    """
    name = getattr(err, "sqlite_errorname", "") or ""
    folder = path.parent
    then = (
        f", then continue with `attendee-relay resume {run_id}`"
        if run_id is not None
        else ", then try again"
    )
    if name == "SQLITE_FULL" or name.startswith("SQLITE_IOERR") or "disk" in str(err):
        need = max(_MIN_FREE, (file_bytes or 0) * HISTORY_BYTES_PER_FILE_BYTE)
        return HistoryUnwritable(
            f"The history in {folder} could not be written ({err}): the disk is full or failing. "
            f"Free about {_size(need)} there{then}; nothing delivered is lost."
        )
    if name in ("SQLITE_BUSY", "SQLITE_LOCKED") or "locked" in str(err):
        return HistoryUnwritable(
            f"The history in {folder} stayed busy in another Attendee Relay window or terminal "
            f"for too long; let that run finish{then}."
        )
    if name.startswith("SQLITE_READONLY") or name.startswith("SQLITE_CANTOPEN"):
        return HistoryUnwritable(
            f"The history in {folder} cannot be written ({err}); make that folder writable for "
            f"you{then}."
        )
    return HistoryUnwritable(f"The history in {folder} cannot be used ({err}){then}.")


def _size(n: int) -> str:
    return f"{max(1, round(n / 2**20)):,} MB"
