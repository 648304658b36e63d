"""Refuse a zipped workbook (xlsx, xlsb, ods) that would inflate far beyond its size on disk.

Judged from the archive's own directory before any part is parsed: a "zip bomb" whose shared
strings inflate from 4 MB to gigabytes would otherwise take the laptop's memory for minutes.
Python's zipfile never inflates a part beyond the size its directory declares, so checking the
declared sizes bounds what the reader can be made to read.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from attendee_relay.core.errors import InputError

#: A part may inflate this much (the largest real workbooks' XML compresses 5 to 30 times)…
MAX_RATIO = 100
#: …once it is larger than this; below it any ratio is harmless.
RATIO_FLOOR = 64 * 1024 * 1024
#: And no workbook's parts may add up to more than this, whatever the ratios.
MAX_TOTAL = 1024 * 1024 * 1024
#: .ods and .xlsb are read whole into memory (calamine): their parts may add up to this much.
MAX_IN_MEMORY_TOTAL = 256 * 1024 * 1024
#: The shared-strings table is held in memory whole by every xlsx reader (the sheet itself is
#: streamed): this much XML is about a million distinct texts, several hundred MB in memory.
MAX_SHARED_STRINGS = 128 * 1024 * 1024
#: The shared strings are held whole, as one Python string per entry (~60 bytes each besides the
#: text): tiny entries that compress a hundredfold are a bomb long before 128 MB (63 MB of
#: one-letter entries took 510 MB and two minutes), so their ratio is checked from this size.
SHARED_STRINGS_RATIO_FLOOR = 4 * 1024 * 1024


def check_inflation(path: Path, archive: zipfile.ZipFile) -> None:
    """Raise if the workbook's declared sizes say it would inflate dangerously.

    Args:
        path: the file (for the message).
        archive: the opened archive.

    Raises:
        InputError: one sentence, before anything is inflated.
    """
    total = 0
    for member in archive.infolist():
        total += member.file_size
        ratio = member.file_size / max(member.compress_size, 1)
        shared = member.filename.lower().endswith("sharedstrings.xml")
        floor = SHARED_STRINGS_RATIO_FLOOR if shared else RATIO_FLOOR
        if member.file_size > floor and ratio > MAX_RATIO:
            raise InputError(
                f"{path.name} is refused: its part {member.filename} would grow from "
                f"{_mb(member.compress_size)} to {_mb(member.file_size)} when opened, which no "
                "real workbook does; save it again from your spreadsheet program or as CSV."
            )
        if shared and member.file_size > MAX_SHARED_STRINGS:
            raise InputError(
                f"{path.name} has {_mb(member.file_size)} of distinct texts, more than can be "
                "read safely in memory; save the attendee sheet as CSV and choose that."
            )
    if total > MAX_TOTAL:
        raise InputError(
            f"{path.name} is refused: it would grow to {_mb(total)} when opened; save the "
            "attendee sheet alone as CSV and choose that."
        )


def check_in_memory_size(path: Path, archive: zipfile.ZipFile) -> None:
    """Raise if a workbook read whole into memory (.ods, .xlsb) is too large for that.

    Raises:
        InputError: one sentence, before anything is inflated.
    """
    total = sum(member.file_size for member in archive.infolist())
    if total > MAX_IN_MEMORY_TOTAL:
        raise InputError(
            f"{path.name} holds {_mb(total)} of spreadsheet data, more than can be read safely "
            "in memory in this format; save it as .xlsx (read in a stream) or CSV and choose that."
        )


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):,.1f} MB"
