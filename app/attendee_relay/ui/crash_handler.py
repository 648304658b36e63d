"""Unexpected errors in the desktop app: a crash report in the log folder (no secrets) and a dialog
offering to open it, for errors on the GUI thread (``sys.excepthook``) and in worker threads
(``threading.excepthook``) alike.
"""

from __future__ import annotations

import logging
import platform
import sys
import threading
import traceback
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QObject, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QWidget

log = logging.getLogger(__name__)

#: Reports written in one session at most: an error repeating in a paint handler must not fill
#: the disk; later ones still reach the log.
MAX_REPORTS_PER_SESSION = 20

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


def _redact(text: str) -> str:
    """Mask every registered secret (by value) and anything shaped like a credential."""
    from attendee_relay.core.logging_setup import mask_secret_patterns
    from attendee_relay.core.redaction import registered_redactor

    return mask_secret_patterns(registered_redactor().text(text))


def environment_lines() -> list[str]:
    """Versions and platform facts a developer needs to reproduce a crash (no user data)."""
    import PySide6
    from PySide6.QtCore import qVersion

    from attendee_relay import __version__

    return [
        f"Attendee Relay: {__version__}",
        f"Python: {sys.version.split()[0]} ({platform.python_implementation()})",
        f"Qt: {qVersion()} (PySide6 {PySide6.__version__})",
        f"Platform: {platform.platform()} ({platform.machine()})",
        f"Bundled: {'yes' if getattr(sys, 'frozen', False) else 'no'}",
    ]


def crash_report_text(exc_info: ExcInfo, thread_name: str | None = None) -> str:
    """The report for one unexpected error, secrets masked.

    Args:
        exc_info: the exception's type, value and traceback.
        thread_name: the thread it was raised in; None for the main (GUI) thread.

    Returns:
        Plain text: when, where, versions, platform and the traceback.
    """
    kind, error, tb = exc_info
    lines = [
        "Attendee Relay crash report",
        f"Time: {datetime.now(UTC).isoformat(timespec='seconds')}",
        f"Thread: {thread_name or 'main'}",
        *environment_lines(),
        "",
        "".join(traceback.format_exception(kind, error, tb)).rstrip(),
        "",
    ]
    return _redact("\n".join(lines))


def write_crash_report(
    exc_info: ExcInfo, log_dir: Path | None = None, thread_name: str | None = None
) -> Path:
    """Write the crash report into the log folder.

    Args:
        exc_info: the exception's type, value and traceback.
        log_dir: where to write it; the app's log dir by default.
        thread_name: the thread it was raised in; None for the main thread.

    Returns:
        The report's path (``crash-YYYYmmdd-HHMMSS-ffffff.txt``).
    """
    if log_dir is None:
        from attendee_relay.core import paths

        log_dir = paths.log_dir()
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S-%f")
    path = log_dir / f"crash-{stamp}.txt"
    from attendee_relay.core import paths

    paths.private_file(path)  # 0600 before anything is written into it
    path.write_text(crash_report_text(exc_info, thread_name), encoding="utf-8")
    return path


class CrashDialog(QMessageBox):
    """Tells the user something went wrong and offers to open the report or the log folder.

    Args:
        report: the crash report's path.
        parent: the window to centre on, if any.
    """

    def __init__(self, report: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.report = report
        self.setIcon(QMessageBox.Icon.Critical)
        self.setWindowTitle("Attendee Relay: unexpected error")
        self.setText("Attendee Relay hit an unexpected error.")
        self.setInformativeText(
            "A report (no passwords or keys in it) was saved to:\n"
            f"{report}\n\n"
            "Send it to your support contact. Your imports are safe: a stopped run can be "
            "resumed from History."
        )
        self.open_button = self.addButton("Open report", QMessageBox.ButtonRole.ActionRole)
        self.folder_button = self.addButton("Open log folder", QMessageBox.ButtonRole.ActionRole)
        self.close_button = self.addButton(QMessageBox.StandardButton.Close)
        self.setDefaultButton(self.open_button)
        self.setEscapeButton(self.close_button)
        # Action buttons close the box too; opening happens on the way out.
        self.buttonClicked.connect(self._clicked)

    @Slot(object)
    def _clicked(self, button: object) -> None:
        if button is self.open_button:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.report)))
        elif button is self.folder_button:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.report.parent)))


class CrashHandler(QObject):
    """Catches unexpected errors from every thread, writes a report and shows ``CrashDialog``.

    Create it on the GUI thread: a worker thread's error reaches the dialog through the
    ``reportWritten`` signal, which Qt queues onto the GUI thread.

    Args:
        log_dir: where reports go; the app's log dir (looked up at each crash) by default.
        show_dialog: shows the dialog for a report (tests replace it); ``CrashDialog`` by default.

    Signals:
        reportWritten(str): a report was written; its path.
    """

    reportWritten = Signal(str)

    def __init__(
        self,
        log_dir: Path | None = None,
        show_dialog: Callable[[Path], None] | None = None,
    ) -> None:
        super().__init__()
        self._log_dir = log_dir
        self._show_dialog = show_dialog or self._default_dialog
        self._reports = 0
        self._dialog_open = False
        self._previous_hook: Callable[..., object] | None = None
        self._previous_thread_hook: Callable[[threading.ExceptHookArgs], object] | None = None
        self.reportWritten.connect(self._on_report)

    def install(self) -> CrashHandler:
        """Become ``sys.excepthook`` and ``threading.excepthook``; returns self."""
        self._previous_hook = sys.excepthook
        self._previous_thread_hook = threading.excepthook
        sys.excepthook = self._excepthook
        threading.excepthook = self._thread_excepthook
        return self

    def uninstall(self) -> None:
        """Put back the hooks that were there before ``install``."""
        if self._previous_hook is not None:
            sys.excepthook = self._previous_hook
        if self._previous_thread_hook is not None:
            threading.excepthook = self._previous_thread_hook
        self._previous_hook = self._previous_thread_hook = None

    def handle(self, exc_info: ExcInfo, thread_name: str | None = None) -> Path | None:
        """Log the error, write its report and ask the GUI thread to show the dialog.

        Returns:
            The report's path, or None when none was written (too many already, or the disk
            refused: the error is still in the log).
        """
        log.critical(
            "Unexpected error%s",
            f" in thread {thread_name}" if thread_name else "",
            exc_info=exc_info,
        )
        if self._reports >= MAX_REPORTS_PER_SESSION:
            return None
        self._reports += 1
        try:
            path = write_crash_report(exc_info, self._log_dir, thread_name)
        except OSError as err:  # a full or read-only disk: the log line above has to do
            log.error("Could not write the crash report: %s", err)
            return None
        self.reportWritten.emit(str(path))
        return path

    def _excepthook(
        self, kind: type[BaseException], error: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(kind, KeyboardInterrupt) and self._previous_hook is not None:
            self._previous_hook(kind, error, tb)  # Ctrl-C in a terminal is no crash
            return
        self.handle((kind, error, tb))

    def _thread_excepthook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None or issubclass(args.exc_type, SystemExit):
            return  # threading ignores SystemExit too
        name = args.thread.name if args.thread is not None else "unknown"
        self.handle((args.exc_type, args.exc_value, args.exc_traceback), thread_name=name)

    @Slot(str)
    def _on_report(self, path: str) -> None:
        # One dialog at a time: an error repeating while it is open only adds reports.
        if self._dialog_open:
            return
        self._dialog_open = True
        try:
            self._show_dialog(Path(path))
        finally:
            self._dialog_open = False

    @staticmethod
    def _default_dialog(report: Path) -> None:
        from PySide6.QtWidgets import QApplication

        CrashDialog(report, QApplication.activeWindow()).exec()


def install_crash_handler() -> CrashHandler:
    """Install the app's crash handler (the desktop app calls it once, at start)."""
    return CrashHandler().install()
