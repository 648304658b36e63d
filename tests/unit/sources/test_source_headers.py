"""Header names made usable: unique, non-empty, clean; and the header line found."""

from __future__ import annotations

import pytest

from attendee_relay.core.sources.headers import guess_header_index, unique_headers


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        (["Email", "Name"], ["Email", "Name"]),
        (["Email", "", "Name"], ["Email", "Column 2", "Name"]),
        (["Email", "Email", "Email"], ["Email", "Email (2)", "Email (3)"]),
        (["Email", "Email", "Email (2)"], ["Email", "Email (3)", "Email (2)"]),
        (["", "Column 1"], ["Column 1 (2)", "Column 1"]),
        (["\ufeffEmail", "  First   Name "], ["Email", "First Name"]),
        (["Email", "", " ", ""], ["Email"]),
        (["", "Email"], ["Column 1", "Email"]),
    ],
)
def test_unique_headers(cells: list[str], expected: list[str]) -> None:
    assert unique_headers(cells) == expected


def test_header_names_are_case_sensitive_distinct() -> None:
    assert unique_headers(["Email", "email"]) == ["Email", "email"]


@pytest.mark.parametrize(
    ("records", "expected"),
    [
        ([["a", "b"]], 0),
        ([[], ["", ""], ["a", "b"]], 2),
        ([["Title"], [], ["a", "b", "c"]], 2),
        ([["Title"], ["a", "b"]], 0),  # two columns: too narrow to call the first line a title
        ([["Email"], ["x@y"]], 0),
        ([[], [" "]], None),
        ([], None),
    ],
)
def test_guess_header_index(records: list[list[str]], expected: int | None) -> None:
    assert guess_header_index(records) == expected


def test_report_details_above_the_header_are_skipped_and_the_reason_given(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from attendee_relay.core.sources import open_source

    path = tmp_path / "webinar.csv"
    path.write_text(
        "Attendee Report\r\n"
        "Report Generated:,2024-05-01 09:30\r\n"
        "Topic,Spring Launch\r\n"
        "\r\n"
        "First Name,Last Name,Email,Registration Time,Attended\r\n"
        "Ana,Costa,ana@example.com,2024-04-01 10:00,Yes\r\n"
        "Bo,Li,bo@example.com,2024-04-02 11:00,No\r\n",
        encoding="utf-8",
    )
    source = open_source(path)
    assert source.info.header_row == 5
    assert source.info.headers[:3] == ["First Name", "Last Name", "Email"]
    assert "rows 1–4 above it look like a title or report details" in source.info.header_reason
    assert [row.number for row in source.rows()] == [6, 7]


@pytest.mark.parametrize(
    ("records", "expected"),
    [
        (
            [
                ["Expo 2024", "Attendee list"],
                ["Name", "Email", "Company", "Phone"],
                ["a", "b", "c", "d"],
            ],
            1,
        ),
        (
            [
                ["Exported", "2024-05-01", "by", "admin@example.com"],
                ["Name", "Email", "Company", "Phone"],
            ],
            1,
        ),
        ([["Name", "Email", "Company"], ["Ana", "ana@example.com", "Acme"]], 0),
        (
            [
                ["Count", "12", "", ""],
                [],
                ["Name", "Email", "Company", "City"],
                ["a", "b@c", "d", "e"],
            ],
            2,
        ),
    ],
    ids=["two-cell-title", "four-cell-report-line", "plain", "count-line"],
)
def test_header_is_the_first_row_of_names_as_wide_as_the_data(
    records: list[list[str]], expected: int
) -> None:
    assert guess_header_index(records) == expected
