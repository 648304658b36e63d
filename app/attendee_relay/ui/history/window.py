"""The history browser window: runs (filter, sort), a run's rows (filter, search, lazy paging),
one row's detail, export of the refused/failed rows, and retry/resume on a worker thread."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QDate, QModelIndex, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from attendee_relay.context import LoadedConnector, load_connector
from attendee_relay.core import paths
from attendee_relay.core.engine.events import Progress
from attendee_relay.core.engine.runner import RunResult
from attendee_relay.core.errors import InputError
from attendee_relay.core.fixes import FIXABLE, RowChecker
from attendee_relay.core.forgetting_words import forget_when_idle, forgotten_in_words
from attendee_relay.core.glossary import run_status_of
from attendee_relay.core.history import HistoryStore
from attendee_relay.core.history.forgetting import Forgotten
from attendee_relay.core.history.models import RowView, RunInfo
from attendee_relay.core.history.store import (
    RUN_INTERRUPTED,
    RUN_PREPARING,
    RUN_RUNNING,
    RUN_STOPPED,
)
from attendee_relay.core.records import RowStatus
from attendee_relay.core.reports import write_error_report
from attendee_relay.core.resuming import prepare_resume
from attendee_relay.ui import settings
from attendee_relay.ui.engine_bridge import EngineBridge
from attendee_relay.ui.fix_grid import FixGrid
from attendee_relay.ui.history.forget_dialog import ForgetDialog
from attendee_relay.ui.history.row_detail import RowDetail
from attendee_relay.ui.history.rows_model import RowsModel, with_store
from attendee_relay.ui.history.runs_model import RUN_ROLE, RunsFilter, RunsModel
from attendee_relay.ui.icons import icon
from attendee_relay.ui.overview import run_status_text
from attendee_relay.ui.run_glance import Glance, RunGlance, read_glance
from attendee_relay.ui.tasks import run_in_background
from attendee_relay.ui.words import count, number

_STATUSES = (
    "completed",
    "completed_with_errors",
    "interrupted",
    "interrupted_reading",
    "partly_read",
    "stopped",
    "running",
    "ready",
)
#: Rows shown in the grid to fix; the exported report has them all.
GRID_ROWS = 2_000

_ROW_FILTERS = (
    ("All rows", ()),
    ("Delivered", (RowStatus.DELIVERED,)),
    ("Refused", (RowStatus.REFUSED,)),
    ("Failed", (RowStatus.FAILED,)),
    ("Refused or failed", (RowStatus.REFUSED, RowStatus.FAILED)),
    ("Uncertain", (RowStatus.UNCERTAIN,)),
    ("Pending", (RowStatus.PENDING, RowStatus.IN_FLIGHT)),
    ("Skipped", (RowStatus.SKIPPED,)),
)


def _labelled(text: str, widget: QWidget, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setBuddy(widget)
    return label


class HistoryWindow(QMainWindow):
    """Every run and every row's outcome.

    Args:
        run_id: the run to select when the runs are loaded.

    Signals:
        runsChanged: a retry or resume changed the history (the main window refreshes).
        runsLoaded: the runs list was (re)loaded.
    """

    runsChanged = Signal()
    runsLoaded = Signal()

    def __init__(self, parent: QWidget | None = None, *, run_id: int | None = None) -> None:
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.Window, True)
        self.setWindowTitle("History — Attendee Relay")
        self.setWindowIcon(icon("history"))
        self._wanted_run = run_id
        self.current_run: RunInfo | None = None
        #: What the last fixes file did, in words (shown once its rows are sent).
        self._fixes_said: list[str] = []
        #: The chosen run's connector, loaded for checking and sending the rows fixed in place.
        self._fix_connector: LoadedConnector | None = None
        #: The open "Forget personal data" dialog, if any (for tests).
        self.forget_dialog: ForgetDialog | None = None
        self.bridge = EngineBridge(self)
        self.bridge.progress.connect(self._progress)
        self.bridge.finished.connect(self._retry_finished)
        self.bridge.failed.connect(self._retry_failed)

        central = QWidget(self)
        self.setCentralWidget(central)
        # runs + filters
        self.connector_filter = QComboBox(central)
        self.connector_filter.setAccessibleName("Filter runs by connector")
        self.connector_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.status_filter = QComboBox(central)
        self.status_filter.setAccessibleName("Filter runs by status")
        self.status_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.status_filter.addItem("Any status", "")
        for status in _STATUSES:
            self.status_filter.addItem(run_status_text(status), status)
        self.since_filter = QDateEdit(central)
        self.since_filter.setAccessibleName("Runs since")
        self.since_filter.setCalendarPopup(True)
        self.since_filter.setDisplayFormat("yyyy-MM-dd")
        self.since_filter.setSpecialValueText("any date")
        self.since_filter.setMinimumDate(QDate(2000, 1, 1))
        self.since_filter.setDate(self.since_filter.minimumDate())
        self.since_filter.setToolTip("Show runs from this date on")
        self.runs_model = RunsModel(self)
        self.runs_proxy = RunsFilter(self)
        self.runs_proxy.setSourceModel(self.runs_model)
        self.runs_view = QTableView(central)
        self.runs_view.setAccessibleName("Runs")
        self.runs_view.setModel(self.runs_proxy)
        self.runs_view.setSortingEnabled(True)
        self.runs_view.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self._table_defaults(self.runs_view)
        self.runs_view.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        filters = QHBoxLayout()
        filters.addWidget(_labelled("C&onnector:", self.connector_filter, central))
        filters.addWidget(self.connector_filter)
        filters.addWidget(_labelled("S&tatus:", self.status_filter, central))
        filters.addWidget(self.status_filter)
        filters.addWidget(_labelled("S&ince:", self.since_filter, central))
        filters.addWidget(self.since_filter)
        filters.addStretch(1)

        # the chosen run
        self.run_title = QLabel(central)
        self.run_title.setWordWrap(True)
        self.run_title.setAccessibleName("Run summary")
        self.export_button = QPushButton("&Export refused and failed rows…", central)
        self.export_button.setToolTip(
            "Write the rows to fix as a CSV: original columns, then the reason"
        )
        self.retry_button = QPushButton(icon("refresh"), "&Retry failed rows", central)
        self.retry_button.setToolTip("Send again the rows that failed or whose fate is unknown")
        self.import_fixes_button = QPushButton("Import fi&xes…", central)
        self.import_fixes_button.setToolTip(
            "Take back a corrected copy of the error report and send its fixed rows in this run"
        )
        self.forget_button = QPushButton("Forget personal &data…", central)
        self.forget_button.setToolTip(
            "Erase a person's or this run's personal data from the history"
        )
        self.glance = RunGlance(
            central,
            offers_resume=False,
            how_to_fix="correct them in the grid below and send them, or export them, correct "
            "them in a spreadsheet and Import fixes….",
        )
        self.fixes_label = QLabel(central)
        self.fixes_label.setAccessibleName("What the fixes did")
        self.fixes_label.setWordWrap(True)
        self.fixes_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # the refused and failed rows, fixed in place (as on the results page)
        self.fix_grid = FixGrid(central)
        self.fix_grid.setMaximumHeight(220)
        self.send_fixed_button = QPushButton("&Send fixed rows", central)
        self.send_fixed_button.setEnabled(False)
        self.send_fixed_button.setToolTip("Deliver the rows that pass now, in this same run")
        self.undo_edit_button = QPushButton("&Undo edit", central)
        self.undo_edit_button.setEnabled(False)
        edits = self.fix_grid.fix_model.undo_stack
        self.undo_edit_button.clicked.connect(edits.undo)
        edits.canUndoChanged.connect(self.undo_edit_button.setEnabled)
        self.fix_grid.fix_model.fixedChanged.connect(
            lambda fixed: self.send_fixed_button.setEnabled(bool(fixed) and not self.bridge.running)
        )
        self.send_fixed_button.clicked.connect(self._send_fixed)
        self.fix_box = QWidget(central)
        fix_layout = QVBoxLayout(self.fix_box)
        fix_layout.setContentsMargins(0, 0, 0, 0)
        grid_label = QLabel("Rows to fix (type over a cell; Enter or Tab keeps it):", self.fix_box)
        grid_label.setBuddy(self.fix_grid)
        fix_buttons = QHBoxLayout()
        fix_buttons.addWidget(self.send_fixed_button)
        fix_buttons.addWidget(self.undo_edit_button)
        fix_buttons.addStretch(1)
        fix_layout.addWidget(grid_label)
        fix_layout.addWidget(self.fix_grid)
        fix_layout.addLayout(fix_buttons)
        self.fix_box.hide()
        self.cancel_button = QPushButton("Stop", central)
        self.cancel_button.setToolTip("Stop sending; the run can be resumed later")
        self.cancel_button.hide()
        self.progress = QProgressBar(central)
        self.progress.setAccessibleName("Retry progress")
        self.progress.hide()
        actions = QHBoxLayout()
        actions.addWidget(self.export_button)
        actions.addWidget(self.import_fixes_button)
        actions.addWidget(self.retry_button)
        actions.addWidget(self.forget_button)
        actions.addWidget(self.cancel_button)
        actions.addWidget(self.progress, 1)

        self.row_status = QComboBox(central)
        self.row_status.setAccessibleName("Filter rows by status")
        for label, _statuses in _ROW_FILTERS:
            self.row_status.addItem(label)
        self.search = QLineEdit(central)
        self.search.setAccessibleName("Search rows")
        self.search.setPlaceholderText("Search e-mail, values or reason")
        self.search.setClearButtonEnabled(True)
        self.rows_count = QLabel(central)
        self.rows_count.setAccessibleName("Matching rows")
        row_filters = QHBoxLayout()
        row_filters.addWidget(_labelled("Ro&ws:", self.row_status, central))
        row_filters.addWidget(self.row_status)
        row_filters.addWidget(_labelled("Searc&h:", self.search, central))
        row_filters.addWidget(self.search, 1)
        row_filters.addWidget(self.rows_count)
        self.rows_model = RowsModel(self)
        self.rows_view = QTableView(central)
        self.rows_view.setAccessibleName("Rows of the run")
        self.rows_view.setModel(self.rows_model)
        self._table_defaults(self.rows_view)
        header = self.rows_view.horizontalHeader()
        header.setStretchLastSection(True)
        for col, width in enumerate((60, 90, 240, 70)):
            header.resizeSection(col, width)
        self.detail = RowDetail(central)

        rows_box = QWidget(central)
        rows_layout = QVBoxLayout(rows_box)
        rows_layout.setContentsMargins(0, 0, 0, 0)
        rows_layout.addLayout(row_filters)
        rows_layout.addWidget(self.rows_view, 1)
        lower = QSplitter(Qt.Orientation.Horizontal, central)
        lower.addWidget(rows_box)
        lower.addWidget(self.detail)
        lower.setStretchFactor(0, 3)
        lower.setStretchFactor(1, 2)
        run_box = QWidget(central)
        run_layout = QVBoxLayout(run_box)
        run_layout.setContentsMargins(0, 0, 0, 0)
        run_layout.addWidget(self.glance)
        run_layout.addWidget(self.run_title)
        run_layout.addLayout(actions)
        run_layout.addWidget(self.fixes_label)
        run_layout.addWidget(self.fix_box)
        run_layout.addWidget(lower, 1)
        runs_box = QWidget(central)
        runs_layout = QVBoxLayout(runs_box)
        runs_layout.setContentsMargins(0, 0, 0, 0)
        runs_layout.addLayout(filters)
        runs_layout.addWidget(self.runs_view)
        splitter = QSplitter(Qt.Orientation.Vertical, central)
        splitter.addWidget(runs_box)
        splitter.addWidget(run_box)
        splitter.setStretchFactor(1, 2)
        close_box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, central)
        close_box.rejected.connect(self.close)
        layout = QVBoxLayout(central)
        layout.addWidget(splitter)
        layout.addWidget(close_box)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(250)  # search as the user types, once they pause
        self._search_timer.timeout.connect(self._reload_rows)
        self.connector_filter.currentIndexChanged.connect(self._filter_runs)
        self.status_filter.currentIndexChanged.connect(self._filter_runs)
        self.since_filter.dateChanged.connect(self._filter_runs)
        self.runs_view.selectionModel().currentRowChanged.connect(self._run_selected)
        self.rows_view.selectionModel().currentRowChanged.connect(self._row_selected)
        self.row_status.currentIndexChanged.connect(self._reload_rows)
        self.search.textChanged.connect(self._search_timer.start)
        self.rows_model.totalChanged.connect(self._show_total)
        self.rows_model.loadFailed.connect(self._error)
        # clicked passes `checked`: it must never land in export_errors' `path` (it did: False).
        self.export_button.clicked.connect(lambda _checked=False: self.export_errors())
        self.retry_button.clicked.connect(self.retry)
        self.import_fixes_button.clicked.connect(self._import_fixes)
        self.forget_button.clicked.connect(self._forget)
        self.glance.fixRequested.connect(self._show_rows_to_fix)
        self.glance.duplicatesRequested.connect(self._show_rows_to_fix)
        self.cancel_button.clicked.connect(self._cancel)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Refresh), self, self.reload_runs)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self, self.search.setFocus)
        # A secondary window: Esc and Ctrl+W close it, as they close a dialog.
        # One shortcut per key (two on one key would be ambiguous and neither would fire).
        closing = {"Esc", "Ctrl+W"} | {
            k.toString() for k in QKeySequence.keyBindings(QKeySequence.StandardKey.Close)
        }
        for keys in sorted(closing):
            QShortcut(QKeySequence(keys), self, self.close)
        self._show_run(None)
        if not settings.restore_geometry(self, "history"):
            self.resize(1100, 760)
        self.reload_runs()

    @staticmethod
    def _table_defaults(view: QTableView) -> None:
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setAlternatingRowColors(True)
        view.verticalHeader().hide()
        view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
        view.setWordWrap(False)
        view.setTabKeyNavigation(False)  # Tab leaves the table; arrows move in it

    # ----- runs -------------------------------------------------------------------------------

    @Slot()
    def reload_runs(self) -> None:
        run_in_background(
            with_store(lambda s: s.list_runs()), self._runs_loaded, self._error, owner=self
        )

    def _runs_loaded(self, runs: list[RunInfo]) -> None:
        keep = self._wanted_run or (self.current_run.run_id if self.current_run else None)
        self.runs_model.set_runs(runs)
        chosen = self.connector_filter.currentData()
        self.connector_filter.blockSignals(True)
        self.connector_filter.clear()
        self.connector_filter.addItem("Any connector", "")
        for name in sorted({r.connector for r in runs}, key=str.lower):
            self.connector_filter.addItem(name, name)
        index = self.connector_filter.findData(chosen or "")
        self.connector_filter.setCurrentIndex(max(index, 0))
        self.connector_filter.blockSignals(False)
        self._select_run(keep)
        self.runsLoaded.emit()

    def _select_run(self, run_id: int | None) -> None:
        for row in range(self.runs_proxy.rowCount()):
            index = self.runs_proxy.index(row, 0)
            if run_id is None or index.data(RUN_ROLE) == run_id:
                self.runs_view.setCurrentIndex(index)
                self.runs_view.scrollTo(index)
                self._wanted_run = None
                return
        self._show_run(None)

    @Slot()
    def _filter_runs(self) -> None:
        since = self.since_filter.date()
        self.runs_proxy.set_filters(
            str(self.connector_filter.currentData() or ""),
            str(self.status_filter.currentData() or ""),
            None if since == self.since_filter.minimumDate() else since,
        )
        keep = self.current_run.run_id if self.current_run else None
        self._select_run(keep)

    @Slot(QModelIndex, QModelIndex)
    def _run_selected(self, current: QModelIndex, _previous: QModelIndex) -> None:
        run_id = current.data(RUN_ROLE) if current.isValid() else None
        run = next((r for r in self.runs_model.runs if r.run_id == run_id), None)
        self._show_run(run)

    def _show_run(self, run: RunInfo | None) -> None:
        self.current_run = run
        busy = self.bridge.running
        if run is None:
            self.run_title.setText("<i>No run selected.</i>")
            self.rows_model.set_query(None)
            self.glance.show_glance(None)
        else:
            run_id = run.run_id
            run_in_background(
                with_store(lambda s: read_glance(s, run_id)),
                self._glance_read,
                self._error,
                owner=self,
            )
            c = run.counts
            self.run_title.setText(
                f"<b>Run {run.run_id}</b> — {run.connector} ({run.platform}), "
                f"{run.source_name or run.kind}: <b>{run_status_of(run)}</b>. "
                f"{count(c.total, 'row')}: {number(c.delivered)} delivered, "
                f"{number(c.refused)} refused, {number(c.failed)} failed, "
                f"{number(c.uncertain)} uncertain, {number(c.skipped)} skipped, "
                f"{number(c.pending + c.in_flight)} not sent yet."
                + (f"<br>{run.message}" if run.message else "")
            )
            self._reload_rows()
        # A partly read run is resumable too: with its file put back as it was, reading goes on.
        resumable = run is not None and (
            run.status in (RUN_INTERRUPTED, RUN_STOPPED) or not run.fully_read
        )
        self.retry_button.setText("&Resume run" if resumable else "&Retry failed rows")
        self.retry_button.setEnabled(
            not busy
            and run is not None
            and run.status not in (RUN_RUNNING, RUN_PREPARING)
            and run.kind != "push"
            and (resumable or run.counts.unsettled > 0)
        )
        self.export_button.setEnabled(
            run is not None and (run.counts.refused + run.counts.failed) > 0
        )
        self.import_fixes_button.setEnabled(
            not busy
            and run is not None
            and run.status not in (RUN_RUNNING, RUN_PREPARING)
            and run.kind != "push"
            and (run.counts.refused + run.counts.failed) > 0
        )

    def _glance_read(self, glance: Glance) -> None:
        if self.current_run is None or glance.info.run_id != self.current_run.run_id:
            return
        self.glance.show_glance(glance)
        info = glance.info
        self.fix_grid.fix_model.load(None, [], [])
        self.fix_box.hide()
        if info.kind == "push" or not (info.counts.refused + info.counts.failed):
            return
        run_id = info.run_id

        def read() -> tuple[LoadedConnector, RowChecker | None, list[RowView]]:  # worker thread
            loaded = load_connector(info.connector)
            try:
                checker: RowChecker | None = RowChecker(loaded.connector, info)
            except InputError:  # a run without a mapping of its own: fixed by a file only
                checker = None
            store = HistoryStore()
            try:
                return loaded, checker, store.rows(run_id, statuses=FIXABLE, limit=GRID_ROWS)
            finally:
                store.close()

        # A connector removed or renamed since: no grid (the export and Import fixes remain).
        run_in_background(
            read, lambda got: self._fix_rows_read(info, *got), lambda _e: None, owner=self
        )

    def _fix_rows_read(
        self,
        info: RunInfo,
        loaded: LoadedConnector,
        checker: RowChecker | None,
        rows: list[RowView],
    ) -> None:
        if self.current_run is None or self.current_run.run_id != info.run_id or checker is None:
            return
        self._fix_connector = loaded
        self.fix_grid.fix_model.load(checker, info.headers, rows)
        self.fix_grid.resizeColumnsToContents()
        self.fix_box.setVisible(bool(rows))

    @Slot()
    def _send_fixed(self) -> None:
        run, loaded = self.current_run, self._fix_connector
        edits = self.fix_grid.fix_model.edits()
        if run is None or loaded is None or not edits or self.bridge.running:
            return
        self.send_fixed_button.setEnabled(False)
        self._start_retry(run, loaded, edits=edits)

    @Slot()
    def _show_rows_to_fix(self) -> None:
        self.row_status.setCurrentIndex(4)  # "Refused or failed"
        # The keyboard goes where they are fixed: the grid, when the run can be fixed in place.
        target = self.fix_grid if self.fix_box.isVisible() else self.rows_view
        target.setFocus(Qt.FocusReason.ShortcutFocusReason)

    # ----- rows -------------------------------------------------------------------------------

    @Slot()
    def _reload_rows(self) -> None:
        self.detail.show_row(None)
        statuses = _ROW_FILTERS[self.row_status.currentIndex()][1]
        run_id = self.current_run.run_id if self.current_run else None
        self.rows_model.set_query(run_id, statuses, self.search.text())

    @Slot(int)
    def _show_total(self, total: int) -> None:
        self.rows_count.setText(count(total, "row"))

    @Slot(QModelIndex, QModelIndex)
    def _row_selected(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.detail.show_row(self.rows_model.row_at(current.row()) if current.isValid() else None)

    # ----- export, retry, resume --------------------------------------------------------------

    @Slot()
    def export_errors(self, path: Path | None = None) -> None:
        run = self.current_run
        if run is None:
            return
        if path is None:
            folder = settings.last_choice("export-folder", str(paths.documents_dir()))
            chosen, _filter = QFileDialog.getSaveFileName(
                self,
                "Export refused and failed rows",
                str(Path(folder) / f"run-{run.run_id}-errors.csv"),
                "CSV files (*.csv)",
            )
            if not chosen:
                return
            path = Path(chosen)
            settings.remember_choice("export-folder", str(path.parent))
        target = path
        run_in_background(
            with_store(lambda s: write_error_report(s, run.run_id, target)),
            lambda n: self.statusBar().showMessage(
                f"{count(n, 'row')} written to {target}.", 10000
            ),
            self._error,
            owner=self,
        )

    @Slot()
    def retry(self) -> None:
        run = self.current_run
        if run is None or self.bridge.running:
            return
        self.retry_button.setEnabled(False)
        self.statusBar().showMessage(f"Loading connector '{run.connector}'…")
        run_in_background(
            lambda: load_connector(run.connector),
            lambda loaded: self._start_retry(run, loaded),
            self._retry_failed,
            owner=self,
        )

    def _start_retry(
        self,
        run: RunInfo,
        loaded: LoadedConnector,
        fixes: Path | None = None,
        edits: dict[int, dict[str, str]] | None = None,
    ) -> None:
        connector = loaded.connector
        run_id = run.run_id
        said = self._fixes_said = []
        name = fixes.name if fixes is not None else "the grid"

        def prepare(store: HistoryStore) -> int:  # on the worker thread
            plan = prepare_resume(store, run_id, connector, fixes=fixes, edits=edits)
            if plan.fixes is not None:
                said.extend(plan.fixes.in_words(name))
            return run_id

        self.bridge.start(
            connector=connector, connector_name=loaded.name, secrets=loaded.secrets, prepare=prepare
        )
        self.progress.setRange(0, 0)
        self.progress.show()
        self.cancel_button.show()
        self.statusBar().showMessage(f"Sending the unsettled rows of run {run.run_id}…")

    @Slot(object)
    def _progress(self, event: Progress) -> None:
        self.progress.setRange(0, max(event.total, 1))
        self.progress.setValue(event.done)
        self.progress.setFormat(
            f"%v / %m — {event.delivered} delivered, {event.refused} refused, {event.failed} failed"
            + (f", {event.rate_per_s:.0f} rows/s" if event.rate_per_s else "")
        )

    @Slot()
    def _import_fixes(self) -> None:
        run = self.current_run
        if run is None or self.bridge.running:
            return
        folder = settings.last_choice("fixes-folder", str(paths.documents_dir()))
        chosen, _filter = QFileDialog.getOpenFileName(
            self, "Import fixes", folder, "Error reports (*.csv *.xlsx *.xls *.ods)"
        )
        if not chosen:
            return
        settings.remember_choice("fixes-folder", str(Path(chosen).parent))
        fixes = Path(chosen)
        self.retry_button.setEnabled(False)
        self.statusBar().showMessage(f"Loading connector '{run.connector}'…")
        run_in_background(
            lambda: load_connector(run.connector),
            lambda loaded: self._start_retry(run, loaded, fixes),
            self._retry_failed,
            owner=self,
        )

    @Slot()
    def _forget(self) -> None:
        if self.bridge.running:
            self._error("Rows are being sent from this window; forget once they are sent.")
            return
        run = self.current_run
        dialog = ForgetDialog(self, run.run_id if run is not None else None)
        self.forget_dialog = dialog
        dialog.accepted.connect(lambda: self._forget_chosen(dialog))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _forget_chosen(self, dialog: ForgetDialog) -> None:
        self.forget_dialog = None
        kind, value = dialog.choice()
        email = str(value) if kind == "email" else None
        run_id = int(value) if kind == "run" else None
        run_in_background(
            with_store(lambda s: forget_when_idle(s, email=email, run_id=run_id)),
            self._forgotten,
            self._error,
            owner=self,
        )

    def _forgotten(self, done: Forgotten) -> None:
        self.fixes_label.setText(forgotten_in_words(done))
        self.reload_runs()
        self.runsChanged.emit()

    @Slot(object)
    def _retry_finished(self, result: RunResult) -> None:
        self._retry_done()
        self.fixes_label.setText("\n".join(self._fixes_said))
        self.statusBar().showMessage(
            result.message or f"Run {result.run_id}: {run_status_text(result.status)}.", 15000
        )
        self._wanted_run = result.run_id
        self.reload_runs()
        self.runsChanged.emit()

    @Slot(object)
    def _retry_failed(self, err: BaseException) -> None:
        self._retry_done()
        self._error(err)
        self.reload_runs()

    def _retry_done(self) -> None:
        self.progress.hide()
        self.cancel_button.hide()
        self.retry_button.setEnabled(True)

    @Slot()
    def _cancel(self) -> None:
        if self.bridge.running:
            self.bridge.cancel()
            self.statusBar().showMessage("Stopping after the requests in flight…")

    def _error(self, err: BaseException | str) -> None:
        self.statusBar().clearMessage()
        QMessageBox.warning(self, "History", str(err))

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.bridge.running:
            answer = QMessageBox.question(
                self,
                "Stop sending?",
                "Rows are still being sent. Stop now? The run can be resumed later from the history.",
            )
            if answer != QMessageBox.StandardButton.Yes:
                event.ignore()
                return
            self.bridge.cancel()
            self.bridge.wait(10)
        settings.save_geometry(self, "history")
        event.accept()
