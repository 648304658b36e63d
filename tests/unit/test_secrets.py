"""SecretStore: the OS keychain through keyring, with honest errors and redaction registration."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail, null
from keyring.errors import KeyringLocked, PasswordDeleteError
from keyrings.alt.file import PlaintextKeyring

from attendee_relay.core import secrets as secrets_module
from attendee_relay.core.errors import InputError, SecretsUnavailable, SetupError
from attendee_relay.core.redaction import forget_registered_secrets, registered_secrets
from attendee_relay.core.secrets import NO_KEYCHAIN_MESSAGE, SERVICE, SecretStore


@pytest.fixture(autouse=True)
def fresh_registry() -> Iterator[None]:
    forget_registered_secrets()
    secrets_module._warned_backends.clear()
    yield
    forget_registered_secrets()


@pytest.fixture
def no_keychain() -> Iterator[None]:
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(previous)


class LockedKeyring(KeyringBackend):
    """A keychain that exists but refuses everything, like a locked GNOME Keyring."""

    priority = 5  # type: ignore[assignment]

    def get_password(self, service: str, username: str) -> str | None:
        raise KeyringLocked("Failed to unlock the collection")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise KeyringLocked(f"Failed to unlock the collection to store {password}")

    def delete_password(self, service: str, username: str) -> None:
        raise KeyringLocked("Failed to unlock the collection")


def test_secret_is_stored_under_service_and_connector_colon_name(
    memory_keyring: Any,
) -> None:
    SecretStore().set("expo", "api_key", "k-123456")
    assert memory_keyring.store == {(SERVICE, "expo:api_key"): "k-123456"}
    assert SERVICE == "attendee-relay"


def test_get_returns_stored_value_and_none_when_missing() -> None:
    store = SecretStore()
    store.set("expo", "api_key", "k-123456")
    assert store.get("expo", "api_key") == "k-123456"
    assert store.get("expo", "api_secret") is None
    assert store.get("other", "api_key") is None


def test_require_names_the_missing_secret_and_the_command_to_store_it() -> None:
    with pytest.raises(SetupError) as caught:
        SecretStore().require("tt", "api_key", platform="10times")
    message = str(caught.value)
    assert "'api_key'" in message
    assert "'tt'" in message
    assert "attendee-relay connector add tt --platform 10times --secret api_key" in message


def test_require_returns_the_value_when_present() -> None:
    store = SecretStore()
    store.set("tt", "api_key", "abcdef")
    assert store.require("tt", "api_key") == "abcdef"


def test_get_many_leaves_out_missing_secrets() -> None:
    store = SecretStore()
    store.set("iv", "api_key", "key-value-1")
    assert store.get_many("iv", ["api_key", "api_secret"]) == {"api_key": "key-value-1"}


def test_delete_removes_and_missing_is_fine(memory_keyring: Any) -> None:
    store = SecretStore()
    store.set("iv", "api_key", "key-value-1")
    store.set("iv", "api_secret", "secret-value-2")
    store.delete("iv", "api_key")
    store.delete("iv", "api_key")  # already gone: no error
    assert store.get("iv", "api_key") is None
    store.delete_all("iv", ["api_secret", "never_stored"])
    assert memory_keyring.store == {}


def test_set_get_require_register_the_value_for_redaction() -> None:
    store = SecretStore()
    store.set("a", "api_key", "set-secret-1")
    assert "set-secret-1" in registered_secrets()
    forget_registered_secrets()
    assert store.get("a", "api_key") == "set-secret-1"
    assert "set-secret-1" in registered_secrets()
    forget_registered_secrets()
    store.require("a", "api_key")
    assert "set-secret-1" in registered_secrets()


def test_empty_secret_value_is_refused() -> None:
    with pytest.raises(InputError, match="empty"):
        SecretStore().set("a", "api_key", "  ")


def test_invalid_secret_or_connector_name_is_refused() -> None:
    with pytest.raises(InputError):
        SecretStore().set("a", "api key", "value-1234")
    with pytest.raises(InputError):
        SecretStore().get("a:b", "api_key")


def test_memory_backend_is_reported_available(memory_keyring: Any) -> None:
    status = SecretStore().available()
    assert status.ok
    assert status.backend == f"{type(memory_keyring).__module__}.MemoryKeyring"
    assert status.warning == ""


@pytest.mark.usefixtures("no_keychain")
def test_fail_backend_is_reported_unavailable_with_how_to_proceed() -> None:
    status = SecretStore().available()
    assert not status.ok
    assert status.backend == "keyring.backends.fail.Keyring"
    assert status.message == NO_KEYCHAIN_MESSAGE
    assert "PYTHON_KEYRING_BACKEND=keyrings.alt.file.PlaintextKeyring" in status.message


@pytest.mark.usefixtures("no_keychain")
def test_every_operation_without_keychain_raises_secrets_unavailable() -> None:
    store = SecretStore()
    for call in (
        lambda: store.set("a", "api_key", "value-1234"),
        lambda: store.get("a", "api_key"),
        lambda: store.require("a", "api_key"),
        lambda: store.delete("a", "api_key"),
        lambda: store.get_many("a", ["api_key"]),
    ):
        with pytest.raises(SecretsUnavailable) as caught:
            call()
        assert str(caught.value) == NO_KEYCHAIN_MESSAGE


def test_null_backend_is_unavailable() -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(null.Keyring())
    try:
        assert not SecretStore().available().ok
    finally:
        keyring.set_keyring(previous)


def test_empty_chainer_is_unavailable(monkeypatch: pytest.MonkeyPatch) -> None:
    from keyring.backends import chainer

    monkeypatch.setattr(secrets_module, "_chained", lambda backend: [])
    previous = keyring.get_keyring()
    keyring.set_keyring(chainer.ChainerBackend())
    try:
        assert not SecretStore().available().ok
    finally:
        keyring.set_keyring(previous)


def test_backend_errors_become_one_sentence_secrets_unavailable() -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(LockedKeyring())
    try:
        store = SecretStore()
        with pytest.raises(SecretsUnavailable) as caught:
            store.set("a", "api_key", "plantedvalue")
        message = str(caught.value)
        assert "could not save the secret 'api_key' of connector 'a'" in message
        assert "KeyringLocked" in message
        assert "plantedvalue" not in message  # the backend echoed it; we do not
        assert message.count(".") <= 1 and message.endswith(".")
        with pytest.raises(SecretsUnavailable, match="could not read"):
            store.get("a", "api_key")
        with pytest.raises(SecretsUnavailable, match="could not delete"):
            store.delete("a", "api_key")
    finally:
        keyring.set_keyring(previous)


def test_unexpected_backend_exception_also_becomes_secrets_unavailable(
    memory_keyring: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(service: str, username: str) -> str:
        raise OSError("dbus went away")

    monkeypatch.setattr(memory_keyring, "get_password", boom)
    with pytest.raises(SecretsUnavailable, match="dbus went away"):
        SecretStore().get("a", "api_key")


def test_delete_error_that_is_not_not_found_is_reported(
    memory_keyring: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    SecretStore().set("a", "api_key", "still-here-1")

    def refuse(service: str, username: str) -> None:
        raise PasswordDeleteError("access denied")

    monkeypatch.setattr(memory_keyring, "delete_password", refuse)
    with pytest.raises(SecretsUnavailable, match="could not delete"):
        SecretStore().delete("a", "api_key")


def test_bad_backend_environment_variable_is_reported_not_raised(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import keyring.core

    monkeypatch.setattr(keyring.core, "_keyring_backend", None)
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "no.such.Backend")
    status = SecretStore().available()
    assert not status.ok
    assert "PYTHON_KEYRING_BACKEND" in status.message
    with pytest.raises(SecretsUnavailable):
        SecretStore().get("a", "api_key")


def test_standard_selection_honours_python_keyring_backend(monkeypatch: pytest.MonkeyPatch) -> None:
    import keyring.core

    monkeypatch.setattr(keyring.core, "_keyring_backend", None)
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyrings.alt.file.PlaintextKeyring")
    status = SecretStore().available()
    assert status.ok
    assert status.backend == "keyrings.alt.file.PlaintextKeyring"
    assert "unencrypted" in status.warning


def test_plaintext_backend_works_but_warns(
    isolated_home: object, caplog: pytest.LogCaptureFixture
) -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(PlaintextKeyring())
    try:
        with caplog.at_level(logging.WARNING):
            store = SecretStore()
            status = store.available()
            store.set("a", "api_key", "plain-value-1")
            assert store.get("a", "api_key") == "plain-value-1"
        assert status.ok
        assert "unencrypted" in status.warning
        warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
        assert len(warnings) == 1  # warned once, not on every call
        assert "unencrypted" in warnings[0].getMessage()
    finally:
        keyring.set_keyring(previous)
