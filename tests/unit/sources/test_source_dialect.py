"""Separators and quoting: comma, semicolon, tab or pipe; quoted commas, quotes and newlines; CRLF."""

from __future__ import annotations

from pathlib import Path

import pytest

from attendee_relay.core.errors import InputError
from attendee_relay.core.sources import open_source, parse_delimiter
from attendee_relay.core.sources.delimiter import detect_delimiter


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_each_common_separator_is_detected(tmp_path: Path, delimiter: str) -> None:
    lines = [["Email", "First Name", "Company"], ["a@x.com", "Ann", "Acme"], ["b@x.com", "Bo", "B"]]
    path = tmp_path / "f.csv"
    path.write_text("\n".join(delimiter.join(cells) for cells in lines) + "\n", encoding="utf-8")
    source = open_source(path)
    assert source.info.delimiter == delimiter
    assert [row.values for row in source.rows()] == [
        {"Email": "a@x.com", "First Name": "Ann", "Company": "Acme"},
        {"Email": "b@x.com", "First Name": "Bo", "Company": "B"},
    ]


def test_semicolon_file_with_a_comma_in_every_row_is_still_semicolon() -> None:
    text = "Name;City;Email;Phone\n" + "".join(
        f"Person {i};Berlin, Germany;p{i}@x.de;+49 30 {i}\n" for i in range(20)
    )
    assert detect_delimiter(text, complete=True) == ";"


def test_comma_file_with_semicolons_inside_quoted_cells_is_still_comma() -> None:
    text = "Email,Notes,Company\n" + "".join(
        f'p{i}@x.com,"vegan; gluten free; aisle",Acme\n' for i in range(10)
    )
    assert detect_delimiter(text, complete=True) == ","


def test_a_one_column_file_falls_back_to_comma(tmp_path: Path) -> None:
    path = tmp_path / "emails.csv"
    path.write_text("Email\na@x.com\nb@x.com\n", encoding="utf-8")
    source = open_source(path)
    assert source.info.delimiter == ","
    assert [row.values for row in source.rows()] == [{"Email": "a@x.com"}, {"Email": "b@x.com"}]


def test_quoted_cells_keep_separators_quotes_and_line_breaks(tmp_path: Path) -> None:
    path = tmp_path / "q.csv"
    path.write_bytes(
        b'Name,Company,Notes\r\n"Smith, Ann","The ""Best"" Co","line 1\r\nline 2"\r\nBo,B,x\r\n'
    )
    rows = list(open_source(path).rows())
    assert rows[0].values == {
        "Name": "Smith, Ann",
        "Company": 'The "Best" Co',
        "Notes": "line 1\r\nline 2",
    }
    assert rows[1].values == {"Name": "Bo", "Company": "B", "Notes": "x"}


def test_crlf_line_ends_leave_no_carriage_return_in_values(tmp_path: Path) -> None:
    path = tmp_path / "crlf.csv"
    path.write_bytes(b"Email;Name\r\na@x.com;Ann\r\nb@x.com;Bo\r\n")
    assert [row.values["Name"] for row in open_source(path).rows()] == ["Ann", "Bo"]


def test_old_mac_cr_only_line_ends_are_rows(tmp_path: Path) -> None:
    path = tmp_path / "cr.csv"
    path.write_bytes(b"Email,Name\ra@x.com,Ann\rb@x.com,Bo\r")
    assert [row.number for row in open_source(path).rows()] == [2, 3]


def test_chosen_separator_overrides_detection(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_text("a,b;c\n1,2;3\n", encoding="utf-8")
    source = open_source(path, delimiter="semicolon")
    assert source.info.headers == ["a,b", "c"]
    assert [row.values for row in source.rows()] == [{"a,b": "1,2", "c": "3"}]


@pytest.mark.parametrize(
    ("given", "expected"),
    [(",", ","), (";", ";"), ("tab", "\t"), ("\\t", "\t"), ("\t", "\t"), ("Pipe", "|"), ("|", "|")],
)
def test_separator_names_are_understood(given: str, expected: str) -> None:
    assert parse_delimiter(given) == expected


@pytest.mark.parametrize("given", ["", ";;", '"', "\n", "double"])
def test_unusable_separator_is_one_sentence(given: str) -> None:
    with pytest.raises(InputError, match="cannot separate cells"):
        parse_delimiter(given)


@pytest.mark.parametrize(
    "text",
    [
        # unquoted lists, as a registration form exports multi-choice answers
        "Name,Email,Sessions\r\n"
        + "".join(f"Ana {i},a{i}@x.com,Keynote;Workshop A;Panel;Lunch;Expo\r\n" for i in range(8)),
        # quoted lists with spaces
        "Name,Email,Interests\r\n"
        + "".join(f'Ana {i},a{i}@x.com,"AI; Cloud; Data; Security; IoT"\r\n' for i in range(8)),
        # a report line above the header
        "Registrations\r\nGenerated:,2024-05-01\r\nName,Email,Sessions\r\n"
        + "".join(f"Ana {i},a{i}@x.com,Keynote;Workshop A;Panel;Lunch\r\n" for i in range(8)),
    ],
    ids=["unquoted", "quoted", "report-line"],
)
def test_comma_file_with_semicolon_lists_in_its_cells_is_comma(text: str) -> None:
    assert detect_delimiter(text, complete=True) == ","


def test_a_10_mb_notes_cell_is_read_whole(tmp_path: Path) -> None:
    notes = "Allergies: none. " * (10 * 1024 * 1024 // 17 + 1)
    path = tmp_path / "notes.csv"
    path.write_text(f'Name,Email,Notes\r\nAna,a@x.com,"{notes}"\r\nBo,b@x.com,short\r\n', "utf-8")
    rows = list(open_source(path).rows())
    assert rows[0].values["Notes"] == notes
    assert rows[1].values["Email"] == "b@x.com"


@pytest.mark.parametrize(
    ("text", "delimiter"),
    [
        ("sep=;\r\nName;Email\r\nAna;a@x.com\r\n", ";"),
        ('"sep=,"\r\nName,Notes\r\nAna,x;y;z;w\r\n', ","),
        ("SEP=|\nName|Email\nAna|a@x.com\n", "|"),
    ],
)
def test_excel_sep_line_declares_the_separator_and_is_not_the_header(
    tmp_path: Path, text: str, delimiter: str
) -> None:
    path = tmp_path / "sep.csv"
    path.write_text(text, encoding="utf-8")
    source = open_source(path)
    assert source.info.delimiter == delimiter
    assert source.info.header_row == 2
    assert [row.values["Name"] for row in source.rows()] == ["Ana"]
