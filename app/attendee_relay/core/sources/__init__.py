"""Reading attendee files: CSV in whatever encoding and separator people produce, and XLSX.

``open_source`` detects the format by content, the encoding, the separator and the header row,
and returns a ``Source`` whose ``rows()`` streams ``SourceRow`` values without loading the file.
"""

from attendee_relay.core.sources.base import Source, SourceInfo, SourceKind
from attendee_relay.core.sources.delimiter import parse_delimiter
from attendee_relay.core.sources.opening import file_sha256, open_source
from attendee_relay.core.sources.xlsx_source import cell_text

__all__ = [
    "Source",
    "SourceInfo",
    "SourceKind",
    "cell_text",
    "file_sha256",
    "open_source",
    "parse_delimiter",
]
