"""The main window: connectors and their state, recent runs, and the three everyday actions."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from attendee_relay.ui import settings
from attendee_relay.ui.connectors_panel import ConnectorsPanel
from attendee_relay.ui.icons import icon
from attendee_relay.ui.import_launcher import is_importable_file, open_import_wizard
from attendee_relay.ui.overview import Overview, load_overview
from attendee_relay.ui.resources import sample_csv_path
from attendee_relay.ui.runs_panel import RecentRunsPanel
from attendee_relay.ui.sandbox_session import SandboxSession
from attendee_relay.ui.tasks import run_in_background
from attendee_relay.ui.welcome_panel import WelcomePanel
from attendee_relay.ui.words import count

log = logging.getLogger(__name__)

_WELCOME, _CONTENT = 0, 1


class MainWindow(QMainWindow):
    """Connectors, recent runs, and *Import attendees…*, *Send a test record…*, *Add connector…*.

    Args:
        sandbox: the in-process sandbox for *Try it with the sandbox* (one is made if not given).

    Signals:
        overviewShown: the connectors and runs were (re)loaded and shown.
    """

    overviewShown = Signal()

    def __init__(self, sandbox: SandboxSession | None = None) -> None:
        super().__init__()
        self.setWindowTitle("Attendee Relay")
        self.setWindowIcon(icon("app"))
        self.setAcceptDrops(True)
        self.sandbox = sandbox or SandboxSession()
        self.overview: Overview | None = None
        self._windows: list[QWidget] = []  # open wizards and dialogs, kept referenced

        self.connectors = ConnectorsPanel(self)
        self.runs = RecentRunsPanel(self)
        self.welcome = WelcomePanel(self)
        self._build_actions()
        self._build_content()
        self.connectors.editRequested.connect(self.edit_connector)
        self.connectors.selectionChanged.connect(self._update_actions)
        self.runs.runActivated.connect(self.open_history)
        self.welcome.trySandboxRequested.connect(self.try_sandbox)
        self.welcome.addConnectorRequested.connect(self.add_connector)
        self.statusBar().showMessage("Loading…")
        if not settings.restore_geometry(self, "main"):
            self.resize(980, 640)
        self._update_actions()

    # ----- building ---------------------------------------------------------------------------

    def _action(
        self,
        text: str,
        icon_name: str | None,
        shortcut: QKeySequence.StandardKey | QKeySequence | str | None,
        tip: str,
    ) -> QAction:
        action = QAction(text, self)
        if icon_name:
            action.setIcon(icon(icon_name))
        if isinstance(shortcut, QKeySequence.StandardKey):
            action.setShortcuts(shortcut)  # every binding the platform has for it (⌘N, ⌫ ...)
        elif shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.setToolTip(
            f"{tip} ({action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})"
            if shortcut
            else tip
        )
        action.setStatusTip(tip)
        return action

    def _build_actions(self) -> None:
        a = self._action
        self.import_action = a(
            "&Import attendees…",
            "import",
            "Ctrl+I",
            "Import a CSV or Excel attendee list into a connector",
        )
        self.push_action = a(
            "Send a &test record…",
            "send",
            "Ctrl+T",
            "Send one hand-typed attendee and see the platform's answer",
        )
        self.add_action = a(
            "&Add connector…",
            "add",
            QKeySequence.StandardKey.New,
            "Connect to a platform account",
        )
        self.edit_action = a(
            "&Edit connector…",
            "edit",
            "Ctrl+E",
            "Change the selected connector's settings or secrets",
        )
        self.duplicate_action = a(
            "D&uplicate connector…",
            "duplicate",
            "Ctrl+D",
            "Start a new connector from the selected one",
        )
        self.remove_action = a(
            "&Remove connector",
            "remove",
            # Only the platform's first Delete key (⌫ on macOS, Del elsewhere): X11's second one
            # is Ctrl+D, which Duplicate has.
            QKeySequence(QKeySequence.StandardKey.Delete),
            "Delete the selected connector and its secrets",
        )
        self.history_action = a(
            "&History", "history", "Ctrl+H", "Every run and every row's outcome"
        )
        self.refresh_action = a(
            "Re&fresh",
            "refresh",
            QKeySequence.StandardKey.Refresh,
            "Reload connectors and runs",
        )
        self.sandbox_action = a(
            "Try it with the &sandbox",
            "sandbox",
            None,
            "Import a sample list into a simulated 10times event on this computer",
        )
        self.quit_action = a("&Quit", None, QKeySequence.StandardKey.Quit, "Quit Attendee Relay")
        self.about_action = a(
            "&About Attendee Relay", None, None, "Version and where your data lives"
        )
        self.log_folder_action = a(
            "Open &log folder", None, None, "The log files and crash reports, in the file manager"
        )
        # On macOS these move into the application menu, where Mac users look for them.
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)

        # QAction.triggered passes `checked`; every slot below takes no argument, so a click can
        # never land in a parameter (it once opened the import wizard on a file called "False").
        self.import_action.triggered.connect(lambda _checked=False: self.import_attendees())
        self.push_action.triggered.connect(lambda _checked=False: self.send_test_record())
        self.add_action.triggered.connect(lambda _checked=False: self.add_connector())
        self.edit_action.triggered.connect(lambda: self._with_selected(self.edit_connector))
        self.duplicate_action.triggered.connect(
            lambda: self._with_selected(self.duplicate_connector)
        )
        self.remove_action.triggered.connect(lambda: self._with_selected(self.remove_connector))
        self.history_action.triggered.connect(lambda: self.open_history(None))
        self.refresh_action.triggered.connect(lambda _checked=False: self.refresh())
        self.sandbox_action.triggered.connect(lambda _checked=False: self.try_sandbox())
        self.quit_action.triggered.connect(lambda _checked=False: self.close())
        self.about_action.triggered.connect(lambda _checked=False: self._about())
        self.log_folder_action.triggered.connect(lambda _checked=False: self._open_log_folder())

        menu = self.menuBar()
        file_menu = menu.addMenu("&File")
        file_menu.addActions([self.import_action, self.push_action])
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        conn_menu = menu.addMenu("&Connectors")
        conn_menu.addActions(
            [self.add_action, self.edit_action, self.duplicate_action, self.remove_action]
        )
        conn_menu.addSeparator()
        conn_menu.addAction(self.sandbox_action)
        view_menu = menu.addMenu("&View")
        view_menu.addActions([self.history_action, self.refresh_action])
        help_menu = menu.addMenu("&Help")
        help_menu.addAction(self.log_folder_action)
        help_menu.addSeparator()
        help_menu.addAction(self.about_action)

        toolbar = QToolBar("Main actions", self)
        toolbar.setObjectName("main-toolbar")
        toolbar.setAccessibleName("Main actions")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.setMovable(False)
        toolbar.addActions([self.import_action, self.push_action, self.add_action])
        toolbar.addSeparator()
        toolbar.addAction(self.history_action)
        self.addToolBar(toolbar)
        self.toolbar = toolbar

    def _build_content(self) -> None:
        content = QWidget(self)
        layout = QVBoxLayout(content)
        connectors_label = QLabel("<b>&Connectors</b>", content)
        connectors_label.setBuddy(self.connectors.tree)
        runs_label = QLabel("<b>Recent &runs</b>", content)
        runs_label.setBuddy(self.runs.tree)
        top = QWidget(content)
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(connectors_label)
        top_layout.addWidget(self.connectors)
        bottom = QWidget(content)
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addWidget(runs_label)
        bottom_layout.addWidget(self.runs)
        splitter = QSplitter(Qt.Orientation.Vertical, content)
        splitter.addWidget(top)
        splitter.addWidget(bottom)
        splitter.setChildrenCollapsible(False)
        layout.addWidget(splitter)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.welcome)
        self.stack.addWidget(content)
        self.stack.setCurrentIndex(_CONTENT)
        self.setCentralWidget(self.stack)

    # ----- state ------------------------------------------------------------------------------

    @Slot()
    def refresh(self) -> None:
        """Reload connectors and runs off the GUI thread."""
        run_in_background(load_overview, self._show_overview, self._show_error, owner=self)

    def _show_overview(self, overview: Overview) -> None:
        self.overview = overview
        self.connectors.show_overview(overview)
        self.runs.show_overview(overview)
        first_run = not overview.profiles
        self.stack.setCurrentIndex(_WELCOME if first_run else _CONTENT)
        self.statusBar().showMessage(
            "No connector yet."
            if first_run
            else f"{count(len(overview.profiles), 'connector')}, "
            f"{count(len(overview.runs), 'recent run')}. "
            "Drop a CSV or Excel file here to import it."
        )
        self._update_actions()
        self.overviewShown.emit()

    @Slot()
    def _update_actions(self) -> None:
        has_selection = self.connectors.selected_name() is not None
        for action in (self.edit_action, self.duplicate_action, self.remove_action):
            action.setEnabled(has_selection)

    def _with_selected(self, fn: object) -> None:
        name = self.connectors.selected_name()
        if name is not None and callable(fn):
            fn(name)

    def _keep(self, window: QWidget) -> QWidget:
        self._windows = [w for w in self._windows if w.isVisible()]
        self._windows.append(window)
        window.destroyed.connect(lambda *_: None)
        return window

    def _show_error(self, err: BaseException) -> None:
        log.warning("Main window action failed: %s", err)
        self.statusBar().clearMessage()
        QMessageBox.warning(self, "Attendee Relay", str(err))

    # ----- actions ----------------------------------------------------------------------------

    @Slot()
    def import_attendees(self) -> None:
        """The Import action: the wizard opens on its file page with no file chosen."""
        self.import_file(None)

    def import_file(self, initial_file: Path | None) -> None:
        """The wizard, with `initial_file` (a dropped file) already chosen when given."""
        wizard = open_import_wizard(
            self,
            initial_file=initial_file,
            connector_name=self.connectors.selected_name(),
            on_run_finished=lambda _run_id: self.refresh(),
            on_open_history=self.open_history,
        )
        if wizard is not None:
            self._keep(wizard)

    @Slot()
    def send_test_record(self) -> None:
        from attendee_relay.ui.test_push import TestPushDialog

        dialog = TestPushDialog(self, connector_name=self.connectors.selected_name())
        dialog.pushed.connect(self.refresh)
        self._keep(dialog)
        dialog.show()

    @Slot()
    def add_connector(self) -> None:
        self._open_connector_wizard()

    @Slot(str)
    def edit_connector(self, name: str) -> None:
        self._open_connector_wizard(edit_name=name)

    def duplicate_connector(self, name: str) -> None:
        self._open_connector_wizard(duplicate_of=name)

    def _open_connector_wizard(
        self, *, edit_name: str | None = None, duplicate_of: str | None = None
    ) -> None:
        from attendee_relay.ui.connector_wizard.wizard import ConnectorWizard

        try:
            wizard = ConnectorWizard(
                self, edit_name=edit_name, duplicate_of=duplicate_of, sandbox=self.sandbox
            )
        except Exception as err:  # a damaged profile: say so, do not crash
            self._show_error(err)
            return
        wizard.connectorSaved.connect(self._on_connector_saved)
        self._keep(wizard)
        wizard.show()

    @Slot(str)
    def _on_connector_saved(self, name: str) -> None:
        self.statusBar().showMessage(f"Connector '{name}' saved.", 5000)
        self.refresh()
        settings.remember_choice("connector", name)

    def remove_connector(self, name: str) -> None:
        answer = QMessageBox.question(
            self,
            "Remove connector",
            f"Remove the connector '{name}' and its secrets from the keychain? "
            "Its runs stay in the history.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        from attendee_relay.ui.connector_actions import remove_connector

        run_in_background(
            lambda: remove_connector(name),
            lambda _none: self._removed(name),
            self._show_error,
            owner=self,
        )

    def _removed(self, name: str) -> None:
        self.statusBar().showMessage(f"Connector '{name}' removed.", 5000)
        self.refresh()

    @Slot()
    def open_history(self, run_id: int | None = None) -> None:
        from attendee_relay.ui.history.window import HistoryWindow

        window = HistoryWindow(self, run_id=run_id)
        window.runsChanged.connect(self.refresh)
        self._keep(window)
        window.show()

    @Slot()
    def try_sandbox(self) -> None:
        """Start the sandbox, create its connector, open the import wizard on the sample list."""
        from attendee_relay.core.secrets import SecretStore

        status = SecretStore().available()
        if not status.ok:
            QMessageBox.warning(self, "No keychain", status.message)
            return
        self.statusBar().showMessage("Starting the sandbox…")
        self.welcome.sandbox_button.setEnabled(False)
        self.sandbox_action.setEnabled(False)
        run_in_background(
            self.sandbox.ensure_connector, self._sandbox_ready, self._sandbox_failed, owner=self
        )

    def _sandbox_ready(self, name: str) -> None:
        self.welcome.sandbox_button.setEnabled(True)
        self.sandbox_action.setEnabled(True)
        settings.app_settings().setValue("sandbox/autostart", True)
        self.refresh()
        self.connectors.select(name)
        server = self.sandbox.server
        self.statusBar().showMessage(
            f"Sandbox running at {server.url('') if server else ''} — importing the sample list.",
            8000,
        )
        wizard = open_import_wizard(
            self,
            initial_file=sample_csv_path(),
            connector_name=name,
            on_run_finished=lambda _run_id: self.refresh(),
            on_open_history=self.open_history,
        )
        if wizard is not None:
            self._keep(wizard)

    def _sandbox_failed(self, err: BaseException) -> None:
        self.welcome.sandbox_button.setEnabled(True)
        self.sandbox_action.setEnabled(True)
        self._show_error(err)

    def start_sandbox_if_used(self) -> None:
        """Restart the sandbox in the background if the user tried it before (its connector
        points at it)."""
        if settings.app_settings().value("sandbox/autostart", False) in (True, "true"):
            run_in_background(
                self._restart_sandbox, lambda _name: self.refresh(), lambda _e: None, owner=self
            )

    def _restart_sandbox(self) -> str:
        from attendee_relay.core.profiles import ProfileStore
        from attendee_relay.ui.sandbox_session import SANDBOX_CONNECTOR

        self.sandbox.start()
        if ProfileStore().exists(SANDBOX_CONNECTOR):
            return self.sandbox.ensure_connector()
        return ""

    @Slot()
    def _about(self) -> None:
        from attendee_relay.ui.about_dialog import AboutDialog

        dialog = AboutDialog(self)
        self._keep(dialog)
        dialog.show()

    @Slot()
    def _open_log_folder(self) -> None:
        from attendee_relay.ui.about_dialog import open_log_folder

        if not open_log_folder():
            from attendee_relay.core import paths

            self.statusBar().showMessage(f"The log folder is {paths.log_dir()}", 10_000)

    # ----- drag and drop, closing ---------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._dropped_file(event) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        path = self._dropped_file(event)
        if path is None:
            event.ignore()
            return
        event.acceptProposedAction()
        self.import_file(path)

    @staticmethod
    def _dropped_file(event: QDragEnterEvent | QDropEvent) -> Path | None:
        mime = event.mimeData()
        if not mime.hasUrls():
            return None
        for url in mime.urls():
            if url.isLocalFile() and is_importable_file(Path(url.toLocalFile())):
                return Path(url.toLocalFile())
        return None

    def closeEvent(self, event: QCloseEvent) -> None:
        settings.save_geometry(self, "main")
        for window in list(self._windows):
            if window.isVisible() and not window.close():
                event.ignore()  # a running import asked to stay open
                return
        self.sandbox.stop()
        event.accept()
