"""Help → About shows the version, Qt and where things live; Help → Open log folder opens it; an
unexpected error on any thread leaves a crash report with no secret in it and offers to open it."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QUrl, qVersion
from pytestqt.qtbot import QtBot

from attendee_relay import __version__
from attendee_relay.core import paths
from attendee_relay.core.redaction import MASK, forget_registered_secrets, register_secret
from attendee_relay.ui import about_dialog
from attendee_relay.ui.about_dialog import AboutDialog
from attendee_relay.ui.crash_handler import CrashDialog, CrashHandler, write_crash_report
from attendee_relay.ui.main_window import MainWindow
from attendee_relay.ui.sandbox_session import SandboxSession

SECRET = "sk-live-4f9a1c77e2b3"


@pytest.fixture
def registered_secret() -> str:
    register_secret(SECRET)
    yield SECRET
    forget_registered_secrets()


@pytest.fixture
def opened_urls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record what would be opened in the file manager instead of opening it."""
    opened: list[str] = []

    class FakeDesktop:
        @staticmethod
        def openUrl(url: QUrl) -> bool:
            opened.append(url.toLocalFile())
            return True

    monkeypatch.setattr(about_dialog, "QDesktopServices", FakeDesktop)
    return opened


def _fail_with_secret() -> None:
    token = SECRET
    raise RuntimeError(f"platform refused token={token} and {token}")


def _exc_info() -> tuple[type[BaseException], BaseException, object]:
    try:
        _fail_with_secret()
    except RuntimeError:
        kind, error, tb = sys.exc_info()
        assert kind is not None and error is not None
        return kind, error, tb
    raise AssertionError("unreachable")


def test_about_shows_version_qt_and_the_config_data_and_log_paths(qtbot: QtBot) -> None:
    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    assert dialog.version_label.text() == __version__
    assert qVersion() in dialog.qt_label.text()
    shown = {title: label.text() for title, label in dialog.path_labels.items()}
    assert str(paths.config_dir()) in shown["Settings and connectors"]
    assert str(paths.history_db_path()) in shown["History"]
    assert str(paths.log_dir()) in shown["Logs and crash reports"]
    details = dialog.details()
    assert str(paths.log_dir()) in details and __version__ in details


def test_about_opens_the_log_folder(qtbot: QtBot, opened_urls: list[str]) -> None:
    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    dialog.log_button.click()
    assert opened_urls == [str(paths.log_dir())]


def test_the_help_menu_opens_the_log_folder_and_the_about_dialog(
    qtbot: QtBot, opened_urls: list[str]
) -> None:
    window = MainWindow(sandbox=SandboxSession(port=0, latency_ms=0))
    qtbot.addWidget(window)
    help_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Help")
    texts = [a.text() for a in help_menu.actions() if not a.isSeparator()]
    assert texts == ["Open &log folder", "&About Attendee Relay"]
    window.log_folder_action.trigger()
    assert opened_urls == [str(paths.log_dir())]
    window.about_action.trigger()
    dialogs = [w for w in window.findChildren(AboutDialog) if w.isVisible()]
    assert len(dialogs) == 1
    dialogs[0].close()


def test_a_crash_report_has_the_traceback_and_versions_but_no_registered_secret(
    registered_secret: str,
) -> None:
    report = write_crash_report(_exc_info())  # type: ignore[arg-type]
    text = report.read_text(encoding="utf-8")
    assert report.parent == paths.log_dir()
    assert report.name.startswith("crash-") and report.suffix == ".txt"
    assert "_fail_with_secret" in text and "RuntimeError" in text
    assert f"Attendee Relay: {__version__}" in text
    assert f"Qt: {qVersion()}" in text
    assert "Platform: " in text
    assert registered_secret not in text
    assert MASK in text


def test_an_error_on_the_gui_thread_writes_a_report_and_shows_the_dialog(
    registered_secret: str,
) -> None:
    shown: list[Path] = []
    handler = CrashHandler(show_dialog=shown.append).install()
    try:
        assert sys.excepthook == handler._excepthook
        sys.excepthook(*_exc_info())
    finally:
        handler.uninstall()
    assert len(shown) == 1
    assert shown[0].is_file()
    assert registered_secret not in shown[0].read_text(encoding="utf-8")
    assert sys.excepthook != handler._excepthook


def test_an_error_in_a_worker_thread_shows_the_dialog_on_the_gui_thread(
    qtbot: QtBot, registered_secret: str
) -> None:
    shown: list[tuple[Path, bool]] = []
    handler = CrashHandler(
        show_dialog=lambda p: shown.append(
            (p, threading.current_thread() is threading.main_thread())
        )
    ).install()
    try:
        with qtbot.waitSignal(handler.reportWritten, timeout=5_000):
            worker = threading.Thread(target=_fail_with_secret, name="import-worker")
            worker.start()
            worker.join()
        qtbot.waitUntil(lambda: bool(shown), timeout=5_000)
    finally:
        handler.uninstall()
    report, on_gui_thread = shown[0]
    assert on_gui_thread
    text = report.read_text(encoding="utf-8")
    assert "Thread: import-worker" in text
    assert registered_secret not in text


def test_repeated_errors_stop_writing_reports_after_the_session_limit(tmp_path: Path) -> None:
    from attendee_relay.ui import crash_handler

    handler = CrashHandler(log_dir=tmp_path, show_dialog=lambda _p: None)
    written = [
        handler.handle(_exc_info()) for _ in range(crash_handler.MAX_REPORTS_PER_SESSION + 3)
    ]  # type: ignore[arg-type]
    assert written[-1] is None
    assert len(list(tmp_path.glob("crash-*.txt"))) == crash_handler.MAX_REPORTS_PER_SESSION


def test_the_crash_dialog_names_the_report_and_offers_to_open_it(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from attendee_relay.ui import crash_handler

    opened: list[str] = []
    monkeypatch.setattr(
        crash_handler.QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile())
    )
    report = tmp_path / "crash-1.txt"
    report.write_text("report", encoding="utf-8")
    dialog = CrashDialog(report)
    qtbot.addWidget(dialog)
    assert str(report) in dialog.informativeText()
    dialog.open_button.click()
    assert opened == [str(report)]
