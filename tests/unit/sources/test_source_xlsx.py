"""Excel workbooks: first or chosen sheet, values as the text a coordinator sees, never mangled."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path
from typing import Any

import pytest

from attendee_relay.core.errors import InputError
from attendee_relay.core.records import SourceRow
from attendee_relay.core.sources import cell_text, open_source, xlsx_source
from fixtures.sources import make_files


def test_first_sheet_is_read_by_default_and_every_sheet_is_listed(tmp_path: Path) -> None:
    source = open_source(make_files.write_xlsx(tmp_path / "book.xlsx"))
    info = source.info
    assert (info.kind, info.encoding, info.delimiter) == ("xlsx", None, None)
    assert info.sheet == "Attendees"
    assert info.sheets == ["Attendees", "Speakers"]
    assert info.header_row == 1
    assert info.headers == make_files.XLSX_HEADERS


def test_xlsx_values_keep_leading_zeros_long_ids_and_phones(tmp_path: Path) -> None:
    rows = list(open_source(make_files.write_xlsx(tmp_path / "book.xlsx")).rows())
    assert rows[0] == SourceRow(
        2,
        {
            "Badge ID": "00123",
            "Name": "Jürgen Müller",
            "Email": "j@example.de",
            "Phone": "+447700900123",
            "Member No": "1234567890123456",
            "Registered": "2024-05-01",
            "VIP": "TRUE",
            "Share": "0.5",
        },
    )
    assert rows[1].values["Name"] == "山田太郎"
    assert rows[1].values["Member No"] == "44"
    assert rows[1].values["Registered"] == "2024-05-01 09:30:00"
    assert rows[1].values["VIP"] == "FALSE"
    assert rows[2].values["Badge ID"] == "12345678901234567890"
    assert rows[2].values["Member No"] == "000777"
    assert rows[2].values["Name"] == "Señora Núñez"


def test_blank_sheet_rows_are_skipped_but_keep_their_number(tmp_path: Path) -> None:
    rows = list(open_source(make_files.write_xlsx(tmp_path / "book.xlsx")).rows())
    assert [row.number for row in rows] == [2, 3, 4, 6]
    assert rows[-1].values["Phone"] == ""


def test_chosen_sheet_is_read_and_its_title_line_skipped(tmp_path: Path) -> None:
    source = open_source(make_files.write_xlsx(tmp_path / "book.xlsx"), sheet="Speakers")
    assert source.info.sheet == "Speakers"
    assert source.info.header_row == 3
    assert list(source.rows()) == [
        SourceRow(4, {"Name": "Ada Lovelace", "Talk": "Engines", "Email": "ada@example.com"})
    ]


def test_unknown_sheet_names_the_sheets_there_are(tmp_path: Path) -> None:
    path = make_files.write_xlsx(tmp_path / "book.xlsx")
    with pytest.raises(
        InputError, match=r"no sheet named 'Guests'; choose one of: Attendees, Speakers\."
    ):
        open_source(path, sheet="Guests")


def test_xlsx_renamed_to_csv_is_read_as_the_workbook_it_is(tmp_path: Path) -> None:
    path = make_files.write_xlsx(tmp_path / "export.csv")
    source = open_source(path)
    assert source.info.kind == "xlsx"
    assert [row.values["Badge ID"] for row in source.rows()] == [
        "00123",
        "0042",
        "12345678901234567890",
        "9",
    ]


def test_xlsx_preview_is_raw_text_from_the_top(tmp_path: Path) -> None:
    source = open_source(make_files.write_xlsx(tmp_path / "book.xlsx"), sheet="Speakers")
    assert source.preview() == [
        ["Speakers – Expo 2024"],
        [],
        ["Name", "Talk", "Email"],
        ["Ada Lovelace", "Engines", "ada@example.com"],
    ]


def test_xlsx_header_row_beyond_the_sheet_is_one_sentence(tmp_path: Path) -> None:
    path = make_files.write_xlsx(tmp_path / "book.xlsx")
    with pytest.raises(
        InputError, match=r"book\.xlsx has only 6 rows, so row 40 cannot be its header"
    ):
        open_source(path, header_row=40)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        ("00123", "00123"),
        ("  spaced ", "  spaced "),
        (42, "42"),
        (1234567890123456, "1234567890123456"),
        (447700900123.0, "447700900123"),
        (44.0, "44"),
        (0.5, "0.5"),
        (-3.25, "-3.25"),
        (True, "TRUE"),
        (False, "FALSE"),
        (dt.datetime(2024, 5, 1), "2024-05-01"),
        (dt.datetime(2024, 5, 1, 9, 30, 5), "2024-05-01 09:30:05"),
        (dt.date(2023, 12, 31), "2023-12-31"),
        (dt.time(14, 0), "14:00:00"),
        (float("nan"), "nan"),
    ],
)
def test_cell_text(value: Any, text: str) -> None:
    assert cell_text(value) == text


def test_workbook_is_closed_after_iterating_and_after_abandoning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = make_files.write_xlsx(tmp_path / "book.xlsx")
    opened: list[Any] = []
    closed: list[Any] = []
    real_load = xlsx_source.load_workbook

    def spy_load(*args: Any, **kwargs: Any) -> Any:
        workbook = real_load(*args, **kwargs)
        assert kwargs.get("read_only") is True
        real_close = workbook.close
        opened.append(workbook)

        def close() -> None:
            closed.append(workbook)
            real_close()

        workbook.close = close
        return workbook

    monkeypatch.setattr(xlsx_source, "load_workbook", spy_load)
    source = open_source(path)
    list(source.rows())
    partial = source.rows()
    next(partial)
    partial.close()
    assert opened
    assert len(closed) == len(opened)


def _minimal_xlsx(sheet_xml: str) -> bytes:
    """An xlsx as some exporters write it: a bare stylesheet, no dimension, inline strings, and
    an extension openpyxl does not know (it warns about both)."""
    files = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>"
        ),
        "xl/workbook.xml": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            '<sheets><sheet name="Export" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
            "</Relationships>"
        ),
        "xl/worksheets/sheet1.xml": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            f"<sheetData>{sheet_xml}</sheetData>"
            '<extLst><ext uri="{00000000-1111-2222-3333-444444444444}"/></extLst></worksheet>'
        ),
        "xl/styles.xml": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>'
        ),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def _inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def test_workbook_that_makes_openpyxl_warn_reads_without_warnings(tmp_path: Path) -> None:
    # openpyxl warns about the bare styles and the extension; pytest turns warnings into errors.
    sheet = (
        f'<row r="1">{_inline("A1", "Email")}{_inline("B1", "Id")}</row>'
        f'<row r="3">{_inline("A3", "a@x.com")}<c r="B3"><v>7</v></c></row>'
        f'<row r="4">{_inline("A4", "b@x.com")}</row>'
    )
    path = tmp_path / "export.xlsx"
    path.write_bytes(_minimal_xlsx(sheet))
    source = open_source(path)
    assert source.info.sheets == ["Export"]
    assert list(source.rows()) == [
        SourceRow(3, {"Email": "a@x.com", "Id": "7"}),
        SourceRow(4, {"Email": "b@x.com", "Id": ""}),
    ]


def test_damaged_workbook_is_one_sentence(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", "<not really")
    path = tmp_path / "broken.xlsx"
    path.write_bytes(buffer.getvalue())
    with pytest.raises(InputError, match=r"broken\.xlsx is an Excel workbook that cannot be read"):
        open_source(path)
