"""Save what the connector wizard gathered: secrets to the keychain, settings to the profile."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from attendee_relay.connectors.registry import connector_class, create_connector
from attendee_relay.core.oauth import TokenSet, TokenStore
from attendee_relay.core.profiles import ConnectorProfile, ProfileStore
from attendee_relay.core.secrets import SecretStore


@dataclass(frozen=True, slots=True)
class TestOutcome:
    """How the wizard's connection test (or test attendee) went."""

    ok: bool
    message: str


TestOutcome.__test__ = False  # type: ignore[attr-defined]  # not a pytest test despite its name


def save_connector(
    *,
    name: str,
    platform: str,
    settings: Mapping[str, Any],
    secrets: Mapping[str, str],
    keep_secret_names: tuple[str, ...] = (),
    test: TestOutcome | None = None,
    tokens: TokenSet | None = None,
) -> ConnectorProfile:
    """Validate, store the typed ``secrets``, then write the profile (never the other way round:
    a profile without its secret would be unusable).

    Args:
        keep_secret_names: secrets already in the keychain under ``name`` that stay.
        tokens: the tokens of a sign-in made in the wizard (OAuth platforms), replacing any
            stored ones.

    Raises:
        InputError: a setting is wrong. SecretsUnavailable: no usable keychain.
    """
    connector = create_connector(platform, settings)
    store = SecretStore()
    for key, value in secrets.items():
        store.set(name, key, value)
    if tokens is not None:
        TokenStore(store).save(name, tokens)
    profiles = ProfileStore()
    previous = profiles.get(name) if profiles.exists(name) else None
    profile = ConnectorProfile(
        name=name,
        platform=platform,
        settings=connector.settings.model_dump(mode="json"),
        secret_names=list(dict.fromkeys((*keep_secret_names, *secrets))),
    )
    if previous is not None:
        profile.created_at = previous.created_at
        profile.last_test_ok = previous.last_test_ok
        profile.last_test_at = previous.last_test_at
        profile.last_test_message = previous.last_test_message
    if test is not None:
        profile.last_test_ok = test.ok
        profile.last_test_at = datetime.now(UTC)
        profile.last_test_message = test.message
    profiles.save(profile)
    return profile


def token_secret_names(platform: str) -> tuple[str, ...]:
    """Secrets a sign-in writes (OAuth tokens), which nobody types: the wizard hides them."""
    return tuple(getattr(connector_class(platform), "token_secret_names", ()))


def read_stored_secrets(profile: ConnectorProfile, *, for_copy: bool = False) -> dict[str, str]:
    """The secrets connector ``profile`` has in the keychain (blocking: call off the GUI thread).

    Args:
        for_copy: leave out sign-in tokens: a copy signs in on its own (a refresh token used by
            two connectors would be rotated away from one of them).

    Raises:
        SecretsUnavailable: the keychain is missing, locked or refused.
    """
    cls = connector_class(profile.platform)
    names = list(dict.fromkeys((*cls.secret_names, *profile.secret_names)))
    if for_copy:
        tokens = set(token_secret_names(profile.platform))
        names = [n for n in names if n not in tokens]
    return SecretStore().get_many(profile.name, names)
