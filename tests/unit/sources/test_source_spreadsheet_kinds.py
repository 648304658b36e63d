""".xls, .ods and typed .xlsx cells, from independent writers (xlwt, odfpy, xlsxwriter)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from attendee_relay.core.errors import InputError
from attendee_relay.core.sources import open_source
from fixtures.sources import spreadsheets


@pytest.mark.parametrize(
    ("writer", "name", "kind"),
    [
        (spreadsheets.write_xls, "registrations.xls", "xls"),
        (spreadsheets.write_ods, "registrations.ods", "ods"),
    ],
    ids=["xls", "ods"],
)
def test_older_and_libreoffice_workbooks_read_with_header_below_the_title(
    tmp_path: Path, writer: Callable[[Path], Path], name: str, kind: str
) -> None:
    source = open_source(writer(tmp_path / name))
    assert source.info.kind == kind
    assert source.info.sheets == ["Registrations"]
    assert source.info.header_row == spreadsheets.HEADER_ROW
    assert source.info.header_reason.startswith(
        "Header: row 3; rows 1–2 above it look like a title"
    )
    assert [row.values for row in source.rows()] == spreadsheets.expected_rows()
    assert source.preview(2)[0] == [spreadsheets.TITLE]


def test_xls_renamed_to_csv_is_still_read_as_a_workbook(tmp_path: Path) -> None:
    path = spreadsheets.write_xls(tmp_path / "book.xls").rename(tmp_path / "export.csv")
    assert [row.values for row in open_source(path).rows()] == spreadsheets.expected_rows()


def test_unknown_sheet_of_an_ods_lists_the_sheets(tmp_path: Path) -> None:
    path = spreadsheets.write_ods(tmp_path / "r.ods")
    with pytest.raises(InputError, match="has no sheet named 'Nope'; choose one of: Registrations"):
        open_source(path, sheet="Nope")


def test_typed_excel_cells_come_out_as_excel_shows_them(tmp_path: Path) -> None:
    path = spreadsheets.write_typed_xlsx(tmp_path / "typed.xlsx")
    rows = [row.values for row in open_source(path).rows()]
    assert rows == spreadsheets.TYPED_EXPECTED


def test_zip_bomb_workbook_is_refused_from_its_declared_sizes(
    tmp_path: Path,
) -> None:
    path = spreadsheets.write_zip_bomb_xlsx(tmp_path / "bomb.xlsx")
    with pytest.raises(InputError) as caught:
        open_source(path)
    message = str(caught.value)
    assert "bomb.xlsx is refused: its part xl/sharedStrings.xml would grow" in message
    assert "\n" not in message


def test_password_protected_workbook_says_so(tmp_path: Path) -> None:
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = spreadsheets.write_typed_xlsx(tmp_path / "plain.xlsx")
    path = tmp_path / "locked.xlsx"
    with plain.open("rb") as source, path.open("wb") as locked:
        OOXMLFile(source).encrypt("secret", locked)  # as Excel's "Encrypt with password" does
    with pytest.raises(InputError, match=r"locked\.xlsx is protected by a password"):
        open_source(path)


def test_a_shared_strings_table_too_big_for_memory_is_refused_before_parsing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The real limit is 128 MB of XML; lowered so the test need not write that much.
    from attendee_relay.core.sources import zip_guard

    monkeypatch.setattr(zip_guard, "MAX_SHARED_STRINGS", 100)
    path = spreadsheets.write_typed_xlsx(tmp_path / "big.xlsx")
    with pytest.raises(InputError, match=r"big\.xlsx has .* MB of distinct texts"):
        open_source(path)


def test_an_ods_too_big_to_hold_in_memory_is_refused_before_parsing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The real limit is 256 MB of XML; lowered so the test need not write that much.
    from attendee_relay.core.sources import zip_guard

    monkeypatch.setattr(zip_guard, "MAX_IN_MEMORY_TOTAL", 1000)
    path = spreadsheets.write_ods(tmp_path / "huge.ods")
    with pytest.raises(InputError, match=r"huge\.ods holds .* MB of spreadsheet data"):
        open_source(path)
