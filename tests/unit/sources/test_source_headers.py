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
