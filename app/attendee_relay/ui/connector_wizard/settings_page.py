"""Wizard page 2: the connector's name and settings, checked as they are typed."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWizardPage,
)

from attendee_relay.connectors.registry import connector_class
from attendee_relay.core.errors import InputError
from attendee_relay.core.profiles import ProfileStore, validate_connector_name
from attendee_relay.ui.connector_wizard.settings_form import SettingsForm
from attendee_relay.ui.icons import icon
from attendee_relay.ui.tasks import run_in_background

if TYPE_CHECKING:
    from attendee_relay.ui.connector_wizard.wizard import ConnectorWizard
    from attendee_relay.ui.sandbox_session import SandboxPreset


class SettingsPage(QWizardPage):
    """Name plus a form generated from the platform's settings model."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle("Settings")
        # Made first: the Tab order follows creation, and the preset row is on top.
        self.preset_button = QPushButton(icon("sandbox"), "&Use the sandbox", self)
        self.preset_button.setAccessibleName("Use the sandbox")
        self.preset_button.setToolTip(
            "Fill in the settings and the key of the simulated platform on this computer, to try "
            "the connector without an account."
        )
        self.preset_button.clicked.connect(self._use_sandbox)
        # Never the button Enter presses: Enter on this page means Next, not "fill in the
        # sandbox" over what a person is setting up for a real account.
        self.preset_button.setAutoDefault(False)
        self.preset_button.setDefault(False)
        self.preset_button.hide()
        self.name_edit = QLineEdit(self)
        self.name_edit.setObjectName("connector-name")
        self.name_edit.setAccessibleName("Connector name")
        self.name_edit.setToolTip("A short name you will pick this connector by, e.g. summit-2025.")
        self.name_edit.setPlaceholderText("e.g. summit-2025")
        self.name_error = QLabel(self)
        self.name_error.setWordWrap(True)
        self.name_error.setAccessibleName("Connector name problem")
        self.name_error.hide()
        # "Na&me", not "&Name": Alt+N is the wizard's Next.
        name_label = QLabel("Connector na&me *:", self)
        name_label.setBuddy(self.name_edit)
        top = QFormLayout()
        name_box = QVBoxLayout()
        name_box.addWidget(self.name_edit)
        name_box.addWidget(self.name_error)
        top.addRow(name_label, name_box)
        self.scroll_area = QScrollArea(self)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QScrollArea.Shape.NoFrame)
        # The form's fields take the keyboard, not the area around them (no invisible Tab stop).
        self.scroll_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.preset_note = QLabel(self)
        self.preset_note.setWordWrap(True)
        self.preset_note.setAccessibleName("Sandbox")
        self.preset_note.hide()
        preset_row = QHBoxLayout()
        preset_row.addWidget(self.preset_button)
        preset_row.addWidget(self.preset_note, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(preset_row)
        layout.addLayout(top)
        layout.addWidget(self.scroll_area, 1)
        self.form: SettingsForm | None = None
        self._form_platform: str | None = None
        self._name_touched = False
        self._show_all = False
        self.name_edit.textEdited.connect(self._name_edited)

    def _wizard(self) -> ConnectorWizard:
        return self.wizard()  # type: ignore[return-value]

    def initializePage(self) -> None:
        wizard = self._wizard()
        platform = wizard.platform()
        cls = connector_class(platform)
        self.setSubTitle(f"{cls.title}: fields marked * are required. Hover a field for help.")
        if self._form_platform != platform:
            self.form = SettingsForm(cls.settings_model, cls.title)
            self.form.changed.connect(self._revalidate)
            if wizard.source_profile is not None and wizard.source_profile.platform == platform:
                self.form.set_values(wizard.source_profile.settings)
            self.scroll_area.setWidget(self.form)
            self._form_platform = platform
        if not self.name_edit.text():
            self.name_edit.setText(wizard.suggested_name())
        self.name_edit.setReadOnly(wizard.mode == "edit")
        self.preset_button.setVisible(wizard.mode == "add" and wizard.can_use_sandbox())
        self._revalidate()
        (
            self.form.editors[next(iter(self.form.editors))]
            if wizard.mode == "edit" and self.form
            else self.name_edit
        ).setFocus()

    @Slot()
    def _use_sandbox(self) -> None:
        self.preset_button.setEnabled(False)
        self.preset_note.setText("Starting the sandbox…")
        self.preset_note.show()
        wizard = self._wizard()
        run_in_background(
            wizard.sandbox_preset_job(), self._sandbox_ready, self._sandbox_failed, owner=self
        )

    def _sandbox_ready(self, preset: SandboxPreset | None) -> None:
        self.preset_button.setEnabled(True)
        if preset is None or self.form is None:
            self.preset_note.setText("There is no sandbox for this platform.")
            return
        self.form.set_values(preset.settings)
        self._wizard().preset_secrets = dict(preset.secrets)
        if not self.name_edit.text().strip():
            self.name_edit.setText(f"{self._form_platform}-sandbox")
        self.preset_note.setText(
            "Filled in for the sandbox on this computer; its key is filled in on the next page."
        )
        self._revalidate()
        self.name_edit.setFocus()

    def _sandbox_failed(self, err: BaseException) -> None:
        self.preset_button.setEnabled(True)
        self.preset_note.setText(f"⚠ The sandbox could not start: {err}")

    def _name_edited(self) -> None:
        self._name_touched = True
        self._revalidate()

    def name_problem(self) -> str:
        name = self.name_edit.text().strip()
        if not name:
            return "Give the connector a name."
        try:
            validate_connector_name(name)
        except InputError as err:
            return str(err)
        if self._wizard().mode != "edit" and ProfileStore().exists(name):
            return f"A connector named '{name}' already exists; choose another name."
        return ""

    def _revalidate(self) -> None:
        problem = self.name_problem()
        show = problem if (self._name_touched or self._show_all) else ""
        self.name_error.setText(f"⚠ {show}" if show else "")
        self.name_error.setVisible(bool(show))
        if self.form is not None:
            self.form.validate()

    def settings(self) -> dict[str, Any]:
        return self.form.values() if self.form is not None else {}

    def connector_name(self) -> str:
        return self.name_edit.text().strip()

    def is_valid(self) -> bool:
        if self.form is None or self.name_problem():
            return False
        return not self.form.validate()

    def validatePage(self) -> bool:
        # Next stays enabled: pressing it shows every problem under its field, in words.
        self._show_all = True
        if self.form is not None:
            self.form.show_all_problems()
        self._revalidate()
        return self.is_valid()
