"""Connector chores the UI runs off the GUI thread (the keychain may be slow or ask the user)."""

from __future__ import annotations

from attendee_relay.connectors.registry import connector_class
from attendee_relay.core.profiles import ProfileStore
from attendee_relay.core.secrets import SecretStore


def remove_connector(name: str) -> None:
    """Delete connector ``name``'s secrets from the keychain, then its profile (as the CLI does)."""
    profiles = ProfileStore()
    profile = profiles.get(name)
    cls = connector_class(profile.platform)
    SecretStore().delete_all(
        profile.name, list(dict.fromkeys((*cls.secret_names, *profile.secret_names)))
    )
    profiles.remove(profile.name)
