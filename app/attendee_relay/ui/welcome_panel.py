"""The first-run screen: no connector yet, so offer the sandbox or adding a real connector."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from attendee_relay.ui.icons import icon


class WelcomePanel(QWidget):
    """Two big choices: try the sandbox (no account) or add a connector."""

    trySandboxRequested = Signal()
    addConnectorRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = QLabel("<h2>Welcome to Attendee Relay</h2>", self)
        text = QLabel(
            "Attendee Relay sends attendee lists from CSV or Excel files to event platforms: "
            "mapped, checked before anything is sent, and never twice.<br><br>"
            "You have no connector yet. <b>Try it with the sandbox</b> to import a sample list "
            "into a simulated 10times event on this computer — no account needed, about a "
            "minute. Or add a connector for your own platform account.",
            self,
        )
        text.setWordWrap(True)
        text.setTextFormat(Qt.TextFormat.RichText)
        self.sandbox_button = QPushButton(icon("sandbox"), "&Try it with the sandbox", self)
        self.sandbox_button.setAccessibleName("Try it with the sandbox")
        self.sandbox_button.setToolTip(
            "Start the local platform simulator, create a 'sandbox' connector and import a "
            "sample attendee list."
        )
        self.sandbox_button.setDefault(True)
        self.sandbox_button.setMinimumHeight(40)
        self.add_button = QPushButton(icon("add"), "&Add a connector…", self)
        self.add_button.setAccessibleName("Add a connector")
        self.add_button.setToolTip(
            "Connect Attendee Relay to your 10times, InfluencerSoft or CRM account."
        )
        self.add_button.setMinimumHeight(40)
        self.sandbox_button.clicked.connect(self.trySandboxRequested)
        self.add_button.clicked.connect(self.addConnectorRequested)

        buttons = QHBoxLayout()
        buttons.addWidget(self.sandbox_button)
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        box = QVBoxLayout()
        box.addWidget(title)
        box.addWidget(text)
        box.addSpacing(12)
        box.addLayout(buttons)
        inner = QWidget(self)
        inner.setLayout(box)
        inner.setMaximumWidth(640)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(inner)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)
