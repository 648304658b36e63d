"""Wizard page 2: the connector's name and settings, checked as they are typed."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QScrollArea, QVBoxLayout, QWizardPage

from attendee_relay.connectors.registry import connector_class
from attendee_relay.core.errors import InputError
from attendee_relay.core.profiles import ProfileStore, validate_connector_name
from attendee_relay.ui.connector_wizard.settings_form import SettingsForm

if TYPE_CHECKING:
    from attendee_relay.ui.connector_wizard.wizard import ConnectorWizard


class SettingsPage(QWizardPage):
    """Name plus a form generated from the platform's settings model."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle("Settings")
        self.name_edit = QLineEdit(self)
        self.name_edit.setObjectName("connector-name")
        self.name_edit.setAccessibleName("Connector name")
        self.name_edit.setToolTip("A short name you will pick this connector by, e.g. summit-2025.")
        self.name_edit.setPlaceholderText("e.g. summit-2025")
        self.name_error = QLabel(self)
        self.name_error.setWordWrap(True)
        self.name_error.setAccessibleName("Connector name problem")
        self.name_error.hide()
        name_label = QLabel("Connector &name *:", self)
        name_label.setBuddy(self.name_edit)
        top = QFormLayout()
        name_box = QVBoxLayout()
        name_box.addWidget(self.name_edit)
        name_box.addWidget(self.name_error)
        top.addRow(name_label, name_box)
        self.scroll_area = QScrollArea(self)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QScrollArea.Shape.NoFrame)
        layout = QVBoxLayout(self)
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
        self._revalidate()
        (
            self.form.editors[next(iter(self.form.editors))]
            if wizard.mode == "edit" and self.form
            else self.name_edit
        ).setFocus()

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
