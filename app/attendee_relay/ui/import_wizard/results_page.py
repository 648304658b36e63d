"""The results page: how the run ended, the error CSV, retrying failed rows, the run in history."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWizardPage,
)

from attendee_relay.core import paths
from attendee_relay.core.engine.runner import RunResult
from attendee_relay.core.history import HistoryStore
from attendee_relay.core.reports import write_error_report
from attendee_relay.ui.import_wizard.session import ImportSession
from attendee_relay.ui.tasks import run_in_background
from attendee_relay.ui.words import count, number, visible_words


def error_report_path(run_id: int) -> Path:
    """Where the error CSV of a run is written (the app's data folder)."""
    folder = paths.data_dir() / "reports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"run-{run_id}-errors.csv"


def _write_report(run_id: int) -> tuple[Path, int]:
    store = HistoryStore()
    try:
        path = error_report_path(run_id)
        return path, write_error_report(store, run_id, path)
    finally:
        store.close()


class ResultsPage(QWizardPage):
    """Counts and what to do next.

    Signals:
        retryRequested(int): the user wants the failed rows of this run sent again.
        openHistoryRequested(int): the user wants to see this run in the history browser.
    """

    retryRequested = Signal(int)
    openHistoryRequested = Signal(int)

    def __init__(self, session: ImportSession) -> None:
        super().__init__()
        self._session = session
        self._result: RunResult | None = None
        self.setTitle("Results")
        self.summary_label = QLabel()
        self.summary_label.setAccessibleName("Run summary")
        self.summary_label.setWordWrap(True)
        self.counts_label = QLabel()
        self.counts_label.setAccessibleName("Row counts")
        self.counts_label.setWordWrap(True)
        self.report_button = QPushButton("Open the &error report")
        self.report_button.setAccessibleName("Open the error report")
        self.report_button.setToolTip("A CSV of the refused and failed rows with the reasons.")
        self.report_button.clicked.connect(self._open_report)
        self.retry_button = QPushButton("&Retry failed rows")
        self.retry_button.setAccessibleName("Retry failed rows")
        self.retry_button.setToolTip("Send the failed and unsent rows of this run again.")
        self.retry_button.clicked.connect(self._retry)
        self.history_button = QPushButton("Open in &history")
        self.history_button.setAccessibleName("Open in history")
        self.history_button.clicked.connect(self._open_history)
        self.report_label = QLabel()
        self.report_label.setAccessibleName("Error report status")
        self.report_label.setWordWrap(True)
        self.report_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QHBoxLayout()
        buttons.addWidget(self.report_button)
        buttons.addWidget(self.retry_button)
        buttons.addWidget(self.history_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.counts_label)
        layout.addLayout(buttons)
        layout.addWidget(self.report_label)
        layout.addStretch(1)

    def show_result(self, result: RunResult) -> None:
        """Fill the page from the run's result."""
        self._result = result
        c = result.counts
        self.summary_label.setText(f"Run {result.run_id}: {result.message}")
        self.counts_label.setText(
            f"{count(c.total, 'row')}: {number(c.delivered)} delivered, "
            f"{number(c.refused)} refused, {number(c.failed)} failed, "
            f"{number(c.skipped)} skipped, {number(c.unsettled - c.failed)} not sent yet."
        )
        self.report_button.setEnabled(bool(c.refused or c.failed))
        # Rows never sent (a cancelled run) are resumed; only failed ones are "retried".
        resumes = c.unsettled > c.failed
        self.retry_button.setText("&Resume the import" if resumes else "&Retry failed rows")
        self.retry_button.setAccessibleName(visible_words(self.retry_button.text()))
        self.retry_button.setToolTip(
            "Send the rows of this run that were not sent yet, and the failed ones."
            if resumes
            else "Send the failed rows of this run again."
        )
        self.retry_button.setEnabled(bool(c.unsettled))
        self.report_label.setText("")

    def initializePage(self) -> None:
        if self._result is not None:
            self.show_result(self._result)

    @Slot()
    def _open_report(self) -> None:
        if self._result is None:
            return
        run_id = self._result.run_id
        self.report_label.setText("Writing the error report…")
        run_in_background(
            lambda: _write_report(run_id), self._report_written, self._report_failed, owner=self
        )

    def _report_written(self, written: tuple[Path, int]) -> None:
        path, written_rows = written
        if QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            self.report_label.setText(f"{count(written_rows, 'row')} written to {path}.")
        else:  # no program is set to open CSV files: say where the file is instead
            self.report_label.setText(
                f"{count(written_rows, 'row')} written to {path}. No program on this computer "
                "opens CSV files by itself: open that file from your spreadsheet program."
            )

    def _report_failed(self, error: BaseException) -> None:
        # Most often the report is still open in Excel from the last click: say so, in a dialog.
        self.report_label.setText(str(error))
        QMessageBox.warning(self, "Error report", str(error))

    @Slot()
    def _retry(self) -> None:
        if self._result is not None:
            self.retryRequested.emit(self._result.run_id)

    @Slot()
    def _open_history(self) -> None:
        if self._result is not None:
            self.openHistoryRequested.emit(self._result.run_id)
