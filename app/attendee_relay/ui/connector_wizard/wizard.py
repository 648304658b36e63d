"""The connector wizard: platform → settings → (sign-in) → secrets → connection test → summary.
Adds a connector, edits one, or starts a new one from a copy."""

from __future__ import annotations

import logging
from typing import Any, Literal

from PySide6.QtCore import Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QWidget, QWizard

from attendee_relay.connectors.registry import create_connector
from attendee_relay.core.connector_api import Connector
from attendee_relay.core.profiles import ConnectorProfile, ProfileStore
from attendee_relay.core.secrets import SecretStore
from attendee_relay.ui import settings as app_settings
from attendee_relay.ui.connector_wizard.platform_page import PlatformPage
from attendee_relay.ui.connector_wizard.saving import TestOutcome, save_connector
from attendee_relay.ui.connector_wizard.secrets_page import SecretsPage
from attendee_relay.ui.connector_wizard.settings_page import SettingsPage
from attendee_relay.ui.connector_wizard.summary_page import SummaryPage
from attendee_relay.ui.connector_wizard.test_page import TestPage
from attendee_relay.ui.icons import icon

log = logging.getLogger(__name__)

PAGE_PLATFORM = 0
PAGE_SETTINGS = 1
#: Reserved for the OAuth sign-in page that arrives with GEVME: ``nextId`` goes there from the
#: settings page when the platform signs in with OAuth (no platform does yet).
PAGE_SIGN_IN = 2
PAGE_SECRETS = 3
PAGE_TEST = 4
PAGE_SUMMARY = 5

Mode = Literal["add", "edit", "duplicate"]


class ConnectorWizard(QWizard):
    """Add (default), edit (``edit_name``) or duplicate (``duplicate_of``) a connector.

    Raises:
        InputError: the connector to edit or duplicate does not exist or is damaged.

    Signals:
        connectorSaved(str): the connector's name, once its profile and secrets are stored.
    """

    connectorSaved = Signal(str)

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        edit_name: str | None = None,
        duplicate_of: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.mode: Mode = "edit" if edit_name else ("duplicate" if duplicate_of else "add")
        source = edit_name or duplicate_of
        self.source_profile: ConnectorProfile | None = (
            ProfileStore().get(source) if source else None
        )
        self.test_outcome: TestOutcome | None = None
        self._stored_secrets: dict[str, str] | None = None
        title = {
            "add": "Add a connector",
            "edit": f"Edit connector '{edit_name}'",
            "duplicate": f"Duplicate connector '{duplicate_of}'",
        }[self.mode]
        self.setWindowTitle(title)
        self.setWindowIcon(icon("add"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.platform_page = PlatformPage()
        self.settings_page = SettingsPage()
        self.secrets_page = SecretsPage()
        self.test_page = TestPage()
        self.summary_page = SummaryPage()
        self.setPage(PAGE_PLATFORM, self.platform_page)
        self.setPage(PAGE_SETTINGS, self.settings_page)
        # PAGE_SIGN_IN: the OAuth page is added here by the GEVME issue.
        self.setPage(PAGE_SECRETS, self.secrets_page)
        self.setPage(PAGE_TEST, self.test_page)
        self.setPage(PAGE_SUMMARY, self.summary_page)
        if self.source_profile is not None:
            self.platform_page.select(self.source_profile.platform)
        else:
            last = app_settings.last_choice("platform")
            if last:
                self.platform_page.select(last)
        if self.mode == "edit":
            self.setStartId(PAGE_SETTINGS)
        if not app_settings.restore_geometry(self, "connector-wizard"):
            self.resize(760, 600)

    # ----- what the pages gathered ------------------------------------------------------------

    def platform(self) -> str:
        if self.mode == "edit" and self.source_profile is not None:
            return self.source_profile.platform
        return self.platform_page.platform() or ""

    def connector_name(self) -> str:
        return self.settings_page.connector_name()

    def suggested_name(self) -> str:
        if self.source_profile is None:
            return ""
        if self.mode == "edit":
            return self.source_profile.name
        base = f"{self.source_profile.name}-copy"
        name, n = base, 2
        profiles = ProfileStore()
        while profiles.exists(name):
            name, n = f"{base}-{n}", n + 1
        return name

    def settings(self) -> dict[str, Any]:
        return self.settings_page.settings()

    def connector(self) -> Connector:
        return create_connector(self.platform(), self.settings())

    def has_stored_secret(self, name: str) -> bool:
        """Whether the edited (or copied) connector has ``name`` in the keychain already."""
        return self.source_profile is not None and name in self.source_profile.secret_names

    def stored_secret_hint(self) -> str:
        if self.mode == "edit":
            return "stored in the keychain — leave empty to keep it"
        return "leave empty to copy the original's"

    def typed_secrets(self) -> dict[str, str]:
        return self.secrets_page.typed_secrets()

    def _source_secrets(self) -> dict[str, str]:
        if self.source_profile is None:
            return {}
        if self._stored_secrets is None:
            self._stored_secrets = SecretStore().get_many(
                self.source_profile.name, self.source_profile.secret_names
            )
        return self._stored_secrets

    def secrets(self) -> dict[str, str]:
        """Stored secrets of the source connector, overridden by those typed in the wizard."""
        return {**self._source_secrets(), **self.typed_secrets()}

    # ----- flow -------------------------------------------------------------------------------

    def nextId(self) -> int:
        current = self.currentId()
        if current == PAGE_SETTINGS:
            return PAGE_SECRETS  # PAGE_SIGN_IN for OAuth platforms, once there is one
        return super().nextId()

    def save(self) -> None:
        """Store the secrets and the profile; emits ``connectorSaved``.

        Raises:
            InputError, SecretsUnavailable: a setting is wrong or the keychain refused.
        """
        typed = self.typed_secrets()
        if self.mode == "duplicate":
            # A copy gets its own keychain entries: the original's, unless retyped.
            secrets = {**self._source_secrets(), **typed}
            keep: tuple[str, ...] = ()
        else:
            secrets = typed
            keep = tuple(
                n
                for n in (self.source_profile.secret_names if self.source_profile else [])
                if n not in typed
            )
        name = self.connector_name()
        save_connector(
            name=name,
            platform=self.platform(),
            settings=self.settings(),
            secrets=secrets,
            keep_secret_names=keep,
            test=self.test_outcome,
        )
        app_settings.remember_choice("platform", self.platform())
        log.info("Connector %s saved from the wizard.", name)
        self.connectorSaved.emit(name)

    def done(self, result: int) -> None:
        app_settings.save_geometry(self, "connector-wizard")
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:
        app_settings.save_geometry(self, "connector-wizard")
        super().closeEvent(event)
