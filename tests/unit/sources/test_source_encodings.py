"""Text encodings as people's tools produce them: BOMs, UTF-16, cp1252 and friends."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from attendee_relay.core.errors import InputError
from attendee_relay.core.sources import open_source
from fixtures.sources import make_files


def _values(path: Path, **options: str) -> list[dict[str, str]]:
    return [row.values for row in open_source(path, **options).rows()]


def _expected(headers: list[str], rows: list[list[str]]) -> list[dict[str, str]]:
    return [dict(zip(headers, row, strict=True)) for row in rows]


def test_utf8_with_bom_is_read_and_bom_kept_out_of_first_header(tmp_path: Path) -> None:
    path = make_files.write_ticketing_export(tmp_path / "tickets.csv")
    source = open_source(path)
    assert source.info.encoding == "utf-8-sig"
    assert source.info.headers[0] == "Order #"
    assert _values(path) == _expected(make_files.TICKETING_HEADERS, make_files.TICKETING_ROWS)


def test_utf8_without_bom_keeps_accents_and_cjk(tmp_path: Path) -> None:
    path = tmp_path / "plain.csv"
    path.write_text("Name,Email\nJürgen Müller,j@x.de\n山田太郎,t@x.jp\n", encoding="utf-8")
    source = open_source(path)
    assert source.info.encoding == "utf-8"
    assert [row.values["Name"] for row in source.rows()] == ["Jürgen Müller", "山田太郎"]


def test_utf16_le_with_bom_tab_separated_keeps_cjk_names(tmp_path: Path) -> None:
    path = make_files.write_unicode_text(tmp_path / "unicode.txt")
    source = open_source(path)
    assert source.info.encoding == "utf-16"
    assert source.info.delimiter == "\t"
    assert source.info.headers == make_files.UNICODE_HEADERS
    assert _values(path) == _expected(make_files.UNICODE_HEADERS, make_files.UNICODE_ROWS)


def test_utf16_be_with_bom_is_read(tmp_path: Path) -> None:
    path = tmp_path / "be.csv"
    path.write_bytes(codecs.BOM_UTF16_BE + "Name;Ort\r\nZoë;Köln\r\n".encode("utf-16-be"))
    assert _values(path) == [{"Name": "Zoë", "Ort": "Köln"}]


def test_utf16_without_bom_is_recognised_by_its_nul_pattern(tmp_path: Path) -> None:
    path = make_files.write_unicode_text(tmp_path / "nobom.txt", bom=False)
    source = open_source(path)
    assert source.info.encoding == "utf-16-le"
    assert _values(path) == _expected(make_files.UNICODE_HEADERS, make_files.UNICODE_ROWS)


def test_cp1252_european_excel_csv_has_no_mojibake(tmp_path: Path) -> None:
    path = make_files.write_european_excel_csv(tmp_path / "export.csv")
    source = open_source(path)
    assert source.info.encoding == "cp1252"
    assert source.info.delimiter == ";"
    assert source.info.headers == make_files.EUROPEAN_HEADERS
    assert _values(path) == _expected(make_files.EUROPEAN_HEADERS, make_files.EUROPEAN_ROWS)


@pytest.mark.parametrize(
    "names",
    [
        ["François Lefèvre", "Anaïs Benoît", "Hélène Dupré"],
        ["Señora Núñez", "José Ibáñez", "Begoña Muñoz"],
        ["Jürgen Müller", "Björn Groß", "Özlem Käßmann"],
    ],
    ids=["french", "spanish", "german"],
)
def test_short_cp1252_files_in_one_language_decode_as_cp1252(
    tmp_path: Path, names: list[str]
) -> None:
    path = tmp_path / "names.csv"
    path.write_bytes(("Name\r\n" + "\r\n".join(names) + "\r\n").encode("cp1252"))
    assert [row["Name"] for row in _values(path)] == names


def test_cp1252_bytes_far_beyond_the_detection_sample_still_switch_the_encoding(
    tmp_path: Path,
) -> None:
    path = make_files.write_european_excel_csv(tmp_path / "long.csv", padding_rows=3000)
    assert path.stat().st_size > 200_000
    source = open_source(path)
    assert source.info.encoding == "cp1252"
    assert [row.values["Vorname"] for row in source.rows()][-5:] == [
        row[0] for row in make_files.EUROPEAN_ROWS
    ]


def test_utf8_character_cut_by_the_sample_boundary_is_still_utf8(tmp_path: Path) -> None:
    # Place a two-byte "ü" across every plausible sample size boundary.
    filler = "x" * (64 * 1024 - len("Name\n") - 1)
    path = tmp_path / "cut.csv"
    path.write_text(f"Name\n{filler}ü\nJürgen\n", encoding="utf-8")
    assert path.read_bytes()[64 * 1024 - 1 : 64 * 1024 + 1] == "ü".encode()
    source = open_source(path)
    assert source.info.encoding == "utf-8"
    assert [row.values["Name"] for row in source.rows()][-1] == "Jürgen"


def test_cp1252_unassigned_byte_does_not_stop_the_import(tmp_path: Path) -> None:
    path = tmp_path / "odd.csv"
    path.write_bytes(b"Name;Firma\r\nJ\xfcrgen;A\x81B\r\n")
    assert _values(path) == [{"Name": "Jürgen", "Firma": "A\x81B"}]


def test_cyrillic_cp1251_is_not_forced_into_cp1252(tmp_path: Path) -> None:
    path = tmp_path / "ru.csv"
    text = "Имя;Фамилия;Город\r\nИван;Петров;Москва\r\nСергей;Иванов;Санкт-Петербург\r\n"
    path.write_bytes(text.encode("cp1251"))
    assert _values(path)[1] == {"Имя": "Сергей", "Фамилия": "Иванов", "Город": "Санкт-Петербург"}


def test_chosen_encoding_overrides_detection(tmp_path: Path) -> None:
    path = tmp_path / "latin.csv"
    path.write_bytes("Name\r\nJürgen\r\n".encode("cp1252"))
    source = open_source(path, encoding="latin-1")
    assert source.info.encoding == "iso8859-1"
    assert _values(path, encoding="latin-1") == [{"Name": "Jürgen"}]


def test_chosen_utf8_on_a_bom_file_still_drops_the_bom(tmp_path: Path) -> None:
    path = make_files.write_ticketing_export(tmp_path / "tickets.csv")
    source = open_source(path, encoding="utf-8")
    assert source.info.headers[0] == "Order #"
    assert source.preview(1)[0][0] == "Order #"


def test_unknown_encoding_name_is_one_sentence(tmp_path: Path) -> None:
    path = make_files.write_ragged(tmp_path / "r.csv")
    with pytest.raises(InputError, match="'klingon' is not a known text encoding"):
        open_source(path, encoding="klingon")


def test_chosen_encoding_that_cannot_decode_the_file_is_refused(tmp_path: Path) -> None:
    path = make_files.write_european_excel_csv(tmp_path / "export.csv")
    with pytest.raises(InputError, match=r"export\.csv cannot be read as utf-8"):
        open_source(path, encoding="utf-8")


def test_undecodable_bytes_late_in_a_file_name_the_row(tmp_path: Path) -> None:
    path = tmp_path / "late.csv"
    body = "".join(f"user{i}@x.com,Name {i}\n" for i in range(5000))
    path.write_bytes(("Email,Name\n" + body).encode() + b"bad@x.com,M\xfcller\n")
    rows = open_source(path, encoding="utf-8").rows()
    with pytest.raises(InputError, match=r"late\.csv cannot be read as utf-8 at row 5002"):
        list(rows)


def test_chosen_cp1252_is_as_forgiving_as_a_detected_one(tmp_path: Path) -> None:
    path = tmp_path / "odd.csv"
    path.write_bytes(b"Name;Firma\r\nJ\xfcrgen;A\x81B\r\n")
    assert _values(path, encoding="cp1252") == [{"Name": "Jürgen", "Firma": "A\x81B"}]
