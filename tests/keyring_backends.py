"""Keyring backends for tests: the keyring API with no OS keychain, and one with Windows' limit."""

from __future__ import annotations

from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError


class MemoryKeyring(KeyringBackend):
    """A real keyring backend that keeps secrets in a dict: the keyring API, no OS keychain."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        try:
            del self.store[(service, username)]
        except KeyError:
            raise PasswordDeleteError(username) from None


class WindowsCredentialKeyring(MemoryKeyring):
    """Windows Credential Manager's size limit on a memory keyring: like ``CredWrite``, it refuses
    a secret over 2,560 bytes as UTF-16 (CRED_MAX_CREDENTIAL_BLOB_SIZE; keyring issue #540)."""

    LIMIT_BYTES = 2560

    def set_password(self, service: str, username: str, password: str) -> None:
        if len(password.encode("utf-16-le", errors="surrogatepass")) > self.LIMIT_BYTES:
            # What pywin32-ctypes raises for it through keyring's Windows backend.
            raise OSError(1783, "CredWrite: The stub received bad data.")
        super().set_password(service, username, password)
