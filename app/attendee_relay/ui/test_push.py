"""Send a test record: choose a connector, fill a form built from its fields, send, and see the
request and the response as a REST client shows them. Each push is a run in the history."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from attendee_relay.context import LoadedConnector, load_connector
from attendee_relay.core.profiles import ProfileStore
from attendee_relay.ui import settings
from attendee_relay.ui.exchange_view import ExchangeView
from attendee_relay.ui.icons import icon
from attendee_relay.ui.push_sending import PushOutcome, send_test_record
from attendee_relay.ui.record_form import RecordForm
from attendee_relay.ui.tasks import run_in_background
from attendee_relay.ui.words import link_label


class TestPushDialog(QDialog):
    """Non-modal; ``pushed(int)`` carries the run id of each record sent.

    Args:
        connector_name: the connector chosen at first (else the last one used).
    """

    pushed = Signal(int)

    def __init__(self, parent: QWidget | None = None, *, connector_name: str | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Send a test record")
        self.setWindowIcon(icon("send"))
        self.loaded: LoadedConnector | None = None
        self.form: RecordForm | None = None

        self.connector_combo = QComboBox(self)
        self.connector_combo.setAccessibleName("Connector")
        self.connector_combo.setToolTip("The connector the test record goes to")
        names = [p.name for p in ProfileStore().list()]
        self.connector_combo.addItems(names)
        chosen = connector_name or settings.last_choice("connector")
        if chosen in names:
            self.connector_combo.setCurrentText(chosen)
        label = QLabel("&Connector:", self)
        label.setBuddy(self.connector_combo)
        self.problem = QLabel(self)
        self.problem.setWordWrap(True)
        self.problem.setAccessibleName("Problem")
        self.form_scroll = QScrollArea(self)
        self.form_scroll.setWidgetResizable(True)
        self.send_button = QPushButton(icon("send"), "&Send", self)
        self.send_button.setAccessibleName("Send")
        self.send_button.setToolTip("Send this record to the platform for real (Ctrl+Return)")
        # Its own shortcut: setShortcut() would replace the button's Alt+S mnemonic.
        QShortcut(QKeySequence("Ctrl+Return"), self, self.send_button.animateClick)
        self.send_button.setDefault(True)
        self.result_label = QLabel(self)
        self.result_label.setWordWrap(True)
        self.result_label.setAccessibleName("Result")
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.exchange = ExchangeView(self)

        top = QHBoxLayout()
        top.addWidget(label)
        top.addWidget(self.connector_combo, 1)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(QLabel("Fields marked * are required. Hover a field for help.", left))
        left_layout.addWidget(self.form_scroll, 1)
        send_row = QHBoxLayout()
        send_row.addWidget(self.send_button)
        send_row.addStretch(1)
        left_layout.addLayout(send_row)
        left_layout.addWidget(self.result_label)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(self.exchange)
        splitter.setStretchFactor(1, 2)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.problem)
        layout.addWidget(splitter, 1)
        layout.addWidget(close)
        self.problem.hide()

        self.connector_combo.currentTextChanged.connect(self._load)
        self.send_button.clicked.connect(self.send)
        if not settings.restore_geometry(self, "test-push"):
            self.resize(1000, 620)
        if names:
            self._load(self.connector_combo.currentText())
        else:
            self._show_problem(
                "There is no connector yet. Add one first (Connectors ▸ Add connector…)."
            )

    def _show_problem(self, text: str) -> None:
        self.problem.setText(f"⚠ {text}")
        self.problem.setVisible(bool(text))
        self.send_button.setEnabled(not text)

    @Slot(str)
    def _load(self, name: str) -> None:
        self.loaded = None
        self.exchange.clear()
        self.result_label.clear()
        self.problem.hide()
        self.send_button.setEnabled(False)
        run_in_background(lambda: load_connector(name), self._loaded, self._load_failed, owner=self)

    def _loaded(self, loaded: LoadedConnector) -> None:
        if loaded.name != self.connector_combo.currentText():
            return  # the user picked another connector meanwhile
        self.loaded = loaded
        self.form = RecordForm(loaded.connector.target_fields(), self)
        self.form.changed.connect(self._form_changed)
        self.form_scroll.setWidget(self.form)
        self._show_problem("")
        settings.remember_choice("connector", loaded.name)

    @Slot()
    def _form_changed(self) -> None:
        # "Fill in … first" is about the form as it was: once it changes, it may be untrue.
        if self.result_label.text().startswith("⚠"):
            self.result_label.clear()

    def _load_failed(self, err: BaseException) -> None:
        self._show_problem(str(err))

    @Slot()
    def send(self) -> None:
        if self.loaded is None or self.form is None:
            return
        missing = self.form.missing_required()
        if missing:
            self.result_label.setText(f"⚠ Fill in {', '.join(missing)} first.")
            return
        loaded, fields = self.loaded, self.form.values()
        self.send_button.setEnabled(False)
        self.result_label.setText("Sending…")
        run_in_background(
            lambda: send_test_record(
                connector=loaded.connector,
                connector_name=loaded.name,
                secrets=loaded.secrets,
                fields=fields,
            ),
            self._sent,
            self._send_failed,
            owner=self,
        )

    def _sent(self, outcome: PushOutcome) -> None:
        self.send_button.setEnabled(True)
        if outcome.delivered:
            links = ", ".join(f"{link_label(k)}: {v}" for k, v in (outcome.links or {}).items())
            summary = f"Delivered (run {outcome.run_id})." + (f" {links}" if links else "")
        else:
            # Refused is the record's fault; anything else (a wrong key …) is not delivered.
            verdict = "Refused" if outcome.row_status == "refused" else "Not delivered"
            summary = f"{verdict}: {outcome.reason} (run {outcome.run_id})."
        self.result_label.setText(("✔ " if outcome.delivered else "✘ ") + summary)
        self.exchange.show_exchange(
            outcome.request_text,
            outcome.response_text,
            outcome.status_code,
            outcome.elapsed_ms,
            # A "200 OK" alone would read as success over an answer that says no.
            summary="" if outcome.delivered else "but the platform did not take the attendee",
        )
        self.pushed.emit(outcome.run_id)

    def _send_failed(self, err: BaseException) -> None:
        self.send_button.setEnabled(True)
        self.result_label.setText(f"✘ {err}")

    def done(self, result: int) -> None:
        settings.save_geometry(self, "test-push")
        super().done(result)
