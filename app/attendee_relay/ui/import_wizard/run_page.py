"""The run page: prepare for real and deliver on the EngineBridge's thread; live progress and log."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWizardPage,
)

from attendee_relay.core.engine.events import LogLine, Progress
from attendee_relay.core.engine.runner import RunResult
from attendee_relay.core.glossary import run_status
from attendee_relay.core.history import HistoryStore
from attendee_relay.core.importing import prepare_import
from attendee_relay.core.resuming import prepare_resume
from attendee_relay.ui.engine_bridge import EngineBridge
from attendee_relay.ui.import_wizard.platform_pull import record_sync
from attendee_relay.ui.import_wizard.session import ImportSession
from attendee_relay.ui.words import count, number

#: Lines kept in the live log; older ones scroll away (the history keeps every row).
LOG_LINE_LIMIT = 2000

_LEVEL_MARK = {"info": "", "warning": "⚠ ", "error": "✖ "}


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    seconds = int(seconds + 0.5)
    minutes, sec = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02}:{sec:02}" if hours else f"{minutes}:{sec:02}"


class RunPage(QWizardPage):
    """Deliver the rows. Pause, Resume and Cancel act on the engine; the log is capped.

    Signals:
        runEnded(object): the ``RunResult`` of the session that just ended.
    """

    runEnded = Signal(object)

    def __init__(self, session: ImportSession, bridge: EngineBridge) -> None:
        super().__init__()
        self._session = session
        self._bridge = bridge
        self.result: RunResult | None = None
        self.error: BaseException | None = None
        #: What the last fixes sent did, in words (shown in the log and on the results page).
        self.fixes_said: list[str] = []
        self.setTitle("Importing")
        self.setSubTitle("You can pause, or cancel: a cancelled run can be resumed from history.")
        self.status_label = QLabel()
        self.status_label.setAccessibleName("Run status")
        self.status_label.setWordWrap(True)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.progress_bar = QProgressBar()
        self.progress_bar.setAccessibleName("Progress")
        self.counters: dict[str, QLabel] = {}
        grid = QGridLayout()
        for column, (key, title) in enumerate(
            (
                ("delivered", "Delivered"),
                ("refused", "Refused"),
                ("failed", "Failed"),
                ("skipped", "Skipped"),
                ("rate", "Rows/s"),
                ("eta", "Time left"),
            )
        ):
            caption = QLabel(title)
            value = QLabel("0" if key not in ("eta",) else "—")
            value.setAccessibleName(title)
            font = value.font()
            font.setPointSizeF(font.pointSizeF() * 1.4)
            font.setBold(True)
            value.setFont(font)
            grid.addWidget(caption, 0, column)
            grid.addWidget(value, 1, column)
            self.counters[key] = value
        self.pause_button = QPushButton("&Pause")
        self.pause_button.setAccessibleName("Pause")
        self.pause_button.clicked.connect(self._pause)
        self.resume_button = QPushButton("Resu&me")  # Alt+R is "See results"
        self.resume_button.setAccessibleName("Resume")
        self.resume_button.clicked.connect(self._resume)
        self.cancel_button = QPushButton("&Cancel import")
        self.cancel_button.setAccessibleName("Cancel import")
        self.cancel_button.setToolTip(
            "Stop after the requests on their way; resume the rest later from the history."
        )
        self.cancel_button.clicked.connect(self.cancel_run)
        buttons = QHBoxLayout()
        buttons.addWidget(self.pause_button)
        buttons.addWidget(self.resume_button)
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        self.log_view = QPlainTextEdit()
        self.log_view.setAccessibleName("Live log")
        self.log_view.setReadOnly(True)
        self.log_view.setMaximumBlockCount(LOG_LINE_LIMIT)
        self.log_view.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.log_view.setUndoRedoEnabled(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status_label)
        layout.addWidget(self.progress_bar)
        layout.addLayout(grid)
        layout.addLayout(buttons)
        layout.addWidget(self.log_view, 1)
        bridge.started.connect(self._started)
        bridge.progress.connect(self._progress)
        bridge.logLines.connect(self._log)
        bridge.finished.connect(self._finished)
        bridge.failed.connect(self._failed)
        self._set_buttons(running=False)

    # ----- starting ---------------------------------------------------------------------------

    def initializePage(self) -> None:
        s = self._session
        assert s.loaded is not None and s.source is not None and s.mapping is not None
        loaded, source, mapping, pulled = s.loaded, s.source, s.mapping, s.pulled
        kind = s.kind

        def prepare(store: HistoryStore) -> int:  # on the bridge's worker thread
            try:
                prepared = prepare_import(
                    connector=loaded.connector,
                    connector_name=loaded.name,
                    source=source,
                    mapping=mapping,
                    store=store,
                    settings=loaded.connector.settings.model_dump(mode="json"),
                    secrets=loaded.secrets,
                    kind=kind,
                )
                assert prepared.run_id is not None
                if pulled is not None:
                    # The next "only what changed" pull starts from this pull's start.
                    record_sync(store, pulled, prepared.run_id)
                return prepared.run_id
            finally:
                if pulled is not None:
                    pulled.discard()  # every row is in the history now; the copy must go

        self._begin(prepare, f"Reading and checking every row of {s.source_label}…")

    def retry_failed(self, run_id: int) -> None:
        """Send the failed and uncertain rows of ``run_id`` again (the results page's Retry)."""
        loaded = self._session.loaded
        assert loaded is not None
        self.fixes_said = []

        def prepare(store: HistoryStore) -> int:
            prepare_resume(store, run_id, loaded.connector)
            return run_id

        self._begin(prepare, f"Queueing the failed rows of run {run_id} again…")

    def send_fixes(
        self,
        run_id: int,
        *,
        edits: dict[int, dict[str, str]] | None = None,
        fixes_file: Path | None = None,
    ) -> None:
        """Send rows fixed in the results grid (``edits``) or in a corrected error report
        (``fixes_file``) in run ``run_id``, with the rest of what is not delivered."""
        loaded = self._session.loaded
        assert loaded is not None
        said = self.fixes_said = []
        name = fixes_file.name if fixes_file is not None else "the results grid"

        def prepare(store: HistoryStore) -> int:  # on the bridge's worker thread
            plan = prepare_resume(store, run_id, loaded.connector, edits=edits, fixes=fixes_file)
            if plan.fixes is not None:
                said.extend(plan.fixes.in_words(name))
            return run_id

        self._begin(prepare, f"Checking the fixed rows of run {run_id} and sending them…")

    def _begin(self, prepare: Callable[[HistoryStore], int], status: str) -> None:
        loaded = self._session.loaded
        assert loaded is not None
        self.result = None
        self.error = None
        self.log_view.clear()
        self.progress_bar.setRange(0, 0)  # busy until the prepare step is over
        for key, value in self.counters.items():
            value.setText("—" if key == "eta" else "0")
        self.status_label.setText(status)
        self._bridge.start(
            connector=loaded.connector,
            connector_name=loaded.name,
            secrets=loaded.secrets,
            prepare=prepare,
        )
        self._set_buttons(running=True)
        self.completeChanged.emit()

    # ----- control ----------------------------------------------------------------------------

    @Slot()
    def _pause(self) -> None:
        self._bridge.pause()
        self.status_label.setText("Paused: requests on their way finish; nothing new is sent.")
        # No progress comes while paused: the last speed and time left would stand still.
        self.counters["rate"].setText("0")
        self.counters["eta"].setText("paused")
        self._set_buttons(running=True)

    @Slot()
    def _resume(self) -> None:
        self._bridge.resume()
        self.status_label.setText("Sending…")
        self._set_buttons(running=True)

    @Slot()
    def cancel_run(self) -> None:
        """Stop after the requests on their way; the rest stays resumable."""
        if not self._bridge.running:
            return
        self._bridge.cancel()
        self.status_label.setText("Cancelling: waiting for the requests on their way…")
        self.pause_button.setEnabled(False)
        self.resume_button.setEnabled(False)
        self.cancel_button.setEnabled(False)

    def _set_buttons(self, *, running: bool) -> None:
        paused = self._bridge.paused
        self.pause_button.setEnabled(running and not paused)
        self.resume_button.setEnabled(running and paused)
        self.cancel_button.setEnabled(running)

    # ----- events from the bridge (GUI thread) ------------------------------------------------

    @Slot(int)
    def _started(self, run_id: int) -> None:
        self._session.run_id = run_id
        self.log_view.appendPlainText(f"Run {run_id}: sending the checked rows.")
        if not self._bridge.paused:
            self.status_label.setText(f"Sending (run {run_id})…")

    @Slot(object)
    def _progress(self, p: Progress) -> None:
        bar = self.progress_bar
        if bar.maximum() != max(1, p.total):
            bar.setRange(0, max(1, p.total))
        bar.setValue(min(p.done, p.total))
        bar.setFormat(f"{number(p.done)} of {count(p.total, 'row')} (%p%)")
        self.counters["delivered"].setText(number(p.delivered))
        self.counters["refused"].setText(number(p.refused))
        self.counters["failed"].setText(number(p.failed))
        self.counters["skipped"].setText(number(p.skipped))
        paused = self._bridge.paused
        self.counters["rate"].setText("0" if paused else number(round(p.rate_per_s)))
        self.counters["eta"].setText("paused" if paused else _duration(p.eta_s))

    @Slot(list)
    def _log(self, lines: list[LogLine]) -> None:
        # One appendPlainText per batch: a block per line costs layout work, a batch costs one.
        text = "\n".join(f"{_LEVEL_MARK.get(line.level, '')}{line.message}" for line in lines)
        self.log_view.appendPlainText(text)

    @Slot(object)
    def _finished(self, result: RunResult) -> None:
        self.result = result
        self._session.run_id = result.run_id
        self.progress_bar.setRange(0, max(1, result.counts.total))
        self.progress_bar.setValue(result.counts.total - result.counts.unsettled)
        self.status_label.setText(f"Run {result.run_id} ended. {result.message}")
        for line in self.fixes_said:
            self.log_view.appendPlainText(line)
        self.log_view.appendPlainText(
            f"Run {result.run_id} ended ({run_status(result.status).lower()}): {result.message}"
        )
        self._set_buttons(running=False)
        self.completeChanged.emit()
        self.runEnded.emit(result)

    @Slot(object)
    def _failed(self, error: BaseException) -> None:
        self.error = error
        self.progress_bar.setRange(0, 1)
        self.progress_bar.setValue(0)
        self.status_label.setText(str(error))
        self._set_buttons(running=False)
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.result is not None
