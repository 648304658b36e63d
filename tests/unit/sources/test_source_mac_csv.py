"""Mac Excel's "CSV (Macintosh)": Mac Roman text with lines ended by CR alone. It was read as a
Windows code page and delivered garbled ("Zo‘ DuprŽ") with no warning."""

from __future__ import annotations

import csv
from pathlib import Path

from attendee_relay.core.sources import open_source

ROWS = [
    ["First Name", "Last Name", "Company"],
    ["Zoë", "Dupré", "Café Société"],
    ["Jürgen", "Müller", "Größe AG"],
    ["Iñaki", "Goñi", "Señor SL"],
]


def test_a_mac_excel_csv_is_read_as_mac_roman(tmp_path: Path) -> None:
    path = tmp_path / "mac.csv"
    with path.open("w", encoding="mac_roman", newline="") as out:  # as Mac Excel writes it
        csv.writer(out, lineterminator="\r").writerows(ROWS)

    source = open_source(path)

    assert source.info.encoding == "mac-roman"
    assert [list(row.values.values()) for row in source.rows()] == ROWS[1:]


def test_the_same_text_with_windows_line_ends_stays_a_windows_code_page(tmp_path: Path) -> None:
    path = tmp_path / "win.csv"
    with path.open("w", encoding="cp1252", newline="") as out:
        csv.writer(out, lineterminator="\r\n").writerows(ROWS)

    source = open_source(path)

    assert source.info.encoding == "cp1252"
    assert [list(row.values.values()) for row in source.rows()] == ROWS[1:]
