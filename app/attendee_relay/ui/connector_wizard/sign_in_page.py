"""Wizard page for platforms that sign in with OAuth (GEVME): the sign-in runs in the system
browser while the page shows the address (with Copy), the status and a Cancel button; the wait
happens on the flow's own thread, so the window never blocks."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWizardPage,
)

from attendee_relay.context import LoadedConnector, oauth_client_of
from attendee_relay.core.oauth import FlowOutcome, OAuthFlow, SignInCancelled
from attendee_relay.core.oauth.listener import describe_duration
from attendee_relay.core.profiles import ConnectorProfile
from attendee_relay.ui.tasks import run_in_background

if TYPE_CHECKING:
    from attendee_relay.ui.connector_wizard.wizard import ConnectorWizard


class FlowRelay(QObject):
    """Hands a flow's worker-thread callbacks to the GUI thread (the relay lives there, so the
    signals are queued). Each carries the flow it is about, so a stale flow's news is ignored."""

    finished = Signal(object, object)  # (flow, FlowOutcome)
    browserOpened = Signal(object, bool)  # (flow, whether a browser started)


def _start_flow(loaded: LoadedConnector) -> OAuthFlow:
    """Make a flow and open its loopback listener (worker thread: binding may take a moment).

    Raises:
        ListenerUnavailable: no loopback port could be opened.
    """
    flow = OAuthFlow(oauth_client_of(loaded))
    flow.start()
    return flow


class SignInPage(QWizardPage):
    """*Sign in with <platform>*: start, wait (with Cancel), then signed in or why not.

    The tokens go to ``wizard.tokens``; they are stored in the keychain with the connector on
    Finish. Next is allowed without signing in (sign in later); not while a sign-in waits.
    """

    def __init__(self) -> None:
        super().__init__()
        self.setTitle("Sign in")
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.sign_in_button = QPushButton("&Sign in", self)
        self.cancel_button = QPushButton("&Cancel sign-in", self)
        self.cancel_button.setAccessibleName("Cancel the sign-in")
        self.cancel_button.setToolTip("Stop waiting for the browser; nothing is stored.")
        self.cancel_button.setEnabled(False)
        self.address = QLineEdit(self)
        self.address.setReadOnly(True)
        self.address.setAccessibleName("Sign-in address")
        self.address.setToolTip(
            "Open this address in a browser on this computer if none opened by itself."
        )
        self.address.setPlaceholderText("The sign-in address appears here once you sign in.")
        self.copy_button = QPushButton("Co&py", self)
        self.copy_button.setAccessibleName("Copy the sign-in address")
        self.copy_button.setToolTip("Copy the address to paste it into a browser.")
        self.copy_button.setEnabled(False)
        address_label = QLabel("Sign-in &address:", self)
        address_label.setBuddy(self.address)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Sign-in status")
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QHBoxLayout()
        buttons.addWidget(self.sign_in_button)
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        address_row = QHBoxLayout()
        address_row.addWidget(self.address, 1)
        address_row.addWidget(self.copy_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addSpacing(6)
        layout.addLayout(buttons)
        layout.addSpacing(6)
        layout.addWidget(address_label)
        layout.addLayout(address_row)
        layout.addSpacing(6)
        layout.addWidget(self.status)
        layout.addStretch(1)
        self.relay = FlowRelay(self)
        self.relay.finished.connect(self._finished)
        self.relay.browserOpened.connect(self._browser_opened)
        self.sign_in_button.clicked.connect(self.sign_in)
        self.cancel_button.clicked.connect(self.cancel)
        self.copy_button.clicked.connect(self.copy_address)
        self.flow: OAuthFlow | None = None
        self._starting = False
        self._title = ""

    def _wizard(self) -> ConnectorWizard:
        return self.wizard()  # type: ignore[return-value]

    def waiting(self) -> bool:
        """A sign-in is being prepared or waits for the browser."""
        return self._starting or self.flow is not None

    def initializePage(self) -> None:
        wizard = self._wizard()
        self._title = wizard.connector().title
        self.setTitle(f"Sign in with {self._title}")
        self.setSubTitle("Attendee Relay reads your data with your own sign-in; no password "
                         "is typed here.")  # fmt: skip
        self.sign_in_button.setText(f"&Sign in with {self._title}")
        self.sign_in_button.setAccessibleName(f"Sign in with {self._title}")
        self.sign_in_button.setToolTip(
            "Opens the sign-in page in your browser; come back here when it says you may close it."
        )
        self.intro.setText(
            f"Press the button to sign in to {self._title} in your browser. The browser comes "
            "back to this computer when you are done; the tokens it hands over are kept in the "
            "keychain when you press Finish. You may also skip this and sign in later."
        )
        if not self.waiting() and wizard.tokens is None:
            self.status.setText(self._idle_text())
            if wizard.mode == "edit" and wizard.stored_secrets() is None:
                wizard.storedSecretsRead.connect(
                    self._stored_read, Qt.ConnectionType.UniqueConnection
                )
        self.sign_in_button.setFocus()

    @Slot()
    def _stored_read(self) -> None:
        if not self.waiting() and self._wizard().tokens is None:
            self.status.setText(self._idle_text())

    def _idle_text(self) -> str:
        wizard = self._wizard()
        stored = wizard.stored_secrets() or {}
        if wizard.mode == "edit" and stored.get("access_token"):
            return "Signed in before. Sign in again to replace that sign-in, or press Next."
        return "Not signed in yet."

    def isComplete(self) -> bool:
        return not self.waiting()

    # ----- the sign-in ------------------------------------------------------------------------

    @Slot()
    def sign_in(self) -> None:
        if self.waiting():
            return
        wizard = self._wizard()
        connector = wizard.connector()
        profile = ConnectorProfile(
            name=wizard.connector_name(), platform=wizard.platform(), settings={}
        )
        secrets_job = wizard.secrets_job()
        self._starting = True
        self._set_busy(True)
        self.status.setText("Preparing the sign-in…")
        run_in_background(
            lambda: _start_flow(LoadedConnector(profile, connector, secrets_job())),
            self._started,
            self._start_failed,
            owner=self,
        )

    def _started(self, flow: OAuthFlow) -> None:
        self._starting = False
        if not self.isVisible():  # the user left the page (or the wizard) meanwhile
            flow.close()
            self._set_busy(False)
            return
        self.flow = flow
        self.address.setText(flow.authorization_url)
        self.address.setCursorPosition(0)
        self.copy_button.setText("Co&py")
        self.copy_button.setEnabled(True)
        relay = self.relay
        flow.run_in_thread(lambda outcome: relay.finished.emit(flow, outcome))
        flow.launch_browser(lambda opened: relay.browserOpened.emit(flow, opened))
        self.status.setText(self._waiting_text())
        self.completeChanged.emit()

    def _waiting_text(self) -> str:
        assert self.flow is not None
        limit = describe_duration(self.flow.client.timeout_s)
        return (
            f"Waiting for you to sign in to {self._title} in the browser (up to {limit})… "
            "If no browser opened, copy the address above into a browser on this computer."
        )

    def _start_failed(self, err: BaseException) -> None:
        self._starting = False
        self._set_busy(False)
        self.status.setText(f"✘ Sign-in failed: {err or type(err).__name__}")

    @Slot(object, bool)
    def _browser_opened(self, flow: object, opened: bool) -> None:
        if flow is not self.flow or opened:
            return
        self.status.setText(
            "No browser could be started: copy the address above into a browser on this "
            f"computer and sign in to {self._title} there. Waiting…"
        )

    @Slot(object, object)
    def _finished(self, flow: object, outcome: FlowOutcome) -> None:
        if flow is not self.flow:
            return  # a cancelled or abandoned sign-in reporting late
        self.flow = None  # its listener is closed already: wait() closes it either way
        self._set_busy(False)
        self.copy_button.setEnabled(False)
        self.address.clear()
        if outcome.tokens is not None:
            self._wizard().tokens = outcome.tokens
            renew = (
                "it renews itself"
                if outcome.tokens.refresh_token
                else "sign in again when it expires"
            )
            self.status.setText(
                f"✔ Signed in to {self._title} ({renew}). Press Next to check the connection."
            )
            self.sign_in_button.setText("&Sign in again")
        elif isinstance(outcome.error, SignInCancelled):
            self.status.setText(
                "Sign-in cancelled. Press the button to try again, or Next to skip."
            )
        else:
            error = outcome.error
            self.status.setText(f"✘ Sign-in failed: {error or type(error).__name__}")
        self.completeChanged.emit()

    @Slot()
    def cancel(self) -> None:
        """Stop waiting; the flow's thread then reports ``SignInCancelled``."""
        if self.flow is not None:
            self.flow.cancel()
            self.status.setText("Cancelling…")

    def stop(self) -> None:
        """Cancel any sign-in and free its port at once (the page or the wizard is left)."""
        flow, self.flow = self.flow, None
        if flow is not None:
            flow.cancel()  # its thread sees this within a fraction of a second and frees the port
        self._set_busy(False)
        self.address.clear()
        self.copy_button.setEnabled(False)

    def cleanupPage(self) -> None:  # Back
        self.stop()
        super().cleanupPage()

    @Slot()
    def copy_address(self) -> None:
        QGuiApplication.clipboard().setText(self.address.text())
        self.copy_button.setText("Copied ✔")

    def _set_busy(self, busy: bool) -> None:
        self.sign_in_button.setEnabled(not busy)
        self.cancel_button.setEnabled(busy)
        if busy:
            self.cancel_button.setFocus()
        self.completeChanged.emit()
