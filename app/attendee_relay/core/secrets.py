"""Connector secrets in the OS keychain, through ``keyring`` and its standard backend selection.

``PYTHON_KEYRING_BACKEND`` and keyring's own config file choose the backend, as keyring documents;
this module never picks one itself. Every secret it hands out is registered for redaction.
A secret longer than Windows' 2,560-byte limit is split over several entries (``secret_parts``).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass

import keyring
from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError

from attendee_relay.core.errors import InputError, SecretsUnavailable, SetupError
from attendee_relay.core.redaction import Redactor, register_secret
from attendee_relay.core.secret_parts import (
    DamagedSecret,
    join_parts,
    needs_split,
    part_username,
    read_header,
    split_secret,
)

SERVICE = "attendee-relay"

NO_KEYCHAIN_MESSAGE = (
    "No OS keychain is available. Install and unlock one (GNOME Keyring/KWallet, macOS Keychain, "
    "Windows Credential Manager), or for a test machine set "
    "PYTHON_KEYRING_BACKEND=keyrings.alt.file.PlaintextKeyring (stores secrets unencrypted)."
)

_SECRET_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_.-]{0,63}$")

# Backends that keep secrets readable on disk: usable on a test machine, never silently.
_UNENCRYPTED_BACKENDS = frozenset({"keyrings.alt.file.PlaintextKeyring"})

log = logging.getLogger(__name__)
_warned_backends: set[str] = set()

# Parts are numbered from 1 without gaps; a sweep stops at the first missing one, or here.
_MAX_PARTS = 1000


class SecretDamaged(SetupError):
    """A secret stored in parts cannot be put back together (a part missing or stale).

    Attributes:
        problem: what is wrong, as a clause ("part 2 of 3 is missing").
    """

    def __init__(self, message: str, problem: str) -> None:
        super().__init__(message)
        self.problem = problem


@dataclass(frozen=True, slots=True)
class KeychainStatus:
    """Whether secrets can be stored, through which backend, and what to do if not.

    Attributes:
        ok: secrets can be stored and read.
        backend: the backend's import path, as ``PYTHON_KEYRING_BACKEND`` would name it.
        message: one sentence: what was found, or how to get a keychain.
        warning: set when the backend works but is weak (e.g. stores secrets unencrypted).
    """

    ok: bool
    backend: str
    message: str
    warning: str = ""


def _backend_name(backend: KeyringBackend) -> str:
    cls = type(backend)
    return f"{cls.__module__}.{cls.__qualname__}"


def _is_unencrypted(backend: KeyringBackend) -> bool:
    return any(
        f"{cls.__module__}.{cls.__qualname__}" in _UNENCRYPTED_BACKENDS
        for cls in type(backend).__mro__
    )


def _chained(backend: KeyringBackend) -> list[KeyringBackend]:
    """The backends a chainer delegates to, or ``[backend]`` itself for a plain one."""
    from keyring.backends.chainer import ChainerBackend

    if isinstance(backend, ChainerBackend):
        return list(ChainerBackend.backends)
    return [backend]


def _status_of(backend: KeyringBackend) -> KeychainStatus:
    from keyring.backends import fail, null

    name = _backend_name(backend)
    if isinstance(backend, fail.Keyring | null.Keyring):
        return KeychainStatus(False, name, NO_KEYCHAIN_MESSAGE)
    try:
        members = _chained(backend)
        priority = float(backend.priority)
    except Exception:  # a backend decides viability in its priority; raising means not viable
        return KeychainStatus(False, name, NO_KEYCHAIN_MESSAGE)
    # keyring gives the null-like backends (fail, null, an empty chainer) priority <= 0;
    # 0 < priority < 1 means "works, not recommended" (keyrings.alt), handled by the warning.
    if not members or priority <= 0:
        return KeychainStatus(False, name, NO_KEYCHAIN_MESSAGE)
    if any(_is_unencrypted(member) for member in members):
        warning = (
            f"The keychain backend {name} stores secrets unencrypted on disk; "
            "use it only on a test machine."
        )
        return KeychainStatus(True, name, f"Secrets are stored with {name}.", warning)
    if priority < 1:
        warning = f"The keychain backend {name} is one keyring itself does not recommend."
        return KeychainStatus(True, name, f"Secrets are stored with {name}.", warning)
    return KeychainStatus(True, name, f"Secrets are stored in the OS keychain ({name}).")


def _check_secret_name(name: str) -> None:
    if not _SECRET_NAME.match(name):
        raise InputError(
            f"'{name}' is not a valid secret name; use letters, digits and '_' (e.g. api_key)."
        )


def _check_connector_name(connector: str) -> None:
    # ':' would make "connector:secret" usernames ambiguous.
    if not connector or ":" in connector:
        raise InputError(f"'{connector}' is not a valid connector name.")


#: Secrets that signing in writes (OAuth tokens): the fix for a damaged one is to sign in again.
SIGN_IN_SECRETS = frozenset({"access_token", "refresh_token"})


class SecretStore:
    """The OS keychain, as Attendee Relay uses it: one entry per connector secret.

    Entries live under the service ``attendee-relay`` with the username ``"{connector}:{name}"``.
    Every keychain failure becomes ``SecretsUnavailable`` with one sentence to act on.
    """

    service = SERVICE

    def available(self) -> KeychainStatus:
        """Whether a usable keychain is there, and which; logs a warning for a weak one."""
        try:
            backend = keyring.get_keyring()
        except Exception as exc:  # a bad PYTHON_KEYRING_BACKEND or config file fails here
            return KeychainStatus(
                False,
                "unknown",
                f"The keychain backend configured for keyring could not be loaded "
                f"({type(exc).__name__}: {exc}); fix PYTHON_KEYRING_BACKEND or keyringrc.cfg.",
            )
        status = _status_of(backend)
        if status.warning and status.backend not in _warned_backends:
            _warned_backends.add(status.backend)
            log.warning("%s", status.warning)
        return status

    def set(self, connector: str, name: str, value: str) -> None:
        """Store (or replace) a secret.

        Raises:
            InputError: the value is empty, or a name is not valid.
            SecretsUnavailable: the keychain is missing, locked or refused.
        """
        _check_connector_name(connector)
        _check_secret_name(name)
        if not value or not value.strip():
            raise InputError(f"The secret '{name}' is empty; give its value and try again.")
        backend = self._backend()
        register_secret(value)
        username = _username(connector, name)
        try:
            if needs_split(value):
                # Parts first, the header naming them last: until then the old header stands,
                # and a save cut short reads as "left over from another save", not a wrong value.
                layout = split_secret(value)
                for number, part in enumerate(layout.parts, 1):
                    backend.set_password(SERVICE, part_username(username, number), part)
                backend.set_password(SERVICE, username, layout.header)
                kept = len(layout.parts)
            else:
                backend.set_password(SERVICE, username, value)
                kept = 0
            _delete_parts_from(backend, username, kept + 1)  # an earlier, longer save's parts
        except Exception as exc:
            raise _unavailable("save", connector, name, exc, value) from None

    def get(self, connector: str, name: str) -> str | None:
        """A secret's value, or None if it is not stored.

        Raises:
            SecretsUnavailable: the keychain is missing, locked or refused.
        """
        _check_connector_name(connector)
        _check_secret_name(name)
        backend = self._backend()
        username = _username(connector, name)
        try:
            value = backend.get_password(SERVICE, username)
            header = read_header(value) if value else None
            if header is not None:
                parts = [
                    backend.get_password(SERVICE, part_username(username, number))
                    for number in range(1, header.parts + 1)
                ]
                value = join_parts(header, parts)
        except DamagedSecret as damage:
            again = (
                f"sign in again (attendee-relay login {connector})"
                if name in SIGN_IN_SECRETS
                else f"store it again (attendee-relay connector secret {connector} {name})"
            )
            raise SecretDamaged(
                f"The secret '{name}' of connector '{connector}' is kept in several keychain "
                f"entries and {damage}; {again}.",
                str(damage),
            ) from None
        except Exception as exc:
            raise _unavailable("read", connector, name, exc) from None
        if value:
            register_secret(value)
        return value or None

    def require(self, connector: str, name: str, *, platform: str | None = None) -> str:
        """A secret's value, which must be stored.

        Args:
            connector: the connector's name.
            name: the secret's name (``api_key``, ...).
            platform: the connector's platform, to print a complete command in the error.

        Raises:
            SetupError: the secret is not in the keychain.
            SecretsUnavailable: the keychain is missing, locked or refused.
        """
        value = self.get(connector, name)
        if value is None:
            raise SetupError(
                f"The secret '{name}' of connector '{connector}' is not in the keychain; "
                f"store it with: attendee-relay connector add {connector} "
                f"--platform {platform or 'PLATFORM'} --secret {name}"
            )
        return value

    def get_many(self, connector: str, names: Iterable[str]) -> dict[str, str]:
        """The stored secrets among ``names``; missing ones are left out."""
        found: dict[str, str] = {}
        for name in names:
            value = self.get(connector, name)
            if value is not None:
                found[name] = value
        return found

    def delete(self, connector: str, name: str) -> None:
        """Remove a secret; one that is not stored is fine.

        Raises:
            SecretsUnavailable: the keychain is missing, locked or refused.
        """
        _check_connector_name(connector)
        _check_secret_name(name)
        backend = self._backend()
        username = _username(connector, name)
        try:
            _delete_all_parts(backend, username)
            backend.delete_password(SERVICE, username)
        except PasswordDeleteError:
            # Backends raise this for "not found"; re-check so a real refusal is not swallowed.
            if self._still_there(backend, username):
                raise _unavailable("delete", connector, name, None) from None
        except Exception as exc:
            raise _unavailable("delete", connector, name, exc) from None

    def delete_all(self, connector: str, names: Iterable[str]) -> None:
        """Remove every secret in ``names`` of ``connector`` (missing ones are fine)."""
        for name in names:
            self.delete(connector, name)

    def _backend(self) -> KeyringBackend:
        status = self.available()
        if not status.ok:
            raise SecretsUnavailable(status.message)
        return keyring.get_keyring()

    @staticmethod
    def _still_there(backend: KeyringBackend, username: str) -> bool:
        try:
            return backend.get_password(SERVICE, username) is not None
        except Exception:
            return False


def _username(connector: str, name: str) -> str:
    return f"{connector}:{name}"


def _delete_parts_from(backend: KeyringBackend, username: str, first: int) -> None:
    """Delete the parts of ``username`` numbered ``first`` and up, to the first one missing."""
    for number in range(first, _MAX_PARTS + 1):
        part = part_username(username, number)
        if backend.get_password(SERVICE, part) is None:
            return
        backend.delete_password(SERVICE, part)


def _delete_all_parts(backend: KeyringBackend, username: str) -> None:
    """Delete every part of ``username``: all its header names (even past a missing one), then
    any left beyond them by an earlier, longer save."""
    entry = backend.get_password(SERVICE, username)
    try:
        header = read_header(entry) if entry else None
    except DamagedSecret:  # a broken index: the sweep from part 1 still finds its parts
        header = None
    named = header.parts if header else 0
    for number in range(1, named + 1):
        part = part_username(username, number)
        if backend.get_password(SERVICE, part) is not None:
            backend.delete_password(SERVICE, part)
    _delete_parts_from(backend, username, named + 1)


def _unavailable(
    verb: str, connector: str, name: str, exc: BaseException | None, value: str = ""
) -> SecretsUnavailable:
    """One sentence for a keychain failure; never the secret, even if a backend echoed it."""
    reason = ""
    if exc is not None:
        first_line = (str(exc).strip().splitlines() or [""])[0][:200]
        detail = Redactor([value]).text(first_line).rstrip(".")
        reason = f" ({type(exc).__name__}{': ' + detail if detail else ''})"
    return SecretsUnavailable(
        f"The OS keychain could not {verb} the secret '{name}' of connector '{connector}'"
        f"{reason}; unlock the keychain (or check it is running) and try again."
    )
