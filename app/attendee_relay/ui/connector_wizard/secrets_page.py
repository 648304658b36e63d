"""Wizard page 3: the platform's secrets, masked, bound for the OS keychain (whose state is shown,
found out off the GUI thread). Sign-in tokens are not typed: they are left out here."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget, QWizardPage

from attendee_relay.connectors.registry import connector_class
from attendee_relay.context import optional_secrets
from attendee_relay.core.secrets import KeychainStatus, SecretStore
from attendee_relay.ui.connector_wizard.saving import token_secret_names
from attendee_relay.ui.tasks import run_in_background
from attendee_relay.ui.words import secret_label

if TYPE_CHECKING:
    from attendee_relay.ui.connector_wizard.wizard import ConnectorWizard


class SecretsPage(QWizardPage):
    """One masked field per secret; empty keeps a stored secret (edit) or copies it (duplicate)."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle("Secrets")
        self.setSubTitle("Secrets are kept in your operating system's keychain, never in a file.")
        self.keychain = QLabel(self)
        self.keychain.setWordWrap(True)
        self.keychain.setAccessibleName("Keychain state")
        self.fields_box = QWidget(self)
        self.form = QFormLayout(self.fields_box)
        layout = QVBoxLayout(self)
        layout.addWidget(self.keychain)
        layout.addWidget(self.fields_box)
        layout.addStretch(1)
        self.edits: dict[str, QLineEdit] = {}
        self.keychain_ok = False
        self._keychain: KeychainStatus | None = None
        self._checking = False
        self._platform: str | None = None

    def _wizard(self) -> ConnectorWizard:
        return self.wizard()  # type: ignore[return-value]

    def initializePage(self) -> None:
        wizard = self._wizard()
        platform = wizard.platform()
        if platform != self._platform:
            self._build(platform)
        if self._keychain is None:
            self._check_keychain()
        else:
            self._show_keychain(self._keychain)
        for name, value in wizard.preset_secrets.items():
            if name in self.edits and not self.edits[name].text():
                self.edits[name].setText(value)
        self._focus_first_field()

    def _focus_first_field(self) -> None:
        # Once the keychain answered: a disabled field cannot take the keyboard.
        if self.edits and self.fields_box.isEnabled():
            next(iter(self.edits.values())).setFocus()

    def _check_keychain(self) -> None:
        # Loading a keychain backend may talk to a service that hangs or asks the user.
        self.keychain_ok = False
        self.keychain.setText("Checking the keychain…")
        self.fields_box.setEnabled(False)
        self.completeChanged.emit()
        if self._checking:
            return
        self._checking = True
        run_in_background(
            lambda: SecretStore().available(),
            self._keychain_checked,
            self._keychain_failed,
            owner=self,
        )

    def _keychain_checked(self, status: KeychainStatus) -> None:
        self._checking = False
        self._keychain = status
        self._show_keychain(status)

    def _keychain_failed(self, err: BaseException) -> None:
        self._checking = False
        self._show_keychain(KeychainStatus(False, "unknown", str(err) or type(err).__name__))

    def _show_keychain(self, status: KeychainStatus) -> None:
        self.keychain_ok = status.ok
        text = status.message + (f"<br><b>{status.warning}</b>" if status.warning else "")
        problem = self._wizard().stored_secrets_problem
        if problem:
            text += f"<br>⚠ The original connector's secrets could not be read: {problem}"
        self.keychain.setText(("" if status.ok else "⚠ ") + text)
        self.fields_box.setEnabled(status.ok)
        self._focus_first_field()
        self.completeChanged.emit()

    def _build(self, platform: str) -> None:
        while self.form.rowCount():
            self.form.removeRow(0)
        self.edits.clear()
        cls = connector_class(platform)
        optional = set(optional_secrets(platform))
        wizard = self._wizard()
        hidden = set(token_secret_names(platform))
        for name in cls.secret_names:
            if name in hidden:
                continue
            edit = QLineEdit(self.fields_box)
            edit.setObjectName(f"secret-{name}")
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            label_text = secret_label(name)
            edit.setAccessibleName(label_text)
            if wizard.has_stored_secret(name):
                edit.setPlaceholderText(wizard.stored_secret_hint())
            elif name in optional:
                edit.setPlaceholderText("optional")
            edit.setToolTip(
                f"The {label_text} from your {cls.title} account. It is stored in the keychain."
            )
            show = QAction("Show", edit)
            show.setCheckable(True)
            show.setToolTip("Show or hide what you typed")
            show.toggled.connect(
                lambda on, e=edit: e.setEchoMode(
                    QLineEdit.EchoMode.Normal if on else QLineEdit.EchoMode.Password
                )
            )
            edit.addAction(show, QLineEdit.ActionPosition.TrailingPosition)
            edit.textChanged.connect(self.completeChanged)
            required = name not in optional and not wizard.has_stored_secret(name)
            label = QLabel(f"{label_text}{' *' if required else ''}:", self.fields_box)
            label.setBuddy(edit)
            self.form.addRow(label, edit)
            self.edits[name] = edit
        if not self.edits:
            note = QLabel(f"{cls.title} needs no secret typed here.", self.fields_box)
            note.setWordWrap(True)
            self.form.addRow(note)
        self._platform = platform

    def typed_secrets(self) -> dict[str, str]:
        """The secrets typed on this page (empty ones left out)."""
        return {
            name: edit.text().strip() for name, edit in self.edits.items() if edit.text().strip()
        }

    def isComplete(self) -> bool:
        if not self.keychain_ok:
            return False
        optional = set(optional_secrets(self._platform or ""))
        wizard = self._wizard()
        return all(
            edit.text().strip() or name in optional or wizard.has_stored_secret(name)
            for name, edit in self.edits.items()
        )
