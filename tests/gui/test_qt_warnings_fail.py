"""The GUI suite's guard: every GUI test fails on a Qt warning, except the offscreen notice."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot


def test_every_gui_test_fails_on_a_qt_warning(request: pytest.FixtureRequest) -> None:
    marker = request.node.get_closest_marker("qt_log_level_fail")
    assert marker is not None and marker.args == ("WARNING",)


def test_the_offscreen_plugin_notice_is_not_a_failure(qtbot: QtBot) -> None:
    from PySide6.QtCore import qWarning

    qWarning("This plugin does not support propagateSizeHints()")
