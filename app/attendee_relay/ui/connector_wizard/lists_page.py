"""Wizard page after the test, for platforms with lists of their own (ExpoPlatform categories;
iVvy subscription groups, custom fields, lead sources, types and stages): loaded in the
background with the settings and secrets given, chosen entries fill the connector's settings."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from attendee_relay.connectors.ivvy_lists import Choice
from attendee_relay.connectors.registry import create_connector
from attendee_relay.core.connector_api import Connector
from attendee_relay.ui.connector_wizard.choice_list import ChoiceList
from attendee_relay.ui.connector_wizard.platform_lists import (
    ListSpec,
    create_category,
    fetch_list,
    list_specs,
)
from attendee_relay.ui.tasks import run_in_background

if TYPE_CHECKING:
    from attendee_relay.ui.connector_wizard.wizard import ConnectorWizard

#: Settings whose lists only matter when leads are created.
LEAD_SETTINGS = ("lead_source_id", "lead_type_id", "lead_stage_id")


def _as_ids(value: Any) -> list[str]:
    if isinstance(value, list | tuple):
        return [str(v).strip() for v in value if str(v).strip()]
    text = str(value or "").strip()
    return [part.strip() for part in text.split(",") if part.strip()] if text else []


class ListsPage(QWizardPage):
    """One ``ChoiceList`` per list of the platform, plus *create a category* (ExpoPlatform) and
    *also add a lead* (iVvy). Skippable: nothing here is required unless leads are switched on."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle("Choose from the platform's lists")
        self.reload_button = QPushButton("&Reload the lists", self)
        self.reload_button.setAccessibleName("Reload the lists")
        self.reload_button.setToolTip("Ask the platform for its lists again.")
        self.reload_button.clicked.connect(self.load)
        self.lead_box = QCheckBox("Also add a &lead for every contact", self)
        self.lead_box.setAccessibleName("Also add a lead for every contact")
        self.lead_box.setToolTip("Creates a lead with the source, type and stage chosen below.")
        self.lead_box.toggled.connect(self._lead_toggled)
        self.problem = QLabel(self)
        self.problem.setWordWrap(True)
        self.problem.setAccessibleName("Lists problem")
        self.problem.hide()
        self.body = QWidget(self)
        self.body_layout = QVBoxLayout(self.body)
        self.body_layout.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(self.body)
        top = QHBoxLayout()
        top.addWidget(self.lead_box)
        top.addStretch(1)
        top.addWidget(self.reload_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.problem)
        self.boxes: dict[str, ChoiceList] = {}
        self.category_name: QLineEdit | None = None
        self.create_button: QPushButton | None = None
        self._platform: str | None = None
        self._generation = 0
        self._pending = 0

    def _wizard(self) -> ConnectorWizard:
        return self.wizard()  # type: ignore[return-value]

    def initializePage(self) -> None:
        wizard = self._wizard()
        connector = wizard.connector()
        self.setTitle(f"Choose from {connector.title}'s lists")
        self.setSubTitle(
            f"Loaded from {connector.title} with the settings and secrets you gave; what you "
            "choose here goes into the connector's settings. You may skip this page."
        )
        if wizard.platform() != self._platform:
            self._build(list_specs(connector))
            self._platform = wizard.platform()
        has_leads = "lead_sources" in self.boxes
        self.lead_box.setVisible(has_leads)
        if has_leads:
            self.lead_box.setChecked(bool(wizard.settings().get("create_lead")))
            self._lead_toggled(self.lead_box.isChecked())
        self.problem.hide()
        self.load()

    def _build(self, specs: Sequence[ListSpec]) -> None:
        for box in self.boxes.values():
            box.deleteLater()
        self.boxes.clear()
        while self.body_layout.count():
            self.body_layout.takeAt(0)
        self.category_name = self.create_button = None
        leads = QHBoxLayout()  # source, type and stage side by side: three short lists
        for spec in specs:
            box = ChoiceList(spec, self.body)
            box.chosen.connect(self._apply)
            if spec.kind == "categories":
                self._add_category_row(box)
            if spec.setting in LEAD_SETTINGS:
                leads.addWidget(box, 1)
            else:
                self.body_layout.addWidget(box)
            self.boxes[spec.kind] = box
        if leads.count():
            self.body_layout.addLayout(leads)
        self.body_layout.addStretch(1)

    def _add_category_row(self, box: ChoiceList) -> None:
        self.category_name = QLineEdit(box)
        self.category_name.setAccessibleName("New category name")
        self.category_name.setPlaceholderText("e.g. VIP")
        self.category_name.setToolTip("A visitor category to create in the event.")
        self.create_button = QPushButton("Crea&te category", box)
        self.create_button.setAccessibleName("Create category")
        self.create_button.setEnabled(False)
        self.category_name.textChanged.connect(self._category_typed)
        self.category_name.returnPressed.connect(self.create_category)
        self.create_button.clicked.connect(self.create_category)
        label = QLabel("New c&ategory:", box)
        label.setBuddy(self.category_name)
        box.extra.addWidget(label)
        box.extra.addWidget(self.category_name, 1)
        box.extra.addWidget(self.create_button)

    def _category_typed(self, text: str) -> None:
        if self.create_button is not None:
            self.create_button.setEnabled(bool(text.strip()))

    # ----- loading ------------------------------------------------------------------------------

    def isComplete(self) -> bool:
        return self._pending == 0

    @Slot()
    def load(self) -> None:
        """Ask the platform for every list, each in the background."""
        wizard = self._wizard()
        try:
            connector = wizard.connector()
        except Exception as err:  # settings changed into something invalid: say so
            self._show_problem(str(err))
            return
        secrets_job = wizard.secrets_job()
        self._generation += 1
        generation = self._generation
        self._pending = len(self.boxes)
        self.reload_button.setEnabled(not self._pending)
        for kind, box in self.boxes.items():
            box.loading()
            self._fetch(connector, kind, secrets_job, generation)
        self.completeChanged.emit()

    def _fetch(
        self,
        connector: Connector,
        kind: str,
        secrets_job: Callable[[], dict[str, str]],
        generation: int,
    ) -> None:
        def loaded(choices: list[Choice]) -> None:
            self._loaded(generation, kind, choices)

        def failed(err: BaseException) -> None:
            self._load_failed(generation, kind, err)

        run_in_background(
            lambda: fetch_list(connector, kind, secrets_job()), loaded, failed, owner=self
        )

    def _loaded(self, generation: int, kind: str, choices: list[Choice]) -> None:
        if generation != self._generation:
            return
        self.boxes[kind].fill(choices, self._wanted(kind))
        self._one_done()

    def _load_failed(self, generation: int, kind: str, err: BaseException) -> None:
        if generation != self._generation:
            return
        self.boxes[kind].failed(str(err) or type(err).__name__)
        self._one_done()

    def _one_done(self) -> None:
        self._pending -= 1
        if self._pending <= 0:
            self._pending = 0
            self.reload_button.setEnabled(True)
            self.completeChanged.emit()

    def _wanted(self, kind: str) -> list[str]:
        spec = self.boxes[kind].spec
        if not spec.setting:
            return []
        return _as_ids(self._wizard().settings().get(spec.setting))

    # ----- choosing -----------------------------------------------------------------------------

    @Slot()
    def _apply(self) -> None:
        """Write the choices into the settings form (the summary and Finish read it there)."""
        form = self._wizard().settings_page.form
        if form is None:
            return
        values: dict[str, Any] = {}
        for box in self.boxes.values():
            setting = box.spec.setting
            if not setting or not box.ready:
                continue  # a list that did not load never clears a setting
            ids = box.chosen_ids()
            values[setting] = ids if box.spec.multiple else (ids[0] if ids else "")
        if not self.lead_box.isHidden():
            values["create_lead"] = self.lead_box.isChecked()
        form.set_values(values)

    def _lead_toggled(self, on: bool) -> None:
        for kind in ("lead_sources", "lead_types", "lead_stages"):
            if kind in self.boxes:
                self.boxes[kind].setEnabled(on)
        self._apply()

    def validatePage(self) -> bool:
        self._apply()
        wizard = self._wizard()
        try:
            create_connector(wizard.platform(), wizard.settings())
        except Exception as err:  # one sentence from the settings model
            self._show_problem(str(err))
            return False
        self.problem.hide()
        return True

    def _show_problem(self, message: str) -> None:
        self.problem.setText(f"⚠ {message}")
        self.problem.show()

    # ----- creating a category (ExpoPlatform) ---------------------------------------------------

    @Slot()
    def create_category(self) -> None:
        if self.category_name is None or self.create_button is None:
            return
        name = self.category_name.text().strip()
        if not name:
            return
        wizard = self._wizard()
        connector, secrets_job = wizard.connector(), wizard.secrets_job()
        self.create_button.setEnabled(False)
        box = self.boxes["categories"]
        box.state.setText(f"Creating '{name}'…")
        run_in_background(
            lambda: create_category(connector, name, secrets_job()),
            lambda ident: self._category_created(name, ident),
            self._category_failed,
            owner=self,
        )

    def _category_created(self, name: str, ident: str) -> None:
        assert self.category_name is not None
        self.category_name.clear()
        self.load()
        self.boxes["categories"].state.setText(f"Created '{name}' (id {ident}); reloading…")

    def _category_failed(self, err: BaseException) -> None:
        assert self.create_button is not None and self.category_name is not None
        self.create_button.setEnabled(bool(self.category_name.text().strip()))
        self.boxes["categories"].state.setText(f"⚠ {err or type(err).__name__}")
