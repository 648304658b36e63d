"""The connector wizard: platform → settings → secrets → (sign-in) → connection test → (the
platform's lists) → summary. Adds a connector, edits one, or starts a new one from a copy."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Literal

from PySide6.QtCore import Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QWidget, QWizard

from attendee_relay.connectors.registry import connector_class, create_connector
from attendee_relay.core.connector_api import Connector
from attendee_relay.core.oauth import TOKEN_SECRET_NAMES, TokenSet
from attendee_relay.core.profiles import ConnectorProfile, ProfileStore
from attendee_relay.ui import settings as app_settings
from attendee_relay.ui.connector_wizard.lists_page import ListsPage
from attendee_relay.ui.connector_wizard.platform_lists import has_lists
from attendee_relay.ui.connector_wizard.platform_page import PlatformPage
from attendee_relay.ui.connector_wizard.saving import (
    TestOutcome,
    read_stored_secrets,
    save_connector,
)
from attendee_relay.ui.connector_wizard.secrets_page import SecretsPage
from attendee_relay.ui.connector_wizard.settings_page import SettingsPage
from attendee_relay.ui.connector_wizard.sign_in_page import SignInPage
from attendee_relay.ui.connector_wizard.summary_page import SummaryPage
from attendee_relay.ui.connector_wizard.test_page import TestPage
from attendee_relay.ui.icons import icon
from attendee_relay.ui.tasks import run_in_background

if TYPE_CHECKING:
    from attendee_relay.ui.sandbox_session import SandboxPreset, SandboxSession

log = logging.getLogger(__name__)

PAGE_PLATFORM = 0
PAGE_SETTINGS = 1
#: The OAuth sign-in (GEVME): ``nextId`` goes there after the secrets page (the client secret is
#: typed there first) when the platform ``signs_in_with_oauth``.
PAGE_SIGN_IN = 2
PAGE_SECRETS = 3
PAGE_TEST = 4
PAGE_SUMMARY = 5
#: Pickers filled from the platform's own lists (ExpoPlatform, iVvy), after the test.
PAGE_LISTS = 6

Mode = Literal["add", "edit", "duplicate"]


class ConnectorWizard(QWizard):
    """Add (default), edit (``edit_name``) or duplicate (``duplicate_of``) a connector.

    Raises:
        InputError: the connector to edit or duplicate does not exist or is damaged.

    Keychain reads and writes run off the GUI thread (a locked keychain may ask the user and
    take its time): the original's secrets are read in the background as the wizard opens, and
    Finish saves in the background.

    Signals:
        connectorSaved(str): the connector's name, once its profile and secrets are stored.
        storedSecretsRead(): the original connector's secrets arrived (or could not be read).
    """

    connectorSaved = Signal(str)
    storedSecretsRead = Signal()

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        edit_name: str | None = None,
        duplicate_of: str | None = None,
        sandbox: SandboxSession | None = None,
    ) -> None:
        super().__init__(parent)
        self._sandbox = sandbox
        #: Secrets of the *Use the sandbox* preset; the secrets page fills them in.
        self.preset_secrets: dict[str, str] = {}
        self.mode: Mode = "edit" if edit_name else ("duplicate" if duplicate_of else "add")
        source = edit_name or duplicate_of
        self.source_profile: ConnectorProfile | None = (
            ProfileStore().get(source) if source else None
        )
        self.test_outcome: TestOutcome | None = None
        #: Tokens of a sign-in made on the sign-in page; stored with the connector on Finish.
        self.tokens: TokenSet | None = None
        self._stored_secrets: dict[str, str] | None = None
        #: Why the original's secrets could not be read ("" when they could, or not yet).
        self.stored_secrets_problem = ""
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
        self.sign_in_page = SignInPage()
        self.test_page = TestPage()
        self.lists_page = ListsPage()
        self.summary_page = SummaryPage()
        self.setPage(PAGE_PLATFORM, self.platform_page)
        self.setPage(PAGE_SETTINGS, self.settings_page)
        self.setPage(PAGE_SIGN_IN, self.sign_in_page)
        self.setPage(PAGE_SECRETS, self.secrets_page)
        self.setPage(PAGE_TEST, self.test_page)
        self.setPage(PAGE_SUMMARY, self.summary_page)
        self.setPage(PAGE_LISTS, self.lists_page)
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
        if self.source_profile is not None:
            profile, for_copy = self.source_profile, self.mode == "duplicate"
            run_in_background(
                lambda: read_stored_secrets(profile, for_copy=for_copy),
                self._stored_secrets_arrived,
                self._stored_secrets_failed,
                owner=self,
            )

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

    def _stored_secrets_arrived(self, secrets: dict[str, str]) -> None:
        self._stored_secrets = secrets
        self.storedSecretsRead.emit()

    def _stored_secrets_failed(self, err: BaseException) -> None:
        self.stored_secrets_problem = str(err) or type(err).__name__
        self.storedSecretsRead.emit()

    def stored_secrets(self) -> dict[str, str] | None:
        """The original connector's secrets once read (None before, or with no original)."""
        return self._stored_secrets

    def can_use_sandbox(self) -> bool:
        """Whether *Use the sandbox* can fill in this platform's connector."""
        from attendee_relay.ui.sandbox_session import PRESET_PLATFORMS

        return self._sandbox is not None and self.platform() in PRESET_PLATFORMS

    def sandbox_preset_job(self) -> Callable[[], SandboxPreset | None]:
        """A function to call on a worker thread: starts the sandbox, returns the preset."""
        sandbox, platform = self._sandbox, self.platform()
        return lambda: sandbox.preset(platform) if sandbox is not None else None

    def signs_in_with_oauth(self) -> bool:
        return bool(getattr(connector_class(self.platform()), "signs_in_with_oauth", False))

    def _new_secrets(self) -> dict[str, str]:
        """Secrets from this wizard: those typed, and the tokens of a sign-in made here."""
        typed = self.typed_secrets()
        if self.tokens is not None:
            typed["access_token"] = self.tokens.access_token
            if self.tokens.refresh_token:
                typed["refresh_token"] = self.tokens.refresh_token
        return typed

    def secrets(self) -> dict[str, str]:
        """The original's secrets as read so far (no keychain call), overridden by new ones."""
        return {**(self._stored_secrets or {}), **self._new_secrets()}

    def secrets_job(self) -> Callable[[], dict[str, str]]:
        """A function to call on a worker thread that returns the secrets to use: the original's
        (read from the keychain there if they have not arrived yet) overridden by new ones.

        Raises (when called):
            SecretsUnavailable: the original's secrets cannot be read.
        """
        new = self._new_secrets()
        stored = self._stored_secrets
        profile, for_copy = self.source_profile, self.mode == "duplicate"
        signed_in_here = self.tokens is not None

        def job() -> dict[str, str]:
            base = stored
            if base is None:
                base = read_stored_secrets(profile, for_copy=for_copy) if profile else {}
            if signed_in_here:  # a stored refresh token or expiry belongs to the old sign-in
                base = {k: v for k, v in base.items() if k not in TOKEN_SECRET_NAMES}
            return {**base, **new}

        return job

    # ----- flow -------------------------------------------------------------------------------

    def nextId(self) -> int:
        current = self.currentId()
        if current == PAGE_SECRETS:
            return PAGE_SIGN_IN if self.signs_in_with_oauth() else PAGE_TEST
        if current == PAGE_SIGN_IN:
            return PAGE_TEST
        if current == PAGE_SETTINGS:
            return PAGE_SECRETS
        if current == PAGE_TEST:
            return PAGE_LISTS if self._has_lists() else PAGE_SUMMARY
        if current == PAGE_LISTS:
            return PAGE_SUMMARY
        if current == PAGE_SUMMARY:
            return -1
        return super().nextId()

    def _has_lists(self) -> bool:
        try:
            return has_lists(self.connector())
        except Exception:  # settings that do not validate: the settings page says why
            return False

    def save_job(self) -> Callable[[], str]:
        """A function to call on a worker thread that stores the secrets and the profile and
        returns the connector's name (everything it needs is gathered here, on the GUI thread).

        Raises (when called):
            InputError, SecretsUnavailable: a setting is wrong or the keychain refused.
        """
        typed = self.typed_secrets()
        name, platform, settings = self.connector_name(), self.platform(), self.settings()
        test, tokens, mode = self.test_outcome, self.tokens, self.mode
        stored = self._stored_secrets
        profile = self.source_profile
        if mode == "duplicate":
            keep: tuple[str, ...] = ()
        else:
            keep = tuple(n for n in (profile.secret_names if profile else []) if n not in typed)

        def job() -> str:
            secrets = typed
            if mode == "duplicate" and profile is not None:
                # A copy gets its own keychain entries: the original's, unless retyped.
                original = stored
                if original is None:
                    original = read_stored_secrets(profile, for_copy=True)
                secrets = {**original, **typed}
            save_connector(
                name=name,
                platform=platform,
                settings=settings,
                secrets=secrets,
                keep_secret_names=keep,
                test=test,
                tokens=tokens,
            )
            return name

        return job

    def saved(self, name: str) -> None:
        """Called on the GUI thread once ``save_job`` stored the connector."""
        app_settings.remember_choice("platform", self.platform())
        log.info("Connector %s saved from the wizard.", name)
        self.connectorSaved.emit(name)

    def save(self) -> None:
        """Store the secrets and the profile now, blocking (Finish uses ``save_job`` in the
        background instead); emits ``connectorSaved``.

        Raises:
            InputError, SecretsUnavailable: a setting is wrong or the keychain refused.
        """
        self.saved(self.save_job()())

    def done(self, result: int) -> None:
        if result == QWizard.DialogCode.Rejected:
            self.sign_in_page.stop()  # frees the loopback port at once
        app_settings.save_geometry(self, "connector-wizard")
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.sign_in_page.stop()
        app_settings.save_geometry(self, "connector-wizard")
        super().closeEvent(event)
