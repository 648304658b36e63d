"""The mapping page gives its room to what a person checks: the sample values. The "Fixed value"
column shows only while a field takes a fixed value (empty, it once cut "Amelia Clarke" to
"Amelia Clark…" or "A…")."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot

from attendee_relay.ui.import_wizard.mapping_page import COL_CONSTANT, COL_SAMPLE, COL_SOURCE
from attendee_relay.ui.import_wizard.walkthrough import walk_to
from attendee_relay.ui.import_wizard.wizard import ImportWizard, PageId

from .conftest import SAMPLE_CSV


def test_the_first_sample_value_is_shown_whole_and_fixed_values_appear_when_chosen(
    qtbot: QtBot, open_wizard: Callable[..., ImportWizard], tentimes_connector: str
) -> None:
    wizard = open_wizard(initial_file=Path(SAMPLE_CSV), connector_name=tentimes_connector)
    walk_to(wizard, PageId.MAPPING, lambda ok: qtbot.waitUntil(ok, timeout=20_000))
    table = wizard.mapping_page.table
    qtbot.waitUntil(wizard.mapping_page.isComplete, timeout=20_000)
    name_row = wizard.mapping_page.row_of("name")
    qtbot.waitUntil(lambda: bool(table.item(name_row, COL_SAMPLE).text()), timeout=10_000)
    first = table.item(name_row, COL_SAMPLE).text().split(" | ")[0]
    assert first == "Amelia Clarke"  # the first row of the bundled sample
    room = table.columnWidth(COL_SAMPLE)
    assert room > table.fontMetrics().horizontalAdvance(first + " | ") + 12
    assert table.isColumnHidden(COL_CONSTANT)

    city_row = wizard.mapping_page.row_of("city")
    source = table.cellWidget(city_row, COL_SOURCE)
    assert isinstance(source, QComboBox)
    source.setFocus()
    qtbot.keyClick(source, Qt.Key.Key_Home)  # "— not mapped —"
    qtbot.keyClick(source, Qt.Key.Key_Down)  # "Fixed value"
    assert source.currentText() == "Fixed value"
    assert not table.isColumnHidden(COL_CONSTANT)
