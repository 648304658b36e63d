"""Qt's own messages and uncaught slot errors go to the app's log file, not the terminal; an
unexpected error is also shown to the user in one sentence."""

from __future__ import annotations

import logging
import sys
import threading
from types import TracebackType

from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler

log = logging.getLogger("qt")

#: Messages of the headless ``offscreen`` platform about features it lacks: not our bugs.
IGNORED_QT_MESSAGES = (
    "This plugin does not support propagateSizeHints()",
    "This plugin does not support raise()",  # a menu popping up
    "This plugin does not support grabbing the keyboard",  # an open menu takes the keys
)

_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


#: Set once the log file is set up: until then Qt's messages go to stderr, where a failed
#: start (no display, a missing library) can be read.
_log_ready = threading.Event()


def log_is_ready() -> None:
    """From now on Qt's messages go to the log file only."""
    _log_ready.set()


def _qt_message(kind: QtMsgType, _context: QMessageLogContext, message: str) -> None:
    if any(ignored in message for ignored in IGNORED_QT_MESSAGES):
        return
    level = _LEVELS.get(kind, logging.WARNING)
    if not _log_ready.is_set() and level >= logging.WARNING:
        print(f"attendee-relay: Qt: {message}", file=sys.stderr, flush=True)
    log.log(level, "%s", message)


def _excepthook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
    logging.getLogger("attendee_relay").error("Unexpected error", exc_info=(kind, error, tb))
    from PySide6.QtWidgets import QApplication, QMessageBox

    if QApplication.instance() is not None:
        QMessageBox.warning(
            None,
            "Attendee Relay",
            f"Something went wrong: {error or type(error).__name__}. "
            "The details are in the log file (Help ▸ About shows where).",
        )


def route_messages_to_log() -> None:
    """Install the Qt message handler and the excepthook (the desktop app only, not tests)."""
    # Until the log file is set up, a message must not fall through to logging's stderr default.
    log.addHandler(logging.NullHandler())
    qInstallMessageHandler(_qt_message)
    logging.captureWarnings(True)
    sys.excepthook = _excepthook
