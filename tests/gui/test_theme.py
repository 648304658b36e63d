"""The app follows a dark system: dark windows, the app's icons kept, disabled buttons still
told apart from enabled ones; back to light when the system says light."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QPushButton
from pytestqt.qtbot import QtBot

from attendee_relay.ui.theme import SCHEME_ENV, follow_system_scheme


@pytest.fixture
def app_palette(qapp: QApplication) -> Iterator[QApplication]:
    """Put back the palette and style every other test expects."""
    palette, style = qapp.palette(), qapp.style().name()
    yield qapp
    qapp.setStyle(style)
    qapp.setPalette(palette)


def test_a_dark_system_gets_dark_windows_with_disabled_buttons_dimmed(
    qtbot: QtBot, app_palette: QApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(SCHEME_ENV, "dark")
    follow_system_scheme(app_palette)
    palette = app_palette.palette()
    assert palette.color(QPalette.ColorRole.Window).lightness() < 80
    assert palette.color(QPalette.ColorRole.WindowText).lightness() > 200
    enabled = palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.ButtonText)
    disabled = palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText)
    assert abs(enabled.lightness() - disabled.lightness()) > 80

    button = QPushButton("Next")
    qtbot.addWidget(button)
    button.setEnabled(False)
    assert button.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText) == (
        disabled
    )
