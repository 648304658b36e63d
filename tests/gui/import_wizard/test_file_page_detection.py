"""The file page says how a file was read (encoding in plain words, separator, header row and
why) and each can be changed from the keyboard, with the preview following."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from attendee_relay.ui.import_wizard.wizard import ImportWizard
from fixtures.sources import legacy_files, spreadsheets

OpenWizard = Callable[..., ImportWizard]
WAIT_MS = 20_000


def _type_path(qtbot: QtBot, wizard: ImportWizard, path: Path) -> None:
    edit = wizard.file_page.path_edit
    edit.setFocus()
    qtbot.keyClicks(edit, str(path))
    qtbot.keyClick(edit, Qt.Key.Key_Return)


def _cells(wizard: ImportWizard, row: int) -> list[str]:
    table = wizard.file_page.preview_table
    return [item.text() for c in range(table.columnCount()) if (item := table.item(row, c))]


def test_polish_report_shows_encoding_in_plain_words_and_the_header_found_below_the_title(
    qtbot: QtBot, open_wizard: OpenWizard, tmp_path: Path
) -> None:
    path = tmp_path / "uczestnicy.csv"
    body = legacy_files.write_legacy_csv(tmp_path / "body.csv", "polish").read_bytes()
    path.write_bytes("Konferencja 2024 – lista\r\n\r\n".encode("cp1250") + body)
    wizard = open_wizard()

    _type_path(qtbot, wizard, path)

    page = wizard.file_page
    qtbot.waitUntil(lambda: "column names on row 3" in page.detected_label.text(), timeout=WAIT_MS)
    text = page.detected_label.text()
    assert "CSV text in Central European (Windows), cells separated by semicolon" in text
    assert "Header: row 3; rows 1–2 above it look like a title or report details" in text
    assert page.encoding_combo.currentText() == "Detect (Central European (Windows))"
    first = legacy_files.rows("polish")[0]
    assert _cells(wizard, 3)[:2] == first[:2]


def test_choosing_another_encoding_from_the_keyboard_rereads_the_preview(
    qtbot: QtBot, open_wizard: OpenWizard, tmp_path: Path
) -> None:
    path = legacy_files.write_legacy_csv(tmp_path / "uczestnicy.csv", "polish")
    wizard = open_wizard()
    _type_path(qtbot, wizard, path)
    page = wizard.file_page
    qtbot.waitUntil(lambda: "column names on row 1" in page.detected_label.text(), timeout=WAIT_MS)
    assert _cells(wizard, 1)[0] == "Łukasz"

    page.encoding_combo.setFocus()
    qtbot.keyClicks(page.encoding_combo, "Western")

    assert page.encoding_combo.currentText() == "Western European (Windows)"
    qtbot.waitUntil(
        lambda: "CSV text in Western European" in page.detected_label.text(), timeout=WAIT_MS
    )
    assert _cells(wizard, 1)[0] == "£ukasz"


def test_header_row_typed_by_the_person_overrides_detection(
    qtbot: QtBot, open_wizard: OpenWizard, tmp_path: Path
) -> None:
    path = spreadsheets.write_ods(tmp_path / "registrations.ods")
    wizard = open_wizard()
    _type_path(qtbot, wizard, path)
    page = wizard.file_page
    qtbot.waitUntil(lambda: "column names on row 3" in page.detected_label.text(), timeout=WAIT_MS)
    assert "OpenDocument spreadsheet, sheet “Registrations”" in page.detected_label.text()
    assert page.sheet_combo.isEnabled() and not page.encoding_combo.isEnabled()

    page.header_spin.setFocus()
    page.header_spin.selectAll()
    qtbot.keyClicks(page.header_spin, "4")

    qtbot.waitUntil(lambda: "column names on row 4" in page.detected_label.text(), timeout=WAIT_MS)
    assert "Header: row 4, as chosen." in page.detected_label.text()
