"""The results page: the run at a glance, the refused and failed rows fixed in place and sent in
the same run, the error CSV (and a corrected copy of it taken back), retrying, the run in history."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWizardPage,
)

from attendee_relay.core import paths
from attendee_relay.core.engine.runner import RunResult
from attendee_relay.core.fixes import FIXABLE, RowChecker
from attendee_relay.core.history import HistoryStore
from attendee_relay.core.history.models import RowView
from attendee_relay.core.reports import write_error_report
from attendee_relay.ui import settings
from attendee_relay.ui.fix_grid import FixGrid
from attendee_relay.ui.import_wizard.session import ImportSession
from attendee_relay.ui.run_glance import Glance, RunGlance, read_glance
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


#: Rows shown in the grid to fix; the error report has them all.
GRID_ROWS = 2_000


def read_results(run_id: int) -> tuple[Glance, list[RowView]]:
    """The run's glance and its rows to fix (on a worker thread)."""
    store = HistoryStore()
    try:
        return read_glance(store, run_id), store.rows(run_id, statuses=FIXABLE, limit=GRID_ROWS)
    finally:
        store.close()


class ResultsPage(QWizardPage):
    """The run at a glance, the rows to fix, and what to do next.

    Signals:
        retryRequested(int): the user wants the failed rows of this run sent again.
        openHistoryRequested(int): the user wants to see this run in the history browser.
        fixesRequested(int, object): send the rows fixed in the grid (row number → cells).
        fixesFileRequested(int, object): resume the run with a corrected error report (a Path).
    """

    retryRequested = Signal(int)
    openHistoryRequested = Signal(int)
    fixesRequested = Signal(int, object)
    fixesFileRequested = Signal(int, object)

    def __init__(self, session: ImportSession) -> None:
        super().__init__()
        self._session = session
        self._result: RunResult | None = None
        self._fixes_said: list[str] = []
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
        self.glance = RunGlance(self, offers_resume=False)
        self.glance.fixRequested.connect(self._start_fixing)
        self.glance.duplicatesRequested.connect(self._open_history)
        self.grid = FixGrid(self)
        self.grid_label = QLabel("Rows to fix (type over a cell; Enter or Tab keeps it):", self)
        self.grid_label.setBuddy(self.grid)
        self.send_button = QPushButton("&Send fixed rows", self)
        self.send_button.setToolTip("Deliver the rows that pass now, in this same run.")
        self.send_button.clicked.connect(self._send_fixes)
        self.undo_button = QPushButton("&Undo edit", self)
        self.undo_button.setToolTip("Put back the last cell edited (Ctrl+Z).")
        stack = self.grid.fix_model.undo_stack
        self.undo_button.clicked.connect(stack.undo)
        stack.canUndoChanged.connect(self.undo_button.setEnabled)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Undo), self, stack.undo)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Redo), self, stack.redo)
        self.import_fixes_button = QPushButton("&Import fixes…", self)
        self.import_fixes_button.setToolTip(
            "Take back a corrected copy of the error report and send its fixed rows in this run."
        )
        self.import_fixes_button.clicked.connect(self._import_fixes)
        self.grid.fix_model.fixedChanged.connect(self._fixed_changed)
        buttons = QHBoxLayout()
        buttons.addWidget(self.report_button)
        buttons.addWidget(self.import_fixes_button)
        buttons.addWidget(self.retry_button)
        buttons.addWidget(self.history_button)
        buttons.addStretch(1)
        fix_buttons = QHBoxLayout()
        fix_buttons.addWidget(self.send_button)
        fix_buttons.addWidget(self.undo_button)
        fix_buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.glance)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.grid_label)
        layout.addWidget(self.grid, 1)
        layout.addLayout(fix_buttons)
        layout.addWidget(self.counts_label)
        layout.addLayout(buttons)
        layout.addWidget(self.report_label)
        self._show_grid(False)

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
        self.import_fixes_button.setEnabled(bool(c.refused or c.failed))
        self.report_label.setText("\n".join(self._fixes_said))
        self.grid.fix_model.load(None, [], [])
        self._show_grid(False)
        run_id = result.run_id
        run_in_background(
            lambda: read_results(run_id), self._results_read, self._report_failed, owner=self
        )

    def show_fixes(self, said: list[str]) -> None:
        """What the fixes sent in this run did (fixed, still refused, not taken, with reasons),
        said under the run's result from now on."""
        self._fixes_said = list(said)
        self.report_label.setText("\n".join(said))

    def _results_read(self, read: tuple[Glance, list[RowView]]) -> None:
        glance, rows = read
        if self._result is None or glance.info.run_id != self._result.run_id:
            return  # an older run's answer, come after a newer one
        self.glance.show_glance(glance)
        loaded = self._session.loaded
        checker = RowChecker(loaded.connector, glance.info) if loaded is not None else None
        self.grid.fix_model.load(checker, glance.info.headers, rows)
        self.grid.resizeColumnsToContents()
        self._show_grid(bool(rows))

    def _show_grid(self, shown: bool) -> None:
        for widget in (self.grid_label, self.grid, self.send_button, self.undo_button):
            widget.setVisible(shown)
        self.undo_button.setEnabled(self.grid.fix_model.undo_stack.canUndo())

    @Slot(int)
    def _fixed_changed(self, fixed: int) -> None:
        self.send_button.setEnabled(bool(fixed))
        self.send_button.setText(
            f"&Send {count(fixed, 'fixed row')}" if fixed else "&Send fixed rows"
        )

    @Slot()
    def _start_fixing(self) -> None:
        self.grid.setFocus(Qt.FocusReason.ShortcutFocusReason)

    @Slot()
    def _send_fixes(self) -> None:
        edits = self.grid.fix_model.edits()
        if self._result is not None and edits:
            self.fixesRequested.emit(self._result.run_id, edits)

    @Slot()
    def _import_fixes(self) -> None:
        if self._result is None:
            return
        folder = settings.last_choice("fixes-folder", str(paths.documents_dir()))
        chosen, _filter = QFileDialog.getOpenFileName(
            self, "Import fixes", folder, "Error reports (*.csv *.xlsx *.xls *.ods)"
        )
        if chosen:
            settings.remember_choice("fixes-folder", str(Path(chosen).parent))
            self.fixesFileRequested.emit(self._result.run_id, Path(chosen))

    # No initializePage: the run's end fills the page (show_result); filling it again on the
    # way in would read the rows again, and a late answer would undo edits already made.

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
