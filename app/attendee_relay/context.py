"""The composition root shared by the CLI and the desktop app: a named connector, ready to use.

Core never imports connectors; this module is where a saved profile, the connector registry and
the keychain meet.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import httpx

from attendee_relay.connectors.profile_upgrades import upgraded
from attendee_relay.connectors.registry import connector_class, create_connector
from attendee_relay.core.connector_api import Connector, OAuthConnector
from attendee_relay.core.errors import InputError, SetupError
from attendee_relay.core.oauth import OAuthClient, TokenEndpoint, TokenKeeper, TokenStore
from attendee_relay.core.profiles import ConnectorProfile, ProfileStore
from attendee_relay.core.redaction import Redactor
from attendee_relay.core.secrets import SecretStore


@dataclass(frozen=True, slots=True)
class LoadedConnector:
    """A saved connector with its platform object and the secrets it needs."""

    profile: ConnectorProfile
    connector: Connector
    secrets: Mapping[str, str]

    @property
    def name(self) -> str:
        return self.profile.name

    @property
    def redactor(self) -> Redactor:
        return Redactor(self.secrets.values())


def optional_secrets(platform: str) -> tuple[str, ...]:
    """Secrets a platform can work without (e.g. a push receiver that needs no auth header)."""
    return tuple(getattr(connector_class(platform), "optional_secret_names", ()))


def load_connector(
    name: str,
    *,
    profiles: ProfileStore | None = None,
    secrets: SecretStore | None = None,
    need_secrets: bool = True,
) -> LoadedConnector:
    """Load connector ``name``.

    Raises:
        InputError: no such connector, or its saved settings no longer validate.
        SetupError: a secret it needs is missing from the keychain (``need_secrets``).
        SecretsUnavailable: there is no usable keychain.
    """
    profile_store = profiles or ProfileStore()
    profile = profile_store.get(name)
    newer = upgraded(profile)
    if newer is not None:  # saved by an older version: said again in today's settings, once
        profile_store.save(newer)
        profile = newer
    connector = create_connector(profile.platform, profile.settings)
    store = secrets or SecretStore()
    values: dict[str, str] = {}
    wanted = tuple(dict.fromkeys((*connector.secret_names, *profile.secret_names)))
    if wanted:
        values = store.get_many(name, wanted)
    if need_secrets:
        missing = [
            s
            for s in connector.secret_names
            if s not in values and s not in optional_secrets(profile.platform)
        ]
        if missing:
            raise SetupError(
                f"Connector '{name}' has no {', '.join(missing)} in the keychain. Store it with: "
                f"attendee-relay connector secret {name} {missing[0]}"
            )
    return LoadedConnector(profile, connector, values)


def oauth_client_of(loaded: LoadedConnector) -> OAuthClient:
    """The OAuth client of a connector that signs in with OAuth (GEVME).

    Raises:
        InputError: the connector's platform does not sign in with OAuth.
    """
    if not isinstance(loaded.connector, OAuthConnector):
        raise InputError(
            f"Connector '{loaded.name}' ({loaded.connector.title}) does not sign in with OAuth; "
            "its secrets are stored with `attendee-relay connector secret`."
        )
    return loaded.connector.oauth_client(loaded.secrets)


def token_keeper(
    loaded: LoadedConnector,
    *,
    secrets: SecretStore | None = None,
    transport: httpx.BaseTransport | None = None,
) -> TokenKeeper:
    """The access-token keeper of an OAuth connector: keychain tokens, refreshed once if needed.

    Raises:
        InputError: the connector does not sign in with OAuth.
    """
    endpoint = TokenEndpoint(oauth_client_of(loaded), transport=transport)
    return TokenKeeper(loaded.name, endpoint, TokenStore(secrets))
