"""Spreadsheet-safe CSV export: no planted formula runs, Excel reads accents, writes are atomic."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pytest

from attendee_relay.core.csv_export import neutralize_cell, write_rows_csv
from attendee_relay.core.errors import InputError


@pytest.mark.parametrize(
    "value",
    [
        "=1+1",
        '=HYPERLINK("http://evil.example","click")',
        "+1+cmd|' /C calc'!A0",
        "-2+3+cmd|' /C calc'!A0",
        "@SUM(1+1)*cmd|' /C calc'!A0",
        "\t=1+1",
        "\r=1+1",
        "\uff1d1+1",  # full-width equals sign
    ],
)
def test_cells_starting_with_a_formula_trigger_get_a_quote(value: str) -> None:
    assert neutralize_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["+44 20 7946 0958", "-12.5"])
def test_phone_numbers_and_negative_numbers_are_also_quoted_for_safety(value: str) -> None:
    assert neutralize_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["", "Zoë Smith", "a=b", "1+1", " =not first", "'already"])
def test_ordinary_cells_are_unchanged(value: str) -> None:
    assert neutralize_cell(value) == value


def read_back(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def test_output_has_bom_crlf_and_reads_back(tmp_path: Path) -> None:
    path = tmp_path / "errors.csv"
    count = write_rows_csv(
        path,
        ["name", "email", "reason"],
        [["Zoë Ñúñez", "zoe@example.com", 'said "hi", left\nearly'], ["=cmd", "-1", None]],
    )
    raw = path.read_bytes()
    assert count == 2
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw.count(b"\r\n") == 3
    assert b"\n" not in raw.replace(b"\r\n", b"").replace(b"left\nearly", b"")
    assert read_back(path) == [
        ["name", "email", "reason"],
        ["Zoë Ñúñez", "zoe@example.com", 'said "hi", left\nearly'],
        ["'=cmd", "'-1", ""],
    ]


def test_every_cell_is_quoted(tmp_path: Path) -> None:
    path = tmp_path / "out.csv"
    write_rows_csv(path, ["a"], [["1"]])
    assert path.read_bytes() == b'\xef\xbb\xbf"a"\r\n"1"\r\n'


def test_headers_are_neutralised_too(tmp_path: Path) -> None:
    path = tmp_path / "out.csv"
    write_rows_csv(path, ["=evil"], [])
    assert read_back(path) == [["'=evil"]]


def test_rows_are_streamed_not_collected(tmp_path: Path) -> None:
    seen: list[int] = []

    def rows() -> Iterator[list[str]]:
        for i in range(3):
            seen.append(i)
            yield [str(i)]

    assert write_rows_csv(tmp_path / "s.csv", ["n"], rows()) == 3
    assert seen == [0, 1, 2]


def test_failure_midway_keeps_the_previous_file_and_leaves_no_temp(tmp_path: Path) -> None:
    path = tmp_path / "out" / "errors.csv"
    path.parent.mkdir()
    path.write_text("previous", encoding="utf-8")

    def rows() -> Iterator[list[str]]:
        yield ["ok"]
        raise RuntimeError("source broke")

    with pytest.raises(RuntimeError, match="source broke"):
        write_rows_csv(path, ["h"], rows())
    assert path.read_text(encoding="utf-8") == "previous"
    assert [p.name for p in path.parent.iterdir()] == ["errors.csv"]


def test_unwritable_place_is_a_clear_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"Cannot write .*choose another folder"):
        write_rows_csv(tmp_path / "missing-dir" / "x.csv", ["h"], [])


def test_a_spreadsheet_reading_the_file_sees_no_formula(tmp_path: Path) -> None:
    dangerous = ["=1+1", "+1", "-1", "@A1", "\t=1", "\r=1"]
    path = tmp_path / "d.csv"
    write_rows_csv(path, ["v"], [[d] for d in dangerous])
    cells = [row[0] for row in csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig")))]
    assert all(not c or c[0] not in "=+-@\t\r" for c in cells)


def test_a_file_windows_will_not_replace_because_excel_holds_it_says_close_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "errors.csv"
    target.write_text("open in Excel\n", encoding="utf-8")

    def sharing_violation(src: str, dst: object) -> None:
        # What os.replace raises on Windows while another program has the file open.
        raise PermissionError(13, "The process cannot access the file because it is being used")

    monkeypatch.setattr("attendee_relay.core.csv_export.os.replace", sharing_violation)

    with pytest.raises(InputError, match=r"open in another program; close it there"):
        write_rows_csv(target, ["h"], [["v"]])
    assert target.read_text(encoding="utf-8") == "open in Excel\n"
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == [
        "errors.csv"
    ]  # no tmp file
