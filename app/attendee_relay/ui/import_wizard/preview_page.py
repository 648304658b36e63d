"""The preview page: the exact request one row becomes (secrets masked), and sending just that row."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWizard,
    QWizardPage,
)

from attendee_relay.context import LoadedConnector
from attendee_relay.core.connector_api import HttpRequest, HttpResponse
from attendee_relay.core.engine.retry import RetryPolicy
from attendee_relay.core.engine.runner import ImportEngine
from attendee_relay.core.errors import InputError, RowError
from attendee_relay.core.history import HistoryStore
from attendee_relay.core.mapping.compile import compile_mapping
from attendee_relay.core.pushing import prepare_push
from attendee_relay.core.records import MappedRecord
from attendee_relay.core.validation import RecordValidator
from attendee_relay.ui.import_wizard.session import ImportSession
from attendee_relay.ui.tasks import run_in_background


@dataclass(frozen=True, slots=True)
class PushOutcome:
    """What sending one row gave: the row's fate and the exchanges, shown masked."""

    run_id: int
    status: str
    reason: str
    exchanges: list[tuple[HttpRequest, HttpResponse]]
    stop_message: str


def push_one_row(loaded: LoadedConnector, record: MappedRecord) -> PushOutcome:
    """Send one record as a one-row run with a single attempt (on a worker thread)."""
    store = HistoryStore()
    try:
        prepared = prepare_push(
            connector=loaded.connector,
            connector_name=loaded.name,
            fields=record.fields,
            store=store,
        )
        if prepared.reasons:
            return PushOutcome(prepared.run_id, "refused", " ".join(prepared.reasons), [], "")
        exchanges: list[tuple[HttpRequest, HttpResponse]] = []
        result = ImportEngine(
            store=store,
            run_id=prepared.run_id,
            connector=loaded.connector,
            connector_name=loaded.name,
            secrets=loaded.secrets,
            retry=RetryPolicy(max_attempts=1),  # a trial shows what happened; it does not retry
            on_exchange=lambda req, resp: exchanges.append((req, resp)),
        ).run_blocking()
        row = store.rows(prepared.run_id)[0]
        stop = result.message if result.status == "stopped" else ""
        return PushOutcome(prepared.run_id, row.status.value, row.reason, exchanges, stop)
    finally:
        store.close()


class PreviewPage(QWizardPage):
    """Pick a row, see its request; Next (“Start import”) commits to the run."""

    def __init__(self, session: ImportSession) -> None:
        super().__init__()
        self._session = session
        self._records: list[MappedRecord] = []
        self._sending = False
        self.setTitle("Preview the request")
        self.setSubTitle(
            "This is exactly what is sent for the chosen row (keys masked). Send just this row "
            "to try it, or start the import."
        )
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, "&Start import")
        self.row_combo = QComboBox()
        self.row_combo.setAccessibleName("Row to preview")
        self.row_combo.currentIndexChanged.connect(self._show_request)
        self.send_button = QPushButton("Send &just this row")
        self.send_button.setAccessibleName("Send just this row")
        self.send_button.setToolTip("Send this one row now, once, and show the platform's answer.")
        self.send_button.clicked.connect(self._send)
        self.verdict_label = QLabel()
        self.verdict_label.setAccessibleName("Row check")
        self.verdict_label.setWordWrap(True)
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        self.request_view = QPlainTextEdit()
        self.request_view.setAccessibleName("Request")
        self.request_view.setReadOnly(True)
        self.request_view.setFont(mono)
        self.response_view = QPlainTextEdit()
        self.response_view.setAccessibleName("Response")
        self.response_view.setReadOnly(True)
        self.response_view.setFont(mono)
        self.response_view.setPlaceholderText("The platform's answer appears here.")
        top = QHBoxLayout()
        label = QLabel("&Row:")
        label.setBuddy(self.row_combo)
        top.addWidget(label)
        top.addWidget(self.row_combo, 1)
        top.addWidget(self.send_button)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.request_view)
        splitter.addWidget(self.response_view)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.verdict_label)
        layout.addWidget(splitter, 1)

    def initializePage(self) -> None:
        s = self._session
        assert s.loaded is not None and s.source is not None and s.mapping is not None
        fields = s.loaded.connector.target_fields()
        self.response_view.clear()
        try:
            mapper = compile_mapping(
                s.mapping, s.source.info.headers, fields, s.loaded.connector.accepts_extra_field
            )
        except InputError as err:
            self.verdict_label.setText(str(err))
            return
        self._records = [mapper(row) for row in s.sample_rows]
        self.row_combo.blockSignals(True)
        self.row_combo.clear()
        for record in self._records:
            hint = next((str(v) for v in record.fields.values() if v), "")
            self.row_combo.addItem(f"Row {record.row_number} — {hint}")
        self.row_combo.blockSignals(False)
        self.row_combo.setCurrentIndex(0)
        self._show_request()

    def _record(self) -> MappedRecord | None:
        index = self.row_combo.currentIndex()
        return self._records[index] if 0 <= index < len(self._records) else None

    @Slot()
    def _show_request(self) -> None:
        s = self._session
        record = self._record()
        if record is None or s.loaded is None:
            return
        fields = s.loaded.connector.target_fields()
        default_country = s.mapping.default_country if s.mapping else None
        verdict = RecordValidator(fields, default_country=default_country).check(record)
        if verdict.reasons:
            self.verdict_label.setText("This row would be refused: " + " ".join(verdict.reasons))
        elif verdict.warnings:
            self.verdict_label.setText("Sent with a warning: " + " ".join(verdict.warnings))
        else:
            self.verdict_label.setText("This row passes the checks.")
        try:
            request = s.loaded.connector.build_request([record], s.loaded.secrets)
        except (RowError, InputError) as err:
            self.request_view.setPlainText(str(err))
            return
        self.request_view.setPlainText(s.loaded.redactor.request(request))
        self.send_button.setEnabled(not verdict.reasons and not self._sending)

    @Slot()
    def _send(self) -> None:
        s = self._session
        record = self._record()
        if record is None or s.loaded is None:
            return
        loaded = s.loaded
        self._sending = True
        self.send_button.setEnabled(False)
        self.response_view.setPlainText(f"Sending row {record.row_number}…")
        run_in_background(
            lambda: push_one_row(loaded, record),
            self._sent,
            self._send_failed,
            owner=self,
        )

    def _sent(self, outcome: PushOutcome) -> None:
        self._sending = False
        self.send_button.setEnabled(True)
        redactor = self._session.loaded.redactor if self._session.loaded else None
        assert redactor is not None
        verdict = f"Row {outcome.status}"
        if outcome.reason:
            verdict += f": {redactor.text(outcome.reason)}"
        parts = [f"{verdict} (recorded as run {outcome.run_id} in the history)."]
        if outcome.stop_message:
            parts.append(redactor.text(outcome.stop_message))
        for _request, response in outcome.exchanges:
            parts.append(f"\n── Answer after {response.elapsed_s * 1000:.0f} ms ──")
            parts.append(redactor.response(response))
        self.response_view.setPlainText("\n".join(parts))

    def _send_failed(self, error: BaseException) -> None:
        self._sending = False
        self.send_button.setEnabled(True)
        self.response_view.setPlainText(str(error))
