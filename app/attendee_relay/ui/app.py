"""Start the desktop app: the QApplication, its settings and the main window.

``ATTENDEE_RELAY_STARTUP_PROBE=1`` makes the app print ``window-shown`` once the main window is on
screen and quit: ``bench/startup.py`` times the launch with it.
"""

from __future__ import annotations

import os
import sys

STARTUP_PROBE_ENV = "ATTENDEE_RELAY_STARTUP_PROBE"


def run_app() -> int:
    """Open the main window and run the event loop; returns the exit code."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from attendee_relay.core.logging_setup import setup_logging
    from attendee_relay.ui.qt_logging import log_is_ready, route_messages_to_log
    from attendee_relay.ui.settings import APPLICATION, ORGANISATION, configure_settings

    route_messages_to_log()
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    from attendee_relay.ui.crash_handler import install_crash_handler

    # After route_messages_to_log (whose plain excepthook this replaces): a report, then a dialog.
    crash_handler = install_crash_handler()
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName("Attendee Relay")
    app.setDesktopFileName("attendee-relay")
    from attendee_relay.ui.theme import follow_system_scheme

    follow_system_scheme(app)
    configure_settings()

    from attendee_relay.ui.main_window import MainWindow

    window = MainWindow()
    window.show()
    window.refresh()

    # After show(): the log set-up imports pydantic (via redaction), which the window need not wait for.
    def start_logging() -> None:
        setup_logging()
        log_is_ready()

    QTimer.singleShot(0, start_logging)
    app.aboutToQuit.connect(crash_handler.uninstall)
    if os.environ.get(STARTUP_PROBE_ENV) == "1":
        # The first turn of the event loop after show(): the window has been laid out and painted.
        def probe() -> None:
            print("window-shown", flush=True)
            app.quit()

        QTimer.singleShot(0, probe)
    else:
        window.start_sandbox_if_used()
    app.aboutToQuit.connect(window.sandbox.stop)
    return int(app.exec())
