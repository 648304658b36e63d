"""A guard for OpenDocument sheets whose repeat counts would expand beyond memory.

An .ods row or cell can say "repeated N times" (``table:number-rows-repeated``,
``table:number-columns-repeated``). LibreOffice uses it for runs of empty rows, harmlessly, but a
filled row repeated twenty thousand times across a thousand columns is twenty million cells that
the reader (calamine) builds in memory: a 1 KB file took gigabytes and ended the process. The
sheet's XML is read here first, streaming (with defusedxml: no entity expansion either),
counting the filled cells the repeats would make.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from defusedxml.ElementTree import iterparse

from attendee_relay.core.errors import InputError

_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_ROW, _CELL = f"{{{_TABLE}}}table-row", f"{{{_TABLE}}}table-cell"
_ROWS_REPEATED = f"{{{_TABLE}}}number-rows-repeated"
_COLUMNS_REPEATED = f"{{{_TABLE}}}number-columns-repeated"
_VALUE_TYPE = f"{{{_OFFICE}}}value-type"

#: Filled cells an .ods may expand to: ten times the largest real attendee list we expect
#: (200,000 rows by 50 columns is 10 million).
MAX_FILLED_CELLS = 20_000_000


def check_repeated_cells(path: Path, archive: zipfile.ZipFile) -> None:
    """Raise if the workbook's repeated rows and cells would make too many filled cells.

    Raises:
        InputError: one sentence, before the sheet is read.
    """
    filled = 0
    row_cells = 0
    with archive.open("content.xml") as content:
        for _event, element in iterparse(content, events=("end",)):
            if element.tag == _CELL:
                if element.get(_VALUE_TYPE) or len(element) or (element.text or "").strip():
                    row_cells += int(element.get(_COLUMNS_REPEATED, "1") or 1)
                element.clear()
            elif element.tag == _ROW:
                filled += row_cells * int(element.get(_ROWS_REPEATED, "1") or 1)
                row_cells = 0
                element.clear()
                if filled > MAX_FILLED_CELLS:
                    raise InputError(
                        f"{path.name} is refused: its repeated rows and cells would make over "
                        f"{MAX_FILLED_CELLS:,} filled cells when opened, which no attendee list "
                        "needs; save the attendee sheet alone as CSV and choose that."
                    )
