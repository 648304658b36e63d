"""Files that are not tables get one clear sentence, never a traceback; odd-but-valid text is read."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from attendee_relay.core.errors import InputError
from attendee_relay.core.sources import open_source
from fixtures.sources import make_files


def _zip_with(*names: str, mimetype: bytes | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        if mimetype is not None:
            archive.writestr("mimetype", mimetype)
        for name in names:
            archive.writestr(name, "<x/>")
    return buffer.getvalue()


def _one_sentence(error: InputError, name: str) -> str:
    message = str(error)
    assert name in message
    assert "\n" not in message
    assert message.endswith(".")
    assert "Traceback" not in message
    return message


@pytest.mark.parametrize(
    ("writer", "expected"),
    [
        (make_files.write_png, "is a PNG image, not a table"),
        (make_files.write_zip, "is a zip archive, not a table; unzip it"),
        (make_files.write_pdf, "is a PDF document, not a table"),
        (make_files.write_empty, "is empty"),
        (make_files.write_bom_only, "is empty"),
        (make_files.write_binary, "contains binary data, not text"),
    ],
    ids=["png", "zip", "pdf", "empty", "bom-only", "binary"],
)
def test_fixture_files_that_are_not_tables_get_one_sentence(
    tmp_path: Path, writer: Callable[[Path], Path], expected: str
) -> None:
    path = writer(tmp_path / "attendees.csv")
    with pytest.raises(InputError) as caught:
        open_source(path)
    assert expected in _one_sentence(caught.value, "attendees.csv")


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01", "is a JPEG image"),
        (b"GIF89a\x01\x00\x01\x00\x80\x00\x00", "is a GIF image"),
        (b"RIFF\x24\x00\x00\x00WEBPVP8 ", "is a WebP image"),
        (b"\x1f\x8b\x08\x00\x00\x00\x00\x00", "is a gzip archive"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "cannot be read as an Excel 97-2003"),
        (_zip_with("word/document.xml"), "is a Word document"),
        (
            _zip_with("content.xml", mimetype=b"application/vnd.oasis.opendocument.spreadsheet"),
            "cannot be read as an OpenDocument workbook (it may be damaged",
        ),
        (b"PK\x03\x04" + b"\x00" * 40, "is damaged"),
        (b"\xff\xfe", "is empty"),
        (b"\n\r\n   \r\n", "is empty"),
    ],
    ids=["jpeg", "gif", "webp", "gzip", "xls", "docx", "ods", "bad-zip", "utf16-bom-only", "blank"],
)
def test_other_non_tables_get_one_sentence(tmp_path: Path, content: bytes, expected: str) -> None:
    path = tmp_path / "list.csv"
    path.write_bytes(content)
    with pytest.raises(InputError) as caught:
        open_source(path)
    assert expected in _one_sentence(caught.value, "list.csv")


def test_missing_file_says_so(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="does not exist; check the file name"):
        open_source(tmp_path / "nope.csv")


def test_a_folder_says_so(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a folder; choose a CSV or Excel file inside it"):
        open_source(tmp_path)


def test_path_can_be_given_as_text(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_text("Email\na@x.com\n", encoding="utf-8")
    assert open_source(str(path)).info.path == path


def test_csv_starting_like_a_bitmap_signature_is_still_text(tmp_path: Path) -> None:
    path = tmp_path / "cars.csv"
    path.write_text("BMW;Model\nBMW;X5\n", encoding="utf-8")
    assert [row.values for row in open_source(path).rows()] == [{"BMW": "BMW", "Model": "X5"}]


def test_extension_does_not_matter_for_text(tmp_path: Path) -> None:
    path = make_files.write_european_excel_csv(tmp_path / "export.xlsx")
    assert open_source(path).info.kind == "csv"
