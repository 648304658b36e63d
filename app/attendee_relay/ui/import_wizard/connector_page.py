"""The connector page: choose one of the saved connectors; its secrets load off the GUI thread."""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWizardPage

from attendee_relay.connectors.registry import connector_class
from attendee_relay.context import LoadedConnector, load_connector
from attendee_relay.core.errors import InputError
from attendee_relay.core.profiles import ConnectorProfile, ProfileStore
from attendee_relay.ui.import_wizard.platform_pull import can_push
from attendee_relay.ui.import_wizard.session import ImportSession
from attendee_relay.ui.settings import last_choice, remember_choice
from attendee_relay.ui.tasks import run_in_background

NO_CONNECTOR_TEXT = (
    "There is no connector yet. Close this wizard, click “Add connector…” in the main window "
    "to set up the platform you import into, then start the import again."
)


def _platform_title(profile: ConnectorProfile) -> str:
    try:
        return str(connector_class(profile.platform).title)
    except InputError:
        return profile.platform


def _state(profile: ConnectorProfile) -> str:
    if profile.last_test_ok is None:
        return "never tested"
    return "tested OK" if profile.last_test_ok else "last test failed"


class ConnectorPage(QWizardPage):
    """Pick the connector to import into. Next waits until it is loaded with its secrets."""

    def __init__(self, session: ImportSession, preferred: str | None = None) -> None:
        super().__init__()
        self._session = session
        self._preferred = preferred
        self._generation = 0
        self.setTitle("Choose the connector")
        self.setSubTitle("The platform and event the attendees go to.")
        self.connector_list = QListWidget()
        self.connector_list.setAccessibleName("Connectors")
        self.connector_list.currentItemChanged.connect(self._chosen)
        self.status_label = QLabel()
        self.status_label.setAccessibleName("Connector status")
        self.status_label.setWordWrap(True)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        label = QLabel("&Connectors:")
        label.setBuddy(self.connector_list)
        layout.addWidget(label)
        layout.addWidget(self.connector_list, 1)
        layout.addWidget(self.status_label)

    def initializePage(self) -> None:
        current = self._session.loaded.name if self._session.loaded else None
        wanted = current or self._preferred or last_choice("import/connector")
        self.connector_list.blockSignals(True)
        self.connector_list.clear()
        pulled_from = self._session.pulled.name if self._session.pulled else None
        profiles = [  # a few small JSON files: fine on the GUI thread
            p
            for p in ProfileStore().list()
            if can_push(p.platform) and p.name != pulled_from  # not GEVME, not into itself
        ]
        for profile in profiles:
            item = QListWidgetItem(
                f"{profile.name} — {_platform_title(profile)} ({_state(profile)})"
            )
            item.setData(Qt.ItemDataRole.UserRole, profile.name)
            self.connector_list.addItem(item)
        self.connector_list.blockSignals(False)
        if not profiles:
            self._session.loaded = self._session.mapping = None
            self.connector_list.hide()
            self.status_label.setText(NO_CONNECTOR_TEXT)
            return
        self.connector_list.show()
        names = [p.name for p in profiles]
        if self._session.loaded is not None and self._session.loaded.name not in names:
            self._session.loaded = self._session.mapping = None  # e.g. now the sync's source
        index = names.index(wanted) if wanted in names else (0 if len(names) == 1 else -1)
        if index >= 0:
            self.connector_list.setCurrentRow(index)
        else:
            self.status_label.setText("Choose the connector to import into.")
        self.connector_list.setFocus()

    def choose(self, name: str) -> None:
        """Select connector ``name`` (as a click on it would)."""
        for row in range(self.connector_list.count()):
            if self.connector_list.item(row).data(Qt.ItemDataRole.UserRole) == name:
                self.connector_list.setCurrentRow(row)
                return
        raise KeyError(name)

    @Slot(QListWidgetItem, QListWidgetItem)
    def _chosen(self, item: QListWidgetItem | None, _previous: QListWidgetItem | None) -> None:
        if item is None:
            return
        name = str(item.data(Qt.ItemDataRole.UserRole))
        if self._session.loaded is not None and self._session.loaded.name == name:
            self.status_label.setText(self._describe(self._session.loaded))
            self.completeChanged.emit()
            return
        self._generation += 1
        generation = self._generation
        self._session.loaded = None
        self._session.mapping = None
        self.status_label.setText(f"Loading {name} and its key from the keychain…")
        self.completeChanged.emit()
        run_in_background(
            lambda: load_connector(name),
            lambda loaded: self._loaded(generation, loaded),
            lambda error: self._failed(generation, error),
            owner=self,
        )

    def _loaded(self, generation: int, loaded: LoadedConnector) -> None:
        if generation != self._generation:
            return
        self._session.loaded = loaded
        remember_choice("import/connector", loaded.name)
        self.status_label.setText(self._describe(loaded))
        self.completeChanged.emit()

    def _failed(self, generation: int, error: BaseException) -> None:
        if generation != self._generation:
            return
        self.status_label.setText(str(error))
        self.completeChanged.emit()

    @staticmethod
    def _describe(loaded: LoadedConnector) -> str:
        connector = loaded.connector
        return f"{loaded.name}: {connector.title}. {getattr(connector, 'summary', '')}".strip()

    def isComplete(self) -> bool:
        return self._session.loaded is not None
