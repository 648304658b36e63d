"""ImportWizard: the seven pages of an import or a sync, the engine bridge, and closing safely."""

from __future__ import annotations

import enum
from pathlib import Path

from PySide6.QtCore import Signal, Slot
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QMessageBox, QWidget, QWizard

from attendee_relay.core.engine.runner import RunResult
from attendee_relay.core.mapping.remembered import remember_mapping
from attendee_relay.ui.engine_bridge import EngineBridge, shorten_gil_pauses
from attendee_relay.ui.import_wizard.connector_page import ConnectorPage
from attendee_relay.ui.import_wizard.file_page import FilePage
from attendee_relay.ui.import_wizard.mapping_page import MappingPage
from attendee_relay.ui.import_wizard.preview_page import PreviewPage
from attendee_relay.ui.import_wizard.results_page import ResultsPage
from attendee_relay.ui.import_wizard.run_page import RunPage
from attendee_relay.ui.import_wizard.session import ImportSession
from attendee_relay.ui.import_wizard.validation_page import ValidationPage
from attendee_relay.ui.settings import restore_geometry, save_geometry


class PageId(enum.IntEnum):
    """The wizard's page ids, in order."""

    FILE = 0
    SOURCE = 0  # the same first page: a file, or a platform's list (a sync)
    CONNECTOR = 1
    MAPPING = 2
    VALIDATION = 3
    PREVIEW = 4
    RUN = 5
    RESULTS = 6


class ImportWizard(QWizard):
    """Import an attendee file, or a list fetched from a platform (a sync), into a connector:
    source → connector → mapping → validation → preview → run → results.

    Every slow step (reading the file, loading secrets, the dry run, preparing and delivering)
    runs off the GUI thread; a page's Next is enabled once its work is done. To reach a page
    (tests, screenshots), construct the wizard with ``initial_file`` and ``connector_name``,
    show it, then use :func:`attendee_relay.ui.import_wizard.walkthrough.walk_to` with a wait
    function such as ``qtbot.waitUntil``; or by hand: wait until
    ``wizard.currentPage().isComplete()``, call ``wizard.next()``, repeat. Going past
    ``PageId.PREVIEW`` starts the real import.

    Signals:
        runFinished(int): a run (the import, or a retry of its failed rows) ended; the run id.
        openHistoryRequested(int): the user asked to see that run in the history browser.
    """

    runFinished = Signal(int)
    openHistoryRequested = Signal(int)

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        initial_file: Path | None = None,
        connector_name: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import attendees")
        self.setObjectName("ImportWizard")
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage)
        self.setButtonText(QWizard.WizardButton.FinishButton, "&Done")
        self.session = ImportSession()
        self.bridge = EngineBridge(self)
        self._close_when_stopped = False
        self._confirm_box: QMessageBox | None = None
        self.file_page = FilePage(self.session)
        self.connector_page = ConnectorPage(self.session, connector_name)
        self.mapping_page = MappingPage(self.session)
        self.validation_page = ValidationPage(self.session)
        self.preview_page = PreviewPage(self.session)
        self.run_page = RunPage(self.session, self.bridge)
        self.run_page.setButtonText(QWizard.WizardButton.NextButton, "See &results")
        self.results_page = ResultsPage(self.session)
        for page_id, page in (
            (PageId.FILE, self.file_page),
            (PageId.CONNECTOR, self.connector_page),
            (PageId.MAPPING, self.mapping_page),
            (PageId.VALIDATION, self.validation_page),
            (PageId.PREVIEW, self.preview_page),
            (PageId.RUN, self.run_page),
            (PageId.RESULTS, self.results_page),
        ):
            self.setPage(page_id, page)
        self.run_page.runEnded.connect(self._run_ended)
        self.bridge.failed.connect(self._bridge_failed)
        self.results_page.retryRequested.connect(self._retry)
        self.results_page.fixesRequested.connect(self._send_fixes)
        self.results_page.fixesFileRequested.connect(self._send_fixes_file)
        self.results_page.openHistoryRequested.connect(self.openHistoryRequested)
        if not restore_geometry(self, "import_wizard"):
            self.resize(920, 640)
        shorten_gil_pauses()  # the pages' background reads compete with the GUI for the GIL too
        if initial_file is not None:
            self.file_page.set_file(initial_file)

    # ----- runs -------------------------------------------------------------------------------

    @Slot(object)
    def _run_ended(self, result: RunResult) -> None:
        s = self.session
        if result.counts.delivered and s.mapping is not None and s.source is not None:
            remember_mapping(s.mapping, s.source.info.headers)  # offered as "as last time"
        self.results_page.show_fixes(self.run_page.fixes_said)
        self.results_page.show_result(result)
        self.runFinished.emit(result.run_id)
        if self._close_when_stopped:
            self._close_when_stopped = False
            self.done(QWizard.DialogCode.Rejected)

    @Slot(int)
    def _retry(self, run_id: int) -> None:
        self.back()  # to the run page: its progress, log and controls serve the retry too
        self.run_page.retry_failed(run_id)

    @Slot(int, object)
    def _send_fixes(self, run_id: int, edits: dict[int, dict[str, str]]) -> None:
        self.back()  # the run page shows the fixed rows being sent, as a retry does
        self.run_page.send_fixes(run_id, edits=edits)

    @Slot(int, object)
    def _send_fixes_file(self, run_id: int, path: Path) -> None:
        self.back()
        self.run_page.send_fixes(run_id, fixes_file=path)

    # ----- closing ----------------------------------------------------------------------------

    def reject(self) -> None:
        """Esc, Cancel and the window's close button: during a run, ask, then cancel cleanly."""
        if not self.bridge.running:
            super().reject()
            return
        if self._close_when_stopped:
            return  # already cancelling; it closes by itself when the engine has stopped
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle("Stop the import?")
        box.setText("The import is still running. Stop it and close this window?")
        box.setInformativeText(
            "Rows on their way are finished first. The rest can be sent later: open the run "
            "in the history and resume it."
        )
        stop = box.addButton("&Stop and close", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("&Keep importing", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(stop)
        box.setAccessibleName("Stop the import?")
        self._confirm_box = box
        box.finished.connect(lambda _code: self._confirmed(box.clickedButton() is stop))
        box.open()

    def _confirmed(self, stop: bool) -> None:
        self._confirm_box = None
        if not stop or not self.bridge.running:
            return
        self._close_when_stopped = True
        self.run_page.cancel_run()

    @Slot(object)
    def _bridge_failed(self, _error: object) -> None:
        if self._close_when_stopped:
            self._close_when_stopped = False
            self.done(QWizard.DialogCode.Rejected)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.bridge.running:
            event.ignore()
            self.reject()
            return
        super().closeEvent(event)

    def done(self, result: int) -> None:
        save_geometry(self, "import_wizard")
        self.file_page.shutdown()  # a fetch stops; a fetched list nobody imported is deleted
        super().done(result)

    @property
    def confirm_box(self) -> QMessageBox | None:
        """The open "Stop the import?" question, if any (for tests)."""
        return self._confirm_box
