"""OpenDocument repeat counts: LibreOffice's long runs of empty rows are read as usual, but a
filled row repeated across a million cells is refused before it is expanded in memory (a 1 KB
file once took gigabytes and ended the process). The workbooks are written by hand here, as a
zip of the OpenDocument parts, not by the reader under test."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from attendee_relay.core.errors import InputError
from attendee_relay.core.sources import open_source

NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
)
MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
    'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
    '<manifest:file-entry manifest:full-path="/" '
    'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    "</manifest:manifest>"
)


def cell(text: str, repeat: int = 1) -> str:
    times = f' table:number-columns-repeated="{repeat}"' if repeat > 1 else ""
    return f'<table:table-cell office:value-type="string"{times}><text:p>{text}</text:p></table:table-cell>'


def ods(path: Path, rows: str) -> Path:
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {NS} office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="Guests">'
        f"{rows}</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet",
                         compress_type=zipfile.ZIP_STORED)  # fmt: skip
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", MANIFEST, compress_type=zipfile.ZIP_DEFLATED)
    return path


HEADER = f"<table:table-row>{cell('Name')}{cell('Email')}</table:table-row>"
GUEST = f"<table:table-row>{cell('Zoë Dupré')}{cell('zoe@example.com')}</table:table-row>"


def test_long_runs_of_empty_rows_as_libreoffice_writes_them_are_read(tmp_path: Path) -> None:
    empty = (
        '<table:table-row table:number-rows-repeated="1048574">'
        '<table:table-cell table:number-columns-repeated="1024"/></table:table-row>'
    )
    source = open_source(ods(tmp_path / "guests.ods", HEADER + GUEST + empty))
    assert [row.values for row in source.rows()] == [
        {"Name": "Zoë Dupré", "Email": "zoe@example.com"}
    ]


def test_a_filled_row_repeated_into_millions_of_cells_is_refused(tmp_path: Path) -> None:
    bomb = (
        f'<table:table-row table:number-rows-repeated="50000">{cell("x", 1000)}</table:table-row>'
    )
    path = ods(tmp_path / "bomb.ods", HEADER + GUEST + bomb)
    assert path.stat().st_size < 5_000
    with pytest.raises(InputError, match="repeated rows and cells"):
        open_source(path)
