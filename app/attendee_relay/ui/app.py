"""Start the desktop app. The full main window arrives with the desktop issue; until then this
opens a small window that points to the command line."""

from __future__ import annotations

import sys


def run_app() -> int:
    from PySide6.QtWidgets import QApplication, QLabel

    app = QApplication.instance() or QApplication(sys.argv)
    label = QLabel(
        "Attendee Relay\n\nThe desktop app is being built.\n"
        "Meanwhile every feature is on the command line: attendee-relay --help"
    )
    label.setWindowTitle("Attendee Relay")
    label.setMargin(24)
    label.show()
    return int(app.exec())
