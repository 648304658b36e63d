"""Found by trying files a newcomer would: a small workbook whose shared strings are millions of
one-letter entries (a bomb under the size caps), and percentages rounded as Excel shows them."""

from __future__ import annotations

import time
import zipfile
from pathlib import Path

import pytest
import xlsxwriter

from attendee_relay.core.errors import InputError
from attendee_relay.core.sources import open_source


def test_a_workbook_of_tiny_shared_strings_is_refused_before_it_is_read(tmp_path: Path) -> None:
    normal = tmp_path / "normal.xlsx"
    book = xlsxwriter.Workbook(normal)
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["Name", "Email"])
    sheet.write_row(1, 0, ["Ada Nowak", "ada@example.com"])
    book.close()
    bomb = tmp_path / "bomb.xlsx"
    entries = "<si><t>a</t></si>" * 400_000  # 6.8 MB that compresses to a few KB
    with zipfile.ZipFile(normal) as source, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/sharedStrings.xml":
                data = data.replace(b"</sst>", entries.encode() + b"</sst>")
            out.writestr(item, data)
    assert bomb.stat().st_size < 200_000

    started = time.monotonic()
    with pytest.raises(InputError, match="would grow from"):
        open_source(bomb)
    assert time.monotonic() - started < 30  # refused from the archive's sizes, not by reading


def test_percentages_round_half_away_from_zero_as_excel_shows_them(tmp_path: Path) -> None:
    path = tmp_path / "shares.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet()
    whole = book.add_format({"num_format": "0%"})
    sheet.write_row(0, 0, ["Name", "Share"])
    for row, value in enumerate((0.125, 0.135, 0.145), start=1):
        sheet.write(row, 0, f"Guest {row}")
        sheet.write_number(row, 1, value, whole)
    book.close()

    shares = [row.values["Share"] for row in open_source(path).rows()]

    assert shares == ["13%", "14%", "15%"]
