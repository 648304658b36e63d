"""Rows as a coordinator sees them: numbering, ragged rows, blank rows, headers, text kept as text."""

from __future__ import annotations

from pathlib import Path

import pytest

from attendee_relay.core.errors import InputError
from attendee_relay.core.records import SourceRow
from attendee_relay.core.sources import open_source
from fixtures.sources import make_files


def _write(tmp_path: Path, text: str, name: str = "f.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def test_first_data_row_is_row_two_under_a_header_on_row_one(tmp_path: Path) -> None:
    path = _write(tmp_path, "Email,Name\na@x.com,Ann\nb@x.com,Bo\n")
    assert [row.number for row in open_source(path).rows()] == [2, 3]


def test_ragged_file_pads_short_rows_reports_extras_and_skips_blank_ones(tmp_path: Path) -> None:
    path = make_files.write_ragged(tmp_path / "ragged.csv")
    source = open_source(path)
    assert source.info.header_row == 2
    assert source.info.headers == ["Email", "First Name", "Column 3", "Email (2)", "Company"]
    assert list(source.rows()) == [
        SourceRow(3, {"Email": "a@example.com", "First Name": "Ann", "Column 3": "x",
                      "Email (2)": "a2@example.com", "Company": "Acme"}),
        SourceRow(4, {"Email": "b@example.com", "First Name": "Bob", "Column 3": "",
                      "Email (2)": "", "Company": ""}),
        SourceRow(7, {"Email": "c@example.com", "First Name": "Cy", "Column 3": "",
                      "Email (2)": "", "Company": "Initech"}, ("EXTRA", "", "more")),
        SourceRow(9, {"Email": "d@example.com", "First Name": "Di", "Column 3": "",
                      "Email (2)": "", "Company": "Globex"}),
    ]  # fmt: skip


def test_quoted_line_breaks_count_as_one_row(tmp_path: Path) -> None:
    path = _write(tmp_path, 'Email,Notes\na@x.com,"one\ntwo\nthree"\nb@x.com,x\n')
    assert [row.number for row in open_source(path).rows()] == [2, 3]


def test_every_row_of_the_ticketing_export_is_numbered_like_a_spreadsheet(tmp_path: Path) -> None:
    path = make_files.write_ticketing_export(tmp_path / "tickets.csv")
    assert [row.number for row in open_source(path).rows()] == [2, 3, 4, 5]


def test_values_stay_text_exactly_as_written(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "Id,Member,Phone,Zip,Amount,Note\n"
        "007,12345678901234567890,+447700900123,01234,1.50E+03,  padded  \n",
    )
    [row] = open_source(path).rows()
    assert row.values == {
        "Id": "007",
        "Member": "12345678901234567890",
        "Phone": "+447700900123",
        "Zip": "01234",
        "Amount": "1.50E+03",
        "Note": "  padded  ",
    }


def test_header_names_are_stripped_and_inner_spaces_collapsed(tmp_path: Path) -> None:
    path = _write(tmp_path, ' Email ,"First\nName",\tCompany\t\na,b,c\n', name="h.csv")
    assert open_source(path, delimiter=",").info.headers == ["Email", "First Name", "Company"]


def test_trailing_empty_header_cells_are_dropped(tmp_path: Path) -> None:
    path = _write(tmp_path, "Email;Name;;\r\na@x.com;Ann;;\r\n")
    source = open_source(path)
    assert source.info.headers == ["Email", "Name"]
    assert [row.extra_cells for row in source.rows()] == [()]


def test_first_non_blank_row_is_the_header(tmp_path: Path) -> None:
    path = _write(tmp_path, "\n,,\n\nEmail,Name,Company\na@x.com,Ann,Acme\n")
    source = open_source(path)
    assert source.info.header_row == 4
    assert [row.number for row in source.rows()] == [5]


def test_a_one_cell_title_line_above_a_wide_header_is_skipped(tmp_path: Path) -> None:
    path = _write(tmp_path, "Attendees - Expo 2024,,\n,,\nEmail,Name,Company\na@x.com,Ann,Acme\n")
    source = open_source(path)
    assert source.info.header_row == 3
    assert source.info.headers == ["Email", "Name", "Company"]


def test_a_one_column_file_keeps_its_first_row_as_header(tmp_path: Path) -> None:
    path = _write(tmp_path, "Email\na@x.com\nb@x.com\n")
    assert open_source(path).info.header_row == 1


def test_chosen_header_row_overrides_detection(tmp_path: Path) -> None:
    path = _write(tmp_path, "Export,2024\nEmail,Name\na@x.com,Ann\n")
    source = open_source(path, header_row=2)
    assert source.info.headers == ["Email", "Name"]
    assert list(source.rows()) == [SourceRow(3, {"Email": "a@x.com", "Name": "Ann"})]


def test_header_row_beyond_the_file_is_one_sentence(tmp_path: Path) -> None:
    path = _write(tmp_path, "Email\na@x.com\n", name="short.csv")
    with pytest.raises(
        InputError, match=r"short\.csv has only 2 rows, so row 9 cannot be its header"
    ):
        open_source(path, header_row=9)


def test_blank_header_row_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, "Email\n\na@x.com\n", name="b.csv")
    with pytest.raises(InputError, match=r"Row 2 of b\.csv is empty"):
        open_source(path, header_row=2)


def test_header_row_zero_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, "Email\na@x.com\n")
    with pytest.raises(InputError, match="header row must be 1 or more"):
        open_source(path, header_row=0)


def test_file_of_only_separators_and_blank_lines_says_there_are_no_rows(tmp_path: Path) -> None:
    path = _write(tmp_path, ";;;\r\n\r\n;;;\r\n", name="blank.csv")
    with pytest.raises(InputError, match=r"blank\.csv has no filled-in rows"):
        open_source(path)


def test_header_only_file_has_no_rows(tmp_path: Path) -> None:
    path = _write(tmp_path, "Email,Name\r\n")
    assert list(open_source(path).rows()) == []


def test_rows_gives_a_fresh_pass_each_call(tmp_path: Path) -> None:
    path = _write(tmp_path, "Email\na@x.com\nb@x.com\n")
    source = open_source(path)
    first = source.rows()
    next(first)
    assert [row.values["Email"] for row in source.rows()] == ["a@x.com", "b@x.com"]
    assert [row.values["Email"] for row in first] == ["b@x.com"]


def test_preview_shows_raw_rows_from_the_top_including_header_and_blanks(tmp_path: Path) -> None:
    path = make_files.write_ragged(tmp_path / "ragged.csv")
    preview = open_source(path).preview(5)
    assert preview == [
        [],
        ["Email", "First Name", "", "Email", "Company"],
        ["a@example.com", "Ann", "x", "a2@example.com", "Acme"],
        ["b@example.com", "Bob"],
        [],
    ]


def test_preview_limit_is_honoured(tmp_path: Path) -> None:
    path = _write(tmp_path, "Email\n" + "".join(f"u{i}@x.com\n" for i in range(100)))
    assert len(open_source(path).preview()) == 20
    assert len(open_source(path).preview(3)) == 3


def test_unclosed_quote_names_the_row_before_anything_is_read(tmp_path: Path) -> None:
    body = "".join(f"u{i}@x.com,Name\n" for i in range(3))
    path = _write(
        tmp_path, "Email,Name\n" + body + 'bad@x.com,"never closed\n' + "x" * 200_000, "q.csv"
    )
    with pytest.raises(InputError, match=r"Row 5 of q\.csv opens a quote that is never closed"):
        open_source(path)


def test_unclosed_quote_swallowing_a_few_rows_is_not_read_as_one_cell(tmp_path: Path) -> None:
    path = _write(tmp_path, 'Email,Notes\na@x.com,"open\nb@x.com,fine\nc@x.com,fine\n', "q.csv")
    with pytest.raises(InputError, match=r"Row 2 of q\.csv opens a quote that is never closed"):
        open_source(path)


def test_a_stray_quote_inside_a_cell_is_kept_as_typed(tmp_path: Path) -> None:
    path = _write(tmp_path, 'Email,Screen\na@x.com,15" laptop\n', "q.csv")
    assert [row.values["Screen"] for row in open_source(path).rows()] == ['15" laptop']


def test_unclosed_quote_before_the_header_is_reported_when_opening(tmp_path: Path) -> None:
    path = _write(tmp_path, '"never closed\n' + "x" * 200_000, "q.csv")
    with pytest.raises(InputError, match=r"Row 1 of q\.csv opens a quote that is never closed"):
        open_source(path)
